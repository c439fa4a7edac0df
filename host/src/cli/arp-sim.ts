#!/usr/bin/env node
// Entry point of the arp-sim command (source form; the installed bin is host/bin/arp-sim.js).
import { arpSimMain } from '../arp-sim/arp-sim-main.js';

process.exitCode = await arpSimMain(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr });
