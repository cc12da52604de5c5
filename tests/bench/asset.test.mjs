// Tests of tests/bench/asset.js, the benchmark's JavaScript reader of the RETHINK1 asset:
//   node --test tests/bench/
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { batchSampler, channelStats, crc32, parseAsset, standardizedNhwc } from './asset.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

// An asset as src/data/asset.rs writes it: header, labels, pixels, CRC-32 trailer.
function makeAsset({ side, trainLabels, testLabels, trainPixels, testPixels }) {
  const body = [...Buffer.from('RETHINK1')];
  for (const value of [1, side, 3, 10, trainLabels.length, testLabels.length]) {
    body.push(value & 0xff, (value >>> 8) & 0xff, (value >>> 16) & 0xff, value >>> 24);
  }
  body.push(...trainLabels, ...testLabels, ...trainPixels, ...testPixels);
  const bytes = new Uint8Array(body.length + 4);
  bytes.set(body);
  new DataView(bytes.buffer).setUint32(body.length, crc32(bytes.subarray(0, body.length)), true);
  return bytes;
}

const side = 2;
const trainPixels = [
  [0, 10, 20, 30, 5, 5, 5, 5, 0, 0, 255, 255],
  [40, 50, 60, 70, 5, 5, 5, 5, 0, 255, 0, 255],
].flat();
const testPixels = Array.from({ length: 12 }, (_, i) => i);
const asset = makeAsset({ side, trainLabels: [3, 7], testLabels: [9], trainPixels, testPixels });

test('crc32 is the IEEE CRC-32', () => {
  assert.equal(crc32(new TextEncoder().encode('123456789')), 0xcbf43926);
});

test('parseAsset reads the header, the labels and the pixels of both splits', () => {
  const parsed = parseAsset(asset);
  assert.equal(parsed.side, 2);
  assert.deepEqual([...parsed.train.labels], [3, 7]);
  assert.deepEqual([...parsed.test.labels], [9]);
  assert.deepEqual([...parsed.train.pixels], trainPixels);
  assert.deepEqual([...parsed.test.pixels], testPixels);
});

test('parseAsset refuses a bad magic, a bad checksum and a wrong length', () => {
  const badMagic = asset.slice();
  badMagic[0] = 'X'.charCodeAt(0);
  assert.throws(() => parseAsset(badMagic), /not a rethink asset/);
  const badCrc = asset.slice();
  badCrc[40] ^= 1;
  assert.throws(() => parseAsset(badCrc), /checksum/);
  assert.throws(() => parseAsset(asset.subarray(0, asset.length - 1)), /header says/);
});

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

test('the real assets parse (their CRC-32 is the one the Rust writer computes)', { skip: !existsSync(path.join(ROOT, 'www/data/e2e-16px.bin')) }, () => {
  const parsed = parseAsset(new Uint8Array(readFileSync(path.join(ROOT, 'www/data/e2e-16px.bin'))));
  assert.equal(parsed.side, 16);
  assert.ok(parsed.train.labels.every((label) => label < 10));
});
