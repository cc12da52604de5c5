// The RETHINK1 data asset read in JavaScript, for TensorFlow.js (the format is documented at the
// top of src/data/asset.rs): magic, then version, side, channels, classes, n_train, n_test (u32
// LE), train labels, test labels, train pixels, test pixels (u8, channel-major [3, side, side] per
// image), CRC-32 of every byte before it. Standardized like src/data/normalize.rs. Pure (no DOM):
// tests/bench/asset.test.mjs runs it in Node.

const MAGIC = 'RETHINK1';
const VERSION = 1;
const HEADER_LEN = 8 + 6 * 4;

let crcTable = null;

/** CRC-32 (IEEE, the one zlib and Rust's crc32fast compute) of `bytes`. */
export function crc32(bytes) {
  if (!crcTable) {
    crcTable = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      crcTable[n] = c >>> 0;
    }
  }
  let crc = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) crc = crcTable[(crc ^ bytes[i]) & 0xff] ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

/** Parse and check asset bytes; returns { side, channels, classes, train, test } with { labels, pixels } views. */
export function parseAsset(bytes) {
  if (bytes.length < HEADER_LEN + 4) throw new Error(`asset truncated: ${bytes.length} bytes`);
  const magic = String.fromCharCode(...bytes.subarray(0, 8));
  if (magic !== MAGIC) throw new Error(`not a rethink asset (starts with ${JSON.stringify(magic)})`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const [version, side, channels, classes, nTrain, nTest] = [0, 1, 2, 3, 4, 5].map((i) => view.getUint32(8 + 4 * i, true));
  if (version !== VERSION) throw new Error(`asset version ${version}, expected ${VERSION}`);
  if (channels !== 3 || classes !== 10) throw new Error(`expected 3 channels and 10 classes, found ${channels} and ${classes}`);
  const image = channels * side * side;
  const expected = HEADER_LEN + (nTrain + nTest) * (1 + image) + 4;
  if (bytes.length !== expected) throw new Error(`asset is ${bytes.length} bytes, its header says ${expected}`);
  const stored = view.getUint32(bytes.length - 4, true);
  const actual = crc32(bytes.subarray(0, bytes.length - 4));
  if (stored !== actual) throw new Error(`asset checksum mismatch (stored ${stored}, computed ${actual})`);
  let at = HEADER_LEN;
  const take = (n) => bytes.subarray(at, (at += n));
  const trainLabels = take(nTrain);
  const testLabels = take(nTest);
  const trainPixels = take(nTrain * image);
  const testPixels = take(nTest * image);
  return {
    side, channels, classes,
    train: { labels: trainLabels, pixels: trainPixels, length: nTrain },
    test: { labels: testLabels, pixels: testPixels, length: nTest },
  };
}

/** Per-channel mean and std (population, floor 1e-3) of channel-major byte images, as src/data/normalize.rs. */
export function channelStats(pixels, side) {
  const plane = side * side;
  const sum = [0, 0, 0];
  const sumSq = [0, 0, 0];
  for (let start = 0; start < pixels.length; start += 3 * plane) {
    for (let c = 0; c < 3; c++) {
      const base = start + c * plane;
      for (let i = 0; i < plane; i++) {
        const v = pixels[base + i];
        sum[c] += v;
        sumSq[c] += v * v;
      }
    }
  }
  const count = Math.max(1, pixels.length / 3);
  const mean = sum.map((s) => Math.fround(s / count));
  const std = sum.map((s, c) => Math.max(1e-3, Math.fround(Math.sqrt(Math.max(0, sumSq[c] / count - (s / count) ** 2)))));
  return { mean, std };
}

/** Standardized images in NHWC order (what TensorFlow.js's conv layers want): Float32Array [n, side, side, 3]. */
export function standardizedNhwc(pixels, side, { mean, std }) {
  const plane = side * side;
  const out = new Float32Array(pixels.length);
  for (let start = 0; start < pixels.length; start += 3 * plane) {
    for (let c = 0; c < 3; c++) {
      const base = start + c * plane;
      for (let i = 0; i < plane; i++) out[start + 3 * i + c] = (pixels[base + i] - mean[c]) / std[c];
    }
  }
  return out;
}

/** A seeded PRNG (mulberry32) returning floats in [0, 1). */
export function seededRandom(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Mini-batch indices as rethink's trainer draws them (src/train/mod.rs): the training split is
 * reshuffled at the start of every epoch, ceil(n / batch) batches, the last one smaller.
 * Returns next() -> Int32Array.
 */
export function batchSampler(n, batchSize, seed) {
  const random = seededRandom(seed);
  const order = Int32Array.from({ length: n }, (_, i) => i);
  const perEpoch = Math.ceil(n / batchSize);
  let step = 0;
  return () => {
    const within = step % perEpoch;
    if (within === 0) {
      for (let i = n - 1; i > 0; i--) {
        const j = Math.floor(random() * (i + 1));
        [order[i], order[j]] = [order[j], order[i]];
      }
    }
    step += 1;
    return order.slice(within * batchSize, Math.min(n, (within + 1) * batchSize));
  };
}
