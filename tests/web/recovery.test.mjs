// Unit tests of the page's failure handling (pure, runs in Node): the plan after a lost WebGPU
// device (www/worker/recovery.js), which 'fatal' counts as a lost device (www/worker/backend.js), and the
// readable crash messages (www/worker/crash.js).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { webGpuFailedToStart, webGpuLostMidRun } from '../../www/worker/backend.js';
import { runFailure } from '../../www/worker/crash.js';
import { cleanMessage, describeCrash } from '../../www/worker/crash.js';
import { latestOnly, planResume } from '../../www/worker/recovery.js';

const history = [0, 1, 2].map((epoch) => ({ epoch, step: epoch * 16, trainError: 0.9 - epoch / 10 }));

test('a lost device with a checkpoint resumes from it, keeping the history up to it', () => {
  const params = new Float32Array([1, 2, 3]);
  const plan = planResume({ history, checkpoint: { step: 32, epoch: 2, params }, reason: 'Device was destroyed.' });
  assert.deepEqual(plan.history, history);
  assert.deepEqual(plan.resume, { step: 32, params });
  assert.equal(plan.text, 'The WebGPU device was lost (Device was destroyed); continuing on the CPU from epoch 2.');
});

test('evaluations after the checkpoint are dropped, so the resumed run appends without a duplicate', () => {
  const plan = planResume({ history, checkpoint: { step: 16, epoch: 1, params: new Float32Array(1) }, reason: 'x' });
  assert.deepEqual(plan.history.map((m) => m.epoch), [0, 1]);
  assert.match(plan.text, /from epoch 1\.$/);
});

test('without a checkpoint the run starts again on the CPU from epoch 0, and says so', () => {
  for (const checkpoint of [null, undefined, { step: 0, epoch: 0 }]) {
    const plan = planResume({ history, checkpoint, reason: '' });
    assert.deepEqual(plan.history, []);
    assert.equal(plan.resume, null);
    assert.equal(plan.text, 'The WebGPU device was lost (no reason given) before the first checkpoint; starting again on the CPU from epoch 0.');
  }
});

test('only a WebGPU run failing while it trains counts as a lost device', () => {
  assert.equal(webGpuLostMidRun({ backend: 'webgpu', phase: 'train' }), true);
  assert.equal(webGpuLostMidRun({ backend: 'cpu', phase: 'train' }), false);
  assert.equal(webGpuLostMidRun({ backend: 'webgpu', phase: 'create' }), false);
  assert.equal(webGpuLostMidRun({ backend: 'webgpu', phase: 'stale' }), false);
  assert.equal(webGpuFailedToStart({ backend: 'webgpu', phase: 'create' }), true);
});

test('latestOnly renders once per burst, with the last value', () => {
  const queue = [];
  const rendered = [];
  const view = latestOnly((value) => rendered.push(value), (fn) => queue.push(fn));
  for (const step of [5, 10, 15]) view.push({ step });
  assert.equal(queue.length, 1, 'one render scheduled for the burst');
  queue.shift()();
  assert.deepEqual(rendered, [{ step: 15 }]);
  view.push({ step: 20 });
  queue.shift()();
  assert.deepEqual(rendered, [{ step: 15 }, { step: 20 }]);
});

test('crash messages: one readable line, no stack, backtrace or repeated cause', () => {
  const wgpu = 'the compute device failed: An error happened during execution\nCaused by:\n  An error happened during execution\n' +
    'Caused by:\n  the staging buffer could not be mapped: Error occurred when trying to async map a buffer\nBacktrace:\nNo backtrace available';
  assert.equal(cleanMessage(wgpu), 'the compute device failed: An error happened during execution; the staging buffer could not be mapped: Error occurred when trying to async map a buffer');
  const js = 'Unable to request a wgpu device: JsValue(Error: test: requestDevice rejected\nError: test: requestDevice rejected\n' +
    '    at GPUAdapter.requestDevice (http://127.0.0.1:1/worker.js:1:59)\n    at x (wasm://wasm/rethink.wasm:wasm-function[1]:0x2))';
  assert.equal(cleanMessage(js), 'Unable to request a wgpu device: Error: test: requestDevice rejected');
  assert.equal(cleanMessage('x'.repeat(500)).length, 300);
  assert.equal(cleanMessage(undefined), '');
});

test('a trapped Rust panic is reported with the message its hook logged', () => {
  const trap = new WebAssembly.RuntimeError('unreachable');
  const panic = 'panicked at src/web.rs:39:5:\npanicForTesting: a deliberate panic\n\nStack:\n\nError\n    at x (y.js:1:1)\n\n';
  assert.equal(describeCrash(trap, 'unreachable', panic), 'the WebAssembly module crashed (Rust panic: src/web.rs:39:5: panicForTesting: a deliberate panic)');
  assert.equal(describeCrash(trap, 'unreachable', null), 'the WebAssembly module crashed (Rust panic: unreachable)');
  assert.equal(describeCrash(new Error('test crash'), 'test crash', panic), 'test crash');
});

test('a typed Rust failure is the run\'s own (an error, the worker stays) unless the device or backend failed', () => {
  const typed = (kind, message, data = {}) => Object.assign(new Error(message), { kind }, data);
  const diverged = typed('diverged', 'training diverged at step 48: the loss is inf; try a lower learning rate', { step: 48, loss: Infinity });
  assert.deepEqual(runFailure(diverged), { kind: 'diverged', message: diverged.message, step: 48, loss: Infinity });
  assert.deepEqual(runFailure(typed('config', 'invalid experiment config: unknown setting "x"')), { kind: 'config', message: 'invalid experiment config: unknown setting "x"' });
  assert.equal(runFailure(typed('device', 'the compute device failed: lost')), null, 'a failing device is fatal');
  assert.equal(runFailure(typed('backend', 'WebGPU could not be initialised')), null, 'so is a backend that cannot start');
  assert.equal(runFailure(new WebAssembly.RuntimeError('unreachable')), null, 'a trapped panic is a crash');
  assert.equal(runFailure('some string'), null);
});
