//! The paper's Sections 4 and 5 for the page (`www/worker/theory-worker.js`): Theorem 1's
//! memorizer and the minimum-norm interpolant, on a [`Dataset`] with a run's data settings
//! (labels, pixels, seed: the same `PreparedData` and standardization as a training run).
//! Each report carries the paper's figure for it ([`crate::theory::paper`]), so the page
//! shows them side by side without a copy of its own.

use serde::Serialize;
use wasm_bindgen::prelude::*;

use super::{Dataset, to_js};
use crate::experiment::PreparedData;
use crate::theory::min_norm::{self, Kernel};
use crate::theory::{Inputs, paper, theorem1};

/// What the page shows of either computation (camelCase in JS).
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct TheoryReport {
    /// Weights of the constructed network (Theorem 1), or coefficients α (n x 10).
    params: usize,
    /// Theorem 1's own count for one output, 2n + d.
    params_per_output: Option<usize>,
    /// Training images n.
    train_count: usize,
    /// Values per image d.
    dim: usize,
    /// Error on the labels fitted to, 0..1.
    train_error: f64,
    /// Error on the test split's true labels, 0..1.
    test_error: f64,
    /// Largest |output − target| over the training images.
    max_residual: f64,
    /// ‖w‖ of the interpolant (minimum norm only).
    norm: Option<f64>,
    /// The kernel, e.g. "Gaussian kernel, γ = 6.5e-4" (minimum norm only).
    kernel: Option<String>,
    /// The paper's figure for the same computation, and the conditions that differ.
    paper: &'static str,
}

/// The standardized inputs of `data` under `config`'s randomizations, and its seed.
fn prepared_inputs(data: &Dataset, config: JsValue) -> Result<(Inputs, u64), JsValue> {
    let config = super::config_from_js(config)?;
    let prepared = PreparedData::new(&data.asset, &config);
    let inputs = Inputs::standardized(&prepared.train, &prepared.test, data.asset.side);
    Ok((inputs, config.seed))
}

/// Builds Theorem 1's network (Section 4) on the training split; returns its report, or
/// throws an `Error` saying why (e.g. two identical training images).
#[wasm_bindgen(js_name = theorem1)]
pub fn theorem1_report(data: &Dataset, config: JsValue) -> Result<JsValue, JsValue> {
    let (inputs, seed) = prepared_inputs(data, config)?;
    let report =
        theorem1::run(&inputs, seed).map_err(|e| super::failure("theory", &e.to_string(), &[]))?;
    to_js(&TheoryReport {
        params: report.params,
        params_per_output: Some(report.params_per_output),
        train_count: report.train_len,
        dim: report.dim,
        train_error: report.train_error,
        test_error: report.test_error,
        max_residual: report.max_residual,
        norm: None,
        kernel: None,
        paper: paper::THEOREM1,
    })
}

/// Solves for the minimum-norm interpolant (Section 5) with the Gaussian kernel on the
/// standardized pixels, as the paper's CIFAR-10 figure does (with more images than pixel
/// values, n > d, no linear map interpolates); returns its report or throws.
#[wasm_bindgen(js_name = minNorm)]
pub fn min_norm_report(data: &Dataset, config: JsValue) -> Result<JsValue, JsValue> {
    let (inputs, _) = prepared_inputs(data, config)?;
    let report = min_norm::run(&inputs, Kernel::Gaussian(None))
        .map_err(|e| super::failure("theory", &e.to_string(), &[]))?;
    let kernel = match report.kernel {
        Kernel::Gaussian(Some(gamma)) => format!("Gaussian kernel, γ = {gamma:.1e}"),
        Kernel::Gaussian(None) => "Gaussian kernel".to_string(),
        Kernel::Linear => "linear".to_string(),
    };
    to_js(&TheoryReport {
        params: report.train_len * crate::data::asset::CLASSES,
        params_per_output: None,
        train_count: report.train_len,
        dim: report.dim,
        train_error: report.train_error,
        test_error: report.test_error,
        max_residual: report.max_residual,
        norm: Some(report.norm),
        kernel: Some(kernel),
        paper: paper::MIN_NORM_GAUSSIAN,
    })
}
