// Helpers for the e2e test: open the page with logging, read its state, wait for epochs.
import assert from 'node:assert/strict';

/** The browser every test and benchmark drives: $RETHINK_CHROMIUM, else Debian's Chromium. */
export const CHROMIUM_PATH = process.env.RETHINK_CHROMIUM ?? '/usr/bin/chromium';

/** The asset the browser tests train on (www/data/<name>): $RETHINK_E2E_ASSET, else the 500 + 500 image test asset. */
export const E2E_ASSET = process.env.RETHINK_E2E_ASSET ?? 'e2e-16px.bin';

/** Train error that counts as 'random labels memorized'. */
export const MEMORIZED = 0.02;

const TIMEOUT_SCALE = Number(process.env.RETHINK_E2E_TIMEOUT_SCALE) || 1;

/** `s` seconds in milliseconds, times $RETHINK_E2E_TIMEOUT_SCALE (default 1) for a slower machine. */
export const seconds = (s) => Math.round(s * 1000 * TIMEOUT_SCALE);

/** Flags of Debian's headless Chromium for every browser test and benchmark: WebGPU (SwiftShader
 * here) and a quiet network (no component updates, sync or QUIC probes to outside hosts). */
export const CHROMIUM_ARGS = Object.freeze([
  '--headless=new',
  '--no-sandbox',
  '--enable-unsafe-webgpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
]);

/** Open `url` in `context`; returns { page, logs } where logs collects console, errors and external requests. */
export async function openPage(context, url) {
  const page = await context.newPage();
  const logs = [];
  const local = new URL(url).origin;
  page.on('console', (message) => logs.push(`[page ${message.type()}] ${message.text()}`));
  page.on('pageerror', (error) => logs.push(`[page error] ${error.message}`));
  page.on('worker', (worker) => worker.on('console', (message) => logs.push(`[worker ${message.type()}] ${message.text()}`)));
  page.on('request', (request) => {
    const requestUrl = request.url();
    if (/^https?:/.test(requestUrl) && !requestUrl.startsWith(local)) logs.push(`[external request] ${requestUrl}`);
  });
  await page.goto(url);
  await page.waitForFunction(() => Boolean(window.rethinkDebug));
  return { page, logs };
}

/** Everything a test asserts on, read from window.rethinkDebug and the DOM in one go. */
export function snapshot(page) {
  return page.evaluate(() => {
    const debug = window.rethinkDebug;
    const text = (id) => document.getElementById(id)?.textContent.trim() ?? '';
    const visible = (id) => {
      const element = document.getElementById(id);
      return Boolean(element && !element.hidden && element.offsetParent !== null);
    };
    return {
      runId: debug.runId,
      backend: debug.backend,
      adapter: debug.adapter,
      step: debug.step,
      stepsPerSec: debug.stepsPerSec,
      history: debug.history.map((m) => ({ ...m })),
      chartPoints: debug.chartPoints(),
      state: { ...debug.state },
      badge: text('backend-badge'),
      note: text('backend-note'),
      noteVisible: visible('backend-note'),
      errorText: text('error'),
      errorVisible: visible('error'),
      status: text('status'),
      stepsText: text('steps-per-sec'),
      isolated: window.crossOriginIsolated,
      cores: navigator.hardwareConcurrency,
    };
  });
}

/**
 * The page's training workers (worker/worker.js), without the threaded module's pool workers
 * (blob: URLs, started by a training worker and ended with it).
 */
export function trainingWorkers(page) {
  return page.workers().filter((worker) => worker.url().endsWith('/worker/worker.js'));
}

/**
 * The CPU badge a snapshot should show: every core where the page is cross-origin isolated (the
 * threaded module), else one thread.
 */
export function cpuBadge({ isolated, cores }) {
  const threads = isolated ? cores : 1;
  return `CPU (Burn flex, WebAssembly, ${threads} thread${threads === 1 ? '' : 's'})`;
}

/** Wait until the current run has at least `count` evaluations (epoch 0 counts); fails early on a page error. */
export async function waitForEpochs(page, count, timeout) {
  const handle = await page.waitForFunction(
    (n) => {
      const errorBox = document.getElementById('error');
      if (errorBox && !errorBox.hidden) return { error: errorBox.textContent };
      return window.rethinkDebug.history.length >= n ? { ok: true } : false;
    },
    count,
    { timeout, polling: 250 },
  );
  const result = await handle.jsonValue();
  if (result.error) throw new Error(`the page shows an error: ${result.error}`);
}

/** Click a control and read the run bookkeeping in the same task, before any worker message lands. */
export function clickAndRead(page, selector) {
  return page.evaluate((sel) => {
    document.querySelector(sel).click();
    const debug = window.rethinkDebug;
    return {
      runId: debug.runId,
      historyLength: debug.history.length,
      chartPoints: debug.chartPoints(),
      labelCorruption: debug.state.labelCorruption,
      url: window.location.href,
    };
  }, selector);
}

/**
 * Reload `page` through its service worker (the network already cut), then press Play and
 * assert the reloaded page trains: a new document, no error, train error down after 3
 * evaluations. `readyTimeout` / `trainTimeout` in ms.
 */
export async function reloadAndTrainOffline(page, { readyTimeout, trainTimeout }) {
  await page.evaluate(() => { window.__before = true; });
  // location.reload(), not page.reload(): that one bypasses the service worker.
  await Promise.all([page.waitForEvent('load'), page.evaluate(() => window.location.reload())]);
  assert.equal(await page.evaluate(() => window.__before ?? null), null, 'a new document');
  await page.waitForFunction(() => Boolean(window.rethinkDebug), null, { timeout: readyTimeout });
  await page.click('#play');
  await waitForEpochs(page, 3, trainTimeout);
  const snap = await snapshot(page);
  assert.equal(snap.errorVisible, false, snap.errorText);
  assert.ok(snap.history.at(-1).trainError < snap.history[0].trainError, 'it trains offline');
}
