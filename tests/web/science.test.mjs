// Unit tests of www/core/science.js: the p-list parser, time to fit, the early-stopping point, labels.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  describeSetting, FIG1A_VARIANTS, fitPoint, formatParams, lowestTestError, parsePList, relativeFitTimes,
} from '../../www/core/science.js';

test('parsePList accepts decimals in [0, 1], sorts and canonicalizes', () => {
  assert.deepEqual(parsePList('0, 0.2,0.4 0.6;0.8,1'), { ok: true, values: [0, 0.2, 0.4, 0.6, 0.8, 1], text: '0,0.2,0.4,0.6,0.8,1' });
  assert.deepEqual(parsePList('1 .5 0.').values, [0, 0.5, 1]);
  assert.deepEqual(parsePList('1.00').values, [1]);
  assert.equal(parsePList('0.25').text, '0.25');
});

test('parsePList refuses anything else, saying why', () => {
  for (const bad of ['', '  ', '1.5', '-0.1', '2', 'abc', '0x1', '1e-1', '0.2,,x', 'NaN', 'Infinity', '01', '0.5,0.5']) {
    const result = parsePList(bad);
    assert.equal(result.ok, false, bad);
    assert.ok(result.error.length > 0, bad);
  }
  assert.match(parsePList('0.5,.5').error, /twice/);
  assert.match(parsePList(Array(12).fill(0).map((_, i) => i / 20).join(',')).error, /at most 11/);
});

const history = [
  { epoch: 0, step: 0, trainError: 0.9, testError: 0.9 },
  { epoch: 1, step: 16, trainError: 0.6, testError: 0.7 },
  { epoch: 2, step: 32, trainError: 0.2, testError: 0.55 },
  { epoch: 3, step: 48, trainError: 0.05, testError: 0.6 },
  { epoch: 4, step: 64, trainError: 0.0, testError: 0.55 },
];

test('lowestTestError: the first trained epoch with the lowest test error', () => {
  assert.deepEqual(lowestTestError(history), { epoch: 2, testError: 0.55, trainError: 0.2 });
  assert.equal(lowestTestError(history.slice(0, 1)), null, 'epoch 0 alone is no early-stopping point');
  assert.equal(lowestTestError([]), null);
  // Epoch 0 is never chosen, even when training only made test error worse.
  assert.equal(lowestTestError([{ epoch: 0, testError: 0.1 }, { epoch: 1, testError: 0.9 }]).epoch, 1);
});

test('fitPoint: the first epoch at or under the threshold, else the last one, not fitted', () => {
  assert.deepEqual(fitPoint(history, 0.05), { fitted: true, epoch: 3, step: 48, trainError: 0.05, testError: 0.6 });
  assert.deepEqual(fitPoint(history, 0.01), { fitted: true, epoch: 4, step: 64, trainError: 0, testError: 0.55 });
  assert.deepEqual(fitPoint(history.slice(0, 3), 0.01), { fitted: false, epoch: 2, step: 32, trainError: 0.2, testError: 0.55 });
  assert.equal(fitPoint([], 0.01), null);
});

test('relativeFitTimes: epochs to fit over those of p = 0, lower bounds for runs not fitted', () => {
  const results = [
    { p: 1, fitted: false, epoch: 30, step: 480, testError: 0.9 },
    { p: 0, fitted: true, epoch: 10, step: 160, testError: 0.6 },
    { p: 0.5, fitted: true, epoch: 15, step: 240, testError: 0.75 },
  ];
  const { reference, points } = relativeFitTimes(results);
  assert.equal(reference, 0);
  assert.deepEqual(points.map((p) => [p.p, p.relative, p.fitted]), [[0, 1, true], [0.5, 1.5, true], [1, 3, false]]);
  // Without a fitted p = 0 the lowest fitted p is the reference.
  assert.equal(relativeFitTimes(results.slice(0, 1).concat([{ p: 0.2, fitted: true, epoch: 5 }])).reference, 0.2);
  assert.deepEqual(relativeFitTimes([{ p: 0, fitted: false, epoch: 3 }]), { reference: null, points: [{ p: 0, fitted: false, epoch: 3, relative: null }] });
});

test('Figure 1a variants follow the paper order and differ only in the corruption', () => {
  assert.deepEqual(FIG1A_VARIANTS.map((v) => v.label), ['true labels', 'random labels', 'shuffled pixels', 'random pixels', 'Gaussian']);
  for (const v of FIG1A_VARIANTS) assert.deepEqual(Object.keys(v.changes).sort(), ['labelCorruption', 'pixels']);
});

test('describeSetting and formatParams', () => {
  const base = { model: 'mlp', labelCorruption: 0, pixels: 'none', weightDecay: 0, dropout: 0, augment: false, batchNorm: true };
  assert.equal(describeSetting(base), 'true labels, MLP 1×512');
  assert.equal(describeSetting({ ...base, labelCorruption: 1 }), 'random labels, MLP 1×512');
  assert.equal(describeSetting({ ...base, labelCorruption: 0.4, pixels: 'gaussian', model: 'cnn' }), 'labels corrupted p = 0.4, Gaussian images, small CNN');
  assert.equal(describeSetting({ ...base, model: 'inception', batchNorm: false, dropout: 0.5, weightDecay: 0.0005, augment: true }),
    'true labels, Inception-style (small), weight decay 0.0005, augmented, no batch norm');
  assert.equal(describeSetting({ ...base, model: 'alexnet', dropout: 0.5 }), 'true labels, AlexNet-style (small), dropout 0.5');
  assert.equal(formatParams(398858), '398,858 parameters');
  assert.equal(formatParams(1), '1 parameter');
  assert.equal(formatParams(NaN), '');
});
