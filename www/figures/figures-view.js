// The Figure 1 panel: charts (a) loss vs thousands of steps and train error vs epoch for the five
// variants, (b) time to fit and (c) test error against label corruption p, and the results tables.
// Dumb: main.js hands it data. Text only in the DOM.
import { createPlot, DASHES, OKABE_ITO } from '../ui/plot.js';
import { formatPercent, relativeFitTimes } from '../core/science.js';

/** One colour (and dash) per Figure 1a variant, in the paper's order. */
export const VARIANT_COLORS = [OKABE_ITO.blue, OKABE_ITO.vermillion, OKABE_ITO.green, OKABE_ITO.purple, OKABE_ITO.orange];

const byId = (id) => document.getElementById(id);
const EPOCH_INCRS = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000];
const upTo = (max) => (_u, _min, dataMax) => [0, Math.max(max ?? 0, (dataMax ?? 1) * 1.1)];

/** Build the figure charts in their containers; returns the panel's update methods. */
export function createFigureViews() {
  const common = { height: 260, legendLive: false };
  const loss = createPlot(byId('fig1a-loss'), { ...common, xLabel: 'thousands of steps', yLabel: 'average loss', yRange: upTo(0), xSpan: 0.01 });
  const error = createPlot(byId('fig1a-error'), { ...common, xLabel: 'epoch', yLabel: 'train error', yRange: [0, 100], yUnit: ' %', xIncrs: EPOCH_INCRS });
  const time = createPlot(byId('fig1b'), { ...common, xLabel: 'label corruption p', yLabel: 'time to fit (× reference)', yRange: upTo(1.5) });
  const test = createPlot(byId('fig1c'), { ...common, xLabel: 'label corruption p', yLabel: 'test error', yRange: [0, 100], yUnit: ' %', chance: 90 });
  let variants = []; // [{ key, label, losses: [[kSteps, loss]], errors: [[epoch, %]] }]

  const drawFig1a = () => {
    const style = (v, i) => ({ label: v.label, color: VARIANT_COLORS[i % 5], dash: DASHES[i % 5], keep: true, marker: 'none', width: 2 });
    loss.setSeries(variants.map((v, i) => ({ ...style(v, i), points: v.losses })));
    error.setSeries(variants.map((v, i) => ({ ...style(v, i), points: v.errors })));
  };

  return {
    /** Empty Figure 1a, with a legend entry per job (in the order given: the paper's). */
    startFig1a(jobs) {
      variants = jobs.map((job) => ({ key: job.key, label: job.label, losses: [], errors: [] }));
      drawFig1a();
      renderTable('fig1a-table', []);
      byId('fig1a-panel').hidden = false;
    },
    /** Add a 'steps' message's mean loss to the job's loss curve. */
    addFig1aSteps(key, step, meanLoss) {
      const v = variants.find((x) => x.key === key);
      if (!v || !Number.isFinite(meanLoss)) return;
      v.losses.push([step / 1000, meanLoss]);
      drawFig1a();
    },
    /** Add an evaluation to the job's train-error curve. */
    addFig1aEpoch(key, metrics) {
      const v = variants.find((x) => x.key === key);
      if (!v) return;
      v.errors.push([metrics.epoch, metrics.trainError * 100]);
      drawFig1a();
    },
    /** Fill Figure 1a's table with the finished variants. */
    setFig1aResults(results) {
      renderTable('fig1a-table', results.map((r) => [r.label, ...fitCells(r)]));
    },
    /** Empty Figures 1b and 1c. */
    startSweep() {
      this.setSweepResults([]);
      byId('fig1bc-panel').hidden = false;
    },
    /** Draw Figures 1b and 1c and the table from the sweep's results so far. */
    setSweepResults(results) {
      const { reference, points } = relativeFitTimes(results);
      const split = (y) => [
        { label: 'fitted', points: points.filter((p) => p.fitted && y(p) != null).map((p) => [p.p, y(p)]), color: OKABE_ITO.blue, markerAlways: true, keep: true },
        { label: 'not fitted (lower bound)', points: points.filter((p) => !p.fitted && y(p) != null).map((p) => [p.p, y(p)]), color: OKABE_ITO.vermillion, line: false, marker: 'hollow', keep: true },
      ];
      time.setSeries(split((p) => p.relative));
      test.setSeries(split((p) => p.testError * 100));
      byId('fig1b-reference').textContent = reference === null ? 'relative to p = 0 (no run fitted yet)' : `relative to p = ${reference}`;
      renderTable('fig1bc-table', points.map((p) => [String(p.p), ...fitCells(p), p.relative == null ? '–' : `${p.relative.toFixed(2)}×${p.fitted ? '' : ' (or more)'}`]));
    },
    /** Show what the figure runner is doing (or hide the line with null). */
    setProgress(text, { running = false } = {}) {
      const line = byId('figure-progress');
      line.textContent = text ?? '';
      line.hidden = !text;
      line.dataset.running = String(running);
    },
    /** Series counts and legend labels, for tests and the console. */
    summary() {
      const labels = (plot) => plot.plot?.series.slice(1).map((s) => s.label) ?? [];
      return {
        fig1aLoss: { series: loss.seriesCount(), labels: labels(loss), points: variants.map((v) => v.losses.length) },
        fig1aError: { series: error.seriesCount(), labels: labels(error), points: variants.map((v) => v.errors.length) },
        fig1b: { series: time.seriesCount(), labels: labels(time) },
        fig1c: { series: test.seriesCount(), labels: labels(test) },
      };
    },
  };
}

// Table cells shared by both tables: status, epochs, steps, train error, test error.
function fitCells(r) {
  return [r.fitted ? 'fitted' : 'not fitted', String(r.epoch), String(r.step), formatPercent(r.trainError), formatPercent(r.testError)];
}

// Replace a table body's rows with text cells.
function renderTable(id, rows) {
  const body = byId(id).tBodies[0];
  body.replaceChildren(...rows.map((cells) => {
    const tr = document.createElement('tr');
    tr.append(...cells.map((text) => Object.assign(document.createElement('td'), { textContent: text })));
    return tr;
  }));
  byId(id).hidden = rows.length === 0;
}
