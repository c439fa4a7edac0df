// The core's status (the façade's PluginStatus) as the shell reads it: for the editor, the read-only parameters and
// the log. NaN where the core has no value yet.
#pragma once

#include <limits>
#include <string>
#include <vector>

namespace vcpi::capture {

struct CoreStatus {
    std::string mode = "idle";  // idle | calibrating | recording | playing
    std::string message = "starting";
    double progress = 0.0;  // 0..1 of the running operation
    bool calibrated = false;
    double latencyMs = std::numeric_limits<double>::quiet_NaN();
    double driftPpm = std::numeric_limits<double>::quiet_NaN();
    double takeErrorMs = std::numeric_limits<double>::quiet_NaN();  // the last take's p99 timing error
    std::string errorCode;  // empty when the last operation did not fail
    std::string errorMessage;
    std::string errorHint;
    std::vector<std::string> takes;  // where each take was written
};

}  // namespace vcpi::capture
