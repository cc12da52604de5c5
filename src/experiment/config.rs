//! What defines a run: the randomizations, the model, the regularizers and the optimizer.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::settings;

use crate::model::{ModelKind, ModelOptions};
use crate::train::TrainConfig;

/// What happens to the images of both splits (Zhang et al. 2017, section 2).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(clap::ValueEnum))]
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

impl PixelCorruption {
    /// Every corruption, in the paper's order.
    pub const ALL: [PixelCorruption; 4] = [
        PixelCorruption::None,
        PixelCorruption::Shuffled,
        PixelCorruption::Random,
        PixelCorruption::Gaussian,
    ];

    /// Its name for people, as the page's menu writes it.
    pub fn label(self) -> &'static str {
        match self {
            PixelCorruption::None => "True images",
            PixelCorruption::Shuffled => "Shuffled pixels",
            PixelCorruption::Random => "Random pixels",
            PixelCorruption::Gaussian => "Gaussian noise",
        }
    }
}

/// Everything that defines a run, besides the data asset and the device. Serialized in
/// camelCase (the page's config object); each field is described once in
/// [`settings::SETTINGS`], and [`ExperimentConfig::from_json`] refuses unknown keys.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct ExperimentConfig {
    /// Network to train.
    pub model: ModelKind,
    /// Label corruption probability p in 0..1; 1 is "random labels".
    pub label_corruption: f64,
    /// Corruption of the images of both splits.
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
    /// The MLP 1x512 on the true data with the paper's optimizer and no regularizer.
    fn default() -> Self {
        ExperimentConfig {
            model: ModelKind::default(),
            label_corruption: 0.0,
            pixels: PixelCorruption::None,
            dropout: 0.0,
            batch_norm: true,
            train: TrainConfig::default(),
            seed: 1,
        }
    }
}

impl ExperimentConfig {
    /// The defaults with `model`, and the model's learning rate from the paper.
    pub fn for_model(model: ModelKind) -> Self {
        let mut config = ExperimentConfig {
            model,
            ..ExperimentConfig::default()
        };
        config.train.learning_rate = model.paper_learning_rate();
        config
    }

    /// Reads a config object (the page's, camelCase): refuses a key that is not a setting;
    /// a missing key takes its default, the learning rate the model's.
    pub fn from_json(value: Value) -> Result<Self, String> {
        let Value::Object(mut object) = value else {
            return Err(format!("a config is an object of settings, not {value}"));
        };
        settings::check_keys(&object)?;
        let model: ModelKind = match object.get("model") {
            Some(model) => {
                settings::check_value(settings::setting("model"), model)?;
                serde_json::from_value(model.clone()).map_err(|e| e.to_string())?
            }
            None => ModelKind::default(),
        };
        let defaults = settings::config_object(&ExperimentConfig::for_model(model));
        for (key, default) in defaults {
            object.entry(key).or_insert(default);
        }
        settings::check_object(&object)?;
        serde_json::from_value(Value::Object(object)).map_err(|e| e.to_string())
    }

    /// Checks every setting against its range in [`settings::SETTINGS`], saying which and
    /// why.
    pub fn validate(&self) -> Result<(), String> {
        settings::check_object(&settings::config_object(self))
    }

    /// The regularizers built into the network.
    pub fn model_options(&self) -> ModelOptions {
        ModelOptions {
            dropout: self.dropout,
            batch_norm: self.batch_norm,
        }
    }
}
