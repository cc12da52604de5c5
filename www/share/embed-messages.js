// The embed's postMessage protocol: a host page on any origin drives the page inside its
// <iframe> with the same functions as `window.rethink` (api.js), so a command is validated
// exactly like `rethink.setState` / `rethink.preset` and a refused one changes nothing.
//
// Host -> embed (only messages whose `event.source` is `window.parent` are read; any origin):
//   { type: 'rethink:command', id, command: 'setState', state: { labelCorruption: 1 } }
//   { type: 'rethink:command', id, command: 'play' | 'pause' | 'reset' }
//   { type: 'rethink:command', id, command: 'preset', preset: 'noise' }
// `id` (optional, a string or a number) comes back in the reply. No other field is allowed.
// Embed -> host, to `event.origin` of the command ('*' when that origin is opaque, 'null'):
//   { type: 'rethink:result', id, command, ok: true, state }       state: the State after it
//   { type: 'rethink:error', id, command, ok: false, message }     nothing was changed
// Any `rethink:` message that is not a well-formed command (an unknown type or command, a
// missing or extra field, an unknown State field, a bad value, an unknown preset) gets a
// `rethink:error`. Messages not addressed to rethink (no `type` string starting `rethink:`,
// e.g. other libraries' messages) and the embed's own reply and announcement types are ignored.
// Embed -> host, to '*' (they hold only the run's public settings and metrics):
//   { type: 'rethink:ready', protocol: 1, commands, state, backend }   once, after the first run's
//                                  epoch 0 is evaluated ("Ready: press Play"); commands are read
//                                  from the moment the page's controls are live, before it
//   { type: 'rethink:epoch', metrics, state, backend }   after every evaluation (metrics: the
//                                  evaluation plus `runId`, which changes with every new run)
// The decisions (`answer`, `readyMessage`, `epochMessage`, `replyOrigin`) are pure; only
// `connectToParent` touches a window. Tests: tests/web/embed-messages.test.mjs.

/** The version of this protocol, sent in `rethink:ready`. */
export const PROTOCOL = 1;

/** The message types of the protocol. */
export const TYPES = Object.freeze({
  command: 'rethink:command',
  result: 'rethink:result',
  error: 'rethink:error',
  ready: 'rethink:ready',
  epoch: 'rethink:epoch',
});

// Each command: the one extra field it takes (if any) and the window.rethink call it makes.
const COMMANDS = {
  setState: { field: 'state', run: (api, value) => api.setState(value) },
  play: { run: (api) => api.play() },
  pause: { run: (api) => api.pause() },
  reset: { run: (api) => api.reset() },
  preset: { field: 'preset', run: (api, value) => api.preset(value) },
};

/** The command names a host may send. */
export const COMMAND_NAMES = Object.freeze(Object.keys(COMMANDS));

// Types the embed itself sends: never answered (a host echoing messages back cannot start a loop).
const OWN_TYPES = new Set([TYPES.result, TYPES.error, TYPES.ready, TYPES.epoch]);

const isPlainObject = (value) => value !== null && typeof value === 'object' && !Array.isArray(value);
const short = (text) => (String(text).length > 40 ? `${String(text).slice(0, 40)}…` : String(text));

/**
 * The reply to a message `data` from the parent window, running its command on `api` (the
 * object installed as window.rethink), or null when the message is not for rethink.
 */
export function answer(data, api) {
  if (!isPlainObject(data) || typeof data.type !== 'string' || !data.type.startsWith('rethink:')) return null;
  if (OWN_TYPES.has(data.type)) return null;
  const hasId = typeof data.id === 'string' || (typeof data.id === 'number' && Number.isFinite(data.id));
  const id = hasId ? data.id : null;
  const command = typeof data.command === 'string' ? data.command : null;
  const fail = (message) => ({ type: TYPES.error, id, command, ok: false, message });
  if (data.type !== TYPES.command) return fail(`unknown message type ${short(data.type)}: send {type: '${TYPES.command}', command, …}`);
  if (data.id !== undefined && !hasId) return fail('id must be a string or a number');
  if (command === null || !Object.hasOwn(COMMANDS, command)) return fail(`unknown command ${short(data.command)}: expected one of ${COMMAND_NAMES.join(', ')}`);
  const { field, run } = COMMANDS[command];
  const extra = Object.keys(data).filter((key) => !['type', 'id', 'command', field].includes(key));
  if (extra.length > 0) return fail(`unexpected field${extra.length > 1 ? 's' : ''} in a ${command} command: ${extra.slice(0, 3).map(short).join(', ')}`);
  if (field && !Object.hasOwn(data, field)) return fail(`a ${command} command needs a '${field}' field`);
  try {
    run(api, field ? data[field] : undefined);
  } catch (error) {
    return fail(String(error?.message ?? error));
  }
  return { type: TYPES.result, id, command, ok: true, state: api.state() };
}

/** The `rethink:ready` message for a page showing `state` on `backend` ('cpu' | 'webgpu'). */
export function readyMessage(state, backend) {
  return { type: TYPES.ready, protocol: PROTOCOL, commands: [...COMMAND_NAMES], state, backend };
}

/** The `rethink:epoch` message for one evaluation (`metrics` with its `runId`). */
export function epochMessage(metrics, state, backend) {
  return { type: TYPES.epoch, metrics, state, backend };
}

/** The targetOrigin for a reply to a message from `origin` (an opaque origin, 'null', can only be reached with '*'). */
export function replyOrigin(origin) {
  return origin === 'null' ? '*' : origin;
}

/**
 * Answer the parent window's commands with `api` (window.rethink) and announce the run to it.
 * `win` is the framed page's window, `backend()` the current run's backend (null before it is
 * ready). Returns { epoch(metrics) }: post `rethink:epoch`, preceded by `rethink:ready` the first time.
 */
export function connectToParent({ win, api, backend }) {
  const parent = win.parent;
  win.addEventListener('message', (event) => {
    if (event.source !== parent) return; // a worker, another frame, or the page itself
    const reply = answer(event.data, api);
    if (reply) event.source.postMessage(reply, replyOrigin(event.origin));
  });
  let ready = false;
  return {
    epoch(metrics) {
      if (!ready) {
        ready = true;
        parent.postMessage(readyMessage(api.state(), backend()), '*');
      }
      parent.postMessage(epochMessage(metrics, api.state(), backend()), '*');
    },
  };
}
