// Export buttons: the run's history as CSV or JSON and the chart as a PNG, each with the run's
// settings (link + config) inside: CSV '#' lines, a JSON 'settings' field, PNG tEXt chunks and
// a caption drawn into the image. The formats are built in export.js (pure).
import { COLORS } from '../ui/chart.js';
import { addPngText, exportFileName, historyToCsv, historyToJson } from '../core/export.js';

/** Offer `blob` as a download named `name`. */
export function download(name, blob) {
  const url = URL.createObjectURL(blob);
  const link = Object.assign(document.createElement('a'), { href: url, download: name, hidden: true });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Wire the export buttons; `current()` gives { state, history, settings, pins }, `chartCanvas()` the chart's canvas. */
export function bindExport({ current, chartCanvas }) {
  const byId = (id) => document.getElementById(id);
  byId('export-csv').addEventListener('click', () => {
    const { state, history, settings } = current();
    download(exportFileName(state, 'csv'), new Blob([historyToCsv(history, settings)], { type: 'text/csv' }));
  });
  byId('export-json').addEventListener('click', () => {
    const { state, history, settings } = current();
    download(exportFileName(state, 'json'), new Blob([historyToJson(history, settings)], { type: 'application/json' }));
  });
  byId('export-png').addEventListener('click', async () => {
    const { state, settings, pins } = current();
    const canvas = chartCanvas();
    if (!canvas) return;
    const png = await chartPng(canvas, settings, pins);
    download(exportFileName(state, 'png'), new Blob([png], { type: 'image/png' }));
  });
}

/** The chart canvas with a caption (setting, link) and a legend drawn around it, as PNG bytes with tEXt settings. */
export async function chartPng(plotCanvas, settings, pins = []) {
  const ratio = plotCanvas.width / Math.max(1, plotCanvas.clientWidth || plotCanvas.width);
  const pad = Math.round(12 * ratio);
  const line = Math.round(20 * ratio);
  const legendRows = 1 + pins.length;
  const canvas = document.createElement('canvas');
  canvas.width = plotCanvas.width + 2 * pad;
  canvas.height = plotCanvas.height + 2 * pad + 2 * line + legendRows * line + pad;
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  ctx.fillStyle = '#111111';
  ctx.textBaseline = 'top';
  ctx.font = `600 ${Math.round(15 * ratio)}px system-ui, sans-serif`;
  ctx.fillText(`rethink: ${settings.description}`, pad, pad, canvas.width - 2 * pad);
  ctx.font = `${Math.round(12 * ratio)}px system-ui, sans-serif`;
  ctx.fillText(settings.url, pad, pad + line, canvas.width - 2 * pad);
  const top = pad + 2 * line;
  ctx.drawImage(plotCanvas, pad, top);
  let y = top + plotCanvas.height + pad;
  const swatch = (color, dash, x) => {
    ctx.save();
    ctx.strokeStyle = color;
    ctx.lineWidth = 3 * ratio;
    ctx.setLineDash(dash.map((d) => d * ratio));
    ctx.beginPath();
    ctx.moveTo(x, y + line / 2);
    ctx.lineTo(x + 28 * ratio, y + line / 2);
    ctx.stroke();
    ctx.restore();
  };
  const entry = (color, dash, text, x) => {
    swatch(color, dash, x);
    ctx.fillStyle = '#111111';
    ctx.fillText(text, x + 34 * ratio, y + 3 * ratio);
    return x + 34 * ratio + ctx.measureText(text).width + 18 * ratio;
  };
  let x = entry(COLORS.train, [], 'train error', pad);
  x = entry(COLORS.test, [9, 5], 'test error (true test labels)', x);
  ctx.fillStyle = '#444444';
  ctx.fillText('chance = 90 %', x, y + 3 * ratio);
  pins.forEach((pin, i) => {
    y += line;
    entry(COLORS.pins[i % COLORS.pins.length], [], pin.label, pad);
  });
  const blob = await new Promise((resolve) => canvas.toBlob(resolve, 'image/png'));
  const bytes = new Uint8Array(await blob.arrayBuffer());
  return addPngText(bytes, {
    Title: `rethink: ${settings.description}`,
    Source: settings.url,
    Software: 'rethink (Zhang et al., ICLR 2017, arXiv:1611.03530)',
    'rethink:settings': JSON.stringify(settings),
  });
}
