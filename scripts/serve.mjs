#!/usr/bin/env node
// Tiny dependency-free static server for the rethink page.
//   node scripts/serve.mjs [--port 8000] [--host 127.0.0.1] [--bench]
// Routes: /vendor/<package>/ -> node_modules/<package>/... (scripts/vendored.mjs), /pkg/ -> pkg/,
// everything else -> www/.
// --bench adds the benchmark page (/bench/ -> tests/bench/, cross-origin isolated) and the
// dev dependencies it compares against: TensorFlow.js (/vendor/tfjs/{tfjs,wasm,webgpu}/) and
// jax-js (/vendor/jax/ -> node_modules/@jax-js/jax/: dist/ and package.json).
// Every response carries the security headers below (issue 6, item 8).
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { VENDOR_ROUTES } from './vendored.mjs';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

const MIME_TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.bin': 'application/octet-stream',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.ts': 'text/plain; charset=utf-8',
};

// URL prefix -> directory relative to the repository root; first match wins.
const ROUTES = [
  ...VENDOR_ROUTES,
  ['/pkg/', 'pkg'],
  ['/', 'www'],
];

// Only with --bench: the benchmark page, TensorFlow.js and jax-js (dev dependencies, never in the product).
const BENCH_ROUTES = [
  ['/bench/', 'tests/bench'],
  ['/vendor/tfjs/tfjs/', 'node_modules/@tensorflow/tfjs/dist'],
  ['/vendor/tfjs/wasm/', 'node_modules/@tensorflow/tfjs-backend-wasm/dist'],
  ['/vendor/tfjs/webgpu/', 'node_modules/@tensorflow/tfjs-backend-webgpu/dist'],
  ['/vendor/jax/', 'node_modules/@jax-js/jax'],
];

/** The page's Content-Security-Policy; tests/web/serve.test.mjs checks it equals www/index.html's meta tag. */
// worker-src allows blob: because the threaded CPU module's thread pool (wasm-bindgen-rayon,
// built without a bundler) starts each of its workers from a blob copy of its helper script.
export const CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; " +
  "img-src 'self' data:; connect-src 'self'; worker-src 'self' blob:; object-src 'none'; base-uri 'none'; form-action 'none'";

// The benchmark page also allows blob: scripts: TensorFlow.js's threaded wasm backend starts its
// pthreads from blob URLs, jax-js's wasm device its kernel workers.
const BENCH_CSP = CONTENT_SECURITY_POLICY
  .replace("script-src 'self' 'wasm-unsafe-eval'", "script-src 'self' 'wasm-unsafe-eval' blob:");

/**
 * Sent with every response. No X-Frame-Options and no frame-ancestors: the page is meant to be
 * embedded in other sites (blog posts, slides).
 */
export const SECURITY_HEADERS = Object.freeze({
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
  // With COOP, cross-origin isolation: SharedArrayBuffer, and with it the threaded CPU module
  // (and, on the benchmark page, TensorFlow.js's wasm threads and jax-js's wasm workers).
  'Cross-Origin-Embedder-Policy': 'require-corp',
  'Permissions-Policy': 'camera=(), microphone=(), geolocation=()',
});

/**
 * Paths served without COEP: the example blog post (www/examples/), which stands for a site that
 * embeds the page and is not cross-origin isolated, so its iframe trains on one thread.
 */
export const NOT_ISOLATED = /^\/examples\//;

// Extra headers of the benchmark page.
const BENCH_HEADERS = Object.freeze({
  'Content-Security-Policy': BENCH_CSP,
});

/** The routes served: the product's, preceded by the benchmark's when `bench` is set. */
export function routesFor({ bench = false } = {}) {
  return bench ? [...BENCH_ROUTES, ...ROUTES] : ROUTES;
}

/** Map a request path to a file path under `root` (through `routes`), or null when it is not allowed. */
export function resolveRequestPath(root, urlPath, routes = ROUTES) {
  let decoded;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return null;
  const segments = decoded.split('/');
  if (segments.some((s) => s === '..' || s === '.')) return null;
  const [prefix, dir] = routes.find(([p]) => decoded.startsWith(p));
  let rest = decoded.slice(prefix.length);
  if (rest === '' || rest.endsWith('/')) rest += 'index.html';
  const base = path.resolve(root, dir);
  const file = path.resolve(base, rest);
  // Belt and braces: the resolved file must stay inside its route's directory.
  if (!file.startsWith(base + path.sep)) return null;
  return file;
}

function sendText(res, status, text) {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' });
  res.end(text);
}

async function handle(root, bench, isolated, req, res) {
  for (const [name, value] of Object.entries(SECURITY_HEADERS)) res.setHeader(name, value);
  if (bench && /^\/bench(\/|$)/.test(req.url)) {
    for (const [name, value] of Object.entries(BENCH_HEADERS)) res.setHeader(name, value);
  }
  if (!isolated || NOT_ISOLATED.test(req.url)) res.removeHeader('Cross-Origin-Embedder-Policy');
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.setHeader('Allow', 'GET, HEAD');
    return sendText(res, 405, 'Method not allowed\n');
  }
  // Use the raw path (not WHATWG URL, which would silently collapse `..`) so traversal is refused.
  const urlPath = req.url.split(/[?#]/, 1)[0];
  const file = urlPath.startsWith('/') ? resolveRequestPath(root, urlPath, routesFor({ bench })) : null;
  if (!file) return sendText(res, 400, 'Bad request path\n');
  let info;
  try {
    info = await stat(file);
  } catch {
    return sendText(res, 404, `Not found: ${urlPath}\n`);
  }
  if (!info.isFile()) return sendText(res, 404, `Not found: ${urlPath}\n`);
  const type = MIME_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
  const lastModified = new Date(Math.floor(info.mtimeMs / 1000) * 1000).toUTCString();
  const headers = {
    'Content-Type': type,
    // Always revalidate (a rebuilt pkg/ must be picked up); unchanged files answer 304.
    'Cache-Control': 'no-cache',
    'Last-Modified': lastModified,
  };
  if (req.headers['if-modified-since'] === lastModified) {
    res.writeHead(304, headers);
    return res.end();
  }
  res.writeHead(200, { ...headers, 'Content-Length': info.size });
  if (req.method === 'HEAD') return res.end();
  const stream = createReadStream(file);
  stream.on('error', () => res.destroy());
  stream.pipe(res);
}

/**
 * Start the static server; returns the http.Server (listening is in progress, await 'listening').
 * `bench: true` also serves the benchmark page, TensorFlow.js and jax-js (see BENCH_ROUTES);
 * `isolated: false` sends no COEP (a host without headers: the CPU path trains on one thread).
 */
export function startServer({ port = 8000, host = '127.0.0.1', root = REPO_ROOT, bench = false, isolated = true } = {}) {
  const server = http.createServer((req, res) => {
    handle(root, bench, isolated, req, res).catch((err) => {
      if (!res.headersSent) sendText(res, 500, `Internal error: ${err.message}\n`);
      else res.destroy();
    });
  });
  server.listen(port, host);
  return server;
}

function parseArgs(argv) {
  const options = { port: 8000, host: '127.0.0.1', bench: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const [flag, inline] = arg.split('=', 2);
    const value = () => inline ?? argv[++i];
    if (flag === '--port') options.port = Number.parseInt(value(), 10);
    else if (flag === '--host') options.host = value();
    else if (flag === '--bench') options.bench = true;
    else if (flag === '--help' || flag === '-h') {
      console.log('usage: node scripts/serve.mjs [--port 8000] [--host 127.0.0.1] [--bench]');
      process.exit(0);
    } else throw new Error(`unknown argument: ${arg}`);
  }
  if (!Number.isInteger(options.port) || options.port < 0 || options.port > 65535) {
    throw new Error('--port must be an integer 0..65535');
  }
  return options;
}

const isMain = process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href;
if (isMain) {
  let options;
  try {
    options = parseArgs(process.argv.slice(2));
  } catch (err) {
    console.error(`serve.mjs: ${err.message}`);
    process.exit(2);
  }
  const server = startServer(options);
  server.on('listening', () => {
    const { port } = server.address();
    const shownHost = options.host.includes(':') ? `[${options.host}]` : options.host;
    console.log(`rethink is being served at http://${shownHost}:${port}/`);
    if (options.bench) console.log(`benchmark page: http://${shownHost}:${port}/bench/ (see tests/bench/README.md)`);
  });
  server.on('error', (err) => {
    console.error(`serve.mjs: ${err.message}`);
    process.exit(1);
  });
}
