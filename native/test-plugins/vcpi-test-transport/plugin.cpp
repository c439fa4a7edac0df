// vcpi transport probe: passes audio through and remembers the transport DPF gave its last processed block (and
// how many blocks it saw, how many of them stopped). The engine's transport tests read it from the state value
// "position" — one line "vcpi-transport{key=value;...}" — through the engine's getState(), so the plugin reports
// what a real plugin sees, in either format, offline or live.
#include <atomic>
#include <cstdio>

#include "DistrhoPlugin.hpp"

START_NAMESPACE_DISTRHO

class VcpiTestTransport : public Plugin {
public:
    VcpiTestTransport() : Plugin(0, 0, 1) {}

protected:
    const char* getLabel() const override { return "VcpiTestTransport"; }
    const char* getDescription() const override { return "Passes audio through; reports the host transport in its state"; }
    const char* getMaker() const override { return "vcpi"; }
    const char* getLicense() const override { return "MIT"; }
    uint32_t getVersion() const override { return d_version(1, 0, 0); }
    int64_t getUniqueId() const override { return d_cconst('V', 'c', 'T', 'p'); }

    void initState(uint32_t, State& state) override {
        state.key = "position";
        state.defaultValue = "";
        state.label = "Last transport seen (read-only)";
        state.hints = kStateIsHostReadable | kStateIsOnlyForDSP;
    }

    String getState(const char* key) const override {
        if (String(key) != "position") return String();
        char text[512];
        std::snprintf(text, sizeof text,
                      "vcpi-transport{blocks=%llu;stopped=%llu;playing=%d;frame=%lld;valid=%d;bpm=%.9f;bar=%d;beat=%d;"
                      "tick=%.9f;beatsPerBar=%.3f;beatType=%.3f;ticksPerBeat=%.3f;barStartTick=%.3f}",
                      static_cast<unsigned long long>(blocks_.load()), static_cast<unsigned long long>(stopped_.load()),
                      playing_.load() ? 1 : 0, static_cast<long long>(frame_.load()), valid_.load() ? 1 : 0, bpm_.load(),
                      bar_.load(), beat_.load(), tick_.load(), beatsPerBar_.load(), beatType_.load(), ticksPerBeat_.load(),
                      barStartTick_.load());
        return String(text);
    }

    void setState(const char*, const char*) override {}  // read-only: a loaded state changes nothing

    void run(const float** inputs, float** outputs, uint32_t frames) override {
        const TimePosition& t = getTimePosition();
        playing_.store(t.playing);
        frame_.store(static_cast<int64_t>(t.frame));
        valid_.store(t.bbt.valid);
        bpm_.store(t.bbt.beatsPerMinute);
        bar_.store(t.bbt.bar);
        beat_.store(t.bbt.beat);
        tick_.store(t.bbt.tick);
        beatsPerBar_.store(t.bbt.beatsPerBar);
        beatType_.store(t.bbt.beatType);
        ticksPerBeat_.store(t.bbt.ticksPerBeat);
        barStartTick_.store(t.bbt.barStartTick);
        if (!t.playing) stopped_.fetch_add(1);
        blocks_.fetch_add(1);
        for (int c = 0; c < 2; ++c)
            if (outputs[c] != inputs[c])
                for (uint32_t i = 0; i < frames; ++i) outputs[c][i] = inputs[c][i];
    }

private:
    // written by run() (audio thread), read by getState() (the host's thread)
    std::atomic<unsigned long long> blocks_{0}, stopped_{0};
    std::atomic<bool> playing_{false}, valid_{false};
    std::atomic<int64_t> frame_{0};
    std::atomic<double> bpm_{0.0}, tick_{0.0}, beatsPerBar_{0.0}, beatType_{0.0}, ticksPerBeat_{0.0}, barStartTick_{0.0};
    std::atomic<int> bar_{0}, beat_{0};

    DISTRHO_DECLARE_NON_COPYABLE_WITH_LEAK_DETECTOR(VcpiTestTransport)
};

Plugin* createPlugin() { return new VcpiTestTransport(); }

END_NAMESPACE_DISTRHO
