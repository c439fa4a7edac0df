// vcpi test synth: 8 voices of sine/saw/square with an exponential decay. Deterministic by construction: a voice
// starts at the peak of its waveform (cosine phase), so a note's first sample is non-zero and lands exactly on the
// note-on frame; the engine tests measure MIDI onsets with it. Parameters: Gain, Waveform, Decay; one extra state
// value ("tuning", A4 in Hz) that is not a parameter, so a state round trip covers more than parameters.
#include "DistrhoPlugin.hpp"

#include <cmath>
#include <cstdlib>
#include <cstring>

START_NAMESPACE_DISTRHO

namespace {
enum Param : uint32_t { kGain, kWaveform, kDecay, kParamCount };
constexpr int kVoices = 8;
constexpr double kTwoPi = 6.283185307179586;

struct Voice {
    int note = -1;
    double phase = 0.0;
    double increment = 0.0;
    float level = 0.0f;
    float envelope = 0.0f;
    bool released = false;
};
}  // namespace

class VcpiTestSynth : public Plugin {
public:
    VcpiTestSynth() : Plugin(kParamCount, 0, 1) {}

protected:
    const char* getLabel() const override { return "VcpiTestSynth"; }
    const char* getDescription() const override { return "Deterministic test instrument for the vcpi engine"; }
    const char* getMaker() const override { return "vcpi"; }
    const char* getLicense() const override { return "MIT"; }
    uint32_t getVersion() const override { return d_version(1, 0, 0); }
    int64_t getUniqueId() const override { return d_cconst('V', 'c', 'S', 'y'); }

    void initParameter(uint32_t index, Parameter& p) override {
        p.hints = kParameterIsAutomatable;
        switch (index) {
        case kGain:
            p.name = "Gain"; p.symbol = "gain"; p.unit = "";
            p.ranges.min = 0.0f; p.ranges.max = 1.0f; p.ranges.def = 0.5f;
            break;
        case kWaveform:
            p.hints |= kParameterIsInteger;
            p.name = "Waveform"; p.symbol = "waveform";
            p.ranges.min = 0.0f; p.ranges.max = 2.0f; p.ranges.def = 0.0f;
            break;
        case kDecay:
            p.name = "Decay"; p.symbol = "decay"; p.unit = "ms";
            p.ranges.min = 10.0f; p.ranges.max = 5000.0f; p.ranges.def = 500.0f;
            break;
        }
    }

    void initState(uint32_t, State& state) override {
        state.key = "tuning";
        state.defaultValue = "440";
        state.label = "Tuning (A4, Hz)";
        state.hints = kStateIsHostReadable | kStateIsHostWritable;
    }

    float getParameterValue(uint32_t index) const override { return params_[index]; }
    void setParameterValue(uint32_t index, float value) override { params_[index] = value; }

    String getState(const char* key) const override {
        return std::strcmp(key, "tuning") == 0 ? String(static_cast<double>(tuning_)) : String();
    }
    void setState(const char* key, const char* value) override {
        if (std::strcmp(key, "tuning") == 0) tuning_ = static_cast<float>(std::atof(value));
    }

    void activate() override {
        for (Voice& v : voices_) v = Voice();
    }

    void run(const float**, float** outputs, uint32_t frames, const MidiEvent* events, uint32_t eventCount) override {
        uint32_t next = 0;
        const double sr = getSampleRate();
        const float decay = std::exp(-1.0f / static_cast<float>(params_[kDecay] * 0.001 * sr));
        const float release = std::exp(-1.0f / static_cast<float>(0.005 * sr));
        const int wave = static_cast<int>(params_[kWaveform] + 0.5f);
        for (uint32_t i = 0; i < frames; ++i) {
            while (next < eventCount && events[next].frame <= i) handle(events[next++], sr);
            float sum = 0.0f;
            for (Voice& v : voices_) {
                if (v.note < 0) continue;
                sum += v.level * v.envelope * shape(wave, v.phase);
                v.phase += v.increment;
                if (v.phase >= 1.0) v.phase -= 1.0;
                v.envelope *= v.released ? release : decay;
                if (v.envelope < 1e-5f) v.note = -1;
            }
            const float out = sum * params_[kGain];
            outputs[0][i] = out;
            outputs[1][i] = out;
        }
        while (next < eventCount) handle(events[next++], sr);
    }

private:
    static float shape(int wave, double phase) {
        switch (wave) {
        case 1: return static_cast<float>(1.0 - 2.0 * phase);        // saw, +1 at the start
        case 2: return phase < 0.5 ? 1.0f : -1.0f;                    // square, +1 at the start
        default: return static_cast<float>(std::cos(kTwoPi * phase));  // sine at its peak
        }
    }

    void handle(const MidiEvent& e, double sr) {
        if (e.size < 3) return;
        const uint8_t status = e.data[0] & 0xF0;
        const int note = e.data[1];
        if (status == 0x90 && e.data[2] > 0) {
            Voice* slot = &voices_[0];
            for (Voice& v : voices_) if (v.note < 0) { slot = &v; break; }
            slot->note = note;
            slot->phase = 0.0;
            slot->increment = tuning_ * std::pow(2.0, (note - 69) / 12.0) / sr;
            slot->level = e.data[2] / 127.0f;
            slot->envelope = 1.0f;
            slot->released = false;
        } else if (status == 0x80 || status == 0x90) {
            for (Voice& v : voices_) if (v.note == note) v.released = true;
        }
    }

    float params_[kParamCount] = {0.5f, 0.0f, 500.0f};
    float tuning_ = 440.0f;
    Voice voices_[kVoices];

    DISTRHO_DECLARE_NON_COPYABLE_WITH_LEAK_DETECTOR(VcpiTestSynth)
};

Plugin* createPlugin() { return new VcpiTestSynth(); }

END_NAMESPACE_DISTRHO
