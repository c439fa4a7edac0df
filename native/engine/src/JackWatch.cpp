#include "JackWatch.hpp"

#include <jack/jack.h>

#include <chrono>

namespace vcpi {

JackWatch::JackWatch() {
    silenceJack();
    poll();
}

void JackWatch::silenceJack() {
    // libjack prints "Cannot connect to server socket" on every failed attempt (listing, reopening after the
    // server went away); status and errors say it in our words instead.
    jack_set_error_function([](const char*) {});
    jack_set_info_function([](const char*) {});
}

JackWatch& JackWatch::instance() {
    static JackWatch* watch = new JackWatch();  // deliberately leaked (see the header)
    return *watch;
}

namespace {
void onShutdown(jack_status_t, const char*, void* self) { static_cast<JackWatch*>(self)->lost(); }
int onXrun(void* self) {
    static_cast<JackWatch*>(self)->xrun();
    return 0;
}
}  // namespace

void JackWatch::xrun() noexcept {
    lastXrunNs_.store(std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now().time_since_epoch()).count());
    xrunNotices_.fetch_add(1);
}

jack_client_t* JackWatch::client() {
    std::lock_guard<std::mutex> lock(mutex_);
    return connected_.load() ? client_ : nullptr;
}

bool JackWatch::poll() {
    std::lock_guard<std::mutex> lock(mutex_);
    if (connected_.load()) return true;
    // A client of a dead server is left alone (closing it crashes libjack); a new one is opened.
    jack_status_t status{};
    client_ = jack_client_open("vcpi-watch", static_cast<jack_options_t>(JackNoStartServer), &status);
    if (client_ == nullptr) return false;
    jack_on_info_shutdown(client_, onShutdown, this);
    jack_set_xrun_callback(client_, onXrun, this);  // no process callback: the client stays out of the cycle
    if (jack_activate(client_) != 0) return false;
    connected_.store(true);
    return true;
}

}  // namespace vcpi
