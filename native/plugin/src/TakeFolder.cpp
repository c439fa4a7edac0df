#include "TakeFolder.hpp"

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>

#include <unistd.h>

namespace vcpi::capture {

namespace fs = std::filesystem;

std::string TakeFolder::defaultPath() {
    if (const char* dir = std::getenv("VCPI_TAKE_DIR"); dir != nullptr && *dir != '\0') return dir;
    const char* home = std::getenv("HOME");
    return (fs::path(home != nullptr && *home != '\0' ? home : "/tmp") / "Music" / "VintageCapture").string();
}

Result TakeFolder::write(const std::string& name, const uint8_t* bytes, size_t size, std::string& where) const {
    if (name.empty() || name.size() > 200 || name.find('/') != std::string::npos || name.front() == '.' ||
        name.find('\0') != std::string::npos)
        return Result::failure("writeFile: '" + name + "' is not a plain file name");
    std::error_code ec;
    fs::create_directories(path_, ec);
    if (ec) return Result::failure("writeFile: cannot create the take folder " + path_ + ": " + ec.message());

    const fs::path wanted = fs::path(path_) / name;
    fs::path target = wanted;
    for (int n = 2; fs::exists(target, ec); ++n)
        target = wanted.parent_path() / (wanted.stem().string() + " (" + std::to_string(n) + ")" + wanted.extension().string());

    const fs::path temporary = fs::path(path_) / ("." + name + ".tmp-" + std::to_string(::getpid()));
    {
        std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
        out.write(reinterpret_cast<const char*>(bytes), static_cast<std::streamsize>(size));
        out.flush();
        if (!out) {
            fs::remove(temporary, ec);
            return Result::failure("writeFile: cannot write " + temporary.string());
        }
    }
    fs::rename(temporary, target, ec);
    if (ec) {
        const std::string why = ec.message();
        fs::remove(temporary, ec);
        return Result::failure("writeFile: cannot move the take into place at " + target.string() + ": " + why);
    }
    where = target.string();
    return Result::success();
}

}  // namespace vcpi::capture
