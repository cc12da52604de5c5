// Tests of tests/bench/jax-side.js, the benchmark's jax-js side, in Node on jax-js's wasm device
// (no browser, no pkg/): parameter counts equal to rethink's, NCHW standardization, and a few
// jitted SGD steps that lower the loss and leave the data's reference counts as they were.
//   node --test tests/bench/
import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as jax from '@jax-js/jax';
import { channelStats, standardizedNhwc } from './asset.js';
import { createJaxRun, paramShapes, standardizedNchw } from './jax-side.js';

const count = (model, side) => paramShapes(model, side).reduce((sum, [, shape]) => sum + shape.reduce((a, b) => a * b, 1), 0);

test("parameter counts equal rethink's (Experiment.numParams)", () => {
  assert.equal(count('mlp', 16), 398_858);
  assert.equal(count('cnn', 16), 57_770);
  assert.equal(count('mlp', 32), 3 * 32 * 32 * 512 + 512 + 5130);
  assert.throws(() => paramShapes('cnn', 12), /multiple of 8/);
});

test('NCHW standardization is the NHWC one (tfjs-side) transposed', () => {
  const side = 2;
  const pixels = Uint8Array.from({ length: 3 * 3 * side * side }, (_, i) => (i * 37) % 256);
  const stats = channelStats(pixels, side);
  const nchw = standardizedNchw(pixels, side, stats);
  const nhwc = standardizedNhwc(pixels, side, stats);
  for (let image = 0; image < 3; image++) {
    for (let c = 0; c < 3; c++) {
      for (let i = 0; i < side * side; i++) {
        assert.equal(nchw[image * 12 + c * 4 + i], nhwc[image * 12 + 3 * i + c]);
      }
    }
  }
});

test('a few jitted SGD steps on a tiny asset lower the loss (MLP, jax-js wasm in Node)', async () => {
  await jax.init('wasm');
  jax.defaultDevice('wasm');
  const side = 8;
  const n = 64;
  const random = (i) => ((i * 2654435761) >>> 0) % 256;
  const asset = { side, train: { length: n, labels: Uint8Array.from({ length: n }, (_, i) => i % 10), pixels: Uint8Array.from({ length: n * 3 * side * side }, (_, i) => random(i)) } };
  const run = createJaxRun(jax, asset, { model: 'mlp', batchSize: 32, learningRate: 0.01, momentum: 0.9, seed: 1 });
  assert.equal(run.numParams, count('mlp', side));
  const first = (await run.train(1)).loss;
  assert.ok(Math.abs(first - Math.log(10)) < 0.5, `initial loss ${first}, near ln 10`);
  const later = (await run.train(30)).loss;
  assert.ok(Number.isFinite(later) && later < first - 0.1, `loss ${first} -> ${later}`);
  run.dispose();
});
