#include "MessageThread.hpp"

#include <future>

#include <juce_events/juce_events.h>

namespace vcpi {

MessageThread& MessageThread::instance() {
    // Deliberately leaked: it must outlive every engine and is stopped explicitly by shutdown().
    static MessageThread* shared = new MessageThread();
    return *shared;
}

MessageThread::MessageThread() {
    thread_ = std::thread([this] { run(); });
    std::unique_lock<std::mutex> lock(mutex_);
    started_.wait(lock, [this] { return ready_; });
}

void MessageThread::run() {
    juce::initialiseJuce_GUI();
    juce::MessageManager::getInstance()->setCurrentThreadAsMessageThread();
    {
        std::lock_guard<std::mutex> lock(mutex_);
        threadId_ = std::this_thread::get_id();
        ready_ = true;
    }
    started_.notify_all();
    juce::MessageManager::getInstance()->runDispatchLoop();
    juce::shutdownJuce_GUI();
}

bool MessageThread::post(std::function<void()> fn) {
    {
        std::lock_guard<std::mutex> lock(mutex_);
        if (stopped_) return false;
    }
    return juce::MessageManager::callAsync(std::move(fn));
}

bool MessageThread::runAndWait(const std::function<void()>& fn) {
    if (isCurrentThread()) {
        fn();
        return true;
    }
    auto done = std::make_shared<std::promise<void>>();
    auto future = done->get_future();
    if (!post([fn, done] {
            fn();
            done->set_value();
        }))
        return false;
    future.wait();
    return true;
}

bool MessageThread::isCurrentThread() const noexcept { return std::this_thread::get_id() == threadId_; }

void MessageThread::shutdown(const std::function<void()>& beforeStop) {
    {
        std::lock_guard<std::mutex> lock(mutex_);
        if (stopped_) return;
    }
    runAndWait(beforeStop);
    {
        std::lock_guard<std::mutex> lock(mutex_);
        stopped_ = true;
    }
    juce::MessageManager::callAsync([] { juce::MessageManager::getInstance()->stopDispatchLoop(); });
    if (thread_.joinable()) thread_.join();
}

}  // namespace vcpi
