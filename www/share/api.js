// The page's JS surface: window.rethink (the API for host pages and tests), the live record behind
// window.rethinkDebug, and the `rethink:epoch` event. In an iframe the same API also answers the
// parent's postMessage commands, and the run is announced to it (embed-messages.js).
import { connectToParent } from './embed-messages.js';
import { findPreset } from '../core/presets.js';

let parentLink = null; // the host page around an iframe, once the API is installed

/**
 * The live view of the page for tests and curious readers (the console). The run fields are
 * filled by the runner; the getters ask `chart()` (the main chart, may be absent), `pinLabels()`,
 * `figure()` (the Figure 1 summary), `options()` (the page flags), `sequence()` (the preset shown)
 * and `elapsedMs()` when they are called.
 */
export function createDebug({ state, chart, pinLabels, figure, options, sequence, elapsedMs }) {
  return {
    history: [], // one evaluate() metrics object per epoch of the current run
    backend: null, // 'cpu' | 'webgpu' once the run is ready
    state,
    config: null, // the config of the current run, as sent to the worker
    runId: 0,
    step: 0,
    stepsPerSec: null,
    stepsPerEpoch: null,
    numParams: null,
    fallbackNote: null,
    adapter: null,
    samples: null, // the last 'samples' message
    earlyStop: null, // { epoch, testError } of the lowest test error so far
    runError: null, // { kind, message, step } of the run's own failure (a Rust error's kind), if it failed
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
