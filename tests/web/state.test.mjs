// Unit tests of www/core/state.js (pure, runs in Node): defaults, the URL whitelist, round trips.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { State, stateClassFor } from '../../www/core/state.js';
import { SCHEMA, describeSettings } from '../../www/core/settings.js';

test('defaults are the run settings\' (from the Rust schema) and the page\'s own', () => {
  const { state, warnings } = State.fromUrl('http://x/');
  assert.deepEqual(warnings, []);
  assert.deepEqual({ ...state }, {
    model: 'mlp', labelCorruption: 0, pixels: 'none', dropout: 0, batchNorm: true, batchSize: 128, learningRate: 0.01,
    lrDecay: 0.95, momentum: 0.9, weightDecay: 0, augment: false, seed: 1,
    backend: 'auto', asset: 'cifar10-16px.bin', fitThreshold: 0.01, maxEpochs: 100, corruptions: '0,0.2,0.4,0.6,0.8,1',
  });
  for (const setting of SCHEMA.settings) assert.equal(state[setting.name], setting.default, setting.name);
});

test('the whitelist, ranges and choices are the schema\'s: a changed schema changes them', () => {
  const changed = structuredClone(SCHEMA);
  changed.settings.find((s) => s.name === 'weightDecay').max = 0.5;
  changed.settings.find((s) => s.name === 'model').choices.push({ value: 'resnet', label: 'ResNet' });
  changed.settings.push({ name: 'width', label: 'Width', help: 'Units per layer.', kind: 'int', min: 1, max: 4096, default: 512 });
  const Changed = stateClassFor(describeSettings(changed));
  const { state, warnings } = Changed.fromUrl('http://x/#weightDecay=0.4&model=resnet&width=64');
  assert.deepEqual(warnings, []);
  assert.deepEqual([state.weightDecay, state.model, state.width], [0.4, 'resnet', 64]);
  assert.equal(new Changed().toConfig().width, 512, 'a new setting reaches the config');
  assert.equal(State.fromUrl('http://x/#weightDecay=0.4').state.weightDecay, 0.1, 'the built schema still clamps');
  assert.match(State.fromUrl('http://x/#width=64').warnings.join(' '), /unknown setting: width/);
});

test('older names are views: randomLabels is p = 1, randomPixels the random pixel mode', () => {
  const { state, warnings } = State.fromUrl('http://x/#randomLabels=1&randomPixels=1&labelCorruption=0.4');
  assert.deepEqual(warnings, []);
  assert.deepEqual([state.labelCorruption, state.pixels], [1, 'random']);
  assert.equal(state.toQuery(), 'labelCorruption=1&pixels=random');
  const off = state.with({ randomLabels: false, randomPixels: false });
  assert.deepEqual([off.labelCorruption, off.pixels], [0, 'none']);
  const gaussian = new State().with({ pixels: 'gaussian' }).with({ randomPixels: false });
  assert.equal(gaussian.pixels, 'gaussian', 'switching random pixels off leaves another mode alone');
  assert.throws(() => new State().with({ randomLabels: 'maybe' }), /invalid randomLabels/);
});

test('a model brings the paper\'s learning rate unless one is chosen', () => {
  const inception = State.fromUrl('http://x/#model=inception').state;
  assert.equal(inception.learningRate, SCHEMA.modelDefaults.inception.learningRate);
  assert.equal(inception.toQuery(), 'model=inception', 'the model\'s own default is not written');
  assert.equal(State.fromUrl('http://x/#model=inception&learningRate=0.02').state.learningRate, 0.02);
  const switched = new State().with({ model: 'inception' });
  assert.equal(switched.learningRate, 0.1);
  assert.equal(switched.with({ model: 'mlp' }).learningRate, 0.01, 'and back');
  assert.equal(new State().with({ learningRate: 0.05 }).with({ model: 'inception' }).learningRate, 0.05, 'a chosen rate stays');
});

test('valid query and hash values are read; the hash wins', () => {
  const { state, warnings } = State.fromUrl('http://x/?model=cnn&backend=cpu&seed=7#backend=webgpu&labelCorruption=1');
  assert.deepEqual(warnings, []);
  assert.equal(state.model, 'cnn');
  assert.equal(state.backend, 'webgpu');
  assert.equal(state.seed, 7);
  assert.equal(state.labelCorruption, 1);
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
  assert.equal(state.pixels, 'none');
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
  const state = new State().with({ model: 'cnn', labelCorruption: 1, batchSize: 64 });
  assert.equal(state.toQuery(), 'model=cnn&labelCorruption=1&batchSize=64');
  assert.deepEqual({ ...State.fromUrl(`http://x/?${state.toQuery()}`).state }, { ...state });
  assert.equal(new State().toQuery(), '');
});

test('with() validates and does not mutate', () => {
  const base = new State();
  assert.throws(() => base.with({ backend: 'metal' }), /invalid backend/);
  assert.throws(() => base.with({ nope: 1 }), /unknown state field: nope/);
  const next = base.with({ pixels: 'random' });
  assert.equal(base.pixels, 'none');
  assert.equal(next.pixels, 'random');
});

test('toConfig holds exactly the run settings of the schema (Experiment.create refuses any other key)', () => {
  const config = new State().toConfig();
  assert.deepEqual(Object.keys(config), SCHEMA.settings.map((s) => s.name));
  for (const key of ['backend', 'asset', 'fitThreshold', 'maxEpochs', 'corruptions']) assert.equal(key in config, false, key);
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
  assert.equal(state.toQuery(), 'model=inception&dropout=0.5&batchNorm=0&weightDecay=0.0005&augment=1');
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
  assert.equal(base.configDiffers(base.with({ backend: 'cpu' })), true, 'a new backend is a new run');
});
