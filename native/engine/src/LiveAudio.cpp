#include "LiveAudio.hpp"

#include <algorithm>
#include <cmath>

#include <unistd.h>

#include "Engine.hpp"
#include "JackFrameClock.hpp"
#include "JackWatch.hpp"
#include "LinkSession.hpp"

namespace vcpi {

namespace {
constexpr int kAudioPriority = 70;
constexpr int kMaxBuffer = 8192;
constexpr int kMaxInputs = 64;
constexpr double kGapFactor = 1.8;     // a callback later than 1.8 periods after the previous one is an xrun
constexpr int kSuperviseMs = 500;

std::string lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return s;
}

juce::StringArray deviceNames(juce::AudioIODeviceType& type) {
    juce::StringArray names = type.getDeviceNames(false);
    for (const auto& input : type.getDeviceNames(true))
        if (!names.contains(input)) names.add(input);
    return names;
}

std::unique_ptr<juce::AudioIODevice> createDevice(juce::AudioIODeviceType& type, const juce::String& name) {
    const juce::String output = type.getDeviceNames(false).contains(name) ? name : juce::String();
    const juce::String input = type.getDeviceNames(true).contains(name) ? name : juce::String();
    return std::unique_ptr<juce::AudioIODevice>(type.createDevice(output, input));
}
}  // namespace

class LiveAudio::Supervisor : public juce::Timer {
public:
    explicit Supervisor(LiveAudio& owner) : owner_(owner) { startTimer(kSuperviseMs); }
    ~Supervisor() override { stopTimer(); }
    void timerCallback() override { owner_.supervise(); }

private:
    LiveAudio& owner_;
};

LiveAudio::LiveAudio(Engine& engine, LinkSession* link)
    : engine_(engine), link_(link), tap_(engine.config().sampleRate), scratchL_(kMaxBuffer), scratchR_(kMaxBuffer),
      inputPointers_(kMaxInputs, nullptr) {
    JackWatch::silenceJack();
}

LiveAudio::~LiveAudio() { stop(); }

std::vector<AudioDeviceInfo> LiveAudio::list() {
    std::vector<AudioDeviceInfo> out;
    if (jackType_ == nullptr) jackType_.reset(juce::AudioIODeviceType::createAudioIODeviceType_JACK());
    if (alsaType_ == nullptr) alsaType_.reset(juce::AudioIODeviceType::createAudioIODeviceType_ALSA());
    for (auto* type : {jackType_.get(), alsaType_.get()}) {
        if (type == nullptr) continue;
        type->scanForDevices();
        for (const auto& name : deviceNames(*type)) {
            AudioDeviceInfo info;
            info.type = lower(type->getTypeName().toStdString());
            info.name = name.toStdString();
            if (auto device = createDevice(*type, name)) {
                info.inputs = device->getInputChannelNames().size();
                info.outputs = device->getOutputChannelNames().size();
                for (double rate : device->getAvailableSampleRates()) info.sampleRates.push_back(rate);
                for (int size : device->getAvailableBufferSizes()) info.bufferSizes.push_back(size);
            }
            out.push_back(info);
        }
    }
    AudioDeviceInfo null;
    null.type = "null";
    null.name = "null";
    null.outputs = 2;
    null.sampleRates = {engine_.config().sampleRate};
    null.bufferSizes = {engine_.config().blockSize};
    out.push_back(null);
    for (size_t i = 0; i < out.size(); ++i) out[i].index = static_cast<int>(i);
    return out;
}

Status LiveAudio::start(const AudioRequest& request, AudioStatus& opened) {
    stop();
    if (request.type != "" && request.type != "jack" && request.type != "alsa" && request.type != "null")
        return Status::error("ERR_BAD_ARGUMENT", "audio: unknown device type '" + request.type + "' (jack, alsa or null)");
    const int buffer = request.bufferSize > 0 ? request.bufferSize : engine_.config().blockSize;
    if (buffer < 16 || buffer > kMaxBuffer) return Status::error("ERR_BAD_ARGUMENT", "audio: buffer size must be 16.." + std::to_string(kMaxBuffer));
    Status status = engine_.acquireAudioRole("audio");
    if (!status.ok()) return status;
    holdsRole_ = true;
    request_ = request;
    request_.bufferSize = buffer;
    std::string tried;
    status = openDevice(request_, tried);
    if (!status.ok()) {
        engine_.releaseAudioRole();
        holdsRole_ = false;
        return status;
    }
    wanted_.store(true);
    serverGone_.store(false);
    supervisor_ = std::make_unique<Supervisor>(*this);
    opened = this->status();
    return Status::success();
}

Status LiveAudio::openDevice(const AudioRequest& request, std::string& tried) {
    AudioRequest r = request;
    if (r.index >= 0) {
        const auto devices = list();
        if (r.index >= static_cast<int>(devices.size()))
            return Status::error("ERR_AUDIO_DEVICE", "audio: no device with index " + std::to_string(r.index) + " (there are " +
                                                         std::to_string(devices.size()) + ")");
        const AudioDeviceInfo& chosen = devices[static_cast<size_t>(r.index)];
        if (!r.type.empty() && r.type != chosen.type)
            return Status::error("ERR_AUDIO_DEVICE", "audio: device " + std::to_string(r.index) + " is a " + chosen.type + " device, not " + r.type);
        r.type = chosen.type;
        r.device = chosen.name;
    }
    if (r.type == "null") {
        const double rate = engine_.config().sampleRate;
        nullDriver_ = std::make_unique<NullAudioDriver>(rate, r.bufferSize);
        beginRun(rate, r.bufferSize);
        {
            std::lock_guard<std::mutex> lock(infoMutex_);
            info_ = AudioStatus();
            info_.type = "null";
            info_.device = "null";
            info_.sampleRate = rate;
            info_.bufferSize = r.bufferSize;
            info_.outputs = 2;
        }
        nullDriver_->start([this](float* left, float* right, int n, int64_t wakeNs) { process(nullptr, 0, left, right, n, wakeNs); });
        return Status::success();
    }
    const std::vector<std::string> types = r.type.empty() ? std::vector<std::string>{"jack", "alsa"} : std::vector<std::string>{r.type};
    for (const auto& type : types) {
        Status status = openJuce(type, r, tried);
        if (status.ok() || status.code == "ERR_AUDIO_SAMPLE_RATE") return status;
    }
    return Status::error("ERR_AUDIO_DEVICE", "audio: no device could be opened: " + tried +
                                                 ". Try: start a JACK server (e.g. jackd -d alsa -d hw:0) or name another device "
                                                 "(list them with audioDevices()), or use type 'null' to run without a sound card");
}

Status LiveAudio::openJuce(const std::string& type, const AudioRequest& r, std::string& tried) {
    auto& slot = type == "jack" ? jackType_ : alsaType_;
    if (slot == nullptr) slot.reset(type == "jack" ? juce::AudioIODeviceType::createAudioIODeviceType_JACK()
                                                   : juce::AudioIODeviceType::createAudioIODeviceType_ALSA());
    const std::string label = type == "jack" ? "JACK" : "ALSA";
    auto note = [&](const std::string& why) {
        tried += (tried.empty() ? "" : "; ") + label + ": " + why;
        return Status::error("ERR_AUDIO_DEVICE", why);
    };
    if (slot == nullptr) return note("not built into this engine");
    slot->scanForDevices();
    const juce::StringArray names = deviceNames(*slot);
    if (names.isEmpty())
        return note(type == "jack" ? "no server is running (start jackd; JACK_DEFAULT_SERVER names a non-default server)"
                                   : "no sound card found (is /dev/snd there, and is the user in the audio group?)");
    juce::String chosen;
    if (r.device.empty()) chosen = type == "jack" && names.contains("system") ? juce::String("system") : names[0];
    for (const auto& name : names)
        if (chosen.isEmpty() && lower(name.toStdString()).find(lower(r.device)) != std::string::npos) chosen = name;
    if (chosen.isEmpty()) return note("no device matching '" + r.device + "' (devices: " + names.joinIntoString(", ").toStdString() + ")");
    auto device = createDevice(*slot, chosen);
    if (device == nullptr) return note("cannot create device '" + chosen.toStdString() + "'");
    const double rate = engine_.config().sampleRate;
    const int ins = std::min({r.inputs, device->getInputChannelNames().size(), kMaxInputs});
    const int outs = std::min(2, device->getOutputChannelNames().size());
    juce::BigInteger inBits, outBits;
    if (ins > 0) inBits.setRange(0, ins, true);
    if (outs > 0) outBits.setRange(0, outs, true);
    const juce::String error = device->open(inBits, outBits, rate, r.bufferSize);
    if (error.isNotEmpty()) return note("'" + chosen.toStdString() + "': " + error.toStdString());
    if (std::fabs(device->getCurrentSampleRate() - rate) > 0.5) {
        const double actual = device->getCurrentSampleRate();
        device->close();
        return Status::error("ERR_AUDIO_SAMPLE_RATE", "audio: " + label + " device '" + chosen.toStdString() + "' runs at " +
                                                          juce::String(actual).toStdString() + " Hz but the engine was created for " +
                                                          juce::String(rate).toStdString() + " Hz; create the Engine with sampleRate " +
                                                          juce::String(actual).toStdString());
    }
    const int buffer = device->getCurrentBufferSizeSamples();
    beginRun(rate, buffer);
    {
        std::lock_guard<std::mutex> lock(infoMutex_);
        info_ = AudioStatus();
        info_.type = type;
        info_.device = chosen.toStdString();
        info_.sampleRate = device->getCurrentSampleRate();
        info_.bufferSize = buffer;
        info_.inputs = device->getActiveInputChannels().countNumberOfSetBits();
        info_.outputs = device->getActiveOutputChannels().countNumberOfSetBits();
        info_.outputLatency = device->getOutputLatencyInSamples();
        info_.inputLatency = device->getInputLatencyInSamples();
        if (buffer > engine_.config().blockSize)
            info_.warning = "the device's buffer (" + std::to_string(buffer) + ") is larger than the engine's block size (" +
                            std::to_string(engine_.config().blockSize) + "): MIDI arriving during a callback can be late; "
                            "create the Engine with blockSize " + std::to_string(buffer);
    }
    outputLatencyNs_.store(static_cast<int64_t>(std::llround(info_.outputLatency * 1e9 / rate)));
    engine_.transport().setOutputLatencyNs(outputLatencyNs_.load());
    liveDevice_.store(device.get());
    // JACK: anchor the blocks on the server's own cycle times (jack_get_cycle_times reads the server's frame timer,
    // which every client of it sees), so this engine, the other clients and their MIDI stamps share one frame ↔ time
    // map. JUCE's device keeps its client to itself; JackWatch's is a client of the same server.
    jackTimes_.store(type == "jack" && JackWatch::instance().poll() ? JackWatch::instance().client() : nullptr);
    device->start(this);
    device_ = std::move(device);
    return Status::success();
}

void LiveAudio::beginRun(double sampleRate, int bufferSize) {
    // No callback runs yet: the audio-thread state can be reset here.
    clock_.reset(1e9 / sampleRate, bufferSize);
    periodNs_.store(1e9 * bufferSize / sampleRate);
    lastRawNs_ = 0;
    firstCallback_ = true;
    running_.store(false);
    callbacks_.store(0);
    gaps_.store(0);
    deviceXruns_.store(0);
    resyncs_.store(0);
    schedKnown_.store(false);
    threadId_.store(0);
    lateAtNs_.store(0);
    lateGapNs_.store(0);
    outputLatencyNs_.store(0);
    engine_.transport().setOutputLatencyNs(0);
    resetPeaks();
}

void LiveAudio::closeDevice() {
    if (nullDriver_ != nullptr) {
        nullDriver_->stop();
        nullDriver_.reset();
    }
    if (device_ != nullptr) {
        device_->stop();
        device_->close();
        liveDevice_.store(nullptr);
        jackTimes_.store(nullptr);
        device_.reset();
    }
    running_.store(false);
}

void LiveAudio::stop() {
    supervisor_.reset();
    wanted_.store(false);
    stopping_.store(true);
    closeDevice();
    stopping_.store(false);
    serverGone_.store(false);
    if (holdsRole_) {
        engine_.releaseAudioRole();
        holdsRole_ = false;
    }
}

void LiveAudio::supervise() {
    // Graphs the audio thread handed back (and the plugins only they held) are freed here too, not only at the next
    // load or remove: an idle live engine gives a removed plugin's memory back within half a second.
    engine_.collectGarbage();
    if (!wanted_.load() || nullDriver_ != nullptr) return;
    if (device_ != nullptr && device_->isOpen() && device_->isPlaying()) return;
    serverGone_.store(true);
    stopping_.store(true);
    closeDevice();
    stopping_.store(false);
    std::string tried;
    if (openDevice(request_, tried).ok()) {
        serverGone_.store(false);
        recoveries_.fetch_add(1);
    }
}

void LiveAudio::resetPeaks() noexcept {
    callbackMaxNs_.store(0);
    callbackMaxAtNs_.store(0);
    callbackSumNs_.store(0);
    callbackCount_.store(0);
    load_.store(0.0);
}

AudioStatus LiveAudio::status() const {
    AudioStatus s;
    {
        std::lock_guard<std::mutex> lock(infoMutex_);
        s = info_;
    }
    const int64_t idle = Engine::nowNs() - lastCallbackNs_.load();
    s.wanted = wanted_.load();
    s.running = running_.load() && idle < std::max<int64_t>(200'000'000, static_cast<int64_t>(10 * periodNs_.load()));
    s.serverGone = serverGone_.load();
    s.callbacks = callbacks_.load();
    s.deviceXruns = deviceXruns_.load();
    s.callbackGaps = gaps_.load();
    // JACK reports its own xruns; other drivers are judged by late callbacks.
    s.xruns = s.type == "jack" ? s.deviceXruns : s.callbackGaps;
    s.recoveries = recoveries_.load();
    s.clockResyncs = resyncs_.load();
    const int64_t count = callbackCount_.load();
    s.callbackMeanUs = count > 0 ? static_cast<double>(callbackSumNs_.load()) / static_cast<double>(count) / 1000.0 : 0.0;
    s.callbackMaxUs = static_cast<double>(callbackMaxNs_.load()) / 1000.0;
    s.periodUs = periodNs_.load() / 1000.0;
    s.callbackMaxAtNs = callbackMaxAtNs_.load();
    s.lateCallbackAtNs = lateAtNs_.load();
    s.lateCallbackGapUs = static_cast<double>(lateGapNs_.load()) / 1000.0;
    s.threadId = threadId_.load();
    if (s.type == "jack") s.jackXrunAtNs = JackWatch::instance().lastXrunNs();
    s.loadPercent = load_.load() * 100.0;
    if (schedKnown_.load()) {
        ThreadPriority p;
        p.policy = schedPolicy_.load();
        p.priority = schedPriority_.load();
        p.error = schedError_.load();
        p.realtime = p.policy == SCHED_FIFO || p.policy == SCHED_RR;
        s.realtime = p.realtime;
        s.priority = p.describe();
        if (!p.realtime) {
            const std::string rt = "the audio thread is not real-time (" + p.describe() +
                                   "): expect xruns under load; allow real-time scheduling (rtprio in /etc/security/limits.d, the audio group)";
            s.warning = s.warning.empty() ? rt : s.warning + "; " + rt;
        }
    }
    return s;
}

void LiveAudio::audioDeviceIOCallbackWithContext(const float* const* inputs, int numInputs, float* const* outputs, int numOutputs,
                                                 int numSamples, const juce::AudioIODeviceCallbackContext&) {
    const int64_t raw = Engine::nowNs();
    if (numSamples > kMaxBuffer) {
        for (int c = 0; c < numOutputs; ++c)
            if (outputs[c] != nullptr) std::fill(outputs[c], outputs[c] + numSamples, 0.0f);
        return;
    }
    float* left = numOutputs > 0 && outputs[0] != nullptr ? outputs[0] : scratchL_.data();
    float* right = numOutputs > 1 && outputs[1] != nullptr ? outputs[1] : scratchR_.data();
    process(inputs, numInputs, left, right, numSamples, raw);
    for (int c = 2; c < numOutputs; ++c)
        if (outputs[c] != nullptr) std::fill(outputs[c], outputs[c] + numSamples, 0.0f);
}

void LiveAudio::audioDeviceAboutToStart(juce::AudioIODevice*) {}

void LiveAudio::audioDeviceStopped() {
    running_.store(false);
    if (!stopping_.load()) serverGone_.store(true);
}

void LiveAudio::audioDeviceError(const juce::String& message) {
    std::lock_guard<std::mutex> lock(infoMutex_);
    info_.error = message.toStdString();
}

void LiveAudio::process(const float* const* inputs, int numInputs, float* left, float* right, int n, int64_t rawNs) noexcept {
    if (firstCallback_) {
        // Once per run: a system call or two, no allocation.
        firstCallback_ = false;
        const ThreadPriority p = ThreadPriority::promoteCurrent(kAudioPriority);
        schedPolicy_.store(p.policy);
        schedPriority_.store(p.priority);
        schedError_.store(p.error);
        schedKnown_.store(true);
        threadId_.store(static_cast<int>(gettid()));
    }
    if (lastRawNs_ != 0 && static_cast<double>(rawNs - lastRawNs_) > kGapFactor * periodNs_.load(std::memory_order_relaxed)) {
        lateAtNs_.store(rawNs, std::memory_order_relaxed);
        lateGapNs_.store(rawNs - lastRawNs_, std::memory_order_relaxed);
        gaps_.fetch_add(1, std::memory_order_relaxed);
    }
    lastRawNs_ = rawNs;
    int64_t anchor = clock_.update(rawNs, n);  // the DLL runs either way: its resyncs are reported
    double frameNs = clock_.frameNs();
    if (jack_client_t* jack = jackTimes_.load(std::memory_order_relaxed)) {
        JackCycle cycle;
        if (currentJackCycle(jack, static_cast<jack_nframes_t>(n), cycle)) {
            anchor = cycle.startNs;
            frameNs = cycle.nsPerFrame;
        }
    }
    resyncs_.store(clock_.resyncs(), std::memory_order_relaxed);
    if (LinkSession* link = link_.load(std::memory_order_acquire))
        link->onAudioCallback(anchor + outputLatencyNs_.load(std::memory_order_relaxed));

    const int block = engine_.config().blockSize;
    const int ins = inputs == nullptr ? 0 : std::min(numInputs, kMaxInputs);
    for (int done = 0; done < n;) {
        const int m = std::min(block, n - done);
        for (int c = 0; c < ins; ++c) inputPointers_[static_cast<size_t>(c)] = inputs[c] != nullptr ? inputs[c] + done : nullptr;
        engine_.processBlock(left + done, right + done, m, anchor + static_cast<int64_t>(std::llround(done * frameNs)),
                             inputPointers_.data(), ins);
        done += m;
    }
    tap_.push(left, right, n);

    if (juce::AudioIODevice* device = liveDevice_.load(std::memory_order_relaxed))
        deviceXruns_.store(static_cast<uint64_t>(device->getXRunCount()), std::memory_order_relaxed);
    const int64_t end = Engine::nowNs();
    const int64_t elapsed = end - rawNs;
    if (elapsed > callbackMaxNs_.load(std::memory_order_relaxed)) {
        callbackMaxNs_.store(elapsed, std::memory_order_relaxed);
        callbackMaxAtNs_.store(rawNs, std::memory_order_relaxed);
    }
    callbackSumNs_.fetch_add(elapsed, std::memory_order_relaxed);
    callbackCount_.fetch_add(1, std::memory_order_relaxed);
    const double ratio = static_cast<double>(elapsed) * engine_.config().sampleRate * 1e-9 / n;
    load_.store(0.95 * load_.load(std::memory_order_relaxed) + 0.05 * ratio, std::memory_order_relaxed);
    lastCallbackNs_.store(end, std::memory_order_relaxed);
    callbacks_.fetch_add(1, std::memory_order_relaxed);
    running_.store(true, std::memory_order_relaxed);
}

}  // namespace vcpi
