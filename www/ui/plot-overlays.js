// What plot.js draws over uPlot's series, on its canvas in device pixels: the dotted chance line
// and the labelled vertical markers (the early-stopping epoch, where a run diverged).

/**
 * The dotted horizontal line at y = `chance`, labelled "chance (…)" at its right end.
 * `unit` follows the value in the label; `fontSize` in CSS pixels; `ink` its colour.
 */
export function drawChanceLine(u, { chance, unit, fontSize, ink }) {
  const y = Math.round(u.valToPos(chance, 'y', true));
  const ratio = window.devicePixelRatio || 1;
  strokeAndLabel(u, (ctx, bbox) => {
    ctx.strokeStyle = ink;
    ctx.setLineDash([2 * ratio, 4 * ratio]);
    ctx.moveTo(bbox.left, y);
    ctx.lineTo(bbox.left + bbox.width, y);
  }, { px: fontSize, text: `chance (${chance}${unit})`, x: (bbox) => bbox.left + bbox.width - 4 * ratio, y: y - 3 * ratio, align: 'right', color: ink });
}

/**
 * One marker ({ x, label, color?, row? }): a vertical line (dash-dotted in `ink`, or solid in its
 * own colour), its label on a white box just under the chance line (or the top edge when
 * `chance` is null), `row` boxes lower, on the side of the line with more room.
 */
export function drawMarkerLine(u, marker, { chance, fontSize, ink }) {
  const x = Math.round(u.valToPos(marker.x, 'x', true));
  const ratio = window.devicePixelRatio || 1;
  const { ctx, bbox } = u;
  const top = chance == null ? bbox.top : u.valToPos(chance, 'y', true);
  const left = marker.x > (u.scales.x.max + u.scales.x.min) / 2;
  const colour = marker.color ?? ink;
  ctx.save();
  ctx.strokeStyle = colour;
  ctx.lineWidth = (marker.color ? 2.5 : 1.5) * ratio;
  ctx.setLineDash(marker.color ? [] : [6 * ratio, 3 * ratio, 1 * ratio, 3 * ratio]);
  ctx.beginPath();
  ctx.moveTo(x, bbox.top);
  ctx.lineTo(x, bbox.top + bbox.height);
  ctx.stroke();
  ctx.font = `${fontSize * ratio}px system-ui, sans-serif`;
  const width = ctx.measureText(marker.label).width + 8 * ratio;
  const boxX = left ? x - 5 * ratio - width : x + 5 * ratio;
  const boxY = top + (5 + (marker.row ?? 0) * (fontSize + 12)) * ratio;
  ctx.fillStyle = 'rgba(255, 255, 255, 0.85)';
  ctx.fillRect(boxX, boxY, width, (fontSize + 6) * ratio);
  ctx.fillStyle = colour;
  ctx.textAlign = 'left';
  ctx.textBaseline = 'middle';
  ctx.fillText(marker.label, boxX + 4 * ratio, boxY + ((fontSize + 6) / 2) * ratio);
  ctx.restore();
}

// Stroke one path and write one label on the plot canvas, in device pixels.
function strokeAndLabel(u, path, label) {
  const { ctx, bbox } = u;
  const ratio = window.devicePixelRatio || 1;
  ctx.save();
  ctx.lineWidth = ratio;
  ctx.beginPath();
  path(ctx, bbox);
  ctx.stroke();
  ctx.setLineDash([]);
  ctx.fillStyle = label.color;
  ctx.font = `${(label.px ?? 12) * ratio}px system-ui, sans-serif`;
  ctx.textAlign = label.align;
  ctx.textBaseline = 'bottom';
  ctx.fillText(label.text, typeof label.x === 'function' ? label.x(bbox) : label.x, label.y);
  ctx.restore();
}
