// The record of plugins that were probed successfully, so each is probed in a child process only once (until its
// files change: the key includes their modification time). Stored as JSON, by default in
// ~/.cache/vcpi/plugin-probe.json. Failed probes are not cached: a crashing plugin is probed again every time.
#pragma once

#include <mutex>
#include <string>

#include <juce_core/juce_core.h>

namespace vcpi {

class ProbeCache {
public:
    // Thread-safe: no (construct before sharing). Realtime-safe: no.
    explicit ProbeCache(std::string path);

    // Thread-safe: yes. Realtime-safe: no (file I/O, lock).
    bool contains(const std::string& key);

    // Records a probe result and rewrites the file (atomically: temp file + rename). Errors writing are ignored
    // beyond the process (the cache only saves time).
    // Thread-safe: yes. Realtime-safe: no.
    void store(const std::string& key, const std::string& json);

    // Thread-safe: yes. Realtime-safe: yes.
    const std::string& path() const noexcept { return path_; }

    // ~/.cache/vcpi/plugin-probe.json, or $XDG_CACHE_HOME/vcpi/plugin-probe.json. Thread-safe: yes. Realtime-safe: no.
    static std::string defaultPath();

private:
    void loadLocked();

    std::string path_;
    std::mutex mutex_;
    bool loaded_ = false;
    juce::var entries_;
};

}  // namespace vcpi
