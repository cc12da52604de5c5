// The page's one State object: the run settings (described by Rust: settings.js) and the page's
// own fields. Defaults come from the schema (the learning rate per model); the URL can override
// them through a strict whitelist, and a State serializes back into a shareable URL hash (the
// older ?query form is still read; the hash wins). Pure module (no DOM), so Node tests import it.
import { DEFAULT_CORRUPTIONS, parsePList } from './science.js';
import { SETTINGS } from './settings.js';

/** Asset names allowed in the URL: a plain file name under www/data/, ending in .bin. */
export const ASSET_PATTERN = /^[a-z0-9][a-z0-9._-]{0,80}\.bin$/;

/** The page's own fields (not run settings): their URL spec and default. */
const PAGE_FIELDS = {
  backend: { spec: { kind: 'enum', values: ['auto', 'webgpu', 'cpu'] }, value: 'auto' },
  asset: { spec: { kind: 'pattern', pattern: ASSET_PATTERN }, value: 'cifar10-16px.bin' },
  // Figures: a run is fitted when its train error is at most this; give up after maxEpochs.
  fitThreshold: { spec: { kind: 'float', min: 0, max: 0.9 }, value: 0.01 },
  maxEpochs: { spec: { kind: 'int', min: 1, max: 1000 }, value: 100 },
  corruptions: { spec: { kind: 'plist' }, value: DEFAULT_CORRUPTIONS }, // Figure 1b/1c's values of p
};

/**
 * Names the page still accepts from older links, the embed API and setState, as views of the
 * settings: randomLabels is label corruption p = 1, randomPixels the 'random' pixel mode.
 * Each maps (on, state) to the changes it means; off undoes only its own value.
 */
export const ALIASES = Object.freeze({
  randomLabels: (on, state) => (on ? { labelCorruption: 1 } : state.labelCorruption >= 1 ? { labelCorruption: 0 } : {}),
  randomPixels: (on, state) => (on ? { pixels: 'random' } : state.pixels === 'random' ? { pixels: 'none' } : {}),
});

/** At most this many warning lines are shown for one URL (a hostile URL cannot flood the page). */
const MAX_WARNINGS = 8;

/** A URL's query and hash parameters merged, the hash winning. */
export function urlParams(url) {
  const parsed = new URL(url, 'http://localhost/');
  const params = new URLSearchParams(parsed.search);
  const hash = new URLSearchParams(parsed.hash.replace(/^#/, ''));
  for (const [key, value] of hash) params.set(key, value);
  return params;
}

/**
 * The State class for a set of run settings (`describeSettings(schema)`): the page's own State
 * uses the built module's; tests build one from a changed schema.
 */
export function stateClassFor(settings) {
  const FIELDS = { ...settings.fields, ...Object.fromEntries(Object.entries(PAGE_FIELDS).map(([k, f]) => [k, f.spec])) };
  const DEFAULTS = { ...settings.defaults, ...Object.fromEntries(Object.entries(PAGE_FIELDS).map(([k, f]) => [k, f.value])) };
  const modelDefaults = (model) => ({ ...settings.defaults, ...(settings.modelDefaults[model] ?? {}) });

  /** The page's settings; fromUrl/with/toQuery/toConfig move them around. */
  class State {
    constructor() {
      Object.assign(this, DEFAULTS);
    }

    /** The run settings' names: what toConfig() holds and Experiment.create accepts. */
    static configKeys = Object.freeze([...settings.names]);

    /**
     * Read a State from a URL's query and hash (hash wins); returns { state, warnings }. Keys that are
     * neither State fields, aliases nor in `otherKeys` (the page's own flags, e.g. embed) are ignored with a warning.
     */
    static fromUrl(url, { otherKeys = [] } = {}) {
      return State.fromParams(urlParams(url), { otherKeys });
    }

    /** Read a State from URLSearchParams; returns { state, warnings } (at most MAX_WARNINGS + 1 lines). */
    static fromParams(params, { otherKeys = [] } = {}) {
      const state = new State();
      const warnings = [];
      const read = (key, spec, apply) => {
        const raw = params.get(key);
        const result = readField(spec, raw);
        if (result.ok) {
          apply(result.value);
          if (result.note) warnings.push(`${key}=${shorten(raw)}: ${result.note}`);
        } else {
          warnings.push(`Ignored ${key}=${shorten(raw)}: ${result.note}; using ${state[key] ?? 'the default'}.`);
        }
      };
      for (const [key, spec] of Object.entries(FIELDS)) {
        if (params.has(key)) read(key, spec, (value) => (state[key] = value));
      }
      // A model's own defaults (the paper's learning rate for Inception) unless the URL sets them.
      for (const [key, value] of Object.entries(settings.modelDefaults[state.model] ?? {})) {
        if (!params.has(key)) state[key] = value;
      }
      for (const [alias, changes] of Object.entries(ALIASES)) {
        if (params.has(alias)) read(alias, { kind: 'bool' }, (on) => Object.assign(state, changes(on, state)));
      }
      const unknown = [...new Set(params.keys())].filter((key) => !Object.hasOwn(FIELDS, key) && !Object.hasOwn(ALIASES, key) && !otherKeys.includes(key));
      if (unknown.length > 0) warnings.push(`Ignored unknown setting${unknown.length > 1 ? 's' : ''}: ${unknown.slice(0, 5).map(shorten).join(', ')}${unknown.length > 5 ? ` and ${unknown.length - 5} more` : ''}.`);
      if (warnings.length > MAX_WARNINGS) warnings.splice(MAX_WARNINGS, Infinity, `… and ${warnings.length - MAX_WARNINGS} more ignored or clamped values.`);
      return { state, warnings };
    }

    /**
     * A copy of this state with some fields replaced (values are validated like URL input; an
     * unknown name throws, naming it). A new model brings its own defaults for the settings
     * still at the old model's (the learning rate), unless `changes` sets them.
     */
    with(changes) {
      const next = Object.assign(new State(), this);
      for (const [key, value] of Object.entries(changes)) {
        if (Object.hasOwn(ALIASES, key)) {
          const on = readField({ kind: 'bool' }, String(value));
          if (!on.ok) throw new Error(`invalid ${key}: ${on.note}`);
          Object.assign(next, ALIASES[key](on.value, next));
          continue;
        }
        const spec = Object.hasOwn(FIELDS, key) ? FIELDS[key] : null;
        if (!spec) throw new Error(`unknown state field: ${key} (the fields are ${Object.keys(FIELDS).join(', ')})`);
        const result = readField(spec, String(value));
        if (!result.ok) throw new Error(`invalid ${key}: ${result.note}`);
        next[key] = result.value;
      }
      if (next.model !== this.model) {
        const [before, after] = [modelDefaults(this.model), modelDefaults(next.model)];
        for (const key of Object.keys(settings.modelDefaults[next.model] ?? {}).concat(Object.keys(settings.modelDefaults[this.model] ?? {}))) {
          if (!Object.hasOwn(changes, key) && next[key] === before[key]) next[key] = after[key];
        }
      }
      return next;
    }

    /** Plain object of every field (what window.rethink.state() returns). */
    toObject() {
      return { ...this };
    }

    /** Query string (without '?' or '#') holding only the fields that differ from the defaults (the model's). */
    toQuery() {
      const defaults = { ...DEFAULTS, ...modelDefaults(this.model) };
      const params = new URLSearchParams();
      for (const key of Object.keys(FIELDS)) {
        if (this[key] === defaults[key]) continue;
        params.set(key, typeof this[key] === 'boolean' ? (this[key] ? '1' : '0') : String(this[key]));
      }
      return params.toString();
    }

    /** The config object for Experiment.create: exactly the run settings. */
    toConfig() {
      return Object.fromEntries(State.configKeys.map((key) => [key, this[key]]));
    }

    /** Whether moving from this state to `other` changes the run (a run setting or the backend differs). */
    configDiffers(other) {
      return [...State.configKeys, 'backend'].some((key) => this[key] !== other[key]);
    }
  }
  return State;
}

/** The page's State, from the built module's settings. */
export const State = stateClassFor(SETTINGS);

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
