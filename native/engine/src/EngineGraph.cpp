#include "EngineGraph.hpp"

#include <algorithm>

namespace vcpi {

std::unique_ptr<EngineGraph> EngineGraph::build(EngineModel& model, std::atomic<int64_t>* live) {
    auto graph = std::make_unique<EngineGraph>(live);
    int slowest = 0;
    for (int s = 0; s < kSlots; ++s) {
        const SlotModel& slot = model.slots[static_cast<size_t>(s)];
        if (!slot.active()) continue;
        int latency = slot.instrument != nullptr ? slot.instrument->latencySamples() : 0;
        for (const auto& fx : slot.inserts) latency += fx->latencySamples();
        graph->slots[static_cast<size_t>(s)].latency = latency;
        slowest = std::max(slowest, latency);
    }
    graph->slotLatency = slowest;
    for (int s = 0; s < kSlots; ++s) {
        SlotModel& slot = model.slots[static_cast<size_t>(s)];
        SlotGraph& out = graph->slots[static_cast<size_t>(s)];
        if (!slot.active()) {
            slot.compensation.reset();
            continue;
        }
        out.active = true;
        out.instrument = slot.instrument.get();
        if (slot.instrument != nullptr) graph->keepAlive.push_back(slot.instrument);
        for (const auto& fx : slot.inserts) {
            out.inserts.push_back(fx.get());
            graph->keepAlive.push_back(fx);
        }
        const int delay = slowest - out.latency;
        if (delay == 0) slot.compensation.reset();
        else if (slot.compensation == nullptr || slot.compensation->delay() != delay) slot.compensation = std::make_shared<DelayLine>(delay);
        if (slot.compensation != nullptr) {
            out.compensation = slot.compensation.get();
            graph->keepDelays.push_back(slot.compensation);
        }
    }
    for (const auto& fx : model.master) {
        graph->master.push_back(fx.get());
        graph->keepAlive.push_back(fx);
        graph->masterLatency += fx->latencySamples();
    }
    return graph;
}

}  // namespace vcpi
