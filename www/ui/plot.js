// A dumb line/scatter plot on uPlot: give it series of (x, y) points, it aligns and draws them.
// Used by the main chart (chart.js) and the Figure 1 charts (figures-view.js). It knows nothing
// of training: callers hand it data, a vertical marker, a chance line.
import uPlot from '../vendor/uplot/uPlot.esm.js';
import { drawChanceLine, drawMarkerLine } from './plot-overlays.js';

/** Okabe-Ito colours: distinguishable with the common colour-vision deficiencies. */
export const OKABE_ITO = {
  blue: '#0072B2',
  vermillion: '#D55E00',
  green: '#009E73',
  purple: '#CC79A7',
  orange: '#E69F00',
  sky: '#56B4E9',
  yellow: '#F0E442',
  black: '#000000',
};

/** Dash patterns that tell lines apart without colour (solid, dashed, dotted, dash-dot, long dash). */
export const DASHES = [[], [9, 5], [2, 4], [10, 4, 2, 4], [16, 6]];

const INK = { axis: '#1a1a1a', grid: '#d9d9d9', chance: '#444444', marker: '#000000' };

/**
 * Create a plot inside `container`. Options: xLabel, yLabel, height, yRange ([min, max] or null
 * for auto), yUnit (appended to tick labels), xMin (default 0), xIncrs, chance (y of a dotted
 * "chance" line, or null), xSpan (smallest x range), legendLive (false: the legend shows labels,
 * not values). Returns { setSeries, setMarker, seriesCount, plot }.
 */
export function createPlot(container, options) {
  const spec = { height: 300, yRange: null, yUnit: '', xMin: 0, chance: null, fontSize: 12, ...options };
  // series: [{ label, points: [[x, y]], color, dash, width, alpha, line (false: markers only),
  //   marker ('none' | 'hollow' | filled by default), markerAlways, keep (draw even when empty) }]
  let series = [];
  const markers = new Map(); // id -> { x, label, color?, row? }: vertical lines with a label
  let legendX = null; // the x whose values the legend shows (default: the last)
  let plot = null;
  let shape = ''; // what the uPlot instance was built for (labels and styles)

  const observer = new ResizeObserver(() => {
    const width = Math.max(280, container.clientWidth);
    if (plot && width !== plot.width) plot.setSize({ width, height: spec.height });
  });
  observer.observe(container);

  function build(data) {
    plot?.destroy();
    const px = spec.fontSize;
    const big = px > 12;
    const axis = {
      stroke: big ? '#000000' : INK.axis,
      grid: { stroke: INK.grid, width: 1 },
      ticks: { stroke: INK.grid },
      font: `${px}px system-ui, sans-serif`,
      labelFont: `600 ${px + 1}px system-ui, sans-serif`,
      ...(big ? { labelSize: Math.round(px * 1.8) } : {}),
    };
    const unit = spec.yUnit;
    const xAxis = { ...axis, label: spec.xLabel, ...(big ? { size: Math.round(px * 2.6) } : {}), ...(spec.xIncrs ? { incrs: spec.xIncrs } : {}) };
    const yAxis = { ...axis, label: spec.yLabel, size: big ? Math.round(px * 5) : 60, values: (_u, splits) => splits.map((v) => `${+v.toFixed(3)}${unit}`) };
    plot = new uPlot(
      {
        width: Math.max(280, container.clientWidth),
        height: spec.height,
        scales: { x: { time: false, auto: false, min: spec.xMin, max: spec.xMin + 1 }, y: spec.yRange ? { range: spec.yRange } : { auto: true } },
        axes: [xAxis, yAxis],
        series: [{ label: spec.xLabel, value: (_u, v) => (v == null ? '–' : String(+v.toFixed(3))) }, ...series.map(toUplotSeries)],
        legend: { live: spec.legendLive !== false },
        cursor: { drag: { x: false, y: false } },
        hooks: { drawAxes: [drawChance], draw: [drawMarker] },
      },
      data,
      container,
    );
  }

  function toUplotSeries(s) {
    const stroke = withAlpha(s.color, s.alpha ?? 1);
    const unit = spec.yUnit;
    return {
      label: s.label,
      stroke,
      width: s.width ?? 2.5,
      dash: s.dash ?? [],
      spanGaps: true,
      value: s.value ?? ((_u, v) => (v == null ? '–' : `${+v.toFixed(2)}${unit}`)),
      ...(s.line === false ? { paths: () => null } : {}),
      points: {
        ...(s.marker === 'none' ? { show: false } : {}),
        ...(s.line === false || s.markerAlways ? { show: true, space: 0 } : {}),
        size: s.line === false ? 9 : 6,
        width: 2,
        stroke,
        fill: s.marker === 'hollow' ? '#ffffff' : stroke,
      },
    };
  }

  // Align every series on one x column (uPlot's data model), nulls where a series has no point.
  function alignedData() {
    if (series.length === 0) return [[]];
    const tables = series.map((s) => {
      const sorted = [...s.points].sort((a, b) => a[0] - b[0]);
      return [sorted.map((p) => p[0]), sorted.map((p) => p[1])];
    });
    return uPlot.join(tables);
  }

  function update() {
    const data = alignedData();
    const nextShape = JSON.stringify(series.map(({ label, color, dash, width, alpha, line, marker: m, markerAlways }) => [label, color, dash, width, alpha, line, m, markerAlways]));
    const rebuilt = nextShape !== shape || !plot;
    if (rebuilt) {
      shape = nextShape;
      build(data);
    } else {
      plot.setData(data);
    }
    const xs = data[0];
    const xMax = Math.max(spec.xMin + (spec.xSpan ?? 1), ...(xs.length ? [xs.at(-1)] : []), ...[...markers.values()].map((m) => m.x));
    plot.setScale('x', { min: spec.xMin, max: xMax });
    if (xs.length > 0 && spec.legendLive !== false) {
      const idx = legendX == null ? -1 : xs.lastIndexOf(legendX);
      const target = plot;
      const show = () => target.setLegend({ idx: idx >= 0 ? idx : xs.length - 1 });
      // A freshly built uPlot ignores setLegend until it has drawn once.
      if (rebuilt) requestAnimationFrame(show);
      else show();
    }
  }

  function drawChance(u) {
    if (spec.chance != null) drawChanceLine(u, { chance: spec.chance, unit: spec.yUnit, fontSize: spec.fontSize, ink: INK.chance });
  }

  function drawMarker(u) {
    for (const marker of markers.values()) drawMarkerLine(u, marker, { chance: spec.chance, fontSize: spec.fontSize, ink: INK.marker });
  }

  return {
    /** Replace every series (an empty list clears the plot) and redraw; the legend shows the values at `showX`. */
    setSeries(next, showX = null) {
      series = next.filter((s) => s.points.length > 0 || s.keep);
      legendX = showX;
      update();
    },
    /** Show the labelled vertical marker `id` at { x, label, color?, row? }, or remove it with null. */
    setMarker(next, id = 'main') {
      if (next) markers.set(id, next);
      else markers.delete(id);
      if (plot) update();
    },
    /** Large text and another height (full screen on a projector), or back to normal. */
    setLarge(large, height) {
      spec.fontSize = large ? 22 : 12;
      spec.height = height;
      shape = ''; // rebuild with the new fonts
      update();
      plot.setSize({ width: Math.max(280, container.clientWidth), height: spec.height });
    },
    /** The font size of the axes, in CSS pixels (for tests). */
    fontSize() {
      return spec.fontSize;
    },
    /** The number of data series drawn (the x column not counted). */
    seriesCount() {
      return series.length;
    },
    /** The marker `id` ({ x, label, ... }) or null. */
    marker(id = 'main') {
      return markers.get(id) ?? null;
    },
    get plot() {
      return plot;
    },
  };
}

/** A CSS colour from '#rrggbb' and an opacity 0..1 ('#rrggbbaa'). */
export function withAlpha(hex, alpha) {
  if (alpha >= 1) return hex;
  return `${hex}${Math.round(alpha * 255).toString(16).padStart(2, '0')}`;
}
