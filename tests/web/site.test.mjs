// The published site (scripts/site.mjs) is one self-contained folder: assembled into a temp
// dir, then read back. Needs pkg/ and the default asset (scripts/setup.sh builds them; test.sh
// always runs it); without them those tests are skipped and say so.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { DEFAULT_ASSET, REPO_ROOT, assembleSite, missingInputs, readPrecache } from '../../scripts/site/assemble.mjs';
import { parseCargoTree } from '../../scripts/site/crates.mjs';
import { CONTENT_SECURITY_POLICY } from '../../scripts/serve.mjs';
import { VENDORED_PACKAGES } from '../../scripts/vendored.mjs';
import { CODE_FILE, TEXT_FILE, absolutePaths, devServerMentions, externalLoads, localReferences, resolveInSite } from './site-refs.mjs';

const need = ['pkg/config-schema.js', 'pkg/rethink.js', 'pkg/rethink_bg.wasm', `www/data/${DEFAULT_ASSET}`, 'node_modules/uplot/dist/uPlot.esm.js'];
const absent = need.filter((file) => !existsSync(path.join(REPO_ROOT, file)));
const skip = absent.length ? `${absent.join(', ')} missing: run scripts/setup.sh (scripts/test.sh always does)` : false;

const temp = mkdtempSync(path.join(tmpdir(), 'rethink-site-test-'));
after(() => rmSync(temp, { recursive: true, force: true }));

test('the reference checks catch what would break a static deploy', () => {
  assert.deepEqual(devServerMentions("import x from '/pkg/rethink.js'; // ./vendor/ok"), ['/pkg/']);
  assert.deepEqual(devServerMentions('see node_modules/uplot'), ['node_modules']);
  assert.deepEqual(devServerMentions("new URL('pkg/rethink.js', base); golang.org/pkg/x"), []);
  assert.deepEqual(absolutePaths("fetch('/data/x.bin'); s.split('/'); a.replace(/\"/g, '')"), ['/data/x.bin']);
  assert.deepEqual(absolutePaths('<link href="/style.css"><a href="//cdn.example/x">'), ['/style.css']);
  assert.deepEqual(externalLoads('<script src="https://cdn.example/x.js"></script><a href="https://arxiv.org">'), ['https://cdn.example/x.js']);
  assert.deepEqual(localReferences('a.js', "import { b } from './b.js';\nconst c = await import('./c.js'); new Worker('w.js', {}); import u from 'uplot';"),
    ['./b.js', 'uplot', './c.js', 'w.js']);
  assert.deepEqual(localReferences('x.html', '<!-- <script src="gone.js"> --><a href="#top"></a><iframe src="../index.html#embed=1"></iframe>'), ['../index.html']);
  assert.equal(resolveInSite('examples/blog.html', '../index.html'), 'index.html');
  assert.equal(resolveInSite('index.html', '../../etc/passwd'), null);
});

test('cargo tree lines become name@version, duplicates and markers dropped', () => {
  const ids = parseCargoTree('rethink v0.1.0 (/work/main)\nburn v0.22.1\nburn v0.22.1 (*)\nhashbrown v0.15.5\nhashbrown v0.16.1\n');
  assert.deepEqual([...ids], ['rethink@0.1.0', 'burn@0.22.1', 'hashbrown@0.15.5', 'hashbrown@0.16.1']);
});

test('a missing input is refused with one line naming its fix', () => {
  const root = path.join(temp, 'bare-repo');
  mkdirSync(path.join(root, 'www'), { recursive: true });
  copyFileSync(path.join(REPO_ROOT, 'www/sw.js'), path.join(root, 'www/sw.js'));
  const lines = missingInputs(root, [DEFAULT_ASSET, 'e2e-16px.bin']);
  const find = (fragment) => lines.find((line) => line.includes(fragment)) ?? '';
  assert.match(find('pkg/rethink_bg.wasm'), /run scripts\/setup\.sh to build pkg\//);
  assert.match(find('node_modules/uplot'), /run npm ci/);
  assert.match(find(`www/data/${DEFAULT_ASSET}`), /run scripts\/setup\.sh/);
  assert.match(find('www/data/e2e-16px.bin'), /cargo run --no-default-features --bin rethink -- data --out www\/data\/e2e-16px\.bin/);
  assert.match(find('LICENSE-MIT'), /git checkout/);
  assert.ok(lines.every((line) => !line.includes('\n') && line.includes(' — ')), lines.join('\n'));
  assert.match(missingInputs(root, ['../secret.bin'])[0], /not an asset name/);
});

test('the command refuses a missing asset: exit 1, one line, no folder written', () => {
  const out = path.join(temp, 'refused');
  const run = spawnSync(process.execPath, [path.join(REPO_ROOT, 'scripts/site.mjs'), '--out', out, '--asset', 'no-such-asset.bin'], { encoding: 'utf8' });
  assert.equal(run.status, 1, run.stderr);
  assert.match(run.stderr, /^site\.mjs: www\/data\/no-such-asset\.bin is missing — build it with: cargo run .*$/m);
  assert.equal(existsSync(out), false, 'nothing is written');
  const bad = spawnSync(process.execPath, [path.join(REPO_ROOT, 'scripts/site.mjs'), '--out', REPO_ROOT], { encoding: 'utf8' });
  assert.notEqual(bad.status, 0, 'it never empties the repository');
  assert.ok(existsSync(path.join(REPO_ROOT, 'Cargo.toml')));
});

describe('the assembled folder', { skip }, () => {
  let site;
  let files;
  const read = (rel) => readFileSync(path.join(site.out, rel), 'utf8');
  const textFiles = () => files.filter((f) => TEXT_FILE.test(f));
  const codeFiles = () => files.filter((f) => CODE_FILE.test(f));

  before(async () => {
    const started = performance.now();
    site = await assembleSite({ out: path.join(temp, 'rethink') });
    files = site.files.map((f) => f.path);
    console.log(`# assembled ${files.length} files in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  });

  test('holds the page, every module of www/, uPlot, the wasm and its glue, the default asset and the notices', () => {
    const www = readdirSync(path.join(REPO_ROOT, 'www'), { recursive: true })
      // www/pkg is a link to pkg/ (so Node resolves the page's import of pkg/config-schema.js); pkg/ is checked below.
      .filter((f) => !/^(data|vendor|pkg)(\/|$)|(^|\/)\./.test(f) && statSync(path.join(REPO_ROOT, 'www', f)).isFile());
    for (const file of www) assert.ok(files.includes(file), `www/${file} is in the site`);
    for (const file of ['index.html', 'sw.js', 'style.css', '.nojekyll', 'LICENSE.txt', 'NOTICE.txt', 'THIRD-PARTY-LICENSES.txt',
      'vendor/uplot/uPlot.esm.js', 'vendor/uplot/uPlot.min.css', 'vendor/uplot/LICENSE', 'pkg/config-schema.js', 'pkg/rethink.js', 'pkg/rethink_bg.wasm', `data/${DEFAULT_ASSET}`]) {
      assert.ok(files.includes(file), `${file} is in the site`);
    }
    const pkg = files.filter((f) => f.startsWith('pkg/'));
    assert.deepEqual(pkg.filter((f) => !f.startsWith('pkg/threads/')), ['pkg/config-schema.js', 'pkg/rethink.js', 'pkg/rethink_bg.wasm'], 'only the schema, the glue and the wasm of pkg/');
    const threads = pkg.filter((f) => f.startsWith('pkg/threads/'));
    assert.deepEqual(threads.slice(0, 2), ['pkg/threads/rethink.js', 'pkg/threads/rethink_bg.wasm'], 'the threaded module and its glue');
    assert.match(threads[2] ?? '', /^pkg\/threads\/snippets\/wasm-bindgen-rayon-[0-9a-f]+\/src\/workerHelpers\.no-bundler\.js$/, "wasm-bindgen-rayon's worker helper, which the glue imports");
    assert.equal(threads.length, 3, 'nothing else of pkg/threads/ (no .d.ts)');
    assert.deepEqual(files.filter((f) => f.startsWith('data/')), [`data/${DEFAULT_ASSET}`], 'only the assets asked for');
    assert.equal(readFileSync(path.join(site.out, 'pkg/rethink_bg.wasm')).equals(readFileSync(path.join(REPO_ROOT, 'pkg/rethink_bg.wasm'))), true, 'copied as is');
  });

  test('no file mentions node_modules or the dev server\'s /pkg/ and /vendor/', () => {
    const offending = textFiles().flatMap((f) => devServerMentions(read(f)).map((m) => `${f}: ${m}`));
    assert.deepEqual(offending, []);
  });

  test('no file uses an absolute URL path or loads from another host', () => {
    assert.deepEqual(codeFiles().flatMap((f) => absolutePaths(read(f)).map((p) => `${f}: ${p}`)), []);
    assert.deepEqual(codeFiles().flatMap((f) => externalLoads(read(f)).map((u) => `${f}: ${u}`)), []);
  });

  test('every module, worker, stylesheet and link a page file names is in the folder', () => {
    const present = new Set(files);
    const broken = [];
    let checked = 0;
    for (const file of codeFiles()) {
      for (const ref of localReferences(file, read(file))) {
        const target = resolveInSite(file, ref);
        const ok = target !== null && (present.has(target) || present.has(`${target}${target === '' || target.endsWith('/') ? '' : '/'}index.html`));
        if (!ok) broken.push(`${file} -> ${ref}`);
        checked++;
      }
    }
    assert.deepEqual(broken, []);
    assert.ok(checked > 40, `only ${checked} references found: the scan is broken`);
  });

  test('every entry of sw.js\'s PRECACHE is in the folder', () => {
    const precache = readPrecache(read('sw.js'));
    assert.ok(precache.length > 10);
    for (const entry of precache) {
      const target = resolveInSite('sw.js', entry);
      assert.ok(target === '' || files.includes(target), `${entry} is precached but not in the site`);
    }
  });

  test('the page keeps its Content-Security-Policy as a meta tag (a static host sends no header)', () => {
    const meta = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(read('index.html'));
    assert.equal(meta?.[1], CONTENT_SECURITY_POLICY);
  });

  test('LICENSE and NOTICE name the licence, the data (CIFAR-10, Krizhevsky) and uPlot; the crates are listed', () => {
    const licence = read('LICENSE.txt');
    assert.match(licence, /MIT OR Apache-2\.0/);
    assert.match(licence, /Permission is hereby granted/);
    assert.match(licence, /Apache License\s+Version 2\.0/);
    const notice = read('NOTICE.txt');
    for (const needle of [/CIFAR-10/, /Krizhevsky/, /Learning Multiple Layers of Features from Tiny Images/, /2009/, /cs\.toronto\.edu\/~kriz\/cifar\.html/, /uPlot/]) {
      assert.match(notice, needle);
    }
    assert.match(notice, new RegExp(`data/${DEFAULT_ASSET.replace('.', '\\.')}: [\\d,]+ training and [\\d,]+ test images`));
    assert.match(read('vendor/uplot/LICENSE'), /Leon Sorokin/);
    const third = read('THIRD-PARTY-LICENSES.txt');
    assert.match(third, /uPlot [\d.]+/);
    for (const { name, title } of VENDORED_PACKAGES) {
      assert.ok(files.includes(`vendor/${name}/LICENSE`), `vendor/${name}/LICENSE is in the site`);
      assert.match(notice, new RegExp(`${title} [\\d.]+ \\(.+\\), .+: vendor/${name}/`), `NOTICE.txt names ${title}`);
      assert.match(third, new RegExp(`\\d\\. ${title} [\\d.]+, in vendor/${name}/`), `THIRD-PARTY-LICENSES.txt holds ${title}'s licence`);
    }
    // wgpu is in the main module only, rayon and wasm-bindgen-rayon in the threaded one.
    for (const crate of ['burn', 'burn-flex', 'wasm-bindgen', 'serde', 'brotli-decompressor', 'wgpu', 'rayon', 'wasm-bindgen-rayon']) {
      assert.match(third, new RegExp(`^${crate} \\d+\\.\\d+\\.\\d+\\n    licence: \\S`, 'm'), `${crate} is listed with its licence`);
    }
    // Each patched crate kept in vendor/ (vendor/README.md) says where its changes are.
    const patched = readdirSync(path.join(REPO_ROOT, 'vendor')).filter((name) => existsSync(path.join(REPO_ROOT, 'vendor', name, 'Cargo.toml')));
    assert.ok(patched.length > 0, 'vendor/ holds the patched crates');
    for (const crate of patched) {
      assert.match(third, new RegExp(`^${crate} \\d+\\.\\d+\\.\\d+\\n    licence: .+\\n    source: .+, with rethink's patch: vendor/${crate}/ `, 'm'), `${crate} names its patch`);
    }
    // Optional crates that cargo metadata's resolve names through weak features are not compiled in.
    for (const crate of ['burn-cuda', 'burn-rocm', 'torch-sys', 'clap', 'ureq']) assert.doesNotMatch(third, new RegExp(`^${crate} `, 'm'), crate);
    const textIds = [...third.matchAll(/^\[(T\d+)\] from /gm)].map((m) => m[1]);
    assert.equal(new Set(textIds).size, textIds.length, 'each licence text once');
    assert.ok(textIds.length > 10);
  });
});
