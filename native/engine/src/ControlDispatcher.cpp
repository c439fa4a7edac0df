#include "ControlDispatcher.hpp"

#include <chrono>

namespace vcpi {

namespace {
constexpr size_t kMaxBatch = 512;
constexpr size_t kMaxMessageBytes = 65536;  // a longer SysEx is cut here (counted as a drop)
}  // namespace

ControlDispatcher::ControlDispatcher(Sink sink) : sink_(std::move(sink)) { thread_ = std::thread([this] { run(); }); }

ControlDispatcher::~ControlDispatcher() { stop(); }

void ControlDispatcher::stop() {
    std::lock_guard<std::mutex> once(stopMutex_);
    stop_.store(true);
    wakeup_.notify_all();
    if (thread_.joinable()) thread_.join();
}

void ControlDispatcher::add(uint32_t port, SpscQueue<ControlChunk>* queue) {
    std::lock_guard<std::mutex> lock(mutex_);
    sources_[port].queue = queue;
}

void ControlDispatcher::remove(uint32_t port) {
    std::lock_guard<std::mutex> lock(mutex_);
    sources_.erase(port);
}

void ControlDispatcher::drain(std::vector<ControlMessage>& batch) {
    for (auto& [port, source] : sources_) {
        ControlChunk chunk;
        while (batch.size() < kMaxBatch && source.queue->pop(chunk)) {
            ControlMessage& m = source.partial;
            if (m.bytes.empty()) {
                m.port = chunk.port;
                m.timeNs = chunk.timeNs;
            }
            if (m.bytes.size() + chunk.size <= kMaxMessageBytes) m.bytes.insert(m.bytes.end(), chunk.data, chunk.data + chunk.size);
            if (chunk.last != 0) {
                if (m.bytes.size() >= kMaxMessageBytes) dropped_.fetch_add(1);
                else batch.push_back(std::move(m));
                m = ControlMessage();
            }
        }
    }
}

void ControlDispatcher::run() {
    std::vector<ControlMessage> batch;
    while (!stop_.load()) {
        {
            std::unique_lock<std::mutex> lock(mutex_);
            drain(batch);
            if (batch.empty()) {
                wakeup_.wait_for(lock, std::chrono::milliseconds(2));
                drain(batch);
            }
        }
        if (batch.empty()) continue;
        const size_t count = batch.size();
        if (sink_(std::move(batch))) delivered_.fetch_add(count);
        else dropped_.fetch_add(count);
        batch = std::vector<ControlMessage>();
    }
}

}  // namespace vcpi
