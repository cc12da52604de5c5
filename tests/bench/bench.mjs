#!/usr/bin/env node
// Steps per second of rethink, TensorFlow.js 4.22 and jax-js on identical work (issue 5, benchmark 1):
// the same network, batch 128, SGD momentum 0.9 at lr 0.01, cross-entropy, the same asset file.
// Each backend x model x size runs in a fresh headless Chromium on tests/bench/index.html.
//   node tests/bench/bench.mjs [--steps 30,tfjs-cpu=10,rethink-webgpu=5,tfjs-webgpu=5,jax-webgpu=5,jax-wasm/cnn=5] [--reps 5]
//        [--warmup 3] [--backends rethink-webgpu,rethink-cpu,tfjs-webgpu,tfjs-wasm,tfjs-cpu,jax-webgpu,jax-wasm]
//        [--models mlp,cnn] [--sizes 16,32] [--wasm-threads cores] [--webgpu-matmul by-adapter] [--cell-timeout 300]
//        [--out test-artifacts/bench.json]
// --steps, --reps and --warmup take a default and overrides per backend or per backend and model
// (`N,backend=M,backend/model=K,...`; backend/model wins).
// --wasm-threads: TensorFlow.js wasm threads, 'cores' (all logical cores; the page is cross-origin
// isolated), a number, or 0 for its default (half the cores). jax-js's wasm device has no such
// setting: it always starts one worker per logical core.
// --webgpu-matmul: rethink's WebGPU matmul, 'by-adapter' (the page's: CpuGemm on a software
// adapter), 'cubek-auto' (Burn's upstream kernel) or 'cpu-gemm' (src/web/webgpu.rs).
// Prints Markdown tables; writes the raw events and medians as JSON.
import { existsSync } from 'node:fs';
import path from 'node:path';
import {
  ARTIFACTS, BACKENDS, ROOT, fmt, launchBrowser, list, machine, markdownTable, median, parseOptions, perCell,
  requireFiles, runBenchCell, serve, writeArtifact,
} from './common.mjs';

const DEFAULTS = {
  steps: '30,tfjs-cpu=10,rethink-webgpu=5,tfjs-webgpu=5,jax-webgpu=5,jax-wasm/cnn=5',
  reps: '5',
  warmup: '3',
  backends: BACKENDS.join(','),
  models: 'mlp,cnn',
  sizes: '16,32',
  asset16: existsSync(path.join(ROOT, 'www/data/cifar10-16px.bin')) ? 'cifar10-16px.bin' : 'e2e-16px.bin',
  asset32: 'bench-32px.bin',
  wasmThreads: 'cores',
  webgpuMatmul: 'by-adapter',
  cellTimeout: 300,
  out: path.join(ARTIFACTS, 'bench.json'),
};
const USAGE = `usage: node tests/bench/bench.mjs [--steps N[,backend=N,backend/model=N...]] [--reps N[,backend=N...]] [--warmup N[,backend=N...]]
  [--backends ${BACKENDS.join(',')}] [--models mlp,cnn] [--sizes 16,32]
  [--asset16 ${DEFAULTS.asset16}] [--asset32 bench-32px.bin] [--wasm-threads cores|N|0]
  [--webgpu-matmul by-adapter|cubek-auto|cpu-gemm] [--cell-timeout seconds] [--out file.json]
defaults: --steps ${DEFAULTS.steps} --reps ${DEFAULTS.reps} --warmup ${DEFAULTS.warmup} --cell-timeout ${DEFAULTS.cellTimeout}`;
const PEERS = [['tfjs', 'TensorFlow.js'], ['jax', 'jax-js']]; // the libraries rethink is compared with
const MAKE_32 = 'cargo run --no-default-features --bin rethink -- data --side 32 --train 5000 --test 1000 --out www/data/bench-32px.bin';


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
  if (info.workers !== undefined) parts.push(`${info.workers} wasm workers (jax-js: one per logical core; ${info.logicalCores} logical cores), jit`);
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
  // One row per peer cell, then per model and size the best backend of each peer library.
  const ratioRows = [];
  const cellsOf = (model, size, prefix) => results.filter((r) => r.model === model && r.size === size && r.backend.startsWith(prefix));
  const fastest = (cells) => cells.filter((r) => r.stepsPerSec).sort((a, b) => b.stepsPerSec - a.stepsPerSec)[0] ?? null;
  const ratioRow = (model, size, label, peer, status) => {
    const cpu = fastest(cellsOf(model, size, 'rethink-cpu'))?.stepsPerSec;
    const gpu = fastest(cellsOf(model, size, 'rethink-webgpu'))?.stepsPerSec;
    const ratio = (ours) => (ours && peer ? `${fmt(ours / peer)}x` : '–');
    ratioRows.push([model, `${size}x${size}`, label, peer ? fmt(peer) : status, ratio(cpu), ratio(gpu), ratio(Math.max(cpu ?? 0, gpu ?? 0))]);
  };
  for (const r of results.filter((x) => !x.backend.startsWith('rethink-'))) ratioRow(r.model, r.size, r.backend, r.stepsPerSec, r.status);
  const keys = [...new Set(results.map((r) => `${r.model} ${r.size}`))].map((key) => [key.split(' ')[0], Number(key.split(' ')[1])]);
  for (const [model, size] of keys) {
    for (const [prefix, name] of PEERS) {
      const cells = cellsOf(model, size, `${prefix}-`);
      const best = fastest(cells);
      if (cells.length > 0) ratioRow(model, size, `best ${name}${best ? ` (${best.backend})` : ''}`, best?.stepsPerSec, 'failed');
    }
  }
  console.log('Parameters (rethink: Experiment.numParams(); TensorFlow.js: model.countParams(); jax-js: sizes of its parameter arrays):');
  for (const [model, size] of keys) {
    const counts = results.filter((r) => r.model === model && r.size === size && r.numParams !== null);
    const side = (library) => [...new Set(counts.filter((r) => r.backend.startsWith(library)).map((r) => r.numParams))].join('/') || '–';
    const all = new Set(counts.map((r) => r.numParams));
    const equal = all.size > 1 ? '  MISMATCH' : counts.length > 1 ? '  (equal)' : '';
    console.log(`  ${model} ${size}x${size}: rethink ${side('rethink-')}, tfjs ${side('tfjs-')}, jax-js ${side('jax-')}${equal}`);
  }
  console.log('');
  if (ratioRows.length > 0) {
    console.log('Ratios rethink / peer (TensorFlow.js, jax-js; steps/s over steps/s; above 1: rethink is faster):\n');
    console.log(`${markdownTable(['model', 'size', 'peer backend', 'peer steps/s', 'rethink-cpu / peer', 'rethink-webgpu / peer', 'best rethink / peer'], ratioRows)}\n`);
  }
}

async function main() {
  const options = parseOptions(process.argv.slice(2), DEFAULTS, USAGE);
  const backends = list(options.backends);
  const unknown = backends.filter((b) => !BACKENDS.includes(b));
  if (unknown.length > 0) throw new Error(`unknown backend ${unknown.join(', ')}: ${BACKENDS.join(', ')}`);
  requireFiles([
    ['pkg/rethink.js', 'build the wasm with scripts/setup.sh'],
    ...(backends.some((b) => b.startsWith('tfjs-')) ? [['node_modules/@tensorflow/tfjs/dist/tf.es2017.min.js', 'run npm ci (TensorFlow.js is a dev dependency)']] : []),
    ...(backends.some((b) => b.startsWith('jax-')) ? [['node_modules/@jax-js/jax/dist/index.js', 'run npm ci (jax-js is a dev dependency)']] : []),
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
        const [steps, reps, warmup] = [options.steps, options.reps, options.warmup].map((text) => perCell(text, backend, model));
        cells.push({ model, size, backend, asset, steps, reps, warmup, limit: options.cellTimeout, ...(backend === 'tfjs-wasm' ? { wasmThreads: options.wasmThreads } : {}), ...(backend === 'rethink-webgpu' ? { webgpuMatmul: options.webgpuMatmul } : {}) });
      }
    }
  }
  const { baseUrl, close } = await serve({ bench: true });
  const probe = await launchBrowser();
  const about = machine(probe);
  await probe.close();
  console.log(`# rethink vs TensorFlow.js and jax-js, ${about.cpus} CPUs (${about.cpuModel}), Chromium ${about.chromium}, load ${about.loadAverage.join(' ')}`);
  const results = [];
  try {
    for (const cell of cells) {
      console.log(`${cell.model} ${cell.size}x${cell.size} ${cell.backend} (${cell.warmup} warm-up + ${cell.reps} x ${cell.steps} steps, ${cell.asset})`);
      const result = summarize(cell, await runBenchCell(baseUrl, cell, cell.limit));
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
