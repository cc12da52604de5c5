// Browser tests of issue 6 (never a blank page, never lost work): a WebGPU device lost mid-run,
// requestDevice() rejecting, a Rust panic and a worker crash, 200 rapid inputs, a frozen or hidden
// tab. Registered inside run.mjs's describe() (one browser, one server); run alone with
//   node --test --test-name-pattern=resilience tests/e2e/run.mjs
import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { createHarness } from './harness.mjs';
import { snapshot, trainingWorkers, waitForEpochs } from './page.mjs';

const STRESS_SEED = Number.parseInt(process.env.RETHINK_STRESS_SEED ?? '', 10) || 6;
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// Records every message the page's workers post ({ worker, type, runId, step, at }) in
// window.__workerMessages; added before the page's scripts run.
function recordWorkerMessages() {
  const Original = window.Worker;
  let count = 0;
  window.__workerMessages = [];
  window.Worker = class extends Original {
    constructor(...args) {
      super(...args);
      const worker = (count += 1);
      this.addEventListener('message', (event) => {
        const { type, runId, step } = event.data ?? {};
        window.__workerMessages.push({ worker, type, runId, step, at: performance.now() });
      });
    }
  };
}

/** Add the tests; `ctx` = { browser(), baseUrl(), artifacts, seconds, asset }. */
export function registerResilienceTests({ browser, baseUrl, artifacts, seconds, asset }) {
  const quick = `backend=cpu&batchSize=32&asset=${asset}`;

  // Open `suffix` with the shared harness (service workers blocked); body(page, errors, context).
  const { open: openWith } = createHarness({ browser, baseUrl, artifacts });
  const open = (name, suffix, body, prepare) => openWith(name, suffix, async (page, _logs, context, errors) => {
    await body(page, errors, context);
    assert.doesNotMatch(await page.textContent('#error'), /Page error/, 'no failure of the page itself');
  }, { contextOptions: { serviceWorkers: 'block' }, prepare });

  const mainWorker = async (page) => {
    await page.waitForFunction(() => window.rethinkDebug.runId > 0);
    for (let i = 0; i < 100 && trainingWorkers(page).length === 0; i += 1) await sleep(50);
    assert.equal(trainingWorkers(page).length, 1, 'one training worker');
    return trainingWorkers(page)[0];
  };
  const epochs = (history) => history.map((m) => m.epoch);
  const consecutive = (list) => list.every((epoch, i) => epoch === i);

  test('(y1) resilience: a WebGPU device lost mid-run continues on the CPU from the last epoch, history kept', { timeout: seconds(420) }, async (t) => {
    await open('device-lost', `#backend=webgpu&batchSize=32&asset=${asset}`, async (page, errors) => {
      if (!(await page.evaluate(async () => Boolean(await navigator.gpu?.requestAdapter())))) return t.skip('no WebGPU adapter');
      const worker = await mainWorker(page);
      await page.click('#play');
      await waitForEpochs(page, 2, seconds(300)); // epoch 1: 16 steps on SwiftShader
      const before = await snapshot(page);
      assert.equal(before.backend, 'webgpu', `fell back before the test began: ${before.note}`);
      const destroyed = await worker.evaluate(() => {
        for (const device of self.rethinkGpuDevices ?? []) device.destroy();
        return self.rethinkGpuDevices?.length ?? 0;
      });
      assert.ok(destroyed >= 1, 'the worker saw the GPUDevice wgpu requested');
      await page.waitForFunction(() => window.rethinkDebug.backend === 'cpu', null, { timeout: seconds(60), polling: 100 });
      const note = await page.textContent('#backend-note');
      const found = /The WebGPU device was lost \((.+)\); continuing on the CPU from epoch (\d+)\./.exec(note);
      assert.ok(found, `the page says what happened: "${note}"`);
      const n = Number(found[2]);
      assert.ok(n >= 1, `a checkpoint after epoch ${n}`);
      await waitForEpochs(page, n + 3, seconds(120));
      const snap = await snapshot(page);
      assert.equal(snap.backend, 'cpu');
      assert.ok(snap.runId > before.runId, 'the CPU run is a new run id');
      assert.ok(consecutive(epochs(snap.history)), `epochs 0, 1, 2, … with no duplicate or gap: ${epochs(snap.history)}`);
      assert.equal(snap.chartPoints, snap.history.length, 'the chart holds every epoch');
      for (const m of snap.history.slice(0, before.history.length)) {
        assert.deepEqual(m, before.history[m.epoch], `epoch ${m.epoch} kept as it was`);
      }
      const [atN, next] = [snap.history[n], snap.history[n + 1]];
      assert.equal(next.step, atN.step + (await page.evaluate(() => window.rethinkDebug.stepsPerEpoch)), 'the CPU run went on from the checkpoint step');
      assert.ok(next.trainError <= atN.trainError + 0.05, `the weights came back: train error ${atN.trainError} at epoch ${n}, ${next.trainError} at ${n + 1}`);
      if (atN.testError < 0.85) assert.ok(next.testError < 0.85, `test error not back at chance: ${next.testError}`);
      assert.equal(snap.errorVisible, false, `no error: ${snap.errorText}`);
      assert.equal(trainingWorkers(page).length, 1, 'the old worker is gone');
      console.log(`# device lost after epoch ${n} ("${found[1]}"): train error ${atN.trainError} -> ${next.trainError} on the CPU`);
      await page.screenshot({ path: path.join(artifacts, 'page-device-lost.png'), fullPage: true });
      assert.deepEqual(errors, [], 'no uncaught error in the page');
    });
  });

  test('(y2) resilience: requestDevice() rejecting falls back to the CPU with a note', { timeout: seconds(240) }, async (t) => {
    const reject = async (context) => {
      await context.route(/\/worker\.js$/, async (route) => {
        const response = await route.fetch();
        const prefix = "GPUAdapter.prototype.requestDevice = () => Promise.reject(new Error('test: requestDevice rejected'));\n";
        await route.fulfill({ response, body: prefix + (await response.text()) });
      });
    };
    await open('request-device', `#backend=webgpu&batchSize=32&asset=${asset}`, async (page) => {
      if (!(await page.evaluate(async () => Boolean(await navigator.gpu?.requestAdapter())))) return t.skip('no WebGPU adapter');
      await page.click('#play');
      await waitForEpochs(page, 3, seconds(180));
      const snap = await snapshot(page);
      assert.equal(snap.backend, 'cpu');
      assert.ok(snap.noteVisible, 'the fallback is said on the page');
      assert.match(snap.note, /WebGPU failed to start \(.*\), so this run uses the CPU\./);
      assert.ok(consecutive(epochs(snap.history)), `${epochs(snap.history)}`);
      assert.equal(snap.errorVisible, false, `no error: ${snap.errorText}`);
      console.log(`# requestDevice rejected: "${snap.note}"`);
    }, reject);
  });

  const crashes = [
    ['a Rust panic', 'panic', async (worker) => worker.evaluate(async () => {
      // The build this worker trains with (the threaded one where the page is isolated).
      const wasm = await import(new URL(self.rethinkWorkerDebug().wasmUrl, location).href);
      setTimeout(() => wasm.panicForTesting(), 0);
    }), /the WebAssembly module crashed \(Rust panic: .*panicForTesting/],
    ['a worker error', 'crash', async (worker) => worker.evaluate(() => {
      setTimeout(() => { throw new Error('test crash'); }, 0);
    }), /Training stopped: test crash\. Press Reset/],
  ];
  for (const [what, name, crash, expected] of crashes) {
    test(`(y3) resilience: ${what} while training shows a message, stops, and Reset starts a working run`, { timeout: seconds(180) }, async () => {
      await open(`crash-${name}`, `#${quick}`, async (page, errors) => {
        const worker = await mainWorker(page);
        await page.click('#play');
        await waitForEpochs(page, 2, seconds(90));
        const old = await snapshot(page);
        await crash(worker);
        await page.waitForSelector('#error:not([hidden])', { timeout: seconds(30) });
        const stopped = await snapshot(page);
        assert.match(stopped.errorText, expected);
        assert.equal((await page.textContent('#play')).trim(), 'Play', 'the button offers Play again');
        await sleep(1500);
        const later = await snapshot(page);
        assert.equal(later.step, stopped.step, 'nothing trains any more');
        assert.equal(later.history.length, stopped.history.length);
        assert.ok(stopped.history.length >= old.history.length, 'the history of the crashed run stays on the chart');
        // A worker with a thread pool (the threaded module) takes longer to end: wait up to 10 s.
        for (let i = 0; i < 100 && trainingWorkers(page).length > 0; i += 1) await sleep(100);
        assert.equal(trainingWorkers(page).length, 0, 'the crashed worker was terminated');
        await page.click('#reset');
        const fresh = await mainWorker(page);
        await page.click('#play');
        await waitForEpochs(page, 2, seconds(90));
        const reset = await snapshot(page);
        assert.ok(reset.runId > old.runId);
        assert.equal(reset.errorVisible, false, 'Reset cleared the message');
        assert.ok(consecutive(epochs(reset.history)));
        // A late message of the crashed run is dropped.
        const length = reset.history.length;
        await fresh.evaluate((runId) => {
          self.postMessage({ type: 'epoch', runId, metrics: { epoch: 99, step: 9999, trainError: 0.5, testError: 0.5 } });
          self.postMessage({ type: 'fatal', runId, message: 'late', phase: 'train', backend: 'cpu' });
        }, old.runId);
        await sleep(300);
        const after = await snapshot(page);
        assert.ok(after.history.every((m) => m.epoch !== 99), 'the late epoch was ignored');
        assert.ok(after.history.length >= length);
        assert.equal(after.errorVisible, false, 'the late fatal was ignored');
        console.log(`# ${what}: "${stopped.errorText}"`);
        assert.deepEqual(errors, [], 'no uncaught error in the page');
      });
    });
  }

  test('(y4) resilience: 200 rapid clicks, toggles, resets, presets and model changes leave one consistent run', { timeout: seconds(240) }, async () => {
    await open('rapid-input', `#${quick}`, async (page, errors) => {
      await mainWorker(page);
      const started = Date.now();
      const done = await page.evaluate(async ({ seed, count }) => {
        let a = seed >>> 0; // mulberry32
        const random = () => {
          a = (a + 0x6d2b79f5) >>> 0;
          let t = Math.imul(a ^ (a >>> 15), a | 1);
          t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
          return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
        };
        const pick = (list) => list[Math.floor(random() * list.length)];
        const byId = (id) => document.getElementById(id);
        const set = (id, value) => {
          byId(id).value = value;
          byId(id).dispatchEvent(new Event('input', { bubbles: true }));
          byId(id).dispatchEvent(new Event('change', { bubbles: true }));
        };
        const actions = {
          play: () => byId('play').click(),
          reset: () => byId('reset').click(),
          labels: () => byId('random-labels').click(),
          pixels: () => byId('random-pixels').click(),
          augment: () => byId('augment').click(),
          model: () => set('model', pick(['mlp', 'mlp3', 'cnn'])),
          images: () => set('pixels', pick(['none', 'shuffled', 'random', 'gaussian'])),
          corruption: () => set('label-corruption', pick(['0', '0.3', '0.5', '1'])),
          preset: () => pick([...document.querySelectorAll('#preset-buttons button')]).click(),
          pin: () => byId('pin').click(),
          clearPins: () => byId('clear-pins').click(),
        };
        const names = Object.keys(actions);
        const log = [];
        for (let i = 0; i < count; i += 1) {
          const name = pick(names);
          actions[name]();
          log.push(name);
          await new Promise((resolve) => setTimeout(resolve, Math.floor(random() * 25)));
        }
        if (byId('play').dataset.playing !== 'true') byId('play').click();
        return log;
      }, { seed: STRESS_SEED, count: 200 });
      const tookMs = Date.now() - started;
      assert.equal(done.length, 200);
      // Settle: the last run trains; three epochs of it, then a quiet window to watch the messages.
      await page.waitForFunction(() => window.rethinkDebug.history.length >= 3, null, { timeout: seconds(150), polling: 250 });
      const from = await page.evaluate(() => performance.now());
      await sleep(2000);
      const { messages, runId } = await page.evaluate((t0) => ({
        messages: window.__workerMessages.filter((m) => m.at >= t0),
        runId: window.rethinkDebug.runId,
      }), from);
      const steps = messages.filter((m) => m.type === 'steps');
      assert.ok(steps.length > 0, 'the current run trains');
      assert.deepEqual([...new Set(messages.map((m) => m.runId))], [runId], 'only the current run posts anything');
      assert.deepEqual([...new Set(messages.map((m) => m.worker))].length, 1, 'one worker talks');
      assert.ok(steps.every((m, i) => i === 0 || m.step > steps[i - 1].step), 'its step count only moves forward');
      const snap = await snapshot(page);
      assert.equal(snap.runId, runId);
      assert.ok(consecutive(epochs(snap.history)), `epochs 0, 1, 2, … with no duplicate or gap: ${epochs(snap.history)}`);
      assert.equal(snap.chartPoints, snap.history.length, 'one chart point per evaluation');
      assert.equal(snap.errorVisible, false, `no error: ${snap.errorText}`);
      assert.equal(trainingWorkers(page).length, 1, 'one training worker');
      const inWorker = await trainingWorkers(page)[0].evaluate(() => self.rethinkWorkerDebug());
      assert.equal(inWorker.runId, runId, 'the worker runs the page\'s current run');
      assert.equal(inWorker.liveExperiments, 1, 'one Experiment alive in the worker: every replaced run was freed');
      assert.deepEqual(errors, [], 'no uncaught error in the page');
      const counts = done.reduce((acc, name) => ({ ...acc, [name]: (acc[name] ?? 0) + 1 }), {});
      console.log(`# rapid input (seed ${STRESS_SEED}): 200 actions in ${tookMs} ms ${JSON.stringify(counts)}; settled on run ${runId}`);
    }, (context) => context.addInitScript(recordWorkerMessages));
  });

  test('(y5) resilience: a frozen or hidden tab keeps training and catches up at once when it returns', { timeout: seconds(180) }, async () => {
    await open('hidden-tab', `#${quick}`, async (page, errors, context) => {
      const worker = await mainWorker(page);
      await page.click('#play');
      await waitForEpochs(page, 2, seconds(90));
      const shownStep = () => page.evaluate(() => Number(document.getElementById('step').textContent) || 0);
      const countSteps = () => page.evaluate(() => window.__workerMessages.filter((m) => m.type === 'steps').length);
      // Frozen (as Chromium freezes a background tab), 5 s.
      const cdp = await context.newCDPSession(page);
      const [stepBefore, messagesBefore] = [await shownStep(), await countSteps()];
      await cdp.send('Page.setWebLifecycleState', { state: 'frozen' });
      await sleep(5000);
      const workerStep = (await worker.evaluate(() => self.rethinkWorkerDebug())).lastStep;
      await cdp.send('Page.setWebLifecycleState', { state: 'active' });
      const back = Date.now();
      await page.waitForFunction((target) => Number(document.getElementById('step').textContent) >= target, workerStep, { timeout: 2000, polling: 50 });
      const caughtUpMs = Date.now() - back;
      const shown = await page.evaluate(() => ({ shown: window.rethinkDebug.stepsShown, received: window.rethinkDebug.step }));
      const burst = (await countSteps()) - messagesBefore;
      console.log(`# frozen 5 s: step ${stepBefore} -> worker at ${workerStep} while frozen; page caught up in ${caughtUpMs} ms (${burst} 'steps' messages, last drawn ${shown.shown})`);
      assert.ok(workerStep > stepBefore, `the worker kept training while the tab was frozen (${stepBefore} -> ${workerStep})`);
      // Hidden (a faked visibilitychange, as on a tab switch), 3 s: training goes on.
      const hiddenStep = await shownStep();
      await page.evaluate(() => {
        Object.defineProperty(document, 'visibilityState', { value: 'hidden', configurable: true });
        Object.defineProperty(document, 'hidden', { value: true, configurable: true });
        document.dispatchEvent(new Event('visibilitychange'));
      });
      await sleep(3000);
      const whileHidden = await shownStep();
      await page.evaluate(() => {
        delete document.visibilityState;
        delete document.hidden;
        document.dispatchEvent(new Event('visibilitychange'));
      });
      assert.ok(whileHidden > hiddenStep, `training went on while hidden (${hiddenStep} -> ${whileHidden})`);
      await waitForEpochs(page, (await snapshot(page)).history.length + 1, seconds(60));
      const snap = await snapshot(page);
      assert.ok(consecutive(epochs(snap.history)), `${epochs(snap.history)}`);
      assert.equal(snap.chartPoints, snap.history.length);
      assert.equal(snap.errorVisible, false, `no error: ${snap.errorText}`);
      assert.deepEqual(errors, [], 'no uncaught error in the page');
    }, (context) => context.addInitScript(recordWorkerMessages));
  });
}
