// "What to look for": a short text beside the chart, derived from the State alone, and the
// paper's own figure for the setting (paper.js). Pure (no DOM): tests/web/sharing-presets-export.test.mjs.
// The numbers are the paper's and this page's measurements (README).
import { paperFigure } from './paper.js';

/** The headline, the details and the paper's figure (null if none) for a State: { title, text, paper }. */
export function explain(state) {
  const p = state.labelCorruption;
  const pixels = state.pixels;
  const regularized = state.weightDecay > 0 || (state.dropout > 0 && state.model !== 'inception') || state.augment;
  const noise = pixels === 'random' || pixels === 'gaussian';
  const parts = [];
  let title;
  if (noise && p >= 1) {
    title = 'Noise with random labels: pure memorization.';
    parts.push('There is nothing to learn here, yet train error will still fall towards 0 %; test error stays at chance (90 %).');
  } else if (pixels === 'gaussian') {
    title = 'Gaussian noise instead of images.';
    parts.push('Every image is noise, so the label cannot be predicted from it: train error falls towards 0 % (noise is quick to memorize), test error stays at chance (90 %).');
  } else if (pixels === 'random') {
    title = 'Random pixels: each image scrambled differently.';
    parts.push('The network still drives train error towards 0 %; test error stays high, though a little under 90 % because each image keeps its colours.');
  } else if (p >= 1) {
    title = 'Random labels: the network memorizes.';
    parts.push('Train error will reach 0 %, more slowly than with true labels; test error stays at chance (90 %): the network memorized the training set, it learned nothing that generalizes.');
  } else if (p > 0) {
    title = `Label corruption p = ${p}: part signal, part noise.`;
    parts.push(`About ${Math.round(p * 90)} % of the training labels are wrong. Train error still falls towards 0 %; test error ends between the true-label run's and chance, higher as p grows.`);
  } else if (pixels === 'shuffled') {
    title = 'Shuffled pixels: one scramble for every image.';
    parts.push('The same permutation is applied to train and test images, so structure survives: an MLP cannot tell the difference from true images, a CNN loses its notion of neighbourhood.');
  } else {
    title = 'True labels: the baseline.';
    parts.push('Train error falls towards 0 %, test error falls too but levels off far above it: the gap is what generalization theory has to explain. Now tick Randomize labels.');
  }
  if (regularized) {
    parts.push('Regularizers are on: they slow fitting and may lower test error a little, but they do not stop the network from fitting random labels (the paper, section 3).');
  }
  return { title, text: parts.join(' '), paper: paperFigure({ model: state.model, p, pixels }) };
}
