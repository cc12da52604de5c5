// The current run's record, owned here: what the runner learns from the worker (the backend, the
// evaluations, the step and speed, the example images, a failure) and the config it was started
// with. The runner writes it through these methods; the chart's pins, export, the API, the status
// line and the resume after a lost device read it through them, and window.rethinkDebug shows it
// read-only (share/api.js). No DOM.

/** Every field of a fresh run's record. */
function freshRun() {
  return {
    runId: 0,
    config: null, // the run settings it was started with (as sent to the worker)
    backend: null, // 'cpu' | 'webgpu' once the run is ready
    adapter: null,
    fallbackNote: null,
    history: [], // one evaluate() metrics object per epoch
    step: 0,
    stepsShown: 0, // the step the stats line shows (the latest of a burst of 'steps')
    stepsPerSec: null,
    stepsPerEpoch: null,
    numParams: null,
    samples: null, // the last 'samples' message
    earlyStop: null, // { epoch, testError, trainError } of the lowest test error so far
    runError: null, // { kind, message, step } of the run's own failure (a Rust error's kind)
    resumedFrom: null, // the epoch a CPU run went on from after a lost device
  };
}

/** The store of the current run's record (see freshRun for its fields). */
export function createRunStore() {
  let record = freshRun();
  const page = { wasmBytes: null, offline: null }; // outlive a run: the worker's memory, the offline copy

  return {
    /** The field `key` of the current run (or of the page: wasmBytes, offline). */
    get(key) {
      return Object.hasOwn(page, key) ? page[key] : record[key];
    },
    /** Every field name, for the read-only view. */
    keys() {
      return [...Object.keys(record), ...Object.keys(page)];
    },
    /** The current run's evaluations (the live list: read, do not change). */
    history() {
      return record.history;
    },
    /** A new run: every field back to its start, then `fields`. */
    startRun(fields) {
      record = { ...freshRun(), ...fields };
    },
    /** The same run, changed: `fields` replace theirs (a run field or a page field). */
    update(fields) {
      for (const [key, value] of Object.entries(fields)) {
        if (Object.hasOwn(page, key)) page[key] = value;
        else if (Object.hasOwn(record, key)) record[key] = value;
        else throw new Error(`unknown run field: ${key}`);
      }
    },
    /** One more evaluation; returns the history. */
    addEpoch(metrics) {
      record.history.push(metrics);
      return record.history;
    },
  };
}
