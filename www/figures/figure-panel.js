// The Figure 1 panel's controller: the buttons start Figure 1a or the 1b/1c sweep with the
// current settings, the runner (figures.js) trains in its own worker, the views draw, and the
// progress line says where it is. runner.js (wired by main.js) pauses the main run while `running`.
import { setFigureRunning } from '../ui/controls.js';
import { createFigureRunner, fig1aJobs, sweepJobs } from './figures.js';
import { createFigureViews } from './figures-view.js';
import { describeSetting, formatPercent, parsePList } from '../core/science.js';

/** Create the panel. `getState()` gives the page State, `assetUrl()` the asset, `onRunning(bool)` is told when a figure starts and ends. */
export function createFigurePanel({ getState, assetUrl, onRunning }) {
  const views = createFigureViews();
  let running = null; // 'fig1a' | 'sweep' while one runs
  let last = { fig1a: null, sweep: null }; // { status, results, message } of the last run of each
  let epoch = { label: '', index: 0, total: 0 };

  const runner = createFigureRunner({
    onJobStart(job, index) {
      epoch = { label: job.label, index, total: epoch.total };
      progress('starting');
    },
    onSteps(job, message) {
      if (running === 'fig1a') views.addFig1aSteps(job.key, message.step, message.meanLoss);
    },
    onEpoch(job, metrics) {
      if (running === 'fig1a') views.addFig1aEpoch(job.key, metrics);
      progress(`epoch ${metrics.epoch}, train error ${formatPercent(metrics.trainError)}`);
    },
    onJobDone(job, result) {
      const results = [...(last[running]?.results ?? []), result];
      last[running] = { status: 'running', results };
      if (running === 'fig1a') views.setFig1aResults(results);
      else views.setSweepResults(results);
    },
  });

  function progress(detail) {
    const what = running === 'fig1a' ? 'Figure 1a — variant' : 'Figures 1b/1c — run';
    views.setProgress(`${what} ${epoch.index + 1}/${epoch.total}: ${epoch.label}, ${detail}`, { running: true });
  }

  async function run(kind, jobs) {
    if (running) return;
    const state = getState();
    running = kind;
    last[kind] = { status: 'running', results: [] };
    epoch = { label: '', index: 0, total: jobs.length };
    setFigureRunning(true);
    onRunning(true);
    const settings = { assetUrl: assetUrl(), backend: state.backend, threshold: state.fitThreshold, maxEpochs: state.maxEpochs };
    const outcome = await runner.run(jobs, settings);
    last[kind] = outcome;
    running = null;
    setFigureRunning(false);
    onRunning(false);
    const count = `${outcome.results.length} of ${jobs.length} runs`;
    const texts = {
      done: `Done: ${count}, each until train error ≤ ${formatPercent(settings.threshold)} or ${settings.maxEpochs} epochs (${describeSetting(jobs[0].config).split(', ').slice(1).join(', ') || 'as set'}).`,
      cancelled: `Cancelled after ${count}; their results are kept.`,
      failed: `Stopped after ${count}: ${outcome.message}`,
    };
    views.setProgress(texts[outcome.status], { running: false });
  }

  return {
    /** Run the five variants of Figure 1a with the current model, regularizers, seed and batch. */
    runFig1a() {
      const jobs = fig1aJobs(getState().toConfig());
      views.startFig1a(jobs);
      return run('fig1a', jobs);
    },
    /** Sweep label corruption p over the chosen list (Figures 1b and 1c). */
    runSweep() {
      const parsed = parsePList(getState().corruptions);
      if (!parsed.ok) return views.setProgress(`The list of p is not valid: ${parsed.error}.`);
      views.startSweep();
      return run('sweep', sweepJobs(getState().toConfig(), parsed.values));
    },
    /** Stop the running figure now, keeping the runs it finished. */
    cancel() {
      runner.cancel();
    },
    /** Whether a figure is running. */
    get running() {
      return running !== null;
    },
    /** What the figures hold, for tests and the console. */
    summary() {
      const strip = (outcome) => outcome && {
        status: outcome.status,
        message: outcome.message,
        results: outcome.results.map(({ history, ...rest }) => ({ ...rest, epochs: history.length - 1 })),
      };
      return { running, fig1a: strip(last.fig1a), sweep: strip(last.sweep), ...views.summary() };
    },
  };
}
