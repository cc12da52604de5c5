#!/usr/bin/env node
// Steps per second of rethink and TensorFlow.js 4.22 on identical work (issue 5, benchmark 1):
// the same network, batch 128, SGD momentum 0.9 at lr 0.01, cross-entropy, the same asset file.
// Each backend x model x size runs in a fresh headless Chromium on tests/bench/index.html.
//   node tests/bench/bench.mjs [--steps 30,tfjs-cpu=10,rethink-webgpu=5,tfjs-webgpu=5] [--reps 5]
//        [--warmup 3] [--backends rethink-webgpu,rethink-cpu,tfjs-webgpu,tfjs-wasm,tfjs-cpu]
//        [--models mlp,cnn] [--sizes 16,32] [--wasm-threads cores] [--cell-timeout 300] [--out test-artifacts/bench.json]
// --steps, --reps and --warmup take a default and per-backend overrides (`N,backend=M,...`).
// --wasm-threads: TensorFlow.js wasm threads, 'cores' (all logical cores; the page is cross-origin
// isolated), a number, or 0 for its default (half the cores).
// Prints Markdown tables; writes the raw events and medians as JSON.
import { existsSync } from 'node:fs';
import path from 'node:path';
import {
  ARTIFACTS, BACKENDS, ROOT, fmt, followBenchPage, launchBrowser, list, machine, markdownTable, median, parseOptions, perBackend,
  requireFiles, serve, writeArtifact,
} from './common.mjs';

const DEFAULTS = {
  steps: '30,tfjs-cpu=10,rethink-webgpu=5,tfjs-webgpu=5',
  reps: '5',
  warmup: '3',
  backends: BACKENDS.join(','),
  models: 'mlp,cnn',
  sizes: '16,32',
  asset16: existsSync(path.join(ROOT, 'www/data/cifar10-16px.bin')) ? 'cifar10-16px.bin' : 'e2e-16px.bin',
  asset32: 'bench-32px.bin',
  wasmThreads: 'cores',
  cellTimeout: 300,
  out: path.join(ARTIFACTS, 'bench.json'),
};
const USAGE = `usage: node tests/bench/bench.mjs [--steps N[,backend=N...]] [--reps N[,backend=N...]] [--warmup N[,backend=N...]]
  [--backends ${BACKENDS.join(',')}] [--models mlp,cnn] [--sizes 16,32]
  [--asset16 ${DEFAULTS.asset16}] [--asset32 bench-32px.bin] [--wasm-threads cores|N|0] [--cell-timeout seconds] [--out file.json]
defaults: --steps ${DEFAULTS.steps} --reps ${DEFAULTS.reps} --warmup ${DEFAULTS.warmup} --cell-timeout ${DEFAULTS.cellTimeout}`;
const MAKE_32 = 'cargo run --no-default-features --bin rethink -- data --side 32 --train 5000 --test 1000 --out www/data/bench-32px.bin';


// Run one cell in a fresh browser; resolves to { events, outcome, logs }.
async function runCell(baseUrl, cell, limitSeconds) {
  const browser = await launchBrowser();
  const events = [];
  const logs = [];
  let settle;
  const finished = new Promise((resolve) => (settle = resolve));
  const timer = setTimeout(() => settle('time limit'), limitSeconds * 1000);
  try {
    const page = await (await browser.newContext()).newPage();
    await followBenchPage(page, { events, logs, settle });
    const query = new URLSearchParams({ backend: cell.backend, model: cell.model, asset: cell.asset, steps: cell.steps, reps: cell.reps, warmup: cell.warmup, wasmThreads: cell.wasmThreads ?? 0 });
    await page.goto(`${baseUrl}bench/?${query}`);
    const outcome = await finished;
    return { events, outcome, logs };
  } catch (error) {
    return { events, outcome: `runner error: ${error.message}`, logs };
  } finally {
    clearTimeout(timer);
    await browser.close().catch(() => {});
  }
}

// Medians and the rest of one cell's record from its events.
function summarize(cell, { events, outcome, logs }) {
  const setup = events.find((e) => e.type === 'setup') ?? null;
  const warm = events.find((e) => e.type === 'warmup') ?? null;
  const reps = events.filter((e) => e.type === 'rep');
  const failure = events.find((e) => e.type === 'error');
  const rates = reps.map((e) => e.stepsPerSec);
  let status = 'ok';
  let error = null;
  if (failure) [status, error] = [reps.length > 0 ? 'partial' : 'failed', `${failure.stage}: ${failure.message}`];
  else if (outcome !== 'done') [status, error] = [reps.length > 0 ? 'partial' : 'failed', `${outcome === 'time limit' ? `time limit of ${cell.limit} s` : outcome} after ${reps.length} of ${cell.reps} reps`];
  if (setup && setup.side !== cell.size) [status, error] = ['failed', `www/data/${cell.asset} is ${setup.side}x${setup.side}, not ${cell.size}x${cell.size}`];
  const { type, at, ...info } = setup ?? {};
  return {
    ...cell,
    status,
    error,
    numParams: setup?.numParams ?? null,
    stepsPerSec: status === 'failed' ? null : median(rates),
    repStepsPerSec: rates,
    warmupSeconds: warm?.seconds ?? null,
    setupSeconds: setup ? setup.loadSeconds + setup.createSeconds : null,
    firstLoss: warm?.loss ?? reps[0]?.loss ?? null,
    lastLoss: reps.at(-1)?.loss ?? null,
    info: setup ? info : null,
    logs: logs.slice(0, 20),
  };
}

function notes(result) {
  const info = result.info ?? {};
  const parts = [];
  if (result.error) parts.push(result.error.slice(0, 160));
  if (info.device) parts.push(info.device);
  if (info.adapter) parts.push(`adapter ${info.adapter}`);
  if (info.simd !== undefined) {
    const isolation = info.crossOriginIsolated ? 'cross-origin isolated' : 'not cross-origin isolated: no threads';
    const threads = `${info.threads} thread${info.threads === 1 ? '' : 's'} (${info.logicalCores} logical cores; tfjs uses at most half)`;
    parts.push(`SIMD ${info.simd ? 'on' : 'off'}, ${threads}, ${isolation}`);
  }
  return parts.join('; ');
}

function printTables(results) {
  const header = ['model', 'size', 'backend', 'params', 'steps/s (median)', 'reps x steps', 'warm-up s (steps)', 'setup s', 'loss first → last', 'status / notes'];
  const rows = results.map((r) => [
    r.model, `${r.size}x${r.size}`, r.backend, r.numParams ?? '–', fmt(r.stepsPerSec), `${r.repStepsPerSec.length} x ${r.steps}`,
    r.warmupSeconds === null ? '–' : `${fmt(r.warmupSeconds)} (${r.warmup})`, fmt(r.setupSeconds),
    `${fmt(r.firstLoss)} → ${fmt(r.lastLoss)}`, `${r.status}${notes(r) ? `: ${notes(r)}` : ''}`,
  ]);
  console.log(`\n${markdownTable(header, rows)}\n`);
  const ratioRows = [];
  const rate = (model, size, backend) => results.find((r) => r.model === model && r.size === size && r.backend === backend && r.stepsPerSec)?.stepsPerSec ?? null;
  for (const r of results.filter((x) => x.backend.startsWith('tfjs-'))) {
    const cpu = rate(r.model, r.size, 'rethink-cpu');
    const gpu = rate(r.model, r.size, 'rethink-webgpu');
    const ratio = (ours) => (ours && r.stepsPerSec ? `${fmt(ours / r.stepsPerSec)}x` : '–');
    const best = Math.max(cpu ?? 0, gpu ?? 0) || null;
    ratioRows.push([r.model, `${r.size}x${r.size}`, r.backend, r.stepsPerSec ? fmt(r.stepsPerSec) : r.status, ratio(cpu), ratio(gpu), ratio(best)]);
  }
  console.log('Parameters (rethink: Experiment.numParams(); TensorFlow.js: model.countParams()):');
  for (const key of new Set(results.map((r) => `${r.model} ${r.size}`))) {
    const counts = results.filter((r) => `${r.model} ${r.size}` === key && r.numParams !== null);
    const side = (library) => [...new Set(counts.filter((r) => r.backend.startsWith(library)).map((r) => r.numParams))].join('/') || '–';
    const all = new Set(counts.map((r) => r.numParams));
    console.log(`  ${key}x${key.split(' ')[1]}: rethink ${side('rethink')}, tfjs ${side('tfjs')}${all.size > 1 ? '  MISMATCH' : counts.length > 1 ? '  (equal)' : ''}`);
  }
  console.log('');
  if (ratioRows.length > 0) {
    console.log('Ratios rethink / TensorFlow.js (steps/s over steps/s; above 1: rethink is faster):\n');
    console.log(`${markdownTable(['model', 'size', 'tfjs backend', 'tfjs steps/s', 'rethink-cpu / tfjs', 'rethink-webgpu / tfjs', 'best rethink / tfjs'], ratioRows)}\n`);
  }
}

async function main() {
  const options = parseOptions(process.argv.slice(2), DEFAULTS, USAGE);
  const backends = list(options.backends);
  const unknown = backends.filter((b) => !BACKENDS.includes(b));
  if (unknown.length > 0) throw new Error(`unknown backend ${unknown.join(', ')}: ${BACKENDS.join(', ')}`);
  requireFiles([
    ['pkg/rethink.js', 'build the wasm with scripts/setup.sh'],
    ['node_modules/@tensorflow/tfjs/dist/tf.es2017.min.js', 'run npm ci (TensorFlow.js is a dev dependency)'],
  ]);
  const cells = [];
  for (const size of list(options.sizes).map(Number)) {
    const asset = size === 16 ? options.asset16 : size === 32 ? options.asset32 : null;
    if (!asset) throw new Error(`--sizes: 16 or 32, not ${size}`);
    if (!existsSync(path.join(ROOT, 'www/data', asset))) {
      console.log(`skipping ${size}x${size}: www/data/${asset} is missing; make it with\n  ${MAKE_32.replace('bench-32px.bin', asset)}`);
      continue;
    }
    for (const model of list(options.models)) {
      for (const backend of backends) {
        const [steps, reps, warmup] = [options.steps, options.reps, options.warmup].map((text) => perBackend(text, backend));
        cells.push({ model, size, backend, asset, steps, reps, warmup, limit: options.cellTimeout, ...(backend === 'tfjs-wasm' ? { wasmThreads: options.wasmThreads } : {}) });
      }
    }
  }
  const { baseUrl, close } = await serve({ bench: true });
  const probe = await launchBrowser();
  const about = machine(probe);
  await probe.close();
  console.log(`# rethink vs TensorFlow.js, ${about.cpus} CPUs (${about.cpuModel}), Chromium ${about.chromium}, load ${about.loadAverage.join(' ')}`);
  const results = [];
  try {
    for (const cell of cells) {
      console.log(`${cell.model} ${cell.size}x${cell.size} ${cell.backend} (${cell.warmup} warm-up + ${cell.reps} x ${cell.steps} steps, ${cell.asset})`);
      const result = summarize(cell, await runCell(baseUrl, cell, cell.limit));
      console.log(`  -> ${result.status}: ${fmt(result.stepsPerSec)} steps/s${result.error ? `; ${result.error}` : ''}`);
      results.push(result);
    }
  } finally {
    await close();
  }
  printTables(results);
  const file = await writeArtifact(path.resolve(options.out), { date: new Date().toISOString(), machine: about, options, results });
  console.log(`wrote ${path.relative(ROOT, file)}`);
}

main().catch((error) => {
  console.error(`bench.mjs: ${error.message}`);
  process.exit(1);
});
