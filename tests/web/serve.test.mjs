// Tests of scripts/serve.mjs: routes, MIME types, traversal refused, 404s, security headers,
// and the benchmark routes that only `--bench` adds.
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { CONTENT_SECURITY_POLICY, SECURITY_HEADERS, startServer } from '../../scripts/serve.mjs';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

let root;
let server;
let port;
let benchServer;
let benchPort;

// Raw request (no URL normalization by the client, so `..` reaches the server as typed).
function get(rawPath, { method = 'GET', on = port } = {}) {
  return new Promise((resolve, reject) => {
    const request = http.request({ host: '127.0.0.1', port: on, path: rawPath, method }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk) => (body += chunk));
      response.on('end', () => resolve({ status: response.statusCode, type: response.headers['content-type'], headers: response.headers, body }));
    });
    request.on('error', reject);
    request.end();
  });
}

async function listen(options) {
  const started = startServer({ port: 0, host: '127.0.0.1', root, ...options });
  await new Promise((resolve) => started.once('listening', resolve));
  return started;
}

before(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'rethink-serve-'));
  const files = {
    'www/index.html': '<!doctype html>', 'www/main.js': 'x', 'www/style.css': 'x', 'www/data/a.bin': 'x',
    'www/logo.png': 'x', 'www/examples/blog.html': '<!doctype html>', 'www/worker/worker.js': 'x', 'pkg/rethink.js': 'x', 'pkg/rethink_bg.wasm': 'x',
    'node_modules/uplot/dist/uPlot.esm.js': 'x', 'secret.txt': 'secret',
    'tests/bench/index.html': '<!doctype html>', 'tests/bench/page.js': 'x',
    'node_modules/@tensorflow/tfjs/dist/tf.min.js': 'x',
    'node_modules/@tensorflow/tfjs-backend-wasm/dist/tf-backend-wasm.min.js': 'x',
    'node_modules/@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm': 'x',
    'node_modules/@tensorflow/tfjs-backend-webgpu/dist/tf-backend-webgpu.min.js': 'x',
  };
  for (const [file, text] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(root, file)), { recursive: true });
    await writeFile(path.join(root, file), text);
  }
  server = await listen({});
  port = server.address().port;
  benchServer = await listen({ bench: true });
  benchPort = benchServer.address().port;
});

after(async () => {
  await new Promise((resolve) => server.close(resolve));
  await new Promise((resolve) => benchServer.close(resolve));
  await rm(root, { recursive: true, force: true });
});

test('routes and MIME types', async () => {
  const cases = [
    ['/', 200, 'text/html'], ['/index.html', 200, 'text/html'], ['/main.js', 200, 'text/javascript'],
    ['/style.css', 200, 'text/css'], ['/data/a.bin', 200, 'application/octet-stream'], ['/logo.png', 200, 'image/png'],
    ['/pkg/rethink.js', 200, 'text/javascript'], ['/pkg/rethink_bg.wasm', 200, 'application/wasm'],
    ['/vendor/uplot/uPlot.esm.js', 200, 'text/javascript'], ['/main.js?v=1', 200, 'text/javascript'],
  ];
  for (const [url, status, type] of cases) {
    const response = await get(url);
    assert.equal(response.status, status, url);
    assert.ok(response.type.startsWith(type), `${url}: ${response.type}`);
  }
});

test('traversal is refused and unknown paths are 404', async () => {
  for (const url of ['/../secret.txt', '/pkg/../../secret.txt', '/%2e%2e/secret.txt', '/..%2fsecret.txt', '/a%00.js', '/.%2e/secret.txt']) {
    const response = await get(url);
    assert.equal(response.status, 400, url);
    assert.doesNotMatch(response.body, /secret/, url);
  }
  for (const url of ['/secret.txt', '/nope.js', '/data/', '/pkg/']) assert.equal((await get(url)).status, 404, url);
});

test('unchanged files answer 304 to a revalidation', async () => {
  const first = await new Promise((resolve) => http.get({ host: '127.0.0.1', port, path: '/main.js' }, resolve));
  first.resume();
  const since = first.headers['last-modified'];
  assert.ok(since);
  const second = await new Promise((resolve) =>
    http.get({ host: '127.0.0.1', port, path: '/main.js', headers: { 'If-Modified-Since': since } }, resolve));
  second.resume();
  assert.equal(second.statusCode, 304);
});

test('every response carries the security headers, and nothing forbids framing', async () => {
  for (const [url, status, method] of [['/', 200], ['/main.js', 200], ['/nope.js', 404], ['/../secret.txt', 400], ['/', 405, 'POST'], ['/main.js', 200, 'HEAD']]) {
    const { status: got, headers } = await get(url, { method });
    assert.equal(got, status, url);
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) assert.equal(headers[name.toLowerCase()], value, `${url}: ${name}`);
    assert.equal(headers['x-frame-options'], undefined, 'the page is meant to be embedded');
  }
  assert.doesNotMatch(CONTENT_SECURITY_POLICY, /frame-ancestors/);
  assert.match(SECURITY_HEADERS['Permissions-Policy'], /camera=\(\).*microphone=\(\).*geolocation=\(\)/);
});

test("the Content-Security-Policy header equals www/index.html's meta tag", async () => {
  const html = await readFile(path.join(REPO_ROOT, 'www/index.html'), 'utf8');
  const meta = html.match(/<meta http-equiv="Content-Security-Policy" content="([^"]+)">/);
  assert.ok(meta, 'www/index.html has a CSP meta tag');
  assert.equal(CONTENT_SECURITY_POLICY, meta[1]);
  assert.match(CONTENT_SECURITY_POLICY, /script-src 'self' 'wasm-unsafe-eval';/, 'no inline script, no eval but wasm');
});

test('the benchmark routes exist only with bench: true', async () => {
  const benchOnly = ['/bench/', '/bench/page.js', '/vendor/tfjs/tfjs/tf.min.js', '/vendor/tfjs/wasm/tf-backend-wasm.min.js',
    '/vendor/tfjs/wasm/tfjs-backend-wasm-simd.wasm', '/vendor/tfjs/webgpu/tf-backend-webgpu.min.js'];
  for (const url of benchOnly) assert.equal((await get(url)).status, 404, `product server: ${url}`);
  const cases = [
    ['/bench/', 'text/html'], ['/bench/page.js', 'text/javascript'], ['/vendor/tfjs/tfjs/tf.min.js', 'text/javascript'],
    ['/vendor/tfjs/wasm/tf-backend-wasm.min.js', 'text/javascript'], ['/vendor/tfjs/wasm/tfjs-backend-wasm-simd.wasm', 'application/wasm'],
    ['/vendor/tfjs/webgpu/tf-backend-webgpu.min.js', 'text/javascript'],
    ['/', 'text/html'], ['/pkg/rethink_bg.wasm', 'application/wasm'], ['/vendor/uplot/uPlot.esm.js', 'text/javascript'],
  ];
  for (const [url, type] of cases) {
    const response = await get(url, { on: benchPort });
    assert.equal(response.status, 200, `bench server: ${url}`);
    assert.ok(response.type.startsWith(type), `${url}: ${response.type}`);
  }
  for (const url of ['/bench/../secret.txt', '/vendor/tfjs/wasm/../../../../secret.txt', '/bench/%2e%2e/secret.txt']) {
    assert.equal((await get(url, { on: benchPort })).status, 400, url);
  }
});

test('the page is cross-origin isolated (threads); the example blog and a server started with isolated: false are not', async () => {
  for (const [url, on] of [['/', port], ['/worker/worker.js', port], ['/bench/', benchPort]]) {
    const { headers } = await get(url, { on });
    assert.equal(headers['cross-origin-embedder-policy'], 'require-corp', url);
    assert.equal(headers['cross-origin-opener-policy'], 'same-origin', url);
  }
  const blog = await get('/examples/blog.html');
  assert.equal(blog.status, 200);
  assert.equal(blog.headers['cross-origin-embedder-policy'], undefined, 'the blog stands for a site that is not isolated');
  const plain = await listen({ isolated: false });
  try {
    const { headers } = await get('/', { on: plain.address().port });
    assert.equal(headers['cross-origin-embedder-policy'], undefined);
  } finally {
    plain.close();
  }
  const page = await get('/bench/', { on: benchPort });
  assert.match(page.headers['content-security-policy'], /script-src 'self' 'wasm-unsafe-eval' blob:/, "tfjs's wasm threads start from blob URLs");
  assert.match(CONTENT_SECURITY_POLICY, /worker-src 'self' blob:/, "the threaded module's pool starts its workers from blob URLs");
  const product = await get('/', { on: benchPort });
  assert.equal(product.headers['content-security-policy'], CONTENT_SECURITY_POLICY);
});
