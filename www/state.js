// The page's one State object: its field initialisers are the defaults, the URL can override
// them through a strict whitelist, and it serializes back into a shareable URL hash (the older
// ?query form is still read; the hash wins).
// Pure module (no DOM), so Node tests can import it.
import { DEFAULT_CORRUPTIONS, parsePList } from './science.js';

/** Asset names allowed in the URL: a plain file name under www/data/, ending in .bin. */
export const ASSET_PATTERN = /^[a-z0-9][a-z0-9._-]{0,80}\.bin$/;

// Whitelist: every field the URL may set, with how to read it.
const FIELDS = {
  model: { kind: 'enum', values: ['mlp', 'mlp3', 'cnn', 'alexnet', 'inception'] },
  randomLabels: { kind: 'bool' },
  randomPixels: { kind: 'bool' },
  labelCorruption: { kind: 'float', min: 0, max: 1 },
  pixels: { kind: 'enum', values: ['none', 'shuffled', 'random', 'gaussian'] },
  backend: { kind: 'enum', values: ['auto', 'webgpu', 'cpu'] },
  batchSize: { kind: 'int', min: 1, max: 1024 },
  learningRate: { kind: 'float', min: 1e-5, max: 1 },
  lrDecay: { kind: 'float', min: 0.5, max: 1 },
  momentum: { kind: 'float', min: 0, max: 0.99 },
  seed: { kind: 'int', min: 0, max: 4294967295 },
  weightDecay: { kind: 'float', min: 0, max: 0.1 },
  dropout: { kind: 'float', min: 0, max: 0.9 },
  augment: { kind: 'bool' },
  batchNorm: { kind: 'bool' },
  asset: { kind: 'pattern', pattern: ASSET_PATTERN },
  fitThreshold: { kind: 'float', min: 0, max: 0.9 },
  maxEpochs: { kind: 'int', min: 1, max: 1000 },
  corruptions: { kind: 'plist' },
};

/** At most this many warning lines are shown for one URL (a hostile URL cannot flood the page). */
const MAX_WARNINGS = 8;

/** The names of every State field (the whitelist). */
export const STATE_KEYS = Object.freeze(Object.keys(FIELDS));

/** A URL's query and hash parameters merged, the hash winning. */
export function urlParams(url) {
  const parsed = new URL(url, 'http://localhost/');
  const params = new URLSearchParams(parsed.search);
  const hash = new URLSearchParams(parsed.hash.replace(/^#/, ''));
  for (const [key, value] of hash) params.set(key, value);
  return params;
}

/** Fields that are not part of a run's config: the asset (fetched by the worker) and the figures' settings. */
export const NON_CONFIG_FIELDS = ['asset', 'fitThreshold', 'maxEpochs', 'corruptions'];

/** The page's settings: field initialisers are the defaults; fromUrl/with/toQuery/toConfig move them around. */
export class State {
  model = 'mlp';
  randomLabels = false;
  randomPixels = false;
  labelCorruption = 0; // p, used while randomLabels is off
  pixels = 'none'; // used while randomPixels is off
  backend = 'auto';
  batchSize = 128;
  learningRate = 0.01;
  lrDecay = 0.95;
  momentum = 0.9;
  seed = 1;
  weightDecay = 0; // L2 coefficient, 0 = off
  dropout = 0; // drop probability on the dense layers, 0 = off
  augment = false; // random crop with zero padding + horizontal flip of every training batch
  batchNorm = true; // the Inception model's batch norm (false: the paper's "w/o BatchNorm" row)
  asset = 'cifar10-16px.bin';
  fitThreshold = 0.01; // figures: a run is fitted when its train error is at most this
  maxEpochs = 100; // figures: give up on fitting after this many epochs
  corruptions = DEFAULT_CORRUPTIONS; // figure 1b/1c: the values of p to sweep

  /**
   * Read a State from a URL's query and hash (hash wins); returns { state, warnings }. Keys that are
   * neither State fields nor in `otherKeys` (the page's own flags, e.g. embed) are ignored with a warning.
   */
  static fromUrl(url, { otherKeys = [] } = {}) {
    return State.fromParams(urlParams(url), { otherKeys });
  }

  /** Read a State from URLSearchParams; returns { state, warnings } (at most MAX_WARNINGS + 1 lines). */
  static fromParams(params, { otherKeys = [] } = {}) {
    const state = new State();
    const warnings = [];
    for (const [key, spec] of Object.entries(FIELDS)) {
      if (!params.has(key)) continue;
      const raw = params.get(key);
      const result = readField(spec, raw);
      if (result.ok) {
        state[key] = result.value;
        if (result.note) warnings.push(`${key}=${shorten(raw)}: ${result.note}`);
      } else {
        warnings.push(`Ignored ${key}=${shorten(raw)}: ${result.note}; using ${state[key]}.`);
      }
    }
    const unknown = [...new Set(params.keys())].filter((key) => !Object.hasOwn(FIELDS, key) && !otherKeys.includes(key));
    if (unknown.length > 0) warnings.push(`Ignored unknown setting${unknown.length > 1 ? 's' : ''}: ${unknown.slice(0, 5).map(shorten).join(', ')}${unknown.length > 5 ? ` and ${unknown.length - 5} more` : ''}.`);
    if (warnings.length > MAX_WARNINGS) warnings.splice(MAX_WARNINGS, Infinity, `… and ${warnings.length - MAX_WARNINGS} more ignored or clamped values.`);
    return { state, warnings };
  }

  /** A copy of this state with some fields replaced (values are validated like URL input). */
  with(changes) {
    const next = Object.assign(new State(), this);
    for (const [key, value] of Object.entries(changes)) {
      const spec = Object.hasOwn(FIELDS, key) ? FIELDS[key] : null;
      if (!spec) throw new Error(`unknown state field: ${key}`);
      const result = readField(spec, String(value));
      if (!result.ok) throw new Error(`invalid ${key}: ${result.note}`);
      next[key] = result.value;
    }
    return next;
  }

  /** Plain object of every field (what window.rethink.state() returns). */
  toObject() {
    return { ...this };
  }

  /** Query string (without '?' or '#') holding only the fields that differ from the defaults. */
  toQuery() {
    const defaults = new State();
    const params = new URLSearchParams();
    for (const key of Object.keys(FIELDS)) {
      if (this[key] === defaults[key]) continue;
      params.set(key, typeof this[key] === 'boolean' ? (this[key] ? '1' : '0') : String(this[key]));
    }
    return params.toString();
  }

  /** The config object for Experiment.create (backend may still be 'auto'; the worker resolves it). */
  toConfig() {
    const config = { ...this };
    for (const key of NON_CONFIG_FIELDS) delete config[key];
    return config;
  }

  /** Whether moving from this state to `other` changes the run (a config field differs). */
  configDiffers(other) {
    const mine = this.toConfig();
    const theirs = other.toConfig();
    return Object.keys(mine).some((key) => mine[key] !== theirs[key]);
  }
}

function readField(spec, raw) {
  switch (spec.kind) {
    case 'enum':
      return spec.values.includes(raw)
        ? { ok: true, value: raw }
        : { ok: false, note: `expected one of ${spec.values.join(', ')}` };
    case 'bool':
      if (['1', 'true', 'yes', 'on'].includes(raw)) return { ok: true, value: true };
      if (['0', 'false', 'no', 'off'].includes(raw)) return { ok: true, value: false };
      return { ok: false, note: 'expected 1/0 or true/false' };
    case 'int':
    case 'float':
      return readNumber(spec, raw);
    case 'plist': {
      const parsed = parsePList(raw);
      return parsed.ok ? { ok: true, value: parsed.text } : { ok: false, note: parsed.error };
    }
    case 'pattern':
      return spec.pattern.test(raw)
        ? { ok: true, value: raw }
        : { ok: false, note: 'not a plain lower-case file name ending in .bin' };
    default:
      return { ok: false, note: 'unsupported field' };
  }
}

function readNumber(spec, raw) {
  const text = raw.trim();
  const valid = spec.kind === 'int' ? /^-?\d+$/ : /^-?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i;
  if (!valid.test(text)) return { ok: false, note: `expected ${spec.kind === 'int' ? 'an integer' : 'a number'}` };
  const value = Number(text);
  if (!Number.isFinite(value)) return { ok: false, note: 'not a finite number' };
  const clamped = Math.min(spec.max, Math.max(spec.min, value));
  if (clamped !== value) return { ok: true, value: clamped, note: `clamped to ${clamped}` };
  return { ok: true, value };
}

function shorten(text) {
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}
