// Unit tests of www/run/run-store.js (the current run's record) and of the read-only view over it
// that window.rethinkDebug is (share/api.js's createDebug).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createRunStore } from '../../www/run/run-store.js';
import { createDebug } from '../../www/share/api.js';

test('a new run starts from a fresh record; page fields outlive it', () => {
  const store = createRunStore();
  store.startRun({ runId: 1, config: { model: 'mlp' } });
  store.addEpoch({ epoch: 0, trainError: 0.9 });
  store.update({ backend: 'cpu', stepsPerEpoch: 4, wasmBytes: 1024, offline: 'ready' });
  assert.deepEqual([store.get('runId'), store.get('backend'), store.history().length], [1, 'cpu', 1]);
  store.startRun({ runId: 2, config: { model: 'cnn' } });
  assert.deepEqual([store.get('runId'), store.get('backend'), store.get('stepsPerEpoch'), store.history()], [2, null, null, []]);
  assert.deepEqual([store.get('wasmBytes'), store.get('offline')], [1024, 'ready'], 'the worker memory and the offline copy are the page\'s');
  assert.throws(() => store.update({ histroy: [] }), /unknown run field: histroy/);
});

test('window.rethinkDebug shows the store and the page, and refuses writes', () => {
  const store = createRunStore();
  let state = { model: 'mlp' };
  const debug = createDebug({
    store,
    getState: () => state,
    autoplay: () => null,
    chart: () => null,
    pinLabels: () => ['pinned'],
    figure: () => null,
    options: () => ({ hide: new Set(['pins']) }),
    sequence: () => null,
    elapsedMs: () => 5,
  });
  store.startRun({ runId: 7 });
  store.addEpoch({ epoch: 0 });
  state = { model: 'cnn' };
  assert.equal(debug.runId, 7);
  assert.equal(debug.history.length, 1);
  assert.deepEqual(debug.state, { model: 'cnn' }, 'read when asked');
  assert.deepEqual(debug.pins(), ['pinned']);
  assert.deepEqual(debug.options().hide, ['pins']);
  assert.equal(debug.chartPoints(), 0);
  assert.ok('stepsPerEpoch' in debug && !('nope' in debug));
  assert.ok(Object.keys(debug).includes('history'));
  assert.throws(() => {
    debug.history = [];
  }, /read-only/);
});
