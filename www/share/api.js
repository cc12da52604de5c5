// The page's JS surface: window.rethink (the API for host pages and tests), the live record behind
// window.rethinkDebug, and the `rethink:epoch` event. In an iframe the same API also answers the
// parent's postMessage commands, and the run is announced to it (embed-messages.js).
import { connectToParent } from './embed-messages.js';
import { findPreset } from '../core/presets.js';

let parentLink = null; // the host page around an iframe, once the API is installed

/**
 * The read-only live view of the page for tests and curious readers (the console): the run
 * store's fields (run/run-store.js) and `state` and `autoplay` as properties, read when asked;
 * functions that ask `chart()` (the main chart, may be absent), `pinLabels()`, `figure()` (the
 * Figure 1 summary), `options()` (the page flags), `sequence()` (the preset shown) and
 * `elapsedMs()`. Writing to it throws: the run store is the record, this only shows it.
 */
export function createDebug({ store, getState, autoplay, chart, pinLabels, figure, options, sequence, elapsedMs }) {
  const page = { state: getState, autoplay };
  const functions = {
    chartPoints: () => chart()?.pointCount() ?? 0,
    chartSeries: () => chart()?.seriesCount() ?? 0,
    chartMarker: () => chart()?.marker() ?? null,
    divergedMarker: () => chart()?.divergedMarker() ?? null,
    chartFontSize: () => chart()?.fontSize() ?? null,
    pins: () => pinLabels(),
    figure: () => figure() ?? null,
    options: () => {
      const current = options();
      return { ...current, hide: [...current.hide] };
    },
    sequence: () => sequence(),
    elapsedMs: () => elapsedMs(),
  };
  const known = (key) => Object.hasOwn(page, key) || Object.hasOwn(functions, key) || store.keys().includes(key);
  return new Proxy(Object.create(null), {
    get(_target, key) {
      if (Object.hasOwn(page, key)) return page[key]();
      if (Object.hasOwn(functions, key)) return functions[key];
      return typeof key === 'string' && store.keys().includes(key) ? store.get(key) : undefined;
    },
    has: (_target, key) => known(key),
    ownKeys: () => [...Object.keys(page), ...store.keys(), ...Object.keys(functions)],
    getOwnPropertyDescriptor: (_target, key) => (known(key) ? { enumerable: true, configurable: true } : undefined),
    set() {
      throw new TypeError('window.rethinkDebug is read-only: the run store (run/run-store.js) holds the run');
    },
  });
}

/**
 * The API object (pure: no window): `getState()` gives the State, `changeState(changes)` sets it as
 * the reader would, `setPlaying(bool)`, `newRun()`, `history()` (the current run's evaluations) and
 * `startPreset(id)` drive the page.
 */
export function createApi({ getState, changeState, setPlaying, newRun, history, startPreset }) {
  return Object.freeze({
    /** The State as a plain object. */
    state: () => getState().toObject(),
    /** Change some State fields (validated like the URL; throws on an unknown field or a bad value, changing nothing). */
    setState(partial) {
      if (partial === null || typeof partial !== 'object' || Array.isArray(partial)) throw new TypeError('setState expects an object of State fields');
      changeState({ ...partial });
      return getState().toObject();
    },
    play: () => setPlaying(true),
    pause: () => setPlaying(false),
    /** Start the current run again from a fresh network. */
    reset: () => newRun(),
    /** Every evaluation of the current run so far, as plain objects. */
    history: () => history().map((metrics) => ({ ...metrics })),
    /** Start a preset by id (see README). */
    preset: (id) => {
      if (!findPreset(id)) throw new Error(`unknown preset: ${id}`);
      startPreset(id);
    },
  });
}

/**
 * Install window.rethink (frozen, not writable) over `createApi(hooks)`; in an iframe, answer the
 * parent's commands with it too. `backend()` gives the current run's backend (for the host page).
 */
export function installApi({ backend, ...hooks }) {
  const api = createApi(hooks);
  Object.defineProperty(window, 'rethink', { value: api, configurable: false, writable: false });
  if (window.parent !== window) parentLink = connectToParent({ win: window, api, backend });
}

/** Tell listeners of the page (`rethink:epoch` on window) and a host page (postMessage) about an evaluation. */
export function announceEpoch(metrics, runId) {
  window.dispatchEvent(new CustomEvent('rethink:epoch', { detail: { ...metrics, runId } }));
  parentLink?.epoch({ ...metrics, runId });
}
