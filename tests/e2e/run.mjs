// Browser test of the rethink page in headless Chromium (playwright-core + Debian /usr/bin/chromium).
//   node tests/e2e/run.mjs            (or: node --test tests/e2e/run.mjs)
// Env: RETHINK_E2E_ASSET (www/data/<name>, default e2e-16px.bin), RETHINK_CHROMIUM (browser path),
//      RETHINK_E2E_CPU_EPOCHS (default 8), RETHINK_E2E_GPU_EPOCHS (default 1),
//      RETHINK_E2E_GPU_BATCH (default 128), RETHINK_E2E_TIMEOUT_SCALE (default 1).
// Screenshots and timings.json go to test-artifacts/.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { startServer } from '../../scripts/serve.mjs';
import {
  CHROMIUM_ARGS, CHROMIUM_PATH as CHROMIUM, E2E_ASSET as ASSET, MEMORIZED, clickAndRead, cpuBadge, openPage, seconds, snapshot, trainingWorkers, waitForEpochs,
} from './page.mjs';
import { createHarness } from './harness.mjs';
import { registerBadInputTests } from './bad-input.mjs';
import { registerEmbedMessagingTests } from './embedding.mjs';
import { registerMatmulTests } from './matmul.mjs';
import { registerPaperTests } from './paper.mjs';
import { registerPresentingTests } from './presenting.mjs';
import { registerResilienceTests } from './resilience.mjs';
import { registerSharingTests } from './sharing.mjs';
import { registerTheoryTests } from './theory.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const ARTIFACTS = path.join(ROOT, 'test-artifacts');
const envInt = (name, fallback) => Number.parseInt(process.env[name] ?? '', 10) || fallback;
const CPU_EPOCHS = envInt('RETHINK_E2E_CPU_EPOCHS', 8);
const GPU_EPOCHS = envInt('RETHINK_E2E_GPU_EPOCHS', 1);
const GPU_BATCH = envInt('RETHINK_E2E_GPU_BATCH', 128);


let server;
let browser;
let baseUrl;
const timings = [];

/** Open the page with `query` in a fresh context, run `body(page, logs)`, screenshot on failure. */
function withPage(name, query, body) {
  const { open } = createHarness({ browser: () => browser, baseUrl: () => baseUrl, artifacts: ARTIFACTS });
  return open(name, `?${query}`, body);
}

async function screenshot(page, file) {
  await page.screenshot({ path: path.join(ARTIFACTS, file), fullPage: true });
}

function assertLocalOnly(logs) {
  const external = logs.filter((line) => line.startsWith('[external request]'));
  assert.deepEqual(external, [], 'the page must not fetch anything from outside the local server');
}

function recordTiming(label, snap) {
  timings.push({ label, stepsPerSec: snap.stepsPerSec, epochs: snap.history.length - 1, step: snap.step });
  console.log(`# timing ${label}: ${snap.stepsPerSec?.toFixed(2)} steps/s (page shows "${snap.stepsText}"),` +
    ` ${snap.step} steps, ${snap.history.length - 1} epochs`);
}

describe('rethink page in headless Chromium', () => {
  before(async () => {
    await mkdir(ARTIFACTS, { recursive: true });
    for (const [file, hint] of [
      ['pkg/rethink.js', 'build the wasm with scripts/setup.sh'],
      [`www/data/${ASSET}`, 'generate the asset (scripts/setup.sh, or set RETHINK_E2E_ASSET)'],
      ['node_modules/uplot/dist/uPlot.esm.js', 'run npm ci'],
    ]) {
      assert.ok(existsSync(path.join(ROOT, file)), `${file} is missing: ${hint}`);
    }
    server = startServer({ port: 0, host: '127.0.0.1', root: ROOT });
    await new Promise((resolve, reject) => server.once('listening', resolve).once('error', reject));
    baseUrl = `http://127.0.0.1:${server.address().port}/`;
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    console.log(`# serving ${baseUrl}, asset ${ASSET}, chromium ${browser.version()}`);
  });

  after(async () => {
    await browser?.close();
    await new Promise((resolve) => (server ? server.close(resolve) : resolve()));
    await writeFile(path.join(ARTIFACTS, 'timings.json'), `${JSON.stringify(timings, null, 2)}\n`);
  });

  test('(a) the page loads, reports a backend and shows no error', { timeout: seconds(120) }, async () => {
    await withPage('loads', `asset=${ASSET}`, async (page, logs) => {
      await waitForEpochs(page, 1, seconds(90)); // epoch 0 is evaluated before any training
      const snap = await snapshot(page);
      assert.match(snap.badge, /^(WebGPU — .+|CPU \(Burn flex, WebAssembly, \d+ threads?\))$/);
      assert.ok(['cpu', 'webgpu'].includes(snap.backend), `backend ${snap.backend}`);
      assert.equal(snap.errorVisible, false, `unexpected error: ${snap.errorText}`);
      if (snap.backend === 'cpu' && snap.adapter) assert.ok(snap.noteVisible, 'auto chose the CPU: the page must say why');
      console.log(`# auto picked ${snap.badge}${snap.noteVisible ? `; note: ${snap.note}` : ''}`);
      assertLocalOnly(logs);
      const refused = logs.filter((line) => /Content Security Policy/i.test(line));
      assert.deepEqual(refused, [], 'nothing the page needs is refused by its Content-Security-Policy');
      await screenshot(page, 'page-loaded.png');
    });
  });

  test('(b) CPU: training lowers the train error and the chart fills', { timeout: seconds(300) }, async () => {
    await withPage('cpu', `backend=cpu&asset=${ASSET}`, async (page) => {
      await page.click('#play');
      await waitForEpochs(page, CPU_EPOCHS + 1, seconds(240));
      const snap = await snapshot(page);
      assert.equal(snap.backend, 'cpu');
      assert.equal(snap.isolated, true, 'the dev server sends COOP and COEP');
      assert.equal(snap.badge, cpuBadge(snap));
      assert.ok(snap.chartPoints >= CPU_EPOCHS + 1, `chart has ${snap.chartPoints} points`);
      const [first, last] = [snap.history[0], snap.history.at(-1)];
      assert.equal(first.epoch, 0);
      assert.ok(last.trainError < first.trainError, `train error ${first.trainError} -> ${last.trainError}`);
      assert.ok(snap.stepsPerSec > 0, 'steps/s reported');
      recordTiming('cpu', snap);
      await screenshot(page, 'page-cpu.png');
    });
  });

  test('(c) WebGPU: the page trains on the WebGPU adapter', { timeout: seconds(420) }, async (t) => {
    await withPage('webgpu', `backend=webgpu&asset=${ASSET}&batchSize=${GPU_BATCH}`, async (page) => {
      const hasAdapter = await page.evaluate(async () => Boolean(await navigator.gpu?.requestAdapter()));
      if (!hasAdapter) return t.skip('this browser exposes no WebGPU adapter');
      await page.click('#play');
      await waitForEpochs(page, GPU_EPOCHS + 1, seconds(360));
      const snap = await snapshot(page);
      assert.equal(snap.backend, 'webgpu', `fell back: ${snap.note}`);
      assert.match(snap.badge, /^WebGPU — /);
      for (const m of snap.history) {
        assert.ok(m.trainError >= 0 && m.trainError <= 1 && m.testError >= 0 && m.testError <= 1, JSON.stringify(m));
      }
      assert.ok(snap.history.at(-1).trainLoss <= snap.history[0].trainLoss * 1.05, 'train loss did not blow up');
      recordTiming(`webgpu (${snap.adapter}), batch ${GPU_BATCH}`, snap);
      await screenshot(page, 'page-webgpu.png');
    });
  });

  test('(d) randomize labels resets the run; the network memorizes them, test error stays at chance', { timeout: seconds(400) }, async () => {
    // Batch 32 gives 16 steps per epoch on the 500-image test asset: memorized in ~20 epochs.
    await withPage('random-labels', `backend=cpu&batchSize=32&asset=${ASSET}`, async (page) => {
      await page.click('#play');
      await waitForEpochs(page, 2, seconds(120));
      const before = await snapshot(page);
      const after = await clickAndRead(page, '#random-labels');
      assert.ok(after.runId > before.runId, 'a new runId');
      assert.equal(after.historyLength, 0, 'history cleared');
      assert.equal(after.chartPoints, 0, 'chart cleared');
      assert.equal(after.labelCorruption, 1);
      assert.match(after.url, /#.*labelCorruption=1/, 'the URL hash holds the new state');
      await page.waitForFunction(
        (target) => (window.rethinkDebug.history.at(-1)?.trainError ?? 1) <= target || window.rethinkDebug.history.length > 80,
        MEMORIZED, { timeout: seconds(360), polling: 500 },
      );
      const snap = await snapshot(page);
      assert.equal(snap.runId, after.runId);
      const last = snap.history.at(-1);
      assert.ok(last.trainError <= MEMORIZED, `random labels memorized: train error ${last.trainError} after ${last.epoch} epochs`);
      for (const m of snap.history.slice(1)) assert.ok(m.testError >= 0.75, `test error ${m.testError} at epoch ${m.epoch}`);
      console.log(`# random labels: train error ${last.trainError} test error ${last.testError} after ${last.epoch} epochs`);
      recordTiming('cpu, random labels, batch 32', snap);
      await screenshot(page, 'page-random-labels.png');
    });
  });

  for (const [model, name] of [['cnn', 'small CNN'], ['mlp3', 'MLP 3x512']]) {
    test(`(g) the ${name} trains on the CPU`, { timeout: seconds(300) }, async () => {
      await withPage(model, `backend=cpu&model=${model}&asset=${ASSET}`, async (page) => {
        assert.equal(await page.inputValue('#model'), model);
        await page.click('#play');
        await waitForEpochs(page, 3, seconds(240));
        const snap = await snapshot(page);
        assert.equal(snap.backend, 'cpu');
        assert.ok(snap.history.at(-1).trainLoss < snap.history[0].trainLoss, `${name} train loss falls`);
        recordTiming(`cpu, ${name}, batch 128`, snap);
      });
    });
  }

  test('(h) no WebGPU adapter: asking for WebGPU falls back to the CPU and says so', { timeout: seconds(180) }, async () => {
    // Without --enable-unsafe-webgpu this Chromium has navigator.gpu but requestAdapter() gives null.
    const plain = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS.filter((a) => a !== '--enable-unsafe-webgpu') });
    try {
      const context = await plain.newContext({ viewport: { width: 1100, height: 900 } });
      const { page, logs } = await openPage(context, `${baseUrl}?backend=webgpu&asset=${ASSET}`);
      try {
        await page.click('#play');
        await waitForEpochs(page, 3, seconds(150));
        const snap = await snapshot(page);
        assert.equal(snap.backend, 'cpu');
        assert.equal(snap.isolated, true, 'the dev server sends COOP and COEP');
      assert.equal(snap.badge, cpuBadge(snap));
        assert.ok(snap.noteVisible, 'the fallback is said on the page');
        assert.match(snap.note, /no WebGPU adapter/);
        assert.equal(snap.errorVisible, false, `unexpected error: ${snap.errorText}`);
        await screenshot(page, 'page-no-webgpu.png');
      } catch (error) {
        console.log('--- no-webgpu failed; browser log:\n' + logs.join('\n'));
        throw error;
      } finally {
        await context.close();
      }
    } finally {
      await plain.close();
    }
  });

  test('(i) Gaussian images and label corruption p reach the run through the URL and the controls', { timeout: seconds(240) }, async () => {
    await withPage('gaussian', `backend=cpu&pixels=gaussian&labelCorruption=0.5&asset=${ASSET}`, async (page) => {
      assert.equal(await page.inputValue('#pixels'), 'gaussian');
      assert.equal(await page.inputValue('#label-corruption'), '0.5');
      await page.click('#play');
      await waitForEpochs(page, 4, seconds(200));
      const snap = await snapshot(page);
      assert.equal(snap.backend, 'cpu');
      const [first, last] = [snap.history[0], snap.history.at(-1)];
      assert.ok(last.trainError < first.trainError, `noise is fitted: ${first.trainError} -> ${last.trainError}`);
      for (const m of snap.history.slice(1)) assert.ok(m.testError >= 0.75, `noise carries no class: ${m.testError}`);
      // The random-labels toggle is a view of p: it sets the slider to p = 1, and p = 1 checks it.
      await page.click('#random-labels');
      assert.equal(await page.inputValue('#label-corruption'), '1');
      await page.click('#random-labels');
      assert.equal(await page.inputValue('#label-corruption'), '0');
      await page.$eval('#label-corruption', (slider) => {
        slider.value = '1';
        slider.dispatchEvent(new Event('change', { bubbles: true }));
      });
      assert.equal(await page.isChecked('#random-labels'), true);
      assert.match(page.url(), /pixels=gaussian/);
      await screenshot(page, 'page-gaussian.png');
    });
  });

  test('(j) a diverging learning rate stops the run with advice, keeping the chart', { timeout: seconds(180) }, async () => {
    // lr 1 with momentum 0.9: the loss overflows to inf at step 48 on this asset (rethink train --lr 1).
    await withPage('diverge', `backend=cpu&learningRate=1&asset=${ASSET}`, async (page) => {
      await page.click('#play');
      await page.waitForSelector('#error:not([hidden])', { timeout: seconds(150) });
      const snap = await snapshot(page);
      assert.match(snap.errorText, /diverged/);
      assert.match(snap.errorText, /lower learning rate/);
      assert.ok(snap.history.length >= 2, `the epochs before divergence are kept: ${snap.history.length}`);
      assert.ok(snap.chartPoints >= 2, 'and stay on the chart');
      // The mark sits at the step Rust reported (the end of the train() call that saw the
      // non-finite loss), after the last epoch kept on the chart.
      const marker = await page.evaluate(() => window.rethinkDebug.divergedMarker());
      assert.ok(marker, 'the chart marks where the run diverged');
      assert.ok(marker.x >= snap.history.at(-1).epoch, `mark at ${marker.x}, last epoch ${snap.history.at(-1).epoch}`);
      assert.match(marker.label, /diverged/);
      assert.equal((await page.textContent('#play')).trim(), 'Play', 'the button no longer offers Pause');
      await screenshot(page, 'page-diverged.png');
      // A structured error from Rust: its kind and step, no message parsing; the mark is at that step.
      const failure = await page.evaluate(() => window.rethinkDebug.runError);
      assert.equal(failure.kind, 'diverged');
      assert.ok(Number.isInteger(failure.step) && failure.step > 0, JSON.stringify(failure));
      const stepsPerEpoch = await page.evaluate(() => window.rethinkDebug.stepsPerEpoch);
      assert.ok(Math.abs(marker.x - failure.step / stepsPerEpoch) < 1e-9, `mark at ${marker.x}, step ${failure.step}`);
      // The run's own failure keeps the worker and its wasm module: Reset trains again in it.
      assert.equal(trainingWorkers(page).length, 1, 'the worker survived');
      const worker = trainingWorkers(page)[0];
      await page.click('#reset');
      await page.waitForFunction(() => window.rethinkDebug.history.length >= 1 && window.rethinkDebug.runError === null, null, { timeout: seconds(60) });
      assert.deepEqual(trainingWorkers(page), [worker], 'the same worker runs the next run');
      assert.equal((await worker.evaluate(() => self.rethinkWorkerDebug())).wasmInstantiations, 1, 'without instantiating the module again');
    });
  });

  registerPaperTests({ withPage, screenshot, seconds, asset: ASSET });
  registerTheoryTests({ withPage, screenshot, seconds, asset: ASSET });
  registerSharingTests({ browser: () => browser, baseUrl: () => baseUrl, root: ROOT, artifacts: ARTIFACTS, seconds, asset: ASSET });
  registerPresentingTests({ browser: () => browser, baseUrl: () => baseUrl, root: ROOT, artifacts: ARTIFACTS, seconds, asset: ASSET });
  registerResilienceTests({ browser: () => browser, baseUrl: () => baseUrl, artifacts: ARTIFACTS, seconds, asset: ASSET });
  registerBadInputTests({ browser: () => browser, baseUrl: () => baseUrl, root: ROOT, artifacts: ARTIFACTS, seconds, asset: ASSET });
  registerMatmulTests({ seconds, asset: ASSET });
  registerEmbedMessagingTests({ browser: () => browser, baseUrl: () => baseUrl, artifacts: ARTIFACTS, seconds, asset: ASSET });

  test('(e) a missing asset shows a readable error, not a blank page', { timeout: seconds(60) }, async () => {
    await withPage('missing-asset', 'backend=cpu&asset=missing.bin', async (page) => {
      await page.waitForSelector('#error:not([hidden])', { timeout: seconds(45) });
      const snap = await snapshot(page);
      assert.match(snap.errorText, /www\/data\/missing\.bin/);
      assert.match(snap.errorText, /scripts\/setup\.sh/);
      assert.ok(await page.isVisible('h1'), 'the page is not blank');
      await screenshot(page, 'page-missing-asset.png');
    });
  });

  test('(f) URL state goes through a strict whitelist', { timeout: seconds(60) }, async () => {
    const query = 'asset=..%2F..%2Fsecret.bin&backend=evil&batchSize=99999&model=cnn&randomPixels=1';
    await withPage('whitelist', query, async (page) => {
      const state = await page.evaluate(() => ({ ...window.rethinkDebug.state }));
      assert.equal(state.asset, 'cifar10-16px.bin');
      assert.equal(state.backend, 'auto');
      assert.equal(state.batchSize, 1024);
      assert.equal(state.model, 'cnn');
      assert.equal(state.pixels, 'random', 'the older randomPixels name still works');
      assert.ok(await page.isVisible('#notice'), 'ignored parameters are reported');
      assert.equal(await page.inputValue('#model'), 'cnn');
      assert.equal(await page.isChecked('#random-pixels'), true);
    });
  });
});
