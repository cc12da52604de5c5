// The example blog post's script: it drives the embedded rethink page with postMessage (so the
// blog may live on any other origin) and shows what the embed answers. The protocol is in
// README.md ("Embed mode"): send {type: 'rethink:command', id, command, ...}, get back
// {type: 'rethink:result' | 'rethink:error', id, ...}, plus 'rethink:ready' once and
// 'rethink:epoch' after every evaluation.

const frame = document.getElementById('rethink');
// The embed's origin: commands are sent only there, and only its messages are read.
const embedOrigin = new URL(frame.src).origin;
const buttons = document.querySelectorAll('button[data-state], button[data-command]');
const latest = document.getElementById('latest');
const log = document.getElementById('log');
let nextId = 1;

// Send one command to the embed; `fields` is `{ state }` for setState, `{ preset }` for preset.
function send(command, fields = {}) {
  const message = { type: 'rethink:command', id: nextId++, command, ...fields };
  frame.contentWindow.postMessage(message, embedOrigin);
  note(`#${message.id} sent ${command}${fields.state ? ` ${JSON.stringify(fields.state)}` : ''}`);
}

// A line in the list under the post (text only, and only the last 20 lines).
function note(text) {
  const item = document.createElement('li');
  item.textContent = text;
  log.append(item);
  while (log.children.length > 20) log.firstElementChild.remove();
}

// The setting a run trains on, in words, from the State the embed sends.
function describe(state) {
  if (state.pixels === 'random') return 'random pixels';
  return state.labelCorruption >= 1 ? 'random labels' : 'true labels';
}

const percent = (fraction) => `${(100 * fraction).toFixed(1)} %`;

window.addEventListener('message', (event) => {
  // Other scripts and frames on a blog post messages too: read only the embed's.
  if (event.source !== frame.contentWindow || event.origin !== embedOrigin) return;
  const message = event.data;
  switch (message?.type) {
    case 'rethink:ready': // the first run is ready (its epoch 0 follows): the embed takes commands
      for (const button of buttons) button.disabled = false;
      note(`ready (${message.backend}, ${describe(message.state)})`);
      break;
    case 'rethink:epoch': {
      const { epoch, trainError, testError } = message.metrics;
      latest.textContent = `Epoch ${epoch} on ${describe(message.state)}: training error ${percent(trainError)}, test error ${percent(testError)}.`;
      if (epoch === 0) note(`a new run started: ${describe(message.state)}`);
      break;
    }
    case 'rethink:result':
      note(`#${message.id} ${message.command}: done`);
      break;
    case 'rethink:error':
      note(`#${message.id} ${message.command}: refused (${message.message})`);
      break;
    default:
      break;
  }
});

// Each button changes the run (data-state: State fields) and trains, or sends one command.
for (const button of buttons) {
  button.addEventListener('click', () => {
    if (button.dataset.command) return send(button.dataset.command);
    send('setState', { state: JSON.parse(button.dataset.state) });
    return send('play');
  });
}
