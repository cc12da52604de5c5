// Tests of the option helpers of tests/bench/common.mjs (per-backend and per-cell overrides):
//   node --test tests/bench/
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { perBackend, perCell } from './common.mjs';

test('perBackend: the override of the backend, else the bare default', () => {
  const text = '30,tfjs-cpu=10,jax-webgpu=5';
  assert.equal(perBackend(text, 'tfjs-cpu'), 10);
  assert.equal(perBackend(text, 'rethink-cpu'), 30);
});

test('perCell: a backend/model override wins over the backend one, for that model only', () => {
  const text = '30,jax-wasm=20,jax-wasm/cnn=5,tfjs-webgpu=5';
  assert.equal(perCell(text, 'jax-wasm', 'cnn'), 5);
  assert.equal(perCell(text, 'jax-wasm', 'mlp'), 20);
  assert.equal(perCell(text, 'tfjs-webgpu', 'cnn'), 5);
  assert.equal(perCell(text, 'rethink-cpu', 'cnn'), 30);
  assert.equal(perCell('30,jax-wasm/cnn=5', 'jax-wasm', 'mlp'), 30);
});
