// The page's one State object: its field initialisers are the defaults, the URL can override
// them through a strict whitelist, and it serializes back into a shareable query string.
// Pure module (no DOM), so Node tests can import it.

/** Asset names allowed in the URL: a plain file name under www/data/, ending in .bin. */
export const ASSET_PATTERN = /^[a-z0-9][a-z0-9._-]{0,80}\.bin$/;

// Whitelist: every field the URL may set, with how to read it.
const FIELDS = {
  model: { kind: 'enum', values: ['mlp', 'mlp3', 'cnn'] },
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
  asset: { kind: 'pattern', pattern: ASSET_PATTERN },
};

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
  asset = 'cifar10-16px.bin';

  /** Read a State from a URL's query and hash (hash wins); returns { state, warnings }. */
  static fromUrl(url) {
    const parsed = new URL(url, 'http://localhost/');
    const params = new URLSearchParams(parsed.search);
    const hash = new URLSearchParams(parsed.hash.replace(/^#/, ''));
    for (const [key, value] of hash) params.set(key, value);
    return State.fromParams(params);
  }

  /** Read a State from URLSearchParams, ignoring unknown keys; returns { state, warnings }. */
  static fromParams(params) {
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
    return { state, warnings };
  }

  /** A copy of this state with some fields replaced (values are validated like URL input). */
  with(changes) {
    const next = Object.assign(new State(), this);
    for (const [key, value] of Object.entries(changes)) {
      const spec = FIELDS[key];
      if (!spec) throw new Error(`unknown state field: ${key}`);
      const result = readField(spec, String(value));
      if (!result.ok) throw new Error(`invalid ${key}: ${result.note}`);
      next[key] = result.value;
    }
    return next;
  }

  /** Query string (without '?') holding only the fields that differ from the defaults. */
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
    const { asset, ...config } = this; // every field but the asset, which the worker fetches
    return config;
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
