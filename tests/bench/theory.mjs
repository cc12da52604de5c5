#!/usr/bin/env node
// The paper's Sections 4 and 5 in the page: how long Theorem 1's memorizer and the minimum-norm
// interpolant (Gaussian kernel) take in the browser's wasm (theory-worker.js, one thread), on
// the default asset, with true and with random labels, and what they give. One fresh headless
// Chromium; the product page, served normally; the buttons of its "Sections 4 and 5" section.
//   node tests/bench/theory.mjs [--asset cifar10-16px.bin] [--out test-artifacts/theory.json]
// The native figures come from `cargo run --release -- theorem1` / `min-norm` (README).
import path from 'node:path';
import { ARTIFACTS, launchBrowser, machine, markdownTable, parseOptions, requireFiles, serve, writeArtifact } from './common.mjs';

const DEFAULTS = { asset: 'cifar10-16px.bin', out: path.join(ARTIFACTS, 'theory.json') };
const USAGE = 'usage: node tests/bench/theory.mjs [--asset name.bin] [--out file.json]';
const CASES = [
  { button: '#theorem1-run', labels: 'true' },
  { button: '#theorem1-run', labels: 'random' },
  { button: '#min-norm-run', labels: 'true' },
  { button: '#min-norm-run', labels: 'random' },
];

async function main() {
  const options = parseOptions(process.argv.slice(2), DEFAULTS, USAGE);
  requireFiles([['pkg/rethink.js', 'build the wasm with scripts/setup.sh'], [`www/data/${options.asset}`, 'make the asset (scripts/setup.sh)']]);
  const { baseUrl, close } = await serve();
  const browser = await launchBrowser();
  const about = machine(browser);
  const rows = [];
  try {
    for (const [index, { button, labels }] of CASES.entries()) {
      const page = await (await browser.newContext({ serviceWorkers: 'block' })).newPage();
      await page.goto(`${baseUrl}#backend=cpu&asset=${options.asset}${labels === 'random' ? '&labelCorruption=1' : ''}`);
      await page.waitForFunction(() => Boolean(window.rethinkDebug));
      await page.click(button);
      await page.waitForFunction(() => document.querySelector('#theory-table tbody tr') || document.querySelector('#theory-status.theory-error'), null, { timeout: 600000, polling: 100 });
      const status = await page.textContent('#theory-status');
      const cells = await page.$$eval('#theory-table tbody tr td', (tds) => tds.map((td) => td.textContent));
      if (cells.length === 0) throw new Error(`case ${index + 1} failed: ${status}`);
      rows.push(cells.slice(0, 7));
      console.log(`  ${cells[0]}, ${cells[1]}: ${cells[6]}`);
      await page.context().close();
    }
  } finally {
    await browser.close();
    await close();
  }
  const header = ['computed', 'on', 'parameters', 'train error', 'test error', '‖w‖', 'time in the page'];
  console.log(`\n${markdownTable(header, rows)}\n`);
  const file = await writeArtifact(path.resolve(options.out), { date: new Date().toISOString(), machine: about, options, header, rows });
  console.log(`wrote ${path.relative(process.cwd(), file)}`);
}

main().catch((error) => {
  console.error(`theory.mjs: ${error.message}`);
  process.exit(1);
});
