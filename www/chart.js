// The live train/test error chart: a dumb uPlot wrapper with reset() and addPoint().
import uPlot from './vendor/uplot/uPlot.esm.js';

// Okabe-Ito colours: distinguishable with the common colour-vision deficiencies.
export const COLORS = { train: '#0072B2', test: '#D55E00', chance: '#444444', axis: '#1a1a1a', grid: '#d9d9d9' };

const CHANCE_PERCENT = 90;

const percent = (_u, value) => (value == null ? '–' : `${value.toFixed(1)} %`);

/** Create the chart inside `container`; returns { reset, addPoint, pointCount, plot }. */
export function createChart(container, { height = 340 } = {}) {
  const data = [[], [], []]; // epochs, train error %, test error %
  const axis = { stroke: COLORS.axis, grid: { stroke: COLORS.grid, width: 1 }, ticks: { stroke: COLORS.grid } };
  const options = {
    width: Math.max(280, container.clientWidth),
    height,
    scales: {
      x: { time: false, auto: false, min: 0, max: 1 }, // set by update()
      y: { range: [0, 100] },
    },
    axes: [
      { ...axis, label: 'epoch', incrs: [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000] },
      { ...axis, label: 'error', size: 60, values: (_u, splits) => splits.map((v) => `${v} %`) },
    ],
    series: [
      { label: 'epoch', value: (_u, v) => (v == null ? '–' : String(v)) },
      { label: 'train error', stroke: COLORS.train, width: 2.5, value: percent, points: { size: 6, fill: COLORS.train } },
      {
        label: 'test error',
        stroke: COLORS.test,
        width: 2.5,
        dash: [9, 5],
        value: percent,
        points: { size: 6, fill: '#ffffff', stroke: COLORS.test },
      },
    ],
    legend: { live: true },
    cursor: { drag: { x: false, y: false } },
    hooks: { drawAxes: [drawChanceLine] }, // under the series
  };
  const plot = new uPlot(options, data, container);

  const observer = new ResizeObserver(() => {
    const width = Math.max(280, container.clientWidth);
    if (width !== plot.width) plot.setSize({ width, height });
  });
  observer.observe(container);

  // Redraw with x from 0 to the last epoch, and let the legend show the latest values.
  const update = () => {
    plot.setData(data);
    plot.setScale('x', { min: 0, max: Math.max(1, data[0].at(-1) ?? 1) });
    if (data[0].length > 0) plot.setLegend({ idx: data[0].length - 1 });
  };

  return {
    plot,
    /** Remove every point (a new run starts). */
    reset() {
      for (const column of data) column.length = 0;
      update();
    },
    /** Append one evaluation; errors are fractions 0..1, as Experiment.evaluate() returns them. */
    addPoint(epoch, trainError, testError) {
      data[0].push(epoch);
      data[1].push(trainError * 100);
      data[2].push(testError * 100);
      update();
    },
    /** Number of points on the chart (for tests). */
    pointCount() {
      return data[0].length;
    },
  };
}

// A dotted reference line at chance level (90 % error for 10 classes), labelled on the canvas.
function drawChanceLine(u) {
  const { ctx, bbox } = u;
  const y = Math.round(u.valToPos(CHANCE_PERCENT, 'y', true));
  const ratio = window.devicePixelRatio || 1;
  ctx.save();
  ctx.strokeStyle = COLORS.chance;
  ctx.lineWidth = ratio;
  ctx.setLineDash([2 * ratio, 4 * ratio]);
  ctx.beginPath();
  ctx.moveTo(bbox.left, y);
  ctx.lineTo(bbox.left + bbox.width, y);
  ctx.stroke();
  ctx.setLineDash([]);
  ctx.fillStyle = COLORS.chance;
  ctx.font = `${12 * ratio}px system-ui, sans-serif`;
  ctx.textAlign = 'right';
  ctx.textBaseline = 'bottom';
  ctx.fillText('chance (90 %)', bbox.left + bbox.width - 4 * ratio, y - 3 * ratio);
  ctx.restore();
}
