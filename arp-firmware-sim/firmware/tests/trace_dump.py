# Command-line bridge for the cross-language parity test (arp-firmware-sim/test/firmware-parity.test.ts): reads one
# JSON request on stdin, runs the firmware code on CPython, prints one JSON answer on stdout.
#   {"traces": [[file, seed], ...]}  → {"traces": [trace, ...]}   scenario vectors on the VirtualBoard
#   {"parse": [hex chunk, ...]}       → {"messages": [...]}       the byte parser alone, fed chunk by chunk
#   {"constants": true}                → {"constants": {name: int}} the numbers in arp/constants.py
# Run from firmware/: python3 -m tests.trace_dump < request.json
import json
import sys

from arp import constants
from arp.midi_stream import MidiStream
from tests.board_app import hexs, unhex
from tests.scenario_runner import load_vector, run_vector


class _Collect:
    def __init__(self):
        self.out = []

    def on_message(self, status, d0, d1):
        self.out.append({"kind": "message", "bytes": [status, d0, d1]})

    def on_realtime(self, byte):
        self.out.append({"kind": "realtime", "byte": byte})

    def on_sysex(self, buf, n):
        self.out.append({"kind": "sysex", "hex": hexs(buf[0:n])})

    def on_invalid(self, reason, data):
        self.out.append({"kind": "invalid", "reason": reason, "hex": hexs(data)})


def parse(chunks):
    sink = _Collect()
    stream = MidiStream(sink)
    for chunk in chunks:
        data = unhex(chunk)
        stream.feed(data, len(data))
    stream.end()
    return sink.out


def main():
    request = json.load(sys.stdin)
    if "traces" in request:
        answer = {"traces": [run_vector(load_vector(f), seed) for f, seed in request["traces"]]}
    elif "parse" in request:
        answer = {"messages": parse(request["parse"])}
    elif "constants" in request:
        answer = {"constants": {k: v for k, v in vars(constants).items() if k.isupper() and isinstance(v, int)}}
    else:
        raise SystemExit("trace_dump: the request needs 'traces', 'parse' or 'constants', got keys %s" % sorted(request))
    json.dump(answer, sys.stdout)


if __name__ == "__main__":
    main()
