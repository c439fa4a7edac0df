#include "PluginProbe.hpp"

#include <cerrno>
#include <mutex>
#include <set>
#include <chrono>
#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <poll.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <juce_core/juce_core.h>

extern char** environ;

namespace vcpi {

namespace {

struct Pipe {
    int fds[2] = {-1, -1};
    ~Pipe() { for (int fd : fds) if (fd >= 0) ::close(fd); }
    bool open() { return ::pipe2(fds, O_CLOEXEC) == 0; }
    void closeEnd(int i) { if (fds[i] >= 0) { ::close(fds[i]); fds[i] = -1; } }
};

std::mutex childrenMutex;
std::set<pid_t> children;
bool shutDown = false;

std::string cannotLoad(const PluginSpec& spec, const std::string& why) {
    return std::string(formatLabel(spec.format)) + ": cannot load " + spec.input + ": " + why;
}

// Reads the child's result (fd 3) and stderr until both close or the deadline passes.
bool drain(int resultFd, int errFd, std::string& result, std::string& err, std::chrono::steady_clock::time_point deadline) {
    pollfd fds[2] = {{resultFd, POLLIN, 0}, {errFd, POLLIN, 0}};
    std::string* sinks[2] = {&result, &err};
    char buf[4096];
    while (fds[0].fd >= 0 || fds[1].fd >= 0) {
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now()).count();
        if (left <= 0) return false;
        const int n = ::poll(fds, 2, static_cast<int>(left));
        if (n < 0 && errno != EINTR) return false;
        for (int i = 0; i < 2; ++i) {
            if (fds[i].fd < 0 || fds[i].revents == 0) continue;
            const ssize_t got = ::read(fds[i].fd, buf, sizeof buf);
            if (got > 0) { if (sinks[i]->size() < (1u << 20)) sinks[i]->append(buf, static_cast<size_t>(got)); }
            else if (got == 0 || errno != EINTR) fds[i].fd = -1;
        }
    }
    return true;
}

std::string lastLine(const std::string& text) {
    auto t = juce::String(text).trim();
    auto lines = juce::StringArray::fromLines(t);
    return lines.isEmpty() ? std::string() : lines[lines.size() - 1].trim().toStdString();
}

}  // namespace

void PluginProbe::shutdown() {
    std::lock_guard<std::mutex> lock(childrenMutex);
    shutDown = true;
    for (pid_t pid : children) ::kill(pid, SIGKILL);
}

Status PluginProbe::run(const ProbeOptions& options, const PluginSpec& spec, std::string& json) {
    if (::access(options.probeExecutable.c_str(), X_OK) != 0)
        return Status::error("ERR_PROBE", "plugin probe: cannot run " + options.probeExecutable + ": " + std::strerror(errno));
    Pipe result, err;
    if (!result.open() || !err.open()) return Status::error("ERR_PROBE", std::string("plugin probe: pipe: ") + std::strerror(errno));

    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_adddup2(&actions, err.fds[1], 2);
    posix_spawn_file_actions_adddup2(&actions, result.fds[1], 3);
    posix_spawnattr_t attr;
    posix_spawnattr_init(&attr);
    // The child starts with default signal handling whatever Node installed.
    sigset_t all, none;
    sigfillset(&all);
    sigemptyset(&none);
    posix_spawnattr_setsigdefault(&attr, &all);
    posix_spawnattr_setsigmask(&attr, &none);
    posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK);

    std::string input = spec.input;
    char* argv[] = {const_cast<char*>(options.probeExecutable.c_str()), const_cast<char*>(input.c_str()), nullptr};
    pid_t pid = 0;
    int rc = 0;
    {
        std::lock_guard<std::mutex> lock(childrenMutex);
        if (shutDown) rc = -1;
        else if ((rc = ::posix_spawn(&pid, options.probeExecutable.c_str(), &actions, &attr, argv, environ)) == 0) children.insert(pid);
    }
    posix_spawn_file_actions_destroy(&actions);
    posix_spawnattr_destroy(&attr);
    if (rc == -1) return Status::error("ERR_CLOSED", "plugin probe: the engine is shutting down");
    if (rc != 0) return Status::error("ERR_PROBE", "plugin probe: cannot start " + options.probeExecutable + ": " + std::strerror(rc));
    struct Forget {
        pid_t pid;
        ~Forget() {
            std::lock_guard<std::mutex> lock(childrenMutex);
            children.erase(pid);
        }
    } forget{pid};
    result.closeEnd(1);
    err.closeEnd(1);

    std::string out, errText;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(options.timeoutMs);
    const bool finished = drain(result.fds[0], err.fds[0], out, errText, deadline);
    int status = 0;
    if (!finished) {
        ::kill(pid, SIGKILL);
        while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {}
        return Status::error("ERR_PLUGIN_TIMEOUT", cannotLoad(spec, "the plugin did not finish loading within " +
                                                                         std::to_string(options.timeoutMs / 1000) + " s"));
    }
    while (::waitpid(pid, &status, 0) < 0) {
        if (errno != EINTR) return Status::error("ERR_PROBE", std::string("plugin probe: waitpid: ") + std::strerror(errno));
    }
    if (WIFSIGNALED(status)) {
        const int sig = WTERMSIG(status);
        return Status::error("ERR_PLUGIN_CRASHED", cannotLoad(spec, "the plugin crashed while loading (signal " +
                                                                         std::to_string(sig) + ", " + strsignal(sig) + ")"));
    }
    const juce::var parsed = juce::JSON::parse(juce::String(out));
    if (auto* object = parsed.getDynamicObject()) {
        if (static_cast<bool>(object->getProperty("ok"))) {
            json = out;
            return Status::success();
        }
        return Status::error(object->getProperty("code").toString().toStdString(),
                             object->getProperty("message").toString().toStdString());
    }
    const auto detail = lastLine(errText);
    return Status::error("ERR_PLUGIN_LOAD", cannotLoad(spec, "the plugin probe exited with status " +
                                                                 std::to_string(WEXITSTATUS(status)) +
                                                                 (detail.empty() ? "" : " (" + detail + ")")));
}

}  // namespace vcpi
