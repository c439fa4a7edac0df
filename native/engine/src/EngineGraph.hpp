// The engine's processing graph. Two forms:
//  - EngineModel: what is loaded where (owned and edited by the message thread only);
//  - EngineGraph: an immutable snapshot compiled from the model for the audio thread (plain pointers, latency
//    compensation decided). A new snapshot is published through the engine's graph queue; the audio thread adopts
//    it at the next block and hands the old one back to be freed on the message thread. The snapshot holds
//    shared_ptrs, so a plugin removed from the model lives until the audio thread has let go of it.
#pragma once

#include <array>
#include <atomic>
#include <memory>
#include <vector>

#include "DelayLine.hpp"
#include "PluginNode.hpp"

namespace vcpi {

constexpr int kSlots = 8;

struct SlotModel {
    std::shared_ptr<PluginNode> instrument;
    std::vector<std::shared_ptr<PluginNode>> inserts;
    std::shared_ptr<DelayLine> compensation;  // reused across rebuilds while its delay is unchanged

    // A slot runs when it has an instrument or effects (effects alone process its routed audio input).
    bool active() const noexcept { return instrument != nullptr || !inserts.empty(); }
};

struct EngineModel {
    std::array<SlotModel, kSlots> slots;
    std::vector<std::shared_ptr<PluginNode>> master;
};

struct SlotGraph {
    bool active = false;
    PluginNode* instrument = nullptr;  // may be null in an active slot (effects on external audio)
    std::vector<PluginNode*> inserts;
    DelayLine* compensation = nullptr;
    int latency = 0;  // the slot chain's own latency, before compensation
};

struct EngineGraph {
    // `live` (optional, must outlive the graph) counts the snapshots in existence: +1 here, -1 when destroyed.
    explicit EngineGraph(std::atomic<int64_t>* live = nullptr) noexcept : live_(live) {
        if (live_ != nullptr) live_->fetch_add(1);
    }
    ~EngineGraph() {
        if (live_ != nullptr) live_->fetch_sub(1);
    }
    EngineGraph(const EngineGraph&) = delete;
    EngineGraph& operator=(const EngineGraph&) = delete;

    std::array<SlotGraph, kSlots> slots;
    std::vector<PluginNode*> master;
    int slotLatency = 0;    // the aligned latency of every slot (the slowest slot's)
    int masterLatency = 0;
    std::vector<std::shared_ptr<PluginNode>> keepAlive;
    std::vector<std::shared_ptr<DelayLine>> keepDelays;

    // Compiles a snapshot of the model; creates delay lines where the compensation changed (stored back into the
    // model). Thread-safe: no (message thread). Realtime-safe: no.
    static std::unique_ptr<EngineGraph> build(EngineModel& model, std::atomic<int64_t>* live = nullptr);

private:
    std::atomic<int64_t>* live_ = nullptr;
};

}  // namespace vcpi
