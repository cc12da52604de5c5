// Which backend a run uses: the user's choice, with 'auto' resolved from the WebGPU adapter.

/** Adapter names of software WebGPU implementations, slower here than the CPU path. */
const SOFTWARE_ADAPTER = /swiftshader|llvmpipe|lavapipe|software|basic render/i;

/** Resolve the requested backend: 'auto' -> WebGPU only on a hardware adapter (software adapters are slower than the CPU path); returns { backend, adapter, note }. */
export async function resolveBackend(requested) {
  if (requested === 'cpu') return { backend: 'cpu', adapter: null, note: null };
  const why = requested === 'auto' ? 'so Auto chose the CPU' : 'so the CPU is used instead';
  if (!self.navigator.gpu) return { backend: 'cpu', adapter: null, note: `This browser has no WebGPU, ${why}.` };
  let adapter = null;
  try {
    adapter = await self.navigator.gpu.requestAdapter();
  } catch (error) {
    return { backend: 'cpu', adapter: null, note: `Requesting a WebGPU adapter failed (${error?.message ?? String(error)}), ${why}.` };
  }
  if (!adapter) return { backend: 'cpu', adapter: null, note: `This browser offers no WebGPU adapter, ${why}.` };
  const info = adapter.info ?? {};
  const description = [info.vendor, info.architecture, info.description].filter(Boolean).join(' ') || 'unknown adapter';
  const software =
    info.isFallbackAdapter === true ||
    adapter.isFallbackAdapter === true ||
    SOFTWARE_ADAPTER.test([info.vendor, info.architecture, info.description, info.device].join(' '));
  if (software && requested === 'auto') {
    // No figures here: speeds depend on the machine and the build; the page shows the steps/s it measures.
    const note = `WebGPU here is a software adapter (${description}): it emulates the GPU on the processor and trains many times slower than the CPU path, ${why}.`;
    return { backend: 'cpu', adapter: description, note };
  }
  const note = software ? `WebGPU here is a software adapter (${description}): it emulates the GPU on the processor, so training is many times slower than on the CPU path.` : null;
  return { backend: 'webgpu', adapter: description, note };
}

/**
 * Whether a worker's 'fatal' ({ backend, phase }) is WebGPU failing to start (building the model
 * or its first forward pass), which a fresh worker on the CPU can recover from.
 */
export function webGpuFailedToStart({ backend, phase }) {
  return backend === 'webgpu' && (phase === 'create' || phase === 'evaluate');
}

/**
 * Whether a worker's 'fatal' ({ backend, phase }) ends a WebGPU run that was training: a lost
 * device may surface as a wgpu panic rather than as `device.lost`, so the page treats it as a lost
 * device and continues on the CPU. (A diverging loss is the run's own failure: an 'error', never 'fatal'.)
 */
export function webGpuLostMidRun({ backend, phase }) {
  return backend === 'webgpu' && phase === 'train';
}

/**
 * Keep every GPUDevice that `GPUAdapter.prototype.requestDevice` returns (wgpu hides them from JS)
 * and call `onLost(info)` ({ reason, message }) when one is lost. Installed once per worker, before
 * any run. Test handle: `self.rethinkGpuDevices`, the devices so far (a test may destroy() them).
 */
export function trackGpuDevices(onLost) {
  const proto = self.GPUAdapter?.prototype;
  if (!proto || typeof proto.requestDevice !== 'function' || self.rethinkGpuDevices) return;
  const devices = [];
  const original = proto.requestDevice;
  proto.requestDevice = async function requestDevice(...args) {
    const device = await original.apply(this, args);
    devices.push(device);
    device.lost?.then((info) => onLost({ reason: info?.reason ?? 'unknown', message: info?.message ?? '' }));
    return device;
  };
  self.rethinkGpuDevices = devices;
}
