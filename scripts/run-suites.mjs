// Runs every test suite of the project and ends with one line: "N passed, N failed[, N skipped]".
//
// Suites are found, not listed, so a package adds tests by adding files:
//   - TypeScript: each npm workspace (and tests/) with *.test.ts files, one uvu process per workspace;
//   - Python: each folder named `tests` holding test_*.py (stdlib unittest, the firmware runs on CPython);
//   - shell: each folder holding *.bats files (bats, TAP output).
// `node scripts/run-suites.mjs [filter…]` runs only suites whose name contains one of the filters.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const SUITE_TIMEOUT_MS = Number(process.env.VCPI_SUITE_TIMEOUT_MS ?? 30 * 60 * 1000);
const SKIP_DIRS = new Set(['node_modules', 'dist', 'build', '.git', '.vcpi', '.image-cache', '__pycache__']);

function walk(dir, visit) {
  for (const name of readdirSync(dir).sort()) {
    if (SKIP_DIRS.has(name) || name.startsWith('.')) continue;
    const path = join(dir, name);
    const st = statSync(path);
    if (st.isDirectory()) walk(path, visit);
    else visit(path, name);
  }
}

function hasFile(dir, test) {
  let found = false;
  if (!existsSync(dir)) return false;
  walk(dir, (_path, name) => { if (test(name)) found = true; });
  return found;
}

function discover() {
  const suites = [];
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  const tsDirs = [...(pkg.workspaces ?? [])];
  if (!tsDirs.includes('tests')) tsDirs.push('tests');
  for (const ws of tsDirs) {
    const dir = join(root, ws);
    if (!hasFile(dir, (n) => n.endsWith('.test.ts'))) continue;
    suites.push({
      name: `ts:${ws}`,
      kind: 'uvu',
      cwd: dir,
      cmd: process.execPath,
      args: ['--conditions=source', '--import', 'tsx', join(root, 'scripts/uvu-run.mjs'), '.'],
    });
  }
  const pyDirs = new Set();
  const batsDirs = new Set();
  walk(root, (path, name) => {
    const dir = join(path, '..');
    if (/^test_.*\.py$/.test(name) && dir.endsWith('/tests')) pyDirs.add(dir);
    if (name.endsWith('.bats')) batsDirs.add(dir);
  });
  for (const dir of [...pyDirs].sort()) {
    suites.push({
      name: `py:${relative(root, dir)}`,
      kind: 'unittest',
      cwd: join(dir, '..'),
      cmd: 'python3',
      args: ['-m', 'unittest', 'discover', '-s', 'tests', '-t', '.', '-v'],
    });
  }
  for (const dir of [...batsDirs].sort()) {
    suites.push({ name: `sh:${relative(root, dir)}`, kind: 'tap', cwd: dir, cmd: 'bats', args: ['--tap', '.'] });
  }
  return suites;
}

const stripAnsi = (s) => s.replace(/\x1b\[[0-9;]*m/g, '');

// Each parser returns { passed, failed, skipped } or null when the output has no summary it knows.
const parsers = {
  uvu(out) {
    const total = /Total:\s+(\d+)/.exec(out);
    const passed = /Passed:\s+(\d+)/.exec(out);
    const skipped = /Skipped:\s+(\d+)/.exec(out);
    if (!total || !passed) return null;
    const t = Number(total[1]);
    const p = Number(passed[1]);
    const s = skipped ? Number(skipped[1]) : 0;
    return { passed: p, failed: t - p, skipped: s };
  },
  unittest(out) {
    const ran = /^Ran (\d+) tests?/m.exec(out);
    if (!ran) return null;
    const total = Number(ran[1]);
    const f = /failures=(\d+)/.exec(out);
    const e = /errors=(\d+)/.exec(out);
    const s = /skipped=(\d+)/.exec(out);
    const ex = /expected failures=(\d+)/.exec(out);
    const failed = (f ? Number(f[1]) : 0) + (e ? Number(e[1]) : 0);
    const skipped = s ? Number(s[1]) : 0;
    return { passed: total - failed - skipped - (ex ? Number(ex[1]) : 0), failed, skipped };
  },
  tap(out) {
    let passed = 0, failed = 0, skipped = 0, seen = false;
    for (const line of out.split('\n')) {
      if (/^ok \d+/.test(line)) { seen = true; if (/#\s*skip/i.test(line)) skipped++; else passed++; }
      else if (/^not ok \d+/.test(line)) { seen = true; failed++; }
    }
    return seen ? { passed, failed, skipped } : null;
  },
};

function runSuite(suite) {
  return new Promise((resolveRun) => {
    console.log(`\n=== ${suite.name} (${relative(root, suite.cwd) || '.'}: ${suite.cmd === process.execPath ? 'node' : suite.cmd} ${suite.args.join(' ')})`);
    const started = Date.now();
    const child = spawn(suite.cmd, suite.args, {
      cwd: suite.cwd,
      env: { ...process.env, FORCE_COLOR: '0', NO_COLOR: '1', PYTHONDONTWRITEBYTECODE: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    let out = '';
    const onData = (stream) => (chunk) => { out += chunk; stream.write(chunk); };
    child.stdout.on('data', onData(process.stdout));
    child.stderr.on('data', onData(process.stderr));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      try { process.kill(-child.pid, 'SIGKILL'); } catch { /* already gone */ }
    }, SUITE_TIMEOUT_MS);
    child.on('error', (err) => { out += `\n${err.message}`; });
    child.on('close', (code) => {
      clearTimeout(timer);
      const counts = parsers[suite.kind](stripAnsi(out));
      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      let result;
      if (timedOut) result = { passed: counts?.passed ?? 0, failed: (counts?.failed ?? 0) + 1, skipped: counts?.skipped ?? 0, note: `timed out after ${SUITE_TIMEOUT_MS / 1000} s` };
      else if (!counts) result = { passed: 0, failed: 1, skipped: 0, note: `no test summary in its output (exit ${code})` };
      else if (code !== 0 && counts.failed === 0) result = { ...counts, failed: 1, note: `exited ${code} although no test failed` };
      else result = counts;
      resolveRun({ name: suite.name, seconds, ...result });
    });
  });
}

const filters = process.argv.slice(2);
const suites = discover().filter((s) => filters.length === 0 || filters.some((f) => s.name.includes(f)));
const results = [];
for (const suite of suites) results.push(await runSuite(suite));

console.log('\n=== summary');
for (const r of results) {
  const extra = r.note ? `  (${r.note})` : '';
  console.log(`${r.name.padEnd(36)} ${String(r.passed).padStart(5)} passed ${String(r.failed).padStart(4)} failed ${String(r.skipped).padStart(4)} skipped  ${r.seconds} s${extra}`);
}
const sum = (k) => results.reduce((a, r) => a + r[k], 0);
const passed = sum('passed'), failed = sum('failed') + (suites.length === 0 ? 1 : 0), skipped = sum('skipped');
if (suites.length === 0) console.log('no suite found');
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed > 0 ? 1 : 0);
