// The output of profile.mjs: Markdown tables on stdout, the JSON artifact and the .cpuprofile files.
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { ROOT, fmt, markdownTable, writeArtifact } from './common.mjs';

const pct = (share) => (share === null || share === undefined ? '–' : `${(share * 100).toFixed(1)}%`);
const per = (value, digits = 3) => fmt(value, digits);

function topLine(f) {
  const name = f.name.length > 70 ? `${f.name.slice(0, 67)}...` : f.name;
  return `${name} [${f.category}] ${pct(f.share)}`;
}

/** Print the summary table of all backends, then each backend's details, as Markdown. */
export function printTables(results) {
  const call = (r, key) => (r.webgpu ? per(r.webgpu.callsPerStep[key] ?? 0) : '–');
  const rows = [
    ['steps/s (median of reps)', (r) => per(r.stepsPerSec)],
    ['timed steps (reps x steps)', (r) => `${r.timedSteps} (${r.repStepsPerSec.length} x ${r.steps})`],
    ['renderer CPU s/step', (r) => per(r.processes?.rendererSecondsPerStep)],
    ['GPU-process CPU s/step', (r) => per(r.processes?.gpuSecondsPerStep)],
    ['browser-process CPU s/step', (r) => per(r.processes?.browserSecondsPerStep)],
    ['cores busy: renderer / GPU process / whole machine', (r) => (r.processes ? `${per(r.processes.rendererCores, 2)} / ${per(r.processes.gpuCores, 2)} / ${per(r.processes.machineBusyCores, 2)}` : '–')],
    ['main thread: idle share', (r) => pct(r.mainThread?.idleShare)],
    ['main thread: busy s/step', (r) => per(r.mainThread?.busySecondsPerStep)],
    ['main thread: wasm / JS glue+lib / (program) / GC', (r) => {
      const c = r.mainThread?.categories;
      if (!c) return '–';
      const s = (...names) => pct(names.reduce((a, n) => a + (c[n]?.share ?? 0), 0));
      return `${s('wasm', 'tfjs wasm')} / ${s('rethink JS glue', 'tfjs JS', 'bench page JS', 'other JS', 'other (no url: native/builtins)')} / ${s('(program)')} / ${s('(garbage collector)')}`;
    }],
    ['submits/step', (r) => call(r, 'Queue.submit')],
    ['command buffers/step', (r) => (r.webgpu ? per(r.webgpu.commandBuffersPerStep) : '–')],
    ['dispatches/step (kernel launches)', (r) => call(r, 'ComputePassEncoder.dispatchWorkgroups')],
    ['compute passes/step', (r) => call(r, 'CommandEncoder.beginComputePass')],
    ['bind groups created/step', (r) => call(r, 'Device.createBindGroup')],
    ['buffers created/step (MB)', (r) => (r.webgpu ? `${call(r, 'Device.createBuffer')} (${per(r.webgpu.createBufferBytesPerStep / 1e6)})` : '–')],
    ['writeBuffer/step (MB)', (r) => (r.webgpu ? `${call(r, 'Queue.writeBuffer')} (${per(r.webgpu.writeBufferBytesPerStep / 1e6)})` : '–')],
    ['copyBufferToBuffer/step', (r) => call(r, 'CommandEncoder.copyBufferToBuffer')],
    ['mapAsync/step', (r) => call(r, 'Buffer.mapAsync')],
    ['distinct kernels in the timed blocks', (r) => (r.webgpu ? r.webgpu.distinctKernelsPerStep : '–')],
    ['pipelines created/step', (r) => (r.webgpu ? per((r.webgpu.callsPerStep['Device.createComputePipeline'] ?? 0) + (r.webgpu.callsPerStep['Device.createComputePipelineAsync'] ?? 0)) : '–')],
    ['workgroups/step', (r) => (r.webgpu ? per(r.webgpu.workgroupsPerStep) : '–')],
    ['invocations/step (M; dispatches of unknown size)', (r) => (r.webgpu ? `${per(r.webgpu.invocationsPerStep / 1e6)} (${per(r.webgpu.dispatchesUnknownSizePerStep)})` : '–')],
    ['main thread in WebGPU calls, ms/step', (r) => (r.webgpu ? per(r.webgpu.apiMsPerStep) : '–')],
    ['GPU-process CPU µs per dispatch', (r) => (r.webgpu ? per(r.webgpu.gpuProcessMicrosPerDispatch) : '–')],
    ['kernel-timed run: steps/s (one pass per dispatch)', (r) => (r.kernelRun ? per(r.kernelRun.stepsPerSec) : '–')],
    ['kernel-timed run: GPU kernel time ms/step (sum of timestamps)', (r) => (r.kernelRun?.kernelTiming ? `${per(r.kernelRun.kernelTiming.kernelMsPerStep)} of ${per(r.kernelRun.kernelTiming.stepMs)}` : '–')],
    ['kernel-timed run: GPU ms/step by kind', (r) => (r.kernelRun?.kernelTiming ? Object.entries(r.kernelRun.kernelTiming.msPerStepByKind).sort((a, b) => b[1] - a[1]).map(([k, v]) => `${k} ${per(v)}`).join(', ') : '–')],
    ...[0, 1, 2].map((i) => [`kernel-timed run: kernel ${i + 1} by GPU time`, (r) => {
      const k = r.kernelRun?.kernelTiming ? r.kernelRun.kernels[i] : null;
      return k ? `${k.kind || '?'} (${(k.label || k.entryPoint || `#${k.id}`).slice(0, 24)}): ${per(k.gpuMsPerStep)} ms/step (${pct(k.gpuShare)}), ${per(k.dispatchesPerStep)}x` : '–';
    }]),
    ...[0, 1, 2, 3, 4].map((i) => [`top ${i + 1} self time`, (r) => (r.mainThread?.top[i] ? topLine(r.mainThread.top[i]) : '–')]),
  ];
  console.log('\n## Summary (per training step, timed blocks only)\n');
  console.log(markdownTable(['', ...results.map((r) => `${r.backend}${r.status === 'ok' ? '' : ` (${r.status})`}`)], rows.map(([label, get]) => [label, ...results.map(get)])));
  for (const r of results) {
    console.log(`\n## ${r.backend} (${r.model}, ${r.asset}; ${r.status}${r.error ? `: ${r.error}` : ''})\n`);
    if (r.info) console.log(`setup: ${[r.info.library, r.info.device, r.info.adapter && `adapter ${r.info.adapter}`, r.info.threads !== undefined && `${r.info.threads} wasm threads`].filter(Boolean).join(', ')}`);
    if (r.window) {
      console.log(`timed window (in-page, 'warmup' to last rep): ${fmt(r.window.seconds)} s (the reps' own clocks: ${fmt(r.timedSeconds)} s); page clock mapped with a ${fmt(r.window.clockRttMicros / 1000)} ms round trip; profile start - Profiler.start sent: ${fmt(r.window.profileStartMinusSentMicros / 1000)} ms`);
    } else console.log(`timed window: ${r.windowError}`);
    if (r.processes) {
      const procs = r.processes.perProcess.filter((p) => p.seconds > 0.005).map((p) => `${p.type} ${p.id}${p.new ? ' (new)' : ''}: ${fmt(p.seconds)} s`);
      console.log(`processes over ${fmt(r.processes.windowSeconds)} s of timed blocks (${r.processes.polls} polls, slowest ${fmt(r.processes.slowestPollMs)} ms): ${procs.join(', ')}`);
    } else console.log(`processes: not measured (${r.processesError})`);
    if (r.mainThread) {
      const m = r.mainThread;
      console.log(`\nmain thread: ${fmt(m.sampledSeconds)} s sampled of a ${fmt(m.windowSeconds)} s window${m.profileCoversWindow ? '' : ' (THE PROFILE DOES NOT COVER THE WHOLE WINDOW)'}, ${m.samples} samples (~${fmt(m.intervalMicros)} µs apart)\n`);
      console.log(markdownTable(['category (self time)', 'seconds', 'share', 's/step'], Object.entries(m.categories).map(([k, v]) => [k, fmt(v.seconds), pct(v.share), fmt(v.seconds / r.timedSteps)])));
      console.log('');
      console.log(markdownTable(['#', 'function (self time)', 'file', 'category', 'share', 'ms/step'], m.top.map((f, i) => [i + 1, f.name.length > 90 ? `${f.name.slice(0, 87)}...` : f.name, f.file, f.category, pct(f.share), fmt((f.seconds * 1000) / r.timedSteps)])));
    } else console.log('main thread profile: not measured');
    if (r.webgpu) {
      const keys = Object.keys(r.webgpu.callsPerStep).filter((k) => r.webgpu.callsPerStep[k] > 0);
      if (keys.length) {
        console.log('');
        console.log(markdownTable(['WebGPU call', 'calls/step', 'main-thread ms/step'], keys.map((k) => [k, fmt(r.webgpu.callsPerStep[k]), fmt(r.webgpu.msPerStep[k])])));
        const made = r.webgpu.createdInWindow.map((p) => `#${p.id} ${p.label} (${p.kind || '?'}, ${p.codeChars} WGSL chars)`);
        console.log(`\nkernels (compute pipelines) used in the timed blocks: ${r.webgpu.distinctKernelsPerStep} of ${r.webgpu.pipelinesTotal} created${made.length ? `; created inside the timed blocks: ${made.join(', ')}` : ''}; top 10 by invocations:\n`);
        console.log(markdownTable(['pipeline', 'label / entry point', 'kind', 'workgroup size', 'dispatches/step', 'workgroups/step', 'invocations/step', 'WGSL chars'],
          r.webgpu.kernels.slice(0, 10).map((k) => [k.id, `${k.label || '–'} / ${k.entryPoint ?? '–'}`.slice(0, 60), k.kind || '–', k.workgroupSize ?? '?', fmt(k.dispatchesPerStep), fmt(k.workgroupsPerStep), fmt(k.invocationsPerStep), k.codeChars])));
      } else console.log('\nno WebGPU calls in the timed blocks');
      const kr = r.kernelRun;
      if (kr?.kernelTiming) {
        const kt = kr.kernelTiming;
        console.log(`\nGPU time per kernel (second run, every dispatch in its own timestamped pass: ${fmt(kr.stepsPerSec)} steps/s, GPU process ${fmt(kr.gpuSecondsPerStep)} CPU s/step): kernels ${fmt(kt.kernelMsPerStep)} ms of a ${fmt(kt.stepMs)} ms step; ${kt.untimedDispatches} untimed dispatches${kt.errors.length ? `; errors: ${kt.errors.join(' | ')}` : ''}\n`);
        console.log(markdownTable(['pipeline', 'label / entry point', 'kind', 'wg size', 'dispatches/step', 'GPU ms/step', 'share', 'ms/dispatch', 'invocations/step', 'ns/invocation'],
          kr.kernels.slice(0, 12).map((k) => [k.id, `${k.label || '–'} / ${k.entryPoint ?? '–'}`.slice(0, 70), k.kind || '–', k.workgroupSize ?? '?', fmt(k.dispatchesPerStep), fmt(k.gpuMsPerStep), pct(k.gpuShare), fmt(k.gpuMsPerDispatch), fmt(k.invocationsPerStep), fmt(k.nsPerInvocation)])));
      } else if (kr) console.log(`\nGPU time per kernel: not measured (${kr.error})`);
    } else console.log(`WebGPU counters: not measured (${r.webgpuError})`);
    if (r.logs.length) console.log(`\npage warnings/errors: ${r.logs.slice(0, 5).join(' | ')}`);
  }
  console.log('');
}

/** Write a main-thread profile as profile-<backend>.cpuprofile beside `out`; returns its path relative to the repository. */
export async function writeCpuProfile(out, backend, profile) {
  const file = path.join(path.dirname(path.resolve(out)), `profile-${backend}.cpuprofile`);
  await writeFile(file, JSON.stringify(profile));
  return path.relative(ROOT, file);
}

/** Write the JSON artifact (date, machine, options, results) to `out` and say where. */
export async function writeReport(out, data) {
  const file = await writeArtifact(path.resolve(out), { date: new Date().toISOString(), ...data });
  console.log(`wrote ${path.relative(ROOT, file)}`);
}
