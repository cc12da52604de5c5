// Tests of www/share/embed-messages.js (the embed's postMessage protocol) over the real window.rethink
// object (api.js createApi) and State, so a command is checked by the API's own validation.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createApi } from '../../www/share/api.js';
import { answer, COMMAND_NAMES, connectToParent, epochMessage, readyMessage, replyOrigin, TYPES } from '../../www/share/embed-messages.js';
import { State } from '../../www/core/state.js';

// A page: the State, the calls the API made, and the API over them (as main.js wires it).
function fakePage() {
  const page = { state: new State(), calls: [] };
  page.api = createApi({
    getState: () => page.state,
    changeState: (changes) => {
      page.state = page.state.with(changes);
      page.calls.push('changeState');
    },
    setPlaying: (playing) => page.calls.push(playing ? 'play' : 'pause'),
    newRun: () => page.calls.push('reset'),
    history: () => [],
    startPreset: (id) => page.calls.push(`preset:${id}`),
  });
  return page;
}

const command = (name, extra = {}) => ({ type: TYPES.command, id: 7, command: name, ...extra });

test('messages not addressed to rethink, and the embed\'s own messages, are ignored', () => {
  const page = fakePage();
  const others = [
    null, undefined, 'rethink:command', 42, [], [TYPES.command], {}, { type: 'webpackOk' }, { type: 'resize', height: 300 },
    { type: 42, command: 'play' }, { command: 'play' }, { type: 'RETHINK:command', command: 'play' }, { type: 'xrethink:command', command: 'play' },
    { type: TYPES.result, id: 1, ok: true }, { type: TYPES.error, id: 1 }, { type: TYPES.ready }, { type: TYPES.epoch, metrics: {} },
  ];
  for (const data of others) assert.equal(answer(data, page.api), null, JSON.stringify(data));
  assert.deepEqual(page.calls, []);
});

test('setState changes the State through the API and replies with the new State', () => {
  const page = fakePage();
  const reply = answer(command('setState', { state: { randomLabels: true, seed: 3 } }), page.api);
  assert.deepEqual(reply, { type: TYPES.result, id: 7, command: 'setState', ok: true, state: page.state.toObject() });
  assert.equal(page.state.labelCorruption, 1, 'the older randomLabels name still works');
  assert.equal(page.state.seed, 3);
  assert.deepEqual(page.calls, ['changeState']);
  assert.doesNotThrow(() => structuredClone(reply), 'the reply can be posted');
});

test('play, pause, reset and preset make their call and reply with the State', () => {
  const page = fakePage();
  for (const name of ['play', 'pause', 'reset']) assert.equal(answer(command(name), page.api).ok, true, name);
  const preset = answer(command('preset', { preset: 'noise' }), page.api);
  assert.equal(preset.type, TYPES.result);
  assert.equal(preset.command, 'preset');
  assert.deepEqual(page.calls, ['play', 'pause', 'reset', 'preset:noise']);
  assert.deepEqual(COMMAND_NAMES, ['setState', 'play', 'pause', 'reset', 'preset']);
});

test('the id comes back as sent; a reply without one carries id null', () => {
  const page = fakePage();
  assert.equal(answer({ type: TYPES.command, id: 'abc', command: 'play' }, page.api).id, 'abc');
  assert.equal(answer({ type: TYPES.command, id: 0, command: 'play' }, page.api).id, 0);
  assert.equal(answer({ type: TYPES.command, command: 'play' }, page.api).id, null);
  assert.equal(answer({ type: TYPES.command, id: 3, command: 'fly' }, page.api).id, 3, 'an error reply carries it too');
});

test('a refused State change (unknown field, bad value, not an object) replies with the API\'s error and changes nothing', () => {
  const cases = [
    [{ randomLabels: true, bogus: 1 }, /unknown state field: bogus/],
    [{ batchSize: 'abc' }, /invalid batchSize: expected an integer/],
    [{ model: 'resnet' }, /invalid model: expected one of mlp/],
    [{ asset: '../secret.bin' }, /invalid asset/],
    [{ ['__proto__']: { seed: 2 } }, /unknown state field: __proto__/],
    ['randomLabels=1', /setState expects an object/],
    [['randomLabels'], /setState expects an object/],
    [null, /setState expects an object/],
  ];
  for (const [state, pattern] of cases) {
    const page = fakePage();
    const before = page.state.toObject();
    const reply = answer(command('setState', { state }), page.api);
    assert.equal(reply.type, TYPES.error, JSON.stringify(state));
    assert.equal(reply.ok, false);
    assert.equal(reply.command, 'setState');
    assert.match(reply.message, pattern);
    assert.deepEqual(page.state.toObject(), before, 'the State is unchanged');
    assert.deepEqual(page.calls, []);
    // The same message as window.rethink.setState throws: one validation, not two.
    assert.throws(() => page.api.setState(state), (error) => error.message === reply.message);
  }
});

test('malformed commands get an error reply and make no call', () => {
  const cases = [
    [{ type: 'rethink:comand', command: 'play' }, /unknown message type rethink:comand/],
    [{ type: TYPES.command }, /unknown command undefined: expected one of setState, play, pause, reset, preset/],
    [{ type: TYPES.command, command: 'fly' }, /unknown command fly/],
    [{ type: TYPES.command, command: 'toString' }, /unknown command toString/],
    [{ type: TYPES.command, command: ['play'] }, /unknown command play/],
    [{ type: TYPES.command, command: 'setState' }, /a setState command needs a 'state' field/],
    [{ type: TYPES.command, command: 'preset' }, /a preset command needs a 'preset' field/],
    [{ type: TYPES.command, command: 'play', state: { randomLabels: true } }, /unexpected field in a play command: state/],
    [{ type: TYPES.command, command: 'setState', state: {}, preset: 'noise', x: 1 }, /unexpected fields in a setState command: preset, x/],
    [{ type: TYPES.command, command: 'preset', preset: 'nope' }, /unknown preset: nope/],
    [{ type: TYPES.command, command: 'preset', preset: { id: 'noise' } }, /unknown preset/],
    [{ type: TYPES.command, id: { n: 1 }, command: 'play' }, /id must be a string or a number/],
    [{ type: TYPES.command, id: Number.NaN, command: 'play' }, /id must be a string or a number/],
    [{ type: TYPES.command, command: `x${'y'.repeat(1000)}` }, /unknown command xy{39}…: /],
  ];
  for (const [data, pattern] of cases) {
    const page = fakePage();
    const reply = answer(data, page.api);
    assert.equal(reply?.type, TYPES.error, JSON.stringify(data).slice(0, 80));
    assert.match(reply.message, pattern);
    assert.ok(reply.message.length < 200, 'the message stays short');
    assert.deepEqual(page.calls, [], JSON.stringify(data).slice(0, 80));
    assert.deepEqual(page.state.toObject(), new State().toObject());
  }
});

test('ready and epoch messages carry the State and the backend', () => {
  const state = new State().toObject();
  assert.deepEqual(readyMessage(state, 'cpu'), { type: 'rethink:ready', protocol: 1, commands: COMMAND_NAMES, state, backend: 'cpu' });
  assert.deepEqual(epochMessage({ epoch: 2, runId: 4 }, state, 'webgpu'), { type: 'rethink:epoch', metrics: { epoch: 2, runId: 4 }, state, backend: 'webgpu' });
});

test('a reply goes to the sender\'s origin; an opaque origin can only be reached with *', () => {
  assert.equal(replyOrigin('https://blog.example'), 'https://blog.example');
  assert.equal(replyOrigin('http://127.0.0.1:8080'), 'http://127.0.0.1:8080');
  assert.equal(replyOrigin('null'), '*');
});

test('connectToParent answers only the parent window, to its origin, and posts ready once before the epochs', () => {
  const posted = [];
  const poster = (name) => ({ postMessage: (data, origin) => posted.push({ to: name, data, origin }) });
  const parent = poster('parent');
  const sibling = poster('sibling');
  const listeners = [];
  const win = { parent, addEventListener: (type, listener) => listeners.push([type, listener]) };
  const page = fakePage();
  let backend = null;
  const link = connectToParent({ win, api: page.api, backend: () => backend });
  assert.deepEqual(listeners.map(([type]) => type), ['message']);
  const deliver = (source, data, origin = 'https://blog.example') => listeners[0][1]({ source, data, origin });

  deliver(sibling, command('pause'));
  deliver(win, command('pause'));
  deliver(null, command('pause'));
  assert.deepEqual(posted, []);
  assert.deepEqual(page.calls, [], 'only the parent is obeyed');

  deliver(parent, { type: 'other-library', hello: 1 });
  assert.deepEqual(posted, [], 'no reply to a message for someone else');

  deliver(parent, command('setState', { state: { randomPixels: true } }));
  deliver(parent, command('setState', { state: { nope: 1 } }), 'null');
  assert.deepEqual(posted.map(({ to, data, origin }) => [to, data.type, origin]), [
    ['parent', TYPES.result, 'https://blog.example'],
    ['parent', TYPES.error, '*'],
  ]);
  assert.equal(page.state.pixels, 'random');

  posted.length = 0;
  backend = 'cpu';
  link.epoch({ epoch: 0, runId: 1 });
  link.epoch({ epoch: 1, runId: 1 });
  assert.deepEqual(posted.map(({ data, origin }) => [data.type, data.metrics?.epoch, origin]), [
    [TYPES.ready, undefined, '*'],
    [TYPES.epoch, 0, '*'],
    [TYPES.epoch, 1, '*'],
  ]);
  assert.equal(posted[0].data.backend, 'cpu');
  assert.equal(posted[0].data.state.pixels, 'random');
  assert.equal(posted[2].data.state.pixels, 'random');
});
