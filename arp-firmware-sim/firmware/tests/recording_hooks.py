# ArpHooks that record every call as a string, in the format the scenario vectors use
# ("suspend_display:VINTAGE MODE - USB CTRL", "resume_arpeggiator:2,1,1,0", ...). The TS simulator's
# RecordingHooks (arp-firmware-sim/src/hooks.ts) writes the same strings.
from arp.hooks import ArpHooks


class RecordingHooks(ArpHooks):
    def __init__(self):
        self.calls = []
        self.forwarded = []

    def suspend_display(self, text):
        self.calls.append("suspend_display:" + text)

    def resume_display(self):
        self.calls.append("resume_display")

    def suspend_buttons(self):
        self.calls.append("suspend_buttons")

    def resume_buttons(self):
        self.calls.append("resume_buttons")

    def suspend_arpeggiator(self):
        self.calls.append("suspend_arpeggiator")

    def resume_arpeggiator(self, pattern, division, octaves, latch):
        self.calls.append("resume_arpeggiator:%d,%d,%d,%d" % (pattern, division, octaves, 1 if latch else 0))

    def forward_midi(self, status, d0, d1):
        n = 2 if status in (0xF1, 0xF3) or 0xC0 <= status < 0xE0 else (1 if status == 0xF6 else 3)
        self.forwarded.append(bytes((status, d0, d1))[0:n])

    def forward_realtime(self, byte):
        self.forwarded.append(bytes((byte,)))
