// The jax-js side of the benchmark (npm @jax-js/jax, a dev dependency served only by
// `node scripts/serve.mjs --bench`, under /vendor/jax/): the same networks as src/model/mlp.rs and
// src/model/small_cnn.rs, written as JAX code is (a pytree of parameters, a pure loss function),
// SGD with momentum, softmax cross-entropy, the whole training split uploaded once and every batch
// gathered on the device. Layout NCHW, as rethink's (jax-js's convolution wants [N, C, H, W]).
//
// jit: the whole step (gather, forward, valueAndGrad, momentum update) is one `jit`-compiled
// function, as a JAX user would write it (the jax-js MNIST demo jits its network too); it is traced
// and compiled once per batch shape: 128, and the epoch's last, smaller batch (5,000 = 39 x 128 + 8),
// whose first appearance (step 40) compiles once more. Memory: jax-js counts references, every
// function takes ownership of its Array arguments (`.ref` keeps one); nothing here leaks per step.
// Pure but for `loadJax`: tests/bench/jax-side.test.mjs runs createJaxRun in Node on jax-js's wasm.
import { batchSampler, channelStats, seededRandom } from './asset.js';

const VENDOR = '/vendor/jax';

/**
 * Import jax-js (ES module), start `device` ('webgpu' | 'wasm') and make it the default; returns
 * { jax, info } where info says what the device runs on (adapter; wasm worker threads).
 */
export async function loadJax(device) {
  const jax = await import(`${VENDOR}/dist/index.js`);
  const started = await jax.init(device);
  if (!started.includes(device)) throw new Error(`jax-js could not start device '${device}' (started: ${started.join(', ') || 'none'})`);
  jax.defaultDevice(device);
  const version = await fetch(`${VENDOR}/package.json`).then((r) => r.json()).then((p) => p.version, () => '?');
  const info = { library: `jax-js ${version}`, backend: device, crossOriginIsolated: window.crossOriginIsolated, jit: true };
  if (device === 'wasm') {
    // jax-js splits each wasm kernel over one Web Worker per logical core when SharedArrayBuffer
    // exists (the bench page is cross-origin isolated); it has no setting for the count.
    info.workers = typeof SharedArrayBuffer !== 'undefined' && window.crossOriginIsolated ? navigator.hardwareConcurrency : 0;
    info.logicalCores = navigator.hardwareConcurrency;
  }
  if (device === 'webgpu') {
    const adapterInfo = jax.getWebGPUDevice().adapterInfo;
    info.adapter = adapterInfo ? `${adapterInfo.vendor ?? ''} ${adapterInfo.architecture ?? ''}`.trim() : null;
  }
  return { jax, info };
}

/** Standardized images in NCHW order (the asset's own, channel-major): Float32Array [n, 3, side, side]. */
export function standardizedNchw(pixels, side, { mean, std }) {
  const plane = side * side;
  const out = new Float32Array(pixels.length);
  for (let i = 0; i < pixels.length; i++) {
    const c = Math.floor(i / plane) % 3;
    out[i] = (pixels[i] - mean[c]) / std[c];
  }
  return out;
}

/**
 * Parameter shapes, built like rethink's: 'mlp' = flatten, dense 512 + ReLU, dense 10; 'cnn' = three
 * (3x3 'same' conv + ReLU, 2x2 max-pool) stages of 16, 32, 64 channels, flatten, dense 128 + ReLU,
 * dense 10. Each entry: [name, shape, fan-in (0 for a bias)]. Conv kernels are [out, in, 3, 3],
 * conv biases [out, 1, 1] (they broadcast over H, W).
 */
export function paramShapes(model, side) {
  const dense = (name, from, to) => [[`${name}.w`, [from, to], from], [`${name}.b`, [to], 0]];
  if (model === 'mlp') return [...dense('hidden', 3 * side * side, 512), ...dense('output', 512, 10)];
  if (model !== 'cnn') throw new Error(`unknown model ${model}`);
  if (side % 8 !== 0) throw new Error(`the CNN needs a side that is a multiple of 8, not ${side}`);
  const convs = [[3, 16], [16, 32], [32, 64]].flatMap(([from, to], i) => [
    [`conv${i}.w`, [to, from, 3, 3], from * 9], [`conv${i}.b`, [to, 1, 1], 0],
  ]);
  return [...convs, ...dense('hidden', 64 * (side / 8) ** 2, 128), ...dense('output', 128, 10)];
}

/** Initial parameters as Float32Arrays: kernels uniform in +-1/sqrt(fan_in) (Burn's default, as tfjs-side.js), biases zero. */
export function initialValues(model, side, seed) {
  const random = seededRandom(seed);
  return paramShapes(model, side).map(([name, shape, fanIn]) => {
    const size = shape.reduce((a, b) => a * b, 1);
    const bound = fanIn > 0 ? 1 / Math.sqrt(fanIn) : 0;
    return [name, shape, Float32Array.from({ length: size }, () => (fanIn > 0 ? (2 * random() - 1) * bound : 0))];
  });
}

/** Logits [b, 10] of images `x` [b, 3, side, side]; consumes `p` (a parameter object) and `x`. */
function forward(jax, model, p, x) {
  const { numpy: np, nn, lax } = jax;
  if (model === 'cnn') {
    for (let i = 0; i < 3; i++) {
      const y = nn.relu(lax.convGeneralDilated(x, p[`conv${i}.w`], [1, 1], 'SAME').add(p[`conv${i}.b`]));
      x = lax.reduceWindow(y, np.max, [2, 2], [2, 2]); // 2x2 max-pool, stride 2
    }
  }
  const flat = x.reshape([x.shape[0], -1]);
  const h = nn.relu(np.matmul(flat, p['hidden.w']).add(p['hidden.b']));
  return np.matmul(h, p['output.w']).add(p['output.b']);
}

/**
 * A training run on a decoded `asset` (rethink-side.js decodeAsset) with `jax` loaded and its
 * default device set: { numParams, side, trainCount, train(k), dispose }. `train(k)` runs k jitted
 * SGD steps, reads the last step's loss back once and waits for the last parameter update.
 */
export function createJaxRun(jax, asset, { model, batchSize, learningRate, momentum, seed }) {
  const { numpy: np, nn, tree, jit, valueAndGrad, blockUntilReady } = jax;
  const { side } = asset;
  const n = asset.train.length;
  const stats = channelStats(asset.train.pixels, side);
  const images = np.array(standardizedNchw(asset.train.pixels, side, stats)).reshape([n, 3, side, side]);
  const labels = np.array(Int32Array.from(asset.train.labels), { dtype: np.int32 });
  const values = initialValues(model, side, seed);
  let params = Object.fromEntries(values.map(([name, shape, data]) => [name, np.array(data).reshape(shape)]));
  let velocity = Object.fromEntries(values.map(([name, shape]) => [name, np.zeros(shape)]));
  const nextBatch = batchSampler(n, batchSize, seed);

  const lossFn = (p, x, y) => {
    const logProbs = nn.logSoftmax(forward(jax, model, p, x), -1); // [b, 10]
    return logProbs.mul(nn.oneHot(y, 10)).sum().mul(-1 / y.shape[0]); // mean over the batch
  };
  // SGD with momentum as Burn's and tfjs's (no dampening, not Nesterov): v = m v + g; p = p - lr v.
  const step = jit((p, v, allImages, allLabels, picks) => {
    const x = allImages.slice(picks.ref); // gather on the device: [b, 3, side, side]
    const y = allLabels.slice(picks); // [b]
    const [loss, grads] = valueAndGrad(lossFn)(tree.ref(p), x, y);
    const v2 = tree.map((vi, gi) => vi.mul(momentum).add(gi), v, grads);
    const p2 = tree.map((pi, vi) => pi.sub(vi.ref.mul(learningRate)), p, v2);
    return [p2, v2, loss];
  });

  return {
    numParams: values.reduce((sum, [, , data]) => sum + data.length, 0),
    side,
    trainCount: n,
    async train(k) {
      let loss = null;
      for (let i = 0; i < k; i++) {
        const picks = np.array(nextBatch(), { dtype: np.int32 });
        loss?.dispose();
        [params, velocity, loss] = step(params, velocity, images.ref, labels.ref, picks);
      }
      // jax-js is lazy: the last step's update runs only when something needs it. Wait for it too,
      // so that a block holds k whole steps (blockUntilReady keeps the arrays; data() consumes loss).
      const [lossData] = await Promise.all([loss.data(), blockUntilReady([params, velocity])]);
      return { loss: lossData[0] };
    },
    dispose() {
      tree.dispose([params, velocity, images, labels]);
      step.dispose();
    },
  };
}
