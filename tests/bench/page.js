// The benchmark page: one backend, one model, one asset per page load, so that no two backends
// share a page. Settings come from the query, e.g.
//   /bench/?backend=tfjs-wasm&model=cnn&asset=cifar10-16px.bin&steps=20&reps=5&warmup=3
// `wasmThreads` (a number, or 'cores') sets TensorFlow.js's wasm thread count (jax-js's wasm device
// always uses one worker per logical core). `webgpuMatmul` ('by-adapter', the page's choice;
// 'cubek-auto'; 'cpu-gemm') picks rethink's WebGPU matmul (src/web/webgpu.rs). Protocol: set up (load the library, parse and upload the data, build the network; timed), warm-up
// steps (timed, reported apart), then `reps` blocks of `steps` SGD steps, each timed from the first
// step to the loss read back at its end. Progress goes to window.benchReport (the runner,
// tests/bench/bench.mjs, exposes it) and to the page.

const BACKENDS = ['rethink-webgpu', 'rethink-cpu', 'tfjs-webgpu', 'tfjs-wasm', 'tfjs-cpu', 'jax-webgpu', 'jax-wasm'];

const log = document.getElementById('log');

function report(event) {
  log.textContent += `${JSON.stringify(event)}\n`;
  if (typeof window.benchReport === 'function') window.benchReport(event);
}

function readOptions() {
  const params = new URLSearchParams(window.location.search);
  const int = (name, fallback) => {
    const value = Number.parseInt(params.get(name) ?? '', 10);
    return Number.isInteger(value) && value >= 0 ? value : fallback;
  };
  const backend = params.get('backend') ?? 'rethink-cpu';
  if (!BACKENDS.includes(backend)) throw new Error(`unknown backend ${backend}: one of ${BACKENDS.join(', ')}`);
  const model = params.get('model') ?? 'mlp';
  // The peers build the MLP and the small CNN; rethink's own side checks its model names (all five).
  if (!backend.startsWith('rethink-') && !['mlp', 'cnn'].includes(model)) throw new Error(`unknown model ${model}: mlp or cnn`);
  const asset = params.get('asset') ?? 'cifar10-16px.bin';
  if (!/^[a-z0-9][a-z0-9._-]{0,80}\.bin$/.test(asset)) throw new Error(`bad asset name ${asset}`);
  const threads = params.get('wasmThreads') ?? '0';
  const wasmThreads = threads === 'cores' ? navigator.hardwareConcurrency : Math.max(0, Number.parseInt(threads, 10) || 0);
  const webgpuMatmul = params.get('webgpuMatmul'); // null: the module's default ('by-adapter')
  return {
    backend, model, asset, wasmThreads, webgpuMatmul,
    steps: Math.max(1, int('steps', 20)), reps: Math.max(1, int('reps', 5)), warmup: int('warmup', 3),
    train: { model, batchSize: Math.max(1, int('batch', 128)), learningRate: 0.01, momentum: 0.9, seed: 1 },
  };
}

const seconds = (from) => (performance.now() - from) / 1000;

async function createRun(options, bytes) {
  const [library, device] = options.backend.split('-');
  // TensorFlow.js and jax-js get the asset decoded by rethink's reader (its pixels are compressed),
  // before the clock starts.
  const asset = library === 'rethink' ? null : await (await import('./rethink-side.js')).decodeAsset(bytes);
  const loadStart = performance.now();
  let run;
  let info;
  if (library === 'rethink') {
    const { loadRethink, createRethinkRun } = await import('./rethink-side.js');
    info = await loadRethink();
    info.loadSeconds = seconds(loadStart);
    const createStart = performance.now();
    run = await createRethinkRun(bytes, options.train, device, options.webgpuMatmul);
    info.createSeconds = seconds(createStart);
    info.device = run.backendName;
    info.lossKind = 'mean loss of the block';
  } else if (library === 'jax') {
    const { loadJax, createJaxRun } = await import('./jax-side.js');
    const loaded = await loadJax(device);
    info = { ...loaded.info, loadSeconds: seconds(loadStart) };
    const createStart = performance.now();
    run = createJaxRun(loaded.jax, asset, options.train);
    info.createSeconds = seconds(createStart);
    info.lossKind = 'loss of the last step';
  } else {
    const { loadTfjs, createTfjsRun } = await import('./tfjs-side.js');
    const loaded = await loadTfjs(device, { wasmThreads: options.wasmThreads });
    info = { ...loaded.info, loadSeconds: seconds(loadStart) };
    const createStart = performance.now();
    run = createTfjsRun(loaded.tf, asset, options.train);
    info.createSeconds = seconds(createStart);
    info.lossKind = 'loss of the last step';
  }
  return { run, info };
}

async function main() {
  const options = readOptions();
  const pageStart = performance.now();
  report({ type: 'start', options, userAgent: navigator.userAgent, crossOriginIsolated: window.crossOriginIsolated });
  let stage = 'fetch';
  try {
    const response = await fetch(`/data/${options.asset}`);
    if (!response.ok) throw new Error(`GET /data/${options.asset}: HTTP ${response.status}`);
    const bytes = new Uint8Array(await response.arrayBuffer());
    const fetchSeconds = seconds(pageStart);
    stage = 'setup';
    const { run, info } = await createRun(options, bytes);
    report({ type: 'setup', fetchSeconds, ...info, numParams: run.numParams, side: run.side, trainCount: run.trainCount });
    stage = 'warmup';
    if (options.warmup > 0) {
      const warmStart = performance.now();
      const { loss } = await run.train(options.warmup);
      report({ type: 'warmup', steps: options.warmup, seconds: seconds(warmStart), loss });
    }
    stage = 'timed';
    for (let rep = 0; rep < options.reps; rep++) {
      const repStart = performance.now();
      const { loss } = await run.train(options.steps);
      const elapsed = seconds(repStart);
      report({ type: 'rep', rep, steps: options.steps, seconds: elapsed, stepsPerSec: options.steps / elapsed, loss });
    }
    run.dispose();
    report({ type: 'done', totalSeconds: seconds(pageStart) });
  } catch (error) {
    report({ type: 'error', stage, message: String(error?.message ?? error), stack: String(error?.stack ?? '') });
  }
}

main().catch((error) => report({ type: 'error', stage: 'options', message: String(error?.message ?? error) }));
