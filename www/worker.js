// Training worker: owns the wasm module, the cached data bytes and the one live Experiment.
// Protocol (docs/ARCHITECTURE.md): page -> {start|play|pause}, worker -> {status|progress|ready|
// steps|epoch|samples|done|error|fatal}; every message carries the runId it belongs to.
// The page runs two of these: one for the main run, one for the figures (which stop on their own
// through 'start'.stopWhen and train in fixed chunks, so a seed gives the same curves every time).

import { resolveBackend } from './backend.js';
import { loadAsset, loadWasm, messageOf, UserError } from './loader.js';
import { MODEL_NAMES } from './science.js';

const TARGET_CALL_MS = 150; // aim for one train() call every 100-200 ms
const SAMPLE_COUNT = 16; // example images (the gallery) posted after epoch 0 and every SAMPLES_EVERY epochs
const SAMPLES_EVERY = 5;

let current = null; // the live run
let inFlight = null; // the run whose wasm call is running, if any
let createQueue = Promise.resolve(); // one Experiment.create at a time (WebGPU initialises once)

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

// The module may be unusable after this (a trapped panic): the page replaces the worker.
function fatal(run, error) {
  if (run) run.stopped = true;
  console.error('rethink worker: fatal', error);
  post(run, 'fatal', { message: messageOf(error), phase: run?.phase ?? 'unknown', backend: run?.backend ?? null });
}

// 'start' options: play (start training at once), stopWhen { trainError, maxEpochs } (post 'done'
// and stop), chunksPerEpoch (train() calls of a fixed ceil(stepsPerEpoch / n) steps instead of
// timed ones, so the 'steps' losses fall on the same steps every time), samples (post example
// images; default true).
function startRun({ runId, config, assetUrl, play = false, stopWhen = null, chunksPerEpoch = null, samples = true }) {
  if (current) stopRun(current);
  const run = { runId, config, assetUrl, playing: play, phase: 'load', backend: null, exp: null, stopWhen, samples };
  run.chunksPerEpoch = Number.isInteger(chunksPerEpoch) && chunksPerEpoch > 0 ? chunksPerEpoch : null;
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
  const onProgress = (what, loaded, total) => current.stopped || post(current, 'progress', { what, loaded, total });
  const [wasm, bytes] = await Promise.all([loadWasm(onProgress), loadAsset(run.assetUrl, onProgress)]);
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
    if (run.chunksPerEpoch) run.chunk = Math.ceil(run.stepsPerEpoch / run.chunksPerEpoch);
    post(run, 'ready', {
      backend: choice.backend,
      backendName: String(run.exp.backendName()),
      adapter: choice.adapter,
      fallbackNote: choice.note,
      stepsPerEpoch: run.stepsPerEpoch,
      numParams: Number(run.exp.numParams()),
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

function kick(run) {
  if (run.ready && run.playing && !run.looping && !run.stopped) trainLoop(run).catch((error) => fatal(run, error));
}

async function trainLoop(run) {
  run.looping = true;
  try {
    while (run.playing && !run.stopped) {
      const toBoundary = run.stepsPerEpoch - (run.step % run.stepsPerEpoch);
      const k = Math.max(1, Math.min(run.chunk ?? run.k, toBoundary));
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

// Evaluate, post the metrics, then the example images when due, then stop if stopWhen says so.
async function evaluateAndPost(run) {
  const start = performance.now();
  const metrics = toPlain(await call(run, () => run.exp.evaluate()));
  if (run.stopped) return;
  post(run, 'epoch', { metrics: { ...metrics, evalMs: Math.round(performance.now() - start), stepsPerSec: run.speed } });
  const epoch = Math.round(run.step / run.stepsPerEpoch);
  if (run.samples && epoch % SAMPLES_EVERY === 0) await postSamples(run, epoch);
  if (run.stopped) return;
  const reason = stopReason(run.stopWhen, metrics, epoch);
  if (reason) {
    post(run, 'done', { reason, metrics });
    stopRun(run);
  }
}

// Why a run with `stopWhen` is over after this evaluation, or null if it goes on.
function stopReason(stopWhen, metrics, epoch) {
  if (!stopWhen) return null;
  if (Number.isFinite(stopWhen.trainError) && metrics.trainError <= stopWhen.trainError) return 'fitted';
  if (Number.isFinite(stopWhen.maxEpochs) && epoch >= stopWhen.maxEpochs) return 'maxEpochs';
  return null;
}

// Example training images as the network sees them, with their labels and its predictions.
async function postSamples(run, epoch) {
  if (typeof run.exp?.samples !== 'function') {
    if (!run.warnedSamples) console.warn('rethink worker: this pkg/ has no Experiment.samples(); no example images');
    run.warnedSamples = true;
    return;
  }
  const raw = toPlain(await call(run, () => run.exp.samples(SAMPLE_COUNT)));
  if (run.stopped || !raw) return;
  const list = (value) => Array.from(toPlain(value) ?? []);
  post(run, 'samples', {
    epoch,
    side: Number(raw.side),
    count: Number(raw.count),
    pixels: Uint8Array.from(raw.pixels ?? []),
    labels: list(raw.labels),
    trueLabels: list(raw.trueLabels),
    predictions: list(raw.predictions),
  });
}

// serde-wasm-bindgen may hand back Maps; the page wants plain, cloneable objects.
function toPlain(value) {
  if (value instanceof Map) return Object.fromEntries(value);
  return value;
}
