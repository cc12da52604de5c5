// What a published file refers to, read from its text: for tests/web/site.test.mjs, which
// checks that the site folder is self-contained (every reference relative and present,
// nothing from node_modules, the dev server's /pkg/ or /vendor/, or another host).

/** Files a browser reads as code or markup (their references are URLs). */
export const CODE_FILE = /\.(html|js|mjs|css)$/;
/** Files read as text (code, markup and the licence and notice files). */
export const TEXT_FILE = /\.(html|js|mjs|css|txt|json|md|svg|webmanifest)$|(^|\/)(LICENSE|NOTICE)[^/]*$/;

/** Mentions of the development set-up that a static host does not have: node_modules, /pkg/, /vendor/. */
export function devServerMentions(text) {
  return [...text.matchAll(/node_modules|(?<![\w.~%-])\/(?:pkg|vendor)\//g)].map((m) => m[0]);
}

/**
 * Absolute URL paths ('/x', not '//host' or a relative 'x'): as string literals in JS, as
 * src/href/action attribute values in HTML, as url() in CSS. Under a sub-path they miss.
 */
export function absolutePaths(text) {
  const found = [];
  for (const m of text.matchAll(/(['"`])(\/(?![/*])[\w.~-][\w.~/%-]*)(?=\1|\$\{|[?#])/g)) found.push(m[2]);
  for (const m of text.matchAll(/\b(?:src|href|action|poster|srcset)\s*=\s*["']?(\/(?!\/)[^"'\s>]*)/gi)) found.push(m[1]);
  for (const m of text.matchAll(/url\(\s*['"]?(\/(?!\/)[^"')\s]*)/gi)) found.push(m[1]);
  return [...new Set(found)];
}

/** Loads from another host: src= (script, img, iframe, ...), <link href>, CSS url(), import() of http(s) URLs. */
export function externalLoads(text) {
  const found = [];
  for (const m of text.matchAll(/\bsrc\s*=\s*["']?((?:https?:)?\/\/[^"'\s>]+)/gi)) found.push(m[1]);
  for (const m of text.matchAll(/<link\b[^>]*\bhref\s*=\s*["']?((?:https?:)?\/\/[^"'\s>]+)/gi)) found.push(m[1]);
  for (const m of text.matchAll(/url\(\s*['"]?((?:https?:)?\/\/[^"')\s]+)/gi)) found.push(m[1]);
  for (const m of text.matchAll(/\b(?:import|from)\s*\(?\s*['"]((?:https?:)?\/\/[^'"]+)/g)) found.push(m[1]);
  return [...new Set(found)];
}

const LOCAL = (ref) => ref && !/^(?:[a-z][a-z0-9+.-]*:|\/\/|#)/i.test(ref);

/**
 * The relative references a file makes that must exist in the site, as written (query and
 * hash dropped): module imports, workers, service worker registrations and `new URL(literal, …)`
 * in JS; src/href in HTML (links to other pages included); url() in CSS. Bare module
 * specifiers ('uplot') are returned too: a browser cannot load them.
 */
export function localReferences(file, text) {
  const refs = [];
  if (/\.(js|mjs)$/.test(file)) {
    const patterns = [
      /\b(?:import|export)\b[^'";]*?\bfrom\s*['"]([^'"]+)['"]/g,
      /\bimport\s*['"]([^'"]+)['"]/g,
      /\bimport\(\s*['"]([^'"]+)['"]\s*\)/g,
      /\bnew\s+(?:Shared)?Worker\(\s*['"]([^'"]+)['"]/g,
      /\.register\(\s*['"]([^'"]+)['"]/g,
      /\bnew\s+URL\(\s*['"]([^'"]+)['"]\s*,/g,
    ];
    for (const pattern of patterns) for (const m of text.matchAll(pattern)) refs.push(m[1]);
  } else if (file.endsWith('.html')) {
    const withoutComments = text.replace(/<!--[\s\S]*?-->/g, '');
    for (const m of withoutComments.matchAll(/\b(?:src|href)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))/gi)) refs.push(m[1] ?? m[2] ?? m[3]);
  } else if (file.endsWith('.css')) {
    for (const m of text.matchAll(/url\(\s*['"]?([^"')\s]+)/gi)) refs.push(m[1]);
  }
  return [...new Set(refs.filter(LOCAL).map((ref) => ref.split(/[?#]/)[0]).filter(Boolean))];
}

/** Where `ref`, written in site file `file`, points inside the site ('' for the root); null if it leaves the site. */
export function resolveInSite(file, ref) {
  const base = new URL(file, 'https://site.invalid/rethink/');
  const url = new URL(ref, base);
  if (url.origin !== base.origin || !url.pathname.startsWith('/rethink/')) return null;
  return decodeURIComponent(url.pathname.slice('/rethink/'.length));
}
