//! Command-line flags for every field of an experiment, shared by `train` and `figure1`
//! (and the data flags' helpers, by `theorem1` and `min-norm`).

use std::path::{Path, PathBuf};

use burn::prelude::Device;
use clap::{Args, ValueEnum};
use rethink::data::asset::Asset;
use rethink::experiment::{ExperimentConfig, PixelCorruption};
use rethink::model::ModelKind;
use rethink::train::TrainConfig;

/// Compute backend for native runs.
#[derive(Clone, Copy, ValueEnum)]
pub enum Backend {
    /// Burn flex, pure-Rust CPU.
    Flex,
    /// Burn wgpu (Vulkan/Metal/DX12; lavapipe on a machine without GPU). Needs a build
    /// with `--features wgpu`.
    Wgpu,
}

/// Model choice on the command line (see `ModelKind`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Model {
    /// MLP 1x512.
    Mlp,
    /// MLP 3x512.
    Mlp3,
    /// Small CNN (3 conv stages, dense 128).
    Cnn,
    /// The paper's small AlexNet, 32 channels.
    Alexnet,
    /// The paper's small Inception, channels x 0.25.
    Inception,
}

impl From<Model> for ModelKind {
    fn from(model: Model) -> ModelKind {
        match model {
            Model::Mlp => ModelKind::Mlp,
            Model::Mlp3 => ModelKind::Mlp3,
            Model::Cnn => ModelKind::Cnn,
            Model::Alexnet => ModelKind::Alexnet,
            Model::Inception => ModelKind::Inception,
        }
    }
}

/// Pixel corruption on the command line (see `PixelCorruption`).
#[derive(Clone, Copy, ValueEnum)]
pub enum Pixels {
    /// The true images.
    None,
    /// One permutation of pixel positions for every image.
    Shuffled,
    /// An independent permutation per image.
    Random,
    /// Gaussian noise with the training set's channel statistics.
    Gaussian,
}

impl From<Pixels> for PixelCorruption {
    fn from(pixels: Pixels) -> PixelCorruption {
        match pixels {
            Pixels::None => PixelCorruption::None,
            Pixels::Shuffled => PixelCorruption::Shuffled,
            Pixels::Random => PixelCorruption::Random,
            Pixels::Gaussian => PixelCorruption::Gaussian,
        }
    }
}

/// Reads and validates the asset at `path`; builds the default subset there first when the
/// file does not exist.
pub fn load_asset(path: &Path) -> Result<Asset, String> {
    if !path.exists() {
        eprintln!(
            "{} does not exist: building the default subset from the CIFAR-10 tarball",
            path.display()
        );
        crate::data_tool::build_default(path)?;
    }
    let bytes = std::fs::read(path).map_err(|e| {
        format!(
            "cannot read {}: {e} (build it with `rethink data`)",
            path.display()
        )
    })?;
    Asset::from_bytes(&bytes).map_err(|e| format!("{}: {e}", path.display()))
}

/// The asset, the backend and every setting of a run.
#[derive(Args)]
pub struct RunArgs {
    /// Data asset made by `rethink data`.
    #[arg(long, default_value = "www/data/cifar10-16px.bin")]
    pub asset: PathBuf,
    /// Network.
    #[arg(long, value_enum, default_value = "mlp")]
    pub model: Model,
    /// Replace every training label by a random class.
    #[arg(long)]
    pub random_labels: bool,
    /// Label corruption probability p (ignored with --random-labels).
    #[arg(long, default_value_t = 0.0)]
    pub label_corruption: f64,
    /// Corrupt the images of both splits.
    #[arg(long, value_enum, default_value = "none")]
    pub pixels: Pixels,
    /// Images per SGD step.
    #[arg(long, default_value_t = 128)]
    pub batch_size: usize,
    /// Initial learning rate (the paper: 0.01; 0.1 for Inception).
    #[arg(long, default_value_t = 0.01)]
    pub lr: f64,
    /// Learning-rate factor per 50,000 images seen (the paper's epoch).
    #[arg(long, default_value_t = 0.95)]
    pub lr_decay: f64,
    /// SGD momentum.
    #[arg(long, default_value_t = 0.9)]
    pub momentum: f64,
    /// L2 weight decay (0: off).
    #[arg(long, default_value_t = 0.0)]
    pub weight_decay: f64,
    /// Dropout probability on hidden dense layers (0: off).
    #[arg(long, default_value_t = 0.0)]
    pub dropout: f64,
    /// Random crop + horizontal flip of every training batch.
    #[arg(long)]
    pub augment: bool,
    /// Inception without batch norm (the paper's "Inception w/o BatchNorm").
    #[arg(long)]
    pub no_batch_norm: bool,
    /// Seed of randomizations, initialization and batches.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Compute backend.
    #[arg(long, value_enum, default_value = "flex")]
    pub backend: Backend,
}

impl RunArgs {
    /// Reads and validates the asset; builds the default subset there first when the file
    /// does not exist.
    pub fn load_asset(&self) -> Result<Asset, String> {
        load_asset(&self.asset)
    }

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

    /// The experiment these flags describe.
    pub fn config(&self) -> ExperimentConfig {
        ExperimentConfig {
            model: self.model.into(),
            random_labels: self.random_labels,
            label_corruption: self.label_corruption,
            random_pixels: false,
            pixels: self.pixels.into(),
            dropout: self.dropout,
            batch_norm: !self.no_batch_norm,
            train: TrainConfig {
                batch_size: self.batch_size,
                learning_rate: self.lr,
                lr_decay: self.lr_decay,
                momentum: self.momentum,
                weight_decay: self.weight_decay,
                augment: self.augment,
            },
            seed: self.seed,
        }
    }
}
