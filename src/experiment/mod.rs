//! One run: a config, the randomized data on a device, a model and its trainer. This is
//! what the browser (`web.rs`), the native CLI and the tests drive.

mod config;
pub mod figure1;
mod prepared;
pub mod settings;

pub use config::{ExperimentConfig, PixelCorruption};
pub use prepared::PreparedData;

use burn::prelude::*;
use serde::Serialize;

use crate::data::asset::{Asset, Split};
use crate::data::normalize::ChannelStats;
use crate::train::{Checkpoint, DeviceSplit, TrainError, Trainer};

/// Metrics of one evaluation, as sent to the page and written to CSV.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct EpochMetrics {
    /// Epochs completed (fractional inside an epoch).
    pub epoch: f64,
    /// SGD steps taken.
    pub step: u64,
    /// Learning rate in effect.
    pub lr: f64,
    /// Mean cross-entropy on the (possibly corrupted) training labels.
    pub train_loss: f64,
    /// Error on the training labels the network is fitted to, 0..1.
    pub train_error: f64,
    /// Mean cross-entropy on the test set (true labels).
    pub test_loss: f64,
    /// Error on the test set (true labels), 0..1; chance is 0.9.
    pub test_error: f64,
}

/// Progress of a batch of training steps.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct StepReport {
    /// SGD steps taken in total.
    pub step: u64,
    /// Epochs completed (fractional).
    pub epoch: f64,
    /// Mean training loss of the steps just run.
    pub mean_loss: f64,
}

/// Why a run stopped.
#[derive(Debug, thiserror::Error)]
pub enum ExperimentError {
    /// A setting the run cannot work with (see [`ExperimentConfig::validate`]).
    #[error("invalid experiment config: {0}")]
    InvalidConfig(String),
    /// The device failed.
    #[error(transparent)]
    Train(#[from] TrainError),
    /// A checkpoint taken from another model or config.
    #[error("the checkpoint does not fit this run: {0}")]
    Checkpoint(String),
    /// The loss became NaN or infinite.
    #[error("training diverged at step {step}: the loss is {loss}; try a lower learning rate")]
    Diverged {
        /// Step at which it was noticed.
        step: u64,
        /// The non-finite loss.
        loss: f64,
    },
}

impl ExperimentError {
    /// A stable name for the kind of failure, for callers that branch on it (the page gets it
    /// as `error.kind`): `config`, `device`, `checkpoint` or `diverged`.
    pub fn kind(&self) -> &'static str {
        match self {
            ExperimentError::InvalidConfig(_) => "config",
            ExperimentError::Train(TrainError::Device(_)) => "device",
            ExperimentError::Checkpoint(_) => "checkpoint",
            ExperimentError::Diverged { .. } => "diverged",
        }
    }
}

/// A run in progress.
pub struct Experiment {
    config: ExperimentConfig,
    trainer: Trainer,
    train: DeviceSplit,
    test: DeviceSplit,
    /// The training images and labels as the network sees them (before standardization).
    seen_train: Split,
    true_train_labels: Vec<u8>,
    side: usize,
}

impl Experiment {
    /// Validates `config`, randomizes `asset` as it says (see [`PreparedData`]),
    /// standardizes with the training split's channel statistics, uploads both splits to
    /// `device` and initializes the model on `device.autodiff()`.
    pub fn new(
        asset: &Asset,
        config: ExperimentConfig,
        device: &Device,
    ) -> Result<Experiment, ExperimentError> {
        config.validate().map_err(ExperimentError::InvalidConfig)?;
        let data = PreparedData::new(asset, &config);
        let side = asset.side;
        let stats = ChannelStats::of(&data.train.pixels, side);
        let upload = |split: &Split| {
            DeviceSplit::upload(
                stats.normalize(&split.pixels, side),
                &split.labels,
                side,
                device,
            )
        };
        let (train, test) = (upload(&data.train), upload(&data.test));
        let model = config.model.init_seeded(
            side,
            config.model_options(),
            config.seed,
            &device.clone().autodiff(),
        );
        let trainer = Trainer::new(
            model,
            train.clone(),
            config.train.clone(),
            config.seed,
            device,
        );
        Ok(Experiment {
            config,
            trainer,
            train,
            test,
            seen_train: data.train,
            true_train_labels: asset.train.labels.clone(),
            side,
        })
    }

    /// The run's settings.
    pub fn config(&self) -> &ExperimentConfig {
        &self.config
    }

    /// Mini-batches per epoch.
    pub fn steps_per_epoch(&self) -> u64 {
        self.trainer.steps_per_epoch()
    }

    /// Number of trainable parameters of the model.
    pub fn num_params(&self) -> usize {
        use burn::module::Module;
        self.trainer.model().num_params()
    }

    /// Runs `steps` SGD steps and reads back their mean loss once.
    pub async fn train(&mut self, steps: u64) -> Result<StepReport, ExperimentError> {
        self.trainer.run(steps);
        let mean_loss = self.trainer.take_mean_loss().await?.unwrap_or(f64::NAN);
        let step = self.trainer.step();
        if steps > 0 && !mean_loss.is_finite() {
            return Err(ExperimentError::Diverged {
                step,
                loss: mean_loss,
            });
        }
        Ok(StepReport {
            step,
            epoch: self.trainer.epoch(),
            mean_loss,
        })
    }

    /// Loss and error on the whole training split (its labels as trained) and test split.
    pub async fn evaluate(&self) -> Result<EpochMetrics, ExperimentError> {
        let scores = self.trainer.evaluate(&[&self.train, &self.test]).await?;
        let (train, test) = (scores[0], scores[1]);
        if !train.loss.is_finite() {
            let step = self.trainer.step();
            return Err(ExperimentError::Diverged {
                step,
                loss: train.loss,
            });
        }
        Ok(EpochMetrics {
            epoch: self.trainer.epoch(),
            step: self.trainer.step(),
            lr: self.trainer.learning_rate(),
            train_loss: train.loss,
            train_error: train.error,
            test_loss: test.loss,
            test_error: test.error,
        })
    }

    /// Every value of the model at the current step, read back in one transfer.
    pub async fn checkpoint(&self) -> Result<Checkpoint, ExperimentError> {
        Ok(self.trainer.checkpoint().await?)
    }

    /// Continues from `checkpoint`, taken from a run with the same config (on any device):
    /// same weights, step, learning rate and mini-batch order; momentum restarts from zero.
    pub fn restore(&mut self, checkpoint: &Checkpoint) -> Result<(), ExperimentError> {
        self.trainer
            .restore(checkpoint)
            .map_err(ExperimentError::Checkpoint)
    }

    /// `count` training images evenly spaced over the split, as the network sees them,
    /// with the labels it is fitted to, their true labels and its current predictions.
    pub async fn samples(&self, count: usize) -> Result<Samples, ExperimentError> {
        let len = self.seen_train.len();
        let count = count.min(len);
        let picks: Vec<usize> = (0..count).map(|i| i * len / count.max(1)).collect();
        let image_len = 3 * self.side * self.side;
        let mut pixels = Vec::with_capacity(count * image_len);
        for &i in &picks {
            pixels.extend_from_slice(&self.seen_train.pixels[i * image_len..(i + 1) * image_len]);
        }
        let predictions = self.trainer.predict(&self.train, &picks).await?;
        Ok(Samples {
            side: self.side,
            count,
            pixels,
            labels: picks.iter().map(|&i| self.seen_train.labels[i]).collect(),
            true_labels: picks.iter().map(|&i| self.true_train_labels[i]).collect(),
            predictions,
        })
    }
}

/// A few training images as the network sees them (see [`Experiment::samples`]).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Samples {
    /// Image side in pixels.
    pub side: usize,
    /// Number of images.
    pub count: usize,
    /// `[count, 3, side, side]` values 0..255, after the pixel randomization.
    pub pixels: Vec<u8>,
    /// The labels the network is trained on (after label corruption).
    pub labels: Vec<u8>,
    /// The true CIFAR-10 classes.
    pub true_labels: Vec<u8>,
    /// The model's current prediction for each image.
    pub predictions: Vec<u8>,
}
