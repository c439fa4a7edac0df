#!/usr/bin/env node
// Entry point of the arp-proto command; the logic is in main.ts so tests can call it.
import { main } from './main.js';

process.exitCode = main(process.argv.slice(2));
