// Pinned runs: the curves of finished runs kept on the main chart (faded) to compare with the
// next run, at most MAX_PINS, kept across runs; the pin controls say how many there are.
import { describeSetting } from '../core/science.js';
import * as view from '../ui/view.js';

const MAX_PINS = 4;

/** Create the pins. `chart()` gives the main chart (may be absent), `history()` the current run's evaluations, `runConfig()` its config. */
export function createPins({ chart, history, runConfig }) {
  let pins = []; // [{ label, history }]

  // Keep the current run's curves on the chart (faded), to compare with the next run.
  function pin() {
    if (history().length < 2) return;
    pins = [...pins, { label: `pinned: ${describeSetting(runConfig())}`, history: history().map((m) => ({ ...m })) }].slice(-MAX_PINS);
    chart()?.setPins(pins);
    update();
  }

  // Drop every pin from the chart; the pin controls are left for the next update().
  function empty() {
    pins = [];
    chart()?.setPins(pins);
  }

  function clear() {
    empty();
    update();
  }

  function update() {
    view.setPins({ count: pins.length, max: MAX_PINS, canPin: history().length >= 2 });
  }

  return { pin, clear, empty, update, labels: () => pins.map((entry) => entry.label) };
}
