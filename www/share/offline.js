// Offline after the first load: register the service worker (www/sw.js) once the run is ready
// (the wasm and data are then in the HTTP cache, so its install does not download them again),
// and ask it to keep the data asset this page uses.

let registering = null;

/**
 * Register sw.js and have it keep `assetUrl`. Resolves to true once the page, the wasm and the
 * asset are cached (the worker answers 'cached'), false where there is no service worker.
 */
export function enableOffline(assetUrl) {
  if (!('serviceWorker' in navigator) || !window.isSecureContext) return Promise.resolve(false);
  registering ??= navigator.serviceWorker.register(new URL('../sw.js', import.meta.url)).catch((error) => {
    console.warn('rethink: the service worker could not be registered; no offline copy', error);
    return null;
  });
  return registering.then(async (registration) => {
    if (!registration) return false;
    const ready = await navigator.serviceWorker.ready; // installed: the precache list is stored
    const answer = new Promise((resolve) => {
      const onMessage = (event) => {
        if (event.data?.type !== 'cached' || !event.data.urls?.includes(assetUrl)) return;
        navigator.serviceWorker.removeEventListener('message', onMessage);
        resolve(Boolean(event.data.ok));
      };
      navigator.serviceWorker.addEventListener('message', onMessage);
    });
    ready.active?.postMessage({ type: 'cache', urls: [assetUrl] });
    return answer;
  });
}
