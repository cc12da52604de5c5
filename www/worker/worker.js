// Training worker: owns the wasm module, the cached data bytes and the one live Experiment.
// Protocol (docs/ARCHITECTURE.md): page -> {start|play|pause}, worker -> {status|progress|ready|
// steps|epoch|samples|done|error|fatal|deviceLost}; every message carries the runId it belongs to.
// The page runs two: the main run's, and the figures' (they stop on their own, 'start'.stopWhen).

import { resolveBackend, trackGpuDevices } from './backend.js';
import { decodeDataset, freeQuietly, loadAsset, loadWasmFor, messageOf, toPlain, UserError, wasmInstantiations, wasmMemoryBytes, wasmUrl } from './loader.js';
import { cleanMessage, describeCrash, recordPanics, runFailure } from './crash.js';
import { MODEL_NAMES } from '../core/science.js';
import { EpochClock } from './epoch-clock.js';

const TARGET_CALL_MS = 150; // aim for one train() call every 100-200 ms
const SAMPLE_COUNT = 16; // example images (the gallery) posted after epoch 0 and every SAMPLES_EVERY epochs
const SAMPLES_EVERY = 5;

let current = null; // the live run
let inFlight = null; // the run whose wasm call is running, if any
let createQueue = Promise.resolve(); // one Experiment.create at a time (WebGPU initialises once)
let liveExperiments = 0; // created and not yet freed (a leak check for the tests)
let lastStep = 0; // the step of the last 'steps' message posted
let gpuLost = null; // what the browser said when a GPUDevice of this worker was lost

/** Test handle: the current run as this worker sees it (tests read it through Playwright's worker.evaluate). */
self.rethinkWorkerDebug = () => ({ runId: current?.runId ?? null, stopped: current?.stopped ?? null, lastStep, liveExperiments, wasmInstantiations: wasmInstantiations(), wasmUrl: wasmUrl() });
recordPanics();

// A lost GPUDevice ends the current WebGPU run (the page goes on on the CPU); installed before any run.
trackGpuDevices(({ reason, message }) => {
  gpuLost = cleanMessage(message) || `reason: ${reason}`;
  const run = current;
  if (run && !run.stopped && run.backend === 'webgpu') fatal(run, new Error(`the WebGPU device was lost (${gpuLost})`));
});

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
// On WebGPU, wgpu often fails before device.lost settles: wait a moment, and if the device was lost
// say 'deviceLost' to a run that takes checkpoints (the main run; the figures get 'fatal').
function fatal(run, error) {
  if (run) run.stopped = true;
  console.error('rethink worker: fatal', error);
  const fields = { message: describeCrash(error, messageOf(error)), phase: run?.phase ?? 'unknown', backend: run?.backend ?? null };
  if (fields.backend !== 'webgpu') return post(run, 'fatal', fields);
  return setTimeout(() => (gpuLost && run.checkpoints ? post(run, 'deviceLost', { message: gpuLost }) : post(run, 'fatal', fields)), 100);
}

// 'start': config (the run settings, exactly), backend ('auto', 'webgpu' or 'cpu'); options: play (train at once), stopWhen { trainError, maxEpochs } (post 'done' and stop),
// chunksPerEpoch (train() calls of a fixed ceil(stepsPerEpoch / n) steps, so the 'steps' losses fall
// on the same steps every time), samples (post example images; default true), checkpoints (on WebGPU,
// a { step, params } with every 'epoch', to go on on the CPU if the device is lost), resume (such a
// checkpoint: restore it, post no epoch-0 evaluation, train on from its step).
function startRun({ runId, config, backend = 'auto', assetUrl, play = false, stopWhen = null, chunksPerEpoch = null, samples = true, checkpoints = false, resume = null }) {
  if (current) stopRun(current);
  const run = { runId, config, requestedBackend: backend, assetUrl, playing: play, phase: 'load', backend: null, exp: null, stopWhen, samples, checkpoints, resume };
  run.chunksPerEpoch = Number.isInteger(chunksPerEpoch) && chunksPerEpoch > 0 ? chunksPerEpoch : null;
  Object.assign(run, { step: 0, k: 5, stepsPerEpoch: 1, speed: null, calls: 0, busy: false, looping: false, clock: new EpochClock() });
  current = run;
  prepare(run).catch((error) => {
    if (!run.stopped) failed(run, error);
  });
}

// A run's own failure (a refused setting or asset, a diverging loss: crash.js's runFailure) ends
// it with 'error', and this worker and its module stay for the next run; anything else is 'fatal'.
function failed(run, error) {
  const own = error instanceof UserError ? { kind: 'load', message: error.message } : runFailure(error);
  if (!own) return fatal(run, error);
  stopRun(run);
  return post(run, 'error', own);
}

function stopRun(run) {
  run.stopped = true;
  run.playing = false;
  if (!run.busy) freeRun(run);
}

function freeRun(run) {
  const exp = run.exp;
  run.exp = null;
  if (freeQuietly(exp)) liveExperiments -= 1;
}

// One wasm call of `kind` for `run`, timed on its clock (epoch-clock.js); freed after if stopped.
async function call(run, kind, fn) {
  run.busy = true;
  inFlight = run;
  try {
    return await run.clock.time(kind, fn);
  } finally {
    run.busy = false;
    if (inFlight === run) inFlight = null;
    if (run.stopped) freeRun(run);
  }
}

async function prepare(run) {
  post(run, 'status', { text: 'Loading the WebAssembly module and the data…' });
  const onProgress = (what, loaded, total) => current.stopped || post(current, 'progress', { what, loaded, total });
  const asset = loadAsset(run.assetUrl, onProgress);
  asset.catch(() => {}); // awaited below; a failure is reported there
  // The backend decides the build: the threaded one for the CPU where the page allows threads.
  const choice = await resolveBackend(run.requestedBackend);
  const [wasm, bytes] = await Promise.all([loadWasmFor(choice.backend, onProgress), asset]);
  await nextTask(); // wasm futures settle in microtasks: let a queued 'start' stop this run first
  if (run.stopped) return;
  run.wasm = wasm;
  const dataset = decodeDataset(wasm, bytes, run.assetUrl);
  try {
    run.summary = toPlain(dataset.summary());
    run.backend = choice.backend;
    run.phase = 'create';
    const modelName = MODEL_NAMES[run.config.model] ?? run.config.model;
    post(run, 'status', { text: `Building the ${modelName} on ${choice.backend === 'cpu' ? 'the CPU' : 'WebGPU'}…` });
    const exp = await createExperiment(wasm, dataset, run.config, choice.backend);
    liveExperiments += 1;
    run.exp = exp;
    if (run.stopped) return freeRun(run);
    if (run.resume) restore(run);
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
  run.clock.reset(); // the epoch accounts start here, loading and building left out
  if (!run.resume) {
    run.phase = 'evaluate';
    await nextTask();
    if (run.stopped) return;
    await evaluateAndPost(run); // epoch 0, before any training
    if (run.stopped) return;
  }
  run.phase = 'train';
  run.ready = true;
  kick(run);
}

// Continue from the checkpoint in 'start'.resume (the page's copy of a lost WebGPU run's weights).
function restore(run) {
  const { step, params } = run.resume;
  try {
    run.exp.restore(step, params);
    run.step = step;
  } catch (error) {
    throw new UserError(`The run could not continue from its checkpoint at step ${step} (${messageOf(error)}). Press Reset to start again.`);
  }
}

// A macrotask boundary, so messages queued meanwhile ('start', 'pause') are handled first.
function nextTask() {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

// Queue creates: two overlapping WebGPU initialisations would make the second one fail.
function createExperiment(wasm, dataset, config, backend) {
  const next = createQueue.then(() => wasm.Experiment.create(dataset, config, backend));
  createQueue = next.catch(() => {});
  return next;
}

function kick(run) {
  if (run.ready && run.playing && !run.looping && !run.stopped) trainLoop(run).catch((error) => failed(run, error));
}

async function trainLoop(run) {
  run.looping = true;
  try {
    while (run.playing && !run.stopped) {
      const toBoundary = run.stepsPerEpoch - (run.step % run.stepsPerEpoch);
      const k = Math.max(1, Math.min(run.chunk ?? run.k, toBoundary));
      const start = performance.now();
      const result = toPlain(await call(run, 'train', () => run.exp.train(k)));
      if (run.stopped) break;
      const ms = Math.max(1, performance.now() - start);
      run.step = Number.isFinite(result?.step) ? result.step : run.step + k;
      updateSpeed(run, k, ms);
      const epoch = result?.epoch ?? run.step / run.stepsPerEpoch;
      lastStep = run.step;
      post(run, 'steps', { step: run.step, epoch, stepsPerSec: run.speed, meanLoss: result?.meanLoss, wasmBytes: wasmMemoryBytes() });
      if (run.step % run.stepsPerEpoch === 0) {
        await evaluateAndPost(run);
        if (run.stopped) break;
      }
      await nextTask(); // let 'pause' / 'start' in
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

// Evaluate, post the metrics (with a checkpoint when asked for), then the example images when due,
// then stop if stopWhen says so.
async function evaluateAndPost(run) {
  const start = performance.now();
  const metrics = toPlain(await call(run, 'evaluate', () => run.exp.evaluate()));
  if (run.stopped) return;
  const evalMs = Math.round(performance.now() - start);
  const checkpoint = await takeCheckpoint(run);
  if (run.stopped) return;
  // Where the worker's time went since the previous evaluation (the samples of an epoch fall in the next one's).
  const fields = { metrics: { ...metrics, evalMs, stepsPerSec: run.speed, timing: run.clock.take() } };
  if (checkpoint) self.postMessage({ type: 'epoch', runId: run.runId, ...fields, checkpoint }, [checkpoint.params.buffer]);
  else post(run, 'epoch', fields);
  const epoch = Math.round(run.step / run.stepsPerEpoch);
  if (run.samples && epoch % SAMPLES_EVERY === 0) {
    await nextTask(); // samples() takes seconds: a queued 'start' goes first
    if (!run.stopped) await postSamples(run, epoch);
  }
  if (run.stopped) return;
  // The rule is Rust's (figure1::StopRule), the one `rethink figure1` and `rethink train` use.
  const reason = run.stopWhen && run.wasm.stopReason(metrics.trainError, epoch, run.stopWhen.trainError ?? undefined, run.stopWhen.maxEpochs ?? undefined);
  if (reason) {
    post(run, 'done', { reason, metrics });
    stopRun(run);
  }
}

// Every parameter of a WebGPU run in one readback, sent with the evaluation so the page's history
// and its checkpoint always agree: { step, params } (params owning its buffer), or null.
async function takeCheckpoint(run) {
  if (!run.checkpoints || run.backend !== 'webgpu') return null;
  const raw = toPlain(await call(run, 'checkpoint', () => run.exp.checkpoint()));
  const params = raw?.params instanceof Float32Array ? raw.params : Float32Array.from(raw?.params ?? []);
  if (params.length === 0) return null;
  return { step: Number(raw.step), params: params.byteLength === params.buffer.byteLength ? params : params.slice() };
}

// Example training images as the network sees them, with their labels and its predictions.
async function postSamples(run, epoch) {
  const raw = toPlain(await call(run, 'samples', () => run.exp.samples(SAMPLE_COUNT)));
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
