// The init script of profile.mjs (issue 5, benchmark 4), run in the bench page before its scripts:
// counts the WebGPU calls, workgroups and invocations the page makes, snapshots the counters at
// each progress event and, with --kernel-times, timestamps every kernel. Playwright serializes
// instrumentWebGpu into the page (page.addInitScript), so it must stay self-contained: no
// imports or module-level names inside it.

// In the page, before its scripts: wrap the WebGPU API and snapshot the counters at each progress
// event (window.benchReport, which Playwright's exposeFunction assigns: a setter catches it).
/** Init script: wrap the WebGPU API in the page (window.__profileGpu); { kernelTimes } times each kernel. */
export function instrumentWebGpu({ kernelTimes = false } = {}) {
  const stats = { perPipeline: {}, calls: {}, ms: {}, workgroups: 0, invocations: 0, dispatchesUnknownSize: 0, writeBufferBytes: 0, createBufferBytes: 0, commandBuffers: 0 };
  const snapshots = [];
  const originals = {};
  window.__profileGpu = { stats, snapshots, wrapped: [], kernelTimes: [], kernelErrors: [], pendingReads: 0, untimedDispatches: 0, kernelTiming: false };
  const now = () => performance.now();
  const moduleSizes = new WeakMap(); // GPUShaderModule -> { code, sizes: Map(entryPoint -> invocations per workgroup) }
  const pipelineSize = new WeakMap(); // GPUComputePipeline -> invocations per workgroup (or null)
  const passPipeline = new WeakMap(); // GPUComputePassEncoder -> its current pipeline

  // Workgroup size of each entry point in a WGSL module: numeric literals, or names of
  // const / override declarations (overrides may be set at pipeline creation).
  function parseSizes(code) {
    const sizes = new Map();
    const re = /@workgroup_size\s*\(([^)]*)\)[\s\S]*?fn\s+([A-Za-z_][A-Za-z0-9_]*)/g;
    for (let m; (m = re.exec(code));) sizes.set(m[2], m[1].split(',').map((s) => s.trim()).filter(Boolean));
    return { code, sizes };
  }
  function resolveSize(info, entryPoint, constants) {
    if (!info) return null;
    const dims = entryPoint ? info.sizes.get(entryPoint) : info.sizes.size === 1 ? [...info.sizes.values()][0] : null;
    if (!dims) return null;
    let total = 1;
    for (const dim of dims) {
      let value = Number.parseInt(dim, 10);
      if (!/^\d+[ui]?$/.test(dim)) {
        if (constants && Object.hasOwn(constants, dim)) value = Number(constants[dim]);
        else {
          const decl = new RegExp(`(?:const|override)\\s+${dim}\\s*(?::\\s*\\w+)?\\s*=\\s*(\\d+)`).exec(info.code);
          value = decl ? Number.parseInt(decl[1], 10) : Number.NaN;
        }
      }
      if (!Number.isFinite(value)) return null;
      total *= value;
    }
    return total;
  }
  const pipelineId = new WeakMap(); // GPUComputePipeline -> id in window.__profileGpu.pipelines
  const pipelines = [];
  window.__profileGpu.pipelines = pipelines;
  function pipelineFrom(pipeline, descriptor) {
    if (pipeline && descriptor?.compute) {
      const { module, entryPoint, constants } = descriptor.compute;
      const info = moduleSizes.get(module);
      const size = resolveSize(info, entryPoint, constants);
      pipelineSize.set(pipeline, size);
      pipelineId.set(pipeline, pipelines.length);
      pipelines.push({ id: pipelines.length, phase: snapshots.length, label: descriptor.label ?? pipeline.label ?? '', entryPoint: entryPoint ?? null, workgroupSize: size, code: info?.code ?? '' });
    }
  }

  function wrap(className, method, after) {
    const proto = globalThis[className]?.prototype;
    if (!proto || typeof proto[method] !== 'function') return;
    const original = proto[method];
    const key = `${className.replace(/^GPU/, '')}.${method}`;
    originals[key] = original;
    stats.calls[key] = 0;
    stats.ms[key] = 0;
    window.__profileGpu.wrapped.push(key);
    proto[method] = function wrapped(...args) {
      const start = now();
      const result = original.apply(this, args);
      stats.ms[key] += now() - start;
      stats.calls[key] += 1;
      if (after) after.call(this, result, args);
      return result;
    };
  }
  wrap('GPUQueue', 'submit', (_, [buffers]) => { stats.commandBuffers += buffers?.length ?? 0; });
  wrap('GPUQueue', 'writeBuffer', (_, [, , data, dataOffset = 0, size]) => {
    const unit = data?.BYTES_PER_ELEMENT ?? 1;
    stats.writeBufferBytes += size !== undefined ? size * unit : (data?.byteLength ?? 0) - dataOffset * unit;
  });
  wrap('GPUQueue', 'onSubmittedWorkDone');
  wrap('GPUDevice', 'createBuffer', (_, [descriptor]) => { stats.createBufferBytes += descriptor?.size ?? 0; });
  wrap('GPUDevice', 'createBindGroup');
  wrap('GPUDevice', 'createBindGroupLayout');
  wrap('GPUDevice', 'createPipelineLayout');
  wrap('GPUDevice', 'createShaderModule', (module, [descriptor]) => { if (module) moduleSizes.set(module, parseSizes(String(descriptor?.code ?? ''))); });
  wrap('GPUDevice', 'createComputePipeline', (pipeline, [descriptor]) => pipelineFrom(pipeline, descriptor));
  wrap('GPUDevice', 'createComputePipelineAsync', (promise, [descriptor]) => promise?.then?.((pipeline) => pipelineFrom(pipeline, descriptor), () => {}));
  wrap('GPUDevice', 'createCommandEncoder');
  wrap('GPUCommandEncoder', 'beginComputePass');
  wrap('GPUCommandEncoder', 'copyBufferToBuffer');
  wrap('GPUCommandEncoder', 'clearBuffer');
  wrap('GPUCommandEncoder', 'finish');
  wrap('GPUComputePassEncoder', 'setPipeline', function setPipeline(_, [pipeline]) { passPipeline.set(this, pipeline); });
  wrap('GPUComputePassEncoder', 'setBindGroup');
  const recordDispatch = (pipeline, x = 1, y = 1, z = 1) => {
    const groups = x * y * z;
    stats.workgroups += groups;
    const size = pipelineSize.get(pipeline);
    if (size) stats.invocations += groups * size;
    else stats.dispatchesUnknownSize += 1;
    const id = pipelineId.get(pipeline) ?? 'unknown';
    const entry = stats.perPipeline[id] ?? (stats.perPipeline[id] = { dispatches: 0, workgroups: 0 });
    entry.dispatches += 1;
    entry.workgroups += groups;
  };
  wrap('GPUComputePassEncoder', 'dispatchWorkgroups', function dispatched(_, args) { recordDispatch(passPipeline.get(this), ...args); });
  wrap('GPUComputePassEncoder', 'dispatchWorkgroupsIndirect', function indirect() { stats.dispatchesUnknownSize += 1; });
  wrap('GPUComputePassEncoder', 'end');
  wrap('GPUBuffer', 'mapAsync');
  wrap('GPUBuffer', 'getMappedRange');
  wrap('GPUBuffer', 'unmap');
  wrap('GPUBuffer', 'destroy');

  if (kernelTimes) instrumentKernelTimes();

  // Per-kernel GPU time (--kernel-times): each compute pass the library begins is virtual; every
  // dispatch in it runs in a real pass of its own with timestampWrites, so SwiftShader's
  // timestamps bracket each kernel. Changes the command stream (one pass per dispatch, extra query
  // resolves and readbacks), hence a separate run. The library's calls are still counted as above.
  function instrumentKernelTimes() {
    const P = window.__profileGpu;
    const MAX = 256; // timed dispatches per command encoder
    const encoderDevice = new WeakMap();
    const timers = new WeakMap(); // GPUCommandEncoder -> { querySet, resolve, read, records }
    const bufferTimers = new WeakMap(); // GPUCommandBuffer -> timer
    const count = (key, start) => { stats.calls[key] += 1; stats.ms[key] += now() - start; };
    const raw = (key) => originals[key];
    const adapterProto = globalThis.GPUAdapter?.prototype;
    if (!adapterProto) return;
    const requestDevice = adapterProto.requestDevice;
    adapterProto.requestDevice = function requestDeviceWithTimestamps(descriptor = {}) {
      if (!this.features.has('timestamp-query')) return requestDevice.call(this, descriptor);
      const features = new Set([...(descriptor?.requiredFeatures ?? []), 'timestamp-query']);
      return requestDevice.call(this, { ...descriptor, requiredFeatures: [...features] });
    };
    const createEncoder = GPUDevice.prototype.createCommandEncoder;
    GPUDevice.prototype.createCommandEncoder = function createCommandEncoder(...args) {
      const encoder = createEncoder.apply(this, args);
      encoderDevice.set(encoder, this);
      return encoder;
    };
    function timerFor(encoder) {
      let timer = timers.get(encoder);
      if (!timer) {
        const device = encoderDevice.get(encoder);
        const createBuffer = raw('Device.createBuffer');
        timer = {
          querySet: device.createQuerySet({ type: 'timestamp', count: 2 * MAX }),
          resolve: createBuffer.call(device, { size: 16 * MAX, usage: GPUBufferUsage.QUERY_RESOLVE | GPUBufferUsage.COPY_SRC }),
          read: createBuffer.call(device, { size: 16 * MAX, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST }),
          records: [],
        };
        timers.set(encoder, timer);
      }
      return timer;
    }
    class VirtualComputePass {
      constructor(encoder, descriptor) {
        this.encoder = encoder;
        this.label = descriptor?.label ?? '';
        this.pipeline = null;
        this.bindGroups = [];
      }
      setPipeline(pipeline) {
        const start = now();
        this.pipeline = pipeline;
        count('ComputePassEncoder.setPipeline', start);
      }
      setBindGroup(index, group, offsets, offsetsStart, offsetsLength) {
        const start = now();
        let dynamic = offsets;
        if (ArrayBuffer.isView(offsets)) dynamic = Array.from(offsetsStart === undefined ? offsets : offsets.subarray(offsetsStart, offsetsStart + offsetsLength));
        this.bindGroups[index] = dynamic === undefined ? [index, group] : [index, group, dynamic];
        count('ComputePassEncoder.setBindGroup', start);
      }
      run(dispatch) {
        const timer = timerFor(this.encoder);
        const slot = timer.records.length < MAX ? timer.records.length : null;
        const descriptor = slot === null ? {} : { timestampWrites: { querySet: timer.querySet, beginningOfPassWriteIndex: 2 * slot, endOfPassWriteIndex: 2 * slot + 1 } };
        const pass = raw('CommandEncoder.beginComputePass').call(this.encoder, descriptor);
        if (this.pipeline) raw('ComputePassEncoder.setPipeline').call(pass, this.pipeline);
        for (const args of this.bindGroups) if (args) raw('ComputePassEncoder.setBindGroup').apply(pass, args);
        dispatch(pass);
        raw('ComputePassEncoder.end').call(pass);
        if (slot === null) P.untimedDispatches += 1;
        else timer.records.push({ phase: snapshots.length, pipeline: pipelineId.get(this.pipeline) ?? 'unknown' });
      }
      dispatchWorkgroups(x, y = 1, z = 1) {
        const start = now();
        recordDispatch(this.pipeline, x, y, z);
        this.run((pass) => raw('ComputePassEncoder.dispatchWorkgroups').call(pass, x, y, z));
        count('ComputePassEncoder.dispatchWorkgroups', start);
      }
      dispatchWorkgroupsIndirect(buffer, offset) {
        const start = now();
        stats.dispatchesUnknownSize += 1;
        this.run((pass) => raw('ComputePassEncoder.dispatchWorkgroupsIndirect').call(pass, buffer, offset));
        count('ComputePassEncoder.dispatchWorkgroupsIndirect', start);
      }
      end() {
        const start = now();
        count('ComputePassEncoder.end', start);
      }
      pushDebugGroup() {}
      popDebugGroup() {}
      insertDebugMarker() {}
    }
    const begin = GPUCommandEncoder.prototype.beginComputePass;
    GPUCommandEncoder.prototype.beginComputePass = function beginComputePass(descriptor) {
      const device = encoderDevice.get(this);
      if (descriptor?.timestampWrites || !device?.features?.has('timestamp-query')) return begin.call(this, descriptor);
      const start = now();
      const pass = new VirtualComputePass(this, descriptor);
      count('CommandEncoder.beginComputePass', start);
      return pass;
    };
    const finish = GPUCommandEncoder.prototype.finish;
    GPUCommandEncoder.prototype.finish = function finishWithTimestamps(...args) {
      const timer = timers.get(this);
      if (timer && timer.records.length) {
        const n = timer.records.length;
        GPUCommandEncoder.prototype.resolveQuerySet.call(this, timer.querySet, 0, 2 * n, timer.resolve, 0);
        raw('CommandEncoder.copyBufferToBuffer').call(this, timer.resolve, 0, timer.read, 0, 16 * n);
      }
      const buffer = finish.apply(this, args);
      if (timer && timer.records.length) bufferTimers.set(buffer, timer);
      return buffer;
    };
    const submit = GPUQueue.prototype.submit;
    GPUQueue.prototype.submit = function submitWithTimestamps(buffers) {
      const list = Array.from(buffers ?? []);
      const result = submit.call(this, list);
      for (const buffer of list) {
        const timer = bufferTimers.get(buffer);
        if (!timer) continue;
        P.pendingReads += 1;
        raw('Buffer.mapAsync').call(timer.read, GPUMapMode.READ).then(() => {
          const ticks = new BigUint64Array(raw('Buffer.getMappedRange').call(timer.read, 0, 16 * timer.records.length));
          timer.records.forEach((record, i) => P.kernelTimes.push({ ...record, ns: Number(ticks[2 * i + 1] - ticks[2 * i]) }));
          raw('Buffer.unmap').call(timer.read);
        }).catch((error) => P.kernelErrors.push(String(error?.message ?? error))).finally(() => {
          P.pendingReads -= 1;
          raw('Buffer.destroy').call(timer.read);
          raw('Buffer.destroy').call(timer.resolve);
          timer.querySet.destroy();
        });
      }
      return result;
    };
    P.kernelTiming = true;
  }

  let target = typeof window.benchReport === 'function' ? window.benchReport : undefined;
  const reporter = function benchReport(event) {
    snapshots.push({ type: event?.type, rep: event?.rep ?? null, at: now(), stats: JSON.parse(JSON.stringify(stats)) });
    return target(event);
  };
  Object.defineProperty(window, 'benchReport', {
    configurable: true,
    get: () => (target ? reporter : undefined),
    set: (fn) => { target = fn; },
  });
}
