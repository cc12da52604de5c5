// Unit tests of the pure parts of www/figures/figures.js and www/ui/samples.js (no DOM, no worker).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fig1aJobs, sweepJobs } from '../../www/figures/figures.js';
import { describeSample, sampleToRGBA } from '../../www/ui/samples.js';
import { State } from '../../www/core/state.js';

test('Figure 1a jobs keep the model, regularizers, seed and batch, and set only the corruption', () => {
  const config = new State().with({ model: 'cnn', seed: 9, batchSize: 32, dropout: 0.5, labelCorruption: 1, pixels: 'gaussian' }).toConfig();
  const jobs = fig1aJobs(config);
  assert.deepEqual(jobs.map((j) => j.label), ['true labels', 'random labels', 'shuffled pixels', 'random pixels', 'Gaussian']);
  for (const job of jobs) {
    assert.equal(job.config.model, 'cnn');
    assert.equal(job.config.seed, 9);
    assert.equal(job.config.batchSize, 32);
    assert.equal(job.config.dropout, 0.5);
  }
  assert.deepEqual(jobs.map((j) => [j.config.labelCorruption, j.config.pixels]),
    [[0, 'none'], [1, 'none'], [0, 'shuffled'], [0, 'random'], [0, 'gaussian']]);
  for (const job of jobs) assert.deepEqual(Object.keys(job.config), Object.keys(config), 'only run settings');
  assert.equal(config.labelCorruption, 1, 'the state config is not mutated');
});

test('sweep jobs: one per p, on the true images', () => {
  const config = new State().with({ pixels: 'shuffled', labelCorruption: 1 }).toConfig();
  const jobs = sweepJobs(config, [0, 0.5, 1]);
  assert.deepEqual(jobs.map((j) => [j.p, j.config.labelCorruption, j.config.pixels]),
    [[0, 0, 'none'], [0.5, 0.5, 'none'], [1, 1, 'none']]);
  assert.deepEqual(jobs.map((j) => j.label), ['p = 0', 'p = 0.5', 'p = 1']);
});

test('sampleToRGBA reads one image, channel-major, into RGBA', () => {
  const side = 2;
  const pixels = Uint8Array.from({ length: 2 * 3 * side * side }, (_, i) => i);
  // Image 1 starts at 12: R plane 12..15, G 16..19, B 20..23.
  assert.deepEqual(Array.from(sampleToRGBA(pixels, 1, side)), [12, 16, 20, 255, 13, 17, 21, 255, 14, 18, 22, 255, 15, 19, 23, 255]);
  assert.deepEqual(Array.from(sampleToRGBA(Array.from(pixels), 0, side)).slice(0, 4), [0, 4, 8, 255], 'a plain Array works too');
});

test('describeSample names the classes and marks corrupted labels and wrong predictions', () => {
  const samples = { labels: [3, 1], trueLabels: [3, 2], predictions: [3, 0] };
  assert.deepEqual(describeSample(samples, 0), { label: 'cat', trueLabel: 'cat', corrupted: false, prediction: 'cat', right: true });
  assert.deepEqual(describeSample(samples, 1), { label: 'automobile', trueLabel: 'bird', corrupted: true, prediction: 'airplane', right: false });
});

test('a WebGPU failure while building the model or on its first pass is retried on the CPU; others are not', async () => {
  const { webGpuFailedToStart } = await import('../../www/worker/backend.js');
  assert.equal(webGpuFailedToStart({ backend: 'webgpu', phase: 'create' }), true);
  assert.equal(webGpuFailedToStart({ backend: 'webgpu', phase: 'evaluate' }), true);
  assert.equal(webGpuFailedToStart({ backend: 'webgpu', phase: 'train' }), false);
  assert.equal(webGpuFailedToStart({ backend: 'cpu', phase: 'create' }), false);
});
