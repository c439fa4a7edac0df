# What Vintage Mode asks of the rest of the Arp firmware (PROTOCOL.md §5.1, §5.2). The Arp's own code (OLED,
# buttons, arpeggiator) is not part of this package: it passes an object with these methods to VintageMode.
# Subclass ArpHooks and override what the board has; every method here does nothing, which is right for a part the
# board does not have.


class ArpHooks:
    def suspend_display(self, text):
        """Entering Vintage Mode: stop updating the OLED and show `text` ("VINTAGE MODE - USB CTRL")."""

    def resume_display(self):
        """Leaving Vintage Mode: the OLED is the Arp's again."""

    def suspend_buttons(self):
        """Entering Vintage Mode: ignore the buttons."""

    def resume_buttons(self):
        """Leaving Vintage Mode: the buttons work again."""

    def suspend_arpeggiator(self):
        """Entering Vintage Mode: the internal arpeggiator stops and sends nothing to DIN."""

    def resume_arpeggiator(self, pattern, division, octaves, latch):
        """Leaving Vintage Mode: the arpeggiator runs again with the settings the host sent (CC 20-23 as stored:
        pattern 0-3, division 0-2, octaves 0-3 meaning 1-4 octaves, latch True/False)."""

    def forward_midi(self, status, d0, d1):
        """A USB MIDI message that is not a Vintage Mode command (notes, other CCs, ...), in or out of Vintage Mode:
        the Arp's own code may use it. d1 is 0 for one-data-byte messages."""

    def forward_realtime(self, byte):
        """A USB MIDI real-time byte (F8 clock, FA start, FB continue, FC stop, FE, FF)."""


class PrintHooks(ArpHooks):
    """Hooks for a bare board: prints the mode changes to the serial console (for bring-up, not for playing)."""

    def suspend_display(self, text):
        print(text)

    def resume_display(self):
        print("Vintage Mode ended")
