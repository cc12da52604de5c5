// The Rust crates compiled into the page's wasm, with their licences, for the site's notices.
//
// Which crates: `cargo tree -e normal,no-proc-macro --target wasm32-unknown-unknown -p rethink`,
// the lib's normal dependencies as the build resolves them. `cargo metadata`'s resolve graph is
// not enough on its own: it also lists optional dependencies that are only named by weak
// features (`burn-cuda?/std`), such as burn-cuda, burn-rocm and torch-sys, which the wasm build
// never compiles. Procedural macros (and what only they use) run at build time and are not part
// of the wasm. Details (licence expression, the crate's folder) come from `cargo metadata`.
// Neither command builds anything.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

const TARGET = 'wasm32-unknown-unknown';
const TREE_ARGS = ['tree', '--locked', '-e', 'normal,no-proc-macro', '--target', TARGET, '-p', 'rethink'];

/**
 * The threaded module's target features (scripts/setup.sh): its dependencies differ (rayon and
 * wasm-bindgen-rayon in, wgpu out), so the tree is listed once per module and the lists joined.
 */
const THREADS_ENV = readThreadsEnv();
const THREADS_RUSTFLAGS = `-C target-feature=${THREADS_ENV.THREADS_TARGET_FEATURES}`;
// Listed with the pinned nightly it is built with: stable rustc leaves the unstable `atomics` out
// of its cfg, so `cfg(target_feature = "atomics")` dependencies would not show.
const THREADS_TOOLCHAIN = `+${THREADS_ENV.RETHINK_NIGHTLY}`;
/** The command that lists the crates, as the notices quote it. */
export const CRATE_LIST_COMMAND = `cargo ${TREE_ARGS.filter((a) => a !== '--locked').join(' ')} (and for pkg/threads/ again, as RUSTFLAGS='${THREADS_RUSTFLAGS}' cargo ${THREADS_TOOLCHAIN} tree ...)`;
/** The variables of scripts/threads.env (NAME=value lines; quotes stripped). */
function readThreadsEnv() {
  const text = readFileSync(new URL('../threads.env', import.meta.url), 'utf8');
  return Object.fromEntries([...text.matchAll(/^([A-Z_]+)=(.*)$/gm)].map(([, name, value]) => [name, value.replace(/^"(.*)"$/, '$1')]));
}
/** Files of a crate's folder that carry its licence or notices (Apache-2.0 asks for NOTICE). */
const LICENCE_FILE = /^(licen[cs]e|copying|notice|unlicense)([-._].*)?$/i;

function cargo(root, args, env = {}) {
  try {
    return execFileSync('cargo', args, { cwd: root, encoding: 'utf8', maxBuffer: 256 << 20, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
  } catch (error) {
    if (error.code === 'ENOENT') throw new Error('cargo is not installed — install Rust with rustup, as the README says');
    const why = String(error.stderr || error.message).trim().split('\n').pop();
    throw new Error(`cargo ${args[0]} failed: ${why}`);
  }
}

/** `name@version` of every crate in the wasm build, from `cargo tree`'s lines ("name vX.Y.Z (path) (*)"). */
export function parseCargoTree(text) {
  const ids = new Set();
  for (const line of text.split('\n')) {
    const match = /^(\S+) v(\S+)/.exec(line.trim());
    if (match) ids.add(`${match[1]}@${match[2]}`);
  }
  return ids;
}

/** The licence and notice files of a crate folder, sorted by name, as { file, text }. */
export function licenceFilesIn(dir, declared = null) {
  const names = readdirSync(dir).filter((name) => LICENCE_FILE.test(name));
  if (declared && !names.includes(declared)) names.push(declared);
  return names.sort().map((file) => ({ file, text: readFileSync(path.join(dir, file), 'utf8') }));
}

/**
 * The crates compiled into pkg/rethink_bg.wasm or pkg/threads/rethink_bg.wasm, sorted by name then
 * version, the project itself left out: [{ name, version, license, source, repository, files: [{ file, text }] }].
 */
export function wasmCrates(root) {
  const treeArgs = [...TREE_ARGS, '--prefix', 'none', '-f', '{p}'];
  const ids = parseCargoTree(cargo(root, treeArgs) + cargo(root, [THREADS_TOOLCHAIN, ...treeArgs], { RUSTFLAGS: THREADS_RUSTFLAGS }));
  // Every platform's packages: the details only, looked up for the crates the trees name.
  const metadata = JSON.parse(cargo(root, ['metadata', '--locked', '--format-version', '1']));
  const crates = [];
  for (const pkg of metadata.packages) {
    if (!ids.delete(`${pkg.name}@${pkg.version}`) || pkg.name === 'rethink') continue;
    const dir = path.dirname(pkg.manifest_path);
    crates.push({
      name: pkg.name,
      version: pkg.version,
      license: pkg.license ?? (pkg.license_file ? `see ${pkg.license_file}` : 'not declared'),
      source: pkg.source ?? '',
      repository: pkg.repository ?? '',
      // A path dependency other than rethink: a patched copy kept in this repository (vendor/).
      localDir: pkg.source ? '' : path.relative(root, dir),
      files: licenceFilesIn(dir, pkg.license_file),
    });
  }
  if (ids.size > 0) throw new Error(`cargo metadata does not describe ${[...ids].join(', ')}`);
  return crates.sort((a, b) => a.name.localeCompare(b.name) || a.version.localeCompare(b.version, undefined, { numeric: true }));
}
