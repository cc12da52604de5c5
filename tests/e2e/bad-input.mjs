// Browser tests of issue 6's bad input that the other files do not cover: a host that answers
// the asset's URL with an HTML page (status 200), a truncated asset, a worker without
// navigator.gpu, and a browser without WebAssembly SIMD. Registered inside run.mjs's describe(); run alone with
//   node --test --test-name-pattern=bad-input tests/e2e/run.mjs
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { test } from 'node:test';
import { createHarness } from './harness.mjs';
import { snapshot, waitForEpochs } from './page.mjs';

/** Add the tests; `ctx` = { browser(), baseUrl(), root, artifacts, seconds, asset }. */
export function registerBadInputTests({ browser, baseUrl, root, artifacts, seconds, asset }) {
  const { open } = createHarness({ browser, baseUrl, artifacts });
  const blocked = { contextOptions: { serviceWorkers: 'block' } };
  const assetUrl = new RegExp(`/data/${asset.replace('.', '\\.')}$`);

  // Serve `body` (with `contentType`) instead of the asset, then expect a readable error.
  async function expectAssetError(name, body, contentType, expected) {
    const prepare = (context) => context.route(assetUrl, (route) => route.fulfill({ status: 200, contentType, body }));
    await open(name, `#backend=cpu&asset=${asset}`, async (page, _logs, _context, errors) => {
      await page.waitForSelector('#error:not([hidden])', { timeout: seconds(45) });
      const snap = await snapshot(page);
      assert.match(snap.errorText, expected);
      assert.match(snap.errorText, new RegExp(`www/data/${asset.replace('.', '\\.')}`), 'the message names the file');
      assert.ok(await page.isVisible('h1'), 'the page is not blank');
      assert.ok(await page.isVisible('#play'), 'the controls stay');
      assert.deepEqual(errors, [], 'no uncaught error');
      console.log(`# ${name}: "${snap.errorText}"`);
    }, { ...blocked, prepare });
  }

  test('(z1) bad-input: an HTML page served as the asset gives a readable error', { timeout: seconds(90) }, async () => {
    const html = '<!doctype html><html><head><title>404 Not Found</title></head><body>Not found</body></html>';
    await expectAssetError('asset-html', html, 'text/html', /came back as an HTML page, not data/);
    // The same page labelled as binary data reaches the Rust reader, which refuses its first bytes.
    await expectAssetError('asset-html-as-binary', html, 'application/octet-stream', /not valid \(this is not a rethink data file \(it starts with "<!doctyp"\)/);
  });

  test('(z2) bad-input: a truncated asset gives a readable error', { timeout: seconds(90) }, async () => {
    const bytes = await readFile(path.join(root, 'www/data', asset));
    const half = bytes.subarray(0, Math.floor(bytes.length / 2));
    await expectAssetError('asset-truncated', half, 'application/octet-stream', /not valid \(data file length is \d+ bytes .*truncated or corrupt\)/);
  });

  test('(z3) bad-input: a worker without navigator.gpu trains on the CPU and says why', { timeout: seconds(180) }, async () => {
    const noGpu = (context) => context.route(/\/worker\.js$/, async (route) => {
      const response = await route.fetch();
      const prefix = "Object.defineProperty(WorkerNavigator.prototype, 'gpu', { get: () => undefined });\n";
      await route.fulfill({ response, body: prefix + (await response.text()) });
    });
    await open('no-navigator-gpu', `#backend=webgpu&batchSize=32&asset=${asset}`, async (page, _logs, _context, errors) => {
      await page.click('#play');
      await waitForEpochs(page, 2, seconds(120));
      const snap = await snapshot(page);
      assert.equal(snap.backend, 'cpu');
      assert.ok(snap.noteVisible, 'the fallback is said on the page');
      assert.match(snap.note, /no WebGPU/);
      assert.equal(snap.errorVisible, false, `no error: ${snap.errorText}`);
      assert.deepEqual(errors, [], 'no uncaught error');
    }, { ...blocked, prepare: noGpu });
  });

  test('(z4) bad-input: a browser without WebAssembly SIMD gets a clear message, not a blank page', { timeout: seconds(90) }, async () => {
    // Such a browser's WebAssembly.validate refuses any module with a SIMD instruction (opcode
    // prefix 0xfd); wasm-feature-detect's probe is one. Emulated in the worker, before the page's code.
    const noSimd = (context) => context.route(/\/worker\.js$/, async (route) => {
      const response = await route.fetch();
      const prefix = 'const validate = WebAssembly.validate; WebAssembly.validate = (bytes) => ' +
        '!new Uint8Array(bytes.buffer ?? bytes).includes(0xfd) && validate(bytes);\n';
      await route.fulfill({ response, body: prefix + (await response.text()) });
    });
    await open('no-wasm-simd', `#backend=cpu&asset=${asset}`, async (page, _logs, _context, errors) => {
      await page.waitForSelector('#error:not([hidden])', { timeout: seconds(45) });
      const snap = await snapshot(page);
      assert.match(snap.errorText, /cannot run WebAssembly SIMD/);
      assert.match(snap.errorText, /Firefox 89/, 'the message says which browsers work');
      assert.ok(await page.isVisible('#play'), 'the controls stay');
      assert.deepEqual(errors, [], 'no uncaught error');
      console.log(`# no-wasm-simd: "${snap.errorText}"`);
    }, { ...blocked, prepare: noSimd });
  });
}
