// The paper's figures beside the run (www/core/paper.js): the right figure for each setting, always
// labelled as the paper's and with the conditions that differ.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PAPER_CONDITIONS, TABLE1_TEST_ERROR, paperFigure } from '../../www/core/paper.js';

test('true labels: Table 1\'s test error for the model, labelled and with the conditions', () => {
  const text = paperFigure({ model: 'mlp', p: 0, pixels: 'none' });
  assert.match(text, /^The paper \(Table 1\): test error 49\.49 %/);
  assert.ok(text.includes(PAPER_CONDITIONS));
  assert.match(paperFigure({ model: 'inception', p: 0, pixels: 'shuffled' }), /14\.25 %/);
});

test('random labels and noise images: chance, whatever the model', () => {
  for (const setting of [{ p: 1, pixels: 'none' }, { p: 0, pixels: 'gaussian' }, { p: 0.5, pixels: 'random' }]) {
    assert.match(paperFigure({ model: 'alexnet', ...setting }), /^The paper \(Section 2\):.*chance \(~10 %\)/);
  }
});

test('partial corruption points to Figure 1c, starting from Table 1', () => {
  assert.match(paperFigure({ model: 'mlp3', p: 0.4, pixels: 'none' }), /^The paper \(Figure 1c\): .*47\.61 %/);
});

test('no figure for the page\'s own small CNN; every Table 1 entry is an error between 0 and 1', () => {
  assert.equal(paperFigure({ model: 'cnn', p: 0, pixels: 'none' }), null);
  for (const error of Object.values(TABLE1_TEST_ERROR)) assert.ok(error > 0 && error < 1);
});
