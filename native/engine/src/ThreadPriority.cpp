#include "ThreadPriority.hpp"

#include <pthread.h>
#include <sched.h>

#include <cstring>

namespace vcpi {

ThreadPriority ThreadPriority::current() noexcept {
    ThreadPriority out;
    sched_param param{};
    int policy = SCHED_OTHER;
    if (pthread_getschedparam(pthread_self(), &policy, &param) != 0) return out;
    out.policy = policy;
    out.priority = param.sched_priority;
    out.realtime = policy == SCHED_FIFO || policy == SCHED_RR;
    return out;
}

ThreadPriority ThreadPriority::promoteCurrent(int priority) noexcept {
    if (current().realtime) return current();
    sched_param param{};
    param.sched_priority = priority;
    const int result = pthread_setschedparam(pthread_self(), SCHED_FIFO, &param);
    ThreadPriority after = current();
    after.error = result;
    return after;
}

std::string ThreadPriority::describe() const {
    std::string text;
    switch (policy) {
        case SCHED_FIFO: text = "SCHED_FIFO"; break;
        case SCHED_RR: text = "SCHED_RR"; break;
        case SCHED_OTHER: text = "SCHED_OTHER"; break;
        case SCHED_BATCH: text = "SCHED_BATCH"; break;
        case SCHED_IDLE: text = "SCHED_IDLE"; break;
        default: text = "policy " + std::to_string(policy);
    }
    if (realtime) text += " " + std::to_string(priority);
    if (error != 0) text += std::string(" (real-time refused: ") + std::strerror(error) + ")";
    return text;
}

}  // namespace vcpi
