// Page controller: State <-> controls <-> URL hash ("set state, serialize, reset"), wiring the
// parts: runner.js (the main worker and the current run), pins.js, sequence.js (presets),
// api.js (window.rethink, window.rethinkDebug, the rethink:epoch event, a host page's postMessage
// commands through embed-messages.js), autoplay.js, and the Figure 1 panel (figure-panel.js, its
// own worker; it pauses this run).
import { announceEpoch, createDebug, installApi } from './share/api.js';
import { setupAutoplay } from './share/autoplay.js';
import { bindControls, syncControls } from './ui/controls.js';
import { explain } from './core/explain.js';
import { exportSettings } from './core/export.js';
import { buildHash, hiddenParts, PAGE_KEYS, readPageOptions } from './core/page-options.js';
import { createPins } from './run/pins.js';
import { bindShortcuts, createFullscreen } from './share/presenter.js';
import { createRunner } from './run/runner.js';
import { createRunStore } from './run/run-store.js';
import { describeSetting } from './core/science.js';
import { createSequence } from './run/sequence.js';
import { bindShare } from './share/share.js';
import { State, urlParams } from './core/state.js';
import * as view from './ui/view.js';

const initial = readUrl();
let state = initial.state;
let options = initial.options; // the page flags: { embed, hide, autoplay, preset }
let figures = null; // the Figure 1 panel, once its module is loaded
let share = null;
let chart = null; // the main chart, once its module is loaded

const store = createRunStore();
let autoplayReport = null; // what autoplay.js last reported (for the tests)
const debug = createDebug({
  store,
  getState: () => state,
  autoplay: () => autoplayReport,
  chart: () => chart,
  pinLabels: () => pins.labels(),
  figure: () => figures?.summary(),
  options: () => options,
  sequence: () => sequence.summary(),
  elapsedMs: () => runner.elapsedMs(),
});
const runner = createRunner({
  getState: () => state,
  assetUrl,
  chart: () => chart,
  figureRunning: () => figures?.running,
  store,
  onStart: () => pins.update(),
  onEpoch: (metrics, runId) => {
    pins.update();
    announceEpoch(metrics, runId);
    sequence.advance(metrics);
  },
  onPlaying: () => sequence.refresh(),
});
const pins = createPins({ chart: () => chart, history: () => store.history(), runConfig: () => runner.config() });
const sequence = createSequence({
  getState: () => state,
  applyState,
  adoptState: (next) => {
    state = next;
  },
  presetFlag: () => options.preset,
  setPresetFlag: (id) => {
    options = { ...options, preset: id };
  },
  pins,
  runner,
});

window.addEventListener('error', (event) => {
  if (!/ResizeObserver loop/.test(event.message)) view.addPageError(`Page error: ${event.message}`);
});
window.addEventListener('unhandledrejection', (event) => view.addPageError(`Page error: ${event.reason?.message ?? event.reason}`));

// The controls show the state at once (the chart modules load meanwhile).
view.setNotices(initial.warnings);
if (options.preset) sequence.start(options.preset, { play: false, restart: false });
syncControls(state);
view.applyLayout({ embed: options.embed, hidden: hiddenParts(options) });
sequence.renderButtons();
showExplanation();
writeUrl();

try {
  const { createChart } = await import('./ui/chart.js');
  chart = createChart(document.getElementById('chart'));
  const { createFigurePanel } = await import('./figures/figure-panel.js');
  figures = createFigurePanel({ getState: () => state, assetUrl, onRunning: runner.onFigureRunning });
} catch (error) {
  view.addPageError(`The chart library could not be loaded (${error.message}) — run npm ci so vendor/uplot/ can be served.`);
}

// The paper's Sections 4 and 5 (Theorem 1's memorizer, the minimum-norm interpolant), computed
// in a worker of their own on the current data settings.
const { createTheoryPanel } = await import('./ui/theory-panel.js');
createTheoryPanel({ getState: () => state, assetUrl });

bindControls((changes) => changeState(changes), {
  play: () => runner.setPlaying(!runner.playing),
  reset: () => runner.newRun(),
  pin: pins.pin,
  'clear-pins': pins.clear,
  'fig1a-run': () => figures?.runFig1a(),
  'sweep-run': () => figures?.runSweep(),
  'figure-cancel': () => figures?.cancel(),
});
share = bindShare({ current: () => ({ state, preset: options.preset }) });
const { bindExport } = await import('./share/exporter.js').catch(() => ({ bindExport: null }));
bindExport?.({ current: exportData, chartCanvas: () => chart?.plot?.ctx?.canvas ?? null });
const fullscreen = createFullscreen(document.getElementById('chart-figure'), (large) => chart?.setLarge(large));
document.getElementById('fullscreen').addEventListener('click', () => fullscreen.toggle());
const shortcuts = document.getElementById('shortcuts-dialog');
document.getElementById('show-shortcuts').addEventListener('click', () => shortcuts.showModal());
document.getElementById('shortcuts-close').addEventListener('click', () => shortcuts.close());
bindShortcuts({
  playPause: () => runner.setPlaying(!runner.playing),
  reset: () => runner.newRun(),
  toggleLabels: () => changeState({ labelCorruption: state.labelCorruption >= 1 ? 0 : 1 }),
  togglePixels: () => changeState({ pixels: state.pixels === 'random' ? 'none' : 'random' }),
  fullscreen: () => fullscreen.toggle(),
  help: () => shortcuts.showModal(),
});
window.addEventListener('hashchange', onHashChange);
view.setPlaying(runner.playing);
runner.newRun();
setupAutoplay({
  enabled: options.autoplay,
  target: document.getElementById('chart'),
  isPlaying: () => runner.playing,
  setPlaying: runner.setPlaying,
  report: (autoplay) => {
    autoplayReport = autoplay;
  },
});
installApi({
  getState: () => state,
  changeState,
  setPlaying: runner.setPlaying,
  newRun: () => runner.newRun(),
  history: () => store.history(),
  startPreset: (id) => sequence.start(id, { play: true }),
  backend: () => store.get('backend'),
});
window.rethinkDebug = debug; // last: tests take its presence to mean the controls are live

// State and page flags from the address: the hash wins over the older ?query form.
function readUrl() {
  const params = urlParams(window.location.href);
  const read = State.fromParams(params, { otherKeys: PAGE_KEYS });
  const flags = readPageOptions(params);
  return { state: read.state, options: flags.options, warnings: [...read.warnings, ...flags.warnings] };
}

// Serialize the State and the page flags into the hash (the query is dropped: the hash holds it all).
function writeUrl() {
  const hash = buildHash(state, options);
  const url = `${window.location.pathname}${hash ? `#${hash}` : ''}`;
  if (url !== `${window.location.pathname}${window.location.search}${window.location.hash}`) window.history.replaceState(null, '', url);
}

// Set state, serialize it into the URL, reset the run if a run field changed. A change made by
// the reader (controls, keys, the API) ends a preset; the preset's own steps keep it.
function changeState(changes, { fromPreset = false } = {}) {
  const next = state.with(changes);
  if (!fromPreset) sequence.stop();
  applyState(next);
}

function applyState(next, { forceRestart = false } = {}) {
  const restart = forceRestart || state.configDiffers(next);
  state = next;
  syncControls(state);
  writeUrl();
  showExplanation();
  share?.refresh();
  if (restart) runner.newRun();
}

// The reader edited the address (or a host page changed the iframe's hash): read it again.
function onHashChange() {
  const read = readUrl();
  view.setNotices(read.warnings);
  options = read.options;
  view.applyLayout({ embed: options.embed, hidden: hiddenParts(options) });
  if (options.preset && options.preset !== sequence.presetId()) {
    state = read.state;
    sequence.start(options.preset, { play: false });
    return;
  }
  if (!options.preset) sequence.stop();
  applyState(read.state);
}

function showExplanation() {
  view.setExplain(explain(state));
}

// What an export carries: the link that reproduces the run, its config and the history.
function exportData() {
  const config = runner.config() ?? state.toConfig();
  const settings = exportSettings({
    url: window.location.href,
    state: state.toObject(),
    config,
    description: describeSetting(config),
    backend: store.get('backend'),
  });
  return { state, history: store.history().map((m) => ({ ...m })), settings, pins: pins.labels().map((label) => ({ label })) };
}

function assetUrl() {
  return new URL(`data/${state.asset}`, window.location.href).href;
}
