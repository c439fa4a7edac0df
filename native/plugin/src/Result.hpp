// What internal operations return instead of throwing: ok, or a message that names what failed and where.
#pragma once

#include <string>
#include <utility>

namespace vcpi::capture {

struct Result {
    std::string error;  // empty when ok

    bool ok() const noexcept { return error.empty(); }
    static Result success() { return {}; }
    static Result failure(std::string message) { return {std::move(message)}; }
};

}  // namespace vcpi::capture
