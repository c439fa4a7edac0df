// Runs uvu suites: every *.test.ts under the given folders (or the given files), in one process, in name order.
// Started as `node --conditions=source --import tsx scripts/uvu-run.mjs DIR|FILE…` so workspace packages resolve to
// their TypeScript sources. Each test file also runs on its own with `tsx file.test.ts`.
import { readdirSync, statSync } from 'node:fs';
import { join, resolve, basename } from 'node:path';
import { run } from 'uvu/run';

function collect(path, out) {
  const st = statSync(path);
  if (st.isFile()) {
    out.push(path);
    return;
  }
  for (const name of readdirSync(path).sort()) {
    if (name === 'node_modules' || name === 'dist' || name.startsWith('.')) continue;
    const child = join(path, name);
    if (statSync(child).isDirectory()) collect(child, out);
    else if (name.endsWith('.test.ts')) out.push(child);
  }
}

const files = [];
for (const arg of process.argv.slice(2)) collect(resolve(arg), files);
if (files.length === 0) {
  console.error(`uvu-run: no *.test.ts under ${process.argv.slice(2).join(' ') || '(nothing given)'}`);
  process.exit(1);
}
await run(files.map((file) => ({ name: basename(file), file })), { bail: false });
