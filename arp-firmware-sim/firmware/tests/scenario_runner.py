# Runs a scenario vector (tests/scenarios/arp/*.json, format in its README.md) against the firmware on a
# VirtualBoard and checks the trace: the Python twin of arp-firmware-sim/src/scenario-format.ts.
import json
import os

from tests.board_app import BoardApp, unhex
from tests.device_model import model as device_model

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
SCENARIO_DIR = os.path.join(REPO, "tests", "scenarios", "arp")
EXPECT_KEYS = ("hex", "label", "at_us", "end_us", "after", "clock_us", "timing", "note")
AFTER_KEYS = ("label", "delta_us", "from")
TIMING_KEYS = ("ack", "sent_us")
U28 = 1 << 28


def vector_files():
    return sorted(f for f in os.listdir(SCENARIO_DIR) if f.endswith(".json"))


def load_vector(name):
    path = os.path.join(SCENARIO_DIR, name)
    with open(path, encoding="utf-8") as f:
        return check_vector(json.load(f), name)


def check_vector(v, name):
    """v, after checking its shape; ValueError naming `name` and the field otherwise."""
    for key in ("name", "seeds", "steps", "run_until_us", "expect"):
        if key not in v:
            raise ValueError("%s: missing %r" % (name, key))
    # An unknown key would be a check that silently never runs.
    for lst in ("usb_out", "din"):
        for i, e in enumerate(v["expect"][lst]):
            unknown = sorted(k for k in e if k not in EXPECT_KEYS)
            if unknown:
                raise ValueError("%s: expect.%s[%d]: unknown key %s (known: %s)" % (name, lst, i, ", ".join(unknown), ", ".join(EXPECT_KEYS)))
            if not isinstance(e.get("hex"), str):
                raise ValueError("%s: expect.%s[%d].hex must be a string" % (name, lst, i))
            after = e.get("after", {})
            bad = sorted(k for k in after if k not in AFTER_KEYS)
            if bad:
                raise ValueError("%s: expect.%s[%d].after: unknown key %s (known: %s)" % (name, lst, i, ", ".join(bad), ", ".join(AFTER_KEYS)))
            if after.get("from", "clock") != "clock":
                raise ValueError('%s: expect.%s[%d].after.from must be "clock", got %r' % (name, lst, i, after["from"]))
            if "timing" in e and sorted(e["timing"]) != sorted(TIMING_KEYS):
                raise ValueError("%s: expect.%s[%d].timing must have exactly the keys %s, got %s" % (name, lst, i, ", ".join(TIMING_KEYS), ", ".join(e["timing"])))
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


def _clock_field(hx):
    """The 28-bit time field (bytes 3-6) of an 8-byte CalibrationAck or PlaybackStarted, or None."""
    b = unhex(hx)
    return ((b[3] * 128 + b[4]) * 128 + b[5]) * 128 + b[6] if len(b) == 8 else None


def _timing_fields(hx):
    """The four 28-bit times (t, r, e, a) of a 20-byte CalibrationTiming, or None."""
    b = unhex(hx)
    if len(b) != 20:
        return None
    return tuple(((b[i] * 128 + b[i + 1]) * 128 + b[i + 2]) * 128 + b[i + 3] for i in (3, 7, 11, 15))


def _check_timing(where, spec, actual, labelled, boot_us, slack_us):
    """The CalibrationTiming check (tests/scenarios/arp/README.md, `timing`): t is the labelled ACK's time;
    e <= r <= t <= a in the clock's modular order; read as true time ((field - boot_us) mod 2^28, exact on a board
    without drift), e is no later than the host sent the Calibrate, r at most `slack_us` before it (the clock is read
    before the USB read begins, in clock steps, floored to µs), and a no later than the ACK was written."""
    hx, us = actual
    f = _timing_fields(hx)
    if f is None:
        return ["%s: %s is not a CalibrationTiming" % (where, hx)]
    ack = labelled.get(spec["ack"])
    if ack is None:
        return ["%s: no message labelled %s" % (where, spec["ack"])]
    ack_time = _clock_field(ack[0])
    t, r, e, a = f
    errors = []
    if t != ack_time:
        errors.append("%s: t %d µs, %s carries %s µs" % (where, t, spec["ack"], ack_time))

    def not_before(x, y):
        return (y - x) % U28 < U28 // 2

    if not (not_before(e, r) and not_before(r, t) and not_before(t, a)):
        errors.append("%s: expected e <= r <= t <= a, got e %d r %d t %d a %d µs" % (where, e, r, t, a))

    def real(x):
        return (x - boot_us) % U28

    sent = spec["sent_us"]
    if real(e) > sent:
        errors.append("%s: e at %s, after the Calibrate was sent at %s" % (where, _ms(real(e)), _ms(sent)))
    if real(r) + slack_us < sent:
        errors.append("%s: r at %s, more than %s before the Calibrate was sent at %s" % (where, _ms(real(r)), _ms(slack_us), _ms(sent)))
    if real(a) > ack[1]:
        errors.append("%s: a at %s, after %s was written at %s" % (where, _ms(real(a)), spec["ack"], _ms(ack[1])))
    return errors


def check_trace(v, trace):
    """One line per mismatch between the vector's expectations and the trace (empty: it passed)."""
    errors = []
    lists = [
        ("usb_out", v["expect"]["usb_out"], [(m["hex"], m["at_ns"] / 1000.0) for m in trace["usb_out"]]),
        ("din", v["expect"]["din"], [(m["hex"], m["end_ns"] / 1000.0) for m in trace["din"]]),
    ]
    model = device_model(v.get("device"))
    boot_us = model["boot_us"]
    slack_us = 1e6 / model["clock_hz"] + model["clock_read_us"] + 1
    labelled = {}
    for _, expected, actual in lists:
        for e, a in zip(expected, actual):
            if "label" in e:
                labelled[e["label"]] = a
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
                target = labelled.get(after["label"])
                clock = after.get("from") == "clock"
                of = after["label"] + ("'s clock" if clock else "")
                ref = None
                if target is not None:
                    field = _clock_field(target[0]) if clock else None
                    ref = ((field - boot_us) % U28 if field is not None else None) if clock else target[1]
                d = after["delta_us"]
                if target is None:
                    errors.append("%s: no message labelled %s" % (where, after["label"]))
                elif ref is None:
                    errors.append("%s: %s (%s) carries no clock time" % (where, after["label"], target[0]))
                elif not _in(us - ref, d):
                    errors.append("%s: %s after %s, expected %s .. %s" % (where, _ms(us - ref), of, _ms(d[0]), _ms(d[1])))
            if "clock_us" in e:
                clock_time = _clock_field(hx)
                w = e["clock_us"]
                if clock_time is None or not _in(clock_time, w):
                    errors.append("%s: clock time %s µs, expected %d .. %d" % (where, clock_time, w[0], w[1]))
            if "timing" in e:
                errors += _check_timing(where, e["timing"], (hx, us), labelled, boot_us, slack_us)
    for key in ("hooks", "forwarded"):
        if key in v["expect"] and v["expect"][key] != trace[key]:
            errors.append("%s: expected %s, got %s" % (key, v["expect"][key], trace[key]))
    return errors
