#!/usr/bin/env node
// Installed entry point of `arp-sim` (linked by npm at install time); runs the compiled command.
import { arpSimMain } from '../dist/src/arp-sim/arp-sim-main.js';

process.exitCode = await arpSimMain(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr });
