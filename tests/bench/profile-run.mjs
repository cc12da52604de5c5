// One backend of profile.mjs in a fresh headless Chromium: the instrumented bench page, the V8
// profiler on its main thread, the process CPU polls and the in-page WebGPU counters.
import { followBenchPage, launchBrowser } from './common.mjs';
import { calibrate, machineBusy, monoMicros } from './profile-cpu.mjs';
import { instrumentWebGpu } from './profile-hooks.mjs';

/** Run one cell (backend, model, steps...); resolves to the raw events, profile, polls, clocks and counters. */
export async function runCell(baseUrl, cell, options, { kernelTimes = false } = {}) {
  const browser = await launchBrowser();
  const events = [];
  const logs = [];
  const series = [];
  const clocks = [];
  let profile = null;
  let profilerStartSent = null;
  let settle;
  const finished = new Promise((resolve) => (settle = resolve));
  const timer = setTimeout(() => settle('time limit'), cell.limit * 1000);
  let polling = true;
  let poller = Promise.resolve();
  try {
    const browserCdp = await browser.newBrowserCDPSession();
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.addInitScript(instrumentWebGpu, { kernelTimes });
    const cdp = await context.newCDPSession(page);
    await followBenchPage(page, { events, logs, settle });
    const pollOnce = async () => {
      const t = monoMicros();
      const { processInfo } = await browserCdp.send('SystemInfo.getProcessInfo');
      const after = monoMicros();
      series.push({ t: (t + after) / 2, callMicros: after - t, proc: processInfo.map(({ id, type, cpuTime }) => ({ id, type, cpuTime })), machine: machineBusy() });
    };
    const poll = async () => {
      while (polling) {
        await pollOnce();
        await new Promise((resolve) => setTimeout(resolve, options.pollMs));
      }
    };
    const query = new URLSearchParams({ backend: cell.backend, model: cell.model, asset: cell.asset, steps: cell.steps, reps: cell.reps, warmup: cell.warmup, wasmThreads: cell.wasmThreads ?? 0, ...(cell.webgpuMatmul ? { webgpuMatmul: cell.webgpuMatmul } : {}) });
    await page.goto(`${baseUrl}bench/?${query}`);
    poller = poll();
    // The page is now loading its library and data (it yields often): start the profiler before
    // the warm-up; samples outside the timed window are dropped later.
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: options.interval });
    profilerStartSent = monoMicros();
    await cdp.send('Profiler.start');
    clocks.push(await calibrate(page));
    const outcome = await finished;
    profile = (await cdp.send('Profiler.stop')).profile;
    polling = false;
    await poller;
    await pollOnce();
    clocks.push(await calibrate(page));
    if (kernelTimes) await page.waitForFunction(() => !(window.__profileGpu?.pendingReads > 0), null, { timeout: 30000 }).catch(() => {});
    const gpu = await page.evaluate(() => ({
      snapshots: window.__profileGpu?.snapshots ?? [],
      wrapped: window.__profileGpu?.wrapped ?? [],
      pipelines: window.__profileGpu?.pipelines ?? [],
      kernelTiming: window.__profileGpu?.kernelTiming ?? false,
      kernelTimes: window.__profileGpu?.kernelTimes ?? [],
      kernelErrors: window.__profileGpu?.kernelErrors ?? [],
      pendingReads: window.__profileGpu?.pendingReads ?? 0,
      untimedDispatches: window.__profileGpu?.untimedDispatches ?? 0,
    })).catch(() => null);
    return { events, outcome, logs, profile, profilerStartSent, gpu, series, clocks };
  } catch (error) {
    return { events, outcome: `runner error: ${error.message}`, logs, profile, profilerStartSent, gpu: null, series, clocks };
  } finally {
    polling = false;
    await poller.catch(() => {});
    clearTimeout(timer);
    await browser.close().catch(() => {});
  }
}
