// The page's own URL flags, beside the run State: embed mode, hidden controls, autoplay when
// visible, and the preset being shown. Read through a whitelist like the State; serialized into
// the same hash. Pure (no DOM): tests/web/page-options.test.mjs.
import { findPreset } from './presets.js';

/** The URL keys read here (State.fromUrl must not call them unknown). */
export const PAGE_KEYS = Object.freeze(['embed', 'hide', 'autoplay', 'preset']);

/**
 * Names `hide=` accepts, each the data-hide name of a part of the page. Embed mode hides
 * EMBED_HIDDEN by default; `hide` adds to that.
 */
export const HIDEABLE = Object.freeze([
  'play', 'reset', 'random-labels', 'random-pixels', 'label-corruption', 'pixels', 'model', 'regularizers', 'backend',
  'presets', 'share', 'export', 'presenter', 'pins', 'status', 'stats', 'explain', 'samples', 'figures', 'theory', 'header', 'footer',
]);

/** What embed mode hides: everything but the chart, the two toggles, play (and a compact status line). */
export const EMBED_HIDDEN = Object.freeze([
  'reset', 'label-corruption', 'pixels', 'model', 'regularizers', 'backend', 'presets', 'share', 'export', 'presenter', 'pins',
  'stats', 'explain', 'samples', 'figures', 'theory', 'header', 'footer',
]);

/** Defaults of the page flags. */
export const DEFAULT_PAGE_OPTIONS = Object.freeze({ embed: false, hide: [], autoplay: false, preset: null });

const BOOL = { 1: true, true: true, yes: true, on: true, 0: false, false: false, no: false, off: false };
const shorten = (text) => (text.length > 40 ? `${text.slice(0, 40)}…` : text);

/** Read the flags from URLSearchParams; returns { options, warnings }. Unknown values are ignored with a warning. */
export function readPageOptions(params) {
  const options = { ...DEFAULT_PAGE_OPTIONS, hide: [] };
  const warnings = [];
  for (const key of ['embed', 'autoplay']) {
    if (!params.has(key)) continue;
    const raw = params.get(key);
    if (raw in BOOL) options[key] = BOOL[raw];
    else warnings.push(`Ignored ${key}=${shorten(raw)}: expected 1/0 or true/false.`);
  }
  if (params.has('hide')) {
    const names = params.get('hide').split(',').map((name) => name.trim()).filter(Boolean);
    const bad = names.filter((name) => !HIDEABLE.includes(name));
    options.hide = [...new Set(names.filter((name) => HIDEABLE.includes(name)))];
    if (bad.length > 0) warnings.push(`Ignored hide=${shorten(bad.slice(0, 3).join(','))}${bad.length > 3 ? '…' : ''}: not a part of the page (one of ${HIDEABLE.join(', ')}).`);
  }
  if (params.has('preset')) {
    const raw = params.get('preset');
    if (findPreset(raw)) options.preset = raw;
    else warnings.push(`Ignored preset=${shorten(raw)}: no such preset.`);
  }
  return { options, warnings };
}

/** The names of the parts to hide for these options (embed defaults plus `hide`). */
export function hiddenParts(options) {
  return [...new Set([...(options.embed ? EMBED_HIDDEN : []), ...options.hide])];
}

/** The flags that differ from the defaults, as URL parameters in a fixed order. */
export function pageOptionsParams(options) {
  const params = new URLSearchParams();
  if (options.preset) params.set('preset', options.preset);
  if (options.embed) params.set('embed', '1');
  if (options.hide?.length) params.set('hide', options.hide.join(','));
  if (options.autoplay) params.set('autoplay', '1');
  return params;
}

/** The hash (without '#') for a State and page flags: the State's non-defaults, then the flags. */
export function buildHash(state, options) {
  return [state.toQuery(), pageOptionsParams(options).toString()].filter(Boolean).join('&');
}

/** Escape text for an HTML attribute value in double quotes. */
export function escapeAttribute(text) {
  return String(text).replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * The share dialog's texts for a page at `pageUrl` (no hash) showing `state`: the link to the
 * full page, the embed URL and its <iframe> snippet. `embed` = { autoplay, hide, preset }.
 */
export function shareTexts(pageUrl, state, { autoplay = false, hide = [], preset = null } = {}) {
  const base = String(pageUrl).split('#')[0].split('?')[0];
  const hashOf = (options) => {
    const hash = buildHash(state, { ...DEFAULT_PAGE_OPTIONS, ...options });
    return hash ? `${base}#${hash}` : base;
  };
  const link = hashOf({ preset });
  const embedUrl = hashOf({ preset, embed: true, autoplay, hide });
  const iframe = `<iframe src="${escapeAttribute(embedUrl)}" title="rethink: a neural network memorizing random labels (Zhang et al., ICLR 2017)" width="640" height="560" style="border:0;max-width:100%" loading="lazy"></iframe>`;
  return { link, embedUrl, iframe };
}
