// Engine: construction, plugin graph operations (message thread), mixer/routing setters and MIDI input.
// The audio side (processBlock, render) is in EngineProcess.cpp.
#include "Engine.hpp"

#include <chrono>
#include <mutex>
#include <thread>

#if defined(__GLIBC__)
#include <malloc.h>
#endif

#include "PluginProbe.hpp"
#include "PrefaultAllocations.hpp"

namespace vcpi {

namespace {
constexpr size_t kMidiQueueCapacity = 4096;
constexpr size_t kMidiHeapCapacity = 16384;
constexpr int kSlotMidiBytes = 4096;

// glibc raises its mmap threshold to the size of any mmapped block freed (up to 32 MB) and its trim threshold to
// twice that. One removed plugin with big buffers (ZamDelay frees 3 MB ones) thus moved every later plugin's
// buffers into the arenas' heaps, where up to 6 MB free at a heap's top and any free pages in its middle stayed
// resident. Setting the threshold (to glibc's default, 128 KiB) turns that adjustment off for the process: large
// blocks are mmapped and go back to the system when freed. Once per process, at the first engine.
void fixMallocThresholds() {
#if defined(__GLIBC__)
    static std::once_flag once;
    std::call_once(once, [] { ::mallopt(M_MMAP_THRESHOLD, 128 * 1024); });
#endif
}

// Gives a MidiBuffer at least `bytes` of storage and writes them once (3-byte events added, then cleared: clear()
// keeps the storage). malloc hands out memory nobody has written; the audio thread's first big block into it would
// otherwise page-fault there (slot 1's buffer did, in a test where slot 2 had taken events before).
void reserveWritten(juce::MidiBuffer& buffer, int bytes) {
    buffer.ensureSize(static_cast<size_t>(bytes));
    const juce::uint8 filler[3] = {0x80, 0, 0};
    constexpr int kEventBytes = 4 + 2 + 3;  // MidiBuffer: sample position (int32), size (uint16), the bytes
    for (int written = 0; written + kEventBytes <= bytes; written += kEventBytes) buffer.addEvent(filler, 3, 0);
    buffer.clear();
}

std::string where(const PluginRef& ref) {
    if (ref.slot == kMasterChain) return "master effect " + std::to_string(ref.index);
    if (ref.index < 0) return "slot " + std::to_string(ref.slot) + " instrument";
    return "slot " + std::to_string(ref.slot) + " insert " + std::to_string(ref.index);
}
}  // namespace

Engine::Engine(EngineConfig config)
    : config_(std::move(config)),
      probeCache_(config_.probeCachePath.empty() ? ProbeCache::defaultPath() : config_.probeCachePath),
      scheduler_(kMidiQueueCapacity, kMidiHeapCapacity), transport_(config_.sampleRate) {
    fixMallocThresholds();
    current_ = new EngineGraph(&liveGraphs_);
    const auto block = static_cast<size_t>(config_.blockSize);
    slotL_.assign(block, 0.0f);
    slotR_.assign(block, 0.0f);
    mixL_.assign(block, 0.0f);
    mixR_.assign(block, 0.0f);
    for (auto& smoothed : slotGain_) {
        smoothed.reset(config_.sampleRate, 0.01);
        smoothed.setCurrentAndTargetValue(1.0f);
    }
    masterSmoothed_.reset(config_.sampleRate, 0.01);
    masterSmoothed_.setCurrentAndTargetValue(1.0f);
    for (auto& buffer : slotMidi_) reserveWritten(buffer, kSlotMidiBytes);
    reserveWritten(emptyMidi_, kSlotMidiBytes);  // inserts and the master chain write their MIDI output here
    for (auto& route : routes_) route.store(0);
    for (auto& pair : inputRoutes_)
        for (auto& channel : pair) channel.store(-1);
}

Engine::~Engine() {
    // close() ran on the message thread; anything left here was never seen by a plugin-owning thread.
    delete pending_.exchange(nullptr);
    delete current_;
}

int64_t Engine::nowNs() noexcept {
    return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

Status Engine::checkSlot(int slot, bool allowMaster) const {
    if ((slot >= 1 && slot <= kSlots) || (allowMaster && slot == kMasterChain)) return Status::success();
    return Status::error("ERR_BAD_SLOT", "slot " + std::to_string(slot) + " is outside 1.." + std::to_string(kSlots));
}

Status Engine::probe(const PluginSpec& spec) {
    if (config_.probeExecutable.empty()) return Status::success();
    const std::string key = probeKey(spec);
    if (probeCache_.contains(key)) return Status::success();
    std::string json;
    const Status status = PluginProbe::run({config_.probeExecutable, config_.probeTimeoutMs}, spec, json);
    if (status.ok()) probeCache_.store(key, json);
    return status;
}

Status Engine::load(const PluginSpec& spec, const LoadTarget& target, PluginSummary& loaded) {
    if (closed_) return Status::error("ERR_CLOSED", "engine: closed");
    Status status = checkSlot(target.slot, true);
    if (!status.ok()) return status;
    std::vector<std::shared_ptr<PluginNode>>* chain = nullptr;
    if (target.slot == kMasterChain) chain = &model_.master;
    else if (target.insert) chain = &model_.slots[static_cast<size_t>(target.slot - 1)].inserts;
    if (target.slot == kMasterChain && !target.insert)
        return Status::error("ERR_BAD_SLOT", "the master chain takes effects, not an instrument");
    if (chain != nullptr && (target.position < -1 || target.position > static_cast<int>(chain->size())))
        return Status::error("ERR_BAD_INDEX", "position " + std::to_string(target.position) + " is outside 0.." +
                                                  std::to_string(chain->size()) + " of that chain");
    if (formats_ == nullptr) formats_ = std::make_unique<PluginFormats>();
    std::unique_ptr<juce::AudioPluginInstance> instance;
    juce::PluginDescription description;
    std::shared_ptr<PluginNode> node;
    {
        // What the plugin allocates from here to warmed up is written now, not first by the audio thread.
        const PrefaultAllocations prefault;
        status = formats_->instantiate(spec, config_.sampleRate, config_.blockSize, instance, description);
        if (!status.ok()) return status;
        node = std::make_shared<PluginNode>(std::move(instance), description, spec, &livePlugins_);
        node->prepare(config_.sampleRate, config_.blockSize);
        // A slot's instrument is given up to kMaxSlotEventsPerBlock events a block (inserts and the master chain
        // none): a VST3's host-side event list gets that size here, on this thread, not on the audio thread at its
        // first big chord. Before the play head is set: the transport is read only by the audio thread.
        if (chain == nullptr) node->warmUpMidi(kMaxSlotEventsPerBlock);
        node->instance().setPlayHead(&transport_);  // before the graph that runs it is published
    }
    if (chain == nullptr) model_.slots[static_cast<size_t>(target.slot - 1)].instrument = node;
    else if (target.position < 0) chain->push_back(node);
    else chain->insert(chain->begin() + target.position, node);
    loaded = summarise(*node);
    publish();
    return Status::success();
}

Status Engine::remove(const PluginRef& ref) {
    std::shared_ptr<PluginNode> node;
    Status status = resolve(ref, node);
    if (!status.ok()) return status;
    if (ref.slot == kMasterChain) model_.master.erase(model_.master.begin() + ref.index);
    else if (ref.index < 0) model_.slots[static_cast<size_t>(ref.slot - 1)].instrument.reset();
    else {
        auto& inserts = model_.slots[static_cast<size_t>(ref.slot - 1)].inserts;
        inserts.erase(inserts.begin() + ref.index);
    }
    node.reset();  // a graph the audio thread never adopted may hold the last other reference: publish() frees it
    publish();
    return Status::success();
}

Status Engine::move(int slot, int from, int to) {
    Status status = checkSlot(slot, true);
    if (!status.ok()) return status;
    auto& chain = slot == kMasterChain ? model_.master : model_.slots[static_cast<size_t>(slot - 1)].inserts;
    const int size = static_cast<int>(chain.size());
    const std::string name = slot == kMasterChain ? "the master chain" : "slot " + std::to_string(slot) + "'s insert chain";
    if (from < 0 || from >= size || to < 0 || to >= size)
        return Status::error("ERR_BAD_INDEX", "move " + std::to_string(from) + " -> " + std::to_string(to) + ": " + name +
                                                  " has " + std::to_string(size) + " effect(s)");
    auto node = chain[static_cast<size_t>(from)];
    chain.erase(chain.begin() + from);
    chain.insert(chain.begin() + to, node);
    publish();
    return Status::success();
}

Status Engine::resolve(const PluginRef& ref, std::shared_ptr<PluginNode>& node) {
    if (closed_) return Status::error("ERR_CLOSED", "engine: closed");
    Status status = checkSlot(ref.slot, true);
    if (!status.ok()) return status;
    if (ref.slot == kMasterChain || ref.index >= 0) {
        const auto& chain = ref.slot == kMasterChain ? model_.master : model_.slots[static_cast<size_t>(ref.slot - 1)].inserts;
        if (ref.index < 0 || ref.index >= static_cast<int>(chain.size()))
            return Status::error("ERR_BAD_INDEX", where(ref) + " does not exist (" +
                                                      (ref.slot == kMasterChain ? std::string("the master chain") : "slot " + std::to_string(ref.slot)) +
                                                      " has " + std::to_string(chain.size()) + " effect(s))");
        node = chain[static_cast<size_t>(ref.index)];
        return Status::success();
    }
    node = model_.slots[static_cast<size_t>(ref.slot - 1)].instrument;
    if (node == nullptr) return Status::error("ERR_NO_PLUGIN", "slot " + std::to_string(ref.slot) + " has no instrument");
    return Status::success();
}

Status Engine::findParameter(PluginNode& node, const std::string& name, int index, juce::AudioProcessorParameter*& out) {
    const auto params = PluginParameters::userFacing(node.instance());
    if (index < 0) {
        Status status = PluginParameters::findByName(node.instance(), name, index);
        if (!status.ok()) return status;
    }
    if (index >= static_cast<int>(params.size()))
        return Status::error("ERR_UNKNOWN_PARAMETER", "parameter index " + std::to_string(index) + " not found in " +
                                                          node.name() + " (it has " + std::to_string(params.size()) + ")");
    out = params[static_cast<size_t>(index)];
    return Status::success();
}

Status Engine::parameters(const PluginRef& ref, std::vector<ParameterInfo>& out) {
    std::shared_ptr<PluginNode> node;
    Status status = resolve(ref, node);
    if (!status.ok()) return status;
    const auto params = PluginParameters::userFacing(node->instance());
    out.clear();
    for (size_t i = 0; i < params.size(); ++i) out.push_back(PluginParameters::describe(*params[i], static_cast<int>(i)));
    return Status::success();
}

Status Engine::setParameter(const PluginRef& ref, const std::string& name, int index, double value, bool normalised,
                            ParameterInfo& updated) {
    std::shared_ptr<PluginNode> node;
    Status status = resolve(ref, node);
    if (!status.ok()) return status;
    juce::AudioProcessorParameter* parameter = nullptr;
    status = findParameter(*node, name, index, parameter);
    if (!status.ok()) return status;
    status = PluginParameters::set(*parameter, value, normalised);
    if (!status.ok()) return status;
    flushParameters(*node);
    const auto params = PluginParameters::userFacing(node->instance());
    const auto position = std::find(params.begin(), params.end(), parameter) - params.begin();
    updated = PluginParameters::describe(*parameter, static_cast<int>(position));
    return Status::success();
}

Status Engine::getState(const PluginRef& ref, std::vector<uint8_t>& state) {
    std::shared_ptr<PluginNode> node;
    Status status = resolve(ref, node);
    if (!status.ok()) return status;
    flushParameters(*node);
    juce::MemoryBlock block;
    node->instance().getStateInformation(block);
    const auto* bytes = static_cast<const uint8_t*>(block.getData());
    state.assign(bytes, bytes + block.getSize());
    return Status::success();
}

Status Engine::setState(const PluginRef& ref, const std::vector<uint8_t>& state) {
    std::shared_ptr<PluginNode> node;
    Status status = resolve(ref, node);
    if (!status.ok()) return status;
    if (state.empty()) return Status::error("ERR_BAD_STATE", where(ref) + ": the state chunk is empty");
    node->instance().setStateInformation(state.data(), static_cast<int>(state.size()));
    publish();  // a state can change the plugin's latency
    return Status::success();
}

PluginSummary Engine::summarise(const PluginNode& node) {
    PluginSummary s;
    s.name = node.name();
    s.format = node.format();
    s.identifier = node.identifier();
    s.isInstrument = node.isInstrument();
    s.inputs = node.inputChannels();
    s.outputs = node.outputChannels();
    s.latency = node.latencySamples();
    return s;
}

void Engine::summary(EngineSummary& out) {
    out = EngineSummary();
    int slowest = 0;
    for (int s = 0; s < kSlots; ++s) {
        const SlotModel& slot = model_.slots[static_cast<size_t>(s)];
        SlotSummary& summary = out.slots[static_cast<size_t>(s)];
        int latency = 0;
        if (slot.instrument != nullptr) {
            summary.instrument = summarise(*slot.instrument);
            latency += summary.instrument->latency;
        }
        for (const auto& fx : slot.inserts) {
            summary.inserts.push_back(summarise(*fx));
            latency += summary.inserts.back().latency;
        }
        if (slot.active()) slowest = std::max(slowest, latency);
        summary.gain = mix_[static_cast<size_t>(s)].gain.load();
        summary.mute = mix_[static_cast<size_t>(s)].mute.load();
        summary.solo = mix_[static_cast<size_t>(s)].solo.load();
    }
    out.latency = slowest;
    for (const auto& fx : model_.master) {
        out.master.push_back(summarise(*fx));
        out.latency += out.master.back().latency;
    }
    out.masterGain = masterGain_.load();
}

void Engine::flushParameters(PluginNode& node) {
    // Only while no render runs (a running render delivers the changes at its next block anyway).
    if (audioBusy_.exchange(true)) return;
    node.flushParameters();
    audioBusy_.store(false);
}

void Engine::publish() {
    const int64_t before = livePlugins_.load();
    EngineGraph* old = nullptr;
    while (retired_.pop(old)) delete old;
    // A pending graph the audio thread never adopted may hold the last reference to a removed plugin.
    delete pending_.exchange(EngineGraph::build(model_, &liveGraphs_).release());
    trimAfterFree(before);
}

void Engine::collectGarbage() {
    const int64_t before = livePlugins_.load();
    EngineGraph* old = nullptr;
    while (retired_.pop(old)) delete old;
    trimAfterFree(before);
}

void Engine::trimAfterFree(int64_t pluginsBefore) {
    if (livePlugins_.load() >= pluginsBefore) return;
#if defined(__GLIBC__)
    const auto started = std::chrono::steady_clock::now();
    ::malloc_trim(0);
    memoryTrimNanos_.fetch_add(std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now() - started).count());
    memoryTrims_.fetch_add(1);
#endif
}

void Engine::close() {
    if (closed_.exchange(true)) return;
    while (audioBusy_.load()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    const int64_t before = livePlugins_.load();
    EngineGraph* old = nullptr;
    while (retired_.pop(old)) delete old;
    delete pending_.exchange(nullptr);
    delete current_;
    current_ = new EngineGraph(&liveGraphs_);
    model_ = EngineModel();
    formats_.reset();
    trimAfterFree(before);
}

Status Engine::setGain(int slot, double gain) {
    Status status = checkSlot(slot, false);
    if (!status.ok()) return status;
    if (!(gain >= 0.0 && gain <= 1.0)) return Status::error("ERR_BAD_VALUE", "gain " + juce::String(gain).toStdString() + " is outside 0..1");
    mix_[static_cast<size_t>(slot - 1)].gain.store(static_cast<float>(gain));
    return Status::success();
}

Status Engine::setMute(int slot, bool mute) {
    Status status = checkSlot(slot, false);
    if (status.ok()) mix_[static_cast<size_t>(slot - 1)].mute.store(mute);
    return status;
}

Status Engine::setSolo(int slot, bool solo) {
    Status status = checkSlot(slot, false);
    if (status.ok()) mix_[static_cast<size_t>(slot - 1)].solo.store(solo);
    return status;
}

Status Engine::setMasterGain(double gain) {
    if (!(gain >= 0.0 && gain <= 1.0)) return Status::error("ERR_BAD_VALUE", "master gain " + juce::String(gain).toStdString() + " is outside 0..1");
    masterGain_.store(static_cast<float>(gain));
    return Status::success();
}

Status Engine::setRoute(int channel, int slot) {
    if (channel < 1 || channel > 16) return Status::error("ERR_BAD_CHANNEL", "MIDI channel " + std::to_string(channel) + " is outside 1..16");
    if (slot != 0) {
        Status status = checkSlot(slot, false);
        if (!status.ok()) return status;
    }
    routes_[static_cast<size_t>(channel - 1)].store(static_cast<int8_t>(slot));
    return Status::success();
}

Status Engine::setInputRoute(int slot, int left, int right) {
    Status status = checkSlot(slot, false);
    if (!status.ok()) return status;
    for (int channel : {left, right})
        if (channel < -1 || channel > 255)
            return Status::error("ERR_BAD_VALUE", "input channel " + std::to_string(channel + 1) + " is outside 1..256");
    inputRoutes_[static_cast<size_t>(slot - 1)][0].store(static_cast<int16_t>(left));
    inputRoutes_[static_cast<size_t>(slot - 1)][1].store(static_cast<int16_t>(right));
    return Status::success();
}

std::array<std::array<int, 2>, kSlots> Engine::inputRoutes() const noexcept {
    std::array<std::array<int, 2>, kSlots> out{};
    for (size_t s = 0; s < out.size(); ++s)
        for (size_t c = 0; c < 2; ++c) out[s][c] = inputRoutes_[s][c].load();
    return out;
}

std::array<int, 16> Engine::routes() const noexcept {
    std::array<int, 16> out{};
    for (size_t i = 0; i < out.size(); ++i) out[i] = routes_[i].load();
    return out;
}

Status Engine::checkMidiMessage(const uint8_t* data, size_t size) {
    if (size < 1 || size > 3 || data[0] < 0x80 || data[0] >= 0xF0)
        return Status::error("ERR_BAD_MIDI", "MIDI: expected a 1-3 byte channel message (status 0x80-0xEF)");
    const int expected = (data[0] & 0xF0) == 0xC0 || (data[0] & 0xF0) == 0xD0 ? 2 : 3;
    if (static_cast<int>(size) != expected)
        return Status::error("ERR_BAD_MIDI", "MIDI: status 0x" + juce::String::toHexString(data[0]).toStdString() +
                                                 " needs " + std::to_string(expected) + " bytes, got " + std::to_string(size));
    for (size_t i = 1; i < size; ++i)
        if (data[i] > 0x7F) return Status::error("ERR_BAD_MIDI", "MIDI: data byte " + std::to_string(i) + " is above 127");
    return Status::success();
}

Status Engine::sendMidi(const uint8_t* data, size_t size, int64_t timeNs, int slot) {
    Status status = checkMidiMessage(data, size);
    if (!status.ok()) return status;
    MidiEvent event;
    event.time = timeNs;
    for (size_t i = 0; i < size; ++i) event.data[i] = data[i];
    event.size = static_cast<uint8_t>(size);
    event.slot = static_cast<int8_t>(slot);
    if (!scheduler_.push(0, event)) return Status::error("ERR_MIDI_QUEUE_FULL", "MIDI: the engine's input queue is full; event dropped");
    return Status::success();
}

Status Engine::testNote(int slot, int note, int velocity, double durationMs) {
    Status status = checkSlot(slot, false);
    if (!status.ok()) return status;
    if (note < 0 || note > 127) return Status::error("ERR_BAD_VALUE", "note " + std::to_string(note) + " is outside 0..127");
    if (velocity < 1 || velocity > 127) return Status::error("ERR_BAD_VALUE", "velocity " + std::to_string(velocity) + " is outside 1..127");
    if (!(durationMs > 0.0 && durationMs <= 60000.0))
        return Status::error("ERR_BAD_VALUE", "duration " + juce::String(durationMs).toStdString() + " ms is outside (0, 60000]");
    const int64_t now = nowNs();
    const uint8_t on[3] = {0x90, static_cast<uint8_t>(note), static_cast<uint8_t>(velocity)};
    const uint8_t off[3] = {0x80, static_cast<uint8_t>(note), 0};
    status = sendMidi(on, 3, now, slot);
    if (!status.ok()) return status;
    return sendMidi(off, 3, now + static_cast<int64_t>(durationMs * 1e6), slot);
}

EngineStats Engine::stats() const noexcept {
    EngineStats s;
    s.blocks = blocks_.load();
    s.graphSwaps = graphSwaps_.load();
    s.plugins = livePlugins_.load();
    s.graphs = liveGraphs_.load();
    s.memoryTrims = static_cast<uint64_t>(memoryTrims_.load());
    s.memoryTrimNanos = memoryTrimNanos_.load();
    s.midiQueueDrops = scheduler_.queueDrops();
    s.midiOverflowDrops = scheduler_.overflowDrops();
    s.midiLate = scheduler_.lateEvents();
    s.midiUnrouted = unrouted_.load();
    s.midiBlockDrops = blockDrops_.load();
    s.samplePosition = position_.load();
    s.pluginNanos = pluginNanos_.load();
    s.totalNanos = totalNanos_.load();
    return s;
}

void Engine::resetTiming() noexcept {
    pluginNanos_.store(0);
    totalNanos_.store(0);
}

}  // namespace vcpi
