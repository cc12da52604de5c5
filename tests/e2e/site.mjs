// Browser tests of the published site: `node scripts/site.mjs` assembles it into a temp folder,
// Python's http.server (a plain static server: no CSP, COOP or COEP headers, its own MIME types)
// serves it under a sub-path, http://127.0.0.1:PORT/rethink/, and headless Chromium checks what
// a published page must do: load, train on the CPU, memorize random labels, give its real
// address to "Copy link" and the share dialog, work offline from its service worker, ask
// nothing of another origin, and take postMessage commands from a host page on another origin
// (embedding.mjs's tests, run again against the site).
//   node tests/e2e/site.mjs
// Env: RETHINK_E2E_ASSET (www/data/<name>, default e2e-16px.bin), RETHINK_CHROMIUM,
//      RETHINK_E2E_TIMEOUT_SCALE (default 1). Screenshot site-subpath.png in test-artifacts/,
//      the embedding tests' screenshots in test-artifacts/site/.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { createHarness } from './harness.mjs';
import {
  CHROMIUM_ARGS, CHROMIUM_PATH as CHROMIUM, E2E_ASSET as ASSET, MEMORIZED, reloadAndTrainOffline, seconds, snapshot, waitForEpochs,
} from './page.mjs';
import { registerEmbedMessagingTests } from './embedding.mjs';
import { SUB_PATH, prepareSite, startPythonServer } from './static-server.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const ARTIFACTS = path.join(ROOT, 'test-artifacts');
const quick = `backend=cpu&batchSize=32&asset=${ASSET}`;

let site;
let server;
let browser;
const baseUrl = () => server.baseUrl;
const { open } = createHarness({ browser: () => browser, baseUrl, artifacts: ARTIFACTS });

/** The browser log lines that break the published-page rules: other origins, CSP refusals. */
function assertClean(logs, errors) {
  assert.deepEqual(logs.filter((line) => line.startsWith('[external request]')), [], 'no request leaves the origin');
  assert.deepEqual(logs.filter((line) => /Content Security Policy/i.test(line)), [], 'no CSP refusal');
  assert.deepEqual(errors, [], 'no uncaught page error');
}

/** Requests of another origin seen by the whole context (the service worker's included). */
function watchOrigin(context, origin, into) {
  context.on('request', (request) => {
    if (/^https?:/.test(request.url()) && new URL(request.url()).origin !== origin) into.push(request.url());
  });
}

describe('the published site, served by python3 -m http.server under a sub-path', () => {
  before(async () => {
    await mkdir(path.join(ARTIFACTS, 'site'), { recursive: true });
    for (const [file, hint] of [['pkg/rethink_bg.wasm', 'build it with scripts/setup.sh'], [`www/data/${ASSET}`, 'generate the asset (see scripts/test.sh)']]) {
      assert.ok(existsSync(path.join(ROOT, file)), `${file} is missing: ${hint}`);
    }
    site = prepareSite({ assets: [ASSET] });
    server = await startPythonServer(site.parent);
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    console.log(`# serving ${site.site} at ${baseUrl()}, asset ${ASSET}, chromium ${browser.version()}`);
  });

  after(async () => {
    await browser?.close();
    await server?.close();
    site?.cleanup();
  });

  test('(S1) it loads, trains on the CPU and memorizes random labels; every request stays under the sub-path', { timeout: seconds(420) }, async () => {
    const elsewhere = [];
    const firstRequest = server.requests.length;
    await open('site-memorize', `#${quick}`, async (page, logs, _context, errors) => {
      await waitForEpochs(page, 1, seconds(120));
      const loaded = await snapshot(page);
      assert.equal(loaded.errorVisible, false, loaded.errorText);
      assert.equal(loaded.isolated, false, 'a first visit to a host without headers is not cross-origin isolated');
      assert.equal(loaded.badge, 'CPU (Burn flex, WebAssembly, 1 thread)');
      await page.click('#random-labels');
      await page.click('#play');
      await page.waitForFunction(
        (target) => (window.rethinkDebug.history.at(-1)?.trainError ?? 1) <= target || window.rethinkDebug.history.length > 80,
        MEMORIZED, { timeout: seconds(360), polling: 500 },
      );
      const snap = await snapshot(page);
      assert.equal(snap.state.labelCorruption, 1);
      const last = snap.history.at(-1);
      assert.ok(last.trainError <= MEMORIZED, `random labels memorized: train error ${last.trainError} after ${last.epoch} epochs`);
      for (const m of snap.history.slice(1)) assert.ok(m.testError >= 0.75, `test error ${m.testError} at epoch ${m.epoch}`);
      assert.equal(snap.errorVisible, false, snap.errorText);
      console.log(`# site: random labels memorized, train error ${last.trainError}, test error ${last.testError}, epoch ${last.epoch}, ${snap.stepsPerSec?.toFixed(1)} steps/s`);
      await page.screenshot({ path: path.join(ARTIFACTS, 'site-subpath.png'), fullPage: true });
      assertClean(logs, errors);
    }, { prepare: async (context) => watchOrigin(context, server.origin, elsewhere) });
    assert.deepEqual(elsewhere, [], 'no request leaves the origin (service worker included)');
    const served = server.requests.slice(firstRequest);
    assert.deepEqual(served.filter((r) => !r.path.startsWith(`/${SUB_PATH}/`)), [], 'nothing is asked outside the sub-path');
    assert.deepEqual(served.filter((r) => r.status >= 400), [], 'no request fails');
    for (const file of ['', 'main.js', 'vendor/uplot/uPlot.esm.js', 'pkg/rethink.js', 'pkg/rethink_bg.wasm', `data/${ASSET}`, 'sw.js']) {
      assert.ok(served.some((r) => r.path === `/${SUB_PATH}/${file}`), `${file || 'the page'} was served`);
    }
  });

  test('(S2) "Copy link" and the share dialog give the served address, under the sub-path', { timeout: seconds(120) }, async () => {
    await open('site-share', `#${quick}&seed=3&randomLabels=1`, async (page, logs, context, errors) => {
      await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.origin });
      await waitForEpochs(page, 1, seconds(90));
      const url = page.url();
      assert.ok(url.startsWith(`${baseUrl()}#`), url);
      await page.click('#copy-link');
      await page.waitForFunction(() => /copied/.test(document.getElementById('copy-status').textContent));
      const copied = await page.evaluate(() => navigator.clipboard.readText());
      assert.equal(copied, url);
      assert.match(copied, /labelCorruption=1/);
      await page.click('#share');
      assert.equal(await page.inputValue('#share-link'), url);
      const snippet = await page.inputValue('#share-iframe');
      const src = /^<iframe src="([^"]+)"/.exec(snippet)?.[1].replaceAll('&amp;', '&');
      assert.ok(src?.startsWith(`${baseUrl()}#`), `the iframe points at the served page: ${snippet}`);
      assert.match(src, /embed=1/);
      assert.equal(await page.getAttribute('#share-preview', 'href'), src);
      assert.doesNotMatch(`${copied} ${snippet}`, /example\.org/);
      await page.click('#share-copy-iframe');
      assert.equal(await page.evaluate(() => navigator.clipboard.readText()), snippet);
      assertClean(logs, errors);
    });
  });

  test('(S3) offline: the service worker, scoped to the sub-path, loads and trains the page with the server gone', { timeout: seconds(300) }, async () => {
    const own = await startPythonServer(site.parent); // its own origin, so a fresh service worker
    const base = own.baseUrl;
    try {
      await open('site-offline', `#${quick}`, async (page, logs, context, errors) => {
        await waitForEpochs(page, 1, seconds(90));
        await page.waitForFunction(() => window.rethinkDebug.offline === 'ready', null, { timeout: seconds(120), polling: 250 });
        const worker = await page.evaluate(async () => {
          const registration = await navigator.serviceWorker.getRegistration();
          const names = await caches.keys();
          const keys = (await Promise.all(names.map(async (n) => (await caches.open(n)).keys()))).flat().map((r) => r.url);
          return { scope: registration?.scope, script: registration?.active?.scriptURL, controlled: Boolean(navigator.serviceWorker.controller), keys };
        });
        assert.equal(worker.scope, base, 'the service worker is scoped to the sub-path');
        assert.equal(worker.script, `${base}sw.js`);
        for (const file of ['', 'index.html', 'main.js', 'vendor/uplot/uPlot.esm.js', 'pkg/rethink.js', 'pkg/rethink_bg.wasm', `data/${ASSET}`]) {
          assert.ok(worker.keys.includes(`${base}${file}`), `${base}${file} is cached`);
        }
        assert.deepEqual(worker.keys.filter((key) => !key.startsWith(base)), [], 'it caches nothing outside the sub-path');
        await page.waitForFunction(() => Boolean(navigator.serviceWorker.controller), null, { timeout: seconds(30) });
        await own.close();
        await context.setOffline(true);
        await reloadAndTrainOffline(page, { readyTimeout: seconds(30), trainTimeout: seconds(150) });
        assertClean(logs.filter((line) => !/ERR_INTERNET_DISCONNECTED|Failed to load resource/.test(line)), errors);
      }, { base });
    } finally {
      await own.close();
    }
  });

  test('(S4) a host without headers: from the second visit the service worker isolates the page, and the CPU trains on every core', { timeout: seconds(300) }, async () => {
    const own = await startPythonServer(site.parent); // its own origin, so a fresh service worker
    try {
      await open('site-threads', `#${quick}`, async (page, logs, _context, errors) => {
        await waitForEpochs(page, 1, seconds(90));
        const first = await snapshot(page);
        assert.equal(first.isolated, false, 'python3 -m http.server sends no COOP or COEP');
        assert.equal(first.badge, 'CPU (Burn flex, WebAssembly, 1 thread)');
        await page.waitForFunction(() => Boolean(navigator.serviceWorker.controller), null, { timeout: seconds(60) });
        await page.reload();
        await page.waitForFunction(() => Boolean(window.rethinkDebug), null, { timeout: seconds(60) });
        await waitForEpochs(page, 1, seconds(90));
        await page.click('#play');
        await waitForEpochs(page, 3, seconds(150));
        const second = await snapshot(page);
        assert.equal(second.isolated, true, 'the service worker adds COOP and COEP');
        assert.ok(second.cores >= 1);
        assert.equal(second.badge, `CPU (Burn flex, WebAssembly, ${second.cores} thread${second.cores === 1 ? '' : 's'})`);
        assert.ok(second.history.at(-1).trainError < second.history[0].trainError, 'it trains');
        const cached = await page.evaluate(async () => (await Promise.all((await caches.keys()).map(async (n) => (await caches.open(n)).keys()))).flat().map((r) => r.url));
        assert.ok(cached.some((url) => url.endsWith('pkg/threads/rethink_bg.wasm')), 'the threaded module is kept for offline use once loaded');
        assertClean(logs, errors);
      }, { base: own.baseUrl });
    } finally {
      await own.close();
    }
  });

  registerEmbedMessagingTests({ browser: () => browser, baseUrl, artifacts: path.join(ARTIFACTS, 'site'), seconds, asset: ASSET });
});
