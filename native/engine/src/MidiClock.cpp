#include "MidiClock.hpp"

#include <time.h>

#include <algorithm>
#include <cmath>

#include "Engine.hpp"
#include "LinkSession.hpp"
#include "ThreadPriority.hpp"
#include "Transport.hpp"

namespace vcpi {

namespace {
constexpr int64_t kSpinNs = 200'000;       // spin the last 200 µs before a tick
constexpr int64_t kMaxSleepNs = 2'000'000; // re-read Link at least every 2 ms while waiting
constexpr int kClockPriority = 75;          // above JACK's clients (JACK's default is 10 + 60ish), below the server
constexpr uint8_t kTick = 0xF8, kStart = 0xFA, kStop = 0xFC;

void sleepNs(int64_t ns) {
    timespec ts{static_cast<time_t>(ns / 1'000'000'000), static_cast<long>(ns % 1'000'000'000)};
    clock_nanosleep(CLOCK_MONOTONIC, 0, &ts, nullptr);
}
}  // namespace

MidiClock::MidiClock(LinkSession& link, Transport& transport) : link_(link), transport_(transport) {}

void MidiClock::play() noexcept {
    request(true);
    if (!running_.load()) transport_.setPlaying(true);
}

void MidiClock::stop() noexcept {
    request(false);
    if (!running_.load()) transport_.setPlaying(false);
}

void MidiClock::request(bool start) noexcept {
    const uint64_t number = requestSeq_.fetch_add(1) + 1;
    (start ? startSeq_ : stopSeq_).store(number);
}

// The clock thread, at tick k before sending it: the requests since the last tick, in the order they were made.
// True when a Stop goes out with this tick.
bool MidiClock::applyRequests(int64_t k) {
    const uint64_t start = startSeq_.load(), stop = stopSeq_.load();
    const bool newStart = start > handled_, newStop = stop > handled_;
    if (!newStart && !newStop) return false;
    handled_ = std::max(start, stop);
    bool stopped = false;
    if (newStart && newStop && stop < start) {
        stopped = stopNow();
        startAtNextBar(k);
    } else {
        if (newStart) startAtNextBar(k);
        if (newStop) stopped = stopNow();
    }
    return stopped;
}

void MidiClock::startAtNextBar(int64_t k) {
    const double quantum = link_.quantum();
    const double bar = std::ceil(static_cast<double>(k) / 24.0 / quantum - 1e-9) * quantum;
    startBeat_.store(static_cast<int64_t>(std::llround(bar)));
    startPending_.store(true);
}

bool MidiClock::stopNow() {
    startPending_.store(false);  // a Start still waiting for its bar is cancelled
    if (!playing_.load()) return false;
    playing_.store(false);
    transport_.setPlaying(false);
    stops_.fetch_add(1, std::memory_order_relaxed);
    return true;
}

MidiClock::~MidiClock() { shutdown(); }

Status MidiClock::enable(const std::shared_ptr<MidiOutputPort>& port, bool on) {
    {
        std::lock_guard<std::mutex> lock(mutex_);
        const auto it = std::find(ports_.begin(), ports_.end(), port);
        if (on && it == ports_.end()) {
            if (static_cast<int>(ports_.size()) >= kMaxPorts)
                return Status::error("ERR_TOO_MANY_PORTS", "MIDI clock: at most " + std::to_string(kMaxPorts) + " outputs");
            ports_.push_back(port);
        } else if (!on && it != ports_.end()) {
            ports_.erase(it);
        }
    }
    if (on) ensureThread();
    return Status::success();
}

void MidiClock::disable(uint32_t portId) {
    std::lock_guard<std::mutex> lock(mutex_);
    ports_.erase(std::remove_if(ports_.begin(), ports_.end(), [&](const auto& p) { return p->id() == portId; }), ports_.end());
}

void MidiClock::ensureThread() {
    std::lock_guard<std::mutex> lock(mutex_);
    if (thread_.joinable()) return;
    quit_.store(false);
    thread_ = std::thread([this] { run(); });
}

void MidiClock::shutdown() {
    quit_.store(true);
    std::thread thread;
    {
        std::lock_guard<std::mutex> lock(mutex_);
        thread.swap(thread_);
    }
    if (thread.joinable()) thread.join();
    running_.store(false);
    // Let go of the outputs, so MidiPorts closes them (it knows whether their JACK server is still there).
    std::lock_guard<std::mutex> lock(mutex_);
    ports_.clear();
    sending_.clear();
}

ClockStatus MidiClock::status() const {
    ClockStatus s;
    s.running = running_.load();
    s.playing = playing_.load();
    s.startBeat = startBeat_.load();
    s.startPending = startPending_.load();
    s.ticks = ticks_.load();
    s.starts = starts_.load();
    s.stops = stops_.load();
    s.skipped = skipped_.load();
    s.sendErrors = sendErrors_.load();
    s.logDrops = logDrops_.load();
    s.maxLateNs = maxLate_.load();
    std::lock_guard<std::mutex> lock(mutex_);
    for (const auto& p : ports_) s.ports.push_back(p->id());
    s.priority = priority_;
    return s;
}

std::vector<ClockTick> MidiClock::takeTicks() {
    std::vector<ClockTick> out;
    ClockTick tick;
    while (log_.pop(tick)) out.push_back(tick);
    return out;
}

void MidiClock::sendTo(bool frameAccurate, const uint8_t* bytes, size_t size, int64_t dueNs) {
    for (const auto& port : sending_)
        if (port->frameAccurate() == frameAccurate && !port->sendAt(bytes, size, dueNs).ok())
            sendErrors_.fetch_add(1, std::memory_order_relaxed);
}

// Sleeps until leadNs before the time of tick k, following the timeline while it waits. False when asked to quit
// or when the timeline moved so that tick k is no longer due next (the caller re-aims).
bool MidiClock::waitUntilTick(int64_t k, int64_t leadNs) {
    for (;;) {
        if (quit_.load(std::memory_order_relaxed)) return false;
        const int64_t now = Engine::nowNs();
        // The timeline moved back under us (a beat forced onto now: Link's setPlaying alone or disabled maps beat 0
        // to now): tick k is far ahead instead of next. Re-aim rather than wait out the beats it jumped.
        if (static_cast<double>(k) / 24.0 - link_.beatAtTime(now + leadNs) > 2.0 / 24.0) return false;
        const int64_t due = link_.timeAtBeat(static_cast<double>(k) / 24.0) - leadNs;
        const int64_t remaining = due - now;
        if (remaining <= kSpinNs) {
            while (Engine::nowNs() < due) {}
            return true;
        }
        sleepNs(std::min(remaining - kSpinNs, kMaxSleepNs));
    }
}

void MidiClock::run() {
    const ThreadPriority priority = ThreadPriority::promoteCurrent(kClockPriority);
    {
        std::lock_guard<std::mutex> lock(mutex_);
        priority_ = priority.describe();
    }
    running_.store(true);
    int64_t k = INT64_MIN;
    bool linkWasPlaying = link_.snapshot().playing;
    while (!quit_.load()) {
        {
            std::lock_guard<std::mutex> lock(mutex_);
            sending_ = ports_;
        }
        if (sending_.empty()) {
            sleepNs(5'000'000);
            k = INT64_MIN;
            continue;
        }
        // Frame-accurate JACK outputs take the tick a period early, with its time; the others at its time.
        int64_t lead = 0;
        bool immediate = false;
        for (const auto& port : sending_) {
            lead = std::max(lead, port->leadNs());
            immediate = immediate || !port->frameAccurate();
        }
        // The next tick to hand over is the next one due after now + lead.
        const double beatNow = link_.beatAtTime(Engine::nowNs() + lead);
        const int64_t nextK = static_cast<int64_t>(std::ceil(beatNow * 24.0));
        // First tick, or the timeline jumped (a peer joined, a tempo change moved more than a tick): re-aim at the
        // next tick instead of bursting missed ones or waiting for a far one.
        if (k == INT64_MIN || k < nextK - 1 || k > nextK + 1) {
            if (k != INT64_MIN) skipped_.fetch_add(1, std::memory_order_relaxed);
            k = nextK;
        }
        const LinkSnapshot link = link_.snapshot();
        if (link.startStopSync && link.playing != linkWasPlaying) request(link.playing);
        linkWasPlaying = link.playing;
        if (!waitUntilTick(k, lead)) continue;
        const int64_t due = link_.timeAtBeat(static_cast<double>(k) / 24.0);
        uint8_t messages[3];
        size_t count = 0;
        if (applyRequests(k)) messages[count++] = kStop;
        if (startPending_.load() && k >= startBeat_.load() * 24) {
            startPending_.store(false);
            messages[count++] = kStart;
            playing_.store(true);
            transport_.setPlaying(true);
            starts_.fetch_add(1, std::memory_order_relaxed);
        }
        messages[count++] = kTick;
        int64_t sent = Engine::nowNs();
        if (lead > 0)
            for (size_t i = 0; i < count; ++i) sendTo(true, &messages[i], 1, due);
        if (immediate) {
            if (lead > 0) waitUntilTick(k, 0);
            sent = Engine::nowNs();
            for (size_t i = 0; i < count; ++i) sendTo(false, &messages[i], 1, due);
        }
        const int64_t leadUsed = immediate ? 0 : lead;
        ticks_.fetch_add(1, std::memory_order_relaxed);
        const int64_t late = sent - (due - leadUsed);
        if (late > maxLate_.load(std::memory_order_relaxed)) maxLate_.store(late, std::memory_order_relaxed);
        if (!log_.push({k, due, sent, leadUsed})) logDrops_.fetch_add(1, std::memory_order_relaxed);
        ++k;
    }
    running_.store(false);
}

}  // namespace vcpi
