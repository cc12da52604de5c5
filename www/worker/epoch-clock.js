// Where an epoch's wall time goes in the worker: the wasm calls by kind (train, evaluate,
// checkpoint, samples) and the rest ("other": messages, yields to the event loop, idle gaps).
// The worker sends one account with every evaluation; tests/bench/memorize.mjs sums them.

/** Kinds of wasm call an epoch is made of, in the order they are reported. */
export const CALL_KINDS = Object.freeze(['train', 'evaluate', 'checkpoint', 'samples']);

/** Accumulates milliseconds per kind of call since the last `take()`. */
export class EpochClock {
  constructor(now = () => performance.now()) {
    this.now = now;
    this.reset();
  }

  reset() {
    this.since = this.now();
    this.spent = Object.fromEntries(CALL_KINDS.map((kind) => [kind, 0]));
    this.calls = 0;
  }

  /** Runs `fn` (a wasm call) and counts its duration under `kind`. */
  async time(kind, fn) {
    const start = this.now();
    try {
      return await fn();
    } finally {
      this.spent[kind] += this.now() - start;
      this.calls += 1;
    }
  }

  /**
   * `{ wallMs, trainMs, evaluateMs, checkpointMs, samplesMs, otherMs, calls }` since the last
   * take (rounded to 0.1 ms), and starts a new account.
   */
  take() {
    const wall = this.now() - this.since;
    const round = (ms) => Math.round(ms * 10) / 10;
    const account = { wallMs: round(wall) };
    let counted = 0;
    for (const kind of CALL_KINDS) {
      account[`${kind}Ms`] = round(this.spent[kind]);
      counted += this.spent[kind];
    }
    account.otherMs = round(wall - counted);
    account.calls = this.calls;
    this.reset();
    return account;
  }
}
