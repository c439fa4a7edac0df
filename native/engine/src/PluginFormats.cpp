#include "PluginFormats.hpp"

#include <regex>
#include <sys/stat.h>

namespace vcpi {

namespace {

bool endsWith(const std::string& s, const char* suffix) {
    const juce::String text(s);
    return text.endsWithIgnoreCase(suffix);
}

std::string cannotLoad(PluginFormatKind kind, const std::string& input, const std::string& why) {
    return std::string(formatLabel(kind)) + ": cannot load " + input + ": " + why;
}

// The first plugin URI declared in an LV2 bundle's manifest.ttl ("<uri> a lv2:Plugin").
std::string firstPluginUri(const juce::File& bundle) {
    const auto manifest = bundle.getChildFile("manifest.ttl").loadFileAsString().toStdString();
    static const std::regex subject(R"(<([^>]+)>\s+a\s+[^;.]*lv2:Plugin\b)");
    std::smatch match;
    return std::regex_search(manifest, match, subject) ? match[1].str() : std::string();
}

}  // namespace

const char* formatLabel(PluginFormatKind kind) noexcept { return kind == PluginFormatKind::vst3 ? "VST3" : "LV2"; }

Status parsePluginSpec(const std::string& input, PluginSpec& out) {
    out = PluginSpec();
    out.input = input;
    if (input.empty()) return Status::error("ERR_BAD_ARGUMENT", "plugin: expected a .vst3 path, an .lv2 path or an LV2 URI, got an empty string");
    const bool looksLikeUri = std::regex_match(input, std::regex(R"(^[A-Za-z][A-Za-z0-9+.\-]*:[^/\\].*|^[A-Za-z][A-Za-z0-9+.\-]*://.*)"));
    if (looksLikeUri && input.rfind("file:", 0) != 0) {
        out.format = PluginFormatKind::lv2;
        out.identifier = input;
        return Status::success();
    }
    const juce::File file = juce::File::getCurrentWorkingDirectory().getChildFile(juce::String(input));
    if (endsWith(input, ".vst3") || endsWith(input, ".vst3/")) {
        out.format = PluginFormatKind::vst3;
        if (!file.exists()) return Status::error("ERR_PLUGIN_NOT_FOUND", cannotLoad(out.format, input, "no such file or directory"));
        out.identifier = file.getFullPathName().toStdString();
        return Status::success();
    }
    if (endsWith(input, ".lv2") || endsWith(input, ".lv2/")) {
        out.format = PluginFormatKind::lv2;
        if (!file.exists()) return Status::error("ERR_PLUGIN_NOT_FOUND", cannotLoad(out.format, input, "no such file or directory"));
        if (!file.isDirectory() || !file.getChildFile("manifest.ttl").existsAsFile())
            return Status::error("ERR_NOT_A_PLUGIN", cannotLoad(out.format, input, "not an LV2 bundle (no manifest.ttl)"));
        out.identifier = firstPluginUri(file);
        if (out.identifier.empty())
            return Status::error("ERR_NOT_A_PLUGIN", cannotLoad(out.format, input, "its manifest.ttl declares no lv2:Plugin"));
        out.lv2Bundle = file.getFullPathName().toStdString();
        return Status::success();
    }
    if (!file.exists())
        return Status::error("ERR_PLUGIN_NOT_FOUND", "plugin: cannot load " + input + ": no such file or directory");
    return Status::error("ERR_NOT_A_PLUGIN", "plugin: cannot load " + input +
                                                 ": not a VST3 bundle (.vst3), an LV2 bundle (.lv2) or an LV2 URI");
}

std::string probeKey(const PluginSpec& spec) {
    std::string path = spec.format == PluginFormatKind::vst3 ? spec.identifier : spec.lv2Bundle;
    long long mtime = 0;
    struct stat st {};
    if (!path.empty() && ::stat(path.c_str(), &st) == 0) mtime = static_cast<long long>(st.st_mtime);
    // A VST3 bundle's binary can change without touching the bundle directory: include the module's time.
    if (spec.format == PluginFormatKind::vst3) {
        juce::File bundle(path);
        if (bundle.isDirectory()) {
            auto binaries = bundle.getChildFile("Contents").findChildFiles(juce::File::findFiles, true, "*.so");
            for (const auto& binary : binaries)
                mtime = std::max(mtime, static_cast<long long>(binary.getLastModificationTime().toMilliseconds() / 1000));
        }
    }
    return std::string(formatLabel(spec.format)) + "|" + spec.identifier + "|" + std::to_string(mtime);
}

PluginFormats::PluginFormats() {
    auto vst3 = std::make_unique<juce::VST3PluginFormat>();
    auto lv2 = std::make_unique<juce::LV2PluginFormat>();
    vst3_ = vst3.get();
    lv2_ = lv2.get();
    manager_.addFormat(vst3.release());
    manager_.addFormat(lv2.release());
}

Status PluginFormats::instantiate(const PluginSpec& spec, double sampleRate, int blockSize,
                                  std::unique_ptr<juce::AudioPluginInstance>& instance,
                                  juce::PluginDescription& description) {
    juce::OwnedArray<juce::PluginDescription> found;
    if (spec.format == PluginFormatKind::vst3) {
        vst3_->findAllTypesForFile(found, juce::String(spec.identifier));
        if (found.isEmpty())
            return Status::error("ERR_NOT_A_PLUGIN", cannotLoad(spec.format, spec.input, "no VST3 plugin found in it"));
    } else {
        // Scanning a folder makes lilv re-read every bundle in it ("Reloading plugin"), so a folder is scanned once;
        // a plugin not found after that (a bundle added since) scans it again.
        const auto parent = spec.lv2Bundle.empty() ? std::string() : juce::File(spec.lv2Bundle).getParentDirectory().getFullPathName().toStdString();
        const bool scanned = !parent.empty() && !lv2Searched_.insert(parent).second;
        if (!parent.empty() && !scanned) lv2_->searchPathsForPlugins(juce::FileSearchPath(juce::String(parent)), false, false);
        lv2_->findAllTypesForFile(found, juce::String(spec.identifier));
        if (found.isEmpty() && scanned) {
            lv2_->searchPathsForPlugins(juce::FileSearchPath(juce::String(parent)), false, false);
            lv2_->findAllTypesForFile(found, juce::String(spec.identifier));
        }
        if (found.isEmpty())
            return Status::error("ERR_PLUGIN_NOT_FOUND",
                                 cannotLoad(spec.format, spec.input,
                                            "no LV2 plugin with this URI (searched " +
                                                lv2_->getDefaultLocationsToSearch().toString().toStdString() +
                                                (spec.lv2Bundle.empty() ? "" : " and " + spec.lv2Bundle) + ")"));
    }
    description = *found.getFirst();
    juce::String error;
    instance = manager_.createPluginInstance(description, sampleRate, blockSize, error);
    if (instance == nullptr)
        return Status::error("ERR_PLUGIN_LOAD",
                             cannotLoad(spec.format, spec.input, error.isEmpty() ? "the plugin refused to instantiate" : error.toStdString()));
    return Status::success();
}

}  // namespace vcpi
