// vcpi-jack-capture: a JACK client for tests and benchmarks. Records audio from the given ports and timestamps
// MIDI from one port, in engine-clock ns (CLOCK_MONOTONIC, the clock of Engine::nowNs; JACK's own microseconds are
// CLOCK_MONOTONIC_RAW and are converted),
// until --seconds pass or SIGTERM/SIGINT. Prints "READY" once connected, then at the end:
//   AUDIO <first frame ns> <frames> <channels>     (samples written to --out as interleaved float32)
//   CYCLE <frame> <ns>                              (per audio cycle: the recording's frame index its first
//                                                    frame went to, and that frame's time)
//   MIDI <ns> <hex bytes>                           (one line per event)
//   XRUNS <n>                                       (the server's xrun notices while it recorded)
// A cycle's time is JACK's own estimate for it (jack_get_cycle_times), so a recording stays on the server's frame
// clock even when cycles come late or some are lost; the CYCLE lines tell where.
// Usage: vcpi-jack-capture [--audio PORT]... [--midi PORT] [--seconds S] [--out FILE] [--name CLIENT]
#include <jack/jack.h>
#include <jack/midiport.h>

#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <ctime>
#include <thread>
#include <vector>

namespace {

struct MidiRecord {
    int64_t ns;
    uint8_t size;
    uint8_t data[3];
};

std::atomic<bool> quit{false};
jack_client_t* client = nullptr;
std::vector<jack_port_t*> audioPorts;
jack_port_t* midiPort = nullptr;
std::vector<std::vector<float>> audio;
std::atomic<size_t> framesRecorded{0};
std::atomic<int64_t> firstFrameNs{-1};
std::vector<MidiRecord> midi;
std::atomic<size_t> midiCount{0};
std::atomic<bool> serverGone{false};
struct CycleRecord {
    int64_t frame;
    int64_t ns;
};
std::vector<CycleRecord> cycles;  // sized before activation; the process callback only writes into it
std::atomic<size_t> cycleCount{0};
std::atomic<int> xruns{0};

int process(jack_nframes_t n, void*) {
    jack_nframes_t cycleStart = 0;
    jack_time_t startUs = 0, nextUs = 0;
    float periodUs = 0;
    jack_get_cycle_times(client, &cycleStart, &startUs, &nextUs, &periodUs);
    const double nsPerFrame = static_cast<double>(nextUs - startUs) * 1000.0 / n;
    // JACK's clock is CLOCK_MONOTONIC_RAW; the engine's (and Link's here) is CLOCK_MONOTONIC: convert.
    timespec mono{}, raw{};
    clock_gettime(CLOCK_MONOTONIC, &mono);
    clock_gettime(CLOCK_MONOTONIC_RAW, &raw);
    const int64_t offsetNs = (static_cast<int64_t>(mono.tv_sec) - raw.tv_sec) * 1000000000LL + (mono.tv_nsec - raw.tv_nsec);
    const int64_t cycleNs = static_cast<int64_t>(startUs) * 1000 + offsetNs;
    if (!audioPorts.empty()) {
        size_t done = framesRecorded.load();
        if (firstFrameNs.load() < 0) firstFrameNs.store(cycleNs);
        const size_t room = audio[0].size() - done;
        const size_t take = std::min<size_t>(room, n);
        const size_t k = cycleCount.load();
        if (take > 0 && k < cycles.size()) {
            cycles[k] = CycleRecord{static_cast<int64_t>(done), cycleNs};
            cycleCount.store(k + 1);
        }
        for (size_t c = 0; c < audioPorts.size(); ++c) {
            const auto* in = static_cast<const float*>(jack_port_get_buffer(audioPorts[c], n));
            std::memcpy(audio[c].data() + done, in, take * sizeof(float));
        }
        framesRecorded.store(done + take);
    }
    if (midiPort != nullptr) {
        void* buffer = jack_port_get_buffer(midiPort, n);
        const uint32_t events = jack_midi_get_event_count(buffer);
        for (uint32_t i = 0; i < events; ++i) {
            jack_midi_event_t event;
            if (jack_midi_event_get(&event, buffer, i) != 0) continue;
            const size_t k = midiCount.load();
            if (k >= midi.size()) break;
            MidiRecord& r = midi[k];
            r.ns = cycleNs + static_cast<int64_t>(event.time * nsPerFrame);
            r.size = static_cast<uint8_t>(std::min<size_t>(3, event.size));
            std::memcpy(r.data, event.buffer, r.size);
            midiCount.store(k + 1);
        }
    }
    return 0;
}

int onXrun(void*) {
    xruns.fetch_add(1);
    return 0;
}

void onShutdown(void*) {
    serverGone.store(true);
    quit.store(true);
}

void onSignal(int) { quit.store(true); }

[[noreturn]] void fail(const std::string& message) {
    std::fprintf(stderr, "vcpi-jack-capture: %s\n", message.c_str());
    std::exit(2);
}

}  // namespace

int main(int argc, char** argv) {
    std::vector<std::string> sources;
    std::string midiSource, out, name = "vcpi-capture";
    double seconds = 10;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        auto value = [&]() -> std::string {
            if (i + 1 >= argc) fail(a + " needs a value");
            return argv[++i];
        };
        if (a == "--audio") sources.push_back(value());
        else if (a == "--midi") midiSource = value();
        else if (a == "--seconds") seconds = std::atof(value().c_str());
        else if (a == "--out") out = value();
        else if (a == "--name") name = value();
        else fail("unknown argument " + a);
    }
    if (!sources.empty() && out.empty()) fail("--audio needs --out FILE");
    jack_status_t status{};
    client = jack_client_open(name.c_str(), JackNoStartServer, &status);
    if (client == nullptr) fail("cannot connect to the JACK server (status 0x" + std::to_string(status) + ")");
    const jack_nframes_t rate = jack_get_sample_rate(client);
    for (size_t c = 0; c < sources.size(); ++c) {
        audioPorts.push_back(jack_port_register(client, ("in_" + std::to_string(c + 1)).c_str(), JACK_DEFAULT_AUDIO_TYPE, JackPortIsInput, 0));
        audio.emplace_back(static_cast<size_t>(seconds * rate) + 1, 0.0f);
    }
    if (!sources.empty()) cycles.resize(static_cast<size_t>(seconds * rate) / 16 + 16);  // periods of 16 frames or more
    if (!midiSource.empty()) {
        midiPort = jack_port_register(client, "midi_in", JACK_DEFAULT_MIDI_TYPE, JackPortIsInput, 0);
        midi.resize(200000);
    }
    jack_set_process_callback(client, process, nullptr);
    jack_set_xrun_callback(client, onXrun, nullptr);
    jack_on_shutdown(client, onShutdown, nullptr);
    if (jack_activate(client) != 0) fail("cannot activate the client");
    for (size_t c = 0; c < sources.size(); ++c)
        if (jack_connect(client, sources[c].c_str(), jack_port_name(audioPorts[c])) != 0) fail("cannot connect " + sources[c]);
    if (midiPort != nullptr && jack_connect(client, midiSource.c_str(), jack_port_name(midiPort)) != 0) fail("cannot connect " + midiSource);
    std::signal(SIGTERM, onSignal);
    std::signal(SIGINT, onSignal);
    std::printf("READY\n");
    std::fflush(stdout);
    const auto until = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
    while (!quit.load() && std::chrono::steady_clock::now() < until) std::this_thread::sleep_for(std::chrono::milliseconds(5));
    if (!serverGone.load()) {
        jack_deactivate(client);
        jack_client_close(client);
    }
    if (!audioPorts.empty()) {
        const size_t frames = framesRecorded.load();
        FILE* file = std::fopen(out.c_str(), "wb");
        if (file == nullptr) fail("cannot write " + out);
        std::vector<float> interleaved(frames * audioPorts.size());
        for (size_t i = 0; i < frames; ++i)
            for (size_t c = 0; c < audioPorts.size(); ++c) interleaved[i * audioPorts.size() + c] = audio[c][i];
        std::fwrite(interleaved.data(), sizeof(float), interleaved.size(), file);
        std::fclose(file);
        std::printf("AUDIO %lld %zu %zu\n", static_cast<long long>(firstFrameNs.load()), frames, audioPorts.size());
        for (size_t i = 0; i < cycleCount.load(); ++i)
            std::printf("CYCLE %lld %lld\n", static_cast<long long>(cycles[i].frame), static_cast<long long>(cycles[i].ns));
    }
    for (size_t i = 0; i < midiCount.load(); ++i) {
        std::printf("MIDI %lld", static_cast<long long>(midi[i].ns));
        for (int b = 0; b < midi[i].size; ++b) std::printf(" %02x", midi[i].data[b]);
        std::printf("\n");
    }
    std::printf("XRUNS %d\n", xruns.load());
    if (serverGone.load()) std::printf("SERVER_GONE\n");
    return 0;
}
