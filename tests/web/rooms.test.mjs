// The tree of www/ shows the page's layers (docs/ARCHITECTURE.md): core/ (pure state and science),
// worker/ (the workers and the page's side of their protocol), run/, figures/, share/, ui/. Two
// rules keep the rooms honest: core/ and worker/ touch no DOM, and import only from core/ and
// worker/ (worker/ may import core/, core/ only core/), besides the generated pkg/ and vendor/.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const WWW = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../www');

/** Every relative import of `room`'s modules, as a path under www/ (e.g. 'core/science.js'). */
function importsOf(room) {
  const out = [];
  for (const file of readdirSync(path.join(WWW, room)).filter((f) => f.endsWith('.js'))) {
    const text = readFileSync(path.join(WWW, room, file), 'utf8');
    const specifiers = [...text.matchAll(/\bfrom\s*'([^']+)'|\bimport\(\s*'([^']+)'|new URL\(\s*'([^']+)',\s*import\.meta\.url/g)]
      .map((m) => m[1] ?? m[2] ?? m[3]);
    for (const specifier of specifiers) out.push({ file: `${room}/${file}`, target: path.posix.normalize(path.posix.join(room, specifier)), text });
  }
  return out;
}

test('the rooms exist and the root holds only the entry points', () => {
  const top = readdirSync(WWW).filter((f) => f.endsWith('.js')).sort();
  assert.deepEqual(top, ['boot.js', 'main.js', 'sw.js']);
  for (const room of ['core', 'worker', 'run', 'figures', 'share', 'ui']) assert.ok(readdirSync(path.join(WWW, room)).length > 0, room);
});

test('core/ is pure: no DOM, and it imports only core/ and the generated schema', () => {
  for (const { file, target } of importsOf('core')) assert.match(target, /^(core\/|pkg\/config-schema\.js$)/, `${file} imports ${target}`);
  for (const file of readdirSync(path.join(WWW, 'core'))) {
    const code = readFileSync(path.join(WWW, 'core', file), 'utf8').replace(/\/\/.*|\/\*[\s\S]*?\*\//g, '');
    assert.doesNotMatch(code, /\bdocument\b|\bwindow\b/, `core/${file} touches the DOM`);
  }
});

test('worker/ imports nothing from the page\'s DOM side', () => {
  const imports = importsOf('worker');
  assert.ok(imports.length > 5);
  for (const { file, target } of imports) assert.match(target, /^(worker\/|core\/|pkg\/|vendor\/)/, `${file} imports ${target}`);
  for (const file of readdirSync(path.join(WWW, 'worker'))) {
    const code = readFileSync(path.join(WWW, 'worker', file), 'utf8').replace(/\/\/.*|\/\*[\s\S]*?\*\//g, '');
    assert.doesNotMatch(code, /\bdocument\b/, `worker/${file} touches the DOM`);
  }
});
