# Runs a scenario vector (tests/scenarios/arp/*.json, format in its README.md) against the firmware on a
# VirtualBoard and checks the trace: the Python twin of arp-firmware-sim/src/scenario-format.ts.
import json
import os

from tests.board_app import BoardApp, unhex

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
SCENARIO_DIR = os.path.join(REPO, "tests", "scenarios", "arp")


def vector_files():
    return sorted(f for f in os.listdir(SCENARIO_DIR) if f.endswith(".json"))


def load_vector(name):
    path = os.path.join(SCENARIO_DIR, name)
    with open(path, encoding="utf-8") as f:
        v = json.load(f)
    for key in ("name", "seeds", "steps", "run_until_us", "expect"):
        if key not in v:
            raise ValueError("%s: missing %r" % (name, key))
    return v


def run_vector(v, seed):
    firmware = v.get("firmware", {})
    kwargs = {}
    if "din_channel" in firmware:
        kwargs["din_channel"] = firmware["din_channel"]
    if "spin_max_us" in firmware:
        kwargs["spin_max_us"] = firmware["spin_max_us"]
    app = BoardApp(v.get("device"), seed, **kwargs)
    for step in v["steps"]:
        app.send(unhex(step["usb_in"]), step["at_us"], step.get("read_chunk", 48))
    app.run_until(v["run_until_us"])
    return app.trace()


def _matches(pattern, actual):
    p = pattern.split()
    a = actual.split()
    return len(p) == len(a) and all(x == "??" or x.upper() == y for x, y in zip(p, a))


def _in(x, w):
    return w[0] <= x <= w[1]


def _ms(us):
    return "%.3f ms" % (us / 1000.0)


def check_trace(v, trace):
    """One line per mismatch between the vector's expectations and the trace (empty: it passed)."""
    errors = []
    lists = [
        ("usb_out", v["expect"]["usb_out"], [(m["hex"], m["at_ns"] / 1000.0) for m in trace["usb_out"]]),
        ("din", v["expect"]["din"], [(m["hex"], m["end_ns"] / 1000.0) for m in trace["din"]]),
    ]
    times = {}
    for _, expected, actual in lists:
        for e, a in zip(expected, actual):
            if "label" in e:
                times[e["label"]] = a[1]
    for name, expected, actual in lists:
        if len(expected) != len(actual):
            errors.append("%s: expected %d messages, got %d: %s" % (name, len(expected), len(actual), " | ".join(h for h, _ in actual)))
        for i, (e, (hx, us)) in enumerate(zip(expected, actual)):
            where = "%s[%d]%s%s" % (name, i, " (%s)" % e["label"] if "label" in e else "", ' "%s"' % e["note"] if "note" in e else "")
            if not _matches(e["hex"], hx):
                errors.append("%s: expected %s, got %s" % (where, e["hex"], hx))
            w = e.get("end_us" if name == "din" else "at_us")
            if w is not None and not _in(us, w):
                errors.append("%s: at %s, expected %s .. %s" % (where, _ms(us), _ms(w[0]), _ms(w[1])))
            after = e.get("after")
            if after is not None:
                ref = times.get(after["label"])
                if ref is None:
                    errors.append("%s: no message labelled %s" % (where, after["label"]))
                elif not _in(us - ref, after["delta_us"]):
                    d = after["delta_us"]
                    errors.append("%s: %s after %s, expected %s .. %s" % (where, _ms(us - ref), after["label"], _ms(d[0]), _ms(d[1])))
            if "ack_us" in e:
                b = unhex(hx)
                ack = (((b[3] * 128 + b[4]) * 128 + b[5]) * 128 + b[6]) if len(b) == 8 else None
                if ack is None or not _in(ack, e["ack_us"]):
                    errors.append("%s: ACK time %s µs, expected %d .. %d" % (where, ack, e["ack_us"][0], e["ack_us"][1]))
    for key in ("hooks", "forwarded"):
        if key in v["expect"] and v["expect"][key] != trace[key]:
            errors.append("%s: expected %s, got %s" % (key, v["expect"][key], trace[key]))
    return errors
