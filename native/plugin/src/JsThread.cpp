#include "JsThread.hpp"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <future>
#include <limits>

#include "HostClock.hpp"

namespace vcpi::capture {

namespace {

constexpr double kIdleWaitUs = 2000.0;       // the longest the thread sleeps: input is drained at least this often
constexpr double kArpPollUs = 1e6;           // port presence, reconnection
constexpr double kFirstArpPollDelayUs = 5e5; // a host probing the plugin (load, prepare, unload) is gone by then
constexpr size_t kMinCallFrames = 256;       // small host blocks are gathered into audioBlock() calls of this size
constexpr size_t kMaxCallFrames = 16384;

std::string lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return s;
}

bool envFlag(const char* name) {
    const char* v = std::getenv(name);
    return v != nullptr && *v != '\0' && std::string(v) != "0";
}

}  // namespace

JsThread::JsThread(Bridge& bridge, TakeSlot& takes, const CaptureParameters& parameters, StatusBoard& board,
                   std::function<void(juce::AudioProcessorParameter&)> parameterChanged)
    : bridge_(bridge), takes_(takes), parameters_(parameters), board_(board), parameterChanged_(std::move(parameterChanged)),
      folder_(TakeFolder::defaultPath()) {
    staging_.reserve(kMaxCallFrames + AudioChunk::kFrames);
    if (const char* port = std::getenv("VCPI_ARP_PORT"); port != nullptr && *port != '\0') {
        const std::string p = lower(port);
        if (p == "off" || p == "none") arpOff_ = true;
        else arpFromEnvironment_ = port;
    }
    logToStderr_ = envFlag("VCPI_CAPTURE_LOG");
}

JsThread::~JsThread() {
    {
        std::lock_guard<std::mutex> lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_all();
    if (thread_.joinable()) thread_.join();
}

void JsThread::start(double sampleRate) {
    thread_ = std::thread([this, sampleRate] { run(sampleRate); });
}

void JsThread::post(std::function<void()> task) {
    {
        std::lock_guard<std::mutex> lock(mutex_);
        tasks_.push_back(std::move(task));
    }
    wake_.notify_all();
}

void JsThread::configure(double sampleRate) {
    post([this, sampleRate] {
        if (sampleRate != core_->sampleRate()) startCore(sampleRate);
        if (!arpActive_) {
            arpActive_ = true;  // from now on the port is looked for and watched, after a moment
            nextArpPollUs_ = hostNowUs() + kFirstArpPollDelayUs;
        }
    });
}

std::string JsThread::getState(std::chrono::milliseconds timeout) {
    auto done = std::make_shared<std::promise<std::string>>();
    auto result = done->get_future();
    post([this, done] { done->set_value(core_->running() ? core_->getState() : std::string()); });
    if (result.wait_for(timeout) == std::future_status::ready) {
        std::string state = result.get();
        if (!state.empty()) return state;
    }
    std::lock_guard<std::mutex> lock(mutex_);
    return cachedState_;
}

void JsThread::setState(const std::string& json, std::chrono::milliseconds timeout) {
    {
        std::lock_guard<std::mutex> lock(mutex_);
        cachedState_ = json;
    }
    auto done = std::make_shared<std::promise<void>>();
    auto applied = done->get_future();
    post([this, json, done] {
        core_->setState(json);
        arp_->setPreferred(arpFromEnvironment_.empty() ? core_->arpPort() : arpFromEnvironment_);
        publish();
        done->set_value();
    });
    applied.wait_for(timeout);
}

void JsThread::setParameter(juce::AudioParameterBool* parameter, bool value) {
    if (parameter->get() == value) return;
    *parameter = value;
    parameterChanged_(*parameter);
}

void JsThread::log(const std::string& line) {
    board_.log(line);
    if (!logToStderr_) return;
    const bool prefixed = line.rfind("VintageCapture", 0) == 0;
    std::fprintf(stderr, "%s%s\n", prefixed ? "" : "VintageCapture: ", line.c_str());
}

// --- the loop ----------------------------------------------------------------------------------------------------

void JsThread::run(double sampleRate) {
    arp_ = std::make_unique<ArpPort>([this](const std::string& line) { log(line); });
    arp_->setDisabled(arpOff_);
    CaptureCore::Host host;
    host.sendToArp = [this](const uint8_t* bytes, size_t size, double fromUs) { arp_->send(bytes, size, fromUs); };
    host.setTimer = [this](int id, double atUs) { timers_[id] = atUs; };
    host.clearTimer = [this](int id) { timers_.erase(id); };
    host.writeFile = [this](const std::string& name, const uint8_t* bytes, size_t size, std::string& where) {
        return folder_.write(name, bytes, size, where);
    };
    host.log = [this](const std::string& line) { log(line); };
    core_ = std::make_unique<CaptureCore>(std::move(host));
    startCore(sampleRate);

    for (;;) {
        runTasks();
        drainAudio();  // before timers: a wait for "audio up to sample N" resolves before its deadline fires
        drainEvents();
        fireTimers();
        if (arpActive_ && hostNowUs() >= nextArpPollUs_) pollArp(false);
        publish();
        takes_.collect();

        std::unique_lock<std::mutex> lock(mutex_);
        if (stopping_) break;
        if (!tasks_.empty()) continue;
        const double waitUs = std::clamp(nextWakeUs() - hostNowUs(), 0.0, kIdleWaitUs);
        wake_.wait_for(lock, std::chrono::microseconds(static_cast<int64_t>(waitUs)));
        if (stopping_) break;
    }
    core_.reset();  // QuickJS is freed on the thread that made it
    arp_.reset();
}

void JsThread::runTasks() {
    for (;;) {
        std::function<void()> task;
        {
            std::lock_guard<std::mutex> lock(mutex_);
            if (tasks_.empty()) return;
            task = std::move(tasks_.front());
            tasks_.pop_front();
        }
        task();
    }
}

void JsThread::startCore(double sampleRate) {
    timers_.clear();
    staging_.clear();
    const Result r = core_->start(sampleRate);
    if (!r.ok()) {
        log(r.error);
        status_.message = "the capture core failed: " + r.error;
        board_.setCore(status_);
        return;
    }
    arp_->setPreferred(arpFromEnvironment_.empty() ? core_->arpPort() : arpFromEnvironment_);
    publish();
}

double JsThread::nextWakeUs() const {
    double next = arpActive_ ? nextArpPollUs_ : std::numeric_limits<double>::infinity();
    for (const auto& [id, at] : timers_) next = std::min(next, at);
    return next;
}

void JsThread::drainAudio() {
    AudioChunk chunk;
    while (bridge_.audio.pop(chunk)) {
        const bool contiguous = chunk.startSample == stagingStart_ + static_cast<int64_t>(staging_.size());
        if (!staging_.empty() &&
            (!contiguous || (chunk.blockStart && staging_.size() >= kMinCallFrames) || staging_.size() >= kMaxCallFrames))
            flushAudio();
        if (staging_.empty()) {
            stagingStart_ = chunk.startSample;
            stagingHostUs_ = chunk.hostUs;
        }
        staging_.insert(staging_.end(), chunk.samples, chunk.samples + chunk.frames);
    }
    flushAudio();
}

void JsThread::flushAudio() {
    if (staging_.empty()) return;
    core_->audioBlock(staging_.data(), staging_.size(), stagingStart_, stagingHostUs_);
    staging_.clear();
}

void JsThread::drainEvents() {
    arp_->drain([this](const ArpBytes& bytes) { core_->arpBytes(bytes.data, bytes.size, bytes.hostUs); });
    MidiItem midi;
    while (bridge_.midi.pop(midi)) core_->midi(midi.data, midi.size, midi.sample);
    TransportItem transport;
    bool changed = false;
    while (bridge_.transport.pop(transport)) {
        transport_ = transport;
        changed = true;
    }
    if (changed) {
        haveTransport_ = true;
        core_->transport(transport_.bpm, transport_.beatsPerBar, transport_.originSample);
    }
    ActionItem action;
    while (bridge_.actions.pop(action)) handle(action);
}

void JsThread::handle(const ActionItem& action) {
    switch (action.action) {
        case Action::calibrate:
            if (!arp_->connected()) pollArp(true);
            core_->calibrate();
            setParameter(parameters_.calibrate, false);
            break;
        case Action::recordOn:
            core_->record(true);
            publish();
            if (status_.mode != "recording") setParameter(parameters_.record, false);  // refused: say so on the toggle
            break;
        case Action::recordOff:
            core_->record(false);
            break;
        case Action::play:
            if (!arp_->connected()) pollArp(true);
            core_->play();
            setParameter(parameters_.play, false);
            break;
        case Action::send:
            if (!arp_->connected()) pollArp(true);
            core_->send();
            setParameter(parameters_.send, false);
            break;
        case Action::abort:
            core_->abort();
            setParameter(parameters_.abort, false);
            break;
    }
}

void JsThread::fireTimers() {
    for (int fired = 0; fired < 1000 && !timers_.empty(); ++fired) {
        const auto due = std::min_element(timers_.begin(), timers_.end(), [](const auto& a, const auto& b) { return a.second < b.second; });
        if (due->second > hostNowUs()) return;
        const int id = due->first;
        timers_.erase(due);
        core_->timer(id);
    }
}

void JsThread::pollArp(bool search) {
    arp_->poll(search);
    nextArpPollUs_ = hostNowUs() + kArpPollUs;
    if (arp_->connected() && !arp_->name().empty() && arp_->name() != core_->arpPort()) {
        core_->setArpPort(arp_->name());
        const std::string state = core_->getState();
        std::lock_guard<std::mutex> lock(mutex_);
        cachedState_ = state;
    }
    const uint64_t drops = arp_->drops() + bridge_.audioDrops.load() + bridge_.midiDrops.load() +
                           bridge_.transportDrops.load() + bridge_.actionDrops.load();
    board_.setArp(arp_->describe(), drops);
    setParameter(parameters_.arp, arp_->connected());
}

void JsThread::publish() {
    CoreStatus status;
    if (!core_->takeStatus(status)) return;
    const bool wasRecording = status_.mode == "recording";
    status_ = std::move(status);
    parameters_.publish(status_, arp_->connected(), parameterChanged_);
    board_.setCore(status_);
    if (wasRecording && status_.mode != "recording") setParameter(parameters_.record, false);
    const std::string state = core_->getState();
    {
        std::lock_guard<std::mutex> lock(mutex_);
        cachedState_ = state;
    }
    std::vector<float> audio;
    int64_t barSample = 0;
    if (!core_->takeNewTake(audio, barSample)) return;
    auto take = std::make_unique<TakeBuffer>();
    take->audio = std::move(audio);
    take->barSample = barSample;
    if (haveTransport_ && transport_.bpm > 0.0) {
        const double samplesPerBeat = 60.0 / transport_.bpm * core_->sampleRate();
        take->barPpq = (static_cast<double>(barSample) - transport_.originSample) / samplesPerBeat;
        take->hasBarPpq = true;
    }
    log("take ready: " + std::to_string(take->audio.size()) + " samples from sample " + std::to_string(barSample));
    takes_.publish(std::move(take));
}

}  // namespace vcpi::capture
