// Browser tests of issue 3's page features: the new controls, parameter count, early-stopping
// marker, example images, pinned runs, Figure 1a and the Figure 1b/1c sweep.
// Registered inside run.mjs's describe() (one browser, one server) by registerPaperTests().
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { waitForEpochs } from './page.mjs';

const CLASS = /^(airplane|automobile|bird|cat|deer|dog|frog|horse|ship|truck)/;
const FIG1A = ['true labels', 'random labels', 'shuffled pixels', 'random pixels', 'Gaussian'];

/** Wait until the figure `kind` ('fig1a' | 'sweep') has finished; returns the page's figure summary. */
async function waitForFigure(page, kind, timeout) {
  const handle = await page.waitForFunction(
    (k) => {
      const f = window.rethinkDebug.figure();
      return f && f[k] && f[k].status !== 'running' && !f.running ? f : false;
    },
    kind,
    { timeout, polling: 500 },
  );
  return handle.jsonValue();
}

const debugValue = (page, expression) => page.evaluate(expression);

/** Add the tests; `ctx` = { withPage, screenshot, seconds, asset }. */
export function registerPaperTests({ withPage, screenshot, seconds, asset }) {
  test('(k) new controls: models change the parameter count, regularizers reach the config', { timeout: seconds(300) }, async () => {
    await withPage('controls', `backend=cpu&asset=${asset}`, async (page) => {
      await waitForEpochs(page, 1, seconds(90));
      const mlp = await debugValue(page, () => window.rethinkDebug.numParams);
      assert.equal(mlp, 16 * 16 * 3 * 512 + 512 + 512 * 10 + 10, 'MLP 1x512 on 16 px images');
      assert.match(await page.textContent('#num-params'), /^398,858 parameters$/);
      assert.equal(await page.isDisabled('#batch-norm'), true, 'batch norm only for inception');

      // Weight decay: a valid value reaches the config and the URL; an invalid one is refused.
      await page.fill('#weight-decay', '0.0005');
      await page.dispatchEvent('#weight-decay', 'change');
      assert.equal(await debugValue(page, () => window.rethinkDebug.config.weightDecay), 0.0005);
      assert.match(page.url(), /weightDecay=0\.0005/);
      await page.fill('#weight-decay', '0.5');
      await page.dispatchEvent('#weight-decay', 'change');
      assert.ok(await page.isVisible('#weight-decay-error'), 'a weight decay above 0.1 is refused, with a reason');
      assert.equal(await debugValue(page, () => window.rethinkDebug.state.weightDecay), 0.0005);
      await page.fill('#weight-decay', '0.0005');
      await page.dispatchEvent('#weight-decay', 'change');
      assert.equal(await page.isVisible('#weight-decay-error'), false);

      await page.check('#dropout-on');
      assert.equal(await debugValue(page, () => window.rethinkDebug.config.dropout), 0.5);
      await page.check('#augment');
      assert.equal(await debugValue(page, () => window.rethinkDebug.config.augment), true);
      assert.match(page.url(), /dropout=0\.5/);
      assert.match(page.url(), /augment=1/);
      // The regularized MLP trains (the Rust side accepts the fields).
      await page.click('#play');
      await waitForEpochs(page, 3, seconds(90));
      await page.click('#play'); // pause

      for (const model of ['alexnet', 'inception']) {
        const before = await debugValue(page, () => window.rethinkDebug.runId);
        await page.selectOption('#model', model);
        await page.waitForFunction((id) => window.rethinkDebug.runId > id && window.rethinkDebug.numParams !== null, before, { timeout: seconds(120) });
        const count = await debugValue(page, () => window.rethinkDebug.numParams);
        console.log(`# ${model}: ${count} parameters`);
        assert.ok(count > 1000 && count !== mlp, `${model} has its own parameter count: ${count}`);
        assert.match(await page.textContent('#num-params'), /^[\d,]+ parameters$/);
      }
      assert.equal(await page.isDisabled('#batch-norm'), false, 'batch norm is enabled for inception');
      assert.equal(await page.isDisabled('#dropout-on'), true, 'inception has no dense hidden layer: no dropout');
      assert.match(await page.$eval('#dropout-on', (e) => e.parentElement.title), /no hidden dense layer/);
      await page.uncheck('#batch-norm');
      assert.equal(await debugValue(page, () => window.rethinkDebug.config.batchNorm), false);
      assert.match(page.url(), /batchNorm=0/);
      await waitForEpochs(page, 1, seconds(120)); // Inception without batch norm builds and evaluates
      const error = await page.isVisible('#error');
      assert.equal(error, false, `no error: ${await page.textContent('#error')}`);
      await page.selectOption('#model', 'mlp');
      assert.equal(await page.isDisabled('#batch-norm'), true);
    });
  });

  test('(l) early-stopping marker, example images and pinned runs', { timeout: seconds(240) }, async () => {
    await withPage('pins', `backend=cpu&batchSize=32&asset=${asset}`, async (page) => {
      await waitForEpochs(page, 1, seconds(90));
      await page.waitForFunction(() => document.querySelectorAll('#samples canvas').length === 16, null, { timeout: seconds(30) });
      const samples = await page.evaluate(() => {
        const s = window.rethinkDebug.samples;
        return { count: s.count, side: s.side, pixels: s.pixels.length, captions: [...document.querySelectorAll('#samples .sample-label')].map((e) => e.textContent) };
      });
      assert.equal(samples.count, 16);
      assert.equal(samples.pixels, 16 * 3 * samples.side * samples.side);
      for (const caption of samples.captions) assert.match(caption, CLASS);
      assert.equal(await page.isDisabled('#pin'), true, 'nothing to pin before an epoch of training');

      await page.click('#play');
      await waitForEpochs(page, 5, seconds(90));
      const marker = await debugValue(page, () => window.rethinkDebug.chartMarker());
      assert.ok(marker, 'an early-stopping marker is drawn');
      assert.match(marker.label, /^lowest test error: epoch \d+$/);
      assert.match(await page.textContent('#early-stop'), /Lowest test error so far: .* at epoch \d+/);
      assert.equal(await debugValue(page, () => window.rethinkDebug.chartSeries()), 2);
      await page.click('#pin');
      assert.equal(await debugValue(page, () => window.rethinkDebug.chartSeries()), 4, 'a pin adds a train and a test curve');
      assert.deepEqual(await debugValue(page, () => window.rethinkDebug.pins()), ['pinned: true labels, MLP 1×512']);

      await page.click('#random-labels');
      assert.equal(await debugValue(page, () => window.rethinkDebug.chartSeries()), 4, 'pins survive a new run');
      await waitForEpochs(page, 3, seconds(90));
      await page.click('#pin');
      assert.equal(await debugValue(page, () => window.rethinkDebug.chartSeries()), 6);
      assert.equal((await debugValue(page, () => window.rethinkDebug.pins()))[1], 'pinned: random labels, MLP 1×512');
      // With random labels, about 90 % of the example images carry a corrupted label, shown as such.
      await page.waitForFunction(() => window.rethinkDebug.samples?.labels.some((l, i) => l !== window.rethinkDebug.samples.trueLabels[i]), null, { timeout: seconds(30) });
      const corrupted = await page.$$eval('#samples .sample[data-corrupted="true"]', (list) => list.map((e) => e.title));
      assert.ok(corrupted.length > 0);
      for (const title of corrupted) assert.match(title, /^true class: /);
      await screenshot(page, 'page-pins.png');
      await page.click('#clear-pins');
      assert.equal(await debugValue(page, () => window.rethinkDebug.chartSeries()), 2);
    });
  });

  test('(m) Figure 1a: five labelled curves in the paper order, the same on a second run', { timeout: seconds(300) }, async () => {
    await withPage('figure1a', `backend=cpu&batchSize=32&maxEpochs=3&fitThreshold=0.05&asset=${asset}`, async (page) => {
      await waitForEpochs(page, 1, seconds(90));
      await page.click('#play');
      const started = Date.now();
      await page.click('#fig1a-run');
      assert.equal(await page.isDisabled('#play'), true, 'the main run is paused while a figure runs');
      assert.equal(await page.isVisible('#figure-cancel'), true);
      await page.waitForFunction(() => /variant \d\/5: /.test(document.getElementById('figure-progress').textContent), null, { timeout: seconds(30) });
      const first = await waitForFigure(page, 'fig1a', seconds(200));
      console.log(`# Figure 1a (5 runs, <= 3 epochs each, batch 32): ${((Date.now() - started) / 1000).toFixed(1)} s`);
      assert.equal(first.fig1a.status, 'done');
      assert.deepEqual(first.fig1a.results.map((r) => r.label), FIG1A);
      assert.deepEqual(first.fig1aLoss.labels, FIG1A, 'loss chart legend in the paper order');
      assert.deepEqual(first.fig1aError.labels, FIG1A);
      for (const [i, n] of first.fig1aLoss.points.entries()) assert.ok(n >= 8, `${FIG1A[i]}: ${n} loss points`);
      for (const [i, n] of first.fig1aError.points.entries()) assert.ok(n >= 2, `${FIG1A[i]}: ${n} error points`);
      const legend = await page.$$eval('#fig1a-loss .u-legend .u-series .u-label', (list) => list.map((e) => e.textContent));
      assert.deepEqual(legend.filter((label) => label !== 'thousands of steps'), FIG1A, 'the legend on the page');
      assert.equal(await page.$$eval('#fig1a-table tbody tr', (rows) => rows.length), 5);
      assert.match(await page.textContent('#figure-progress'), /^Done: 5 of 5 runs/);
      assert.equal(await page.isDisabled('#play'), false);
      assert.equal(await debugValue(page, () => document.getElementById('play').dataset.playing), 'true', 'the main run resumes');
      await screenshot(page, 'figure1a.png');

      // CPU backend, same seed: the same curves.
      await page.click('#play'); // pause the main run so the rerun is quicker
      const curves = () => page.evaluate(() => window.rethinkDebug.figure().fig1a.results.map((r) => [r.epoch, r.step, r.trainError, r.testError]));
      const before = await curves();
      await page.click('#fig1a-run');
      await waitForFigure(page, 'fig1a', seconds(200));
      assert.deepEqual(await curves(), before, 'Figure 1a is deterministic on the CPU');
    });
  });

  test('(n) Figures 1b/1c: a point per p, a results table; a sweep can be cancelled and keeps its points', { timeout: seconds(300) }, async () => {
    const query = `backend=cpu&batchSize=32&maxEpochs=12&fitThreshold=0.1&corruptions=0,0.5,1&asset=${asset}`;
    await withPage('figure1bc', query, async (page) => {
      await waitForEpochs(page, 1, seconds(90));
      // The p list is parsed strictly: a bad one is refused with a reason and changes nothing.
      await page.fill('#corruptions', '0, 2');
      await page.dispatchEvent('#corruptions', 'change');
      assert.ok(await page.isVisible('#corruptions-error'));
      assert.equal(await debugValue(page, () => window.rethinkDebug.state.corruptions), '0,0.5,1');
      await page.fill('#corruptions', '0, 0.5, 1');
      await page.dispatchEvent('#corruptions', 'change');

      const started = Date.now();
      await page.click('#sweep-run');
      const done = await waitForFigure(page, 'sweep', seconds(200));
      console.log(`# Figures 1b/1c (3 runs, <= 12 epochs each, batch 32): ${((Date.now() - started) / 1000).toFixed(1)} s`);
      assert.equal(done.sweep.status, 'done');
      assert.deepEqual(done.sweep.results.map((r) => r.p), [0, 0.5, 1]);
      for (const r of done.sweep.results) assert.ok(r.epoch >= 1 && r.step > 0 && r.testError > 0, JSON.stringify(r));
      const points = await page.evaluate(() => {
        const count = (id) => [...document.getElementById(id).querySelectorAll('canvas')].length;
        return { b: count('fig1b'), c: count('fig1c') };
      });
      assert.ok(points.b === 1 && points.c === 1, 'both charts drawn');
      assert.equal(await page.$$eval('#fig1bc-table tbody tr', (rows) => rows.length), 3);
      const firstRow = await page.$$eval('#fig1bc-table tbody tr:first-child td', (cells) => cells.map((c) => c.textContent));
      assert.equal(firstRow[0], '0');
      assert.equal(firstRow.at(-1), done.sweep.results[0].fitted ? '1.00×' : '–');
      await screenshot(page, 'figure1bc.png');

      // Cancel: with train error 0 as the target, p = 0.5 takes many epochs, so the sweep is
      // caught after its first point.
      await page.fill('#fit-threshold', '0');
      await page.dispatchEvent('#fit-threshold', 'change');
      await page.fill('#max-epochs', '200');
      await page.dispatchEvent('#max-epochs', 'change');
      assert.match(page.url(), /fitThreshold=0&maxEpochs=200/);
      await page.click('#sweep-run');
      await page.waitForFunction(() => window.rethinkDebug.figure().sweep.results.length >= 1, null, { timeout: seconds(120), polling: 100 });
      await page.click('#figure-cancel');
      const cancelled = await waitForFigure(page, 'sweep', seconds(10));
      assert.equal(cancelled.sweep.status, 'cancelled');
      assert.ok(cancelled.sweep.results.length >= 1 && cancelled.sweep.results.length < 3, `kept ${cancelled.sweep.results.length} points`);
      assert.match(await page.textContent('#figure-progress'), /^Cancelled after \d of 3 runs/);
      assert.equal(await page.isDisabled('#sweep-run'), false);
      assert.equal(await page.$$eval('#fig1bc-table tbody tr', (rows) => rows.length), cancelled.sweep.results.length);
    });
  });
}
