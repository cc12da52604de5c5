// The "copy link" button and the "share / embed" dialog: a link to this run, and an <iframe>
// snippet for its embed. Texts come from page-options.js (pure); here only DOM, text only.
import { shareTexts } from '../core/page-options.js';
import { setCopyStatus } from '../ui/view.js';

const byId = (id) => document.getElementById(id);

/** Copy text to the clipboard; falls back to selecting `field` and execCommand('copy'). Resolves to true when copied. */
export async function copyText(text, field = null) {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    if (!field) return false;
    field.focus();
    field.select();
    try {
      return document.execCommand('copy');
    } catch {
      return false;
    }
  }
}

/** Wire the share controls. `current()` gives { state, preset } of the page now. */
export function bindShare({ current }) {
  const dialog = byId('share-dialog');
  const texts = () => {
    const { state, preset } = current();
    const hide = [byId('share-hide-pixels').checked && 'random-pixels', byId('share-hide-status').checked && 'status'].filter(Boolean);
    return shareTexts(window.location.href, state, { autoplay: byId('share-autoplay').checked, hide, preset });
  };
  const fill = () => {
    const t = texts();
    byId('share-link').value = t.link;
    byId('share-iframe').value = t.iframe;
    byId('share-preview').href = t.embedUrl;
    setCopyStatus('share-status', '');
  };
  const copy = async (text, field, statusId, what) => {
    const ok = await copyText(text, field);
    setCopyStatus(statusId, ok ? `${what} copied to the clipboard.` : `Select the ${what.toLowerCase()} and copy it (Ctrl+C).`);
  };

  byId('copy-link').addEventListener('click', () => copy(texts().link, null, 'copy-status', 'Link'));
  byId('share').addEventListener('click', () => {
    fill();
    dialog.showModal();
    byId('share-link').select();
  });
  for (const id of ['share-autoplay', 'share-hide-pixels', 'share-hide-status']) byId(id).addEventListener('change', fill);
  byId('share-copy-link').addEventListener('click', () => copy(byId('share-link').value, byId('share-link'), 'share-status', 'Link'));
  byId('share-copy-iframe').addEventListener('click', () => copy(byId('share-iframe').value, byId('share-iframe'), 'share-status', 'Embed code'));
  byId('share-close').addEventListener('click', () => dialog.close());
  return { refresh: () => dialog.open && fill() };
}
