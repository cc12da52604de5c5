//! The paper's Figure 1 as data that the CLI (`rethink figure1`) and the page (through
//! `configSchema()`) both use: the five randomizations of (a), and which run of the label
//! corruption sweep (b) measures time to fit against.

use serde::Serialize;

use super::PixelCorruption;

/// One randomization of Figure 1a.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Variant {
    /// Stable name (CSV rows, the page's element keys).
    pub key: &'static str,
    /// Its name for people, as the paper's legend writes it.
    pub label: &'static str,
    /// Label corruption p of the run.
    pub label_corruption: f64,
    /// Image corruption of the run.
    pub pixels: PixelCorruption,
}

/// Figure 1a's variants, in the paper's order.
pub const FIGURE_1A: [Variant; 5] = [
    variant("true", "true labels", 0.0, PixelCorruption::None),
    variant("random-labels", "random labels", 1.0, PixelCorruption::None),
    variant(
        "shuffled",
        "shuffled pixels",
        0.0,
        PixelCorruption::Shuffled,
    ),
    variant("random", "random pixels", 0.0, PixelCorruption::Random),
    variant("gaussian", "Gaussian", 0.0, PixelCorruption::Gaussian),
];

const fn variant(
    key: &'static str,
    label: &'static str,
    label_corruption: f64,
    pixels: PixelCorruption,
) -> Variant {
    Variant {
        key,
        label,
        label_corruption,
        pixels,
    }
}

/// Figure 1b's reference among the sweep's runs `(p, epochs to fit or None)`: the smallest p
/// that fitted after at least one epoch (p = 0 when it fitted). The page's
/// `relativeFitTimes` (www/core/science.js) applies the same rule to its runs.
pub fn sweep_reference(runs: &[(f64, Option<f64>)]) -> Option<(f64, f64)> {
    runs.iter()
        .filter_map(|&(p, epochs)| epochs.filter(|&e| e > 0.0).map(|e| (p, e)))
        .min_by(|a, b| a.0.total_cmp(&b.0))
}

/// Why a figure's run is over.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StopReason {
    /// Its train error reached the threshold.
    Fitted,
    /// It ran out of epochs.
    MaxEpochs,
}

impl StopReason {
    /// Its name in the worker protocol ('done'.reason).
    pub fn name(self) -> &'static str {
        match self {
            StopReason::Fitted => "fitted",
            StopReason::MaxEpochs => "maxEpochs",
        }
    }
}

/// When a run that is trained "until fitted" stops (Figure 1's runs, `rethink train
/// --stop-at-train-error`, the page's figure jobs): at the first evaluation whose train error
/// is at most `train_error`, or once `max_epochs` are done. Checked after every evaluation,
/// epoch 0 included.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct StopRule {
    /// Train error that counts as fitted (none: never fitted).
    pub train_error: Option<f64>,
    /// Epochs after which the run stops anyway (none: no limit).
    pub max_epochs: Option<f64>,
}

impl StopRule {
    /// Why the run is over after an evaluation with `train_error` at `epoch`, or `None`.
    pub fn reason(&self, train_error: f64, epoch: f64) -> Option<StopReason> {
        if self.train_error.is_some_and(|t| train_error <= t) {
            Some(StopReason::Fitted)
        } else if self.max_epochs.is_some_and(|m| epoch >= m) {
            Some(StopReason::MaxEpochs)
        } else {
            None
        }
    }
}
