// vcpi latency test effect: a pure delay of kLatency frames that reports exactly that latency to the host, like a
// look-ahead limiter would. The engine's delay-compensation test puts it on one slot and checks that the slots
// stay sample-aligned.
#include "DistrhoPlugin.hpp"

START_NAMESPACE_DISTRHO

namespace {
constexpr uint32_t kLatency = 100;
}

class VcpiTestLatency : public Plugin {
public:
    VcpiTestLatency() : Plugin(0, 0, 0) { setLatency(kLatency); }

protected:
    const char* getLabel() const override { return "VcpiTestLatency"; }
    const char* getDescription() const override { return "Delays by 100 frames and reports it as latency"; }
    const char* getMaker() const override { return "vcpi"; }
    const char* getLicense() const override { return "MIT"; }
    uint32_t getVersion() const override { return d_version(1, 0, 0); }
    int64_t getUniqueId() const override { return d_cconst('V', 'c', 'L', 't'); }

    void activate() override {
        for (auto& channel : ring_) for (float& s : channel) s = 0.0f;
        pos_ = 0;
    }

    void run(const float** inputs, float** outputs, uint32_t frames) override {
        for (uint32_t i = 0; i < frames; ++i) {
            for (int c = 0; c < 2; ++c) {
                const float in = inputs[c][i];
                outputs[c][i] = ring_[c][pos_];
                ring_[c][pos_] = in;
            }
            pos_ = (pos_ + 1) % kLatency;
        }
    }

private:
    float ring_[2][kLatency] = {};
    uint32_t pos_ = 0;

    DISTRHO_DECLARE_NON_COPYABLE_WITH_LEAK_DETECTOR(VcpiTestLatency)
};

Plugin* createPlugin() { return new VcpiTestLatency(); }

END_NAMESPACE_DISTRHO
