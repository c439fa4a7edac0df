# code.py: an example of how the Arp's main loop runs Vintage Mode. CircuitPython runs this file at boot.
# On the Arp, keep its own code.py and add the three marked lines (see README.md, "Calling it from the Arp firmware").
from arp.app import open_board
from arp.hooks import PrintHooks

app = open_board(hooks=PrintHooks(), din_channel=1)  # (1) once, at start-up, with the Arp's hooks object

while True:
    app.step()  # (2) every loop pass: USB MIDI in + Vintage Mode playback
    if app.vintage.active:  # (3) while in Vintage Mode the Arp's UI and arpeggiator stay suspended
        continue
    # ... the rest of the Arp's main loop (OLED, buttons, internal arpeggiator) goes here
