// Runs the paper's Figure 1 experiments one after another in a dedicated second Worker (so they
// never share a wasm call queue with the main run), each until its train error reaches the
// threshold or it hits the epoch limit ('start'.stopWhen; the worker posts 'done').
// No DOM: it reports through callbacks, and main.js / figures-view.js draw.
import { webGpuFailedToStart } from '../worker/backend.js';
import { WorkerClient, fitRequest } from '../worker/protocol.js';
import { FIG1A_VARIANTS, fitPoint } from '../core/science.js';

const CHUNKS_PER_EPOCH = 8; // loss points per epoch on Figure 1a (fixed, so curves repeat exactly)

/** The jobs of Figure 1a: the five variants with `config`'s model, regularizers, seed and batch. */
export function fig1aJobs(config) {
  return FIG1A_VARIANTS.map((v) => ({ key: v.key, label: v.label, config: { ...config, ...v.changes } }));
}

/** The jobs of the Figure 1b/1c sweep: label corruption p on the true images, one job per p. */
export function sweepJobs(config, ps) {
  return ps.map((p) => ({
    key: `p${p}`,
    label: `p = ${p}`,
    p,
    config: { ...config, labelCorruption: p, pixels: 'none' },
  }));
}

/**
 * A runner for figure jobs. `callbacks`: onJobStart(job, index), onSteps(job, message),
 * onEpoch(job, metrics), onJobDone(job, result). run() resolves to { status: 'done' | 'cancelled'
 * | 'failed', results, message }; cancel() stops at once (the worker is terminated), keeping the
 * results of the jobs already finished.
 */
export function createFigureRunner(callbacks) {
  const client = new WorkerClient('figure', { onMessage, onFailure: (text) => fail(text) });
  let pending = null; // { job, history, resolve, reject }
  let cancelled = false;

  // End the pending job with `message`. A crash ('fatal') may have poisoned the module: the worker
  // goes (`drop`); after the run's own failure ('error') it stays for the next job.
  function fail(message, extra = {}, { drop = true } = {}) {
    if (drop) client.drop();
    const job = pending;
    pending = null;
    job?.reject(Object.assign(new Error(message), extra));
  }

  function onMessage(message) {
    if (!pending) return;
    const job = pending;
    switch (message.type) {
      case 'ready':
        job.backend = message.backend;
        return undefined;
      case 'steps':
        return callbacks.onSteps?.(job.job, message);
      case 'epoch':
        job.history.push(message.metrics);
        return callbacks.onEpoch?.(job.job, message.metrics);
      case 'done':
        pending = null;
        return job.resolve({ reason: message.reason, history: job.history, backend: job.backend });
      case 'error':
        return fail(message.message, { kind: message.kind }, { drop: false });
      case 'fatal':
        return fail(message.message, { phase: message.phase, backend: message.backend });
      default:
        return undefined;
    }
  }

  // One job until 'done'; WebGPU failing to start falls back to the CPU, as the main run does.
  function runJob(job, settings, backend = settings.backend) {
    return new Promise((resolve, reject) => {
      pending = { job, history: [], resolve, reject };
      const stopWhen = { trainError: settings.threshold, maxEpochs: settings.maxEpochs };
      client.begin(fitRequest({ config: job.config, backend, assetUrl: settings.assetUrl, stopWhen, chunksPerEpoch: CHUNKS_PER_EPOCH }));
    }).catch((error) => {
      if (webGpuFailedToStart(error) && !cancelled) return runJob(job, settings, 'cpu');
      throw error;
    });
  }

  return {
    /** Run `jobs` in order with settings { assetUrl, backend, threshold, maxEpochs }. */
    async run(jobs, settings) {
      cancelled = false;
      const results = [];
      try {
        for (const [index, job] of jobs.entries()) {
          callbacks.onJobStart?.(job, index);
          const { reason, history, backend } = await runJob(job, settings);
          if (cancelled) break;
          const fit = fitPoint(history, settings.threshold);
          const result = { key: job.key, label: job.label, p: job.p, reason, backend, history, ...fit, fitted: reason === 'fitted' };
          results.push(result);
          callbacks.onJobDone?.(job, result);
        }
      } catch (error) {
        if (cancelled) return { status: 'cancelled', results };
        return { status: 'failed', results, message: error.message };
      }
      return { status: cancelled ? 'cancelled' : 'done', results };
    },
    /** Stop now: the worker is terminated (a wasm call cannot be interrupted otherwise). */
    cancel() {
      cancelled = true;
      client.drop();
      const job = pending;
      pending = null;
      job?.reject(new Error('cancelled'));
    },
    /** Whether a job is under way. */
    get busy() {
      return pending !== null;
    },
  };
}
