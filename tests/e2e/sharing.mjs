// Browser tests of issue 4: the URL is the run, hostile hashes, presets, embed mode and its
// snippet, the window.rethink API, export, presenter keys, accessibility (axe-core), a 375 px
// phone, and offline after the first load (service worker).
// Registered inside run.mjs's describe() (one browser, one server) by registerSharingTests().
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import http from 'node:http';
import path from 'node:path';
import { test } from 'node:test';
import { startServer } from '../../scripts/serve.mjs';
import { parseHistoryCsv, readPngText } from '../../www/export.js';
import { buildHash } from '../../www/page-options.js';
import { findPreset, presetChanges } from '../../www/presets.js';
import { State } from '../../www/state.js';
import { openPage, snapshot, waitForEpochs } from './page.mjs';

/** Add the tests; `ctx` = { browser(), baseUrl(), root, artifacts, seconds, asset }. */
export function registerSharingTests({ browser, baseUrl, root, artifacts, seconds, asset }) {
  const quick = `backend=cpu&batchSize=32&asset=${asset}`;

  /** Open `suffix` (after the base URL) in a fresh context; `body(page, logs, context)`; screenshot on failure. */
  async function open(name, suffix, body, { viewport = { width: 1100, height: 900 }, contextOptions = {}, base = baseUrl() } = {}) {
    const context = await browser().newContext({ viewport, ...contextOptions });
    const { page, logs } = await openPage(context, `${base}${suffix}`);
    try {
      await body(page, logs, context);
    } catch (error) {
      await page.screenshot({ path: path.join(artifacts, `failure-${name}.png`), fullPage: true }).catch(() => {});
      const state = await snapshot(page).catch(() => null);
      console.log(`--- ${name} failed; page state:`, JSON.stringify(state), '\n--- browser log:\n' + logs.join('\n'));
      throw error;
    } finally {
      await context.close();
    }
  }

  // A blog page on another origin (a second local server: Chromium refuses a page that is not
  // served from a local address framing a local one, so page.route cannot stand in for it).
  async function withHost(html, body) {
    const host = http.createServer((_req, res) => res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' }).end(html));
    await new Promise((resolve) => host.listen(0, '127.0.0.1', resolve));
    try {
      await body(`http://127.0.0.1:${host.address().port}/`);
    } finally {
      await new Promise((resolve) => { host.close(resolve); host.closeAllConnections(); });
    }
  }
  const apiState = (page) => page.evaluate(() => window.rethink.state());
  const visible = (page, selector) => page.$eval(selector, (e) => e.offsetParent !== null && getComputedStyle(e).visibility !== 'hidden').catch(() => false);

  test('(o) the URL is the run: a hash round-trips State exactly, the old ?query is read, the hash wins', { timeout: seconds(120) }, async () => {
    const state = new State().with({
      model: 'mlp3', randomLabels: true, labelCorruption: 0.3, randomPixels: true, pixels: 'gaussian', backend: 'cpu', batchSize: 32,
      learningRate: 0.005, lrDecay: 0.9, momentum: 0.5, seed: 4294967295, weightDecay: 0.0005, dropout: 0.25, augment: true,
      batchNorm: false, asset, fitThreshold: 0.05, maxEpochs: 7, corruptions: '0,0.5,1',
    });
    const hash = buildHash(state, { embed: false, hide: [], autoplay: false, preset: null });
    await open('url-round-trip', `#${hash}`, async (page) => {
      assert.deepEqual(await apiState(page), state.toObject());
      assert.equal(new URL(page.url()).hash, `#${hash}`, 'the page writes back the same hash');
      assert.equal(await page.isChecked('#random-labels'), true);
      assert.equal(await page.inputValue('#model'), 'mlp3');
      assert.equal(await page.inputValue('#weight-decay'), '0.0005');
      assert.equal(await page.isVisible('#notice'), false, 'a valid hash raises no note');
      // A control change is serialized into the hash, and the hash read back gives the same State.
      await page.click('#random-labels');
      const after = await apiState(page);
      assert.deepEqual(State.fromUrl(page.url()).state.toObject(), after);
      // Editing the hash by hand sets the State.
      await page.evaluate(() => { window.location.hash = 'seed=9&backend=cpu&asset=e2e-16px.bin'; });
      await page.waitForFunction(() => window.rethink.state().seed === 9);
      assert.equal((await apiState(page)).model, 'mlp');
    });
    await open('url-query', `?seed=5&model=cnn&${quick}#seed=7`, async (page) => {
      const read = await apiState(page);
      assert.equal(read.seed, 7, 'the hash wins');
      assert.equal(read.model, 'cnn', 'the query is still read');
      assert.equal(new URL(page.url()).search, '', 'the address is rewritten into the hash form');
      assert.match(new URL(page.url()).hash, /model=cnn/);
    });
  });

  test('(p) a hostile hash is refused or clamped, shown as text, never run', { timeout: seconds(120) }, async () => {
    const payload = [
      'model=<script>window.__pwned=1</script>', 'pixels=<img src=x onerror="window.__pwned=2">', 'seed=1e999', 'batchSize=NaN',
      'learningRate=Infinity', 'weightDecay=99999999999999999999999', 'asset=javascript:alert(1).bin', 'hide=<svg/onload=alert(1)>',
      'preset=<b>x</b>', '__proto__[x]=1', 'constructor=1', `k${'x'.repeat(10000)}=1`, `<iframe src=javascript:alert(1)>=${'y'.repeat(200)}`,
    ].map((part) => part.split('=').map(encodeURIComponent).join('=')).join('&');
    assert.ok(payload.length > 10000);
    await open('hostile', `#${payload}&${quick}`, async (page, logs) => {
      const dialogs = [];
      page.on('dialog', (dialog) => { dialogs.push(dialog.message()); dialog.dismiss(); });
      await waitForEpochs(page, 1, seconds(90));
      const result = await page.evaluate(() => ({
        pwned: window.__pwned ?? null,
        scripts: [...document.scripts].map((s) => s.getAttribute('src')),
        injected: document.querySelectorAll('main img, main svg:not(.u-over svg), main iframe, #notice *:not(p), [onerror], [onload]').length,
        notice: document.getElementById('notice').textContent,
        noticeLines: document.querySelectorAll('#notice p').length,
        state: window.rethink.state(),
      }));
      assert.equal(result.pwned, null, 'no script of the hash ran');
      assert.deepEqual(result.scripts, ['boot.js', 'main.js']);
      assert.equal(result.injected, 0, 'no element was injected');
      assert.deepEqual(dialogs, []);
      assert.match(result.notice, /<script>/, 'the refused value is shown as text');
      assert.ok(result.noticeLines <= 9, `${result.noticeLines} note lines`);
      assert.ok(result.notice.length < 3000, 'the notes are short');
      assert.equal(result.state.model, 'mlp');
      assert.equal(result.state.seed, 1);
      assert.equal(result.state.batchSize, 32);
      assert.equal(result.state.weightDecay, 0.1);
      assert.equal(await page.isVisible('#error'), false, 'no crash');
      // The same through a hash change while the page runs.
      await page.evaluate((hash) => { window.location.hash = hash; }, payload);
      await page.waitForFunction(() => /<script>/.test(document.getElementById('notice').textContent));
      assert.equal(await page.evaluate(() => window.__pwned ?? null), null);
      assert.equal(logs.filter((line) => /\[page error\]/.test(line)).length, 0, logs.join('\n'));
    });
  });

  test('(q) presets: each sets what it says; a preset URL runs its runs and pins them', { timeout: seconds(240) }, async () => {
    await open('presets', `#${quick}&maxEpochs=2&fitThreshold=0`, async (page) => {
      for (const id of ['noise', 'corruption-sweep', 'regularization', 'random-labels']) {
        await page.click(`#preset-buttons button[data-preset="${id}"]`);
        const expected = new State().with({ backend: 'cpu', batchSize: 32, asset, maxEpochs: 2, fitThreshold: 0, ...presetChanges(findPreset(id), 0) }).toObject();
        assert.deepEqual(await apiState(page), expected, id);
        assert.match(page.url(), new RegExp(`preset=${id}`));
        assert.match(await page.textContent('#preset-line'), new RegExp(`run 1 of ${findPreset(id).runs.length}`));
      }
      await page.waitForFunction(() => window.rethinkDebug.sequence()?.done, null, { timeout: seconds(150), polling: 250 });
      assert.deepEqual(await page.evaluate(() => window.rethinkDebug.pins()), ['pinned: true labels, MLP 1×512', 'pinned: random labels, MLP 1×512']);
      assert.match(await page.textContent('#preset-line'), /done: 2 runs/);
      // A change by the reader ends the preset (and drops it from the URL).
      await page.click('#random-pixels');
      assert.equal(await page.evaluate(() => window.rethinkDebug.sequence()), null);
      assert.doesNotMatch(page.url(), /preset=/);
    });
    for (const id of ['noise', 'regularization', 'corruption-sweep']) {
      await open(`preset-url-${id}`, `#preset=${id}&${quick}`, async (page) => {
        const preset = findPreset(id);
        for (const [key, value] of Object.entries(presetChanges(preset, 0))) assert.equal((await apiState(page))[key], value, `${id}.${key}`);
        assert.deepEqual(await page.evaluate(() => window.rethinkDebug.sequence()), { preset: id, index: 0, runs: preset.runs.length, done: false });
        assert.match(await page.textContent('#preset-line'), /Press Play/);
      });
    }
  });

  test('(r) embed mode shows the chart, the two toggles and play; its snippet reproduces the run', { timeout: seconds(300) }, async () => {
    let snippet;
    let firstEpochs;
    let expected;
    await open('share', `#${quick}&seed=3&randomLabels=1`, async (page, logs, context) => {
      await context.grantPermissions(['clipboard-read', 'clipboard-write']);
      await page.click('#play');
      await waitForEpochs(page, 3, seconds(90));
      await page.click('#play');
      firstEpochs = (await page.evaluate(() => window.rethink.history())).slice(0, 3).map((m) => [m.epoch, m.trainError, m.testError]);
      expected = await apiState(page);
      await page.click('#copy-link');
      await page.waitForFunction(() => /copied/.test(document.getElementById('copy-status').textContent));
      assert.equal(await page.evaluate(() => navigator.clipboard.readText()), page.url());
      await page.click('#share');
      assert.equal(await page.isVisible('#share-dialog'), true);
      assert.equal(await page.inputValue('#share-link'), page.url());
      await page.check('#share-hide-status');
      snippet = await page.inputValue('#share-iframe');
      assert.match(snippet, /^<iframe src="[^"]+#[^"]*embed=1[^"]*" title="[^"]+"/);
      assert.match(snippet, /hide=status/);
      await page.click('#share-copy-iframe');
      assert.equal(await page.evaluate(() => navigator.clipboard.readText()), snippet);
      await page.keyboard.press('Escape');
      assert.equal(await page.isVisible('#share-dialog'), false);
    });
    const src = /src="([^"]+)"/.exec(snippet)[1].replaceAll('&amp;', '&');
    // A host page with the snippet: the same State, embed layout, and the same curve (CPU, same seed).
    const context = await browser().newContext({ viewport: { width: 900, height: 700 } });
    try {
      const page = await context.newPage();
      await withHost(`<!doctype html><title>host</title><p>A blog post.</p>${snippet}`, async (hostUrl) => {
      await page.goto(hostUrl);
      const frame = await (await page.waitForSelector('iframe')).contentFrame();
      await frame.waitForFunction(() => window.rethinkDebug && window.rethinkDebug.history.length >= 1, null, { timeout: seconds(90) });
      assert.deepEqual(await frame.evaluate(() => window.rethink.state()), expected);
      for (const selector of ['#chart', '#play', '#random-labels', '#random-pixels']) assert.equal(await visible(frame, selector), true, selector);
      for (const selector of ['#reset', '#model', '#backend', '#weight-decay', '#fig1a-run', 'header', '#export-csv', '#preset-buttons', '#samples', '#status', '#explain', '#fullscreen', '#share']) {
        assert.equal(await visible(frame, selector), false, `${selector} is hidden in the embed`);
      }
      const epochs = [];
      await frame.evaluate(() => window.addEventListener('rethink:epoch', (e) => (window.__epochs ??= []).push(e.detail.epoch)));
      await frame.click('#play');
      await frame.waitForFunction(() => window.rethinkDebug.history.length >= 3, null, { timeout: seconds(90) });
      epochs.push(...(await frame.evaluate(() => window.rethink.history())).slice(0, 3).map((m) => [m.epoch, m.trainError, m.testError]));
      assert.deepEqual(epochs, firstEpochs, 'the embed reproduces the run exactly');
      });
    } finally {
      await context.close();
    }
    // Embed via the query, hide= from the URL; a screenshot of the compact layout.
    await open('embed', `?embed=1&hide=backend,pins#${quick}&randomLabels=1`, async (page) => {
      assert.equal(await visible(page, '#pin'), false, 'hide= hides more');
      assert.equal(await visible(page, '#random-labels'), true);
      assert.equal(await visible(page, '#random-pixels'), true);
      assert.equal(await visible(page, '#share'), false);
      assert.equal(await page.evaluate(() => document.body.classList.contains('embed')), true);
      await page.click('#play');
      await waitForEpochs(page, 6, seconds(90));
      await page.screenshot({ path: path.join(artifacts, 'page-embed.png'), fullPage: true });
    }, { viewport: { width: 640, height: 520 } });
  });

  test('(r2) autoplay when scrolled into view: off by default, on with autoplay=1, never with reduced motion', { timeout: seconds(120) }, async () => {
    const host = (src) => `<!doctype html><title>host</title><div style="height:1500px">scroll down</div><iframe src="${src}" width="640" height="480"></iframe>`;
    for (const [flag, motion, expectPlay] of [['autoplay=1', 'no-preference', true], ['', 'no-preference', false], ['autoplay=1', 'reduce', false]]) {
      const context = await browser().newContext({ viewport: { width: 900, height: 700 }, reducedMotion: motion });
      try {
        const page = await context.newPage();
        await withHost(host(`${baseUrl()}#embed=1&${flag}&${quick}`), async (hostUrl) => {
        await page.goto(hostUrl);
        const frame = await (await page.waitForSelector('iframe')).contentFrame();
        // Polling by timer: an out-of-view frame gets no animation frames.
        await frame.waitForFunction(() => window.rethinkDebug?.history.length >= 1, null, { timeout: seconds(60), polling: 200 });
        assert.equal(await frame.evaluate(() => document.getElementById('play').dataset.playing), 'false', 'not playing out of view');
        await page.evaluate(() => document.querySelector('iframe').scrollIntoView());
        if (expectPlay) {
          await frame.waitForFunction(() => document.getElementById('play').dataset.playing === 'true', null, { timeout: seconds(10), polling: 200 });
          await page.evaluate(() => window.scrollTo(0, 0));
          await frame.waitForFunction(() => document.getElementById('play').dataset.playing === 'false', null, { timeout: seconds(10), polling: 200 });
        } else {
          await page.waitForTimeout(1000);
          assert.equal(await frame.evaluate(() => document.getElementById('play').dataset.playing), 'false', `${flag || 'no flag'}, ${motion}`);
        }
        });
      } finally {
        await context.close();
      }
    }
  });

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
      assert.equal(set.randomLabels, true);
      assert.match(page.url(), /randomLabels=1&seed=2|seed=2.*randomLabels=1|randomLabels=1.*seed=2/);
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
      assert.equal(parsed.settings.config.randomLabels, true);
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
      assert.equal(JSON.parse(texts['rethink:settings']).config.randomLabels, true);
      assert.ok(png.bytes.length > 5000, 'an image, not an empty canvas');
    });
  });

  test('(u) presenter keys: space, r, l, p, f, ? (not while typing)', { timeout: seconds(150) }, async () => {
    await open('keys', `#${quick}`, async (page) => {
      await waitForEpochs(page, 1, seconds(90));
      await page.click('h2#samples-title'); // focus on the page, not a control
      await page.keyboard.press('l');
      assert.equal((await apiState(page)).randomLabels, true, 'l toggles labels');
      await page.keyboard.press('p');
      assert.equal((await apiState(page)).randomPixels, true, 'p toggles pixels');
      await page.keyboard.press('p');
      await page.keyboard.press('l');
      assert.equal((await apiState(page)).randomLabels, false);
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
      assert.equal((await apiState(page)).randomLabels, false);
      assert.equal((await apiState(page)).randomPixels, false);
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
        await page.evaluate(() => { window.__before = true; });
        // location.reload(), not page.reload(): that one bypasses the service worker.
        await Promise.all([page.waitForEvent('load'), page.evaluate(() => window.location.reload())]);
        assert.equal(await page.evaluate(() => window.__before ?? null), null, 'a new document');
        await page.waitForFunction(() => Boolean(window.rethinkDebug), null, { timeout: seconds(30) });
        await page.click('#play');
        await waitForEpochs(page, 3, seconds(120));
        const snap = await snapshot(page);
        assert.equal(snap.errorVisible, false, snap.errorText);
        assert.ok(snap.history.at(-1).trainError < snap.history[0].trainError, 'it trains offline');
      }, { base });
    } finally {
      if (!stopped) await new Promise((resolve) => { server.close(resolve); server.closeAllConnections(); });
    }
  });
}
