# Arp operating modes. Vintage Mode (vintage_mode.py) is the USB-controlled playback mode of PROTOCOL.md §5.
