//! `rethink train`: one experiment, natively, per-epoch CSV on stdout.

use std::path::PathBuf;
use std::time::Instant;

use burn::prelude::Device;
use clap::{Args, ValueEnum};
use rethink::data::asset::Asset;
use rethink::experiment::{Experiment, ExperimentConfig, PixelCorruption};
use rethink::model::ModelKind;
use rethink::train::TrainConfig;

/// Compute backend for native runs.
#[derive(Clone, Copy, ValueEnum)]
enum Backend {
    /// Burn flex, pure-Rust CPU.
    Flex,
    /// Burn wgpu (Vulkan/Metal/DX12; lavapipe on a machine without GPU).
    Wgpu,
}

/// Model choice on the command line.
#[derive(Clone, Copy, ValueEnum)]
enum Model {
    /// MLP 1x512.
    Mlp,
    /// MLP 3x512.
    Mlp3,
    /// Small CNN.
    Cnn,
}

/// Pixel corruption on the command line (see `PixelCorruption`).
#[derive(Clone, Copy, ValueEnum)]
enum Pixels {
    /// The true images.
    None,
    /// One permutation of pixel positions for every image.
    Shuffled,
    /// An independent permutation per image.
    Random,
    /// Gaussian noise with the training set's channel statistics.
    Gaussian,
}

/// Options of `rethink train`.
#[derive(Args)]
pub struct TrainArgs {
    /// Data asset made by `rethink data`.
    #[arg(long, default_value = "www/data/cifar10-16px.bin")]
    asset: PathBuf,
    /// Network.
    #[arg(long, value_enum, default_value = "mlp")]
    model: Model,
    /// Replace every training label by a random class.
    #[arg(long)]
    random_labels: bool,
    /// Label corruption probability p (ignored with --random-labels).
    #[arg(long, default_value_t = 0.0)]
    label_corruption: f64,
    /// Corrupt the images of both splits.
    #[arg(long, value_enum, default_value = "none")]
    pixels: Pixels,
    /// Epochs to train.
    #[arg(long, default_value_t = 10)]
    epochs: u64,
    /// Stop early once train error is at most this fraction.
    #[arg(long)]
    stop_at_train_error: Option<f64>,
    /// Images per SGD step.
    #[arg(long, default_value_t = 128)]
    batch_size: usize,
    /// Initial learning rate (decayed x0.95 per 50,000 images seen, the paper's epoch).
    #[arg(long, default_value_t = 0.01)]
    lr: f64,
    /// Seed of randomizations, initialization and batches.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Compute backend.
    #[arg(long, value_enum, default_value = "flex")]
    backend: Backend,
}

/// Runs the command.
pub fn run(args: TrainArgs) -> Result<(), String> {
    let bytes = std::fs::read(&args.asset)
        .map_err(|e| format!("cannot read {}: {e}", args.asset.display()))?;
    let asset = Asset::from_bytes(&bytes).map_err(|e| format!("{}: {e}", args.asset.display()))?;
    let device = match args.backend {
        Backend::Flex => Device::flex(),
        Backend::Wgpu => Device::wgpu_options()
            .init()
            .map_err(|e| format!("wgpu: {e:?}"))?,
    };
    let config = ExperimentConfig {
        model: match args.model {
            Model::Mlp => ModelKind::Mlp,
            Model::Mlp3 => ModelKind::Mlp3,
            Model::Cnn => ModelKind::Cnn,
        },
        random_labels: args.random_labels,
        label_corruption: args.label_corruption,
        random_pixels: false,
        pixels: match args.pixels {
            Pixels::None => PixelCorruption::None,
            Pixels::Shuffled => PixelCorruption::Shuffled,
            Pixels::Random => PixelCorruption::Random,
            Pixels::Gaussian => PixelCorruption::Gaussian,
        },
        train: TrainConfig {
            batch_size: args.batch_size,
            learning_rate: args.lr,
            ..TrainConfig::default()
        },
        seed: args.seed,
    };
    let mut experiment = Experiment::new(&asset, config, &device).map_err(|e| e.to_string())?;
    eprintln!(
        "{} parameters, {} steps per epoch",
        experiment.num_params(),
        experiment.steps_per_epoch()
    );
    println!("epoch,step,seconds,lr,train_loss,train_error,test_loss,test_error");
    let started = Instant::now();
    let mut training_seconds = 0.0;
    let mut steps = 0u64;
    for epoch in 0..=args.epochs {
        if epoch > 0 {
            let t = Instant::now();
            pollster::block_on(experiment.train(experiment.steps_per_epoch()))
                .map_err(|e| e.to_string())?;
            training_seconds += t.elapsed().as_secs_f64();
            steps += experiment.steps_per_epoch();
        }
        let m = pollster::block_on(experiment.evaluate()).map_err(|e| e.to_string())?;
        let seconds = started.elapsed().as_secs_f64();
        println!(
            "{},{},{seconds:.2},{:.6},{:.4},{:.4},{:.4},{:.4}",
            m.epoch, m.step, m.lr, m.train_loss, m.train_error, m.test_loss, m.test_error
        );
        if args.stop_at_train_error.is_some_and(|t| m.train_error <= t) {
            break;
        }
    }
    if training_seconds > 0.0 {
        eprintln!(
            "training: {steps} steps, {:.1} steps/s (evaluation excluded)",
            steps as f64 / training_seconds
        );
    }
    Ok(())
}
