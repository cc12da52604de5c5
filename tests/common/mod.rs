//! Shared helpers for the native integration tests.
#![allow(dead_code)]

use rethink::data::asset::{Asset, Split};
use rethink::experiment::{EpochMetrics, Experiment, ExperimentConfig};

/// Asset made by `rethink data` from the real CIFAR-10 tarball; `scripts/test.sh`
/// builds it before `cargo test`.
pub const REAL_ASSET: &str = "www/data/e2e-16px.bin";

/// Loads the real-CIFAR test asset, or fails saying how to make it.
pub fn real_asset() -> Asset {
    let path = std::env::var("RETHINK_TEST_ASSET").unwrap_or_else(|_| REAL_ASSET.to_string());
    let bytes = std::fs::read(&path).unwrap_or_else(|e| {
        panic!("{path}: {e}. Build it with `cargo run --no-default-features --bin rethink -- data --train 500 --test 500 --out {path}` (scripts/test.sh does)")
    });
    Asset::from_bytes(&bytes).expect("valid asset")
}

/// Ten well-separated classes: each class is a fixed random colour pattern plus noise.
/// Learnable with true labels, so it distinguishes fitting signal from memorizing.
pub fn synthetic_asset(side: usize, n_train: usize, n_test: usize, seed: u64) -> Asset {
    let image = 3 * side * side;
    let mut state = seed
        .wrapping_mul(6364136223846793005)
        .wrapping_add(1442695040888963407);
    let mut next = move || {
        state = state
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (state >> 33) as u32
    };
    let prototypes: Vec<Vec<u8>> = (0..10)
        .map(|_| (0..image).map(|_| (next() % 256) as u8).collect())
        .collect();
    let mut split = |n: usize| {
        let labels: Vec<u8> = (0..n).map(|i| (i % 10) as u8).collect();
        let pixels = labels
            .iter()
            .flat_map(|&l| {
                prototypes[l as usize]
                    .iter()
                    .map(|&p| p.saturating_add((next() % 64) as u8))
                    .collect::<Vec<_>>()
            })
            .collect();
        Split { labels, pixels }
    };
    let train = split(n_train);
    let test = split(n_test);
    Asset { side, train, test }
}

/// Trains for up to `epochs` epochs, stopping once train error is at most `stop_at`.
/// Returns the metrics of every evaluation (epoch 0 first).
pub fn train_until(experiment: &mut Experiment, epochs: u64, stop_at: f64) -> Vec<EpochMetrics> {
    let mut history = vec![pollster::block_on(experiment.evaluate()).unwrap()];
    for _ in 0..epochs {
        pollster::block_on(experiment.train(experiment.steps_per_epoch())).unwrap();
        let metrics = pollster::block_on(experiment.evaluate()).unwrap();
        history.push(metrics);
        if metrics.train_error <= stop_at {
            break;
        }
    }
    history
}

/// A config with the paper's optimizer and the given batch size.
pub fn config(random_labels: bool, batch_size: usize) -> ExperimentConfig {
    let mut config = ExperimentConfig {
        label_corruption: if random_labels { 1.0 } else { 0.0 },
        seed: 3,
        ..ExperimentConfig::default()
    };
    config.train.batch_size = batch_size;
    config
}
