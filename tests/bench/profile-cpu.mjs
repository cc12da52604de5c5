// The CPU side of profile.mjs: the monotonic clock shared with the page, V8 CPU profiles summarized
// by category and function, and the CPU time of each Chromium process over the timed window.
import os from 'node:os';

// Clocks. V8's profile timestamps, Chromium's performance.now() origin and Node's process.hrtime
// all read CLOCK_MONOTONIC on Linux; the page's performance.now() is mapped onto it by a round
// trip (the shortest of several), so the in-page snapshots at the block boundaries can clip the
// profile and the process CPU series. (Node-side marks on the progress events would not do: a
// backend that never yields the main thread, rethink-cpu or tfjs-wasm, delivers its events and
// answers CDP calls only after its last block.)


/** Microseconds on CLOCK_MONOTONIC (the clock of V8's profiles and Chromium's process times). */
export const monoMicros = () => Number(process.hrtime.bigint() / 1000n);

/** The page's performance.now() mapped onto monoMicros: { rttMicros, offsetMicros } of the shortest round trip. */
export async function calibrate(page, tries = 5) {
  let best = null;
  for (let i = 0; i < tries; i++) {
    const before = monoMicros();
    const now = await page.evaluate(() => performance.now());
    const after = monoMicros();
    const rtt = after - before;
    if (!best || rtt < best.rttMicros) best = { rttMicros: rtt, offsetMicros: (before + after) / 2 - now * 1000 };
  }
  return best;
}

// The CPU profile: self time per category and per function, samples in [from, to] (µs) only.

function category(frame) {
  const { functionName: name, url } = frame;
  if (/^\((idle|program|garbage collector|root)\)$/.test(name)) return name;
  if (url.endsWith('.wasm') || url.startsWith('wasm://') || name.startsWith('$') || name.startsWith('wasm-function')) {
    if (url.includes('/vendor/tfjs/') || url.includes('tfjs-backend-wasm')) return 'tfjs wasm';
    return 'wasm';
  }
  if (url.includes('/pkg/')) return 'rethink JS glue';
  if (url.includes('/vendor/tfjs/')) return 'tfjs JS';
  if (url.includes('/bench/')) return 'bench page JS';
  if (url === '') return 'other (no url: native/builtins)';
  return 'other JS';
}

/** A V8 CPU profile's self time in [from, to] (µs): categories, top functions, samples and coverage. */
export function analyzeProfile(profile, from, to) {
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  const selfByNode = new Map();
  const { samples = [], timeDeltas = [], startTime, endTime } = profile;
  const times = [];
  let t = startTime;
  for (const delta of timeDeltas) times.push((t += delta));
  let kept = 0;
  let first = null;
  let last = null;
  for (let i = 0; i < samples.length; i++) {
    // Sample i covers [times[i], next sample), clipped to the window.
    const begin = Math.max(times[i], from);
    const end = Math.min(i + 1 < samples.length ? times[i + 1] : endTime, to);
    if (end <= begin) continue;
    kept += 1;
    first ??= times[i];
    last = times[i];
    selfByNode.set(samples[i], (selfByNode.get(samples[i]) ?? 0) + (end - begin));
  }
  const total = [...selfByNode.values()].reduce((a, b) => a + b, 0);
  const categories = {};
  const functions = new Map();
  for (const [id, micros] of selfByNode) {
    const frame = nodes.get(id).callFrame;
    const cat = category(frame);
    categories[cat] = (categories[cat] ?? 0) + micros;
    const file = frame.url ? frame.url.replace(/^https?:\/\/[^/]+/, '') : '';
    const key = `${frame.functionName || '(anonymous)'}\u0000${file}`;
    const entry = functions.get(key) ?? { name: frame.functionName || '(anonymous)', file, category: cat, micros: 0 };
    entry.micros += micros;
    functions.set(key, entry);
  }
  const share = (micros) => (total > 0 ? micros / total : null);
  const top = [...functions.values()].sort((a, b) => b.micros - a.micros).slice(0, 15)
    .map((f) => ({ ...f, seconds: f.micros / 1e6, share: share(f.micros) }));
  return {
    sampledSeconds: total / 1e6,
    windowSeconds: (to - from) / 1e6,
    profileCoversWindow: startTime <= from && endTime >= to,
    samples: kept,
    intervalMicros: kept > 1 ? (last - first) / (kept - 1) : null,
    categories: Object.fromEntries(Object.entries(categories).sort((a, b) => b[1] - a[1]).map(([k, v]) => [k, { seconds: v / 1e6, share: share(v) }])),
    top,
  };
}

// Process CPU times: SystemInfo.getProcessInfo (cumulative cpuTime in seconds per process, read
// by the browser process, so it answers while the page's main thread is busy), polled with the
// machine's CPU times; values at the window's ends are interpolated between polls.

/** Busy CPU seconds of the whole machine so far (all cores: user, nice, sys, irq). */
export function machineBusy() {
  let busy = 0;
  for (const cpu of os.cpus()) busy += cpu.times.user + cpu.times.nice + cpu.times.sys + cpu.times.irq;
  return busy / 1000;
}

function valueAt(series, t, get) {
  let before = null;
  for (const point of series) {
    if (point.t <= t) before = point;
    else {
      const a = before ? get(before) : null;
      const b = get(point);
      if (a === null || a === undefined) return b === undefined ? null : b;
      if (b === undefined || b === null) return a;
      return a + ((b - a) * (t - before.t)) / (point.t - before.t);
    }
  }
  return before ? get(before) ?? null : null;
}

/** CPU seconds per process and per process type between from and to (µs), from the polled series. */
export function processWindow(series, from, to) {
  const ids = new Map();
  for (const point of series) for (const p of point.proc) ids.set(p.id, p.type);
  const perProcess = [];
  const byType = {};
  for (const [id, type] of ids) {
    const at = (t) => valueAt(series, t, (point) => point.proc.find((p) => p.id === id)?.cpuTime);
    const begin = at(from);
    const end = at(to);
    if (end === null) continue;
    const seconds = end - (begin ?? 0);
    perProcess.push({ id, type, seconds });
    byType[type] = (byType[type] ?? 0) + seconds;
  }
  const machine = valueAt(series, to, (p) => p.machine) - valueAt(series, from, (p) => p.machine);
  const coversWindow = series.length > 1 && series[0].t <= from && series.at(-1).t >= to;
  return { byType, perProcess, machineBusySeconds: machine, coversWindow };
}
