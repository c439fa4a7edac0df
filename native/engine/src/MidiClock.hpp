// MIDI clock for hardware that follows it (the Beatstep Pro): 24 ticks per quarter note on the enabled outputs,
// tick k sent at the engine-clock time of Link beat k/24 (Link's timeline, or its local one at the internal tempo
// when Link is off). A dedicated thread (SCHED_FIFO when allowed) recomputes the next tick's time from a fresh
// Link capture every ≤ 2 ms while it waits, so a tempo change is followed within one tick, sleeps until ~200 µs
// before the tick and spins the rest. Start (FA) is sent just before the tick of the next bar boundary of the
// quantum; Stop (FC) before the next tick. With Link start/stop sync on, the clock also follows the session's
// playing state. The engine's transport (what plugins see as playing when Link does not drive it) follows the
// clock: it starts/stops when the clock sends Start/Stop, or at once when no output has the clock.
// Frame-accurate JACK outputs (MidiOutputPort::frameAccurate) get each tick, with its time, one JACK period and a
// margin early (their leadNs): the port's JACK client writes it at the frame of that time. Other outputs (ALSA,
// RtMidi's JACK) get it at its time.
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "MidiOutputPort.hpp"
#include "SpscQueue.hpp"
#include "Status.hpp"

namespace vcpi {

class LinkSession;
class Transport;

struct ClockTick {
    int64_t index = 0;        // k: beat k/24
    int64_t scheduledNs = 0;  // Link's time for beat k/24 when it was sent
    int64_t sentNs = 0;       // when the thread sent it (to frame-accurate JACK outputs only: handed it over)
    int64_t leadNs = 0;       // how early it was meant to be handed over (0: sent at its time)
};
static_assert(std::is_trivially_copyable_v<ClockTick>);

struct ClockStatus {
    bool running = false;      // the thread is ticking (some output enabled)
    bool playing = false;      // Start sent, no Stop since
    bool startPending = false; // a Start waits for its bar
    int64_t startBeat = 0;     // the bar (in beats) of the pending or last Start
    uint64_t ticks = 0, starts = 0, stops = 0, skipped = 0, sendErrors = 0, logDrops = 0;
    int64_t maxLateNs = 0;     // worst sent - scheduled so far
    std::vector<uint32_t> ports;
    std::string priority;      // the thread's scheduling, e.g. "SCHED_FIFO 75"
};

class MidiClock {
public:
    static constexpr int kMaxPorts = 8;

    // Thread-safe: no. Realtime-safe: no.
    MidiClock(LinkSession& link, Transport& transport);
    // Stops the thread. Thread-safe: no. Realtime-safe: no.
    ~MidiClock();

    // Enables/disables the clock on an output; the thread runs while one is enabled. ERR_TOO_MANY_PORTS.
    // Thread-safe: yes. Realtime-safe: no.
    Status enable(const std::shared_ptr<MidiOutputPort>& port, bool on);
    // Disables a port by id (e.g. when it is closed). Thread-safe: yes. Realtime-safe: no.
    void disable(uint32_t portId);
    // Start on the next bar boundary of the quantum / Stop before the next tick (the transport at once when the
    // clock is not running). Thread-safe: yes. Realtime-safe: yes.
    void play() noexcept;
    void stop() noexcept;
    // Thread-safe: yes. Realtime-safe: no.
    ClockStatus status() const;
    // Takes the ticks sent since the last call (up to the log's capacity; older ones are dropped and counted).
    // Thread-safe: one consumer. Realtime-safe: no.
    std::vector<ClockTick> takeTicks();
    // Stops the thread and disables every output. Thread-safe: yes. Realtime-safe: no.
    void shutdown();

private:
    void run();
    void ensureThread();
    bool waitUntilTick(int64_t k, int64_t leadNs);
    void sendTo(bool frameAccurate, const uint8_t* bytes, size_t size, int64_t dueNs);
    void request(bool start) noexcept;
    bool applyRequests(int64_t k);
    void startAtNextBar(int64_t k);
    bool stopNow();

    LinkSession& link_;
    Transport& transport_;
    mutable std::mutex mutex_;
    std::vector<std::shared_ptr<MidiOutputPort>> ports_;  // guarded by mutex_
    std::vector<std::shared_ptr<MidiOutputPort>> sending_; // the thread's copy
    std::thread thread_;
    std::atomic<bool> quit_{false}, running_{false};
    // Start/Stop requests keep their order: each takes the next number of requestSeq_; the thread applies the ones
    // numbered above handled_ at the next tick, in number order (so Start-then-Stop ends stopped, Stop-then-Start
    // playing, and a Stop cancels a Start still waiting for its bar).
    std::atomic<uint64_t> requestSeq_{0}, startSeq_{0}, stopSeq_{0};
    uint64_t handled_ = 0;  // the clock thread's
    std::atomic<bool> playing_{false};
    std::atomic<bool> startPending_{false};
    std::atomic<int64_t> startBeat_{0}, maxLate_{0};
    std::atomic<uint64_t> ticks_{0}, starts_{0}, stops_{0}, skipped_{0}, sendErrors_{0}, logDrops_{0};
    SpscQueue<ClockTick> log_{16384};
    std::string priority_;  // guarded by mutex_
};

}  // namespace vcpi
