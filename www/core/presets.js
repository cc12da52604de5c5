// Presets for lessons and talks: each is a short series of runs shown on the main chart, one
// after another. Every finished run is pinned (kept faded, labelled with its setting), so the
// comparison the preset is about stays visible. Pure (no DOM): tests/web/presets.test.mjs.
// A run of a preset lasts until its train error is at most the State's fitThreshold or it
// reaches maxEpochs (the same rule as the Figure 1 runs).

/** The corruption and regularizer fields every preset starts from (the paper's plain run). */
export const PRESET_BASE = Object.freeze({
  labelCorruption: 0,
  pixels: 'none',
  weightDecay: 0,
  dropout: 0,
  augment: false,
});

const REGULARIZED = { weightDecay: 0.0005, dropout: 0.5, augment: true };

/** The presets, in the order of the buttons. `runs[i].changes` are State changes over PRESET_BASE. */
export const PRESETS = Object.freeze([
  {
    id: 'random-labels',
    title: 'True vs random labels',
    summary: 'The same network on the true labels, then on random labels: it fits both; only the true labels generalize.',
    runs: [
      { label: 'true labels', changes: {} },
      { label: 'random labels', changes: { labelCorruption: 1 } },
    ],
  },
  {
    id: 'noise',
    title: 'Noise is easy to fit',
    summary: 'True images, then random pixels, then Gaussian noise: the network memorizes noise too, and often faster.',
    runs: [
      { label: 'true images', changes: {} },
      { label: 'random pixels', changes: { pixels: 'random' } },
      { label: 'Gaussian noise', changes: { pixels: 'gaussian' } },
    ],
  },
  {
    id: 'corruption-sweep',
    title: 'Label corruption sweep',
    summary: 'Label corruption p = 0, 0.4, 0.8 and 1: every run is fitted, and test error climbs towards chance with p.',
    runs: [0, 0.4, 0.8, 1].map((p) => ({ label: `p = ${p}`, changes: { labelCorruption: p } })),
  },
  {
    id: 'regularization',
    title: 'Does regularization help?',
    summary: 'True labels without, then with weight decay 0.0005 + dropout 0.5 + crop/flip augmentation, then random labels with all three: regularization changes test error a little, and the network still memorizes random labels.',
    runs: [
      { label: 'no regularization', changes: {} },
      { label: 'weight decay + dropout + augmentation', changes: REGULARIZED },
      { label: 'random labels, regularized', changes: { ...REGULARIZED, labelCorruption: 1 } },
    ],
  },
]);

/** The preset with this id, or null. */
export function findPreset(id) {
  return PRESETS.find((preset) => preset.id === id) ?? null;
}

/** The State changes of run `index` of a preset (PRESET_BASE plus the run's own changes), or null past the end. */
export function presetChanges(preset, index) {
  const run = preset?.runs[index];
  return run ? { ...PRESET_BASE, ...run.changes } : null;
}

/**
 * Whether a run of a preset is over after this evaluation: its train error is at most
 * `fitThreshold` (after training began) or it reached `maxEpochs`.
 */
export function presetRunOver(metrics, { fitThreshold, maxEpochs }) {
  if (!metrics || !(metrics.epoch > 0)) return false;
  return metrics.trainError <= fitThreshold || metrics.epoch >= maxEpochs;
}
