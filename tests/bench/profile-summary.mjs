// The figures of profile.mjs from one cell's raw run: status and steps/s, the timed window on the
// monotonic clock, process CPU, the main-thread profile and the WebGPU calls and kernels per step.
import { fmt, median } from './common.mjs';
import { analyzeProfile, processWindow } from './profile-cpu.mjs';

/** What a kernel does, guessed from its label (rethink: CubeCL kernel names) or WGSL (TensorFlow.js). */
function kernelKind(label, code) {
  // cubek's CpuGemm routine (rethink on a software adapter) is named cpu_gemm_kernel_*.
  if (/matmul|cpu_gemm/i.test(label) || /mm_readA|mm_Asub/.test(code)) return 'matmul';
  if (/elemwise_fuse/.test(label)) return 'fused elementwise';
  if (/reduce/i.test(label) || /BestValues|reduceSize/.test(code)) return 'reduce';
  if (/var<workgroup>\s+tile\s*:\s*array<array<f32,\s*17>,\s*16>/.test(code)) return 'transpose';
  if (/binop|cmp|mask|cast|unary/i.test(label)) return 'elementwise';
  return '';
}

/** One cell's result (as written to profile.json) from what runCell returned. */
export function summarize(cell, raw) {
  const { events, outcome, logs, profile, gpu } = raw;
  const setup = events.find((e) => e.type === 'setup') ?? null;
  const reps = events.filter((e) => e.type === 'rep');
  const failure = events.find((e) => e.type === 'error');
  let status = 'ok';
  let error = null;
  if (failure) [status, error] = [reps.length ? 'partial' : 'failed', `${failure.stage}: ${failure.message}`];
  else if (outcome !== 'done') [status, error] = [reps.length ? 'partial' : 'failed', `${outcome} after ${reps.length} of ${cell.reps} reps`];
  const steps = reps.reduce((n, e) => n + e.steps, 0);
  const timedSeconds = reps.reduce((s, e) => s + e.seconds, 0);
  const perStep = (x) => (steps > 0 && x !== null && x !== undefined ? x / steps : null);
  const result = {
    ...cell, status, error, logs: logs.slice(0, 20),
    info: setup ? (({ type, at, ...rest }) => rest)(setup) : null,
    timedSteps: steps,
    timedSeconds,
    stepsPerSec: median(reps.map((e) => e.stepsPerSec)),
    repStepsPerSec: reps.map((e) => e.stepsPerSec),
  };
  // The timed window: the in-page snapshots at 'warmup' and at the last 'rep', on the monotonic clock.
  const snaps = gpu?.snapshots ?? [];
  const first = snaps.find((s) => s.type === 'warmup');
  const last = snaps.filter((s) => s.type === 'rep').at(-1);
  const clock = [...(raw.clocks ?? [])].filter(Boolean).sort((x, y) => x.rttMicros - y.rttMicros)[0] ?? null;
  let from = null;
  let to = null;
  if (first && last && clock) {
    [from, to] = [first.at * 1000 + clock.offsetMicros, last.at * 1000 + clock.offsetMicros];
    result.window = {
      seconds: (to - from) / 1e6,
      clockRttMicros: clock.rttMicros,
      clockOffsetsMicros: raw.clocks.filter(Boolean).map((c) => Math.round(c.offsetMicros)),
      // V8's profile clock against Node's (both CLOCK_MONOTONIC): profile start minus the time the
      // Profiler.start command was sent; small and positive when the clocks agree.
      profileStartMinusSentMicros: profile && raw.profilerStartSent ? profile.startTime - raw.profilerStartSent : null,
    };
  } else {
    result.window = null;
    result.windowError = `no timed window: in-page snapshots ${snaps.map((x) => x.type).join(',') || 'none'}, clock ${clock ? 'ok' : 'missing'}`;
  }
  // Processes.
  const pw = from !== null ? processWindow(raw.series ?? [], from, to) : null;
  if (pw && pw.coversWindow) {
    const wall = (to - from) / 1e6;
    const find = (type) => Object.entries(pw.byType).filter(([k]) => k.toLowerCase() === type).reduce((acc, [, v]) => acc + v, 0);
    result.processes = {
      windowSeconds: wall,
      polls: raw.series.length,
      // The polls, seconds from the window's start, with each process's cumulative CPU seconds.
      series: raw.series.map((p) => ({ t: Number(((p.t - from) / 1e6).toFixed(4)), cpu: Object.fromEntries(p.proc.map((q) => [`${q.type} ${q.id}`, q.cpuTime])) })),
      slowestPollMs: Math.max(...raw.series.map((p) => p.callMicros)) / 1000,
      cpuSecondsByType: pw.byType,
      perProcess: pw.perProcess,
      rendererCount: pw.perProcess.filter((p) => p.type.toLowerCase() === 'renderer').length,
      gpuCount: pw.perProcess.filter((p) => p.type.toLowerCase() === 'gpu').length,
      rendererSecondsPerStep: perStep(find('renderer')),
      gpuSecondsPerStep: perStep(find('gpu')),
      browserSecondsPerStep: perStep(find('browser')),
      rendererCores: find('renderer') / wall,
      gpuCores: find('gpu') / wall,
      machineBusyCores: pw.machineBusySeconds / wall,
      machineBusySecondsPerStep: perStep(pw.machineBusySeconds),
    };
  } else {
    result.processes = null;
    const ser = raw.series ?? [];
    result.processesError = pw
      ? `the process CPU polls (${ser.length}, from ${ser.length ? fmt((ser[0].t - from) / 1e6) : '–'} s to ${ser.length ? fmt((ser.at(-1).t - to) / 1e6) : '–'} s around the window) do not cover the timed window`
      : result.windowError;
  }
  // Main-thread profile.
  if (profile && from !== null) {
    const summary = analyzeProfile(profile, from, to);
    const seconds = (name) => summary.categories[name]?.seconds ?? 0;
    summary.busySecondsPerStep = perStep(summary.sampledSeconds - seconds('(idle)'));
    summary.idleShare = summary.sampledSeconds > 0 ? seconds('(idle)') / summary.sampledSeconds : null;
    result.mainThread = summary;
  } else {
    result.mainThread = null;
  }
  // WebGPU calls between the in-page snapshots at 'warmup' and at the last 'rep'.
  if (first && last) {
    const diff = (a, b) => b - a;
    const calls = {};
    const ms = {};
    for (const key of Object.keys(last.stats.calls)) {
      calls[key] = perStep(diff(first.stats.calls[key], last.stats.calls[key]));
      ms[key] = perStep(diff(first.stats.ms[key], last.stats.ms[key]));
    }
    const scalar = (name) => perStep(diff(first.stats[name], last.stats[name]));
    const dispatches = calls['ComputePassEncoder.dispatchWorkgroups'] ?? 0;
    const iFirst = snaps.indexOf(first);
    const iLast = snaps.indexOf(last);
    const createdInWindow = gpu.pipelines.filter((p) => p.phase > iFirst && p.phase <= iLast)
      .map((p) => ({ id: p.id, label: p.label, kind: kernelKind(p.label, p.code), codeChars: p.code.length }));
    // Per pipeline (kernel): dispatches and work per step, biggest first; WGSL of the top ones.
    const kernels = Object.entries(last.stats.perPipeline).map(([id, now]) => {
      const before = first.stats.perPipeline[id] ?? { dispatches: 0, workgroups: 0 };
      const info = gpu.pipelines[id] ?? { label: '', entryPoint: null, workgroupSize: null, code: '' };
      const workgroups = perStep(now.workgroups - before.workgroups);
      return {
        id, label: info.label, entryPoint: info.entryPoint, kind: kernelKind(info.label, info.code), workgroupSize: info.workgroupSize, codeChars: info.code.length,
        dispatchesPerStep: perStep(now.dispatches - before.dispatches), workgroupsPerStep: workgroups,
        invocationsPerStep: info.workgroupSize ? workgroups * info.workgroupSize : null, code: info.code,
      };
    }).filter((k) => k.dispatchesPerStep > 0).sort((a, b) => (b.invocationsPerStep ?? 0) - (a.invocationsPerStep ?? 0));
    // Per-kernel GPU time (--kernel-times runs): timestamps of the dispatches made inside the window.
    const timed = (gpu.kernelTimes ?? []).filter((k) => k.phase > iFirst && k.phase <= iLast);
    let kernelTiming = null;
    if (gpu.kernelTiming) {
      for (const k of kernels) {
        const mine = timed.filter((t) => String(t.pipeline) === String(k.id));
        k.timedDispatchesPerStep = perStep(mine.length);
        k.gpuMsPerStep = perStep(mine.reduce((acc, t) => acc + t.ns, 0) / 1e6);
        k.gpuMsPerDispatch = mine.length ? mine.reduce((acc, t) => acc + t.ns, 0) / 1e6 / mine.length : null;
        k.nsPerInvocation = k.invocationsPerStep && k.gpuMsPerStep ? (k.gpuMsPerStep * 1e6) / k.invocationsPerStep : null;
      }
      kernels.sort((a, b) => (b.gpuMsPerStep ?? 0) - (a.gpuMsPerStep ?? 0));
      const total = perStep(timed.reduce((acc, t) => acc + t.ns, 0) / 1e6);
      for (const k of kernels) k.gpuShare = total ? (k.gpuMsPerStep ?? 0) / total : null;
      const byKind = {};
      for (const k of kernels) byKind[k.kind || 'other'] = (byKind[k.kind || 'other'] ?? 0) + (k.gpuMsPerStep ?? 0);
      kernelTiming = {
        msPerStepByKind: byKind,
        timedDispatchesPerStep: perStep(timed.length),
        kernelMsPerStep: total,
        stepMs: result.stepsPerSec ? 1000 / result.stepsPerSec : null,
        untimedDispatches: gpu.untimedDispatches,
        pendingReads: gpu.pendingReads,
        errors: gpu.kernelErrors.slice(0, 5),
      };
    }
    // Keep the WGSL of the top six only (head and tail of long ones: the entry point is at the end).
    kernels.forEach((k, i) => {
      if (i >= 6) delete k.code;
      else if (k.code.length > 24000) k.code = `${k.code.slice(0, 4000)}\n/* ... ${k.code.length - 24000} chars left out ... */\n${k.code.slice(-20000)}`;
    });
    result.webgpu = {
      inPageWindowSeconds: (last.at - first.at) / 1000,
      wrapped: gpu.wrapped,
      callsPerStep: calls,
      msPerStep: ms,
      apiMsPerStep: Object.values(ms).reduce((a, b) => a + (b ?? 0), 0),
      commandBuffersPerStep: scalar('commandBuffers'),
      workgroupsPerStep: scalar('workgroups'),
      invocationsPerStep: scalar('invocations'),
      dispatchesUnknownSizePerStep: scalar('dispatchesUnknownSize'),
      writeBufferBytesPerStep: scalar('writeBufferBytes'),
      createBufferBytesPerStep: scalar('createBufferBytes'),
      kernelTiming,
      createdInWindow,
      distinctKernelsPerStep: kernels.length,
      kernels,
      pipelinesTotal: gpu.pipelines.length,
      gpuProcessMicrosPerDispatch: dispatches > 0 && result.processes ? (result.processes.gpuSecondsPerStep * 1e6) / dispatches : null,
    };
  } else {
    result.webgpu = null;
    result.webgpuError = gpu ? `no in-page snapshots at warmup and last rep (${snaps.map((s) => s.type).join(',') || 'none'})` : 'could not read the in-page counters';
  }
  return result;
}
