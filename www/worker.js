// Training worker: owns the wasm module, the cached data bytes and the one live Experiment.
// Protocol (docs/ARCHITECTURE.md): page -> {start|play|pause}, worker -> {status|progress|ready|
// steps|epoch|error|fatal}; every message carries the runId it belongs to.

import { resolveBackend } from './backend.js';

const PKG_URL = new URL('pkg/rethink.js', self.location.href);
const WASM_URL = new URL('pkg/rethink_bg.wasm', self.location.href);
const MODEL_NAMES = { mlp: 'MLP 1×512', mlp3: 'MLP 3×512', cnn: 'small CNN' };
const TARGET_CALL_MS = 150; // aim for one train() call every 100-200 ms

let wasmPromise = null; // Promise<module namespace> once init() is under way
const assetCache = new Map(); // asset URL -> Promise<Uint8Array>, kept across runs
let current = null; // the live run
let inFlight = null; // the run whose wasm call is running, if any
let createQueue = Promise.resolve(); // one Experiment.create at a time (WebGPU initialises once)

/** An error whose message is already written for the reader of the page. */
class UserError extends Error {}

self.onmessage = (event) => {
  const message = event.data ?? {};
  if (message.type === 'start') return startRun(message);
  if (!current || message.runId !== current.runId) return;
  if (message.type === 'play') {
    current.playing = true;
    kick(current);
  } else if (message.type === 'pause') {
    current.playing = false;
  }
};

// A Rust panic traps out of wasm; async ones surface here, and may poison the module.
self.addEventListener('error', (event) => {
  event.preventDefault();
  fatal(culprit(), event.error ?? event.message);
});
self.addEventListener('unhandledrejection', (event) => {
  event.preventDefault();
  fatal(culprit(), event.reason);
});

// The run to report a crash for: the current one, unless an older run's call was in flight,
// in which case the current run is reported in phase 'stale' (no WebGPU fallback for it).
function culprit() {
  if (current && inFlight && inFlight !== current) current.phase = 'stale';
  return current;
}

function post(run, type, fields = {}) {
  self.postMessage({ type, runId: run?.runId ?? null, ...fields });
}

function messageOf(error) {
  if (error instanceof Error) return error.message || error.name;
  return String(error ?? 'unknown error');
}

// The module may be unusable after this (a trapped panic): the page replaces the worker.
function fatal(run, error) {
  if (run) run.stopped = true;
  console.error('rethink worker: fatal', error);
  post(run, 'fatal', { message: messageOf(error), phase: run?.phase ?? 'unknown', backend: run?.backend ?? null });
}

function startRun({ runId, config, assetUrl, play = false }) {
  if (current) stopRun(current);
  const run = { runId, config, assetUrl, playing: play, phase: 'load', backend: null, exp: null };
  Object.assign(run, { step: 0, k: 5, stepsPerEpoch: 1, speed: null, calls: 0, busy: false, looping: false });
  current = run;
  prepare(run).catch((error) => {
    if (run.stopped) return;
    if (error instanceof UserError) {
      run.stopped = true;
      post(run, 'error', { message: error.message });
    } else {
      fatal(run, error);
    }
  });
}

function stopRun(run) {
  run.stopped = true;
  run.playing = false;
  if (!run.busy) freeRun(run);
}

function freeRun(run) {
  const exp = run.exp;
  run.exp = null;
  freeQuietly(exp);
}

// free() a wasm-bindgen object unless Rust already took it (a by-value argument zeroes its pointer).
function freeQuietly(object) {
  if (!object || object.__wbg_ptr === 0) return;
  try {
    object.free();
  } catch (error) {
    console.warn('rethink worker: free failed', error);
  }
}

// Run one wasm call on behalf of `run`; a run stopped meanwhile is freed once the call is back.
async function call(run, fn) {
  run.busy = true;
  inFlight = run;
  try {
    return await fn();
  } finally {
    run.busy = false;
    if (inFlight === run) inFlight = null;
    if (run.stopped) freeRun(run);
  }
}

async function prepare(run) {
  post(run, 'status', { text: 'Loading the WebAssembly module and the data…' });
  const [wasm, bytes] = await Promise.all([loadWasm(), loadAsset(run.assetUrl)]);
  if (run.stopped) return;
  const assetName = `www/data/${decodeURIComponent(new URL(run.assetUrl).pathname.split('/').pop())}`;
  let dataset;
  try {
    dataset = wasm.Dataset.fromBytes(bytes);
  } catch (error) {
    throw new UserError(`The data asset ${assetName} is not valid (${messageOf(error)}) — run scripts/setup.sh to rebuild it.`);
  }
  try {
    run.summary = toPlain(dataset.summary());
    const choice = await resolveBackend(run.config.backend);
    if (run.stopped) return;
    run.backend = choice.backend;
    run.phase = 'create';
    const modelName = MODEL_NAMES[run.config.model] ?? run.config.model;
    post(run, 'status', { text: `Building the ${modelName} on ${choice.backend === 'cpu' ? 'the CPU' : 'WebGPU'}…` });
    const exp = await createExperiment(wasm, dataset, run.config, choice.backend);
    if (run.stopped) return freeQuietly(exp);
    run.exp = exp;
    run.stepsPerEpoch = Math.max(1, Number(run.exp.stepsPerEpoch()));
    post(run, 'ready', {
      backend: choice.backend,
      backendName: String(run.exp.backendName()),
      adapter: choice.adapter,
      fallbackNote: choice.note,
      stepsPerEpoch: run.stepsPerEpoch,
      summary: run.summary,
    });
  } finally {
    freeQuietly(dataset);
  }
  run.phase = 'evaluate';
  await evaluateAndPost(run); // epoch 0, before any training
  if (run.stopped) return;
  run.phase = 'train';
  run.ready = true;
  kick(run);
}

// Queue creates: two overlapping WebGPU initialisations would make the second one fail.
function createExperiment(wasm, dataset, config, backend) {
  const next = createQueue.then(() => wasm.Experiment.create(dataset, config, backend));
  createQueue = next.catch(() => {});
  return next;
}

function loadWasm() {
  wasmPromise ??= (async () => {
    const wasm = await import(PKG_URL.href);
    const bytes = await fetchWithProgress(WASM_URL.href, 'wasm');
    await wasm.default({ module_or_path: bytes });
    return wasm;
  })().catch((error) => {
    wasmPromise = null;
    if (error instanceof UserError) throw error;
    throw new UserError(`Could not load the WebAssembly module /pkg/rethink.js (${messageOf(error)}) — run scripts/setup.sh to build pkg/.`);
  });
  return wasmPromise;
}

function loadAsset(url) {
  if (!assetCache.has(url)) {
    const promise = fetchWithProgress(url, 'data');
    assetCache.set(url, promise);
    promise.catch(() => assetCache.delete(url));
  }
  return assetCache.get(url);
}

// Fetch a file as bytes, streaming it so the page can show loaded/total bytes.
async function fetchWithProgress(url, what) {
  const path = new URL(url).pathname;
  const label = what === 'data' ? `The data asset www${decodeURIComponent(path)}` : `The file ${path}`;
  let response;
  try {
    response = await fetch(url);
  } catch (error) {
    throw new UserError(`${label} could not be downloaded (${messageOf(error)}).`);
  }
  if (response.status === 404) {
    throw new UserError(`${label} was not found — run scripts/setup.sh to ${what === 'data' ? 'generate it' : 'build it'}.`);
  }
  if (!response.ok) throw new UserError(`${label} could not be downloaded (HTTP ${response.status}).`);
  const total = Number(response.headers.get('Content-Length')) || 0;
  const report = (loaded) => current.stopped || post(current, 'progress', { what, loaded, total });
  if (!response.body) {
    const bytes = new Uint8Array(await response.arrayBuffer());
    report(bytes.length);
    return bytes;
  }
  const reader = response.body.getReader();
  const chunks = [];
  let loaded = 0;
  let lastReport = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    loaded += value.length;
    if (performance.now() - lastReport > 50) {
      lastReport = performance.now();
      report(loaded);
    }
  }
  report(loaded);
  const bytes = new Uint8Array(loaded);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.length;
  }
  return bytes;
}

function kick(run) {
  if (run.ready && run.playing && !run.looping && !run.stopped) trainLoop(run).catch((error) => fatal(run, error));
}

async function trainLoop(run) {
  run.looping = true;
  try {
    while (run.playing && !run.stopped) {
      const toBoundary = run.stepsPerEpoch - (run.step % run.stepsPerEpoch);
      const k = Math.max(1, Math.min(run.k, toBoundary));
      const start = performance.now();
      const result = toPlain(await call(run, () => run.exp.train(k)));
      if (run.stopped) break;
      const ms = Math.max(1, performance.now() - start);
      run.step = Number.isFinite(result?.step) ? result.step : run.step + k;
      updateSpeed(run, k, ms);
      post(run, 'steps', { step: run.step, epoch: result?.epoch ?? run.step / run.stepsPerEpoch, stepsPerSec: run.speed, meanLoss: result?.meanLoss });
      if (run.step % run.stepsPerEpoch === 0) {
        await evaluateAndPost(run);
        if (run.stopped) break;
      }
      await new Promise((resolve) => setTimeout(resolve, 0)); // let 'pause' / 'start' in
    }
  } finally {
    run.looping = false;
  }
}

function updateSpeed(run, k, ms) {
  const speed = (k * 1000) / ms;
  run.calls += 1;
  // The first calls include warm-up (shader compilation on WebGPU): let later calls replace them.
  run.speed = run.calls <= 2 || run.speed === null ? speed : 0.7 * run.speed + 0.3 * speed;
  const ideal = (k * TARGET_CALL_MS) / ms;
  run.k = Math.min(1000, Math.max(1, Math.round(0.5 * run.k + 0.5 * ideal)));
}

async function evaluateAndPost(run) {
  const start = performance.now();
  const metrics = toPlain(await call(run, () => run.exp.evaluate()));
  if (run.stopped) return;
  post(run, 'epoch', { metrics: { ...metrics, evalMs: Math.round(performance.now() - start), stepsPerSec: run.speed } });
}

// serde-wasm-bindgen may hand back Maps; the page wants plain, cloneable objects.
function toPlain(value) {
  if (value instanceof Map) return Object.fromEntries(value);
  return value;
}
