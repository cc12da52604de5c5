// Going on after the WebGPU device is lost mid-run: what of the history stays, what the CPU run
// resumes from and what the page says; and a helper that renders only the latest of a burst of
// messages. Pure (no DOM): tests/web/recovery.test.mjs.

/**
 * The plan once a WebGPU run lost its device. `history` is the run's evaluations, `checkpoint`
 * the latest { step, epoch, params } (or null), `reason` what the browser said. Returns
 * { history, resume, text }: the evaluations kept (none after the checkpoint), the 'start'.resume
 * for the CPU run ({ step, params }, or null to start again from epoch 0), the sentence to show.
 */
export function planResume({ history, checkpoint, reason }) {
  const why = String(reason ?? '').trim().replace(/[.\s]+$/, '') || 'no reason given';
  if (!checkpoint?.params) {
    return { history: [], resume: null, text: `The WebGPU device was lost (${why}) before the first checkpoint; starting again on the CPU from epoch 0.` };
  }
  const kept = history.filter((m) => m.step <= checkpoint.step);
  const epoch = checkpoint.epoch ?? kept.at(-1)?.epoch ?? 0;
  return {
    history: kept,
    resume: { step: checkpoint.step, params: checkpoint.params },
    text: `The WebGPU device was lost (${why}); continuing on the CPU from epoch ${epoch}.`,
  };
}

/**
 * Render only the latest of a burst: `push(value)` keeps `value` and schedules one `render(latest)`
 * (a tab that was frozen gets its queued messages at once; drawing each would only lag).
 */
export function latestOnly(render, schedule = (fn) => setTimeout(fn, 0)) {
  let pending = null;
  let queued = false;
  return {
    push(value) {
      pending = value;
      if (queued) return;
      queued = true;
      schedule(() => {
        queued = false;
        const latest = pending;
        pending = null;
        if (latest !== null) render(latest);
      });
    },
  };
}
