// Browser tests of issue 4, part 1: the URL is the run, hostile hashes, presets, embed mode and
// its snippet, autoplay. Part 2 (API, export, keys, accessibility, phone, offline) is in
// presenting.mjs. Registered inside run.mjs's describe() (one browser, one server).
import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { buildHash } from '../../www/core/page-options.js';
import { findPreset, presetChanges } from '../../www/core/presets.js';
import { State } from '../../www/core/state.js';
import { createHarness } from './harness.mjs';
import { waitForEpochs } from './page.mjs';

/** Add the tests; `ctx` = { browser(), baseUrl(), root, artifacts, seconds, asset }. */
export function registerSharingTests({ browser, baseUrl, artifacts, seconds, asset }) {
  const quick = `backend=cpu&batchSize=32&asset=${asset}`;
  const { open, withHost, apiState, visible } = createHarness({ browser, baseUrl, artifacts });

  test('(o) the URL is the run: a hash round-trips State exactly, the old ?query is read, the hash wins', { timeout: seconds(120) }, async () => {
    const state = new State().with({
      model: 'mlp3', labelCorruption: 0.3, pixels: 'gaussian', backend: 'cpu', batchSize: 32,
      learningRate: 0.005, lrDecay: 0.9, momentum: 0.5, seed: 4294967295, weightDecay: 0.0005, dropout: 0.25, augment: true,
      batchNorm: false, asset, fitThreshold: 0.05, maxEpochs: 7, corruptions: '0,0.5,1',
    });
    const hash = buildHash(state, { embed: false, hide: [], autoplay: false, preset: null });
    await open('url-round-trip', `#${hash}`, async (page) => {
      assert.deepEqual(await apiState(page), state.toObject());
      assert.equal(new URL(page.url()).hash, `#${hash}`, 'the page writes back the same hash');
      assert.equal(await page.isChecked('#random-labels'), false, 'p = 0.3 is not random labels');
      assert.equal(await page.inputValue('#label-corruption'), '0.3');
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
}
