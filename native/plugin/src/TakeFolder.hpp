// Where the core's take files go: $VCPI_TAKE_DIR, else ~/Music/VintageCapture. Each file is written whole under a
// temporary name and renamed into place (a reader never sees half a WAV); an existing take is never overwritten —
// the new one gets a numbered name ("take-3 (2).wav").
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include "Result.hpp"

namespace vcpi::capture {

class TakeFolder {
public:
    // Thread-safe: yes (reads the environment). Realtime-safe: no.
    static std::string defaultPath();

    explicit TakeFolder(std::string path) : path_(std::move(path)) {}

    // Writes `name` (a plain file name: no folders, not hidden) into the folder, creating it; `where` gets the path.
    // Thread-safe: no (the JS thread). Realtime-safe: no.
    Result write(const std::string& name, const uint8_t* bytes, size_t size, std::string& where) const;

    const std::string& path() const noexcept { return path_; }

private:
    std::string path_;
};

}  // namespace vcpi::capture
