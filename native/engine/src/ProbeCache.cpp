#include "ProbeCache.hpp"

#include <cstdlib>

namespace vcpi {

ProbeCache::ProbeCache(std::string path) : path_(std::move(path)) {}

std::string ProbeCache::defaultPath() {
    const char* xdg = std::getenv("XDG_CACHE_HOME");
    juce::File base = (xdg != nullptr && *xdg == '/') ? juce::File(xdg)
                                                       : juce::File::getSpecialLocation(juce::File::userHomeDirectory).getChildFile(".cache");
    return base.getChildFile("vcpi").getChildFile("plugin-probe.json").getFullPathName().toStdString();
}

void ProbeCache::loadLocked() {
    if (loaded_) return;
    loaded_ = true;
    const juce::File file(path_);
    const auto parsed = file.existsAsFile() ? juce::JSON::parse(file) : juce::var();
    entries_ = parsed.isObject() ? parsed : juce::var(new juce::DynamicObject());
}

bool ProbeCache::contains(const std::string& key) {
    std::lock_guard<std::mutex> lock(mutex_);
    loadLocked();
    return entries_.getDynamicObject()->hasProperty(juce::Identifier(juce::String(key)));
}

void ProbeCache::store(const std::string& key, const std::string& json) {
    std::lock_guard<std::mutex> lock(mutex_);
    loadLocked();
    entries_.getDynamicObject()->setProperty(juce::Identifier(juce::String(key)), juce::JSON::parse(juce::String(json)));
    const juce::File file(path_);
    if (!file.getParentDirectory().createDirectory()) return;
    const juce::File temp = file.getSiblingFile(file.getFileName() + "." + juce::String(juce::Random::getSystemRandom().nextInt64()) + ".tmp");
    if (temp.replaceWithText(juce::JSON::toString(entries_))) temp.moveFileTo(file);
    else temp.deleteFile();
}

}  // namespace vcpi
