// The VintageCapture plugin: an effect with MIDI in. Audio in is the synth's return, audio out is the input at the
// monitor level plus the last aligned take where it belongs on the host's timeline; MIDI in is the performance. The
// capture core runs on the JS thread (JsThread); this class is the audio side and the host's entry points.
#pragma once

#include <juce_audio_processors/juce_audio_processors.h>

#include "Bridge.hpp"
#include "CaptureParameters.hpp"
#include "JsThread.hpp"
#include "StatusBoard.hpp"
#include "TakeSlot.hpp"
#include "Vst3HostNotifier.hpp"

namespace vcpi::capture {

class VintageCaptureProcessor : public juce::AudioProcessor, public juce::VST3ClientExtensions {
public:
    VintageCaptureProcessor();
    ~VintageCaptureProcessor() override;

    // Host entry points, on the threads JUCE's wrappers call them on: processBlock on the audio thread (real-time
    // safe: no allocation, locks, I/O or QuickJS — queues and atomics only); the rest on the message thread.
    void prepareToPlay(double sampleRate, int maximumExpectedSamplesPerBlock) override;
    void releaseResources() override {}
    bool isBusesLayoutSupported(const BusesLayout& layouts) const override;
    void processBlock(juce::AudioBuffer<float>& buffer, juce::MidiBuffer& midi) override;
    using juce::AudioProcessor::processBlock;

    // VST3 only: the host's component handler, to tell it when result parameters changed (Vst3HostNotifier).
    void setIComponentHandler(Steinberg::FUnknown* handler) override { vst3Host_.setHandler(handler); }

    juce::AudioProcessorEditor* createEditor() override;
    bool hasEditor() const override { return true; }

    const juce::String getName() const override { return "VintageCapture"; }
    bool acceptsMidi() const override { return true; }
    bool producesMidi() const override { return false; }
    bool isMidiEffect() const override { return false; }
    double getTailLengthSeconds() const override { return 0.0; }

    int getNumPrograms() override { return 1; }
    int getCurrentProgram() override { return 0; }
    void setCurrentProgram(int) override {}
    const juce::String getProgramName(int) override { return {}; }
    void changeProgramName(int, const juce::String&) override {}

    // The core's state JSON (calibration, Arp port, takes), as UTF-8 bytes. Both marshal to the JS thread and wait
    // up to 2 s (getState then falls back to the state as of its last change).
    void getStateInformation(juce::MemoryBlock& destData) override;
    void setStateInformation(const void* data, int sizeInBytes) override;

    // For the editor. Thread-safe: yes. Realtime-safe: no.
    StatusBoard& board() noexcept { return board_; }
    const CaptureParameters& parameters() const noexcept { return parameters_; }

private:
    struct Position {
        bool hasPpq = false;
        bool playing = false;
        double ppq = 0.0;
        double bpm = 120.0;
        double beatsPerBar = 4.0;
        double hostUs = -1.0;  // the host's time of the block's first sample (its playhead), −1: none or another clock
    };
    Position readPosition() noexcept;
    void sendTransport(const Position& position, int64_t blockStart) noexcept;
    void sendActions(int64_t blockStart) noexcept;
    void sendMidi(const juce::MidiBuffer& midi, int64_t blockStart) noexcept;
    void sendInput(const juce::AudioBuffer<float>& buffer, int inputs, int frames, int64_t blockStart, double hostUs) noexcept;
    void renderOutput(juce::AudioBuffer<float>& buffer, int inputs, int outputs, int frames, int64_t blockStart,
                      const Position& position) noexcept;

    Vst3HostNotifier vst3Host_;
    Bridge bridge_;
    TakeSlot takes_;
    StatusBoard board_;
    CaptureParameters parameters_;
    JsThread js_;  // last: stops first

    // Audio thread only:
    double sampleRate_ = 48000.0;
    int64_t sampleCounter_ = 0;
    bool lastCalibrate_ = false, lastRecord_ = false, lastPlay_ = false, lastAbort_ = false, lastSend_ = false;
    bool transportSent_ = false;
    TransportItem lastTransport_{};
    juce::SmoothedValue<float> monitorGain_{1.0f};
};

}  // namespace vcpi::capture
