// Pictures people would rather look at than read: the calibration's pings (each ping's residual from the fit, in
// samples) and a take's timing (each checked note's error over the take). Plain SVG strings, no DOM.
import type { CalibrationResult } from '../calibration/calibration-types.js';
import type { Alignment } from '../take/take-aligner.js';

const W = 640;
const H = 260;
const M = { l: 56, r: 16, t: 34, b: 36 };

const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const num = (v: number): string => (Math.abs(v) >= 100 ? v.toFixed(0) : Math.abs(v) >= 10 ? v.toFixed(1) : v.toFixed(2));

interface Series {
  title: string;
  xLabel: string;
  yLabel: string;
  points: { x: number; y: number; label?: string }[];
  subtitle: string;
}

function chart(s: Series): string {
  const xs = s.points.map((p) => p.x);
  const ys = s.points.map((p) => p.y);
  const xMin = Math.min(0, ...xs);
  const xMax = Math.max(1e-9, ...xs);
  const yAbs = Math.max(1, ...ys.map(Math.abs)) * 1.15;
  const px = (x: number): number => M.l + ((x - xMin) / (xMax - xMin || 1)) * (W - M.l - M.r);
  const py = (y: number): number => M.t + (1 - (y + yAbs) / (2 * yAbs)) * (H - M.t - M.b);
  const out: string[] = [];
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="11">`);
  out.push(`<rect width="${W}" height="${H}" fill="#fff"/>`);
  out.push(`<text x="${M.l}" y="16" font-size="13" font-weight="bold">${esc(s.title)}</text>`);
  out.push(`<text x="${M.l}" y="29" fill="#555">${esc(s.subtitle)}</text>`);
  for (const frac of [-1, -0.5, 0, 0.5, 1]) {
    const y = frac * (yAbs / 1.15);
    out.push(`<line x1="${M.l}" x2="${W - M.r}" y1="${py(y).toFixed(1)}" y2="${py(y).toFixed(1)}" stroke="${frac === 0 ? '#888' : '#e4e4e4'}"/>`);
    out.push(`<text x="${M.l - 6}" y="${(py(y) + 4).toFixed(1)}" text-anchor="end" fill="#555">${num(y)}</text>`);
  }
  out.push(`<text x="${(M.l + W - M.r) / 2}" y="${H - 8}" text-anchor="middle" fill="#333">${esc(s.xLabel)}</text>`);
  out.push(`<text transform="translate(14 ${(M.t + H - M.b) / 2}) rotate(-90)" text-anchor="middle" fill="#333">${esc(s.yLabel)}</text>`);
  for (const p of s.points) {
    const cx = px(p.x).toFixed(1);
    out.push(`<line x1="${cx}" x2="${cx}" y1="${py(0).toFixed(1)}" y2="${py(p.y).toFixed(1)}" stroke="#4a7bd0" stroke-width="2"/>`);
    out.push(`<circle cx="${cx}" cy="${py(p.y).toFixed(1)}" r="3" fill="#1d4fa3"><title>${esc(p.label ?? `${num(p.x)}: ${num(p.y)}`)}</title></circle>`);
  }
  out.push('</svg>');
  return out.join('\n');
}

/** Each ping's distance from the calibration line, in samples. */
export function calibrationSvg(r: CalibrationResult): string {
  const used = r.pings.filter((p) => Number.isFinite(p.onset));
  const anchor = r.anchorArpUs;
  return chart({
    title: `Calibration: latency ${r.latencyMs.toFixed(2)} ms, drift ${r.driftPpm.toFixed(1)} ppm (${r.confidence})`,
    subtitle: `${r.pingsUsed}/${r.pingsSent} pings · round trip ${r.roundTripMs.toFixed(2)} ms · spread p50 ${r.spreadSamples.p50.toFixed(2)} / max ${r.spreadSamples.max.toFixed(2)} samples`,
    xLabel: 'ping',
    yLabel: 'onset − fit (samples)',
    points: used.map((p) => {
      const y = p.onset - (r.anchorSample + r.samplesPerArpUs * (p.arpUs - anchor));
      return { x: p.index + 1, y, label: `ping ${p.index + 1}: ${num(y)} samples (${p.onsetMethod})` };
    }),
  });
}

/** Each checked note's timing error over the take, in ms. */
export function takeTimingSvg(a: Alignment, sampleRate: number): string {
  return chart({
    title: `Take timing: p50 ${a.errorMs.p50.toFixed(3)} ms, p99 ${a.errorMs.p99.toFixed(3)} ms, max ${a.errorMs.max.toFixed(3)} ms`,
    subtitle: `${a.notes.length} clean notes checked · aligned by ${a.method} · start corrected by ${num((a.startCorrectionSamples / sampleRate) * 1000)} ms`,
    xLabel: 'time in the take (s)',
    yLabel: 'timing error (ms)',
    points: a.notes.map((n) => ({ x: n.timeUs / 1e6, y: (n.errorSamples / sampleRate) * 1000, label: `note ${n.note} at ${(n.timeUs / 1e6).toFixed(3)} s: ${num((n.errorSamples / sampleRate) * 1000)} ms` })),
  });
}
