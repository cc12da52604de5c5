#!/usr/bin/env node
// Where a training step's time goes (issue 5, benchmark 4): the bench page (tests/bench/page.js)
// for each backend in a fresh headless Chromium, with three instruments over the timed blocks
// only (from the 'warmup' event to the end of the last rep):
//  1. a V8 CPU profile of the page's main thread, where both libraries run (CDP Profiler, sampling
//     every --interval µs), summarized as idle / program / GC / wasm / rethink glue / TensorFlow.js
//     / other, and the top self-time functions;
//  2. the CPU time of each Chromium process (CDP SystemInfo.getProcessInfo on the browser session,
//     polled every --poll-ms), so the GPU process (where SwiftShader runs the WebGPU kernels)
//     against the renderer;
//  3. counts (and the main thread's time inside) of the WebGPU API calls the page makes: an init
//     script wraps GPUQueue.submit, GPUComputePassEncoder.dispatchWorkgroups,
//     GPUDevice.createBuffer / createBindGroup / createComputePipeline and the rest, and takes a
//     snapshot of its counters inside the page at each progress event (so exactly at the block
//     boundaries, whatever the main thread is doing), plus the workgroups and invocations
//     dispatched (workgroup sizes parsed from each shader's WGSL).
//  4. with --kernel-times, each WebGPU backend runs a second time with every dispatch moved into a
//     compute pass of its own carrying timestampWrites (the device is asked for 'timestamp-query'):
//     GPU time per kernel, summed per pipeline and per kind (matmul, elementwise, ...). That run's
//     command stream differs (one pass per dispatch, query resolves), so its steps/s are its own.
// The window's ends are those in-page snapshots, mapped onto the monotonic clock that V8's profile
// and the process polls use (the profiler runs from page load and is clipped to the window).
//   node tests/bench/profile.mjs [--backends rethink-webgpu,tfjs-webgpu,rethink-cpu,tfjs-wasm]
//        [--steps 30,rethink-webgpu=5,tfjs-webgpu=5] [--reps 2] [--warmup 3] [--interval 200]
//        [--model mlp] [--asset cifar10-16px.bin] [--wasm-threads cores] [--webgpu-matmul by-adapter] [--cell-timeout 300]
//        [--poll-ms 100] [--cpuprofile] [--kernel-times] [--out test-artifacts/profile.json]
// The wrappers add a little JS per WebGPU call, so steps/s here can sit slightly below bench.mjs's.
// This file: options and the loop over backends. profile-hooks.mjs: the in-page init script;
// profile-run.mjs: one backend in a fresh browser; profile-cpu.mjs: clocks, CPU profile, process
// CPU; profile-summary.mjs: figures per step; profile-report.mjs: Markdown, JSON, .cpuprofile.
import { existsSync } from 'node:fs';
import path from 'node:path';
import {
  ARTIFACTS, BACKENDS, ROOT, fmt, launchBrowser, list, machine, parseOptions, perBackend, requireFiles, serve,
} from './common.mjs';
import { printTables, writeCpuProfile, writeReport } from './profile-report.mjs';
import { runCell } from './profile-run.mjs';
import { summarize } from './profile-summary.mjs';

const DEFAULTS = {
  backends: 'rethink-webgpu,tfjs-webgpu,rethink-cpu,tfjs-wasm',
  steps: '30,tfjs-cpu=10,rethink-webgpu=5,tfjs-webgpu=5',
  reps: '2',
  warmup: '3',
  interval: 200,
  pollMs: 100,
  model: 'mlp',
  asset: existsSync(path.join(ROOT, 'www/data/cifar10-16px.bin')) ? 'cifar10-16px.bin' : 'e2e-16px.bin',
  wasmThreads: 'cores',
  webgpuMatmul: 'by-adapter',
  cellTimeout: 300,
  cpuprofile: false,
  kernelTimes: false,
  out: path.join(ARTIFACTS, 'profile.json'),
};
const USAGE = `usage: node tests/bench/profile.mjs [--backends ${DEFAULTS.backends}]
  [--steps N[,backend=N...]] [--reps N[,backend=N...]] [--warmup N[,backend=N...]] [--interval µs] [--poll-ms 100]
  [--model mlp|cnn] [--asset ${DEFAULTS.asset}] [--wasm-threads cores|N|0]
  [--webgpu-matmul by-adapter|cubek-auto|cpu-gemm] [--cell-timeout s] [--cpuprofile] [--kernel-times] [--out file.json]
defaults: --steps ${DEFAULTS.steps} --reps ${DEFAULTS.reps} --warmup ${DEFAULTS.warmup} --interval ${DEFAULTS.interval}
--cpuprofile also writes each main-thread profile as test-artifacts/profile-<backend>.cpuprofile (DevTools can open it).
--kernel-times runs each WebGPU backend a second time with every dispatch in its own timestamped pass: GPU time per kernel.`;

async function main() {
  const options = parseOptions(process.argv.slice(2), DEFAULTS, USAGE);
  const backends = list(options.backends);
  const unknown = backends.filter((b) => !BACKENDS.includes(b));
  if (unknown.length) throw new Error(`unknown backend ${unknown.join(', ')}: ${BACKENDS.join(', ')}`);
  requireFiles([
    ['pkg/rethink.js', 'build the wasm with scripts/setup.sh'],
    ['node_modules/@tensorflow/tfjs/dist/tf.es2017.min.js', 'run npm ci (TensorFlow.js is a dev dependency)'],
    [`www/data/${options.asset}`, 'see tests/bench/README.md'],
  ]);
  const cells = backends.map((backend) => {
    const [steps, reps, warmup] = [options.steps, options.reps, options.warmup].map((text) => perBackend(text, backend));
    if (!(warmup >= 1)) throw new Error(`--warmup must be at least 1 for ${backend}: the profile starts at the 'warmup' event`);
    return { backend, model: options.model, asset: options.asset, steps, reps, warmup, limit: options.cellTimeout, ...(backend === 'tfjs-wasm' ? { wasmThreads: options.wasmThreads } : {}), ...(backend === 'rethink-webgpu' ? { webgpuMatmul: options.webgpuMatmul } : {}) };
  });
  const { baseUrl, close } = await serve({ bench: true });
  const probe = await launchBrowser();
  const about = machine(probe);
  await probe.close();
  console.log(`# Where a training step goes: ${about.cpus} CPUs (${about.cpuModel}), Chromium ${about.chromium}, load ${about.loadAverage.join(' ')}, sampling every ${options.interval} µs`);
  const results = [];
  try {
    for (const cell of cells) {
      console.log(`${cell.model} ${cell.backend} (${cell.warmup} warm-up + ${cell.reps} x ${cell.steps} steps, ${cell.asset})`);
      const raw = await runCell(baseUrl, cell, options);
      const result = summarize(cell, raw);
      if (options.cpuprofile && raw.profile) result.cpuprofileFile = await writeCpuProfile(options.out, cell.backend, raw.profile);
      console.log(`  -> ${result.status}: ${fmt(result.stepsPerSec)} steps/s${result.error ? `; ${result.error}` : ''}`);
      if (options.kernelTimes && cell.backend.endsWith('-webgpu')) {
        console.log(`${cell.model} ${cell.backend} again, timing each kernel (one pass per dispatch, timestamp queries)`);
        const timedRun = summarize(cell, await runCell(baseUrl, cell, options, { kernelTimes: true }));
        console.log(`  -> ${timedRun.status}: ${fmt(timedRun.stepsPerSec)} steps/s${timedRun.error ? `; ${timedRun.error}` : ''}`);
        result.kernelRun = {
          status: timedRun.status,
          error: timedRun.error ?? (timedRun.webgpu?.kernelTiming ? null : timedRun.webgpuError ?? 'no kernel timing (no timestamp-query?)'),
          stepsPerSec: timedRun.stepsPerSec,
          repStepsPerSec: timedRun.repStepsPerSec,
          gpuSecondsPerStep: timedRun.processes?.gpuSecondsPerStep ?? null,
          kernelTiming: timedRun.webgpu?.kernelTiming ?? null,
          kernels: timedRun.webgpu?.kernels ?? [],
        };
      }
      results.push(result);
    }
  } finally {
    await close();
  }
  printTables(results);
  await writeReport(options.out, { machine: about, options, results });
}

main().catch((error) => {
  console.error(`profile.mjs: ${error.message}`);
  process.exit(1);
});
