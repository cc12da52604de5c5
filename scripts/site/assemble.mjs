// Assembles the published site: one self-contained folder that any static host serves, at the
// root or under a sub-path. What goes in, each from the one place that already says it:
//   - every file of www/ (the page, its modules, style.css, sw.js, examples/), but not www/data/
//     (generated assets, copied by name below) nor a stray www/vendor/;
//   - the files of sw.js's PRECACHE list that live outside www/ (the vendored npm packages of
//     scripts/vendored.mjs under vendor/, pkg/rethink.js and pkg/rethink_bg.wasm), found through
//     scripts/serve.mjs's routes, which is how the development server finds them;
//   - the threaded CPU module, pkg/threads/ (glue, wasm, wasm-bindgen-rayon's snippet), which the
//     page loads only when it is cross-origin isolated, so it is not precached;
//   - the data assets asked for (www/core/state.js's default asset unless told otherwise) under data/;
//   - .nojekyll (GitHub Pages serves the folder as it is), LICENSE.txt, NOTICE.txt,
//     THIRD-PARTY-LICENSES.txt and vendor/<package>/LICENSE of every vendored package.
// Files are copied, never transformed.
import { constants, existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { copyFile, mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ASSET_PATTERN, State } from '../../www/core/state.js';
import { resolveRequestPath, routesFor } from '../serve.mjs';
import { VENDORED_PACKAGES } from '../vendored.mjs';
import { CRATE_LIST_COMMAND, wasmCrates } from './crates.mjs';
import { PROJECT_LICENCE_FILES, cargoLicence, describeAsset, notice, projectLicence, thirdPartyLicences } from './notices.mjs';

/** The repository root. */
export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
/** The asset the page loads by default (www/core/state.js); always in the site. */
export const DEFAULT_ASSET = new State().asset;
/** The threaded module's files the site needs besides its snippets/ folder (scripts/setup.sh builds them). */
const THREADS_FILES = ['rethink.js', 'rethink_bg.wasm'];
/** Folders of www/ that are not copied as they are. */
const SKIPPED = new Set(['data', 'vendor']);

/** The entries of sw.js's `const PRECACHE = [...]`, in order. */
export function readPrecache(swSource) {
  const block = /const PRECACHE = \[([\s\S]*?)\];/.exec(swSource);
  if (!block) throw new Error('www/sw.js has no PRECACHE list');
  return [...block[1].matchAll(/'([^']*)'|"([^"]*)"/g)].map((m) => m[1] ?? m[2]);
}

/** Every file under `dir` (relative paths with '/'), dotfiles and `skip`ped top-level folders left out. */
function filesUnder(dir, skip = new Set(), prefix = '') {
  const out = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name.startsWith('.') || (prefix === '' && skip.has(entry.name))) continue;
    const rel = `${prefix}${entry.name}`;
    if (entry.isDirectory()) out.push(...filesUnder(path.join(dir, entry.name), skip, `${rel}/`));
    else if (entry.isFile()) out.push(rel);
  }
  return out;
}

/** What to copy: [{ from: absolute source, to: path in the site }]. */
export function copyPlan(root, assets) {
  const www = path.join(root, 'www');
  const plan = filesUnder(www, SKIPPED).map((rel) => ({ from: path.join(www, rel), to: rel }));
  const precache = readPrecache(readFileSync(path.join(www, 'sw.js'), 'utf8'));
  for (const entry of precache) {
    const from = resolveRequestPath(root, `/${entry.replace(/^\.\//, '')}`, routesFor());
    if (!from) throw new Error(`www/sw.js precaches '${entry}', which is not a path the page can have`);
    if (!from.startsWith(www + path.sep)) plan.push({ from, to: entry });
  }
  // The threaded CPU module, loaded on demand (not precached): its glue, wasm and worker snippet.
  const threads = path.join(root, 'pkg', 'threads');
  for (const rel of THREADS_FILES) plan.push({ from: path.join(threads, rel), to: `pkg/threads/${rel}` });
  if (existsSync(path.join(threads, 'snippets'))) {
    for (const rel of filesUnder(path.join(threads, 'snippets'))) plan.push({ from: path.join(threads, 'snippets', rel), to: `pkg/threads/snippets/${rel}` });
  }
  for (const name of assets) plan.push({ from: path.join(www, 'data', name), to: `data/${name}` });
  // The vendored packages' licences (their files themselves come through PRECACHE).
  for (const { name } of VENDORED_PACKAGES) plan.push({ from: path.join(root, 'node_modules', name, 'LICENSE'), to: `vendor/${name}/LICENSE` });
  return { plan, precache };
}

/** How to get a missing input, by where it lives. */
function fixFor(root, file) {
  const rel = path.relative(root, file).split(path.sep).join('/');
  if (rel.startsWith('pkg/')) return `${rel} is missing — run scripts/setup.sh to build pkg/`;
  if (rel.startsWith('node_modules/')) return `${rel} is missing — run npm ci`;
  if (rel === `www/data/${DEFAULT_ASSET}`) return `${rel} is missing — run scripts/setup.sh to build it`;
  if (rel.startsWith('www/data/')) {
    return `${rel} is missing — build it with: cargo run --no-default-features --bin rethink -- data --out ${rel} (add --train/--test for its size)`;
  }
  return `${rel} is missing — it belongs to the repository: restore it with git checkout -- ${rel}`;
}

/** One line per missing input, each naming its fix; empty when everything is there. */
export function missingInputs(root, assets) {
  const bad = assets.filter((name) => !ASSET_PATTERN.test(name));
  if (bad.length) return bad.map((name) => `--asset ${name}: not an asset name (a file name under www/data/ ending in .bin)`);
  if (!existsSync(path.join(root, 'www/sw.js'))) return [fixFor(root, path.join(root, 'www/sw.js'))];
  const { plan } = copyPlan(root, assets);
  const sources = [...plan.map((p) => p.from), path.join(root, 'Cargo.toml'), ...Object.values(PROJECT_LICENCE_FILES).map((f) => path.join(root, f))];
  return sources.filter((file) => !existsSync(file)).map((file) => fixFor(root, file));
}

/** Refuse an output folder that would overwrite sources or someone else's files. */
function checkOut(root, out) {
  const inside = (dir) => out === dir || out.startsWith(dir + path.sep);
  if (root === out || root.startsWith(out + path.sep)) throw new Error(`--out ${out} holds the repository — choose a folder of its own, such as site/`);
  for (const source of ['www', 'pkg', 'node_modules', 'src', 'scripts', 'tests']) {
    if (inside(path.join(root, source))) throw new Error(`--out ${out} is inside ${source}/ — choose a folder of its own, such as site/`);
  }
  if (!existsSync(out)) return;
  if (!statSync(out).isDirectory()) throw new Error(`--out ${out} is a file — choose a folder, such as site/`);
  const entries = readdirSync(out);
  const isSite = entries.includes('.nojekyll') && entries.includes('sw.js');
  if (entries.length && !isSite) throw new Error(`--out ${out} is not empty and is not a site built by this script — empty it or choose another folder`);
}

/** Empty the output folder (a previous site, checked by checkOut) or create it. */
async function clearOut(out) {
  if (existsSync(out)) for (const entry of await readdir(out)) await rm(path.join(out, entry), { recursive: true, force: true });
  await mkdir(out, { recursive: true });
}

/** The three licence and notice texts: { 'LICENSE.txt', 'NOTICE.txt', 'THIRD-PARTY-LICENSES.txt' }. */
export function noticeTexts(root, assets) {
  const expression = cargoLicence(readFileSync(path.join(root, 'Cargo.toml'), 'utf8'));
  const named = Object.entries(PROJECT_LICENCE_FILES).filter(([id]) => expression.includes(id));
  const texts = Object.fromEntries(named.map(([id, file]) => [id, readFileSync(path.join(root, file), 'utf8')]));
  const vendored = VENDORED_PACKAGES.map((vendor) => {
    const dir = path.join(root, 'node_modules', vendor.name);
    const text = readFileSync(path.join(dir, 'LICENSE'), 'utf8');
    const npm = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8'));
    const author = typeof npm.author === 'string' ? npm.author.replace(/\s*<[^>]*>/, '') : npm.author?.name;
    const copyright = /^Copyright.*$/m.exec(text)?.[0] ?? (author ? `by ${author}` : 'see its licence');
    return { ...vendor, version: npm.version, licence: npm.license, copyright, text };
  });
  const crates = wasmCrates(root);
  const assetLines = assets.map((name) => describeAsset(name, readFileSync(path.join(root, 'www/data', name))));
  return {
    'LICENSE.txt': projectLicence(expression, texts),
    'NOTICE.txt': notice({ expression, assets: assetLines, vendored, crateCount: crates.length }),
    'THIRD-PARTY-LICENSES.txt': thirdPartyLicences({ vendored, crates, command: CRATE_LIST_COMMAND }),
  };
}

/**
 * Assemble the site into `out` from the repository at `root`, with the data `assets` (the
 * default asset first, always). Throws an Error whose message names the fix when an input is
 * missing. Returns { out, files: [{ path, bytes }] } sorted by path.
 */
export async function assembleSite({ root = REPO_ROOT, out, assets = [] } = {}) {
  const names = [...new Set([DEFAULT_ASSET, ...assets])];
  const missing = missingInputs(root, names);
  if (missing.length) throw new Error(missing.join('\n'));
  const target = path.resolve(out);
  checkOut(root, target);
  const texts = noticeTexts(root, names); // before touching the output: cargo may fail
  const { plan, precache } = copyPlan(root, names);
  await clearOut(target);
  for (const { from, to } of plan) {
    await mkdir(path.dirname(path.join(target, to)), { recursive: true });
    await copyFile(from, path.join(target, to), constants.COPYFILE_FICLONE);
  }
  await writeFile(path.join(target, '.nojekyll'), '');
  for (const [name, text] of Object.entries(texts)) await writeFile(path.join(target, name), text);
  const absent = precache.filter((entry) => !existsSync(path.join(target, entry)));
  if (absent.length) throw new Error(`www/sw.js precaches ${absent.join(', ')}, missing from the site — add the file to www/ or drop it from PRECACHE`);
  const files = filesUnder(target).concat('.nojekyll').sort()
    .map((rel) => ({ path: rel, bytes: statSync(path.join(target, rel)).size }));
  return { out: target, files };
}
