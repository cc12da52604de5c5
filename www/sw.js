// rethink's service worker: after one visit the page, its modules, uPlot, the wasm module and the
// data asset load and train with no network (a talk on conference Wi-Fi).
//
// Strategy: network first, cache as fallback. Online, every request goes to the server (which
// answers 304 for unchanged files) and each successful response replaces its cached copy, so a
// new build is picked up at once and then cached; offline, the cached copy answers. Non-OK
// responses (a missing asset's 404) are passed through untouched and never cached, so the page's
// error messages stay the same.
//
// VERSION names the cache. Bump it whenever PRECACHE changes (a file added, renamed or removed)
// or the caching rules below change; the browser then installs this worker anew, which fills a
// fresh cache and deletes every older rethink cache when it activates. Content changes of the
// listed files (a new pkg/ build, a new asset) need no bump: network-first replaces them.
const VERSION = 'v13-2026-12-03';
const CACHE = `rethink-${VERSION}`;

// The page and everything it loads, relative to this file (www/ is the site root; the dev server
// maps vendor/<package>/ and pkg/ there, scripts/vendored.mjs). The data asset is added by the page ('cache' message) and by
// any fetch under data/.
const PRECACHE = [
  './',
  'index.html',
  'style.css',
  'boot.js',
  'main.js',
  'run/runner.js',
  'run/run-store.js',
  'run/run-view.js',
  'run/pins.js',
  'run/sequence.js',
  'share/api.js',
  'share/embed-messages.js',
  'share/autoplay.js',
  'core/state.js',
  'ui/controls.js',
  'ui/view.js',
  'core/science.js',
  'ui/chart.js',
  'ui/plot.js',
  'ui/plot-overlays.js',
  'ui/samples.js',
  'core/presets.js',
  'core/page-options.js',
  'core/explain.js',
  'core/paper.js',
  'core/export.js',
  'share/exporter.js',
  'share/share.js',
  'share/presenter.js',
  'share/offline.js',
  'figures/figure-panel.js',
  'figures/figures-view.js',
  'figures/figures.js',
  'ui/theory-panel.js',
  'worker/theory-worker.js',
  'worker/worker.js',
  'worker/protocol.js',
  'worker/epoch-clock.js',
  'worker/loader.js',
  'worker/backend.js',
  'worker/crash.js',
  'worker/recovery.js',
  'core/settings.js',
  'vendor/uplot/uPlot.esm.js',
  'vendor/uplot/uPlot.min.css',
  'vendor/wasm-feature-detect/index.js',
  'pkg/config-schema.js',
  'pkg/rethink.js',
  'pkg/rethink_bg.wasm',
];

const scoped = (path) => new URL(path, self.registration.scope).href;

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches.open(CACHE)
      .then((cache) => cache.addAll(PRECACHE.map(scoped)))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    for (const name of await caches.keys()) {
      if (name.startsWith('rethink-') && name !== CACHE) await caches.delete(name);
    }
    await self.clients.claim();
  })());
});

// The page asks for its data asset to be kept: { type: 'cache', urls }; answers { type: 'cached', urls, ok }.
self.addEventListener('message', (event) => {
  const { type, urls } = event.data ?? {};
  if (type !== 'cache' || !Array.isArray(urls)) return;
  const own = urls.filter((url) => typeof url === 'string' && new URL(url, self.location.href).origin === self.location.origin);
  event.waitUntil((async () => {
    const cache = await caches.open(CACHE);
    let ok = true;
    for (const url of own) {
      if (await cache.match(url)) continue;
      try {
        const response = await fetch(url);
        if (response.ok) await cache.put(url, response);
        else ok = false;
      } catch {
        ok = false;
      }
    }
    event.source?.postMessage({ type: 'cached', urls: own, ok });
  })());
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  event.respondWith(networkFirst(request, event).then((response) => isolated(response, url)));
});

// Cross-origin isolation on hosts that cannot send headers (GitHub Pages): the page and the
// workers it starts get COOP and COEP from here, so from the second visit on (once this worker
// controls the page) the CPU path trains on every core (the threaded module needs
// SharedArrayBuffer). Everything the page loads is its own, so COEP blocks nothing. The example
// blog post (examples/) is left alone: it stands for a site that embeds the page and is not
// isolated (scripts/serve.mjs's NOT_ISOLATED says the same for the dev server).
function isolated(response, url) {
  if (response.status === 0 || url.href.startsWith(scoped('examples/'))) return response;
  const headers = new Headers(response.headers);
  headers.set('Cross-Origin-Opener-Policy', 'same-origin');
  headers.set('Cross-Origin-Embedder-Policy', 'require-corp');
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
}

async function networkFirst(request, event) {
  const cache = await caches.open(CACHE);
  let response;
  try {
    response = await fetch(request);
  } catch (error) {
    const cached = await cache.match(request, { ignoreSearch: true });
    if (cached) return cached;
    if (request.mode === 'navigate') {
      const page = await cache.match(scoped('./'));
      if (page) return page;
    }
    throw error;
  }
  if (response.ok && response.type === 'basic' && worthCaching(request)) {
    event.waitUntil(refresh(cache, request, response.clone()));
  }
  return response;
}

// Cache the navigation, files of the precache list and data assets, not anything else.
function worthCaching(request) {
  if (request.mode === 'navigate') return true;
  const path = new URL(request.url).pathname;
  return /\/data\/[^/]+\.bin$/.test(path) || /\/pkg\/threads\/[^/]+$/.test(path) || PRECACHE.some((entry) => entry !== './' && scoped(entry) === new URL(path, request.url).href);
}

// Store a response unless the cached copy is the same file (same Last-Modified and length):
// the 15 MB wasm is not copied again on every online visit.
async function refresh(cache, request, response) {
  const key = request.mode === 'navigate' ? scoped('./') : request.url.split('?')[0];
  const cached = await cache.match(key);
  const same = (name) => cached?.headers.get(name) === response.headers.get(name);
  if (cached && response.headers.get('last-modified') && same('last-modified') && same('content-length')) return;
  await cache.put(key, response);
}
