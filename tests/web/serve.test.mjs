// Tests of scripts/serve.mjs: routes, MIME types, traversal refused, 404s.
import assert from 'node:assert/strict';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { startServer } from '../../scripts/serve.mjs';

let root;
let server;
let port;

// Raw GET (no URL normalization by the client, so `..` reaches the server as typed).
function get(rawPath) {
  return new Promise((resolve, reject) => {
    const request = http.get({ host: '127.0.0.1', port, path: rawPath }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk) => (body += chunk));
      response.on('end', () => resolve({ status: response.statusCode, type: response.headers['content-type'], body }));
    });
    request.on('error', reject);
  });
}

before(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'rethink-serve-'));
  const files = {
    'www/index.html': '<!doctype html>', 'www/main.js': 'x', 'www/style.css': 'x', 'www/data/a.bin': 'x',
    'www/logo.png': 'x', 'pkg/rethink.js': 'x', 'pkg/rethink_bg.wasm': 'x',
    'node_modules/uplot/dist/uPlot.esm.js': 'x', 'secret.txt': 'secret',
  };
  for (const [file, text] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(root, file)), { recursive: true });
    await writeFile(path.join(root, file), text);
  }
  server = startServer({ port: 0, host: '127.0.0.1', root });
  await new Promise((resolve) => server.once('listening', resolve));
  port = server.address().port;
});

after(async () => {
  await new Promise((resolve) => server.close(resolve));
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
