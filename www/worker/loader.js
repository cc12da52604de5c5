// Worker-side loading: the wasm module (once per worker) and the data assets (cached per URL),
// streamed so the page can show loaded/total bytes; and two helpers for wasm-bindgen values.
// Used by worker.js.

// The two builds of the module (scripts/setup.sh): the main one (WebGPU and the CPU on one thread)
// and the threaded CPU one, which needs shared memory and so a cross-origin isolated page.
const FLAVOURS = {
  main: { js: new URL('../pkg/rethink.js', import.meta.url), wasm: new URL('../pkg/rethink_bg.wasm', import.meta.url) },
  threads: { js: new URL('../pkg/threads/rethink.js', import.meta.url), wasm: new URL('../pkg/threads/rethink_bg.wasm', import.meta.url) },
};
const FEATURE_DETECT_URL = new URL('../vendor/wasm-feature-detect/index.js', import.meta.url);

const wasmPromises = new Map(); // flavour -> Promise<module namespace> once init() is under way
let wasmExports = null; // what the last init() resolved to (its `memory` is the module's linear memory)
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
let loadedUrl = null; // the glue of the build loaded last

/** How many times this worker instantiated the wasm module. */
export function wasmInstantiations() {
  return instantiations;
}

/** The address of the glue (pkg/rethink.js or pkg/threads/rethink.js) of the build loaded last, or null. */
export function wasmUrl() {
  return loadedUrl;
}

/**
 * How many threads the CPU path can train on here: every logical core where the page is
 * cross-origin isolated (shared memory is allowed), else 1. An embed inside a site that is not
 * isolated gets 1, whatever its own headers say.
 */
export function cpuThreads() {
  const cores = Number(self.navigator?.hardwareConcurrency) || 1;
  return self.crossOriginIsolated === true && typeof SharedArrayBuffer === 'function' ? Math.max(1, cores) : 1;
}

/**
 * Import and initialise one build of the module once per worker: `'main'` (pkg/rethink.js) or
 * `'threads'` (pkg/threads/rethink.js, its rayon pool started with cpuThreads() workers);
 * `onProgress(what, loaded, total)` sees the download.
 */
export function loadWasm(onProgress, flavour = 'main') {
  if (!wasmPromises.has(flavour)) {
    const urls = FLAVOURS[flavour];
    const promise = (async () => {
      await requireSimd();
      const wasm = await import(urls.js.href);
      const bytes = await fetchWithProgress(urls.wasm.href, 'wasm', onProgress);
      const exports = await wasm.default({ module_or_path: bytes });
      if (flavour === 'threads') await wasm.initThreadPool(cpuThreads());
      wasmExports = exports;
      loadedUrl = urls.js.href;
      instantiations += 1;
      return wasm;
    })().catch((error) => {
      wasmPromises.delete(flavour);
      if (error instanceof UserError) throw error;
      throw new UserError(`Could not load the WebAssembly module ${urls.js.pathname} (${messageOf(error)}) — run scripts/setup.sh to build pkg/.`);
    });
    wasmPromises.set(flavour, promise);
  }
  return wasmPromises.get(flavour);
}

/**
 * The build a run on `backend` trains with: the threaded one for the CPU where cpuThreads() > 1,
 * else the main one. A threaded build that cannot be loaded (not built, or offline before it was
 * ever cached) leaves the main one, on one thread.
 */
export async function loadWasmFor(backend, onProgress) {
  if (backend === 'cpu' && cpuThreads() > 1) {
    try {
      return await loadWasm(onProgress, 'threads');
    } catch (error) {
      console.warn(`rethink worker: the threaded CPU module could not be loaded, training on one thread (${messageOf(error)})`);
    }
  }
  return loadWasm(onProgress, 'main');
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
