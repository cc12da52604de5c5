// Shared by the benchmark runners (bench.mjs, memorize.mjs, startup.mjs; runBenchCell also by
// tests/e2e/matmul.mjs): the server, headless
// Chromium with the flags of tests/e2e/run.mjs, command-line options, medians and Markdown tables.
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { startServer } from '../../scripts/serve.mjs';
import { CHROMIUM_ARGS, CHROMIUM_PATH as CHROMIUM } from '../e2e/page.mjs';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const ARTIFACTS = path.join(ROOT, 'test-artifacts');


/** Start scripts/serve.mjs on a free port (`bench` adds /bench/, TensorFlow.js and jax-js); returns { server, baseUrl, close }. */
export async function serve({ bench = false, isolated = true } = {}) {
  const server = startServer({ port: 0, host: '127.0.0.1', root: ROOT, bench, isolated });
  await new Promise((resolve, reject) => server.once('listening', resolve).once('error', reject));
  const close = () => new Promise((resolve) => { server.close(resolve); server.closeAllConnections(); });
  return { server, baseUrl: `http://127.0.0.1:${server.address().port}/`, close };
}

/** A fresh headless Chromium (new temporary profile: cold HTTP, code and shader caches). */
export function launchBrowser() {
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
}

/** Fail early, with what to run, when something the benchmarks need is missing. */
export function requireFiles(files) {
  for (const [file, hint] of files) {
    if (!existsSync(path.join(ROOT, file))) {
      console.error(`${file} is missing: ${hint}`);
      process.exit(2);
    }
  }
}

/**
 * Parse `--name value` / `--name=value` options against `defaults` (numbers stay numbers, booleans
 * become flags); exits with `usage` on --help or an unknown option.
 */
export function parseOptions(argv, defaults, usage) {
  const options = { ...defaults };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split(/=(.*)/s, 2);
    if (flag === '--help' || flag === '-h') {
      console.log(usage);
      process.exit(0);
    }
    const key = flag.replace(/^--/, '').replace(/-([a-z])/g, (_, c) => c.toUpperCase());
    if (!flag.startsWith('--') || !Object.hasOwn(defaults, key)) {
      console.error(`unknown option ${argv[i]}\n${usage}`);
      process.exit(2);
    }
    if (typeof defaults[key] === 'boolean') {
      options[key] = inline === undefined ? true : !['0', 'false', 'no'].includes(inline);
      continue;
    }
    const raw = inline ?? argv[++i];
    if (raw === undefined) {
      console.error(`${flag} needs a value\n${usage}`);
      process.exit(2);
    }
    options[key] = typeof defaults[key] === 'number' ? Number(raw) : raw;
    if (typeof defaults[key] === 'number' && !Number.isFinite(options[key])) {
      console.error(`${flag} expects a number, not ${raw}`);
      process.exit(2);
    }
  }
  return options;
}

/** A comma-separated option as a list. */
/** The benchmark page's backends (tests/bench/page.js), in table order. */
export const BACKENDS = ['rethink-webgpu', 'rethink-cpu', 'tfjs-webgpu', 'tfjs-wasm', 'tfjs-cpu', 'jax-webgpu', 'jax-wasm'];

/** `N,backend=M,...` -> the value for `backend` (its override, else the bare default). */
export function perBackend(text, backend) {
  let value = null;
  for (const item of list(text)) {
    const [key, raw] = item.includes('=') ? item.split('=') : [null, item];
    if (key === null && value === null) value = Number(raw);
    if (key === backend) return Number(raw);
  }
  return value;
}

/**
 * Wire a bench page to the runner: its errors and warnings into `logs`, its progress events
 * (window.benchReport) into `events`, each rep printed; `settle(reason)` on done, error or crash.
 */
export async function followBenchPage(page, { events, logs, settle }) {
  page.on('console', (message) => {
    if (['error', 'warning'].includes(message.type())) logs.push(`[${message.type()}] ${message.text()}`.slice(0, 500));
  });
  page.on('pageerror', (error) => logs.push(`[page error] ${error.message}`));
  page.on('crash', () => settle('page crashed'));
  await page.exposeFunction('benchReport', (event) => {
    events.push({ ...event, at: Date.now() });
    if (event.type === 'rep') process.stdout.write(`  rep ${event.rep + 1}: ${fmt(event.stepsPerSec)} steps/s\n`);
    if (event.type === 'done' || event.type === 'error') settle(event.type);
  });
}

/**
 * Run one cell ({ backend, model, asset, steps, reps, warmup, wasmThreads?, webgpuMatmul? }) of the
 * benchmark page in a fresh browser, for at most `limitSeconds`; resolves to { events, outcome,
 * logs }, outcome 'done', 'error', 'time limit', 'page crashed' or 'runner error: ...'.
 */
export async function runBenchCell(baseUrl, cell, limitSeconds) {
  const browser = await launchBrowser();
  const events = [];
  const logs = [];
  let settle;
  const finished = new Promise((resolve) => (settle = resolve));
  const timer = setTimeout(() => settle('time limit'), limitSeconds * 1000);
  try {
    const page = await (await browser.newContext()).newPage();
    await followBenchPage(page, { events, logs, settle });
    const query = new URLSearchParams({ backend: cell.backend, model: cell.model, asset: cell.asset, steps: cell.steps, reps: cell.reps, warmup: cell.warmup, wasmThreads: cell.wasmThreads ?? 0, ...(cell.webgpuMatmul ? { webgpuMatmul: cell.webgpuMatmul } : {}) });
    await page.goto(`${baseUrl}bench/?${query}`);
    const outcome = await finished;
    return { events, outcome, logs };
  } catch (error) {
    return { events, outcome: `runner error: ${error.message}`, logs };
  } finally {
    clearTimeout(timer);
    await browser.close().catch(() => {});
  }
}

/** `N,backend=M,backend/model=K,...` -> the value for one cell: its `backend/model` override, else perBackend's. */
export function perCell(text, backend, model) {
  const key = `${backend}/${model}`;
  return list(text).some((item) => item.split('=')[0] === key) ? perBackend(text, key) : perBackend(text, backend);
}

export const list = (text) => String(text).split(',').map((item) => item.trim()).filter(Boolean);

/** Median of a list of numbers (null for an empty list). */
export function median(values) {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** A number with `digits` significant figures (or '–' when missing). */
export function fmt(value, digits = 3) {
  if (value === null || value === undefined || !Number.isFinite(value)) return '–';
  if (Math.abs(value) >= 10 ** digits) return String(Math.round(value));
  return Number(value.toPrecision(digits)).toString();
}

/** A Markdown table from a header row and rows of cells. */
export function markdownTable(header, rows) {
  const clean = (cell) => String(cell ?? '').replaceAll('|', '\\|').replaceAll('\n', ' ');
  return [header, header.map(() => '---'), ...rows].map((row) => `| ${row.map(clean).join(' | ')} |`).join('\n');
}

/** Write `data` as JSON to `name` (a path, or a file name under test-artifacts/); returns the path written. */
export async function writeArtifact(name, data) {
  const file = path.isAbsolute(name) ? name : path.join(ARTIFACTS, name);
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, `${JSON.stringify(data, null, 2)}\n`);
  return file;
}

/** What the figures were measured on, for the JSON artifacts. */
export function machine(browser) {
  return {
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model ?? null,
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    platform: `${os.platform()} ${os.release()}`,
    node: process.version,
    chromium: browser?.version() ?? null,
    loadAverage: os.loadavg().map((v) => Number(v.toFixed(2))),
  };
}
