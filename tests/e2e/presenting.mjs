// Browser tests of issue 4, part 2: the window.rethink API, export, presenter keys,
// accessibility (axe-core), a 375 px phone, and offline after the first load (service worker).
// Registered inside run.mjs's describe() (one browser, one server).
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { test } from 'node:test';
import { startServer } from '../../scripts/serve.mjs';
import { parseHistoryCsv, readPngText } from '../../www/core/export.js';
import { createHarness } from './harness.mjs';
import { reloadAndTrainOffline, waitForEpochs } from './page.mjs';

/** Add the tests; `ctx` = { browser(), baseUrl(), root, artifacts, seconds, asset }. */
export function registerPresentingTests({ browser, baseUrl, root, artifacts, seconds, asset }) {
  const quick = `backend=cpu&batchSize=32&asset=${asset}`;
  const { open, apiState } = createHarness({ browser, baseUrl, artifacts });

  test('(s) window.rethink drives a run: setState validates, history() grows, rethink:epoch fires; no layout jump', { timeout: seconds(180) }, async () => {
    await open('api', `#${quick}`, async (page) => {
      await waitForEpochs(page, 1, seconds(90));
      const refused = await page.evaluate(() => {
        const errors = [];
        for (const bad of [{ nope: 1 }, { backend: 'metal' }, { batchSize: 'x' }, null, [1]]) {
          try { window.rethink.setState(bad); } catch (error) { errors.push(error.message); }
        }
        return errors;
      });
      assert.equal(refused.length, 5, refused.join('; '));
      assert.equal((await apiState(page)).backend, 'cpu', 'a refused setState changes nothing');
      const set = await page.evaluate(() => window.rethink.setState({ randomLabels: true, seed: 2 }));
      assert.equal(set.labelCorruption, 1);
      assert.match(page.url(), /labelCorruption=1&seed=2|seed=2.*labelCorruption=1|labelCorruption=1.*seed=2/);
      await page.evaluate(() => {
        window.__events = [];
        window.addEventListener('rethink:epoch', (event) => window.__events.push(event.detail));
        window.rethink.play();
      });
      await page.waitForFunction(() => window.rethink.history().length >= 2);
      const top = () => page.$eval('#chart', (e) => Math.round(e.getBoundingClientRect().top + window.scrollY));
      const topBefore = await top();
      await page.waitForFunction(() => window.rethink.history().length >= 6, null, { timeout: seconds(90) });
      assert.equal(await top(), topBefore, 'the chart does not move while training');
      await page.evaluate(() => window.rethink.pause());
      const { history, events } = await page.evaluate(() => ({ history: window.rethink.history(), events: window.__events }));
      assert.ok(history.length >= 6);
      assert.ok(events.length >= 5, `${events.length} rethink:epoch events`);
      for (const m of history) for (const key of ['epoch', 'step', 'trainError', 'testError', 'trainLoss', 'testLoss', 'lr']) assert.equal(typeof m[key], 'number', key);
      assert.deepEqual(events.at(-1).epoch, history.at(-1).epoch);
      assert.match(await page.textContent('#elapsed'), /^\d+:\d\d$/, 'elapsed time is shown');
      await page.evaluate(() => window.rethink.reset());
      assert.equal((await page.evaluate(() => window.rethink.history())).length, 0, 'reset starts again');
    });
  });

  test('(t) export: CSV, JSON and PNG carry the settings and the history', { timeout: seconds(180) }, async () => {
    await open('export', `#${quick}&randomLabels=1`, async (page) => {
      await page.click('#play');
      await waitForEpochs(page, 4, seconds(90));
      await page.click('#play');
      // A train() call in flight when Pause is pressed may still end an epoch and post its
      // evaluation: wait until the history holds still for a whole second.
      await page.waitForFunction(() => {
        const length = window.rethink.history().length;
        const still = window.__exportLength === length;
        window.__exportLength = length;
        return still;
      }, null, { polling: 1000, timeout: seconds(30) });
      const url = page.url();
      const history = await page.evaluate(() => window.rethink.history());
      const save = async (id) => {
        const [download] = await Promise.all([page.waitForEvent('download'), page.click(id)]);
        return { name: download.suggestedFilename(), bytes: await readFile(await download.path()) };
      };
      const csv = await save('#export-csv');
      assert.equal(csv.name, 'rethink-random-labels-mlp-seed1.csv');
      const parsed = parseHistoryCsv(csv.bytes.toString('utf8'));
      assert.equal(parsed.settings.url, url);
      assert.equal(parsed.settings.config.labelCorruption, 1);
      assert.equal(parsed.rows.length, history.length);
      assert.equal(parsed.rows.at(-1).trainError, history.at(-1).trainError);
      const json = JSON.parse((await save('#export-json')).bytes.toString('utf8'));
      assert.equal(json.settings.url, url);
      assert.deepEqual(json.settings.config, await page.evaluate(() => window.rethinkDebug.config));
      assert.deepEqual(json.history, history);
      const png = await save('#export-png');
      assert.deepEqual([...png.bytes.subarray(1, 4)].map((b) => String.fromCharCode(b)).join(''), 'PNG');
      const texts = readPngText(png.bytes);
      assert.equal(texts.Source, url);
      assert.equal(JSON.parse(texts['rethink:settings']).config.labelCorruption, 1);
      assert.ok(png.bytes.length > 5000, 'an image, not an empty canvas');
    });
  });

  test('(u) presenter keys: space, r, l, p, f, ? (not while typing)', { timeout: seconds(150) }, async () => {
    await open('keys', `#${quick}`, async (page) => {
      await waitForEpochs(page, 1, seconds(90));
      await page.click('h2#samples-title'); // focus on the page, not a control
      await page.keyboard.press('l');
      assert.equal((await apiState(page)).labelCorruption, 1, 'l toggles labels');
      await page.keyboard.press('p');
      assert.equal((await apiState(page)).pixels, 'random', 'p toggles pixels');
      await page.keyboard.press('p');
      await page.keyboard.press('l');
      assert.equal((await apiState(page)).labelCorruption, 0);
      await page.keyboard.press(' ');
      assert.equal(await page.getAttribute('#play', 'data-playing'), 'true', 'space plays');
      await page.keyboard.press(' ');
      assert.equal(await page.getAttribute('#play', 'data-playing'), 'false', 'space pauses');
      const runId = await page.evaluate(() => window.rethinkDebug.runId);
      await page.keyboard.press('r');
      assert.equal(await page.evaluate(() => window.rethinkDebug.runId), runId + 1, 'r resets');
      // Typing in a field does not fire them.
      await page.click('#corruptions');
      await page.keyboard.type('lp r');
      assert.equal((await apiState(page)).labelCorruption, 0);
      assert.equal((await apiState(page)).pixels, 'none');
      assert.equal(await page.evaluate(() => window.rethinkDebug.runId), runId + 1);
      await page.click('h2#samples-title');
      await page.keyboard.press('Shift+?');
      assert.equal(await page.isVisible('#shortcuts-dialog'), true, '? shows the list');
      await page.keyboard.press('Escape');
      assert.equal(await page.isVisible('#shortcuts-dialog'), false);
      await page.keyboard.press('f');
      await page.waitForFunction(() => document.getElementById('chart-figure').classList.contains('presenting'));
      assert.equal(await page.evaluate(() => window.rethinkDebug.chartFontSize()), 22, 'large chart text in full screen');
      await page.screenshot({ path: path.join(artifacts, 'page-fullscreen.png') });
      await page.keyboard.press('f');
      await page.waitForFunction(() => !document.getElementById('chart-figure').classList.contains('presenting'));
      assert.equal(await page.evaluate(() => window.rethinkDebug.chartFontSize()), 12);
    });
  });

  test('(v) accessibility: axe-core finds no serious or critical violation; every control is labelled and has a tooltip', { timeout: seconds(150) }, async () => {
    const axe = await readFile(path.join(root, 'node_modules/axe-core/axe.min.js'), 'utf8');
    const scan = async (page, what) => {
      await page.evaluate(axe); // injected by the test (bypassCSP), not shipped with the page
      const violations = await page.evaluate(async () => (await window.axe.run(document, { resultTypes: ['violations'] })).violations
        .filter((v) => v.impact === 'serious' || v.impact === 'critical')
        .map((v) => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`));
      assert.deepEqual(violations, [], `${what}: ${violations.join('\n')}`);
    };
    await open('axe', `#${quick}`, async (page) => {
      await page.waitForFunction(() => document.querySelectorAll('#samples canvas').length > 0, null, { timeout: seconds(90) });
      await scan(page, 'the page');
      const untitled = await page.evaluate(() => [...document.querySelectorAll('main button, main input, main select')]
        .filter((e) => !(e.title || e.closest('[title]')?.title))
        .map((e) => e.id || e.outerHTML.slice(0, 60)));
      assert.deepEqual(untitled, [], 'every control has a tooltip');
      await page.click('#share');
      await scan(page, 'the share dialog');
      await page.keyboard.press('Escape');
      // Keyboard only: Tab reaches Play and Enter presses it.
      await page.focus('#play');
      await page.keyboard.press('Enter');
      assert.equal(await page.getAttribute('#play', 'data-playing'), 'true');
      await waitForEpochs(page, 6, seconds(60));
      await page.screenshot({ path: path.join(artifacts, 'page-default.png'), fullPage: true });
    }, { contextOptions: { bypassCSP: true } });
    await open('axe-embed', `#embed=1&${quick}`, async (page) => {
      await waitForEpochs(page, 1, seconds(90));
      await scan(page, 'embed mode');
    }, { contextOptions: { bypassCSP: true }, viewport: { width: 640, height: 520 } });
  });

  test('(w) a 375 px phone: nothing overflows sideways', { timeout: seconds(150) }, async () => {
    await open('phone', `#${quick}`, async (page) => {
      await page.waitForFunction(() => document.querySelectorAll('#samples canvas').length > 0, null, { timeout: seconds(90) });
      await page.click('#play');
      await waitForEpochs(page, 3, seconds(60));
      const overflow = () => page.evaluate(() => {
        const root = document.documentElement;
        const wide = [...document.querySelectorAll('body *')].filter((e) => e.getBoundingClientRect().right > root.clientWidth + 1 && e.offsetParent !== null && !e.closest('table.results, dialog'));
        return { scrollWidth: root.scrollWidth, clientWidth: root.clientWidth, wide: wide.slice(0, 5).map((e) => e.id || e.className || e.tagName) };
      });
      const before = await overflow();
      assert.ok(before.scrollWidth <= before.clientWidth, JSON.stringify(before));
      await page.click('#share');
      const dialog = await page.$eval('#share-dialog', (e) => e.getBoundingClientRect().right);
      assert.ok(dialog <= 375, `the share dialog fits: ${dialog}`);
      await page.keyboard.press('Escape');
      await page.screenshot({ path: path.join(artifacts, 'page-phone.png'), fullPage: true });
    }, { viewport: { width: 375, height: 740 }, contextOptions: { isMobile: true, hasTouch: true, deviceScaleFactor: 2 } });
  });

  test('(x) offline: with the service worker registered, a reload with the server stopped still loads and trains', { timeout: seconds(240) }, async () => {
    const server = startServer({ port: 0, host: '127.0.0.1', root });
    await new Promise((resolve, reject) => server.once('listening', resolve).once('error', reject));
    const base = `http://127.0.0.1:${server.address().port}/`;
    let stopped = false;
    try {
      await open('offline', `#${quick}`, async (page) => {
        await waitForEpochs(page, 1, seconds(90));
        await page.waitForFunction(() => window.rethinkDebug.offline === 'ready', null, { timeout: seconds(90), polling: 250 });
        assert.match(await page.getAttribute('#offline-note', 'title'), /offline use/);
        assert.equal(await page.isVisible('#offline-note'), true);
        await page.waitForFunction(async (assetName) => {
          if (!navigator.serviceWorker.controller) return false;
          const names = await caches.keys();
          const keys = (await Promise.all(names.map(async (n) => (await caches.open(n)).keys()))).flat().map((r) => r.url);
          return keys.some((u) => u.endsWith('/pkg/rethink_bg.wasm')) && keys.some((u) => u.endsWith(`/data/${assetName}`)) && keys.some((u) => u.endsWith('/main.js'));
        }, asset, { timeout: seconds(90), polling: 500 });
        await new Promise((resolve) => { server.close(resolve); server.closeAllConnections(); });
        stopped = true;
        const check = await page.request.get(base).catch((error) => error);
        assert.ok(check instanceof Error, 'the server is down');
        await reloadAndTrainOffline(page, { readyTimeout: seconds(30), trainTimeout: seconds(120) });
      }, { base });
    } finally {
      if (!stopped) await new Promise((resolve) => { server.close(resolve); server.closeAllConnections(); });
    }
  });
}
