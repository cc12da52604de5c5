#!/usr/bin/env node
// First-visit weight of the published site: every file of the folder with its size and its gzip
// size (zlib level 6, what static hosts typically send; level 9 for reference), and what a first
// visit transfers. The visit is measured, not assumed: the site is served by a plain static
// server (tests/e2e/static-server.mjs: python3 -m http.server, the page at /rethink/), a fresh
// headless Chromium opens it with the default asset and backend, and every request its access
// log shows until the first run is ready (epoch 0 on the chart) and the service worker has
// installed and kept the asset ("available offline") is weighed from disk.
//   node tests/bench/first-visit.mjs [--site site] [--timeout 300] [--out test-artifacts/first-visit.json]
// --site: a folder built by scripts/build-site.sh (default site/); when it does not exist the
// default site is assembled into a temp folder (node scripts/site.mjs, seconds).
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../e2e/page.mjs';
import { SUB_PATH, prepareSite, startPythonServer } from '../e2e/static-server.mjs';
import { ARTIFACTS, ROOT, machine, markdownTable, parseOptions, writeArtifact } from './common.mjs';

const DEFAULTS = { site: 'site', timeout: 300, out: path.join(ARTIFACTS, 'first-visit.json') };
const USAGE = 'usage: node tests/bench/first-visit.mjs [--site DIR (default site/)] [--timeout seconds] [--out file.json]';
const bytes = (n) => n.toLocaleString('en-US');
const mb = (n) => `${(n / 1e6).toFixed(2)} MB`;

/** Every file of `dir` (relative paths, '/'-separated, dotfiles included), sorted. */
function siteFiles(dir) {
  return readdirSync(dir, { recursive: true }).map((f) => f.split(path.sep).join('/'))
    .filter((f) => statSync(path.join(dir, f)).isFile()).sort();
}

/** { path, bytes, gzip6, gzip9 } of one file. */
function weigh(dir, rel) {
  const data = readFileSync(path.join(dir, rel));
  return { path: rel, bytes: data.length, gzip6: gzipSync(data, { level: 6 }).length, gzip9: gzipSync(data, { level: 9 }).length };
}

/** The site file a logged request path names ('/rethink/' is index.html), or null outside the site. */
function fileOf(requestPath) {
  const prefix = `/${SUB_PATH}/`;
  if (!requestPath.startsWith(prefix)) return null;
  const rel = decodeURIComponent(requestPath.split(/[?#]/)[0].slice(prefix.length));
  return rel === '' || rel.endsWith('/') ? `${rel}index.html` : rel;
}

/**
 * Open the page in a fresh browser profile; the server's requests until it is ready and
 * offline-ready, and when. A persistent profile, not Playwright's default incognito-like context:
 * that one keeps its HTTP cache in memory and drops responses over a few MB, so the service
 * worker's install would download the wasm a second time where a real first visit need not.
 */
async function visit(server, timeoutMs) {
  const profile = mkdtempSync(path.join(tmpdir(), 'rethink-first-visit-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, viewport: { width: 1100, height: 900 },
  });
  const first = server.requests.length;
  try {
    const page = context.pages()[0] ?? await context.newPage();
    const started = Date.now();
    await page.goto(server.baseUrl);
    await page.waitForFunction(() => window.rethinkDebug?.history.length >= 1, null, { timeout: timeoutMs, polling: 50 });
    const readyMs = Date.now() - started;
    const offline = await page.waitForFunction(() => ['ready', 'unavailable'].includes(window.rethinkDebug.offline) && window.rethinkDebug.offline, null, { timeout: timeoutMs, polling: 100 });
    if ((await offline.jsonValue()) !== 'ready') throw new Error('the service worker could not keep the page for offline use');
    const offlineMs = Date.now() - started;
    const { backend, userAgent } = await page.evaluate(() => ({ backend: window.rethinkDebug.backend, userAgent: navigator.userAgent }));
    await new Promise((resolve) => setTimeout(resolve, 500)); // the access log trails the responses
    return { requests: server.requests.slice(first), readyMs, offlineMs, backend, machine: { ...machine(null), userAgent } };
  } finally {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  }
}

async function main() {
  const options = parseOptions(process.argv.slice(2), DEFAULTS, USAGE);
  const given = path.resolve(ROOT, options.site);
  const site = existsSync(path.join(given, 'index.html')) ? prepareSite({ site: given }) : prepareSite();
  if (!existsSync(path.join(given, 'index.html'))) console.log(`# ${options.site} is not a built site: measuring a fresh one (default asset)`);
  const server = await startPythonServer(site.parent);
  try {
    console.log(`# ${site.site} served at ${server.baseUrl} by python3 -m http.server`);
    const seen = await visit(server, options.timeout * 1000);
    const outside = seen.requests.filter((r) => fileOf(r.path) === null || r.status >= 400);
    if (outside.length) throw new Error(`requests outside the site or failing: ${JSON.stringify(outside)}`);
    const files = siteFiles(site.site).map((rel) => weigh(site.site, rel));
    for (const file of files) file.requests = seen.requests.filter((r) => r.status === 200 && fileOf(r.path) === file.path).length;
    const sum = (list, key, times = () => 1) => list.reduce((total, f) => total + f[key] * times(f), 0);
    const requested = files.filter((f) => f.requests > 0);
    const totals = {
      all: { files: files.length, bytes: sum(files, 'bytes'), gzip6: sum(files, 'gzip6'), gzip9: sum(files, 'gzip9') },
      firstVisit: { files: requested.length, bytes: sum(requested, 'bytes'), gzip6: sum(requested, 'gzip6'), gzip9: sum(requested, 'gzip9') },
      firstVisitAsSent: { responses: sum(requested, 'requests'), bytes: sum(requested, 'bytes', (f) => f.requests), gzip6: sum(requested, 'gzip6', (f) => f.requests) },
    };
    const rows = [...files].sort((a, b) => b.bytes - a.bytes)
      .map((f) => [f.path, bytes(f.bytes), bytes(f.gzip6), bytes(f.gzip9), f.requests || '']);
    console.log(`\n${markdownTable(['file', 'bytes', 'gzip -6', 'gzip -9', 'first visit (responses)'], rows)}\n`);
    console.log(markdownTable(['total', 'files', 'bytes', 'gzip -6', 'gzip -9'], [
      ['the folder', totals.all.files, mb(totals.all.bytes), mb(totals.all.gzip6), mb(totals.all.gzip9)],
      ['a first visit (each file once)', totals.firstVisit.files, mb(totals.firstVisit.bytes), mb(totals.firstVisit.gzip6), mb(totals.firstVisit.gzip9)],
      [`a first visit as sent (${totals.firstVisitAsSent.responses} responses)`, '', mb(totals.firstVisitAsSent.bytes), mb(totals.firstVisitAsSent.gzip6), ''],
    ]));
    console.log(`\nbackend ${seen.backend}; first run ready (epoch 0 on the chart) ${(seen.readyMs / 1000).toFixed(1)} s after navigation, ` +
      `offline copy ready ${(seen.offlineMs / 1000).toFixed(1)} s (python3 -m http.server on 127.0.0.1: no network delay, no compression)`);
    const file = await writeArtifact(options.out, { site: options.site, baseUrl: server.baseUrl, ...seen, files, totals });
    console.log(`JSON: ${path.relative(process.cwd(), file)}`);
  } finally {
    await server.close();
    site.cleanup();
  }
}

main().catch((error) => {
  console.error(`first-visit.mjs: ${error.message}`);
  process.exit(1);
});
