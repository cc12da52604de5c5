// Browser tests of the embed's postMessage protocol (www/share/embed-messages.js): a host page on another
// origin drives the page through the share dialog's own iframe snippet, and the example blog page
// (www/examples/blog.html) does the same from its buttons. `baseUrl()` may carry a sub-path (a
// static copy of the site under /rethink/): every address is built relative to it.
// Registered inside run.mjs's describe() (one browser, one server).
import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { shareTexts } from '../../www/core/page-options.js';
import { State } from '../../www/core/state.js';
import { createHarness } from './harness.mjs';

// The host page: it records every message of its iframe, and `send()` posts to the iframe's origin.
const hostPage = (snippet) => `<!doctype html><html lang="en"><title>A blog on another origin</title>
<script>
  window.received = [];
  addEventListener('message', (event) => {
    const frame = document.querySelector('iframe');
    if (frame && event.source === frame.contentWindow) window.received.push({ origin: event.origin, data: event.data });
  });
  window.send = (message) => {
    const frame = document.querySelector('iframe');
    frame.contentWindow.postMessage(message, new URL(frame.src).origin);
  };
</script>
<p>A blog post about memorization.</p>
${snippet}
</html>`;

const command = (id, name, extra = {}) => ({ type: 'rethink:command', id, command: name, ...extra });

/** Add the tests; `ctx` = { browser(), baseUrl(), artifacts, seconds, asset }. */
export function registerEmbedMessagingTests({ browser, baseUrl, artifacts, seconds, asset }) {
  const { withHost } = createHarness({ browser, baseUrl, artifacts });

  // Wait until `find(arg)`, run in the host page over `window.received`, gives a message; returns it.
  async function waitForMessage(page, find, arg) {
    const handle = await page.waitForFunction(find, arg, { timeout: seconds(90), polling: 100 });
    return handle.jsonValue();
  }
  const reply = (page, id) => waitForMessage(page, (n) => window.received.find((m) => m.data?.id === n && /^rethink:(result|error)$/.test(m.data.type)), id);
  const epochs = (page) => page.evaluate(() => window.received.filter((m) => m.data?.type === 'rethink:epoch').map((m) => m.data));

  test('(r3) a host on another origin drives the embed snippet with postMessage; bad commands are refused and change nothing', { timeout: seconds(240) }, async () => {
    const state = new State().with({ asset, backend: 'cpu' });
    const { iframe } = shareTexts(baseUrl(), state);
    assert.match(iframe, /^<iframe src="[^"]+#[^"]*embed=1/);
    const embedOrigin = new URL(baseUrl()).origin;
    const context = await browser().newContext({ viewport: { width: 900, height: 760 } });
    const page = await context.newPage();
    const logs = [];
    page.on('console', (message) => logs.push(`[${message.type()}] ${message.text()}`));
    try {
      await withHost(hostPage(iframe), async (hostUrl) => {
        assert.notEqual(new URL(hostUrl).origin, embedOrigin, 'the host is another origin');
        await page.goto(hostUrl);
        const frame = await (await page.waitForSelector('iframe')).contentFrame();

        // rethink:ready once the first run is evaluated, before its first epoch; from the embed's origin.
        const ready = await waitForMessage(page, () => window.received.find((m) => m.data?.type === 'rethink:ready'));
        assert.equal(ready.origin, embedOrigin);
        assert.deepEqual(ready.data, {
          type: 'rethink:ready', protocol: 1, commands: ['setState', 'play', 'pause', 'reset', 'preset'], state: state.toObject(), backend: 'cpu',
        });
        const first = await waitForMessage(page, () => window.received.find((m) => m.data?.type === 'rethink:epoch'));
        assert.equal(first.data.metrics.epoch, 0);
        assert.deepEqual(first.data.state, state.toObject());
        assert.equal(await page.evaluate(() => window.received.findIndex((m) => m.data?.type === 'rethink:ready')), 0, 'ready comes first');
        const firstRun = first.data.metrics.runId;

        // setState + play: replies to this origin, then epochs of a new run with random labels.
        await page.evaluate((messages) => messages.forEach((m) => window.send(m)), [command(1, 'setState', { state: { randomLabels: true } }), command(2, 'play')]);
        const set = await reply(page, 1);
        assert.equal(set.origin, embedOrigin);
        assert.equal(set.data.type, 'rethink:result', JSON.stringify(set.data));
        assert.equal(set.data.ok, true);
        assert.equal(set.data.state.labelCorruption, 1, 'the older randomLabels name sets p = 1');
        const expected = { ...state.toObject(), labelCorruption: 1 };
        assert.deepEqual(set.data.state, expected);
        assert.equal((await reply(page, 2)).data.type, 'rethink:result');
        await waitForMessage(page, (old) => window.received.find((m) => m.data?.type === 'rethink:epoch' && m.data.metrics.runId > old && m.data.metrics.epoch >= 2), firstRun);
        const newRun = (await epochs(page)).filter((m) => m.metrics.runId > firstRun);
        const run = newRun[0].metrics.runId;
        assert.deepEqual(newRun.map((m) => m.metrics.epoch).slice(0, 3), [0, 1, 2], 'the new run from epoch 0');
        for (const m of newRun) assert.equal(m.state.labelCorruption, 1, `epoch ${m.metrics.epoch} has random labels`);
        assert.deepEqual(await frame.evaluate(() => window.rethink.state()), expected);

        // Refused: malformed, unknown command and type, unknown field, bad value, unknown preset.
        // Ignored: messages for someone else, a copy of the embed's own reply.
        const bad = [
          [3, command(3, 'setState', { state: 'randomLabels=0' }), /setState expects an object/],
          [4, command(4, 'fly'), /unknown command fly/],
          [5, command(5, 'setState', { state: { randomLabels: false, bogus: 1 } }), /unknown state field: bogus/],
          [6, command(6, 'setState', { state: { batchSize: 'lots' } }), /invalid batchSize/],
          [7, command(7, 'preset', { preset: 'nope' }), /unknown preset: nope/],
          [8, { type: 'rethink:play', id: 8 }, /unknown message type/],
          [9, command(9, 'play', { state: { randomLabels: false } }), /unexpected field/],
        ];
        const ignored = [{ type: 'other-library', id: 20, command: 'pause' }, 'pause', { type: 'rethink:result', id: 21, ok: true }];
        // A message from the framed page itself is not the parent's: ignored too.
        await frame.evaluate(() => window.postMessage({ type: 'rethink:command', id: 22, command: 'pause' }, '*'));
        await page.evaluate((messages) => messages.forEach((m) => window.send(m)), [...bad.map(([, m]) => m), ...ignored, command(10, 'setState', { state: {} })]);
        const last = await reply(page, 10);
        assert.equal(last.data.type, 'rethink:result');
        assert.deepEqual(last.data.state, expected, 'the refused commands changed nothing');
        for (const [id, , pattern] of bad) {
          const answer = await reply(page, id);
          assert.equal(answer.origin, embedOrigin);
          assert.equal(answer.data.type, 'rethink:error', `#${id}: ${JSON.stringify(answer.data)}`);
          assert.equal(answer.data.ok, false);
          assert.match(answer.data.message, pattern, `#${id}`);
        }
        const ids = await page.evaluate(() => window.received.filter((m) => /^rethink:(result|error)$/.test(m.data?.type)).map((m) => m.data.id));
        assert.deepEqual(ids, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 'one reply per command, none to the others');

        // The run goes on: same run, more epochs, same State, still playing.
        const seen = (await epochs(page)).filter((m) => m.metrics.runId === run).length;
        await waitForMessage(page, ([id, count]) => window.received.find((m) => m.data?.type === 'rethink:epoch' && m.data.metrics.runId === id && m.data.metrics.epoch >= count), [run, seen]);
        const after = (await epochs(page)).filter((m) => m.metrics.runId >= run);
        assert.ok(after.every((m) => m.metrics.runId === run), 'no new run was started');
        for (const m of after) assert.deepEqual(m.state, expected);
        assert.deepEqual(await frame.evaluate(() => window.rethink.state()), expected);
        assert.equal(await frame.evaluate(() => document.getElementById('play').dataset.playing), 'true', 'still training');
        assert.deepEqual(logs.filter((line) => /Content Security Policy|\[error\]/i.test(line)), []);
      });
    } catch (error) {
      await page.screenshot({ path: path.join(artifacts, 'failure-embed-messaging.png') }).catch(() => {});
      console.log('--- embed messaging failed; received:', JSON.stringify(await page.evaluate(() => window.received).catch(() => null)), '\n', logs.join('\n'));
      throw error;
    } finally {
      await context.close();
    }
  });

  test('(r4) the example blog page switches the embed to random labels, then random pixels', { timeout: seconds(240) }, async () => {
    const context = await browser().newContext({ viewport: { width: 900, height: 1000 }, serviceWorkers: 'block' });
    // The example embeds the default data set; the test serves its own small asset under that name.
    const defaultAsset = new URL(`data/${new State().asset}`, baseUrl()).href;
    await context.route((url) => url.href === defaultAsset, async (route) => {
      route.fulfill({ response: await route.fetch({ url: new URL(`data/${asset}`, baseUrl()).href }) });
    });
    const page = await context.newPage();
    const logs = [];
    page.on('console', (message) => logs.push(`[${message.type()}] ${message.text()}`));
    page.on('pageerror', (error) => logs.push(`[page error] ${error.message}`));
    try {
      await page.goto(new URL('examples/blog.html', baseUrl()).href);
      await page.waitForSelector('#random-labels:enabled', { timeout: seconds(90) });
      assert.match(await page.textContent('#log li'), /^ready \((cpu|webgpu), true labels\)$/);
      const latest = (pattern) => page.waitForFunction(
        (source) => new RegExp(source).test(document.getElementById('latest').textContent), pattern.source, { timeout: seconds(120), polling: 200 },
      );
      await page.click('#random-labels');
      await latest(/^Epoch [2-9]\d* on random labels: training error \d/);
      await page.click('#random-pixels');
      await latest(/^Epoch [2-9]\d* on random pixels: training error \d/);
      const frame = page.frames().find((f) => f !== page.mainFrame());
      // The blog is not cross-origin isolated (scripts/serve.mjs's NOT_ISOLATED), so neither is
      // its iframe, however the page itself is served: the CPU trains on one thread there.
      const embed = await frame.evaluate(() => ({ isolated: crossOriginIsolated, backend: window.rethinkDebug.backend, badge: document.getElementById('backend-badge').textContent.trim() }));
      assert.equal(embed.isolated, false);
      if (embed.backend === 'cpu') assert.equal(embed.badge, 'CPU (Burn flex, WebAssembly, 1 thread)');
      const state = await frame.evaluate(() => window.rethink.state());
      assert.equal(state.pixels, 'random');
      assert.equal(state.labelCorruption, 0);
      const log = await page.$$eval('#log li', (items) => items.map((item) => item.textContent));
      for (const line of ['#1 setState: done', '#2 play: done', '#3 setState: done', '#4 play: done', 'a new run started: random pixels']) {
        assert.ok(log.includes(line), `${line} in ${JSON.stringify(log)}`);
      }
      await page.click('#pause');
      await page.waitForFunction(() => [...document.querySelectorAll('#log li')].some((item) => item.textContent === '#5 pause: done'));
      assert.equal(await frame.evaluate(() => document.getElementById('play').dataset.playing), 'false');
      assert.deepEqual(logs.filter((line) => /Content Security Policy|\[error\]|page error/i.test(line)), [], 'nothing refused under the page\'s CSP');
      await page.screenshot({ path: path.join(artifacts, 'page-blog-example.png'), fullPage: true });
    } catch (error) {
      await page.screenshot({ path: path.join(artifacts, 'failure-blog-example.png'), fullPage: true }).catch(() => {});
      console.log('--- blog example failed; browser log:\n' + logs.join('\n'));
      throw error;
    } finally {
      await context.close();
    }
  });
}
