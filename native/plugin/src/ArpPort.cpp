#include "ArpPort.hpp"

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <regex>
#include <thread>

#include <sys/stat.h>
#include <unistd.h>

#include <RtMidi.h>

#include "HostClock.hpp"
#include "JackMidiInput.hpp"
#include "JackMidiSender.hpp"
#include "MidiMessageSplitter.hpp"

namespace vcpi::capture {

namespace {

constexpr const char* kClientName = "VintageCapture";
constexpr uint8_t kIdentityRequest[] = {0xF0, 0x7E, 0x7F, 0x06, 0x01, 0xF7};  // PROTOCOL.md §4.5, "all call"
constexpr auto kIdentityWait = std::chrono::milliseconds(250);

// JACK2 keeps its server socket in /dev/shm: jack_<server>_<uid>_0. Checking it first keeps libjack from printing
// "cannot connect to server" every second where no JACK runs; its inode and time tell one server run from the next.
std::string jackServerIdentity() {
    const char* server = std::getenv("JACK_DEFAULT_SERVER");
    const std::string name = server != nullptr && *server != '\0' ? server : "default";
    struct stat st {};
    if (::stat(("/dev/shm/jack_" + name + "_" + std::to_string(::getuid()) + "_0").c_str(), &st) != 0) return {};
    return std::to_string(st.st_ino) + ":" + std::to_string(st.st_mtim.tv_sec) + "." + std::to_string(st.st_mtim.tv_nsec);
}

std::string lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return s;
}

const char* apiName(int api) { return api == RtMidi::UNIX_JACK ? "JACK" : "ALSA"; }

void reportError(RtMidiError::Type type, const std::string& text, void* user) {
    if (type == RtMidiError::DEBUG_WARNING) return;
    (*static_cast<ArpPort::Log*>(user))("Arp port: " + text);
}

template <typename Midi>
std::vector<std::string> portNames(Midi& midi) {
    std::vector<std::string> names;
    const unsigned int count = midi.getPortCount();
    for (unsigned int i = 0; i < count; ++i) names.push_back(midi.getPortName(i));
    return names;
}

// RtMidi throws from its constructors (before an error callback can be set); after that, errors go to the log.
template <typename Midi>
std::unique_ptr<Midi> makeMidi(int api, const char* client, ArpPort::Log& log) {
    try {
        auto midi = std::make_unique<Midi>(static_cast<RtMidi::Api>(api), client);
        midi->setErrorCallback(&reportError, &log);
        return midi;
    } catch (const RtMidiError& e) {
        log(std::string("Arp port: cannot use ") + apiName(api) + " MIDI: " + e.getMessage());
        return nullptr;
    }
}

}  // namespace

ArpPort::Input::Input() : queue(1024) {}

ArpPort::Input::~Input() {
    midi.reset();
    jack.reset();
}

ArpPort::Output::Output() = default;

ArpPort::Output::~Output() = default;

void ArpPort::Output::send(const uint8_t* message, size_t size, double fromUs) {
    if (jack != nullptr) {
        jack->send(message, size, static_cast<int64_t>(fromUs * 1e3) + jack->periodNs());
        return;
    }
    if (midi != nullptr) midi->sendMessage(message, size);
}

struct ArpPort::Api {
    int id = 0;
    std::unique_ptr<RtMidiIn> inputs;
    std::unique_ptr<RtMidiOut> outputs;
};

namespace {

// Splits a message into queue items stamped hostUs and pushes them. No allocation, lock or I/O.
void queueBytes(ArpPort::Input& in, const uint8_t* bytes, size_t n, double hostUs) noexcept {
    for (size_t off = 0; off < n;) {
        ArpBytes chunk;
        chunk.hostUs = hostUs;
        chunk.size = static_cast<uint16_t>(std::min<size_t>(ArpBytes::kBytes, n - off));
        std::memcpy(chunk.data, bytes + off, chunk.size);
        if (!in.queue.push(chunk)) in.drops.fetch_add(1, std::memory_order_relaxed);
        off += chunk.size;
    }
}

// RtMidi's input thread (ALSA): stamped on arrival.
void onMidiIn(double /*deltaSeconds*/, std::vector<unsigned char>* message, void* user) {
    queueBytes(*static_cast<ArpPort::Input*>(user), message->data(), message->size(), hostNowUs());
}

// JACK's process thread: stamped with the time of the event's frame (steady-clock ns → host µs).
void onJackIn(void* user, const uint8_t* data, size_t size, int64_t timeNs) noexcept {
    queueBytes(*static_cast<ArpPort::Input*>(user), data, size, static_cast<double>(timeNs) * 1e-3);
}

// `name`: the port's name as listed (JACK: its full name, which the plugin's own client connects to).
std::unique_ptr<ArpPort::Input> openInput(int api, unsigned int index, const std::string& name, ArpPort::Log& log) {
    auto in = std::make_unique<ArpPort::Input>();
    if (api == RtMidi::UNIX_JACK) {
        in->jack = std::make_unique<JackMidiInput>(&onJackIn, in.get());
        const std::string problem = in->jack->open(kClientName, "Arp in", name);
        if (problem.empty()) return in;
        log("Arp port: " + problem);
        return nullptr;
    }
    in->midi = makeMidi<RtMidiIn>(api, kClientName, log);
    if (in->midi == nullptr) return nullptr;
    in->midi->ignoreTypes(false, true, true);  // SysEx in (the Arp's replies); clock and active sensing out
    in->midi->setCallback(&onMidiIn, in.get());
    in->midi->openPort(index, "Arp in");
    return in->midi->isPortOpen() ? std::move(in) : nullptr;
}

std::unique_ptr<ArpPort::Output> openOutput(int api, unsigned int index, const std::string& name, ArpPort::Log& log) {
    auto out = std::make_unique<ArpPort::Output>();
    if (api == RtMidi::UNIX_JACK) {
        out->jack = std::make_unique<JackMidiSender>();
        const std::string problem = out->jack->open(kClientName, "Arp out", name);
        if (problem.empty()) return out;
        log("Arp port: " + problem);
        return nullptr;
    }
    out->midi = makeMidi<RtMidiOut>(api, kClientName, log);
    if (out->midi == nullptr) return nullptr;
    out->midi->openPort(index, "Arp out");
    return out->midi->isPortOpen() ? std::move(out) : nullptr;
}

}  // namespace

ArpPort::ArpPort(Log log) : log_(std::move(log)) {}

ArpPort::~ArpPort() {
    if (jackServerIdentity() != jackServer_) abandonJack();
    in_.reset();  // closes the port, stopping its callbacks, before the queue goes
    out_.reset();
    apis_.clear();
}

void ArpPort::setPreferred(const std::string& name) {
    if (name == preferred_) return;
    preferred_ = name;
    searchedSignature_.clear();
    if (connected() && !name.empty() && lower(inName_).find(lower(name)) == std::string::npos) disconnect("another port was chosen");
}

void ArpPort::setDisabled(bool disabled) {
    disabled_ = disabled;
    if (disabled && connected()) disconnect("the Arp port is turned off");
}

bool ArpPort::isOwnOrThrough(const std::string& portName) {
    return portName.rfind(kClientName, 0) == 0 || portName.find("Midi Through") != std::string::npos;
}

std::string ArpPort::commonName(const std::string& input, const std::string& output) {
    static const std::regex alsaNumbers(R"( \d+:\d+$)");
    const std::string a = std::regex_replace(input, alsaNumbers, "");
    const std::string b = std::regex_replace(output, alsaNumbers, "");
    if (a == b) return a;
    // The longest common substring: JACK ports of one device may differ in client ("x" and "x-01") and port name.
    size_t bestEnd = 0, bestLength = 0;
    std::vector<size_t> previous(b.size() + 1, 0), current(b.size() + 1, 0);
    for (size_t i = 1; i <= a.size(); ++i) {
        for (size_t j = 1; j <= b.size(); ++j) {
            current[j] = a[i - 1] == b[j - 1] ? previous[j - 1] + 1 : 0;
            if (current[j] > bestLength) {
                bestLength = current[j];
                bestEnd = i;
            }
        }
        std::swap(previous, current);
    }
    std::string common = a.substr(bestEnd - bestLength, bestLength);
    auto alnum = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; };
    while (!common.empty() && !alnum(common.back())) common.pop_back();
    while (!common.empty() && !alnum(common.front())) common.erase(common.begin());
    return common.size() >= 3 ? common : a;
}

bool ArpPort::holdsArpIdentity(const uint8_t* bytes, size_t size) noexcept {
    // F0 7E <device> 06 02 7D <family 01 00> … (PROTOCOL.md §4.5: manufacturer 7D, family 1, LSB first)
    for (size_t i = 0; i + 8 <= size; ++i)
        if (bytes[i] == 0xF0 && bytes[i + 1] == 0x7E && bytes[i + 3] == 0x06 && bytes[i + 4] == 0x02 && bytes[i + 5] == 0x7D &&
            bytes[i + 6] == 0x01 && bytes[i + 7] == 0x00)
            return true;
    return false;
}

uint64_t ArpPort::drops() const noexcept {
    return closedDrops_.load(std::memory_order_relaxed) + (in_ != nullptr ? in_->drops.load(std::memory_order_relaxed) : 0);
}

std::string ArpPort::describe() const {
    if (disabled_) return "Arp port off (VCPI_ARP_PORT=off)";
    if (connected()) return std::string("Arp on ") + apiName(api_) + " port '" + inName_ + "'";
    return lastProblem_;
}

void ArpPort::refreshApis() {
    std::vector<int> running;
    if (::access("/dev/snd/seq", R_OK | W_OK) == 0) running.push_back(RtMidi::LINUX_ALSA);
    const std::string jack = jackServerIdentity();
    if (jack != jackServer_) {
        abandonJack();  // that server is gone (or was replaced): its clients cannot be closed safely
        jackServer_ = jack;
    }
    if (!jack.empty()) running.push_back(RtMidi::UNIX_JACK);
    apis_.erase(std::remove_if(apis_.begin(), apis_.end(),
                               [&](const std::unique_ptr<Api>& a) { return std::find(running.begin(), running.end(), a->id) == running.end(); }),
                apis_.end());
    for (int id : running) {
        if (std::any_of(apis_.begin(), apis_.end(), [&](const std::unique_ptr<Api>& a) { return a->id == id; })) continue;
        auto api = std::make_unique<Api>();
        api->id = id;
        api->inputs = makeMidi<RtMidiIn>(id, "VintageCapture ports", log_);
        api->outputs = makeMidi<RtMidiOut>(id, "VintageCapture ports", log_);
        if (api->inputs != nullptr && api->outputs != nullptr) apis_.push_back(std::move(api));
    }
}

std::string ArpPort::portListSignature() {
    std::string signature;
    for (auto& api : apis_) {
        signature += apiName(api->id);
        for (const auto& n : portNames(*api->inputs)) signature += "\n<" + n;
        for (const auto& n : portNames(*api->outputs)) signature += "\n>" + n;
    }
    return signature;
}

void ArpPort::poll(bool forceSearch) {
    if (disabled_) return;
    refreshApis();
    if (connected()) {
        if (stillPresent()) return;
        disconnect("the Arp's port went away");
    }
    if (apis_.empty()) {
        lastProblem_ = "no MIDI system to find the Arp on (no ALSA sequencer, no JACK server)";
        return;
    }
    if (!preferred_.empty() && openPreferred()) return;
    const std::string signature = portListSignature();
    if (!forceSearch && signature == searchedSignature_) return;
    searchedSignature_ = signature;
    if (search()) return;
    lastProblem_ = preferred_.empty() ? "no Arp answered the identity request on any MIDI port"
                                      : "no MIDI port named '" + preferred_ + "', and no Arp answered the identity request";
}

bool ArpPort::stillPresent() {
    for (auto& api : apis_) {
        if (api->id != api_) continue;
        const auto ins = portNames(*api->inputs);
        const auto outs = portNames(*api->outputs);
        return std::find(ins.begin(), ins.end(), inName_) != ins.end() && std::find(outs.begin(), outs.end(), outName_) != outs.end();
    }
    return false;  // its MIDI system stopped
}

bool ArpPort::openPreferred() {
    const std::string want = lower(preferred_);
    auto matches = [&](const std::string& n) { return !isOwnOrThrough(n) && lower(n).find(want) != std::string::npos; };
    for (auto& api : apis_) {
        const auto ins = portNames(*api->inputs);
        const auto outs = portNames(*api->outputs);
        const auto i = std::find_if(ins.begin(), ins.end(), matches);
        const auto o = std::find_if(outs.begin(), outs.end(), matches);
        if (i == ins.end() || o == outs.end()) continue;
        auto in = openInput(api->id, static_cast<unsigned int>(i - ins.begin()), *i, log_);
        auto out = openOutput(api->id, static_cast<unsigned int>(o - outs.begin()), *o, log_);
        if (in == nullptr || out == nullptr) continue;
        inName_ = *i;
        connect(api->id, std::move(in), std::move(out), *o);
        name_ = preferred_;
        return true;
    }
    return false;
}

bool ArpPort::search() {
    for (auto& api : apis_) {
        const auto ins = portNames(*api->inputs);
        const auto outs = portNames(*api->outputs);
        std::vector<std::unique_ptr<Input>> listening;
        std::vector<std::string> listeningNames;
        for (size_t i = 0; i < ins.size(); ++i) {
            if (isOwnOrThrough(ins[i])) continue;
            if (auto in = openInput(api->id, static_cast<unsigned int>(i), ins[i], log_)) {
                listening.push_back(std::move(in));
                listeningNames.push_back(ins[i]);
            }
        }
        if (listening.empty()) continue;
        for (size_t o = 0; o < outs.size(); ++o) {
            if (isOwnOrThrough(outs[o])) continue;
            auto out = openOutput(api->id, static_cast<unsigned int>(o), outs[o], log_);
            if (out == nullptr) continue;
            std::vector<std::vector<uint8_t>> heard(listening.size());
            ArpBytes chunk;
            for (auto& in : listening)
                while (in->queue.pop(chunk)) {}
            out->send(kIdentityRequest, sizeof kIdentityRequest, hostNowUs());
            const auto deadline = std::chrono::steady_clock::now() + kIdentityWait;
            while (std::chrono::steady_clock::now() < deadline) {
                for (size_t k = 0; k < listening.size(); ++k) {
                    while (listening[k]->queue.pop(chunk)) heard[k].insert(heard[k].end(), chunk.data, chunk.data + chunk.size);
                    if (!holdsArpIdentity(heard[k].data(), heard[k].size())) continue;
                    inName_ = listeningNames[k];
                    connect(api->id, std::move(listening[k]), std::move(out), outs[o]);
                    name_ = commonName(inName_, outName_);
                    return true;
                }
                std::this_thread::sleep_for(std::chrono::milliseconds(5));
            }
        }
    }
    return false;
}

void ArpPort::connect(int api, std::unique_ptr<Input> in, std::unique_ptr<Output> out, const std::string& outName) {
    api_ = api;
    in_ = std::move(in);
    out_ = std::move(out);
    outName_ = outName;
    log_(std::string("Arp port: connected on ") + apiName(api) + " (in '" + inName_ + "', out '" + outName_ + "')");
}

void ArpPort::abandonJack() {
    // libjack crashes closing a client of a server that died; the engine abandons such ports too. What is left
    // behind is a few RtMidi objects and, for an open input, its queue (RtMidi's callback still points at it).
    for (auto& api : apis_) {
        if (api->id != RtMidi::UNIX_JACK) continue;
        (void)api->inputs.release();
        (void)api->outputs.release();
    }
    apis_.erase(std::remove_if(apis_.begin(), apis_.end(), [](const std::unique_ptr<Api>& a) { return a->id == RtMidi::UNIX_JACK; }),
                apis_.end());
    if (connected() && api_ == RtMidi::UNIX_JACK) {
        closedDrops_.fetch_add(in_->drops.load(std::memory_order_relaxed), std::memory_order_relaxed);
        (void)in_.release();
        (void)out_.release();
        lastProblem_ = "Arp port closed: the JACK server went away";
        log_(lastProblem_ + " ('" + inName_ + "')");
    }
}

void ArpPort::disconnect(const std::string& why) {
    if (in_ != nullptr) closedDrops_.fetch_add(in_->drops.load(std::memory_order_relaxed), std::memory_order_relaxed);
    in_.reset();
    out_.reset();
    lastProblem_ = "Arp port closed: " + why;
    log_(lastProblem_ + " ('" + inName_ + "')");
}

void ArpPort::send(const uint8_t* bytes, size_t size, double fromUs) {
    if (out_ == nullptr) return;
    forEachMidiMessage(bytes, size, [&](const uint8_t* m, size_t n) { out_->send(m, n, fromUs); });
}

}  // namespace vcpi::capture
