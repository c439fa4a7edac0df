// Real-time scheduling of the calling thread: the audio, null-driver and MIDI clock threads ask for SCHED_FIFO
// and report what they got, so status can say when the system refused (no rtprio limit, not in the audio group).
// Plain values (no strings) so the audio thread can ask once at its first callback without allocating.
#pragma once

#include <string>

namespace vcpi {

struct ThreadPriority {
    bool realtime = false;   // SCHED_FIFO or SCHED_RR
    int policy = 0;          // SCHED_* value
    int priority = 0;        // sched_priority
    int error = 0;           // errno of a refused promotion, 0 otherwise

    // What the calling thread has now. Thread-safe: yes. Realtime-safe: yes (one system call).
    static ThreadPriority current() noexcept;
    // Asks for SCHED_FIFO at `priority` (1..99) for the calling thread unless it already runs real-time; returns
    // what it has afterwards (error: why it was refused). Thread-safe: yes. Realtime-safe: yes (system calls).
    static ThreadPriority promoteCurrent(int priority) noexcept;
    // "SCHED_FIFO 70", or "SCHED_OTHER (real-time refused: Operation not permitted)". Thread-safe: yes.
    // Realtime-safe: no.
    std::string describe() const;
};

}  // namespace vcpi
