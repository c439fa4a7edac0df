// The vcpi audio engine: 8 instrument slots with insert chains, a mixer (gain, mute, solo), a master chain and
// sample-accurate MIDI. Its core, processBlock(), is driven by an offline render() now and by an audio device
// callback later (engine part 2); both go through the same graph, mixer and MIDI scheduler.
//
// Threads (every public method says which it may run on):
//  - message thread (MessageThread): plugin load/remove/move, parameters, state, graph publication, close;
//  - audio thread: processBlock()/render(), one at a time (render() claims the role and fails if it is taken);
//  - any thread: mixer and routing atomics, stats;
//  - the MIDI producer thread of each scheduler input (the JS thread is input 0).
#pragma once

#include <array>
#include <atomic>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <juce_audio_processors/juce_audio_processors.h>

#include "EngineGraph.hpp"
#include "MidiScheduler.hpp"
#include "PluginFormats.hpp"
#include "PluginParameters.hpp"
#include "ProbeCache.hpp"
#include "Status.hpp"
#include "Transport.hpp"

namespace vcpi {

// The master chain's "slot" number in PluginRef/LoadTarget (slots are 1..8; 0 is a bad slot like 9).
constexpr int kMasterChain = -1;

// The most MIDI events a slot's instrument is given in one block: the audio thread drops (and counts) the rest.
// 256 × 3-byte messages fit the MidiBuffer space reserved per slot (no reallocation), and it is the count a new
// VST3 instrument is warmed up with before it goes live (PluginNode::warmUpMidi). Inserts and the master chain are
// given no events.
constexpr int kMaxSlotEventsPerBlock = 256;

struct EngineConfig {
    double sampleRate = 48000.0;
    int blockSize = 256;
    std::string probeExecutable;   // vcpi-plugin-probe; empty: load without probing (not recommended)
    std::string probeCachePath;    // empty: ProbeCache::defaultPath()
    int probeTimeoutMs = 20000;
};

// Where a loaded plugin goes: slot 1..8 as its instrument (insert == false) or into its insert chain, or the
// master chain (slot kMasterChain). position: index in the chain to insert at, -1 to append.
struct LoadTarget {
    int slot = 1;
    bool insert = false;
    int position = -1;
};

// A plugin in the engine: slot 1..8 with index -1 is that slot's instrument, index >= 0 its insert number;
// slot kMasterChain is the master chain with index >= 0.
struct PluginRef {
    int slot = 1;
    int index = -1;
};

struct PluginSummary {
    std::string name, format, identifier;
    bool isInstrument = false;
    int inputs = 0, outputs = 0, latency = 0;
};

struct SlotSummary {
    std::optional<PluginSummary> instrument;
    std::vector<PluginSummary> inserts;
    float gain = 1.0f;
    bool mute = false, solo = false;
};

struct EngineSummary {
    std::array<SlotSummary, kSlots> slots;
    std::vector<PluginSummary> master;
    float masterGain = 1.0f;
    int latency = 0;  // aligned slot latency + master chain latency
};

struct EngineStats {
    uint64_t blocks = 0, graphSwaps = 0;
    int64_t plugins = 0;  // plugin instances in existence: loaded, or removed and not yet freed
    int64_t graphs = 0;   // graph snapshots in existence: the audio thread's, a pending one, handed-back ones
    uint64_t memoryTrims = 0;      // malloc_trim(0) calls after plugins were freed
    int64_t memoryTrimNanos = 0;   // their total time
    uint64_t midiQueueDrops = 0, midiOverflowDrops = 0, midiLate = 0, midiUnrouted = 0, midiBlockDrops = 0;
    int64_t samplePosition = 0;
    int64_t pluginNanos = 0, totalNanos = 0;  // only while measuring
};

struct RenderEvent {
    bool timed = false;   // false: `offset` is an exact sample offset; true: `timeNs` is an arrival time
    int64_t offset = 0;   // samples from the render's first frame
    int64_t timeNs = 0;   // ns after the render's start on its virtual callback clock
    MidiEvent event;      // event.time is ignored (set from timeNs)
};

class Engine {
public:
    // Thread-safe: no (construct before sharing). Realtime-safe: no. Loads no plugin code.
    explicit Engine(EngineConfig config);
    // Thread-safe: no. The engine must be closed (close()) before the last reference goes.
    ~Engine();

    // Thread-safe: yes (fixed at construction). Realtime-safe: yes.
    const EngineConfig& config() const noexcept { return config_; }

    // --- plugin graph (message thread) --------------------------------------------------------------------
    // Probes the plugin in a child process unless the probe cache knows it. Any non-realtime thread except the
    // message thread (blocks while the child runs). Thread-safe: yes. Realtime-safe: no.
    Status probe(const PluginSpec& spec);
    // Loads a plugin (already probed), prepares it and publishes the new graph.
    // Thread-safe: no (message thread). Realtime-safe: no.
    Status load(const PluginSpec& spec, const LoadTarget& target, PluginSummary& loaded);
    // Thread-safe: no (message thread). Realtime-safe: no.
    Status remove(const PluginRef& ref);
    // Moves an insert (slot 1..8) or master (kMasterChain) effect from one chain index to another.
    // Thread-safe: no (message thread). Realtime-safe: no.
    Status move(int slot, int from, int to);
    // Thread-safe: no (message thread). Realtime-safe: no.
    Status parameters(const PluginRef& ref, std::vector<ParameterInfo>& out);
    // index < 0: find by name. Thread-safe: no (message thread). Realtime-safe: no.
    Status setParameter(const PluginRef& ref, const std::string& name, int index, double value, bool normalised,
                        ParameterInfo& updated);
    // Thread-safe: no (message thread). Realtime-safe: no.
    Status getState(const PluginRef& ref, std::vector<uint8_t>& state);
    // Thread-safe: no (message thread). Realtime-safe: no.
    Status setState(const PluginRef& ref, const std::vector<uint8_t>& state);
    // Thread-safe: no (message thread). Realtime-safe: no.
    void summary(EngineSummary& out);
    // Frees graphs the audio thread handed back; when that destroyed plugins, returns the heap memory they freed
    // to the system (trimAfterFree). Thread-safe: no (message thread). Realtime-safe: no.
    void collectGarbage();
    // Waits for a running render to finish, then destroys every plugin. Idempotent.
    // Thread-safe: no (message thread). Realtime-safe: no.
    void close();
    // Thread-safe: yes. Realtime-safe: yes.
    bool closed() const noexcept { return closed_.load(); }

    // --- mixer and routing (any thread; the audio thread reads them each block) ---------------------------
    // Thread-safe: yes. Realtime-safe: yes.
    Status setGain(int slot, double gain);
    Status setMute(int slot, bool mute);
    Status setSolo(int slot, bool solo);
    Status setMasterGain(double gain);
    // channel 1..16 to slot 1..8, or slot 0 to unroute. Thread-safe: yes. Realtime-safe: yes.
    Status setRoute(int channel, int slot);
    // Thread-safe: yes. Realtime-safe: yes.
    std::array<int, 16> routes() const noexcept;
    // Thread-safe: yes. Realtime-safe: yes.
    void setMidiPolicy(MidiPolicy policy) noexcept { policy_.store(static_cast<int>(policy)); }
    void setMeasuring(bool on) noexcept { measuring_.store(on); }
    // Thread-safe: yes. Realtime-safe: yes.
    EngineStats stats() const noexcept;
    // Zeroes the timing counters. Thread-safe: yes. Realtime-safe: yes.
    void resetTiming() noexcept;

    // --- MIDI in (the JS thread: scheduler input 0) -------------------------------------------------------
    // Queues a 1-3 byte channel message that arrived at timeNs (steady clock; nowNs() when it just came).
    // ERR_BAD_MIDI on a malformed message; ERR_MIDI_QUEUE_FULL when dropped (also counted).
    // Thread-safe: from one thread only (the JS thread). Realtime-safe: yes.
    Status sendMidi(const uint8_t* data, size_t size, int64_t timeNs, int slot = 0);
    // Queues a channel message from a MIDI port thread into scheduler input 1..7 (each input has one producer: the
    // port that was given it). False when dropped (counted in stats().midiQueueDrops).
    // Thread-safe: one producer per input. Realtime-safe: yes.
    bool pushMidi(int input, const MidiEvent& event) noexcept { return scheduler_.push(input, event); }
    // Checks a 1-3 byte channel message (status 0x80-0xEF, its exact length, data bytes <= 127). ERR_BAD_MIDI.
    // Thread-safe: yes. Realtime-safe: no (builds a message on failure).
    static Status checkMidiMessage(const uint8_t* data, size_t size);
    // Note-on now and note-off after durationMs, straight to slot (bypassing routing).
    // Thread-safe: from the JS thread only. Realtime-safe: yes.
    Status testNote(int slot, int note, int velocity, double durationMs);

    // --- audio ---------------------------------------------------------------------------------------------
    // Renders frames offline into left/right (each `frames` long) with events at exact offsets or timed
    // arrivals. The virtual callback clock starts at originNs. Deterministic for the same graph and events.
    // ERR_BUSY if another render runs; ERR_CLOSED after close(). Thread-safe: yes (claims the audio role).
    // Realtime-safe: no (a batch job; its inner processBlock() is).
    Status render(int64_t frames, const std::vector<RenderEvent>& events, int64_t originNs, float* left, float* right);
    // One block (n <= blockSize) computed at callback time callbackNs. Thread-safe: no (the audio thread).
    // Realtime-safe: yes.
    void processBlock(float* left, float* right, int n, int64_t callbackNs) noexcept;
    // The same with the device's input channels (n frames each; null entries are silent), which slots with an
    // input route (setInputRoute) take as their bus. Thread-safe: no (the audio thread). Realtime-safe: yes.
    void processBlock(float* left, float* right, int n, int64_t callbackNs, const float* const* inputs, int numInputs) noexcept;
    // Claims the audio role (one driver of processBlock at a time: a render or a live device), waiting up to
    // 100 ms for a parameter flush. ERR_BUSY when a render or a device holds it; ERR_CLOSED after close().
    // Thread-safe: yes. Realtime-safe: no.
    Status acquireAudioRole(const char* who);
    // Gives the role back. Thread-safe: yes (the holder). Realtime-safe: yes.
    void releaseAudioRole() noexcept;

    // Routes device input channels (0-based; -1: none) to a slot's bus: its instrument (or, without one, its first
    // effect) receives them in its process block. left == right feeds one channel to both sides.
    // ERR_BAD_SLOT, ERR_BAD_VALUE. Thread-safe: yes. Realtime-safe: yes.
    Status setInputRoute(int slot, int left, int right);
    // Thread-safe: yes. Realtime-safe: yes.
    std::array<std::array<int, 2>, kSlots> inputRoutes() const noexcept;

    // The engine's monotonic clock (steady_clock, ns). Thread-safe: yes. Realtime-safe: yes.
    static int64_t nowNs() noexcept;

    // The transport every loaded plugin reads as its AudioPlayHead (tempo, quantum, playing, Link attachment;
    // Transport says which of its methods run where). Thread-safe: yes (the reference). Realtime-safe: yes.
    Transport& transport() noexcept { return transport_; }

private:
    Status checkSlot(int slot, bool allowMaster) const;
    Status resolve(const PluginRef& ref, std::shared_ptr<PluginNode>& node);
    Status findParameter(PluginNode& node, const std::string& name, int index, juce::AudioProcessorParameter*& out);
    void publish();
    // Called after something that may have destroyed plugins, with the live count from before it: when plugins
    // went, malloc_trim(0). A plugin frees megabytes (ZamDelay: 3 MB buffers) that glibc otherwise keeps: after
    // freeing a large mmapped block glibc raises its mmap threshold to that size (and its trim threshold to twice
    // it), so later buffers come from the arenas' heaps, and memory freed there in the middle or below the trim
    // threshold stays resident. Under load/unload traffic that held ~10-30 MB a minute more RSS while the memory in
    // use stayed flat (bench/engine-soak.bench.ts, SOAK_TRIM=1). The engine also fixes glibc's mmap threshold (see
    // fixMallocThresholds in Engine.cpp); the trim returns what small blocks leave free. glibc only; elsewhere nothing.
    void trimAfterFree(int64_t pluginsBefore);
    void flushParameters(PluginNode& node);
    void adoptPendingGraph() noexcept;
    // Audio thread: places this block's MIDI into the per-slot buffers; runs the slots into the mix bus.
    void distributeMidi(int64_t blockStart, int n, int64_t callbackNs) noexcept;
    int64_t mixSlots(const EngineGraph& graph, int n, bool measure, const float* const* inputs, int numInputs) noexcept;
    static PluginSummary summarise(const PluginNode& node);

    EngineConfig config_;
    // Before anything holding plugins or graphs, so they are destroyed after them.
    std::atomic<int64_t> livePlugins_{0}, liveGraphs_{0}, memoryTrims_{0}, memoryTrimNanos_{0};
    std::unique_ptr<PluginFormats> formats_;  // created on the message thread at first use
    ProbeCache probeCache_;
    EngineModel model_;

    std::atomic<EngineGraph*> pending_{nullptr};
    EngineGraph* current_ = nullptr;  // the audio thread's
    SpscQueue<EngineGraph*> retired_{64};

    struct SlotMix {
        std::atomic<float> gain{1.0f};
        std::atomic<bool> mute{false}, solo{false};
    };
    std::array<SlotMix, kSlots> mix_;
    std::atomic<float> masterGain_{1.0f};
    std::array<std::atomic<int8_t>, 16> routes_{};
    std::array<std::array<std::atomic<int16_t>, 2>, kSlots> inputRoutes_{};
    std::atomic<int> policy_{static_cast<int>(MidiPolicy::timestamp)};
    std::atomic<bool> measuring_{false};

    // audio-thread state, allocated here
    MidiScheduler scheduler_;
    std::array<juce::SmoothedValue<float>, kSlots> slotGain_;
    juce::SmoothedValue<float> masterSmoothed_;
    std::array<juce::MidiBuffer, kSlots> slotMidi_;
    std::array<int, kSlots> slotMidiCount_{};
    juce::MidiBuffer emptyMidi_;
    std::vector<float> slotL_, slotR_, mixL_, mixR_;
    int64_t samplePosition_ = 0;
    bool offline_ = false;  // a render holds the audio role (written by the holder before/after its blocks)
    Transport transport_;

    std::atomic<bool> audioBusy_{false};
    std::atomic<bool> closed_{false};
    std::atomic<uint64_t> blocks_{0}, graphSwaps_{0}, unrouted_{0}, blockDrops_{0};
    std::atomic<int64_t> pluginNanos_{0}, totalNanos_{0}, position_{0};
};

}  // namespace vcpi
