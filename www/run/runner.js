// The main training worker and the current run's bookkeeping: a new runId per run (a message of an
// older run is dropped), play and pause (training time counted, paused time not), the worker's
// messages -> status, stats, chart, samples and the run store (run-store.js), and its failures (a WebGPU run
// that fails to start runs again on the CPU; one that loses its device mid-run goes on on the CPU
// from its last checkpoint, history kept). The Figure 1 experiments pause this run meanwhile.
//
// A hidden tab keeps training: the worker is not throttled, and readers switch tabs while they
// wait. A frozen tab gets the worker's queued 'steps' messages at once when it comes back; only
// the latest is drawn (latestOnly), so the page catches up at once instead of replaying them.
import { webGpuFailedToStart, webGpuLostMidRun } from '../worker/backend.js';
import { enableOffline } from '../share/offline.js';
import { WorkerClient, resumeRequest, trainRequest } from '../worker/protocol.js';
import { latestOnly, planResume } from '../worker/recovery.js';
import { lowestTestError } from '../core/science.js';
import { showEarlyStop, showOffline, showReady, showSamples } from './run-view.js';
import * as view from '../ui/view.js';

/**
 * Create the runner. `getState()` gives the page State, `assetUrl()` its data, `chart()` the main
 * chart and `figureRunning()` whether a figure runs (both may be absent); `store` is the run's record
 * (run-store.js), which it fills. Hooks: `onStart()` when a run was reset, `onEpoch(metrics, runId)` once an evaluation is
 * shown, `onPlaying()` after play or pause.
 */
export function createRunner({ getState, assetUrl, chart, figureRunning, store, onStart, onEpoch, onPlaying }) {
  // The main training worker: it drops messages of older runs and reports its own failure.
  const client = new WorkerClient('training', {
    onMessage: onWorkerMessage,
    onFailure: (text) => stopWithError(`${text[0].toUpperCase()}${text.slice(1)}. Press Reset to try again.`),
  });
  let playing = false;
  let run = null; // { note, failed, config, elapsed, since }: bookkeeping for the current run
  let resumeAfterFigure = false; // the main run was playing when a figure started
  const stepsView = latestOnly(showSteps); // draws the latest 'steps' message of a burst

  // Training time of the current run, paused time not counted.
  function elapsedMs() {
    if (!run) return 0;
    return run.elapsed + (run.since === null ? 0 : performance.now() - run.since);
  }

  function setPlaying(value) {
    if (run) {
      if (value && run.since === null) run.since = performance.now();
      if (!value && run.since !== null) {
        run.elapsed += performance.now() - run.since;
        run.since = null;
      }
    }
    playing = value;
    view.setPlaying(playing);
    onPlaying();
    client.setPlaying(playing);
    if (store.history().length > 0 && !run?.failed) view.setStatus(playing ? 'Training…' : 'Paused.');
  }

  // A figure runs in its own worker: pause this run meanwhile (both would share two CPU cores),
  // and resume it afterwards if it was playing.
  function onFigureRunning(running) {
    if (running) {
      resumeAfterFigure = playing;
      if (playing) setPlaying(false);
      view.setStatus('Paused while a figure runs.');
    } else if (resumeAfterFigure) {
      resumeAfterFigure = false;
      setPlaying(true);
    } else if (store.history().length > 0 && !run?.failed) {
      view.setStatus(idleStatus());
    }
  }

  // Start a new run from the current state; `backend` and `note` override for a fallback run.
  function newRun({ backend = null, note = null } = {}) {
    const state = getState();
    const config = state.toConfig();
    run = { note, failed: false, config, backend: backend ?? state.backend, elapsed: 0, since: playing ? performance.now() : null, checkpoint: null, resumed: false };
    const runId = client.begin(trainRequest({ config, backend: run.backend, assetUrl: assetUrl(), play: playing }));
    store.startRun({ runId, fallbackNote: note, config });
    chart()?.reset();
    view.setRunError(null);
    view.resetProgress();
    view.clearBackend();
    view.setParams(null);
    view.setEarlyStop(null);
    view.clearSamples('The example images appear once the model is built.');
    onStart();
    view.setStats({ epoch: null, step: null, stepsPerSec: null, trainError: null, testError: null });
    view.setElapsed(null);
    view.setText('samples-score', '');
    view.setStatus('Starting…', { busy: true });
  }

  // The WebGPU device was lost mid-run (or wgpu failed while training): a fresh worker goes on on
  // the CPU from the last checkpoint, as a new runId, keeping the history, chart, pins and training
  // time; without a checkpoint the run starts again on the CPU.
  function continueOnCpu(reason) {
    client.drop();
    const plan = planResume({ history: store.history(), checkpoint: run.checkpoint, reason });
    if (!plan.resume) return newRun({ backend: 'cpu', note: plan.text });
    const config = run.config;
    run = { ...run, note: plan.text, backend: 'cpu', checkpoint: null, resumed: true };
    if (plan.history.length !== store.history().length) redraw(plan.history);
    const runId = client.begin(resumeRequest({ config, assetUrl: assetUrl(), checkpoint: plan.resume, play: playing }));
    store.update({ backend: null, runId, step: plan.resume.step, fallbackNote: plan.text, config, resumedFrom: plan.history.at(-1)?.epoch ?? null });
    view.clearBackend();
    view.setStatus(plan.text, { busy: true });
    return undefined;
  }

  // Show `history` (evaluations kept after a lost device) on a fresh chart.
  function redraw(history) {
    store.update({ history });
    chart()?.reset();
    for (const m of history) chart()?.addPoint(m.epoch, m.trainError, m.testError);
    const best = lowestTestError(history);
    store.update({ earlyStop: best });
    showEarlyStop(chart(), best);
  }

  // Draw the latest 'steps' message (a burst after a frozen tab is drawn once).
  function showSteps(message) {
    if (message.runId !== client.runId || run.failed) return; // drawn later: the run may have changed since
    store.update({ stepsShown: message.step });
    view.setElapsed(elapsedMs());
    view.setStats({ step: message.step, epoch: message.epoch, stepsPerSec: message.stepsPerSec });
  }

  function onWorkerMessage(message) {
    if (run.failed && message.type !== 'fatal') return; // e.g. late download progress after an error
    switch (message.type) {
      case 'status':
        return view.setStatus(message.text, { busy: true });
      case 'progress':
        return view.setProgress(message.what ?? 'data', message.loaded, message.total);
      case 'ready':
        return onReady(message);
      case 'steps':
        store.update({ step: message.step, stepsPerSec: message.stepsPerSec, wasmBytes: message.wasmBytes ?? store.get('wasmBytes') });
        return stepsView.push(message);
      case 'epoch':
        if (message.checkpoint) run.checkpoint = { ...message.checkpoint, epoch: message.metrics?.epoch };
        return onEpochMessage(message.metrics);
      case 'deviceLost':
        return continueOnCpu(message.message);
      case 'samples':
        return onSamples(message);
      case 'error':
        return onRunError(message);
      case 'fatal':
        return onFatal(message);
      default:
        return undefined;
    }
  }

  function onReady({ backend, backendName, adapter, fallbackNote, stepsPerEpoch, numParams }) {
    const note = [run.note, fallbackNote].filter(Boolean).join(' ') || null;
    store.update({ backend, adapter, fallbackNote: note, stepsPerEpoch, numParams: Number.isFinite(numParams) ? numParams : null });
    showReady({ backend, adapter, backendName, note, numParams });
    if (run.resumed) view.setStatus(playing ? 'Training…' : 'Paused.');
    else view.setStatus('Measuring epoch 0…', { busy: true });
    const asset = getState().asset;
    enableOffline(assetUrl()).then((ok) => {
      store.update({ offline: ok ? 'ready' : 'unavailable' });
      showOffline(asset, ok);
    });
  }

  function onEpochMessage(raw) {
    const metrics = { ...raw, elapsedMs: Math.round(elapsedMs()) };
    const history = store.addEpoch(metrics);
    chart()?.addPoint(metrics.epoch, metrics.trainError, metrics.testError);
    const best = lowestTestError(history);
    store.update({ earlyStop: best });
    showEarlyStop(chart(), best);
    view.setStats({ epoch: metrics.epoch, step: metrics.step, trainError: metrics.trainError, testError: metrics.testError });
    onEpoch(metrics, client.runId); // pins, the rethink:epoch event, the preset (which may start the next run)
    if (figureRunning()) return;
    view.setStatus(playing ? 'Training…' : idleStatus());
  }

  // The status line of a run that is not training.
  function idleStatus() {
    return store.history().length === 1 ? 'Ready: press Play to train.' : 'Paused.';
  }

  function onSamples(message) {
    store.update({ samples: message });
    showSamples(message);
  }

  // A trap or a failing device: the module may be poisoned, so the worker goes; the next run spawns a fresh one.
  function onFatal({ message, phase, backend }) {
    client.drop();
    if (webGpuFailedToStart({ backend, phase })) {
      // WebGPU failed to start (building the model, or the first forward pass): a fresh worker
      // (and wasm module) runs the CPU path.
      newRun({ backend: 'cpu', note: `WebGPU failed to start (${message}), so this run uses the CPU.` });
      return;
    }
    if (webGpuLostMidRun({ backend, phase })) {
      continueOnCpu(message);
      return;
    }
    stopWithError(`Training stopped: ${message}. Press Reset to start again.`);
  }

  // The run's own failure ({ kind, message, step? }; the worker and its module stay): a diverged run
  // is marked on the chart at the step Rust reported.
  function onRunError({ kind, message, step }) {
    store.update({ runError: { kind, message, step: step ?? null } });
    stopWithError(kind === 'load' ? message : `Training stopped: ${message}. Press Reset to start again.`);
    const stepsPerEpoch = store.get('stepsPerEpoch');
    if (kind === 'diverged' && Number.isFinite(step) && stepsPerEpoch) chart()?.setDiverged(step / stepsPerEpoch);
  }

  function stopWithError(message) {
    run.failed = true;
    playing = false; // nothing is training: the button offers Play again
    view.setPlaying(false);
    view.setRunError(message);
    view.setStatus('Stopped.');
    if (!store.get('backend')) view.clearBackend('none');
  }

  return {
    /** Whether the current run is (meant to be) training. */
    get playing() {
      return playing;
    },
    /** The config of the current run as sent to the worker (undefined before the first run). */
    config: () => run?.config,
    elapsedMs,
    setPlaying,
    newRun,
    onFigureRunning,
  };
}
