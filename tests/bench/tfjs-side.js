// The TensorFlow.js 4.22 side of the benchmark: the same networks as src/model/mlp.rs and
// src/model/small_cnn.rs, layer for layer (NHWC instead of NCHW), SGD with momentum, softmax
// cross-entropy, the whole training split uploaded once and every batch gathered on the device.
// TensorFlow.js is a dev dependency, served only by `node scripts/serve.mjs --bench`.
import { batchSampler, channelStats, standardizedNhwc } from './asset.js';

const VENDOR = '/vendor/tfjs';

function loadScript(src) {
  return new Promise((resolve, reject) => {
    const script = document.createElement('script');
    script.src = src;
    script.onload = resolve;
    script.onerror = () => reject(new Error(`could not load ${src}`));
    document.head.append(script);
  });
}

/**
 * Load tf.es2017.min.js (the ES5 tf.min.js needs eval, which the CSP forbids) and the backend's
 * script, select `backend` ('webgpu' | 'wasm' | 'cpu'); returns { tf, info } where info says what
 * the backend runs on (SIMD, threads, adapter). `wasmThreads` > 0 sets the wasm backend's thread
 * count (0: its default, which is half the logical cores); threads need cross-origin isolation.
 */
export async function loadTfjs(backend, { wasmThreads = 0 } = {}) {
  await loadScript(`${VENDOR}/tfjs/tf.es2017.min.js`);
  const tf = window.tf;
  if (backend === 'wasm') {
    await loadScript(`${VENDOR}/wasm/tf-backend-wasm.es2017.min.js`);
    tf.wasm.setWasmPaths(`${VENDOR}/wasm/`);
    if (wasmThreads > 0) tf.wasm.setThreadsCount(wasmThreads);
  } else if (backend === 'webgpu') {
    await loadScript(`${VENDOR}/webgpu/tf-backend-webgpu.es2017.min.js`);
  }
  if (!(await tf.setBackend(backend))) throw new Error(`tf.setBackend('${backend}') failed (see the console)`);
  await tf.ready();
  const info = { library: `TensorFlow.js ${tf.version.tfjs}`, backend: tf.getBackend(), crossOriginIsolated: window.crossOriginIsolated };
  if (backend === 'wasm') {
    info.simd = await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT');
    info.threadsSupported = await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT');
    info.threads = tf.wasm.getThreadsCount();
    info.logicalCores = navigator.hardwareConcurrency;
  }
  if (backend === 'webgpu') {
    const adapterInfo = tf.backend().adapterInfo;
    info.adapter = adapterInfo ? `${adapterInfo.vendor ?? ''} ${adapterInfo.architecture ?? ''}`.trim() : null;
  }
  return { tf, info };
}

/**
 * The network, built like rethink's: 'mlp' = flatten, dense 512 + ReLU, dense 10; 'cnn' = three
 * (3x3 'same' conv + ReLU, 2x2 max-pool) stages of 16, 32, 64 channels, flatten, dense 128 +
 * ReLU, dense 10. Kernels are initialized as Burn's Linear and Conv2d defaults, uniform in
 * +-1/sqrt(fan_in) (a variance scaling of 1/3); biases start at zero.
 */
export function buildModel(tf, model, side) {
  const kernelInitializer = () => tf.initializers.varianceScaling({ scale: 1 / 3, mode: 'fanIn', distribution: 'uniform' });
  const dense = (units, activation) => tf.layers.dense({ units, activation, kernelInitializer: kernelInitializer() });
  const net = tf.sequential();
  if (model === 'mlp') {
    net.add(tf.layers.flatten({ inputShape: [side, side, 3] }));
    net.add(dense(512, 'relu'));
  } else if (model === 'cnn') {
    [16, 32, 64].forEach((filters, i) => {
      net.add(tf.layers.conv2d({
        ...(i === 0 ? { inputShape: [side, side, 3] } : {}),
        filters, kernelSize: 3, padding: 'same', activation: 'relu', kernelInitializer: kernelInitializer(),
      }));
      net.add(tf.layers.maxPooling2d({ poolSize: 2, strides: 2 }));
    });
    net.add(tf.layers.flatten());
    net.add(dense(128, 'relu'));
  } else {
    throw new Error(`unknown model ${model}`);
  }
  net.add(dense(10, undefined));
  return net;
}

/**
 * A training run on a decoded `asset` (rethink-side.js decodeAsset): { numParams, train(k), dispose }. `train(k)` runs k SGD steps
 * (minimize without returning the cost, but for the last step) and reads the last step's loss
 * back once, which also waits for every queued GPU command.
 */
export function createTfjsRun(tf, asset, { model, batchSize, learningRate, momentum, seed }) {
  const { side } = asset;
  const n = asset.train.length;
  const stats = channelStats(asset.train.pixels, side);
  const images = tf.tensor4d(standardizedNhwc(asset.train.pixels, side, stats), [n, side, side, 3]);
  const labels = tf.tidy(() => tf.oneHot(tf.tensor1d(Int32Array.from(asset.train.labels), 'int32'), 10).toFloat());
  const net = buildModel(tf, model, side);
  const optimizer = tf.train.momentum(learningRate, momentum, false);
  const nextBatch = batchSampler(n, batchSize, seed);

  const step = (returnCost) => {
    const indices = nextBatch();
    return tf.tidy(() => optimizer.minimize(() => {
      const picks = tf.tensor1d(indices, 'int32');
      const x = tf.gather(images, picks); // [b, side, side, 3]
      const y = tf.gather(labels, picks); // [b, 10]
      const logits = net.apply(x, { training: true }); // [b, 10]
      return tf.losses.softmaxCrossEntropy(y, logits); // mean over the batch
    }, returnCost));
  };

  return {
    numParams: net.countParams(),
    side,
    trainCount: n,
    async train(k) {
      for (let i = 0; i < k - 1; i++) step(false);
      const cost = step(true);
      const loss = (await cost.data())[0];
      cost.dispose();
      return { loss, tensors: tf.memory().numTensors };
    },
    dispose() {
      tf.dispose([images, labels]);
      net.dispose();
      optimizer.dispose();
    },
  };
}
