// The page's side of the worker protocol (docs/ARCHITECTURE.md, "Worker protocol"): one builder
// per request, named for what it asks of worker.js, and one client that owns a training worker.
// The main run (runner.js) and the figure runs (figures.js) each hold a WorkerClient. No DOM.

/**
 * Train a new run of the page's settings: `config` (State.toConfig(): the run settings only) on
 * `backend` ('auto', 'webgpu' or 'cpu'), playing at once if `play`. On WebGPU each evaluation
 * carries a checkpoint, so a lost device can go on on the CPU (resumeRequest).
 */
export function trainRequest({ config, backend, assetUrl, play = false }) {
  return { type: 'start', config, backend, assetUrl, play, checkpoints: true };
}

/** Go on from `checkpoint` ({ step, params }) on the CPU: no epoch-0 evaluation, training from its step. */
export function resumeRequest({ config, assetUrl, checkpoint, play = false }) {
  return { type: 'start', config, backend: 'cpu', assetUrl, play, resume: checkpoint };
}

/**
 * One figure job: train at once until `stopWhen` ({ trainError, maxEpochs }; the worker posts
 * 'done'), in train() calls of a fixed `ceil(stepsPerEpoch / chunksPerEpoch)` steps so its loss
 * points repeat exactly, without example images.
 */
export function fitRequest({ config, backend, assetUrl, stopWhen, chunksPerEpoch }) {
  return { type: 'start', config, backend, assetUrl, play: true, samples: false, stopWhen, chunksPerEpoch };
}

/**
 * A training worker (worker.js), spawned on first use. Each `begin(request)` starts a new run under
 * a new runId; `onMessage(message)` hears only the current run's messages; `onFailure(text)` hears
 * that the worker itself failed (it could not load, or sent something unreadable) and is dropped.
 */
export class WorkerClient {
  #worker = null;
  #runId = 0;
  #name;
  #onMessage;
  #onFailure;

  /** `name` says which worker in failure texts, e.g. 'training' or 'figure'. */
  constructor(name, { onMessage, onFailure }) {
    this.#name = name;
    this.#onMessage = onMessage;
    this.#onFailure = onFailure;
  }

  /** The current run's id (0 before the first). */
  get runId() {
    return this.#runId;
  }

  /** Start a run: posts `request` (a *Request builder's object) under a new runId; returns it. */
  begin(request) {
    this.#runId += 1;
    this.#spawn().postMessage({ ...request, runId: this.#runId });
    return this.#runId;
  }

  /** Let the current run train, or pause it (nothing if no worker). */
  setPlaying(playing) {
    this.#worker?.postMessage({ type: playing ? 'play' : 'pause', runId: this.#runId });
  }

  /** Terminate the worker (its module may be poisoned, or a call must stop now); the next begin() spawns a fresh one. */
  drop() {
    this.#worker?.terminate();
    this.#worker = null;
  }

  #spawn() {
    if (this.#worker) return this.#worker;
    const worker = new Worker(new URL('./worker.js', import.meta.url), { type: 'module' });
    worker.addEventListener('message', (event) => {
      if (event.data?.runId === this.#runId) this.#onMessage(event.data);
    });
    worker.addEventListener('error', (event) => {
      event.preventDefault();
      this.drop();
      this.#onFailure(`the ${this.#name} worker failed (${event.message || 'worker.js could not be loaded'})`);
    });
    worker.addEventListener('messageerror', () => this.#onFailure(`the ${this.#name} worker sent a message the page could not read`));
    this.#worker = worker;
    return worker;
  }
}
