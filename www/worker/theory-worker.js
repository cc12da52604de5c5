// The theory worker: the paper's Sections 4 and 5 computed, not trained (Rust's src/theory/
// through web.rs): Theorem 1's memorizer and the minimum-norm interpolant. In a worker of its
// own, so the page and the training run stay responsive while a 5,000 x 5,000 system is solved.
// Protocol: page -> {type: 'compute', id, what: 'theorem1'|'minNorm', config, assetUrl};
// worker -> {type: 'result', id, what, report, ms} | {type: 'error', id, what, message}.
// `ms` is the call's wall time (performance.now(): the wasm has no clock of its own).

import { decodeDataset, loadAsset, loadWasm, messageOf, toPlain, UserError } from './loader.js';
import { describeCrash, recordPanics } from './crash.js';

const datasets = new Map(); // asset URL -> Dataset (decoded once, kept for the next request)
let current = null; // the request being computed

recordPanics();

self.onmessage = (event) => {
  const request = event.data ?? {};
  if (request.type === 'compute') compute(request);
};

// A Rust panic traps out of wasm and surfaces here; the page replaces the worker after it.
self.addEventListener('error', (event) => {
  event.preventDefault();
  const error = event.error ?? event.message;
  fail(current, `the computation crashed (${describeCrash(error, messageOf(error))})`);
});

async function compute(request) {
  current = request;
  const { id, what, config, assetUrl } = request;
  try {
    const wasm = await loadWasm();
    const dataset = await datasetFor(wasm, assetUrl);
    const run = what === 'theorem1' ? wasm.theorem1 : what === 'minNorm' ? wasm.minNorm : null;
    if (!run) throw new UserError(`unknown computation ${what}`);
    const start = performance.now();
    const report = toPlain(run(dataset, config));
    self.postMessage({ type: 'result', id, what, report, ms: performance.now() - start });
  } catch (error) {
    fail(request, describeCrash(error, messageOf(error))); // a trapped panic says what panicked
  } finally {
    current = null;
  }
}

async function datasetFor(wasm, assetUrl) {
  if (!datasets.has(assetUrl)) datasets.set(assetUrl, decodeDataset(wasm, await loadAsset(assetUrl), assetUrl));
  return datasets.get(assetUrl);
}

function fail(request, message) {
  if (!request) return;
  self.postMessage({ type: 'error', id: request.id, what: request.what, message });
}
