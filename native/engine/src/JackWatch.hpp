// Knows whether the JACK server is there and counts its disappearances. RtMidi gives no notice when the server
// dies, and closing an RtMidi JACK port of a dead server crashes inside libjack; MidiPorts records the generation
// each JACK port was opened in and leaks (never closes) ports of an earlier generation. It also avoids asking
// RtMidi to list JACK ports when there is no server (RtMidi would print to stderr). One per process, never
// destroyed: closing a client whose server died without telling it crashes in libjack too.
#pragma once

#include <atomic>
#include <cstdint>
#include <mutex>

typedef struct _jack_client jack_client_t;

namespace vcpi {

class JackWatch {
public:
    // The process's watch (created, and connected when a server runs, on first use). Thread-safe: yes.
    // Realtime-safe: no.
    static JackWatch& instance();

    // Connects if not connected; true when a server is there now. Thread-safe: yes. Realtime-safe: no.
    bool poll();
    // Increments each time a connected server went away. Thread-safe: yes. Realtime-safe: yes.
    uint64_t generation() const noexcept { return generation_.load(); }
    bool connected() const noexcept { return connected_.load(); }
    // The current client (nullptr when not connected). A client is never closed, so the pointer stays valid; after
    // its server died it is useless. Thread-safe: yes. Realtime-safe: no (a mutex).
    jack_client_t* client();

    // Stops libjack printing its own messages (process-wide). Thread-safe: yes. Realtime-safe: no.
    static void silenceJack();
    // libjack's shutdown callback: the server went away. Thread-safe: yes. Realtime-safe: yes.
    void lost() noexcept {
        if (connected_.exchange(false)) generation_.fetch_add(1);
    }
    // The server's xrun notices to this client (every client gets them) and when the last one came (steady clock, ns, as Engine::nowNs()):
    // lets a caller time-correlate an xrun with what it was doing. Thread-safe: yes. Realtime-safe: yes.
    uint64_t xrunNotices() const noexcept { return xrunNotices_.load(); }
    int64_t lastXrunNs() const noexcept { return lastXrunNs_.load(); }
    // libjack's xrun callback (its notification thread). Thread-safe: yes. Realtime-safe: yes.
    void xrun() noexcept;

private:
    JackWatch();

    std::mutex mutex_;
    jack_client_t* client_ = nullptr;
    std::atomic<bool> connected_{false};
    std::atomic<uint64_t> generation_{0};
    std::atomic<uint64_t> xrunNotices_{0};
    std::atomic<int64_t> lastXrunNs_{0};
};

}  // namespace vcpi
