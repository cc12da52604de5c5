// The rethink side of the benchmark: the product's wasm module (pkg/rethink.js, built by
// scripts/setup.sh), driven directly on the page's main thread, as TensorFlow.js is.
import init, { Dataset, Experiment, setWebGpuMatmul, start } from '/pkg/rethink.js';

let loading = null;

/** Fetch and compile the wasm module (once per page); returns { library }. */
export async function loadRethink() {
  loading ??= init().then(() => start());
  await loading;
  return { library: 'rethink (Burn, WebAssembly)' };
}

/**
 * Decode asset `bytes` with rethink's reader (the one the page uses; it checks the CRC and the
 * header): { side, train: { labels, pixels, length }, test: { ... } }, pixels channel-major.
 */
export async function decodeAsset(bytes) {
  await loadRethink();
  const dataset = Dataset.fromBytes(bytes);
  try {
    const { side } = dataset.summary();
    const split = (test) => {
      const labels = dataset.splitLabels(test);
      return { labels, pixels: dataset.splitPixels(test), length: labels.length };
    };
    return { side, train: split(false), test: split(true) };
  } finally {
    dataset.free();
  }
}

/**
 * A training run on asset `bytes` with `backend` ('cpu' | 'webgpu'): { numParams, train(k),
 * dispose }. `train(k)` runs k SGD steps and reads the mean loss back once. `webgpuMatmul`, if
 * given: see setWebGpuMatmul (src/web/webgpu.rs); it takes effect on the page's first WebGPU run.
 */
export async function createRethinkRun(bytes, { model, batchSize, learningRate, momentum, seed }, backend, webgpuMatmul = null) {
  if (backend === 'webgpu' && webgpuMatmul) setWebGpuMatmul(webgpuMatmul);
  const dataset = Dataset.fromBytes(bytes);
  // lrDecay 1: the same learning rate for the whole run, as on the TensorFlow.js side.
  const config = { model, batchSize, learningRate, lrDecay: 1, momentum, seed, labelCorruption: 0 };
  const experiment = await Experiment.create(dataset, config, backend);
  const summary = dataset.summary();
  return {
    numParams: experiment.numParams(),
    side: summary.side,
    trainCount: summary.trainCount,
    backendName: experiment.backendName(),
    async train(k) {
      const report = await experiment.train(k);
      return { loss: report.meanLoss, step: report.step };
    },
    dispose() {
      experiment.free();
      dataset.free();
    },
  };
}
