// The benchmark's TensorFlow.js side of the data: standardization like src/data/normalize.rs,
// NHWC layout, and mini-batches drawn as rethink's trainer draws them. The asset itself is decoded
// by rethink's own reader (rethink-side.js decodeAsset: its pixels are Brotli-compressed, see
// src/data/pixel_codec.rs). Pure (no DOM): tests/bench/asset.test.mjs runs it in Node.

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
