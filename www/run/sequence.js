// The preset being shown: a series of runs (presets.js) played one after another, each pinned
// when it is over, and the preset line that says where it is. The preset buttons start one.
import { findPreset, presetChanges, presetRunOver, PRESETS } from '../core/presets.js';
import { formatPercent } from '../core/science.js';
import * as view from '../ui/view.js';

/**
 * Create the sequencer. `getState()` gives the State; `applyState(next, { forceRestart })` sets it
 * (and resets the run), `adoptState(next)` only records it (before the first run); `presetFlag()`
 * and `setPresetFlag(id | null)` read and write the page flag `preset`; `pins` and `runner` are the
 * page's pins and runner.
 */
export function createSequence({ getState, applyState, adoptState, presetFlag, setPresetFlag, pins, runner }) {
  let sequence = null; // the preset being shown: { preset, index, done? }

  function renderButtons() {
    const box = document.getElementById('preset-buttons');
    box.replaceChildren(...PRESETS.map((preset) => {
      const button = Object.assign(document.createElement('button'), { type: 'button', textContent: preset.title, title: preset.summary });
      button.dataset.preset = preset.id;
      button.addEventListener('click', () => start(preset.id, { play: true }));
      return button;
    }));
  }

  // Start preset `id` from its first run (clearing the pins, so the comparison is clean).
  function start(id, { play = true, restart = true } = {}) {
    const preset = findPreset(id);
    if (!preset) return;
    sequence = { preset, index: 0 };
    setPresetFlag(id);
    pins.empty();
    const next = getState().with(presetChanges(preset, 0));
    if (restart) applyState(next, { forceRestart: true });
    else adoptState(next);
    show();
    if (play && !runner.playing) runner.setPlaying(true);
  }

  function stop() {
    if (!sequence && !presetFlag()) return;
    sequence = null;
    setPresetFlag(null);
    view.setPresetLine(null);
  }

  // After each evaluation of a preset run: when it is over, pin it and go on with the next run.
  function advance(metrics) {
    if (!sequence || sequence.done || !presetRunOver(metrics, getState())) return;
    pins.pin();
    const { preset } = sequence;
    if (sequence.index + 1 >= preset.runs.length) {
      sequence.done = true;
      runner.setPlaying(false);
      show();
      return;
    }
    sequence.index += 1;
    applyState(getState().with(presetChanges(preset, sequence.index)), { forceRestart: true });
    show();
  }

  function show() {
    if (!sequence) return view.setPresetLine(null);
    const state = getState();
    const { preset, index, done } = sequence;
    const rule = `each run until train error ≤ ${formatPercent(state.fitThreshold)} or ${state.maxEpochs} epochs (the Figure 1 settings below)`;
    if (done) {
      return view.setPresetLine(`Preset “${preset.title}” done: ${preset.runs.length} runs, pinned on the chart (${rule}). ${preset.summary}`);
    }
    return view.setPresetLine(`Preset “${preset.title}”: run ${index + 1} of ${preset.runs.length}, ${preset.runs[index].label}; ${rule}; ` +
      `finished runs stay on the chart, faded. ${preset.summary}${runner.playing ? '' : ' Press Play.'}`);
  }

  return {
    renderButtons,
    start,
    stop,
    advance,
    /** Show the preset line again (play or pause changes it), if a preset is shown. */
    refresh: () => {
      if (sequence) show();
    },
    /** The id of the preset being shown, if any. */
    presetId: () => sequence?.preset.id,
    /** For rethinkDebug: { preset, index, runs, done } or null. */
    summary: () => sequence && { preset: sequence.preset.id, index: sequence.index, runs: sequence.preset.runs.length, done: Boolean(sequence.done) },
  };
}
