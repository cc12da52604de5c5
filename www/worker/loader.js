// Worker-side loading: the wasm module (once per worker) and the data assets (cached per URL),
// streamed so the page can show loaded/total bytes; and two helpers for wasm-bindgen values.
// Used by worker.js.

const PKG_URL = new URL('../pkg/rethink.js', import.meta.url);
const WASM_URL = new URL('../pkg/rethink_bg.wasm', import.meta.url);
const FEATURE_DETECT_URL = new URL('../vendor/wasm-feature-detect/index.js', import.meta.url);

let wasmPromise = null; // Promise<module namespace> once init() is under way
let wasmExports = null; // what init() resolved to (its `memory` is the module's linear memory)
const assetCache = new Map(); // asset URL -> Promise<Uint8Array>, kept across runs

/** An error whose message is already written for the reader of the page. */
export class UserError extends Error {}

/** A readable message for anything thrown (an Error, a string from wasm, undefined). */
export function messageOf(error) {
  if (error instanceof Error) return error.message || error.name;
  return String(error ?? 'unknown error');
}

/**
 * The module is built with WebAssembly SIMD (.cargo/config.toml): a browser without it cannot
 * compile it at all. Chrome and Edge 91, Firefox 89 and Safari 16.4 have it. Throws a UserError
 * that says so, checked with wasm-feature-detect before anything is downloaded.
 */
async function requireSimd() {
  let detect;
  try {
    detect = await import(FEATURE_DETECT_URL.href);
  } catch (error) {
    throw new UserError(`Could not load ${FEATURE_DETECT_URL.pathname} (${messageOf(error)}) — run npm ci so vendor/wasm-feature-detect/ can be served.`);
  }
  if (!(await detect.simd())) {
    throw new UserError('This browser cannot run WebAssembly SIMD, which the training code needs. ' +
      'Chrome or Edge 91 or later, Firefox 89 or later and Safari 16.4 or later have it: update this browser or open the page in one of those.');
  }
}

let instantiations = 0; // modules instantiated by this worker (a test checks a failed run keeps its module)

/** How many times this worker instantiated the wasm module. */
export function wasmInstantiations() {
  return instantiations;
}

/** Import and initialise pkg/rethink.js once; `onProgress(what, loaded, total)` sees the download. */
export function loadWasm(onProgress) {
  wasmPromise ??= (async () => {
    await requireSimd();
    const wasm = await import(PKG_URL.href);
    const bytes = await fetchWithProgress(WASM_URL.href, 'wasm', onProgress);
    wasmExports = await wasm.default({ module_or_path: bytes });
    instantiations += 1;
    return wasm;
  })().catch((error) => {
    wasmPromise = null;
    if (error instanceof UserError) throw error;
    throw new UserError(`Could not load the WebAssembly module ${PKG_URL.pathname} (${messageOf(error)}) — run scripts/setup.sh to build pkg/.`);
  });
  return wasmPromise;
}

/** free() a wasm-bindgen object unless Rust already took it (a by-value argument zeroes its pointer); true if freed. */
export function freeQuietly(object) {
  if (!object || object.__wbg_ptr === 0) return false;
  try {
    object.free();
    return true;
  } catch (error) {
    console.warn('rethink worker: free failed', error);
    return false;
  }
}

/** serde-wasm-bindgen may hand back Maps; the page wants plain, cloneable objects. */
export function toPlain(value) {
  if (value instanceof Map) return Object.fromEntries(value);
  return value;
}

/** Bytes of the wasm module's linear memory (it only grows), or null before init() is done. */
export function wasmMemoryBytes() {
  return wasmExports?.memory?.buffer?.byteLength ?? null;
}

/** The asset's bytes, fetched once per URL (a failed fetch is retried next time). */
export function loadAsset(url, onProgress) {
  if (!assetCache.has(url)) {
    const promise = fetchWithProgress(url, 'data', onProgress);
    assetCache.set(url, promise);
    promise.catch(() => assetCache.delete(url));
  }
  return assetCache.get(url);
}

// Fetch a file as bytes, streaming it so the page can show loaded/total bytes.
async function fetchWithProgress(url, what, onProgress) {
  const path = new URL(url).pathname;
  const label = what === 'data' ? `The data asset www${decodeURIComponent(path)}` : `The file ${path}`;
  let response;
  try {
    response = await fetch(url);
  } catch (error) {
    throw new UserError(`${label} could not be downloaded (${messageOf(error)}).`);
  }
  if (response.status === 404) {
    throw new UserError(`${label} was not found — run scripts/setup.sh to ${what === 'data' ? 'generate it' : 'build it'}.`);
  }
  if (!response.ok) throw new UserError(`${label} could not be downloaded (HTTP ${response.status}).`);
  // Static hosts often answer a missing file with their HTML error or index page and status 200.
  if (what === 'data' && /text\/html/i.test(response.headers.get('Content-Type') ?? '')) {
    throw new UserError(`${label} came back as an HTML page, not data: the server sent a page (perhaps its "not found" page) instead of the file — run scripts/setup.sh to generate it.`);
  }
  // A host that compresses (Content-Encoding: gzip, as static hosts do for wasm) sends the
  // compressed length, while the stream yields decompressed bytes: the total is then unknown.
  const encoded = (response.headers.get('Content-Encoding') ?? 'identity') !== 'identity';
  const total = encoded ? 0 : Number(response.headers.get('Content-Length')) || 0;
  const report = (loaded) => onProgress?.(what, loaded, total);
  if (!response.body) {
    const bytes = new Uint8Array(await response.arrayBuffer());
    report(bytes.length);
    return bytes;
  }
  const reader = response.body.getReader();
  const chunks = [];
  let loaded = 0;
  let lastReport = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    loaded += value.length;
    if (performance.now() - lastReport > 50) {
      lastReport = performance.now();
      report(loaded);
    }
  }
  report(loaded);
  const bytes = new Uint8Array(loaded);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.length;
  }
  return bytes;
}

/** The asset's bytes as a wasm `Dataset`; a UserError naming the file and the fix when they are not a valid asset. */
export function decodeDataset(wasm, bytes, assetUrl) {
  try {
    return wasm.Dataset.fromBytes(bytes);
  } catch (error) {
    const name = `www/data/${decodeURIComponent(new URL(assetUrl).pathname.split('/').pop())}`;
    throw new UserError(`The data asset ${name} is not valid (${messageOf(error)}) — run scripts/setup.sh to rebuild it.`);
  }
}
