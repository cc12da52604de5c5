#!/usr/bin/env node
// Time to memorize (issue 5, benchmark 2): the real page, served normally, with the default preset
// (MLP 1x512, cifar10-16px.bin: 5,000 training images) on random labels, trained until the train
// error is at most 1%. One fresh headless Chromium per backend.
// Backends: cpu (the page cross-origin isolated, as scripts/serve.mjs serves it: the threaded module
// on every core), cpu-1thread (the same page served without COEP, as an embed in a blog sees it:
// the main module on one thread), webgpu.
//   node tests/bench/memorize.mjs [--backends cpu,webgpu] [--threshold 0.01] [--time-limit 900]
//        [--gpu-time-limit 180] [--fit-epochs N] [--asset name.bin] [--out test-artifacts/memorize.json]
// A backend that does not fit within its limit (WebGPU on SwiftShader here) is reported with its
// steps/s and an extrapolated time, labelled as such: the epochs to fit come from the run that
// fitted in the same invocation (same seed and settings), or from --fit-epochs; the time per epoch
// (training and evaluation) from its own epochs after the first (the first holds the warm-up).
import path from 'node:path';
import { ARTIFACTS, fmt, launchBrowser, list, machine, markdownTable, parseOptions, requireFiles, serve, writeArtifact } from './common.mjs';

const DEFAULTS = { backends: 'cpu,cpu-1thread,webgpu', threshold: 0.01, timeLimit: 900, gpuTimeLimit: 180, fitEpochs: 0, asset: '', out: path.join(ARTIFACTS, 'memorize.json') };
const USAGE = `usage: node tests/bench/memorize.mjs [--backends cpu,cpu-1thread,webgpu] [--threshold 0.01] [--time-limit seconds]
  [--gpu-time-limit seconds] [--fit-epochs N] [--asset name.bin] [--out file.json]`;
const PROGRESS_EVERY_MS = 15000;

// What the page shows now: the last evaluation, the step counter, the backend, any error.
function readPage(page) {
  return page.evaluate(() => {
    const debug = window.rethinkDebug;
    const box = document.getElementById('error');
    return {
      now: performance.now(), // milliseconds since navigation start
      last: debug.history.at(-1) ?? null,
      elapsed: debug.history.map((m) => [m.epoch, m.elapsedMs]), // training time at each evaluation
      timing: debug.history.map((m) => m.timing).filter(Boolean), // the worker's account of each epoch (epoch-clock.js)
      step: debug.step,
      stepsPerSec: debug.stepsPerSec,
      stepsPerEpoch: debug.stepsPerEpoch,
      backend: debug.backend,
      badge: document.getElementById('backend-badge')?.textContent ?? null,
      numParams: debug.numParams,
      fallbackNote: debug.fallbackNote,
      error: box && !box.hidden ? box.textContent.trim() : null,
    };
  });
}

async function memorize(baseUrl, backend, options) {
  const limit = backend === 'webgpu' ? options.gpuTimeLimit : options.timeLimit;
  const hash = new URLSearchParams({ labelCorruption: '1', backend: backend.replace(/-1thread$/, '') });
  if (options.asset) hash.set('asset', options.asset);
  const browser = await launchBrowser();
  try {
    const page = await (await browser.newContext({ viewport: { width: 1100, height: 900 } })).newPage();
    await page.goto(`${baseUrl}#${hash}`);
    await page.waitForFunction(() => Boolean(window.rethinkDebug), null, { timeout: 120000 });
    const controlsMs = await page.evaluate(() => performance.now());
    if ((await page.getAttribute('#play', 'data-playing')) !== 'true') await page.click('#play');
    const playMs = await page.evaluate(() => performance.now());
    const deadline = Date.now() + limit * 1000;
    let fitted = false;
    while (!fitted && Date.now() < deadline) {
      try {
        await page.waitForFunction((threshold) => {
          const last = window.rethinkDebug.history.at(-1);
          const box = document.getElementById('error');
          return (box && !box.hidden) || (last && last.epoch > 0 && last.trainError <= threshold);
        }, options.threshold, { timeout: Math.max(1, Math.min(PROGRESS_EVERY_MS, deadline - Date.now())), polling: 100 });
        fitted = true;
      } catch (error) {
        if (error.name !== 'TimeoutError') throw error;
        const now = await readPage(page);
        console.log(`  ${backend}: ${fmt(now.now / 1000)} s, epoch ${now.last?.epoch ?? 0}, train error ${fmt(now.last?.trainError)}, ${fmt(now.stepsPerSec)} steps/s`);
      }
    }
    const state = await readPage(page);
    if (state.error) return { backend, status: 'failed', error: state.error, ...state };
    const last = state.last;
    fitted = Boolean(last && last.epoch > 0 && last.trainError <= options.threshold);
    const trainingSeconds = (last?.elapsedMs ?? 0) / 1000;
    return {
      backend,
      status: fitted ? 'fitted' : 'time limit',
      limitSeconds: limit,
      usedBackend: state.backend,
      badge: state.badge,
      fallbackNote: state.fallbackNote,
      numParams: state.numParams,
      controlsSeconds: controlsMs / 1000,
      playSeconds: playMs / 1000,
      wallSeconds: fitted ? state.now / 1000 : null,
      trainingSeconds: fitted ? trainingSeconds : null,
      epochs: last?.epoch ?? 0,
      steps: last?.step ?? 0,
      stepsPerEpoch: state.stepsPerEpoch,
      // Steps per second of training time, evaluations included; stepsPerSecPage is the worker's
      // own figure, training only.
      stepsPerSec: last?.step && trainingSeconds ? last.step / trainingSeconds : null,
      stepsPerSecPage: state.stepsPerSec,
      elapsedAtEpoch: state.elapsed,
      trainErrorAtEnd: last?.trainError ?? null,
      testErrorAtFit: fitted ? last.testError : null,
      testErrorAtEnd: last?.testError ?? null,
      elapsedTrainingSeconds: trainingSeconds,
      account: sumAccounts(state.timing),
    };
  } finally {
    await browser.close().catch(() => {});
  }
}

// The worker's epoch accounts (www/worker/epoch-clock.js) summed over the run, in seconds.
function sumAccounts(accounts) {
  if (!accounts?.length) return null;
  const total = {};
  for (const account of accounts) {
    for (const [key, value] of Object.entries(account)) total[key] = (total[key] ?? 0) + value;
  }
  const seconds = Object.fromEntries(Object.entries(total).filter(([key]) => key.endsWith('Ms')).map(([key, ms]) => [key.replace(/Ms$/, 'Seconds'), ms / 1000]));
  return { evaluations: accounts.length, calls: total.calls, ...seconds };
}

// For a run stopped by its time limit: the training time it would need to reach `fitEpochs`, from
// its time per epoch after epoch 1 (or, with fewer epochs, a lower bound from its training steps/s).
function extrapolate(result, fitEpochs) {
  if (result.status !== 'time limit' || !fitEpochs) return null;
  const at = new Map((result.elapsedAtEpoch ?? []).map(([epoch, ms]) => [epoch, ms / 1000]));
  const last = result.epochs;
  if (last >= 2 && at.has(1)) {
    const perEpoch = (at.get(last) - at.get(1)) / (last - 1);
    return { fitEpochs, basis: `${fmt(perEpoch)} s per epoch (epochs 1-${last})`, trainingSeconds: at.get(1) + (fitEpochs - 1) * perEpoch };
  }
  if (last === 1) return { fitEpochs, basis: `${fmt(at.get(1))} s for epoch 1, warm-up included`, trainingSeconds: fitEpochs * at.get(1) };
  if (result.stepsPerSecPage && result.stepsPerEpoch) {
    return { fitEpochs, basis: `${fmt(result.stepsPerSecPage)} training steps/s, evaluation excluded: a lower bound`, trainingSeconds: (fitEpochs * result.stepsPerEpoch) / result.stepsPerSecPage };
  }
  return null;
}

async function main() {
  const options = parseOptions(process.argv.slice(2), DEFAULTS, USAGE);
  requireFiles([
    ['pkg/rethink.js', 'build the wasm with scripts/setup.sh'],
    [`www/data/${options.asset || 'cifar10-16px.bin'}`, 'make the data asset (scripts/setup.sh runs `rethink data`)'],
  ]);
  const isolatedServer = await serve();
  const plainServer = await serve({ isolated: false });
  const close = () => Promise.all([isolatedServer.close(), plainServer.close()]);
  const probe = await launchBrowser();
  const about = machine(probe);
  await probe.close();
  console.log(`# time to memorize random labels (train error <= ${options.threshold}), ${about.cpus} CPUs, Chromium ${about.chromium}`);
  const results = [];
  try {
    for (const backend of list(options.backends)) {
      console.log(`${backend}: MLP 1x512, random labels, ${options.asset || 'cifar10-16px.bin'} (limit ${backend === 'webgpu' ? options.gpuTimeLimit : options.timeLimit} s)`);
      const { baseUrl } = backend.endsWith('-1thread') ? plainServer : isolatedServer;
      const result = await memorize(baseUrl, backend, options);
      results.push(result);
      console.log(`  -> ${result.status}${result.error ? `: ${result.error}` : ''}`);
    }
  } finally {
    await close();
  }
  const fitEpochs = options.fitEpochs || results.find((r) => r.status === 'fitted')?.epochs || 0;
  for (const result of results) result.extrapolated = extrapolate(result, fitEpochs);
  const rows = results.map((r) => [
    r.backend + (r.badge ? ` (${r.badge})` : ''), r.status,
    fmt(r.wallSeconds), fmt(r.trainingSeconds), r.epochs ?? '–', r.steps ?? '–', fmt(r.stepsPerSec), fmt(r.stepsPerSecPage), fmt(r.testErrorAtFit), fmt(r.controlsSeconds),
    r.extrapolated ? `EXTRAPOLATED, not measured: ~${fmt(r.extrapolated.trainingSeconds)} s of training for ${r.extrapolated.fitEpochs} epochs at ${r.extrapolated.basis}; stopped at epoch ${r.epochs}, train error ${fmt(r.trainErrorAtEnd)}`
      : r.status === 'time limit' ? `stopped at epoch ${r.epochs}, train error ${fmt(r.trainErrorAtEnd)}; nothing to extrapolate from` : (r.error ?? ''),
  ]);
  const header = ['backend', 'status', 'wall s from navigation', 'training s', 'epochs', 'steps', 'steps/s (with evaluation)', 'training steps/s (page)', 'test error at fit', 'controls live s', 'note'];
  console.log(`\n${markdownTable(header, rows)}\n`);
  const kinds = ['train', 'evaluate', 'checkpoint', 'samples', 'other'];
  const accounted = results.filter((r) => r.account).map((r) => [r.backend, r.account.evaluations, fmt(r.account.wallSeconds),
    ...kinds.map((kind) => `${fmt(r.account[`${kind}Seconds`])} (${fmt((100 * r.account[`${kind}Seconds`]) / r.account.wallSeconds)}%)`)]);
  if (accounted.length) {
    console.log('Where the worker spent the time (its wasm calls by kind; "other" is messages, yields and idle gaps), seconds:');
    console.log(`\n${markdownTable(['backend', 'evaluations', 'accounted s', ...kinds], accounted)}\n`);
  }
  const file = await writeArtifact(path.resolve(options.out), { date: new Date().toISOString(), machine: about, options, results });
  console.log(`wrote ${path.relative(process.cwd(), file)}`);
}

main().catch((error) => {
  console.error(`memorize.mjs: ${error.message}`);
  process.exit(1);
});
