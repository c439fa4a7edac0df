// Base64 (RFC 4648, standard alphabet, padded) for plugin state chunks at the JS boundary.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace vcpi {

// Thread-safe: yes. Realtime-safe: no (allocates).
std::string base64Encode(const uint8_t* data, size_t size);

// Thread-safe: yes. Realtime-safe: no. Returns nothing when the text is not valid padded base64.
std::optional<std::vector<uint8_t>> base64Decode(const std::string& text);

}  // namespace vcpi
