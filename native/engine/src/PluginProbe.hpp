// Loads a plugin that was not seen before in a child process (vcpi-plugin-probe), so a plugin that crashes or
// hangs while loading takes down the child, not the host. Successful probes are cached (ProbeCache).
#pragma once

#include <string>

#include "PluginFormats.hpp"
#include "Status.hpp"

namespace vcpi {

struct ProbeOptions {
    std::string probeExecutable;  // absolute path of vcpi-plugin-probe
    int timeoutMs = 20000;
};

class PluginProbe {
public:
    // Runs the probe on spec and waits for it (up to the timeout, then kills it). On success `json` is the
    // probe's description of the plugin. Errors: ERR_PLUGIN_CRASHED ("<FORMAT>: cannot load X: the plugin crashed
    // while loading (signal 11)"), ERR_PLUGIN_TIMEOUT, ERR_PROBE (cannot run the probe), or the probe's own
    // code/message (ERR_PLUGIN_LOAD, ERR_NOT_A_PLUGIN, ...).
    // Thread-safe: yes (any non-realtime thread; blocks for the child's lifetime). Realtime-safe: no.
    static Status run(const ProbeOptions& options, const PluginSpec& spec, std::string& json);

    // Kills every probe child still running (their run() calls return ERR_PLUGIN_CRASHED/TIMEOUT at once) and
    // makes later run() calls fail with ERR_CLOSED. Used at process shutdown.
    // Thread-safe: yes. Realtime-safe: no.
    static void shutdown();
};

}  // namespace vcpi
