// How the current run shows on the page, from data alone: the early-stopping mark and line, the
// example images, the backend and model size once ready. runner.js decides when; these draw.
import { formatParams, formatPercent } from '../core/science.js';
import { renderSamples, summarizeSamples } from '../ui/samples.js';
import * as view from '../ui/view.js';

/** The lowest-test-error epoch (`best`, or null) on `chart` (may be absent) and in its line under the chart. */
export function showEarlyStop(chart, best) {
  chart?.setMarker(best && { epoch: best.epoch, label: `lowest test error: epoch ${best.epoch}` });
  view.setEarlyStop(best && `Lowest test error so far: ${formatPercent(best.testError)} at epoch ${best.epoch} ` +
    `(train error there ${formatPercent(best.trainError)}). Early stopping would keep the network of that epoch.`);
}

/** The worker's 'samples' message: the gallery, its note and how many it predicts as trained. */
export function showSamples(message) {
  renderSamples(document.getElementById('samples'), message);
  const score = summarizeSamples(message);
  view.setText('samples-note', `${message.count} training images as the network sees them, after epoch ${message.epoch}. Refreshed every 5 epochs.`);
  view.setText('samples-score', `Predicted as trained: ${score.right} of ${score.count}` +
    `${score.corrupted > 0 ? ` (${score.corrupted} of them carry a corrupted label)` : ''}.`);
}

/** The backend badge (with the note on why, if any) and the model size of a run that is ready. */
export function showReady({ backend, adapter, backendName, note, numParams }) {
  view.setBackend({ backend, adapter, backendName, note });
  view.setParams(Number.isFinite(numParams) ? formatParams(numParams) : null);
}

/** Whether the offline copy (of the page, the module and `asset`) is kept. */
export function showOffline(asset, kept) {
  view.setOfflineNote(kept ? `Saved for offline use: this page, the WebAssembly module and the data (${asset}) load without a network from now on.` : null);
}
