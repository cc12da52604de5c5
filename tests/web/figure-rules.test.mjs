// Figure 1's rules are Rust's (src/experiment/figure1.rs): the worker asks the wasm module when a
// run is over, and the page's Figure 1b reference (science.js relativeFitTimes) must pick the run
// Rust's sweep_reference picks, as `rethink figure1` does. Checked against the built module, in Node.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { relativeFitTimes } from '../../www/core/science.js';

const PKG = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../pkg');
const wasm = await import(pathToFileURL(path.join(PKG, 'rethink.js')).href);
wasm.initSync({ module: readFileSync(path.join(PKG, 'rethink_bg.wasm')) });

test('the page\'s Figure 1b reference is the run Rust\'s sweep_reference picks', () => {
  const cases = [
    [{ p: 0, fitted: true, epoch: 10 }, { p: 0.5, fitted: true, epoch: 14 }, { p: 1, fitted: true, epoch: 20 }],
    [{ p: 0, fitted: false, epoch: 100 }, { p: 0.2, fitted: true, epoch: 12 }, { p: 1, fitted: false, epoch: 100 }],
    [{ p: 1, fitted: true, epoch: 30 }, { p: 0.4, fitted: true, epoch: 18 }, { p: 0, fitted: true, epoch: 0 }],
    [{ p: 0, fitted: false, epoch: 5 }],
  ];
  for (const results of cases) {
    const ps = Float64Array.from(results.map((r) => r.p));
    const epochs = Float64Array.from(results.map((r) => (r.fitted ? r.epoch : NaN)));
    assert.equal(relativeFitTimes(results).reference, wasm.sweepReference(ps, epochs) ?? null, JSON.stringify(results));
  }
});

test('a run is over when fitted, else at its last epoch, checked from epoch 0 (Rust\'s StopRule)', () => {
  assert.equal(wasm.stopReason(0.005, 3, 0.01, 100), 'fitted');
  assert.equal(wasm.stopReason(0.0, 0, 0.01, 100), 'fitted', 'epoch 0 counts');
  assert.equal(wasm.stopReason(0.5, 100, 0.01, 100), 'maxEpochs');
  assert.equal(wasm.stopReason(0.5, 7, 0.01, 100), undefined);
  assert.equal(wasm.stopReason(0.0, 7, undefined, undefined), undefined, 'no rule, no stop');
});
