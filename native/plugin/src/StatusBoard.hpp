// What the editor shows, published by the JS thread: the core's status, the Arp port, drop counts and the last log
// lines. A mutex guards it: only the JS thread and the message thread (the editor's timer) touch it.
#pragma once

#include <cstdint>
#include <deque>
#include <mutex>
#include <string>

#include "CoreStatus.hpp"

namespace vcpi::capture {

class StatusBoard {
public:
    struct Snapshot {
        CoreStatus core;
        std::string arp = "looking for the Arp…";
        uint64_t drops = 0;  // audio, MIDI, transport, action and Arp items dropped because a queue was full
        std::deque<std::string> log;
    };

    // Thread-safe: yes. Realtime-safe: no.
    void setCore(const CoreStatus& core) {
        std::lock_guard<std::mutex> lock(mutex_);
        snapshot_.core = core;
    }
    void setArp(const std::string& arp, uint64_t drops) {
        std::lock_guard<std::mutex> lock(mutex_);
        snapshot_.arp = arp;
        snapshot_.drops = drops;
    }
    void log(const std::string& line) {
        std::lock_guard<std::mutex> lock(mutex_);
        snapshot_.log.push_back(line);
        while (snapshot_.log.size() > kLogLines) snapshot_.log.pop_front();
    }
    Snapshot snapshot() const {
        std::lock_guard<std::mutex> lock(mutex_);
        return snapshot_;
    }

private:
    static constexpr size_t kLogLines = 8;
    mutable std::mutex mutex_;
    Snapshot snapshot_;
};

}  // namespace vcpi::capture
