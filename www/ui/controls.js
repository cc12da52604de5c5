// The experiment controls: show a State in them (sync) and turn user input into state changes
// (bind). Values typed by hand are checked here; a refused value is explained next to its field
// and leaves the State as it was.
import { parsePList } from '../core/science.js';
import { SETTINGS } from '../core/settings.js';

const byId = (id) => document.getElementById(id);
const DEFAULT_DROPOUT = 0.5; // the rate offered when dropout is switched on

// The range a number control accepts, from the run setting it edits (Rust's table, settings.js).
const rangeOf = (name) => ({ min: SETTINGS.byName[name].min, max: SETTINGS.byName[name].max, what: SETTINGS.byName[name].label });

let built = false;

/** Controls built from the run settings (once): the model and image menus, tooltips and number ranges. */
function buildFromSettings() {
  if (built) return;
  built = true;
  for (const [id, name] of [['model', 'model'], ['pixels', 'pixels']]) {
    const select = byId(id);
    select.replaceChildren(...SETTINGS.byName[name].choices.map((choice) => new Option(choice.label, choice.value)));
    select.title = SETTINGS.byName[name].help;
  }
  for (const [id, name] of [['label-corruption', 'labelCorruption'], ['weight-decay', 'weightDecay'], ['dropout-rate', 'dropout']]) {
    const input = byId(id);
    Object.assign(input, { min: String(SETTINGS.byName[name].min), max: String(SETTINGS.byName[name].max) });
  }
  byId('label-corruption').title = SETTINGS.byName.labelCorruption.help;
  byId('weight-decay').parentElement.title = SETTINGS.byName.weightDecay.help;
  byId('augment').parentElement.title = SETTINGS.byName.augment.help;
  for (const [id, name] of [['dropout-on', 'dropout'], ['batch-norm', 'batchNorm']]) {
    const label = byId(id).parentElement;
    label.dataset.help = SETTINGS.byName[name].help;
    label.title = label.dataset.help;
  }
}

/** Show `state` in every control, and enable only the controls that apply to its model. */
export function syncControls(state) {
  buildFromSettings();
  // The two toggles are views of the settings: random labels is p = 1, random pixels the 'random' mode.
  byId('random-labels').checked = state.labelCorruption >= 1;
  byId('random-pixels').checked = state.pixels === 'random';
  const slider = byId('label-corruption');
  slider.value = String(state.labelCorruption);
  byId('label-corruption-value').textContent = slider.value;
  byId('pixels').value = state.pixels;
  byId('model').value = state.model;
  byId('backend').value = state.backend;

  setNumber('weight-decay', state.weightDecay);
  const inception = state.model === 'inception';
  const dropoutOn = byId('dropout-on');
  dropoutOn.checked = state.dropout > 0;
  dropoutOn.disabled = inception;
  dropoutOn.parentElement.title = inception
    ? 'The Inception-style model has no hidden dense layer, so dropout does not apply to it.'
    : dropoutOn.parentElement.dataset.help;
  const rate = byId('dropout-rate');
  rate.disabled = inception || !(state.dropout > 0);
  if (state.dropout > 0) setNumber('dropout-rate', state.dropout);
  byId('augment').checked = state.augment;
  const batchNorm = byId('batch-norm');
  batchNorm.checked = state.batchNorm;
  batchNorm.disabled = !inception;
  batchNorm.parentElement.title = inception
    ? batchNorm.parentElement.dataset.help
    : 'Only the Inception-style model has batch norm; pick it under Model to switch it off.';

  setNumber('fit-threshold', +(state.fitThreshold * 100).toFixed(4));
  setNumber('max-epochs', state.maxEpochs);
  byId('corruptions').value = state.corruptions.replaceAll(',', ', ');
  for (const id of ['weight-decay', 'dropout-rate', 'fit-threshold', 'max-epochs', 'corruptions']) showInvalid(id, null);
}

/** Wire the controls: `onChange(changes)` gets State field changes, `actions` the button handlers by id. */
export function bindControls(onChange, actions) {
  buildFromSettings();
  const on = (id, type, handler) => byId(id).addEventListener(type, handler);
  for (const [id, handler] of Object.entries(actions)) on(id, 'click', handler);
  on('random-labels', 'change', (e) => onChange({ labelCorruption: e.target.checked ? 1 : 0 }));
  on('random-pixels', 'change', (e) => onChange({ pixels: e.target.checked ? 'random' : 'none' }));
  on('label-corruption', 'input', (e) => (byId('label-corruption-value').textContent = e.target.value));
  on('label-corruption', 'change', (e) => onChange({ labelCorruption: e.target.value }));
  on('pixels', 'change', (e) => onChange({ pixels: e.target.value }));
  on('model', 'change', (e) => onChange({ model: e.target.value }));
  on('backend', 'change', (e) => onChange({ backend: e.target.value }));

  on('weight-decay', 'change', () => {
    const value = readNumber('weight-decay', rangeOf('weightDecay'));
    if (value !== null) onChange({ weightDecay: value });
  });
  on('dropout-on', 'change', (e) => {
    if (!e.target.checked) return onChange({ dropout: 0 });
    const value = readNumber('dropout-rate', rangeOf('dropout'));
    return onChange({ dropout: value || DEFAULT_DROPOUT });
  });
  on('dropout-rate', 'change', () => {
    const value = readNumber('dropout-rate', rangeOf('dropout'));
    if (value !== null && byId('dropout-on').checked) onChange({ dropout: value });
  });
  on('augment', 'change', (e) => onChange({ augment: e.target.checked }));
  on('batch-norm', 'change', (e) => onChange({ batchNorm: e.target.checked }));

  on('fit-threshold', 'change', () => {
    const value = readNumber('fit-threshold', { min: 0, max: 90, what: 'The threshold' });
    if (value !== null) onChange({ fitThreshold: +(value / 100).toFixed(6) });
  });
  on('max-epochs', 'change', () => {
    const value = readNumber('max-epochs', { min: 1, max: 1000, what: 'Max epochs', integer: true });
    if (value !== null) onChange({ maxEpochs: value });
  });
  on('corruptions', 'change', () => {
    const parsed = parsePList(byId('corruptions').value);
    showInvalid('corruptions', parsed.ok ? null : `Not a list of p: ${parsed.error}.`);
    if (parsed.ok) onChange({ corruptions: parsed.text });
  });
}

/** Enable or disable the controls that would disturb a running figure (and the figure buttons). */
export function setFigureRunning(running) {
  for (const id of ['fig1a-run', 'sweep-run', 'fit-threshold', 'max-epochs', 'corruptions']) byId(id).disabled = running;
  byId('figure-cancel').hidden = !running;
  byId('play').disabled = running;
}

function setNumber(id, value) {
  byId(id).value = String(value);
}

// Read a number field strictly; on a bad value say why next to it and return null.
function readNumber(id, { min, max, what, integer = false }) {
  const text = byId(id).value.trim();
  const pattern = integer ? /^\d+$/ : /^(\d+\.?\d*|\.\d+)(e-?\d+)?$/i;
  const value = Number(text);
  const ok = pattern.test(text) && Number.isFinite(value) && value >= min && value <= max;
  showInvalid(id, ok ? null : `${what} must be ${integer ? 'a whole number' : 'a number'} from ${min} to ${max}.`);
  return ok ? value : null;
}

// Mark a field invalid with a message (or clear it with null).
function showInvalid(id, message) {
  const input = byId(id);
  input.setCustomValidity(message ?? '');
  input.setAttribute('aria-invalid', String(Boolean(message)));
  const box = byId(`${id}-error`);
  if (box) {
    box.textContent = message ?? '';
    box.hidden = !message;
  }
}
