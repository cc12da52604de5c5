// Example training images as the network sees them (after the label and pixel randomization),
// each with the label it is trained on and the network's current prediction. Text only in the DOM.
import { CLASS_NAMES } from '../core/science.js';

const SCALE = 4; // a 16 px image is drawn at 64 px, pixel for pixel (no smoothing)

/**
 * One image of a samples() result as RGBA bytes for ImageData. `pixels` is channel-major per
 * image (image i, channel c, row y, col x at i*3*side*side + c*side*side + y*side + x).
 */
export function sampleToRGBA(pixels, index, side) {
  const plane = side * side;
  const base = index * 3 * plane;
  const rgba = new Uint8ClampedArray(plane * 4);
  for (let p = 0; p < plane; p += 1) {
    rgba[p * 4] = pixels[base + p];
    rgba[p * 4 + 1] = pixels[base + plane + p];
    rgba[p * 4 + 2] = pixels[base + 2 * plane + p];
    rgba[p * 4 + 3] = 255;
  }
  return rgba;
}

/** The captions of image `i`: trained label, whether it is corrupted, the prediction and whether it matches. */
export function describeSample(samples, i) {
  const name = (label) => CLASS_NAMES[label] ?? `class ${label}`;
  const label = samples.labels[i];
  const trueLabel = samples.trueLabels[i];
  const prediction = samples.predictions[i];
  return {
    label: name(label),
    trueLabel: name(trueLabel),
    corrupted: label !== trueLabel,
    prediction: name(prediction),
    right: prediction === label,
  };
}

/** How many sample images the network predicts as trained, and how many carry a corrupted label. */
export function summarizeSamples(samples) {
  let right = 0;
  let corrupted = 0;
  for (let i = 0; i < samples.count; i += 1) {
    if (samples.predictions[i] === samples.labels[i]) right += 1;
    if (samples.labels[i] !== samples.trueLabels[i]) corrupted += 1;
  }
  return { count: samples.count, right, corrupted };
}

/** Draw the thumbnails of a 'samples' message into `container` (replacing what was there). */
export function renderSamples(container, samples) {
  const { side, count } = samples;
  const items = [];
  for (let i = 0; i < count; i += 1) {
    const info = describeSample(samples, i);
    const figure = document.createElement('figure');
    figure.className = 'sample';
    figure.dataset.corrupted = String(info.corrupted);
    figure.dataset.right = String(info.right);
    const canvas = document.createElement('canvas');
    canvas.width = side * SCALE;
    canvas.height = side * SCALE;
    canvas.setAttribute('role', 'img');
    canvas.setAttribute('aria-label', `training image ${i + 1}, trained as ${info.label}${info.corrupted ? ` (true class ${info.trueLabel})` : ''}, predicted ${info.prediction}: ${info.right ? 'right' : 'wrong'}`);
    drawScaled(canvas, sampleToRGBA(samples.pixels, i, side), side);
    const caption = document.createElement('figcaption');
    const trained = document.createElement('span');
    trained.className = 'sample-label';
    trained.textContent = info.corrupted ? `${info.label} ✱` : info.label;
    trained.title = info.corrupted
      ? `Trained as “${info.label}”: this label was corrupted; the image's true class is ${info.trueLabel}.`
      : `Trained as “${info.label}”, its true class.`;
    const predicted = document.createElement('span');
    predicted.className = 'sample-prediction';
    predicted.textContent = `${info.right ? '✓' : '✗'} ${info.prediction}`;
    predicted.title = `The network now predicts “${info.prediction}”: ${info.right ? 'the label it is trained on' : 'not the label it is trained on'}` +
      `${info.prediction === info.trueLabel ? ' (and the true class)' : ''}.`;
    caption.append(trained, predicted);
    figure.title = info.corrupted ? `true class: ${info.trueLabel}` : '';
    figure.append(canvas, caption);
    items.push(figure);
  }
  container.replaceChildren(...items);
}

// Put the image on a side x side canvas, then copy it up with smoothing off (crisp pixels).
function drawScaled(canvas, rgba, side) {
  const small = document.createElement('canvas');
  small.width = side;
  small.height = side;
  small.getContext('2d').putImageData(new ImageData(rgba, side, side), 0, 0);
  const ctx = canvas.getContext('2d');
  ctx.imageSmoothingEnabled = false;
  ctx.drawImage(small, 0, 0, canvas.width, canvas.height);
}
