// The main train/test error chart: a dumb component over plot.js with reset() and addPoint(),
// plus pinned runs (faded, kept across runs) and the early-stopping marker, both given by main.js.
import { createPlot, OKABE_ITO, withAlpha } from './plot.js';

/** Colours of the live run (train solid, test dashed) and of up to four pinned runs. */
export const COLORS = { train: OKABE_ITO.blue, test: OKABE_ITO.vermillion, pins: [OKABE_ITO.sky, OKABE_ITO.green, OKABE_ITO.purple, OKABE_ITO.orange] };

/** Colour of the divergence marker (also told apart by being solid and labelled). */
const DIVERGED = '#A50021';

const EPOCH_INCRS = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000];

/** Create the chart inside `container`; returns { reset, addPoint, setPins, setMarker, setDiverged, pointCount, seriesCount, marker, divergedMarker, plot }. */
export function createChart(container, { height = 340 } = {}) {
  const plot = createPlot(container, { xLabel: 'epoch', yLabel: 'error', yRange: [0, 100], yUnit: ' %', chance: 90, height, xIncrs: EPOCH_INCRS });
  const live = { train: [], test: [] }; // [epoch, error %]
  let pins = []; // [{ label, history }]

  const redraw = () => {
    const series = [];
    pins.forEach((pin, i) => {
      const color = COLORS.pins[i % COLORS.pins.length];
      const points = (key) => pin.history.map((m) => [m.epoch, m[key] * 100]);
      series.push({ label: `${pin.label} (train)`, points: points('trainError'), color, alpha: 0.6, width: 1.5, marker: 'none' });
      series.push({ label: `${pin.label} (test)`, points: points('testError'), color, alpha: 0.6, width: 1.5, dash: [6, 4], marker: 'none' });
    });
    series.push({ label: 'train error', points: live.train, color: COLORS.train, keep: true });
    series.push({ label: 'test error', points: live.test, color: COLORS.test, dash: [9, 5], marker: 'hollow', keep: true });
    plot.setSeries(series, live.train.at(-1)?.[0] ?? null);
  };
  redraw();

  return {
    /** Remove every point of the live run (a new run starts); pins stay. */
    reset() {
      live.train = [];
      live.test = [];
      plot.setMarker(null);
      plot.setMarker(null, 'diverged');
      redraw();
    },
    /** Append one evaluation; errors are fractions 0..1, as Experiment.evaluate() returns them. */
    addPoint(epoch, trainError, testError) {
      live.train.push([epoch, trainError * 100]);
      live.test.push([epoch, testError * 100]);
      redraw();
    },
    /** Show these pinned runs ([{ label, history }], history as evaluate() metrics), faded. */
    setPins(next) {
      pins = next;
      redraw();
    },
    /** Draw the early-stopping marker at { epoch, label }, or none with null. */
    setMarker(next) {
      plot.setMarker(next ? { x: next.epoch, label: next.label } : null);
    },
    /** Mark where the run diverged (a solid red line, labelled), or remove the mark with null. */
    setDiverged(epoch) {
      const label = epoch == null ? '' : `diverged: loss not finite (epoch ${+epoch.toFixed(2)})`;
      plot.setMarker(epoch == null ? null : { x: epoch, label, color: DIVERGED, row: 1 }, 'diverged');
    },
    /** Large text and the window's height (full screen), or back to normal. */
    setLarge(large) {
      plot.setLarge(large, large ? Math.max(300, window.innerHeight - 140) : height);
    },
    /** The axis font size in CSS pixels (for tests). */
    fontSize() {
      return plot.fontSize();
    },
    /** Number of points of the live run (for tests). */
    pointCount() {
      return live.train.length;
    },
    /** Number of series drawn (the live run's two plus two per pin). */
    seriesCount() {
      return plot.seriesCount();
    },
    /** The early-stopping marker drawn, or null. */
    marker() {
      return plot.marker();
    },
    /** The divergence marker drawn ({ x, label }), or null. */
    divergedMarker() {
      return plot.marker('diverged');
    },
    get plot() {
      return plot.plot;
    },
  };
}

/** The faded colour of pin `i` (for the legend swatches in the page). */
export function pinColor(i) {
  return withAlpha(COLORS.pins[i % COLORS.pins.length], 0.6);
}
