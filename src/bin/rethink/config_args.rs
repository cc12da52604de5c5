//! Command-line flags for every setting of an experiment, shared by `train` and `figure1`
//! (the data flags also by `theorem1` and `min-norm`). The enums are the library's own
//! (`ModelKind`, `PixelCorruption` derive clap's `ValueEnum` natively), the help texts and
//! defaults the settings' (`rethink::experiment::settings`, `ExperimentConfig::default`).

use std::path::PathBuf;

use burn::prelude::Device;
use clap::{Args, ValueEnum};
use rethink::data::asset::Asset;
use rethink::experiment::settings::help;
use rethink::experiment::{ExperimentConfig, PixelCorruption};
use rethink::model::ModelKind;

use crate::data_tool::{DEFAULT_ASSET, load_or_build};

/// Compute backend for native runs.
#[derive(Clone, Copy, ValueEnum)]
pub enum Backend {
    /// Burn flex, pure-Rust CPU.
    Flex,
    /// Burn wgpu (Vulkan/Metal/DX12; lavapipe on a machine without GPU). Needs a build
    /// with `--features wgpu`.
    Wgpu,
}

/// The defaults of every setting (one place: `ExperimentConfig::default`).
fn defaults() -> ExperimentConfig {
    ExperimentConfig::default()
}

/// The data a run sees: the asset and its randomizations (`train`, `figure1`, `theorem1`,
/// `min-norm`). The help texts are the settings' own (`rethink::experiment::settings`).
#[derive(Args)]
pub struct RunDataArgs {
    /// Data asset made by `rethink data`.
    #[arg(long, default_value = DEFAULT_ASSET)]
    pub asset: PathBuf,
    /// Replace every training label by a random class (the same as --label-corruption 1).
    #[arg(long)]
    pub random_labels: bool,
    #[arg(long, default_value_t = defaults().label_corruption, help = help("labelCorruption"))]
    pub label_corruption: f64,
    #[arg(long, value_enum, default_value_t = defaults().pixels, help = help("pixels"))]
    pub pixels: PixelCorruption,
    #[arg(long, default_value_t = defaults().seed, help = help("seed"))]
    pub seed: u64,
}

impl RunDataArgs {
    /// Reads and validates the asset; builds the default subset there first when the file
    /// does not exist.
    pub fn load_asset(&self) -> Result<Asset, String> {
        load_or_build(&self.asset)
    }

    /// The label corruption p in effect (`--random-labels` is p = 1).
    pub fn label_corruption(&self) -> f64 {
        if self.random_labels {
            1.0
        } else {
            self.label_corruption
        }
    }

    /// The default config of `model` with these data settings.
    pub fn config(&self, model: ModelKind) -> ExperimentConfig {
        ExperimentConfig {
            label_corruption: self.label_corruption(),
            pixels: self.pixels,
            seed: self.seed,
            ..ExperimentConfig::for_model(model)
        }
    }
}

/// The asset, the backend and every setting of a run.
#[derive(Args)]
pub struct RunArgs {
    /// The data and their randomizations.
    #[command(flatten)]
    pub data: RunDataArgs,
    #[arg(long, value_enum, default_value_t = defaults().model, help = help("model"))]
    pub model: ModelKind,
    #[arg(long, default_value_t = defaults().train.batch_size, help = help("batchSize"))]
    pub batch_size: usize,
    #[arg(long, help = help("learningRate"))]
    pub lr: Option<f64>,
    #[arg(long, default_value_t = defaults().train.lr_decay, help = help("lrDecay"))]
    pub lr_decay: f64,
    #[arg(long, default_value_t = defaults().train.momentum, help = help("momentum"))]
    pub momentum: f64,
    #[arg(long, default_value_t = defaults().train.weight_decay, help = help("weightDecay"))]
    pub weight_decay: f64,
    #[arg(long, default_value_t = defaults().dropout, help = help("dropout"))]
    pub dropout: f64,
    #[arg(long, help = help("augment"))]
    pub augment: bool,
    /// Inception without batch norm (the paper's "Inception w/o BatchNorm").
    #[arg(long)]
    pub no_batch_norm: bool,
    /// Compute backend.
    #[arg(long, value_enum, default_value = "flex")]
    pub backend: Backend,
}

impl RunArgs {
    /// Starts the chosen backend.
    pub fn device(&self) -> Result<Device, String> {
        match self.backend {
            Backend::Flex => Ok(Device::flex()),
            #[cfg(feature = "wgpu")]
            Backend::Wgpu => Device::wgpu_options()
                .init()
                .map_err(|e| format!("wgpu: {e:?}")),
            #[cfg(not(feature = "wgpu"))]
            Backend::Wgpu => Err("this rethink was built without wgpu: rebuild it with \
                 `cargo build --release --features wgpu`"
                .into()),
        }
    }

    /// The experiment these flags describe for `model` (the learning rate, when not given,
    /// is the paper's for that model).
    pub fn config_for(&self, model: ModelKind) -> ExperimentConfig {
        let mut config = ExperimentConfig {
            dropout: self.dropout,
            batch_norm: !self.no_batch_norm,
            ..self.data.config(model)
        };
        let train = &mut config.train;
        train.batch_size = self.batch_size;
        train.learning_rate = self.lr.unwrap_or(train.learning_rate);
        train.lr_decay = self.lr_decay;
        train.momentum = self.momentum;
        train.weight_decay = self.weight_decay;
        train.augment = self.augment;
        config
    }

    /// The experiment these flags describe.
    pub fn config(&self) -> ExperimentConfig {
        self.config_for(self.model)
    }
}
