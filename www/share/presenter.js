// Presenter keys and full screen: space play/pause, r reset, l labels, p pixels, f full-screen
// chart, ? the list. Keys do nothing while the reader types in a field or a dialog is open.

/** Whether a key press aimed at `target` is typing (or operating a control that uses the key itself). */
export function isTypingTarget(target) {
  if (!target || target.nodeType !== 1) return false;
  if (target.isContentEditable) return true;
  const tag = target.tagName;
  if (tag === 'TEXTAREA' || tag === 'SELECT') return true;
  if (tag !== 'INPUT') return false;
  return !['checkbox', 'radio', 'button', 'submit', 'reset', 'range', 'color'].includes(target.type);
}

// Elements that Space activates natively: leave Space to them.
const SPACE_NATIVE = new Set(['BUTTON', 'A', 'SUMMARY', 'INPUT', 'SELECT', 'TEXTAREA']);

/** Listen for the shortcuts; `actions` = { playPause, reset, toggleLabels, togglePixels, fullscreen, help }. */
export function bindShortcuts(actions) {
  document.addEventListener('keydown', (event) => {
    if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey || event.repeat) return;
    if (document.querySelector('dialog[open]')) return;
    const target = event.target;
    if (isTypingTarget(target)) return;
    const key = event.key;
    if (key === ' ' || key === 'Spacebar') {
      if (SPACE_NATIVE.has(target?.tagName)) return;
      event.preventDefault();
      return actions.playPause();
    }
    const handler = { r: actions.reset, l: actions.toggleLabels, p: actions.togglePixels, f: actions.fullscreen, '?': actions.help }[key.length === 1 ? key.toLowerCase() : key];
    if (!handler || (key === '?' ? false : event.shiftKey)) return;
    event.preventDefault();
    handler();
  });
}

/**
 * Full screen for `figure`: the Fullscreen API where it works, else a fixed full-window layout.
 * `onChange(large)` is told when the figure enters or leaves it. Returns { toggle, active }.
 */
export function createFullscreen(figure, onChange) {
  let fallback = false;
  const set = (large) => {
    figure.classList.toggle('presenting', large);
    document.body.classList.toggle('presenting', large);
    onChange(large);
  };
  document.addEventListener('fullscreenchange', () => set(document.fullscreenElement === figure));
  document.addEventListener('keydown', (event) => {
    if (event.key === 'Escape' && fallback) {
      fallback = false;
      set(false);
    }
  });
  return {
    async toggle() {
      if (document.fullscreenElement === figure) return document.exitFullscreen();
      if (fallback) {
        fallback = false;
        return set(false);
      }
      try {
        await figure.requestFullscreen();
      } catch {
        fallback = true; // e.g. inside an iframe without allowfullscreen
        set(true);
      }
      figure.focus({ preventScroll: true });
      return undefined;
    },
    get active() {
      return document.fullscreenElement === figure || fallback;
    },
  };
}
