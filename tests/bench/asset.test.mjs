// Tests of tests/bench/asset.js, the benchmark's TensorFlow.js side of the data:
//   node --test tests/bench/
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { batchSampler, channelStats, standardizedNhwc } from './asset.js';

const side = 2;
const trainPixels = [
  [0, 10, 20, 30, 5, 5, 5, 5, 0, 0, 255, 255],
  [40, 50, 60, 70, 5, 5, 5, 5, 0, 255, 0, 255],
].flat();

test('standardization matches src/data/normalize.rs and the layout becomes NHWC', () => {
  const stats = channelStats(trainPixels, side);
  assert.ok(Math.abs(stats.mean[0] - 35) < 1e-4);
  assert.equal(stats.std[1], 1e-3, 'a constant channel gets the floor std');
  const x = standardizedNhwc(new Uint8Array(trainPixels), side, stats);
  // Pixel 1 of image 0: red 10, green 5, blue 0, next to each other in NHWC.
  assert.deepEqual([...x.subarray(3, 6)].map((v) => Math.round(v * 1000) / 1000), [
    Math.round(((10 - stats.mean[0]) / stats.std[0]) * 1000) / 1000, 0, Math.round(((0 - stats.mean[2]) / stats.std[2]) * 1000) / 1000,
  ]);
  const red = [0, 1, 2, 3, 4, 5, 6, 7].map((i) => x[3 * i]);
  const mean = red.reduce((a, b) => a + b) / red.length;
  const variance = red.reduce((a, b) => a + (b - mean) ** 2, 0) / red.length;
  assert.ok(Math.abs(mean) < 1e-5 && Math.abs(variance - 1) < 1e-4, `${mean} ${variance}`);
});

test('batchSampler reshuffles every epoch and ends an epoch with the smaller last batch', () => {
  const next = batchSampler(10, 4, 1);
  const epoch = () => [next(), next(), next()];
  const first = epoch();
  assert.deepEqual(first.map((b) => b.length), [4, 4, 2]);
  assert.deepEqual(first.flatMap((b) => [...b]).sort((a, b) => a - b), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  const second = epoch();
  assert.deepEqual(second.flatMap((b) => [...b]).sort((a, b) => a - b), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  assert.notDeepEqual(first.flatMap((b) => [...b]), second.flatMap((b) => [...b]));
});
