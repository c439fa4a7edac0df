// Scripts compiled into the binary (generated at build time by cmake/embed-file.cmake), so the plugin carries the
// capture core and no loose JS file can go missing. Each array ends with a '\0' after `_size` bytes.
#pragma once

#include <cstddef>

namespace vcpi::capture::embedded {

// capture-plugin/dist/vintage-capture.js: the core's ES2020 bundle, global `VintageCapture`.
extern const unsigned char captureBundle[];
extern const std::size_t captureBundle_size;

}  // namespace vcpi::capture::embedded
