// vcpi-qjs-replay: runs recorded calibration inputs through the capture core's bundle in QuickJS — the bundle and
// the engine the plugin carries — and prints the result JSON, for comparison with Node on the same inputs.
// Usage: vcpi-qjs-replay <inputs.json> <samples.f32>   (little-endian float32; see tools/replay-calibration.js)
// Exit status: 0 with the JSON on stdout; 1 with the reason on stderr.
#include <cstdio>
#include <fstream>
#include <iostream>
#include <iterator>
#include <string>
#include <vector>

#include "EmbeddedScripts.hpp"
#include "JsRuntime.hpp"

namespace vcpi::capture::embedded {
extern const unsigned char replayScript[];
extern const std::size_t replayScript_size;
}  // namespace vcpi::capture::embedded

namespace {

bool readFile(const char* path, std::string& out) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return false;
    out.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    return !in.bad();
}

int fail(const std::string& message) {
    std::cerr << "vcpi-qjs-replay: " << message << "\n";
    return 1;
}

}  // namespace

int main(int argc, char** argv) {
    using namespace vcpi::capture;
    if (argc != 3) return fail("usage: vcpi-qjs-replay <inputs.json> <samples.f32>");
    std::string json, raw;
    if (!readFile(argv[1], json)) return fail(std::string("cannot read ") + argv[1]);
    if (!readFile(argv[2], raw)) return fail(std::string("cannot read ") + argv[2]);
    if (raw.size() % sizeof(float) != 0)
        return fail(std::string(argv[2]) + ": " + std::to_string(raw.size()) + " bytes is not a whole number of float32 samples");

    JsRuntime js;
    Result r = js.evalScript(reinterpret_cast<const char*>(embedded::captureBundle), embedded::captureBundle_size, "vintage-capture.js");
    if (!r.ok()) return fail(r.error);
    r = js.evalScript(reinterpret_cast<const char*>(embedded::replayScript), embedded::replayScript_size, "replay-calibration.js");
    if (!r.ok()) return fail(r.error);

    JsValue lib = js.global("VintageCapture");
    JsValue inputs = js.parseJson(json, argv[1], r);
    if (!r.ok()) return fail(r.error);
    std::vector<float> samples(raw.size() / sizeof(float));
    std::copy(raw.begin(), raw.end(), reinterpret_cast<char*>(samples.data()));
    JsValue array = js.float32Array(samples.data(), samples.size());
    JsValue global(js.context(), JS_GetGlobalObject(js.context()));
    JsValue out;
    r = js.call(global.get(), "vcpiReplayCalibration", {lib.get(), inputs.get(), array.get()}, &out);
    if (!r.ok()) return fail(r.error);
    std::cout << js.toString(out.get()) << "\n";
    return 0;
}
