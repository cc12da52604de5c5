//! Figure 1's rules, exported so that the page's worker and tests use Rust's, the ones
//! `rethink figure1` uses (`rethink::experiment::figure1`).

use wasm_bindgen::prelude::*;

use crate::experiment::figure1::{StopRule, sweep_reference};

/// Why a run trained "until fitted" is over after an evaluation with `train_error` at
/// `epoch` (`StopRule`): `"fitted"`, `"maxEpochs"`, or `undefined` while it goes on.
/// `threshold` and `max_epochs` may be absent.
#[wasm_bindgen(js_name = stopReason)]
pub fn stop_reason(
    train_error: f64,
    epoch: f64,
    threshold: Option<f64>,
    max_epochs: Option<f64>,
) -> Option<String> {
    let rule = StopRule {
        train_error: threshold,
        max_epochs,
    };
    rule.reason(train_error, epoch)
        .map(|reason| reason.name().to_string())
}

/// The p of Figure 1b's reference run among runs with label corruption `ps[i]` fitted after
/// `epochs[i]` epochs (NaN: not fitted), or `undefined` when none fitted (`sweep_reference`).
#[wasm_bindgen(js_name = sweepReference)]
pub fn sweep_reference_p(ps: Vec<f64>, epochs: Vec<f64>) -> Option<f64> {
    let runs: Vec<(f64, Option<f64>)> = ps
        .into_iter()
        .zip(epochs)
        .map(|(p, e)| (p, (!e.is_nan()).then_some(e)))
        .collect();
    sweep_reference(&runs).map(|(p, _)| p)
}
