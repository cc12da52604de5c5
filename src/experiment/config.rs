//! What defines a run: the randomizations, the model, the regularizers and the optimizer.

use serde::{Deserialize, Serialize};

use crate::model::{ModelKind, ModelOptions};
use crate::train::TrainConfig;

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

/// Everything that defines a run, besides the data asset and the device. Serialized in
/// camelCase (the page's config object); every field has a default.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
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
    /// Dropout probability on hidden dense layers (0: off, the paper's randomization runs).
    pub dropout: f64,
    /// Batch norm in the Inception model.
    pub batch_norm: bool,
    /// Optimizer and the trainer's regularizers (weight decay, augmentation).
    #[serde(flatten)]
    pub train: TrainConfig,
    /// Seed of the randomizations, the initialization order and the mini-batches.
    pub seed: u64,
}

impl Default for ExperimentConfig {
    fn default() -> Self {
        ExperimentConfig {
            model: ModelKind::default(),
            random_labels: false,
            label_corruption: 0.0,
            random_pixels: false,
            pixels: PixelCorruption::None,
            dropout: 0.0,
            batch_norm: true,
            train: TrainConfig::default(),
            seed: 0,
        }
    }
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
        if !(0.0..=1.0).contains(&t.weight_decay) {
            return Err(format!(
                "weight decay must be in [0, 1], not {}",
                t.weight_decay
            ));
        }
        if !(0.0..1.0).contains(&self.dropout) {
            return Err(format!("dropout must be in [0, 1), not {}", self.dropout));
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

    /// The regularizers built into the network.
    pub fn model_options(&self) -> ModelOptions {
        ModelOptions {
            dropout: self.dropout,
            batch_norm: self.batch_norm,
        }
    }
}
