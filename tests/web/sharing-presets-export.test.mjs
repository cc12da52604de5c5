// Unit tests of the pure modules behind sharing, presets, embed mode, export and the explanation:
// www/core/presets.js, www/core/page-options.js, www/core/explain.js, www/core/export.js, and State's hash round trip.
import assert from 'node:assert/strict';
import { deflateSync } from 'node:zlib';
import { test } from 'node:test';
import { explain } from '../../www/core/explain.js';
import {
  addPngText, crc32, exportFileName, exportSettings, historyToCsv, historyToJson, parseHistoryCsv, readPngText,
} from '../../www/core/export.js';
import {
  buildHash, EMBED_HIDDEN, escapeAttribute, hiddenParts, PAGE_KEYS, readPageOptions, shareTexts,
} from '../../www/core/page-options.js';
import { findPreset, PRESET_BASE, presetChanges, presetRunOver, PRESETS } from '../../www/core/presets.js';
import { State, urlParams } from '../../www/core/state.js';

const fromUrl = (url) => State.fromUrl(url, { otherKeys: PAGE_KEYS });

test('a non-default State round-trips exactly through the hash', () => {
  const state = new State().with({
    model: 'alexnet', labelCorruption: 0.3, pixels: 'gaussian', backend: 'cpu', batchSize: 32,
    learningRate: 0.005, lrDecay: 0.9, momentum: 0.5, seed: 4294967295, weightDecay: 0.0005, dropout: 0.25, augment: true,
    batchNorm: false, asset: 'e2e-16px.bin', fitThreshold: 0.05, maxEpochs: 7, corruptions: '0,0.5,1',
  });
  const hash = buildHash(state, { embed: false, hide: [], autoplay: false, preset: null });
  const back = fromUrl(`http://x/#${hash}`);
  assert.deepEqual(back.warnings, []);
  assert.deepEqual(back.state.toObject(), state.toObject());
  assert.equal(buildHash(new State(), readPageOptions(new URLSearchParams()).options), '');
});

test('unknown keys are ignored with one capped warning; page flags are not unknown', () => {
  const { state, warnings } = fromUrl('http://x/#embed=1&hide=model&foo=1&bar=2&__proto__=x&constructor=1&a=1&b=1&c=1');
  assert.deepEqual(state.toObject(), new State().toObject());
  assert.equal(warnings.length, 1);
  assert.match(warnings[0], /^Ignored unknown settings: foo, bar, __proto__, constructor, a and 2 more\.$/);
});

test('a hostile hash: every value refused or clamped, warnings short and few', () => {
  const long = 'x'.repeat(10000);
  const url = `http://x/#model=<script>alert(1)</script>&seed=1e999&batchSize=NaN&learningRate=Infinity&randomLabels=<img src=x onerror=alert(1)>` +
    `&asset=javascript:alert(1).bin&weightDecay=99999999999999999999&${long}=1&k=${long}&preset=<b>&hide=<svg>,model`;
  const { state, warnings } = fromUrl(url);
  assert.equal(state.model, 'mlp');
  assert.equal(state.seed, 1);
  assert.equal(state.batchSize, 128);
  assert.equal(state.learningRate, 0.01);
  assert.equal(state.labelCorruption, 0);
  assert.equal(state.asset, 'cifar10-16px.bin');
  assert.equal(state.weightDecay, 0.1);
  assert.ok(warnings.length <= 9, warnings.length);
  for (const warning of warnings) assert.ok(warning.length < 400, warning.length);
  const page = readPageOptions(urlParams(url));
  assert.equal(page.options.preset, null);
  assert.deepEqual(page.options.hide, ['model']);
  assert.equal(page.warnings.length, 2);
});

test('page flags: embed, hide (whitelisted), autoplay, preset', () => {
  const { options, warnings } = readPageOptions(urlParams('http://x/?embed=1#hide=backend,model,nope&autoplay=true&preset=noise'));
  assert.deepEqual(options, { embed: true, hide: ['backend', 'model'], autoplay: true, preset: 'noise' });
  assert.equal(warnings.length, 1);
  assert.ok(hiddenParts(options).includes('figures'));
  assert.ok(hiddenParts(options).includes('model'));
  for (const part of ['play', 'random-labels', 'random-pixels']) assert.ok(!EMBED_HIDDEN.includes(part), part);
  assert.deepEqual(hiddenParts({ embed: false, hide: ['backend'] }), ['backend']);
  assert.equal(readPageOptions(urlParams('http://x/#embed=maybe')).warnings.length, 1);
});

test('share texts: link, embed URL and an iframe snippet whose URL reproduces the state', () => {
  const state = new State().with({ labelCorruption: 1, seed: 3, asset: 'e2e-16px.bin' });
  const texts = shareTexts('http://h:1/app/?old=1#x=2', state, { autoplay: true, hide: ['backend'] });
  assert.equal(texts.link, 'http://h:1/app/#labelCorruption=1&seed=3&asset=e2e-16px.bin');
  assert.equal(texts.embedUrl, 'http://h:1/app/#labelCorruption=1&seed=3&asset=e2e-16px.bin&embed=1&hide=backend&autoplay=1');
  const src = /src="([^"]+)"/.exec(texts.iframe)[1].replaceAll('&amp;', '&');
  assert.equal(src, texts.embedUrl);
  assert.deepEqual(fromUrl(src).state.toObject(), state.toObject());
  assert.equal(escapeAttribute('"<a>&'), '&quot;&lt;a&gt;&amp;');
});

test('presets: ids unique, every run a valid State change, base resets corruptions and regularizers', () => {
  assert.deepEqual(PRESETS.map((p) => p.id), ['random-labels', 'noise', 'corruption-sweep', 'regularization']);
  for (const preset of PRESETS) {
    assert.ok(preset.runs.length >= 2 && preset.runs.length <= 5, preset.id);
    preset.runs.forEach((_, i) => new State().with(presetChanges(preset, i)));
    assert.equal(presetChanges(preset, preset.runs.length), null);
  }
  const dirty = new State().with({ dropout: 0.5, pixels: 'shuffled', model: 'cnn', seed: 9 });
  const first = dirty.with(presetChanges(findPreset('random-labels'), 0));
  assert.equal(first.dropout, 0);
  assert.equal(first.pixels, 'none');
  assert.equal(first.model, 'cnn', 'the model and seed are kept');
  assert.equal(first.seed, 9);
  assert.equal(dirty.with(presetChanges(findPreset('random-labels'), 1)).labelCorruption, 1);
  const noise = findPreset('noise');
  assert.equal(new State().with(presetChanges(noise, 1)).pixels, 'random');
  assert.equal(new State().with(presetChanges(noise, 2)).pixels, 'gaussian');
  assert.deepEqual(findPreset('corruption-sweep').runs.map((_, i) => presetChanges(findPreset('corruption-sweep'), i).labelCorruption), [0, 0.4, 0.8, 1]);
  const reg = findPreset('regularization');
  assert.deepEqual([0, 1, 2].map((i) => new State().with(presetChanges(reg, i))).map((s) => [s.weightDecay, s.dropout, s.augment, s.labelCorruption]),
    [[0, 0, false, 0], [0.0005, 0.5, true, 0], [0.0005, 0.5, true, 1]]);
  assert.equal(findPreset('nope'), null);
  assert.deepEqual(Object.keys(PRESET_BASE).sort(), ['augment', 'dropout', 'labelCorruption', 'pixels', 'weightDecay']);
});

test('a preset run is over when fitted or at max epochs, never at epoch 0', () => {
  const limits = { fitThreshold: 0.01, maxEpochs: 5 };
  assert.equal(presetRunOver({ epoch: 0, trainError: 0 }, limits), false);
  assert.equal(presetRunOver({ epoch: 2, trainError: 0.5 }, limits), false);
  assert.equal(presetRunOver({ epoch: 2, trainError: 0.01 }, limits), true);
  assert.equal(presetRunOver({ epoch: 5, trainError: 0.5 }, limits), true);
});

test('explain: says what to look for in each setting', () => {
  const say = (changes) => explain(new State().with(changes));
  assert.match(say({}).title, /True labels/);
  assert.match(say({ randomLabels: true }).text, /reach 0 %.*chance \(90 %\)/);
  assert.match(say({ labelCorruption: 0.5 }).title, /p = 0.5/);
  assert.match(say({ pixels: 'gaussian' }).title, /Gaussian/);
  assert.match(say({ randomPixels: true }).title, /Random pixels/);
  assert.match(say({ pixels: 'shuffled' }).title, /Shuffled/);
  assert.match(say({ randomPixels: true, randomLabels: true }).title, /memorization/);
  assert.match(say({ weightDecay: 0.001 }).text, /Regularizers are on/);
  assert.doesNotMatch(say({ model: 'inception', dropout: 0.5 }).text, /Regularizers are on/);
});

const history = [
  { epoch: 0, step: 0, lr: 0.01, trainLoss: 2.3, trainError: 0.9, testLoss: 2.3, testError: 0.9, evalMs: 10, stepsPerSec: null },
  { epoch: 1, step: 4, lr: 0.0099, trainLoss: 2.1, trainError: 0.8, testLoss: 2.2, testError: 0.85, evalMs: 9, stepsPerSec: 20.5, elapsedMs: 300 },
];
const settings = exportSettings({ url: 'http://h/#randomLabels=1', state: { randomLabels: true }, config: { randomLabels: true, seed: 1 }, description: 'random labels, MLP 1×512', backend: 'cpu', when: new Date(0) });

test('CSV and JSON exports carry the settings and the history', () => {
  const json = JSON.parse(historyToJson(history, settings));
  assert.equal(json.settings.url, 'http://h/#randomLabels=1');
  assert.deepEqual(json.settings.config, { randomLabels: true, seed: 1 });
  assert.equal(json.history.length, 2);
  const csv = historyToCsv(history, settings);
  assert.match(csv, /^# rethink run: random labels, MLP 1×512\n# url: http:\/\/h\/#randomLabels=1\n# settings: \{/);
  const parsed = parseHistoryCsv(csv);
  assert.deepEqual(parsed.settings, settings);
  assert.equal(parsed.rows.length, 2);
  assert.equal(parsed.rows[1].testError, 0.85);
  assert.equal(parsed.rows[0].stepsPerSec, null);
  assert.equal(exportFileName(new State().with({ labelCorruption: 1 }), 'csv'), 'rethink-random-labels-mlp-seed1.csv');
});

test('PNG text chunks: added after IHDR with a valid CRC, read back', () => {
  // A 1x1 RGBA PNG built here.
  const chunk = (type, data) => {
    const out = Buffer.alloc(12 + data.length);
    out.writeUInt32BE(data.length, 0);
    out.write(type, 4, 'latin1');
    data.copy(out, 8);
    out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
    return out;
  };
  const ihdr = Buffer.from([0, 0, 0, 1, 0, 0, 0, 1, 8, 6, 0, 0, 0]);
  const png = Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(Buffer.from([0, 255, 0, 0, 255]))), chunk('IEND', Buffer.alloc(0))]);
  assert.equal(crc32(Buffer.from('IEND')), 0xae426082);
  const tagged = addPngText(png, { Title: 'rethink', 'rethink:settings': JSON.stringify(settings) });
  const texts = readPngText(tagged);
  assert.equal(texts.Title, 'rethink');
  assert.equal(JSON.parse(texts['rethink:settings']).url, settings.url);
  assert.equal(String.fromCharCode(...tagged.subarray(37, 41)), 'tEXt', 'right after IHDR');
  assert.throws(() => addPngText(new Uint8Array(10), {}), /not a PNG/);
});

test('the service worker precaches every page file, and the page loads no other module', async () => {
  const { readFile, readdir } = await import('node:fs/promises');
  const www = new URL('../../www/', import.meta.url);
  const sw = await readFile(new URL('sw.js', www), 'utf8');
  const list = JSON.parse(`[${/const PRECACHE = \[([\s\S]*?)\];/.exec(sw)[1].replaceAll("'", '"').replace(/,\s*$/, '')}]`);
  const files = (await readdir(www, { recursive: true }))
    .filter((name) => /\.(js|css|html)$/.test(name) && name !== 'sw.js' && !/^(pkg|data|vendor|examples)\//.test(name));
  for (const file of files) assert.ok(list.includes(file), `${file} is precached`);
  for (const entry of ['./', 'vendor/uplot/uPlot.esm.js', 'vendor/uplot/uPlot.min.css', 'pkg/rethink.js', 'pkg/rethink_bg.wasm']) assert.ok(list.includes(entry), entry);
  assert.match(sw, /const VERSION = '[^']+';/);
});
