// Export of a run: its history as CSV and JSON, and a PNG text chunk, each carrying the run's
// settings (the link that reproduces it, and the config). Pure (no DOM): tests/web/export.test.mjs.

/** The columns of the CSV, in order (evaluate()'s metrics). */
export const CSV_COLUMNS = ['epoch', 'step', 'lr', 'trainLoss', 'trainError', 'testLoss', 'testError', 'stepsPerSec', 'evalMs', 'elapsedMs'];

/** The settings block written into every export. */
export function exportSettings({ url, state, config, description, backend, when = new Date() }) {
  return {
    generator: 'rethink (https://arxiv.org/abs/1611.03530 reproduction)',
    exportedAt: when.toISOString(),
    url,
    description,
    backend: backend ?? null,
    config,
    state,
  };
}

/** JSON text: { settings, history }. */
export function historyToJson(history, settings) {
  return `${JSON.stringify({ settings, history: history.map((m) => ({ ...m })) }, null, 2)}\n`;
}

/** CSV text: '#' comment lines with the settings (one JSON line among them), a header row, one row per epoch. */
export function historyToCsv(history, settings) {
  const comment = (text) => `# ${String(text).replace(/[\r\n]+/g, ' ')}`;
  const lines = [
    comment(`rethink run: ${settings.description ?? ''}`),
    comment(`url: ${settings.url}`),
    comment(`settings: ${JSON.stringify(settings)}`),
    CSV_COLUMNS.join(','),
  ];
  for (const metrics of history) {
    lines.push(CSV_COLUMNS.map((key) => (Number.isFinite(metrics[key]) ? String(metrics[key]) : '')).join(','));
  }
  return `${lines.join('\n')}\n`;
}

/** Parse a CSV written by historyToCsv: { settings, rows } (for tests and readers). */
export function parseHistoryCsv(text) {
  const lines = text.split('\n').filter(Boolean);
  const settingsLine = lines.find((line) => line.startsWith('# settings: '));
  const settings = settingsLine ? JSON.parse(settingsLine.slice('# settings: '.length)) : null;
  const table = lines.filter((line) => !line.startsWith('#'));
  const header = table[0].split(',');
  const rows = table.slice(1).map((line) => Object.fromEntries(line.split(',').map((cell, i) => [header[i], cell === '' ? null : Number(cell)])));
  return { settings, rows };
}

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n += 1) {
    let c = n;
    for (let k = 0; k < 8; k += 1) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

/** CRC-32 (the PNG and zlib one) of bytes. */
export function crc32(bytes) {
  let crc = 0xffffffff;
  for (const byte of bytes) crc = CRC_TABLE[(crc ^ byte) & 0xff] ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

const PNG_SIGNATURE = [137, 80, 78, 71, 13, 10, 26, 10];

/**
 * A copy of a PNG with tEXt chunks added right after IHDR. `texts` maps keywords (1-79 Latin-1
 * characters) to text; non-Latin-1 characters are replaced by '?', as tEXt is Latin-1.
 */
export function addPngText(png, texts) {
  const bytes = png instanceof Uint8Array ? png : new Uint8Array(png);
  if (!PNG_SIGNATURE.every((b, i) => bytes[i] === b)) throw new Error('not a PNG');
  const ihdrEnd = 8 + 12 + readUint32(bytes, 8); // signature, then length + type + data + crc
  const latin1 = (text) => Uint8Array.from(String(text), (ch) => (ch.charCodeAt(0) < 256 ? ch.charCodeAt(0) : 63));
  const chunks = Object.entries(texts).map(([keyword, text]) => {
    if (!/^[\x20-\x7e]{1,79}$/.test(keyword)) throw new Error(`bad PNG keyword: ${keyword}`);
    const data = new Uint8Array([...latin1(keyword), 0, ...latin1(text)]);
    const chunk = new Uint8Array(12 + data.length);
    writeUint32(chunk, 0, data.length);
    chunk.set([116, 69, 88, 116], 4); // 'tEXt'
    chunk.set(data, 8);
    writeUint32(chunk, 8 + data.length, crc32(chunk.subarray(4, 8 + data.length)));
    return chunk;
  });
  const size = bytes.length + chunks.reduce((sum, c) => sum + c.length, 0);
  const out = new Uint8Array(size);
  out.set(bytes.subarray(0, ihdrEnd), 0);
  let offset = ihdrEnd;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.length;
  }
  out.set(bytes.subarray(ihdrEnd), offset);
  return out;
}

/** The tEXt chunks of a PNG as { keyword: text } (for tests and readers). */
export function readPngText(png) {
  const bytes = png instanceof Uint8Array ? png : new Uint8Array(png);
  const texts = {};
  let offset = 8;
  while (offset + 12 <= bytes.length) {
    const length = readUint32(bytes, offset);
    const type = String.fromCharCode(...bytes.subarray(offset + 4, offset + 8));
    if (type === 'tEXt') {
      const data = bytes.subarray(offset + 8, offset + 8 + length);
      const zero = data.indexOf(0);
      const decode = (part) => Array.from(part, (b) => String.fromCharCode(b)).join('');
      texts[decode(data.subarray(0, zero))] = decode(data.subarray(zero + 1));
    }
    if (type === 'IEND') break;
    offset += 12 + length;
  }
  return texts;
}

function readUint32(bytes, offset) {
  return ((bytes[offset] << 24) | (bytes[offset + 1] << 16) | (bytes[offset + 2] << 8) | bytes[offset + 3]) >>> 0;
}

function writeUint32(bytes, offset, value) {
  bytes[offset] = (value >>> 24) & 0xff;
  bytes[offset + 1] = (value >>> 16) & 0xff;
  bytes[offset + 2] = (value >>> 8) & 0xff;
  bytes[offset + 3] = value & 0xff;
}

/** A file name for an export, e.g. "rethink-random-labels-mlp-seed1.csv". */
export function exportFileName(state, extension) {
  const what = state.labelCorruption >= 1 ? 'random-labels' : state.labelCorruption > 0 ? `p${state.labelCorruption}` : 'true-labels';
  const pixels = state.pixels !== 'none' ? `${state.pixels}-pixels` : '';
  return `rethink-${[what, pixels, state.model, `seed${state.seed}`].filter(Boolean).join('-')}.${extension}`;
}
