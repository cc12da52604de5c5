//! Failures crossing into JavaScript as `Error` objects with a stable `kind` and their data,
//! so the worker and the page branch on `error.kind`, never on the message's wording.
//!
//! Kinds: the run's own ([`ExperimentError::kind`]: `config`, `device`, `checkpoint`,
//! `diverged` with `step` and `loss`), and `asset` (the data bytes are not a valid asset),
//! `backend` (WebGPU could not start, or an unknown backend name), `theory` (Theorem 1 or the
//! minimum-norm solve refused the data).

use wasm_bindgen::JsValue;

use crate::experiment::ExperimentError;

/// An `Error` with `message`, `kind` and each of `data` as a property.
pub(crate) fn failure(kind: &str, message: &str, data: &[(&str, f64)]) -> JsValue {
    let error = js_sys::Error::new(message);
    // Setting a property on a fresh Error object cannot fail.
    let _ = js_sys::Reflect::set(&error, &"kind".into(), &kind.into());
    for (key, value) in data {
        let _ = js_sys::Reflect::set(&error, &(*key).into(), &JsValue::from_f64(*value));
    }
    error.into()
}

/// The JS error for a run's failure (a diverged run also carries `step` and `loss`).
pub(crate) fn run_failure(error: &ExperimentError) -> JsValue {
    let message = error.to_string();
    match error {
        ExperimentError::Diverged { step, loss } => failure(
            error.kind(),
            &message,
            &[("step", *step as f64), ("loss", *loss)],
        ),
        _ => failure(error.kind(), &message, &[]),
    }
}
