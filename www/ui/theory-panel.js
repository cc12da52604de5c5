// The paper's Sections 4 and 5 on the page: "Build the memorizer" (Theorem 1, next to Play and
// in its section) and "Solve the minimum-norm interpolant" (Section 5) compute on the current
// data settings (labels, pixels, seed, asset) in theory-worker.js, and each result becomes a row
// of the section's table beside the paper's figure, which comes with the report from Rust
// (src/theory/paper.rs: one place for the paper's numbers and the conditions that differ).
import { describeData, formatCount, formatPercent } from '../core/science.js';

const WORKER_URL = new URL('../worker/theory-worker.js', import.meta.url);
const LABELS = { theorem1: 'Theorem 1 memorizer', minNorm: 'minimum-norm interpolant' };

/** "12 ms" or "3.4 s". */
export function formatDuration(ms) {
  if (!Number.isFinite(ms)) return '–';
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}

/** The one-line summary of a result, e.g. "Theorem 1 memorizer: 60,768 parameters, train error 0.0 %, ...". */
export function summarize({ what, report, ms, data }) {
  const label = LABELS[what].charAt(0).toUpperCase() + LABELS[what].slice(1);
  const parts = [`${label} on ${data}: ${formatCount(report.params)} parameters`];
  parts.push(`train error ${formatPercent(report.trainError)}`, `test error ${formatPercent(report.testError)}`);
  if (Number.isFinite(report.norm)) parts.push(`‖w‖ = ${report.norm.toFixed(1)}`);
  parts.push(`${what === 'theorem1' ? 'built' : 'solved'} in ${formatDuration(ms)}`);
  return parts.join(', ');
}

/** Wire the section; `getState()` gives the page State, `assetUrl()` the asset's URL. */
export function createTheoryPanel({ getState, assetUrl }) {
  const el = (id) => document.getElementById(id);
  const buttons = { theorem1: [el('theorem1-run'), el('theorem1-quick')], minNorm: [el('min-norm-run')] };
  const status = el('theory-status');
  const line = el('theorem1-line');
  const body = el('theory-table').querySelector('tbody');
  let worker = null;
  let pending = null; // { id, what, resolve } of the computation under way
  let nextId = 1;
  const results = [];

  function spawn() {
    worker = new Worker(WORKER_URL, { type: 'module' });
    worker.onmessage = (event) => settle(event.data);
    worker.onerror = (event) => {
      event.preventDefault?.();
      settle({ type: 'error', id: pending?.id, message: event.message || 'the theory worker failed to start' });
      worker.terminate();
      worker = null; // the next request starts a fresh one
    };
  }

  function settle(message) {
    if (!pending || message?.id !== pending.id) return;
    const { resolve } = pending;
    pending = null;
    resolve(message);
  }

  // One computation at a time: every theory button is disabled while one runs.
  function setBusy(busy) {
    for (const button of Object.values(buttons).flat()) if (button) button.disabled = busy;
  }

  /** Compute `what` ('theorem1' | 'minNorm') on the current settings; resolves to the result or null. */
  async function compute(what) {
    if (pending) return null;
    if (!worker) spawn();
    const state = getState();
    const config = state.toConfig();
    const data = `${describeData(config).join(', ')}, seed ${config.seed}, ${state.asset}`;
    const id = nextId++;
    setBusy(true);
    const started = performance.now();
    status.hidden = false;
    status.textContent = `Computing the ${LABELS[what]} on ${data}…`;
    const ticker = setInterval(() => {
      status.textContent = `Computing the ${LABELS[what]} on ${data}… ${formatDuration(performance.now() - started)}`;
    }, 250);
    const message = await new Promise((resolve) => {
      pending = { id, what, resolve };
      worker.postMessage({ type: 'compute', id, what, config, assetUrl: assetUrl() });
    });
    clearInterval(ticker);
    setBusy(false);
    if (message.type !== 'result') {
      status.textContent = `The ${LABELS[what]} could not be computed: ${message.message}`;
      status.classList.add('theory-error');
      return null;
    }
    status.classList.remove('theory-error');
    const result = { what, report: message.report, ms: message.ms, data };
    results.push(result);
    addRow(result);
    status.textContent = summarize(result);
    if (what === 'theorem1') {
      line.hidden = false;
      line.textContent = `${summarize(result)}. SGD has to train for that; this network was written down.`;
    }
    return result;
  }

  function addRow({ what, report, ms, data }) {
    const cells = [
      LABELS[what] + (report.kernel ? ` (${report.kernel})` : ''),
      data,
      formatCount(report.params) + (Number.isFinite(report.paramsPerOutput) ? ` (2n + d = ${formatCount(report.paramsPerOutput)} per output)` : ''),
      formatPercent(report.trainError),
      formatPercent(report.testError),
      Number.isFinite(report.norm) ? report.norm.toFixed(1) : '–',
      formatDuration(ms),
      report.paper ?? '',
    ];
    const row = document.createElement('tr');
    for (const text of cells) {
      const cell = document.createElement('td');
      cell.textContent = text;
      row.append(cell);
    }
    body.append(row);
    el('theory-table').hidden = false;
  }

  for (const [what, list] of Object.entries(buttons)) {
    for (const button of list) button?.addEventListener('click', () => compute(what));
  }
  return { compute, results: () => results.slice() };
}
