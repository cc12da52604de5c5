//! Runs one experiment epoch by epoch until it fits or runs out of epochs.

use std::time::Instant;

use burn::prelude::Device;
use rethink::data::asset::Asset;
use rethink::experiment::figure1::{StopReason, StopRule};
use rethink::experiment::{EpochMetrics, Experiment, ExperimentConfig};

/// One evaluation of a run, with the wall time since the run started.
#[derive(Clone, Copy, Debug)]
pub struct Row {
    /// Metrics of the evaluation.
    pub metrics: EpochMetrics,
    /// Seconds since the run was created (training and evaluation).
    pub seconds: f64,
}

/// The CSV header matching [`Row::csv`].
pub const CSV_HEADER: &str = "epoch,step,seconds,lr,train_loss,train_error,test_loss,test_error";

impl Row {
    /// `epoch,step,seconds,lr,train_loss,train_error,test_loss,test_error`.
    pub fn csv(&self) -> String {
        let m = &self.metrics;
        format!(
            "{},{},{:.2},{:.6},{:.4},{:.4},{:.4},{:.4}",
            m.epoch,
            m.step,
            self.seconds,
            m.lr,
            m.train_loss,
            m.train_error,
            m.test_loss,
            m.test_error
        )
    }
}

/// A finished run.
pub struct Outcome {
    /// Every evaluation, epoch 0 first.
    pub rows: Vec<Row>,
    /// The first row with train error at or below the threshold, if any.
    pub fitted: Option<Row>,
    /// Model parameters.
    pub params: usize,
    /// Training steps per second, evaluation excluded.
    pub steps_per_second: f64,
}

/// Trains `config` for up to `max_epochs`, stopping at the first evaluation with train
/// error at most `threshold` (when given: the library's `StopRule`, which the page's
/// worker uses too); calls `on_row` after every evaluation.
pub fn run(
    asset: &Asset,
    config: ExperimentConfig,
    device: &Device,
    max_epochs: u64,
    threshold: Option<f64>,
    mut on_row: impl FnMut(&Row),
) -> Result<Outcome, String> {
    let started = Instant::now();
    let mut experiment = Experiment::new(asset, config, device).map_err(|e| e.to_string())?;
    let mut rows = Vec::new();
    let mut training_seconds = 0.0;
    let fitted;
    let rule = StopRule {
        train_error: threshold,
        max_epochs: Some(max_epochs as f64),
    };
    loop {
        let metrics = pollster::block_on(experiment.evaluate()).map_err(|e| e.to_string())?;
        let row = Row {
            metrics,
            seconds: started.elapsed().as_secs_f64(),
        };
        on_row(&row);
        rows.push(row);
        if let Some(reason) = rule.reason(metrics.train_error, metrics.epoch.round()) {
            fitted = (reason == StopReason::Fitted).then_some(row);
            break;
        }
        let t = Instant::now();
        pollster::block_on(experiment.train(experiment.steps_per_epoch()))
            .map_err(|e| e.to_string())?;
        training_seconds += t.elapsed().as_secs_f64();
    }
    let steps = rows.last().map_or(0, |r| r.metrics.step);
    Ok(Outcome {
        rows,
        fitted,
        params: experiment.num_params(),
        steps_per_second: steps as f64 / training_seconds.max(1e-9),
    })
}
