#!/usr/bin/env node
// Entry point of the linkvst command (source form; the installed bin is host/bin/linkvst.js).
import { main } from './main.js';

process.exitCode = await main(process.argv.slice(2), { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr, env: process.env });
