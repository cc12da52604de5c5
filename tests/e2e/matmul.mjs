// Browser test of the WebGPU matmul choice (src/web/webgpu.rs, vendor/README.md): on a software
// adapter the page launches cubek's CpuGemm instead of Burn's upstream kernel (cubek's Auto), so
// both must train to the same losses. Runs the benchmark page (tests/bench/page.js) twice per
// model, in a fresh Chromium each, on the same seed and data. Registered inside run.mjs's
// describe(); run alone with
//   node --test --test-name-pattern=matmul tests/e2e/run.mjs
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { launchBrowser, runBenchCell, serve } from '../bench/common.mjs';

/** One warm-up step, then one block of two steps: two losses read back per run. */
const RUN = { steps: 2, reps: 1, warmup: 1 };
/**
 * Relative loss difference allowed between the two paths. The matmul alone trained all five
 * models to identical losses; with convolutions as im2col and a matmul (vendor/README.md) the
 * MLP, CNN and AlexNet stay identical and Inception moves by 1.4e-5 (another summation order).
 */
const TOLERANCE = 1e-4;

/** Train `model` on WebGPU with `webgpuMatmul`; resolves to { device, losses }. */
async function lossesWith(baseUrl, { model, asset, webgpuMatmul, timeout }) {
  const cell = { backend: 'rethink-webgpu', model, asset, webgpuMatmul, ...RUN };
  const { events, outcome, logs } = await runBenchCell(baseUrl, cell, timeout);
  const failure = events.find((e) => e.type === 'error');
  assert.equal(outcome, 'done', `${model} with ${webgpuMatmul}: ${failure?.message ?? outcome}\n${logs.join('\n')}`);
  const setup = events.find((e) => e.type === 'setup');
  return { device: setup.device, losses: events.filter((e) => e.loss !== undefined).map((e) => e.loss) };
}

/** Add the tests; `ctx` = { seconds, asset }. */
export function registerMatmulTests({ seconds, asset }) {
  test('(c2) WebGPU: CpuGemm trains to the same losses as Burn\'s upstream matmul', { timeout: seconds(300) }, async (t) => {
    const { baseUrl, close } = await serve({ bench: true });
    try {
      const probe = await launchBrowser();
      const page = await probe.newPage();
      await page.goto(baseUrl); // a secure context (localhost): WebGPU is offered only there
      const hasAdapter = await page.evaluate(async () => Boolean(await navigator.gpu?.requestAdapter()));
      await probe.close();
      if (!hasAdapter) return t.skip('this browser exposes no WebGPU adapter');
      // The MLP is matrix products only; the CNN's convolutions are matrix products too (im2col).
      for (const model of ['mlp', 'cnn']) {
        const options = { model, asset, timeout: seconds(120) / 1000 };
        const upstream = await lossesWith(baseUrl, { ...options, webgpuMatmul: 'cubek-auto' });
        const cpuGemm = await lossesWith(baseUrl, { ...options, webgpuMatmul: 'cpu-gemm' });
        assert.match(cpuGemm.device, /CpuGemm matmul/, 'the CpuGemm run names its matmul');
        assert.doesNotMatch(upstream.device, /CpuGemm/, 'the upstream run does not');
        assert.equal(cpuGemm.losses.length, 2);
        assert.equal(upstream.losses.length, 2);
        upstream.losses.forEach((loss, i) => {
          const relative = Math.abs(cpuGemm.losses[i] - loss) / loss;
          assert.ok(Number.isFinite(loss) && relative <= TOLERANCE, `${model}, loss ${i}: ${cpuGemm.losses[i]} (CpuGemm) vs ${loss} (upstream)`);
        });
        console.log(`# matmul ${model}: losses ${upstream.losses.join(', ')} (upstream) vs ${cpuGemm.losses.join(', ')} (CpuGemm)`);
      }
    } finally {
      await close();
    }
  });
}
