// Everything the page writes into the DOM. Text only: user or worker data never goes through innerHTML.

const byId = (id) => document.getElementById(id);

const pageErrors = []; // failures of the page itself (kept across runs)
let runError = null; // the failure of the current run (cleared by a new run)

/** Set an element's text, if it exists. */
export function setText(id, text) {
  const element = byId(id);
  if (element) element.textContent = text;
}

function renderErrors() {
  const box = byId('error');
  const messages = [...pageErrors, ...(runError ? [runError] : [])];
  box.replaceChildren(...messages.map((message) => Object.assign(document.createElement('p'), { textContent: message })));
  box.hidden = messages.length === 0;
}

/** Show a failure of the page itself (stays until reload). */
export function addPageError(message) {
  if (!pageErrors.includes(message)) pageErrors.push(message);
  renderErrors();
}

/** Show (or with null, clear) the failure of the current run. */
export function setRunError(message) {
  runError = message;
  renderErrors();
}

/** Show non-fatal notes (e.g. ignored URL parameters); an empty list hides the box. */
export function setNotices(messages) {
  const box = byId('notice');
  box.replaceChildren(...messages.map((message) => Object.assign(document.createElement('p'), { textContent: message })));
  box.hidden = messages.length === 0;
}

/** Set the loading/status line; `busy` shows the progress bar. */
export function setStatus(text, { busy = false } = {}) {
  setText('status', text);
  const bar = byId('progress');
  bar.hidden = !busy;
  if (!busy) bar.removeAttribute('value');
}

const loads = new Map(); // what -> { loaded, total }
const NAMES = { wasm: 'WebAssembly', data: 'data' };

/** Forget download progress (a new run starts). */
export function resetProgress() {
  loads.clear();
}

/** Show download progress of the wasm module and the data asset, in bytes. */
export function setProgress(what, loaded, total) {
  loads.set(what, { loaded, total });
  let sumLoaded = 0;
  let sumTotal = 0;
  const parts = [];
  for (const [name, item] of loads) {
    sumLoaded += item.loaded;
    sumTotal += item.total;
    parts.push(`${NAMES[name] ?? name} ${formatBytes(item.loaded)}${item.total ? ` / ${formatBytes(item.total)}` : ''}`);
  }
  setText('status', `Loading… ${parts.join(', ')}`);
  const bar = byId('progress');
  bar.hidden = false;
  if (sumTotal > 0) {
    bar.max = sumTotal;
    bar.value = Math.min(sumLoaded, sumTotal);
  }
}

/** Show which backend trains, and why when Auto or a failure changed it. */
export function setBackend({ backend, adapter, backendName, note }) {
  const badge = byId('backend-badge');
  // On the CPU, Rust's name says how many threads train (more than one where the page is cross-origin isolated).
  badge.textContent = backend === 'webgpu' ? `WebGPU — ${adapter || 'unknown adapter'}` : backendName || 'CPU';
  badge.dataset.backend = backend ?? '';
  badge.title = backendName ? `Burn backend: ${backendName}` : '';
  const noteBox = byId('backend-note');
  noteBox.textContent = note ?? '';
  noteBox.hidden = !note;
}

/** Blank the backend badge (while a run is being set up, or after it failed). */
export function clearBackend(text = 'choosing…') {
  const badge = byId('backend-badge');
  badge.textContent = text;
  badge.dataset.backend = '';
  byId('backend-note').hidden = true;
}

/** Update the stats line; fields left undefined keep their text, null shows a dash. */
export function setStats({ epoch, step, stepsPerSec, trainError, testError }) {
  const show = (id, value, format) => {
    if (value !== undefined) setText(id, value === null || !Number.isFinite(value) ? '–' : format(value));
  };
  show('epoch', epoch, (v) => (Number.isInteger(v) ? String(v) : v.toFixed(2)));
  show('step', step, String);
  show('steps-per-sec', stepsPerSec, (v) => (v >= 10 ? v.toFixed(0) : v.toFixed(1)));
  show('train-error', trainError, (v) => `${(v * 100).toFixed(1)} %`);
  show('test-error', testError, (v) => `${(v * 100).toFixed(1)} %`);
}

/** Reflect play/pause on the button (its label says what a press does). */
export function setPlaying(playing) {
  const button = byId('play');
  button.textContent = playing ? 'Pause' : 'Play';
  button.dataset.playing = String(playing);
}

/** Bytes as a short human-readable string. */
export function formatBytes(bytes) {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(0)} kB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

/** Show the model's parameter count (or blank it with null). */
export function setParams(text) {
  setText('num-params', text ?? '–');
}

/** Say where the early-stopping point is (or blank the line with null). */
export function setEarlyStop(text) {
  const line = byId('early-stop');
  line.textContent = text ?? '';
  line.hidden = !text;
}

/** Enable the pin buttons for what can be done, and say how many runs are pinned. */
export function setPins({ count, max, canPin }) {
  byId('pin').disabled = !canPin;
  byId('clear-pins').disabled = count === 0;
  setText('pin-count', count === 0 ? '' : `${count} of ${max} pinned`);
}

/** Empty the example images (a new run starts) and say they are coming. */
export function clearSamples(text) {
  byId('samples').replaceChildren();
  setText('samples-note', text);
}

/** Hide the parts of the page named in `hidden` (their data-hide names) and mark embed mode on <body>. */
export function applyLayout({ embed, hidden }) {
  document.body.classList.toggle('embed', Boolean(embed));
  for (const element of document.querySelectorAll('[data-hide]')) {
    element.classList.toggle('url-hidden', hidden.includes(element.dataset.hide));
  }
  byId('embed-credit').hidden = !embed;
}

/** Show the training time of the run, m:ss (or a dash with null). */
export function setElapsed(ms) {
  setText('elapsed', ms === null || !Number.isFinite(ms) ? '–' : formatDuration(ms));
}

/** A duration as m:ss (h:mm:ss past an hour). */
export function formatDuration(ms) {
  const total = Math.floor(ms / 1000);
  const [h, m, s] = [Math.floor(total / 3600), Math.floor(total / 60) % 60, total % 60];
  const two = (n) => String(n).padStart(2, '0');
  return h > 0 ? `${h}:${two(m)}:${two(s)}` : `${m}:${two(s)}`;
}

/** The "what to look for" text beside the chart, and the paper's figure under it (null hides it). */
export function setExplain({ title, text, paper = null }) {
  setText('explain-headline', title);
  setText('explain-text', text);
  setText('explain-paper', paper ?? '');
  const line = document.getElementById('explain-paper');
  if (line) line.hidden = !paper;
}

/** The preset line (null hides it). */
export function setPresetLine(text) {
  const line = byId('preset-line');
  line.textContent = text ?? '';
  line.hidden = !text;
}

/** A short confirmation next to the copy buttons (e.g. "Link copied"). */
export function setCopyStatus(id, text) {
  setText(id, text);
}

/** Show "available offline" with `detail` as its tooltip, or hide it with null. */
export function setOfflineNote(detail) {
  const note = byId('offline-note');
  note.title = detail ?? '';
  note.hidden = !detail;
}
