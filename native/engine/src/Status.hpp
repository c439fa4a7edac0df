// Result of an engine operation: internals return these; the N-API layer turns a failure into a JS Error
// carrying `code` (stable, for tests and callers) and `message` (with the underlying library's own text).
#pragma once

#include <string>
#include <utility>

namespace vcpi {

struct Status {
    std::string code;     // empty on success, e.g. "ERR_PLUGIN_LOAD", "ERR_BAD_SLOT"
    std::string message;  // human-readable, names what and where

    bool ok() const noexcept { return code.empty(); }
    static Status success() { return {}; }
    static Status error(std::string code, std::string message) { return {std::move(code), std::move(message)}; }
};

}  // namespace vcpi
