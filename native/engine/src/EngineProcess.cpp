// Engine, audio side: processBlock() (the real-time core: no allocation, locks, logging or I/O) and render()
// (offline: drives processBlock() block by block on a virtual, perfectly regular callback clock).
#include "Engine.hpp"

#include <algorithm>
#include <chrono>
#include <thread>

namespace vcpi {

void Engine::adoptPendingGraph() noexcept {
    if (pending_.load(std::memory_order_acquire) == nullptr || retired_.full()) return;
    EngineGraph* next = pending_.exchange(nullptr, std::memory_order_acq_rel);
    if (next == nullptr) return;
    retired_.push(current_);  // cannot fail: checked full() above, and only this thread pushes
    current_ = next;
    graphSwaps_.fetch_add(1, std::memory_order_relaxed);
}

void Engine::distributeMidi(int64_t blockStart, int n, int64_t callbackNs) noexcept {
    scheduler_.beginBlock(blockStart, callbackNs, config_.sampleRate, config_.blockSize,
                          static_cast<MidiPolicy>(policy_.load(std::memory_order_relaxed)));
    for (int s = 0; s < kSlots; ++s) {
        slotMidi_[static_cast<size_t>(s)].clear();
        slotMidiCount_[static_cast<size_t>(s)] = 0;
    }
    scheduler_.takeBefore(blockStart + n, [&](int64_t sample, const ScheduledMidiEvent& e) {
        int slot = e.slot;
        if (slot == 0) slot = routes_[e.data[0] & 0x0F].load(std::memory_order_relaxed);
        if (slot < 1 || slot > kSlots) {
            unrouted_.fetch_add(1, std::memory_order_relaxed);
            return;
        }
        const auto index = static_cast<size_t>(slot - 1);
        if (slotMidiCount_[index] >= kMaxSlotEventsPerBlock) {
            blockDrops_.fetch_add(1, std::memory_order_relaxed);
            return;
        }
        ++slotMidiCount_[index];
        slotMidi_[index].addEvent(e.data, e.size, static_cast<int>(std::max<int64_t>(0, sample - blockStart)));
    });
}

int64_t Engine::mixSlots(const EngineGraph& graph, int n, bool measure, const float* const* inputs, int numInputs) noexcept {
    int64_t pluginNs = 0;
    bool anySolo = false;
    for (const auto& m : mix_) anySolo = anySolo || m.solo.load(std::memory_order_relaxed);
    float* mixL = mixL_.data();
    float* mixR = mixR_.data();
    float* slotL = slotL_.data();
    float* slotR = slotR_.data();
    std::fill(mixL, mixL + n, 0.0f);
    std::fill(mixR, mixR + n, 0.0f);
    for (int s = 0; s < kSlots; ++s) {
        const auto index = static_cast<size_t>(s);
        const SlotGraph& slot = graph.slots[index];
        const SlotMix& m = mix_[index];
        const bool audible = !m.mute.load(std::memory_order_relaxed) && (!anySolo || m.solo.load(std::memory_order_relaxed));
        auto& gain = slotGain_[index];
        gain.setTargetValue(audible ? m.gain.load(std::memory_order_relaxed) : 0.0f);
        if (!slot.active) {
            gain.skip(n);
            continue;
        }
        // Muted slots still run: their plugins keep time, and unmuting brings back a live sound, not a restart.
        // The slot's bus starts as its routed device input (silence when unrouted or absent).
        const int inL = inputRoutes_[index][0].load(std::memory_order_relaxed);
        const int inR = inputRoutes_[index][1].load(std::memory_order_relaxed);
        if (inL >= 0 && inL < numInputs && inputs[inL] != nullptr) std::copy(inputs[inL], inputs[inL] + n, slotL);
        else std::fill(slotL, slotL + n, 0.0f);
        if (inR >= 0 && inR < numInputs && inputs[inR] != nullptr) std::copy(inputs[inR], inputs[inR] + n, slotR);
        else std::fill(slotR, slotR + n, 0.0f);
        if (slot.instrument != nullptr) pluginNs += slot.instrument->process(slotL, slotR, n, slotMidi_[index], measure);
        for (PluginNode* fx : slot.inserts) {
            emptyMidi_.clear();
            pluginNs += fx->process(slotL, slotR, n, emptyMidi_, measure);
        }
        if (slot.compensation != nullptr) slot.compensation->process(slotL, slotR, n);
        if (!gain.isSmoothing() && gain.getTargetValue() == 0.0f) continue;
        for (int i = 0; i < n; ++i) {
            const float g = gain.getNextValue();
            mixL[i] += slotL[i] * g;
            mixR[i] += slotR[i] * g;
        }
    }
    return pluginNs;
}

void Engine::processBlock(float* left, float* right, int n, int64_t callbackNs) noexcept {
    processBlock(left, right, n, callbackNs, nullptr, 0);
}

void Engine::processBlock(float* left, float* right, int n, int64_t callbackNs, const float* const* inputs,
                          int numInputs) noexcept {
    // Subnormal floats flush to zero for the block (FTZ/DAZ on x86, FZ on ARM; restored after). An IIR filter or a
    // feedback line decaying towards silence (an EQ after an instrument stops) otherwise runs through subnormal
    // values, each operation on them up to ~100 times slower. Plugins do not all do this themselves (DPF leaves it
    // to the host).
    const juce::ScopedNoDenormals noDenormals;
    const bool measure = measuring_.load(std::memory_order_relaxed);
    const auto started = measure ? std::chrono::steady_clock::now() : std::chrono::steady_clock::time_point();
    adoptPendingGraph();
    const EngineGraph& graph = *current_;
    transport_.beginBlock(samplePosition_, n, callbackNs, offline_);
    distributeMidi(samplePosition_, n, callbackNs);
    int64_t pluginNs = mixSlots(graph, n, measure, inputs, numInputs);

    float* mixL = mixL_.data();
    float* mixR = mixR_.data();
    for (PluginNode* fx : graph.master) {
        emptyMidi_.clear();
        pluginNs += fx->process(mixL, mixR, n, emptyMidi_, measure);
    }
    masterSmoothed_.setTargetValue(masterGain_.load(std::memory_order_relaxed));
    for (int i = 0; i < n; ++i) {
        const float g = masterSmoothed_.getNextValue();
        left[i] = std::clamp(mixL[i] * g, -1.0f, 1.0f);
        right[i] = std::clamp(mixR[i] * g, -1.0f, 1.0f);
    }

    samplePosition_ += n;
    position_.store(samplePosition_, std::memory_order_relaxed);
    blocks_.fetch_add(1, std::memory_order_relaxed);
    if (measure) {
        pluginNanos_.fetch_add(pluginNs, std::memory_order_relaxed);
        totalNanos_.fetch_add(std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now() - started).count(),
                              std::memory_order_relaxed);
    }
}

Status Engine::acquireAudioRole(const char* who) {
    const auto giveUp = std::chrono::steady_clock::now() + std::chrono::milliseconds(100);
    while (audioBusy_.exchange(true)) {
        if (std::chrono::steady_clock::now() > giveUp)
            return Status::error("ERR_BUSY", std::string(who) + ": the engine is already rendering or running live audio");
        std::this_thread::sleep_for(std::chrono::microseconds(50));
    }
    if (closed_.load()) {
        audioBusy_.store(false);
        return Status::error("ERR_CLOSED", "engine: closed");
    }
    return Status::success();
}

void Engine::releaseAudioRole() noexcept { audioBusy_.store(false); }

Status Engine::render(int64_t frames, const std::vector<RenderEvent>& events, int64_t originNs, float* left, float* right) {
    if (frames < 0) return Status::error("ERR_BAD_ARGUMENT", "render: frames must be >= 0");
    // The message thread holds the audio role for microseconds when it flushes parameters; another render holds
    // it for the whole render. Wait out the first, refuse the second.
    Status claimed = acquireAudioRole("render");
    if (!claimed.ok()) return claimed;
    const int64_t origin = samplePosition_;
    for (const RenderEvent& e : events) {
        MidiEvent event = e.event;
        if (e.timed) {
            event.time = originNs + e.timeNs;
            scheduler_.addArrival(event);
        } else {
            scheduler_.addAtSample(origin + e.offset, event);
        }
    }
    const double nsPerSample = 1e9 / config_.sampleRate;
    offline_ = true;
    for (int64_t done = 0; done < frames;) {
        const int n = static_cast<int>(std::min<int64_t>(config_.blockSize, frames - done));
        const int64_t callbackNs = originNs + static_cast<int64_t>(std::llround(static_cast<double>(done) * nsPerSample));
        processBlock(left + done, right + done, n, callbackNs);
        done += n;
    }
    offline_ = false;
    releaseAudioRole();
    return Status::success();
}

}  // namespace vcpi
