#!/usr/bin/env node
// Page weight and start-up (issue 5, benchmark 4): the wasm raw and gzipped (zlib level 9), the
// JS and CSS the page loads, the data assets; and the time from navigation to (1) controls live
// (window.rethinkDebug present), (2) the epoch-0 evaluation shown on the chart, (3) the first
// training step reported (rethinkDebug.step > 0; play is pressed as soon as the controls are live).
// Median of --runs fresh browsers (new profile each: cold HTTP, code and shader caches).
//   node tests/bench/startup.mjs [--runs 3] [--backend auto|cpu|webgpu] [--out test-artifacts/startup.json]
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { resolveRequestPath, routesFor } from '../../scripts/serve.mjs';
import { ARTIFACTS, ROOT, fmt, launchBrowser, machine, markdownTable, median, parseOptions, requireFiles, serve, writeArtifact } from './common.mjs';

const DEFAULTS = { runs: 3, backend: 'auto', timeout: 300, out: path.join(ARTIFACTS, 'startup.json') };
const USAGE = 'usage: node tests/bench/startup.mjs [--runs 3] [--backend auto|cpu|webgpu] [--timeout seconds] [--out file.json]';
const MIB = 1024 * 1024;

const gzipped = (bytes) => gzipSync(bytes, { level: 9 }).length;

// Runs in the page before its own scripts: timestamps (ms since navigation start) of each milestone.
function recordMilestones() {
  const marks = {};
  window.__startup = marks;
  const tick = () => {
    const debug = window.rethinkDebug;
    const now = performance.now();
    if (debug) {
      if (marks.controls === undefined) {
        marks.controls = now;
        const play = document.getElementById('play');
        if (play && play.dataset.playing !== 'true') play.click();
        marks.play = performance.now();
      }
      if (marks.epoch0 === undefined && debug.history.length >= 1 && debug.chartPoints() >= 1) marks.epoch0 = now;
      if (marks.firstStep === undefined && debug.step > 0) marks.firstStep = now;
    }
    if (marks.epoch0 === undefined || marks.firstStep === undefined) setTimeout(tick, 5);
  };
  tick();
}

function kind(url, type) {
  if (/\.wasm($|\?)/.test(url)) return 'wasm';
  if (/\/data\/.+\.bin($|\?)/.test(url)) return 'data';
  if (type === 'document' || /(\/|\.html)($|\?)/.test(url)) return 'html';
  if (type === 'stylesheet' || /\.css($|\?)/.test(url)) return 'css';
  if (type === 'script' || /\.m?js($|\?)/.test(url)) return 'js';
  return 'other';
}

// One fresh browser: the milestones, and the same-origin files the page loaded (weighed afterwards
// from disk, so that reading them does not compete with the page for the CPU).
async function sample(baseUrl, options) {
  const browser = await launchBrowser();
  const transfers = [];
  try {
    const context = await browser.newContext({ viewport: { width: 1100, height: 900 } });
    await context.addInitScript(recordMilestones);
    context.on('response', (response) => {
      const url = response.url();
      if (url.startsWith(baseUrl) && response.status() === 200) {
        transfers.push({ path: url.slice(baseUrl.length - 1).split(/[?#]/)[0], kind: kind(url, response.request().resourceType()) });
      }
    });
    const page = await context.newPage();
    await page.goto(`${baseUrl}${options.backend === 'auto' ? '' : `#backend=${options.backend}`}`);
    const marks = await page.waitForFunction(() => {
      const box = document.getElementById('error');
      if (box && !box.hidden) return { error: box.textContent.trim() };
      const m = window.__startup;
      return m && m.epoch0 !== undefined && m.firstStep !== undefined ? { ...m } : false;
    }, null, { timeout: options.timeout * 1000, polling: 50 }).then((handle) => handle.jsonValue());
    if (marks.error) throw new Error(`the page shows an error: ${marks.error}`);
    const nav = await page.evaluate(() => {
      const entry = performance.getEntriesByType('navigation')[0];
      return { domContentLoaded: entry.domContentLoadedEventEnd, load: entry.loadEventEnd, backend: window.rethinkDebug.backend };
    });
    return { ...marks, ...nav, transfers };
  } finally {
    await browser.close().catch(() => {});
  }
}

// Sizes of the files behind the URL paths the page (and its service worker) loaded, each file once.
async function weigh(transfers) {
  const seen = new Map();
  for (const t of transfers) {
    const file = resolveRequestPath(ROOT, t.path, routesFor({}));
    if (!file || seen.has(file)) continue;
    const bytes = await readFile(file).catch(() => null);
    if (bytes) seen.set(file, { ...t, bytes: bytes.length, gzip: gzipped(bytes) });
  }
  return [...seen.values()];
}

async function fileSizes(files) {
  const rows = [];
  for (const file of files) {
    const bytes = await readFile(path.join(ROOT, file));
    rows.push({ file, bytes: bytes.length, gzip: gzipped(bytes) });
  }
  return rows;
}

async function main() {
  const options = parseOptions(process.argv.slice(2), DEFAULTS, USAGE);
  requireFiles([['pkg/rethink_bg.wasm', 'build the wasm with scripts/setup.sh'], ['www/data/cifar10-16px.bin', 'make the data asset (scripts/setup.sh)']]);
  const assets = (await readdir(path.join(ROOT, 'www/data'))).filter((name) => name.endsWith('.bin')).sort().map((name) => `www/data/${name}`);
  const files = await fileSizes(['pkg/rethink_bg.wasm', 'pkg/rethink.js', ...assets]);
  const { baseUrl, close } = await serve();
  const samples = [];
  let about;
  try {
    const probe = await launchBrowser();
    about = machine(probe);
    await probe.close();
    for (let run = 0; run < options.runs; run++) {
      const result = await sample(baseUrl, options);
      console.log(`run ${run + 1}: controls ${fmt(result.controls / 1000)} s, epoch 0 ${fmt(result.epoch0 / 1000)} s, first step ${fmt(result.firstStep / 1000)} s (${result.backend})`);
      samples.push(result);
    }
  } finally {
    await close();
  }
  const loaded = await weigh(samples[0].transfers);
  const byKind = {};
  for (const t of loaded) {
    byKind[t.kind] ??= { files: 0, bytes: 0, gzip: 0 };
    byKind[t.kind].files += 1;
    byKind[t.kind].bytes += t.bytes;
    byKind[t.kind].gzip += t.gzip;
  }
  const mib = (bytes) => `${fmt(bytes / MIB)} MiB`;
  console.log(`\n# page weight, ${about.cpus} CPUs, Chromium ${about.chromium}\n`);
  console.log(markdownTable(['file', 'raw', 'gzip -9'], files.map((f) => [f.file, mib(f.bytes), mib(f.gzip)])));
  console.log(`\nWhat the page loaded (first run, same-origin responses):\n`);
  console.log(markdownTable(['kind', 'files', 'raw', 'gzip -9'], Object.entries(byKind).map(([k, v]) => [k, v.files, mib(v.bytes), mib(v.gzip)])));
  const med = (key) => median(samples.map((s) => s[key]).filter(Number.isFinite)) / 1000;
  console.log(`\nStart-up, median of ${samples.length} fresh browsers (seconds from navigation; backend ${options.backend}, ran on ${samples.map((s) => s.backend).join(', ')}):\n`);
  console.log(markdownTable(['milestone', 'median s', 'runs'], [
    ['DOMContentLoaded', fmt(med('domContentLoaded')), samples.map((s) => fmt(s.domContentLoaded / 1000)).join(', ')],
    ['(1) controls live (rethinkDebug present)', fmt(med('controls')), samples.map((s) => fmt(s.controls / 1000)).join(', ')],
    ['(2) epoch-0 evaluation on the chart', fmt(med('epoch0')), samples.map((s) => fmt(s.epoch0 / 1000)).join(', ')],
    ['(3) first training step reported (play pressed at (1))', fmt(med('firstStep')), samples.map((s) => fmt(s.firstStep / 1000)).join(', ')],
  ]));
  const file = await writeArtifact(path.resolve(options.out), { date: new Date().toISOString(), machine: about, options, files, loaded, byKind, samples: samples.map(({ transfers, ...rest }) => rest) });
  console.log(`\nwrote ${path.relative(process.cwd(), file)}`);
}

main().catch((error) => {
  console.error(`startup.mjs: ${error.message}`);
  process.exit(1);
});
