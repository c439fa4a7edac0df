# Writes a C++ source holding a file's bytes (plus a terminating '\0', which QuickJS needs after a script) as
#   const unsigned char vcpi::capture::embedded::<NAME>[]; const std::size_t <NAME>_size;  (size without the '\0')
# Run in script mode: cmake -DINPUT=<file> -DOUTPUT=<file.cpp> -DNAME=<identifier> -P embed-file.cmake
if(NOT EXISTS "${INPUT}")
  message(FATAL_ERROR "embed-file: ${INPUT} does not exist (the capture bundle is built by scripts/setup.d/30-capture-bundle.sh)")
endif()
file(READ "${INPUT}" hex HEX)
file(SIZE "${INPUT}" size)
string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," bytes "${hex}")
# 32 bytes a line keeps the generated file readable to tools and diffs.
string(REGEX REPLACE "((0x[0-9a-f][0-9a-f],){32})" "\\1\n" bytes "${bytes}")
file(WRITE "${OUTPUT}.tmp"
  "// Generated from ${INPUT} by native/plugin/cmake/embed-file.cmake; do not edit.\n"
  "#include <cstddef>\n"
  "namespace vcpi::capture::embedded {\n"
  "extern const unsigned char ${NAME}[];\n"
  "extern const std::size_t ${NAME}_size;\n"
  "const unsigned char ${NAME}[] = {\n${bytes}0x00};\n"
  "const std::size_t ${NAME}_size = ${size};\n"
  "}  // namespace vcpi::capture::embedded\n")
file(RENAME "${OUTPUT}.tmp" "${OUTPUT}")
