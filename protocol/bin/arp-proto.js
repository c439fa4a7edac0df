#!/usr/bin/env node
// Installed entry point of `arp-proto` (linked by npm at install time, so it exists before the build); runs the
// compiled CLI. From sources: `npx tsx --conditions=source cli/arp-proto.ts`.
import { main } from '../dist/cli/main.js';

process.exitCode = main(process.argv.slice(2));
