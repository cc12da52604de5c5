// Unit tests of www/state.js (pure, runs in Node): defaults, the URL whitelist, round trips.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { State } from '../../www/state.js';

test('defaults are the field initialisers', () => {
  const { state, warnings } = State.fromUrl('http://x/');
  assert.deepEqual(warnings, []);
  assert.deepEqual({ ...state }, {
    model: 'mlp', randomLabels: false, randomPixels: false, labelCorruption: 0, pixels: 'none', backend: 'auto', batchSize: 128,
    learningRate: 0.01, lrDecay: 0.95, momentum: 0.9, seed: 1, weightDecay: 0, dropout: 0, augment: false, batchNorm: true,
    asset: 'cifar10-16px.bin', fitThreshold: 0.01, maxEpochs: 100, corruptions: '0,0.2,0.4,0.6,0.8,1',
  });
});

test('valid query and hash values are read; the hash wins', () => {
  const { state, warnings } = State.fromUrl('http://x/?model=cnn&backend=cpu&seed=7#backend=webgpu&randomLabels=1');
  assert.deepEqual(warnings, []);
  assert.equal(state.model, 'cnn');
  assert.equal(state.backend, 'webgpu');
  assert.equal(state.seed, 7);
  assert.equal(state.randomLabels, true);
});

test('invalid values are ignored with a warning, numbers are clamped', () => {
  const url = 'http://x/?asset=../etc/passwd.bin&backend=metal&model=<b>x</b>&batchSize=0&learningRate=abc&seed=-3&randomPixels=maybe';
  const { state, warnings } = State.fromUrl(url);
  assert.equal(state.asset, 'cifar10-16px.bin');
  assert.equal(state.backend, 'auto');
  assert.equal(state.model, 'mlp');
  assert.equal(state.batchSize, 1);
  assert.equal(state.learningRate, 0.01);
  assert.equal(state.seed, 0);
  assert.equal(state.randomPixels, false);
  assert.equal(warnings.length, 7);
});

test('asset names follow the strict pattern', () => {
  for (const ok of ['e2e-16px.bin', 'cifar10_32px.v2.bin', '0.bin']) {
    assert.equal(State.fromUrl(`http://x/?asset=${ok}`).state.asset, ok);
  }
  for (const bad of ['.hidden.bin', 'UPPER.bin', 'a/b.bin', 'x.bin.exe', `${'a'.repeat(82)}.bin`, 'https%3A%2F%2Fevil.example%2Fx.bin']) {
    assert.equal(State.fromUrl(`http://x/?asset=${bad}`).state.asset, 'cifar10-16px.bin', bad);
  }
});

test('toQuery keeps only non-defaults and round-trips', () => {
  const state = new State().with({ model: 'cnn', randomLabels: true, batchSize: 64 });
  assert.equal(state.toQuery(), 'model=cnn&randomLabels=1&batchSize=64');
  assert.deepEqual({ ...State.fromUrl(`http://x/?${state.toQuery()}`).state }, { ...state });
  assert.equal(new State().toQuery(), '');
});

test('with() validates and does not mutate', () => {
  const base = new State();
  assert.throws(() => base.with({ backend: 'metal' }), /invalid backend/);
  assert.throws(() => base.with({ nope: 1 }), /unknown state field/);
  const next = base.with({ randomPixels: true });
  assert.equal(base.randomPixels, false);
  assert.equal(next.randomPixels, true);
});

test('toConfig carries what Experiment.create needs', () => {
  const config = new State().toConfig();
  assert.deepEqual(Object.keys(config).sort(), [
    'augment', 'backend', 'batchNorm', 'batchSize', 'dropout', 'labelCorruption', 'learningRate', 'lrDecay', 'model',
    'momentum', 'pixels', 'randomLabels', 'randomPixels', 'seed', 'weightDecay',
  ]);
  for (const key of ['asset', 'fitThreshold', 'maxEpochs', 'corruptions']) assert.equal(key in config, false, key);
});

test('label corruption p and the pixel corruption are read and clamped', () => {
  const { state, warnings } = State.fromUrl('http://x/?labelCorruption=0.4&pixels=gaussian');
  assert.deepEqual(warnings, []);
  assert.equal(state.labelCorruption, 0.4);
  assert.equal(state.pixels, 'gaussian');
  const bad = State.fromUrl('http://x/?labelCorruption=7&pixels=<img>');
  assert.equal(bad.state.labelCorruption, 1);
  assert.equal(bad.state.pixels, 'none');
  assert.equal(bad.warnings.length, 2);
  assert.deepEqual(
    [State.fromUrl(`http://x/?${bad.state.with({ pixels: 'shuffled' }).toQuery()}`).state.pixels],
    ['shuffled'],
  );
});

test('regularizers and the new models are read, clamped and round-trip through the URL', () => {
  const { state, warnings } = State.fromUrl('http://x/?model=inception&weightDecay=0.0005&dropout=0.5&augment=1&batchNorm=0');
  assert.deepEqual(warnings, []);
  assert.equal(state.model, 'inception');
  assert.equal(state.weightDecay, 0.0005);
  assert.equal(state.dropout, 0.5);
  assert.equal(state.augment, true);
  assert.equal(state.batchNorm, false);
  assert.equal(state.toQuery(), 'model=inception&weightDecay=0.0005&dropout=0.5&augment=1&batchNorm=0');
  assert.deepEqual({ ...State.fromUrl(`http://x/?${state.toQuery()}`).state }, { ...state });
  const config = state.toConfig();
  assert.equal(config.weightDecay, 0.0005);
  assert.equal(config.dropout, 0.5);
  assert.equal(config.augment, true);
  assert.equal(config.batchNorm, false);
  assert.equal(State.fromUrl('http://x/?model=alexnet').state.model, 'alexnet');
});

test('regularizer values out of range are clamped or refused', () => {
  const { state, warnings } = State.fromUrl('http://x/?weightDecay=0.5&dropout=1&augment=maybe&batchNorm=2&model=resnet');
  assert.equal(state.weightDecay, 0.1);
  assert.equal(state.dropout, 0.9);
  assert.equal(state.augment, false);
  assert.equal(state.batchNorm, true);
  assert.equal(state.model, 'mlp');
  assert.equal(warnings.length, 5);
  assert.equal(State.fromUrl('http://x/?weightDecay=-1').state.weightDecay, 0);
  assert.throws(() => new State().with({ dropout: 'lots' }), /invalid dropout/);
});

test('figure settings: threshold, max epochs and the p list (parsed strictly, canonical in the URL)', () => {
  const { state, warnings } = State.fromUrl('http://x/?fitThreshold=0.05&maxEpochs=7&corruptions=1%2C0%2C0.5');
  assert.deepEqual(warnings, []);
  assert.equal(state.fitThreshold, 0.05);
  assert.equal(state.maxEpochs, 7);
  assert.equal(state.corruptions, '0,0.5,1');
  assert.deepEqual({ ...State.fromUrl(`http://x/?${state.toQuery()}`).state }, { ...state });
  const bad = State.fromUrl('http://x/?corruptions=0,2&maxEpochs=0');
  assert.equal(bad.state.corruptions, '0,0.2,0.4,0.6,0.8,1');
  assert.equal(bad.state.maxEpochs, 1);
  assert.equal(bad.warnings.length, 2);
});

test('configDiffers: only run fields restart a run', () => {
  const base = new State();
  assert.equal(base.configDiffers(base.with({ maxEpochs: 5, corruptions: '0,1', fitThreshold: 0.1 })), false);
  assert.equal(base.configDiffers(base.with({ dropout: 0.5 })), true);
  assert.equal(base.configDiffers(base.with({ batchNorm: false })), true);
});
