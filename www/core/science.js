// Pure helpers for what the page says about the science: names, the paper's Figure 1 variants,
// the label-corruption list, time to fit and the early-stopping point. No DOM, so Node tests
// import it (tests/web/science.test.mjs).
import { MODEL_NAMES, SCHEMA } from './settings.js';

/** CIFAR-10 class names, indexed by label 0..9. */
export const CLASS_NAMES = ['airplane', 'automobile', 'bird', 'cat', 'deer', 'dog', 'frog', 'horse', 'ship', 'truck'];

/** Display names of the models, by the `model` config value (from the run settings' schema). */
export { MODEL_NAMES };

/** The five variants of the paper's Figure 1a, in the paper's order, as config overrides (Rust's `FIGURE_1A`, from the schema). */
export const FIG1A_VARIANTS = Object.freeze(SCHEMA.figure1a.map(({ key, label, labelCorruption, pixels }) => ({ key, label, changes: { labelCorruption, pixels } })));

/** The default label-corruption sweep of Figure 1b/1c. */
export const DEFAULT_CORRUPTIONS = '0,0.2,0.4,0.6,0.8,1';

/**
 * Parse a comma- or space-separated list of label-corruption levels p, strictly: every entry a
 * plain decimal in [0, 1], no duplicates, 1 to 11 entries. Returns { ok, values (sorted), text
 * (canonical form), error }.
 */
export function parsePList(text) {
  const parts = String(text ?? '').split(/[\s,;]+/).filter((part) => part !== '');
  if (parts.length === 0) return { ok: false, error: 'give at least one value of p' };
  if (parts.length > 11) return { ok: false, error: 'at most 11 values of p' };
  const values = [];
  for (const part of parts) {
    if (!/^(?:0(?:\.\d*)?|\.\d+|1(?:\.0*)?)$/.test(part)) return { ok: false, error: `"${part.slice(0, 12)}" is not a number between 0 and 1` };
    const value = Number(part);
    if (!(value >= 0 && value <= 1)) return { ok: false, error: `${part} is not between 0 and 1` };
    const rounded = Math.round(value * 1000) / 1000;
    if (values.includes(rounded)) return { ok: false, error: `p = ${rounded} is listed twice` };
    values.push(rounded);
  }
  values.sort((a, b) => a - b);
  return { ok: true, values, text: values.join(',') };
}

/**
 * The early-stopping point of a run: among the evaluations after training began (epoch > 0),
 * the first one with the lowest test error. `history` is evaluate()'s metrics per epoch.
 * Returns { epoch, testError, trainError }, or null before the first trained epoch.
 */
export function lowestTestError(history) {
  let best = null;
  for (const metrics of history ?? []) {
    if (!(metrics.epoch > 0) || !Number.isFinite(metrics.testError)) continue;
    if (best === null || metrics.testError < best.testError) best = metrics;
  }
  return best && { epoch: best.epoch, testError: best.testError, trainError: best.trainError };
}

/**
 * The first evaluation whose train error is at most `threshold` (the run is "fitted" there).
 * Returns { fitted: true, epoch, step, trainError, testError } or, when none is, the last
 * evaluation with fitted: false (null for an empty history).
 */
export function fitPoint(history, threshold) {
  if (!history?.length) return null;
  const hit = history.find((metrics) => metrics.trainError <= threshold);
  const at = hit ?? history.at(-1);
  return { fitted: Boolean(hit), epoch: at.epoch, step: at.step, trainError: at.trainError, testError: at.testError };
}

/**
 * Figure 1b's y values: epochs to fit relative to the reference run (p = 0 when the sweep has a
 * fitted p = 0, else the lowest fitted p: the rule of Rust's `sweep_reference`, which `rethink figure1` uses). `results` are { p, fitted, epoch, step, testError }.
 * Returns { reference (p or null), points: [{ ...result, relative (or null) }] } sorted by p.
 * A run that was not fitted gets a lower bound (its epochs / the reference's), marked by fitted.
 */
export function relativeFitTimes(results) {
  const sorted = [...(results ?? [])].sort((a, b) => a.p - b.p);
  const reference = sorted.find((r) => r.fitted && r.epoch > 0) ?? null;
  const points = sorted.map((r) => ({ ...r, relative: reference && r.epoch > 0 ? r.epoch / reference.epoch : null }));
  return { reference: reference?.p ?? null, points };
}

/** What a run's data are, as a list of phrases, e.g. ['random labels', 'Gaussian images'] or ['true labels']. */
export function describeData(config) {
  const parts = [];
  if (config.labelCorruption >= 1) parts.push('random labels');
  else if (config.labelCorruption > 0) parts.push(`labels corrupted p = ${config.labelCorruption}`);
  const pixels = config.pixels;
  const PIXEL_NAMES = { shuffled: 'shuffled pixels', random: 'random pixels', gaussian: 'Gaussian images' };
  if (PIXEL_NAMES[pixels]) parts.push(PIXEL_NAMES[pixels]);
  if (parts.length === 0) parts.push('true labels');
  return parts;
}

/** A short description of a run's setting, e.g. "random labels, MLP 1×512, dropout 0.5". */
export function describeSetting(config) {
  const parts = describeData(config);
  parts.push(MODEL_NAMES[config.model] ?? String(config.model));
  if (config.weightDecay > 0) parts.push(`weight decay ${config.weightDecay}`);
  if (config.dropout > 0 && config.model !== 'inception') parts.push(`dropout ${config.dropout}`);
  if (config.augment) parts.push('augmented');
  if (config.model === 'inception' && config.batchNorm === false) parts.push('no batch norm');
  return parts.join(', ');
}

/** A count with thousands separators, e.g. 60768 -> "60,768" ('–' if not a number). */
export function formatCount(count) {
  return Number.isFinite(count) ? String(Math.round(count)).replace(/\B(?=(\d{3})+(?!\d))/g, ',') : '–';
}

/** Format a parameter count, e.g. 398858 -> "398,858 parameters". */
export function formatParams(count) {
  if (!Number.isFinite(count)) return '';
  return `${formatCount(count)} parameter${count === 1 ? '' : 's'}`;
}

/** Format an error fraction as a percentage, e.g. 0.1234 -> "12.3 %". */
export function formatPercent(fraction) {
  return Number.isFinite(fraction) ? `${(fraction * 100).toFixed(1)} %` : '–';
}
