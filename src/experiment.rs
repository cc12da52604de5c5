//! One run: a config, the randomized data on a device, a model and its trainer. This is
//! what the browser (`web.rs`), the native CLI and the tests drive.

use burn::prelude::*;
use serde::{Deserialize, Serialize};

use crate::data::asset::{Asset, Split};
use crate::data::normalize::ChannelStats;
use crate::data::randomize::{
    corrupt_labels, gaussian_images, permute_pixels_per_image, shuffle_pixels_fixed,
};
use crate::model::ModelKind;
use crate::train::{DeviceSplit, TrainConfig, TrainError, Trainer};

/// What happens to the images of both splits (Zhang et al. 2017, section 2).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PixelCorruption {
    /// The true images.
    #[default]
    None,
    /// One random permutation of pixel positions, the same for every image.
    Shuffled,
    /// An independent random permutation of pixel positions per image.
    Random,
    /// Gaussian noise with the training set's per-channel mean and variance.
    Gaussian,
}

/// Everything that defines a run, besides the data asset and the device.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct ExperimentConfig {
    /// Network to train.
    pub model: ModelKind,
    /// Replace every training label by a uniformly random class (label corruption p = 1).
    pub random_labels: bool,
    /// Label corruption probability p in 0..1, used when `random_labels` is off.
    pub label_corruption: f64,
    /// Shorthand for `pixels: Random` (the page's "randomize pixels" toggle).
    pub random_pixels: bool,
    /// Corruption of the images, used when `random_pixels` is off.
    pub pixels: PixelCorruption,
    /// Optimizer settings.
    #[serde(flatten)]
    pub train: TrainConfig,
    /// Seed of the randomizations, the initialization order and the mini-batches.
    pub seed: u64,
}

impl ExperimentConfig {
    /// Checks the settings a run cannot work with, saying which and why.
    pub fn validate(&self) -> Result<(), String> {
        let t = &self.train;
        if t.batch_size == 0 {
            return Err("batch size must be at least 1".into());
        }
        if !(t.learning_rate.is_finite() && t.learning_rate > 0.0) {
            return Err(format!(
                "learning rate must be a positive number, not {}",
                t.learning_rate
            ));
        }
        if !(t.lr_decay > 0.0 && t.lr_decay <= 1.0) {
            return Err(format!("lr decay must be in (0, 1], not {}", t.lr_decay));
        }
        if !(0.0..1.0).contains(&t.momentum) {
            return Err(format!("momentum must be in [0, 1), not {}", t.momentum));
        }
        if !(0.0..=1.0).contains(&self.label_corruption) {
            return Err(format!(
                "label corruption must be in [0, 1], not {}",
                self.label_corruption
            ));
        }
        Ok(())
    }

    /// The pixel corruption in effect.
    pub fn pixel_corruption(&self) -> PixelCorruption {
        if self.random_pixels {
            PixelCorruption::Random
        } else {
            self.pixels
        }
    }

    /// The label corruption probability in effect.
    pub fn corruption(&self) -> f64 {
        if self.random_labels {
            1.0
        } else {
            self.label_corruption.clamp(0.0, 1.0)
        }
    }
}

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
    /// The loss became NaN or infinite.
    #[error("training diverged at step {step}: the loss is {loss}; try a lower learning rate")]
    Diverged {
        /// Step at which it was noticed.
        step: u64,
        /// The non-finite loss.
        loss: f64,
    },
}

/// The data a run trains and tests on, after the randomizations: training labels
/// corrupted with probability p; the images of both splits corrupted as
/// [`PixelCorruption`] says. Test labels are always the true ones.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PreparedData {
    /// Training images and the labels the network is fitted to.
    pub train: Split,
    /// Test images and their true labels.
    pub test: Split,
}

impl PreparedData {
    /// Applies `config`'s randomizations to `asset`; pure and seeded.
    pub fn new(asset: &Asset, config: &ExperimentConfig) -> PreparedData {
        let side = asset.side;
        let train_labels = corrupt_labels(&asset.train.labels, config.corruption(), config.seed);
        let (train, test) = (&asset.train.pixels, &asset.test.pixels);
        let test_seed = config.seed.wrapping_add(1);
        let (train_pixels, test_pixels) = match config.pixel_corruption() {
            PixelCorruption::None => (train.clone(), test.clone()),
            PixelCorruption::Shuffled => (
                shuffle_pixels_fixed(train, side, config.seed),
                shuffle_pixels_fixed(test, side, config.seed),
            ),
            PixelCorruption::Random => (
                permute_pixels_per_image(train, side, config.seed),
                permute_pixels_per_image(test, side, test_seed),
            ),
            PixelCorruption::Gaussian => {
                let stats = ChannelStats::of(train, side);
                (
                    gaussian_images(asset.train.len(), side, &stats, config.seed),
                    gaussian_images(asset.test.len(), side, &stats, test_seed),
                )
            }
        };
        PreparedData {
            train: Split {
                labels: train_labels,
                pixels: train_pixels,
            },
            test: Split {
                labels: asset.test.labels.clone(),
                pixels: test_pixels,
            },
        }
    }
}

/// A run in progress.
pub struct Experiment {
    config: ExperimentConfig,
    trainer: Trainer,
    train: DeviceSplit,
    test: DeviceSplit,
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
        let model = config
            .model
            .init_seeded(side, config.seed, &device.clone().autodiff());
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
}
