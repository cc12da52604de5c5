// Worker side: readable messages for what stopped a run. A Rust panic traps out of wasm as a bare
// "RuntimeError: unreachable" (the panic hook, console_error_panic_hook, logged the real message
// just before: keep it); errors from wgpu carry "Caused by:" chains, JS stacks and backtraces.

let lastPanic = null; // the last "panicked at ..." text logged, if any

/** Wrap console.error once to remember the last Rust panic message it logs. */
export function recordPanics() {
  if (console.error.rethinkPanics) return;
  const original = console.error.bind(console);
  const wrapped = (...args) => {
    const text = String(args[0] ?? '');
    if (text.startsWith('panicked at')) lastPanic = text;
    original(...args);
  };
  wrapped.rethinkPanics = true;
  console.error = wrapped;
}

/** A readable message for what stopped a worker: a trapped panic (with the logged `panic`), else `message`, cleaned. */
export function describeCrash(error, message, panic = lastPanic) {
  const trapped = typeof WebAssembly !== 'undefined' && error instanceof WebAssembly.RuntimeError;
  if (!trapped) return cleanMessage(message);
  const where = panic ? cleanMessage(panic.split('\n\nStack:')[0].replace(/^panicked at\s*/, '')) : cleanMessage(message);
  return `the WebAssembly module crashed (Rust panic: ${where})`;
}

/**
 * One short line from a multi-line error text: no JS stack frames, no backtrace, no "Caused by:"
 * headers, no line that only repeats an earlier one, no JsValue(...) wrapper; at most `max` characters.
 */
export function cleanMessage(text, max = 300) {
  const lines = String(text ?? '').replace(/JsValue\(/g, '').split('\n').map((line) => line.trim());
  const end = lines.findIndex((line) => /^(Backtrace|Stack):?$/.test(line));
  const kept = [];
  for (const line of end < 0 ? lines : lines.slice(0, end)) {
    if (!line || /^at /.test(line) || /^Caused by:?$/.test(line)) continue;
    if (kept.some((earlier) => earlier.includes(line.replace(/^Error: /, '')))) continue;
    kept.push(line);
  }
  const joined = kept.reduce((text, line) => (text ? `${text}${text.endsWith(':') ? ' ' : '; '}${line}` : line), '');
  return joined.length > max ? `${joined.slice(0, max - 1)}…` : joined;
}

/**
 * Kinds of Rust failure (src/web/error.rs) after which the module may be unusable, and whose
 * WebGPU runs the page continues on the CPU: they end as 'fatal'.
 */
const DEVICE_KINDS = ['device', 'backend'];

/**
 * The fields of an 'error' message ({ kind, message, step?, loss? }) for a run's own failure (a
 * refused setting, a diverging loss: the worker and its module stay), or null when `error` is a
 * crash or a failing device or backend (a 'fatal').
 */
export function runFailure(error) {
  if (typeof error?.kind !== 'string' || DEVICE_KINDS.includes(error.kind)) return null;
  const data = Object.fromEntries(['step', 'loss'].filter((key) => typeof error[key] === 'number').map((key) => [key, error[key]]));
  return { kind: error.kind, message: cleanMessage(String(error.message ?? error.kind)), ...data };
}
