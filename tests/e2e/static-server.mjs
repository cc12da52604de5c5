// A plain static file server that knows nothing of rethink, for the published site's tests and
// its first-visit measurement: Python's `http.server` (its own MIME types, no CSP, COOP or
// COEP headers), serving a parent folder in which the site sits at `rethink/`, so the page is
// at http://127.0.0.1:PORT/rethink/, a sub-path as on GitHub Pages. Also assembles that site.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
/** The sub-path the site is served under. */
export const SUB_PATH = 'rethink';

/**
 * Assemble the site with `node scripts/site.mjs` (the command itself, not its module) into a new
 * temp folder's `rethink/`, with the extra `assets`; or, given `site` (a built folder), link it
 * there. Returns { parent, site, cleanup() }; throws with the command's message when it refuses.
 */
export function prepareSite({ assets = [], site = null } = {}) {
  const parent = mkdtempSync(path.join(tmpdir(), 'rethink-site-'));
  const target = path.join(parent, SUB_PATH);
  if (site) {
    symlinkSync(path.resolve(site), target, 'dir');
  } else {
    const args = [path.join(ROOT, 'scripts/site.mjs'), '--out', target, ...assets.flatMap((a) => ['--asset', a])];
    const run = spawnSync(process.execPath, args, { encoding: 'utf8' });
    if (run.status !== 0) {
      rmSync(parent, { recursive: true, force: true });
      throw new Error(`scripts/site.mjs failed (exit ${run.status}):\n${run.stderr}`);
    }
    console.log(`# ${run.stdout.trim()}`);
  }
  return { parent, site: target, cleanup: () => rmSync(parent, { recursive: true, force: true }) };
}

/**
 * Start `python3 -m http.server --bind 127.0.0.1 0` in `dir` (any free port). Resolves to
 * { port, origin, baseUrl (the site's sub-path), requests, close() } once it listens; `requests`
 * collects { method, path, status } from its access log, in order.
 */
export function startPythonServer(dir) {
  const child = spawn('python3', ['-u', '-m', 'http.server', '--bind', '127.0.0.1', '0'], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  const requests = [];
  // Its access log: 127.0.0.1 - - [03/Dec/2026 12:00:00] "GET /rethink/ HTTP/1.1" 200 -
  createInterface({ input: child.stderr }).on('line', (line) => {
    const match = /"([A-Z]+) (\S+) HTTP\/[\d.]+" (\d{3})/.exec(line);
    if (match) requests.push({ method: match[1], path: match[2], status: Number(match[3]) });
  });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const close = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
  };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => { close(); reject(new Error('python3 -m http.server did not start within 10 s')); }, 10_000);
    child.once('error', (error) => { clearTimeout(timer); reject(new Error(`python3 could not be started: ${error.message}`)); });
    exited.then((code) => { clearTimeout(timer); reject(new Error(`python3 -m http.server exited (${code}) before listening`)); });
    createInterface({ input: child.stdout }).on('line', (line) => {
      const match = /Serving HTTP on \S+ port (\d+)/.exec(line);
      if (!match) return;
      clearTimeout(timer);
      const port = Number(match[1]);
      const origin = `http://127.0.0.1:${port}`;
      resolve({ port, origin, baseUrl: `${origin}/${SUB_PATH}/`, requests, close });
    });
  });
}
