// Soak test (not part of CI): the real page trains for many steps while its memory is sampled.
//   node tests/soak/soak.mjs                 (10,000 steps, CPU, MLP, batch 128)
//   node tests/soak/soak.mjs --steps 1000 --asset e2e-16px.bin
// Options (or env): --steps (RETHINK_SOAK_STEPS, 10000), --asset (RETHINK_SOAK_ASSET, www/data/
// cifar10-16px.bin if present, else e2e-16px.bin), --model (mlp), --batch (128), --backend (cpu),
// --every seconds between samples (5), --warmup steps (10% of --steps), --bound (0.10),
// --timeout minutes (120), --chromium (RETHINK_CHROMIUM, /usr/bin/chromium).
// Sampled: the page's JS heap (performance.memory after a forced GC), the worker's JS heap (workers
// have no performance.memory: DevTools' Runtime.getHeapUsage after HeapProfiler.collectGarbage,
// through a browser CDP session attached to the worker; null if it does not answer within 8 s),
// and the wasm linear memory (the worker reports memory.buffer.byteLength on every 'steps').
// Bound: each figure may not grow by more than --bound (10%) from its value after warm-up to the
// end of the run; the JS heaps get a floor of 1 MiB, since the page keeps one small metrics object
// per epoch (the history and the chart), which is growth by design, not a leak.
// Prints a table, writes test-artifacts/soak.json; exit status 1 if a bound is broken, 2 if the
// run did not reach its steps.
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';
import { startServer } from '../../scripts/serve.mjs';
import { CHROMIUM_ARGS } from '../e2e/page.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const MiB = 1024 * 1024;
const { values: args } = parseArgs({
  options: {
    steps: { type: 'string', default: process.env.RETHINK_SOAK_STEPS ?? '10000' },
    asset: { type: 'string', default: process.env.RETHINK_SOAK_ASSET },
    model: { type: 'string', default: 'mlp' },
    batch: { type: 'string', default: '128' },
    backend: { type: 'string', default: 'cpu' },
    every: { type: 'string', default: '5' },
    warmup: { type: 'string' },
    bound: { type: 'string', default: '0.10' },
    timeout: { type: 'string', default: '120' },
    chromium: { type: 'string', default: process.env.RETHINK_CHROMIUM ?? '/usr/bin/chromium' },
  },
});
const steps = Number(args.steps);
const asset = args.asset ?? (existsSync(path.join(ROOT, 'www/data/cifar10-16px.bin')) ? 'cifar10-16px.bin' : 'e2e-16px.bin');
const warmup = Number(args.warmup ?? Math.round(steps / 10));
const bound = Number(args.bound);
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const withTimeout = (promise, ms) => Promise.race([promise, sleep(ms).then(() => null)]).catch(() => null);

// A function that reads the training worker's used JS heap after a GC (bytes, or null).
async function workerHeapReader(browser) {
  const cdp = await browser.newBrowserCDPSession();
  const { targetInfos } = await cdp.send('Target.getTargets');
  const target = targetInfos.find((t) => t.type === 'worker' && t.url.endsWith('/worker.js'));
  if (!target) return async () => null;
  const { sessionId } = await cdp.send('Target.attachToTarget', { targetId: target.targetId, flatten: false });
  let id = 0;
  const pending = new Map();
  cdp.on('Target.receivedMessageFromTarget', (event) => {
    const message = JSON.parse(event.message);
    if (event.sessionId !== sessionId || !pending.has(message.id)) return;
    pending.get(message.id)(message.result ?? null);
    pending.delete(message.id);
  });
  const send = (method) => new Promise((resolve) => {
    id += 1;
    pending.set(id, resolve);
    cdp.send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id, method, params: {} }) }).catch(() => resolve(null));
  });
  return async () => {
    await withTimeout(send('HeapProfiler.collectGarbage'), 8000);
    return (await withTimeout(send('Runtime.getHeapUsage'), 8000))?.usedSize ?? null;
  };
}

// One sample: step, epoch, the three memory figures (bytes, null when not readable).
async function sample(page, started, readWorkerHeap) {
  const pageSide = await page.evaluate(() => {
    window.gc?.();
    const debug = window.rethinkDebug;
    return { step: debug.step, epochs: debug.history.length - 1, stepsPerSec: debug.stepsPerSec, wasmBytes: debug.wasmBytes ?? null,
      pageHeap: performance.memory?.usedJSHeapSize ?? null, error: document.getElementById('error').hidden ? null : document.getElementById('error').textContent };
  });
  const workerHeap = await readWorkerHeap();
  return { seconds: Math.round((Date.now() - started) / 1000), ...pageSide, workerHeap };
}

// start / after warm-up / end / peak of one figure, and whether its growth after warm-up is in bounds.
function summarize(samples, key, floor) {
  const known = samples.filter((s) => Number.isFinite(s[key]));
  if (known.length === 0) return { key, readable: false, ok: true };
  const warm = known.find((s) => s.step >= warmup) ?? known.at(-1);
  const after = known.filter((s) => s.step >= warm.step);
  const end = key === 'wasmBytes' ? known.at(-1)[key] : median(after.slice(-3).map((s) => s[key]));
  const peak = Math.max(...after.map((s) => s[key]));
  const allowed = Math.max(warm[key] * bound, floor);
  return { key, readable: true, start: known[0][key], warm: warm[key], warmStep: warm.step, end, peak, growth: end - warm[key], allowed, ok: end - warm[key] <= allowed };
}

function median(list) {
  const sorted = [...list].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function printTable(rows) {
  const mb = (bytes) => (Number.isFinite(bytes) ? `${(bytes / MiB).toFixed(2)} MiB` : 'n/a');
  const lines = [['figure', 'start', 'after warm-up', 'end', 'peak', 'growth', 'allowed', 'ok']];
  for (const r of rows) {
    lines.push(r.readable
      ? [r.key, mb(r.start), `${mb(r.warm)} (step ${r.warmStep})`, mb(r.end), mb(r.peak), mb(r.growth), mb(r.allowed), r.ok ? 'yes' : 'NO']
      : [r.key, 'n/a', 'n/a', 'n/a', 'n/a', 'n/a', 'n/a', 'not readable']);
  }
  const widths = lines[0].map((_, i) => Math.max(...lines.map((line) => line[i].length)));
  for (const line of lines) console.log(line.map((cell, i) => cell.padEnd(widths[i])).join('  '));
}

const server = startServer({ port: 0, host: '127.0.0.1', root: ROOT });
await new Promise((resolve, reject) => server.once('listening', resolve).once('error', reject));
const browser = await chromium.launch({
  executablePath: args.chromium,
  args: [...CHROMIUM_ARGS, '--enable-precise-memory-info', '--js-flags=--expose-gc'],
});
const samples = [];
let status = 0;
try {
  const context = await browser.newContext({ serviceWorkers: 'block' });
  const page = await context.newPage();
  const url = `http://127.0.0.1:${server.address().port}/#backend=${args.backend}&model=${args.model}&batchSize=${args.batch}&asset=${asset}`;
  console.log(`# soak: ${steps} steps, ${url}, warm-up ${warmup} steps, bound ${bound * 100}% (heaps: at least 1 MiB)`);
  await page.goto(url);
  await page.waitForFunction(() => Boolean(window.rethinkDebug));
  await page.click('#play');
  await page.waitForFunction(() => window.rethinkDebug.history.length > 0, null, { timeout: 300_000 });
  const readWorkerHeap = await workerHeapReader(browser);
  const started = Date.now();
  const deadline = started + Number(args.timeout) * 60_000;
  for (;;) {
    const s = await sample(page, started, readWorkerHeap);
    samples.push(s);
    console.log(`# ${s.seconds}s step ${s.step} epoch ${s.epochs} ${s.stepsPerSec?.toFixed(1) ?? '-'} steps/s page ${(s.pageHeap / MiB).toFixed(2)} MiB` +
      ` worker ${s.workerHeap === null ? 'n/a' : `${(s.workerHeap / MiB).toFixed(2)} MiB`} wasm ${s.wasmBytes === null ? '-' : `${(s.wasmBytes / MiB).toFixed(1)} MiB`}`);
    if (s.error) throw new Error(`the page shows an error: ${s.error}`);
    if (s.step >= steps) break;
    if (Date.now() > deadline) throw new Error(`only ${s.step} of ${steps} steps in ${args.timeout} minutes`);
    await sleep(Number(args.every) * 1000);
  }
} catch (error) {
  console.error(`soak: ${error.message}`);
  status = 2;
} finally {
  await browser.close();
  server.close();
}
const rows = [summarize(samples, 'wasmBytes', 0), summarize(samples, 'pageHeap', MiB), summarize(samples, 'workerHeap', MiB)];
printTable(rows);
if (status === 0 && rows.some((r) => !r.ok)) status = 1;
const config = { steps, asset, model: args.model, batch: Number(args.batch), backend: args.backend, warmup, bound, heapFloorBytes: MiB };
await mkdir(path.join(ROOT, 'test-artifacts'), { recursive: true });
await writeFile(path.join(ROOT, 'test-artifacts/soak.json'), `${JSON.stringify({ config, summary: rows, samples, status }, null, 2)}\n`);
console.log(`# ${status === 0 ? 'ok' : status === 1 ? 'FAILED: memory grew beyond the bound' : 'FAILED: the run did not finish'}; test-artifacts/soak.json`);
process.exit(status);
