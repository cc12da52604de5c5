// Unit tests of www/worker/protocol.js: the request builders and the WorkerClient, with a stand-in Worker.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { WorkerClient, fitRequest, resumeRequest, trainRequest } from '../../www/worker/protocol.js';

class FakeWorker extends EventTarget {
  static made = [];
  constructor(url, options) {
    super();
    Object.assign(this, { url, options, posted: [], terminated: false });
    FakeWorker.made.push(this);
  }
  postMessage(message) {
    this.posted.push(message);
  }
  terminate() {
    this.terminated = true;
  }
  reply(data) {
    this.dispatchEvent(Object.assign(new Event('message'), { data }));
  }
}
globalThis.Worker = FakeWorker;

test('each request is named for what it asks, and carries only its own options', () => {
  const config = { model: 'mlp' };
  assert.deepEqual(trainRequest({ config, backend: 'auto', assetUrl: 'a', play: true }),
    { type: 'start', config, backend: 'auto', assetUrl: 'a', play: true, checkpoints: true });
  const checkpoint = { step: 40, params: new Float32Array(2) };
  assert.deepEqual(resumeRequest({ config, assetUrl: 'a', checkpoint }),
    { type: 'start', config, backend: 'cpu', assetUrl: 'a', play: false, resume: checkpoint });
  const stopWhen = { trainError: 0.01, maxEpochs: 9 };
  assert.deepEqual(fitRequest({ config, backend: 'cpu', assetUrl: 'a', stopWhen, chunksPerEpoch: 8 }),
    { type: 'start', config, backend: 'cpu', assetUrl: 'a', play: true, samples: false, stopWhen, chunksPerEpoch: 8 });
});

test('a client spawns one worker, numbers runs, and hears only the current run', () => {
  FakeWorker.made = [];
  const heard = [];
  const failures = [];
  const client = new WorkerClient('training', { onMessage: (m) => heard.push(m), onFailure: (t) => failures.push(t) });
  assert.equal(client.runId, 0);
  assert.equal(client.begin(trainRequest({ config: {}, backend: 'cpu', assetUrl: 'a' })), 1);
  assert.equal(client.begin(trainRequest({ config: {}, backend: 'cpu', assetUrl: 'a' })), 2);
  const [worker] = FakeWorker.made;
  assert.equal(FakeWorker.made.length, 1, 'one worker for both runs');
  assert.deepEqual(worker.posted.map((m) => m.runId), [1, 2]);
  worker.reply({ type: 'epoch', runId: 1 });
  worker.reply({ type: 'epoch', runId: 2 });
  assert.deepEqual(heard, [{ type: 'epoch', runId: 2 }], 'the older run is not heard');
  client.setPlaying(true);
  assert.deepEqual(worker.posted.at(-1), { type: 'play', runId: 2 });
  client.drop();
  assert.equal(worker.terminated, true);
  client.begin(trainRequest({ config: {}, backend: 'cpu', assetUrl: 'a' }));
  assert.equal(FakeWorker.made.length, 2, 'a dropped worker is replaced on the next run');
  FakeWorker.made[1].dispatchEvent(Object.assign(new Event('error', { cancelable: true }), { message: 'no module' }));
  assert.deepEqual(failures, ['the training worker failed (no module)']);
  assert.equal(FakeWorker.made[1].terminated, true, 'a failed worker is dropped');
});
