// Page controller: State <-> controls <-> URL, one training worker, and run bookkeeping.
// Every control change resets the run: a new runId, an empty chart, a fresh 'start'.
import { State } from './state.js';
import * as view from './view.js';

const { state: initialState, warnings } = State.fromUrl(window.location.href);
let state = initialState;
let worker = null;
let runId = 0;
let playing = false;
let run = null; // { note, failed }: bookkeeping for the current run

/** Live view of the page for tests and curious readers (the console). */
const debug = {
  history: [], // one evaluate() metrics object per epoch of the current run
  backend: null, // 'cpu' | 'webgpu' once the run is ready
  state,
  runId: 0,
  step: 0,
  stepsPerSec: null,
  stepsPerEpoch: null,
  fallbackNote: null,
  adapter: null,
  chartPoints: () => chart?.pointCount() ?? 0,
};
window.rethinkDebug = debug;

window.addEventListener('error', (event) => {
  if (!/ResizeObserver loop/.test(event.message)) view.addPageError(`Page error: ${event.message}`);
});
window.addEventListener('unhandledrejection', (event) => view.addPageError(`Page error: ${event.reason?.message ?? event.reason}`));

let chart = null;
try {
  const { createChart } = await import('./chart.js');
  chart = createChart(document.getElementById('chart'));
} catch (error) {
  view.addPageError(`The chart library could not be loaded (${error.message}) — run npm ci so /vendor/uplot/ can be served.`);
}

view.setNotices(warnings);
bindControls();
view.setPlaying(playing);
newRun();

function bindControls() {
  const byId = (id) => document.getElementById(id);
  byId('random-labels').checked = state.randomLabels;
  byId('random-pixels').checked = state.randomPixels;
  syncCorruptionControls(); // the slider and the Images select
  byId('model').value = state.model;
  byId('backend').value = state.backend;

  byId('play').addEventListener('click', () => setPlaying(!playing));
  byId('reset').addEventListener('click', () => newRun());
  byId('random-labels').addEventListener('change', (e) => changeState({ randomLabels: e.target.checked }));
  byId('random-pixels').addEventListener('change', (e) => changeState({ randomPixels: e.target.checked }));
  byId('label-corruption').addEventListener('input', (e) => (byId('label-corruption-value').textContent = e.target.value));
  byId('label-corruption').addEventListener('change', (e) => changeState({ labelCorruption: e.target.value }));
  byId('pixels').addEventListener('change', (e) => changeState({ pixels: e.target.value }));
  byId('model').addEventListener('change', (e) => changeState({ model: e.target.value }));
  byId('backend').addEventListener('change', (e) => changeState({ backend: e.target.value }));
}

// The toggles override the finer controls: random labels is p = 1, random pixels is 'random'.
function syncCorruptionControls() {
  const slider = document.getElementById('label-corruption');
  const pixels = document.getElementById('pixels');
  slider.disabled = state.randomLabels;
  slider.value = String(state.randomLabels ? 1 : state.labelCorruption);
  document.getElementById('label-corruption-value').textContent = slider.value;
  pixels.disabled = state.randomPixels;
  pixels.value = state.randomPixels ? 'random' : state.pixels;
}

// Set state, serialize it into the URL, reset the run.
function changeState(changes) {
  state = state.with(changes);
  syncCorruptionControls();
  debug.state = state;
  const query = state.toQuery();
  window.history.replaceState(null, '', `${window.location.pathname}${query ? `?${query}` : ''}`);
  newRun();
}

function setPlaying(value) {
  playing = value;
  view.setPlaying(playing);
  worker?.postMessage({ type: playing ? 'play' : 'pause', runId });
  if (debug.history.length > 0 && !run?.failed) view.setStatus(playing ? 'Training…' : 'Paused.');
}

function ensureWorker() {
  if (worker) return worker;
  worker = new Worker('worker.js', { type: 'module' });
  worker.addEventListener('message', (event) => onWorkerMessage(event.data));
  worker.addEventListener('error', (event) => {
    event.preventDefault();
    replaceWorker();
    stopWithError(`The training worker failed (${event.message || 'worker.js could not be loaded'}). Press Reset to try again.`);
  });
  worker.addEventListener('messageerror', () => stopWithError('The training worker sent a message the page could not read.'));
  return worker;
}

// Drop the worker (its wasm module may be poisoned by a panic); the next run starts a fresh one.
function replaceWorker() {
  worker?.terminate();
  worker = null;
}

/** Start a new run from the current state; `backend` and `note` override for a fallback run. */
function newRun({ backend = null, note = null } = {}) {
  runId += 1;
  const config = state.toConfig();
  if (backend) config.backend = backend;
  run = { note, failed: false };
  Object.assign(debug, { history: [], backend: null, runId, step: 0, stepsPerSec: null, fallbackNote: note });
  chart?.reset();
  view.setRunError(null);
  view.resetProgress();
  view.clearBackend();
  view.setStats({ epoch: null, step: null, stepsPerSec: null, trainError: null, testError: null });
  view.setStatus('Starting…', { busy: true });
  const assetUrl = new URL(`data/${state.asset}`, window.location.href).href;
  ensureWorker().postMessage({ type: 'start', runId, config, assetUrl });
  if (playing) worker.postMessage({ type: 'play', runId });
}

function onWorkerMessage(message) {
  if (!message || message.runId !== runId) return; // a message of an old run
  if (run.failed && message.type !== 'fatal') return; // e.g. late download progress after an error
  switch (message.type) {
    case 'status':
      return view.setStatus(message.text, { busy: true });
    case 'progress':
      return view.setProgress(message.what ?? 'data', message.loaded, message.total);
    case 'ready':
      return onReady(message);
    case 'steps':
      debug.step = message.step;
      debug.stepsPerSec = message.stepsPerSec;
      return view.setStats({ step: message.step, epoch: message.epoch, stepsPerSec: message.stepsPerSec });
    case 'epoch':
      return onEpoch(message.metrics);
    case 'error':
      return stopWithError(message.message);
    case 'fatal':
      return onFatal(message);
    default:
      return undefined;
  }
}

function onReady({ backend, backendName, adapter, fallbackNote, stepsPerEpoch }) {
  const note = [run.note, fallbackNote].filter(Boolean).join(' ') || null;
  Object.assign(debug, { backend, adapter, fallbackNote: note, stepsPerEpoch });
  view.setBackend({ backend, adapter, backendName, note });
  view.setStatus('Measuring epoch 0…', { busy: true });
}

function onEpoch(metrics) {
  debug.history.push(metrics);
  chart?.addPoint(metrics.epoch, metrics.trainError, metrics.testError);
  view.setStats({ epoch: metrics.epoch, step: metrics.step, trainError: metrics.trainError, testError: metrics.testError });
  view.setStatus(playing ? 'Training…' : debug.history.length === 1 ? 'Ready: press Play to train.' : 'Paused.');
}

function onFatal({ message, phase, backend }) {
  replaceWorker();
  if (backend === 'webgpu' && (phase === 'create' || phase === 'evaluate')) {
    // WebGPU failed to start (building the model, or the first forward pass): a fresh worker
    // (and wasm module) runs the CPU path.
    newRun({ backend: 'cpu', note: `WebGPU failed to start (${message}), so this run uses the CPU.` });
    return;
  }
  stopWithError(`Training stopped: ${message}. Press Reset to start again.`);
}

function stopWithError(message) {
  run.failed = true;
  playing = false; // nothing is training: the button offers Play again
  view.setPlaying(false);
  view.setRunError(message);
  view.setStatus('Stopped.');
  if (!debug.backend) view.clearBackend('none');
}
