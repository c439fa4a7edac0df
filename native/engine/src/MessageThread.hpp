// The process's one JUCE message thread. JUCE requires plugin scanning, instantiation, prepareToPlay and
// destruction on its message thread; Node's JS thread must never block on them, so the addon owns a dedicated
// C++ thread running JUCE's dispatch loop and marshals work onto it.
#pragma once

#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>

namespace vcpi {

class MessageThread {
public:
    // The shared instance; starts the thread (and initialises JUCE on it) on first use.
    // Thread-safe: yes. Realtime-safe: no.
    static MessageThread& instance();

    // Queues fn to run on the message thread and returns at once. Returns false after shutdown().
    // Thread-safe: yes. Realtime-safe: no (allocates).
    bool post(std::function<void()> fn);

    // Runs fn on the message thread and waits for it. Never call it from the message thread itself (it would run
    // fn inline) nor from an audio thread. Returns false when the thread is shut down (fn did not run).
    // Thread-safe: yes. Realtime-safe: no (blocks).
    bool runAndWait(const std::function<void()>& fn);

    // True on the message thread. Thread-safe: yes. Realtime-safe: yes.
    bool isCurrentThread() const noexcept;

    // Runs `beforeStop` on the message thread, stops the dispatch loop, shuts JUCE down on that same thread and
    // joins it. Idempotent. Called once at addon unload (Node environment clean-up).
    // Thread-safe: yes (not from the message thread). Realtime-safe: no.
    void shutdown(const std::function<void()>& beforeStop);

private:
    MessageThread();
    void run();

    std::thread thread_;
    std::thread::id threadId_;
    std::mutex mutex_;
    std::condition_variable started_;
    bool ready_ = false;
    bool stopped_ = false;
};

}  // namespace vcpi
