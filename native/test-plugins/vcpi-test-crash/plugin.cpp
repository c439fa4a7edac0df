// vcpi crash test plugin: raises SIGSEGV in its constructor, i.e. while a host loads it. The engine must survive
// this (it probes unknown plugins in a child process) and report "the plugin crashed while loading (signal 11)".
#include "DistrhoPlugin.hpp"

#include <csignal>

START_NAMESPACE_DISTRHO

class VcpiTestCrash : public Plugin {
public:
    VcpiTestCrash() : Plugin(0, 0, 0) { std::raise(SIGSEGV); }

protected:
    const char* getLabel() const override { return "VcpiTestCrash"; }
    const char* getMaker() const override { return "vcpi"; }
    const char* getLicense() const override { return "MIT"; }
    uint32_t getVersion() const override { return d_version(1, 0, 0); }
    int64_t getUniqueId() const override { return d_cconst('V', 'c', 'C', 'r'); }

    void run(const float** inputs, float** outputs, uint32_t frames) override {
        for (uint32_t i = 0; i < frames; ++i) {
            outputs[0][i] = inputs[0][i];
            outputs[1][i] = inputs[1][i];
        }
    }

    DISTRHO_DECLARE_NON_COPYABLE_WITH_LEAK_DETECTOR(VcpiTestCrash)
};

Plugin* createPlugin() { return new VcpiTestCrash(); }

END_NAMESPACE_DISTRHO
