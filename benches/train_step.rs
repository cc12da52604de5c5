//! Training-step throughput natively, so regressions show in numbers:
//! `cargo bench --bench train_step [-- --backend flex|wgpu] [--steps N] [--reps N]`
//! (`--backend wgpu` needs `--features wgpu`).
//! Prints steps per second per model at batch 128 on 16 px inputs (the page's default),
//! warm-up (the first steps, kernel compilation on wgpu) reported separately, median of
//! `reps` timed repetitions, and the time of one evaluation (all 6,000 images, as after every
//! epoch in the page), median of `reps`. Flex runs on rayon's pool: every core unless
//! `RAYON_NUM_THREADS` says otherwise (`RAYON_NUM_THREADS=1` for one thread). The data are random bytes of the asset's shape: speed does
//! not depend on what the pixels show.

use std::time::Instant;

use burn::prelude::Device;
use rand::rngs::StdRng;
use rand::{RngExt, SeedableRng};
use rethink::data::asset::{Asset, Split};
use rethink::experiment::{Experiment, ExperimentConfig};
use rethink::model::ModelKind;

/// Images in the page's default asset.
const TRAIN: usize = 5_000;
const TEST: usize = 1_000;
const SIDE: usize = 16;

fn random_split(count: usize, rng: &mut StdRng) -> Split {
    Split {
        labels: (0..count).map(|_| rng.random_range(0..10u8)).collect(),
        pixels: (0..count * 3 * SIDE * SIDE).map(|_| rng.random()).collect(),
    }
}

fn arg(name: &str) -> Option<String> {
    let args: Vec<String> = std::env::args().collect();
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1).cloned())
}

fn main() {
    let backend = arg("--backend").unwrap_or_else(|| "flex".into());
    let steps: u64 = arg("--steps").map_or(20, |s| s.parse().expect("--steps N"));
    let reps: usize = arg("--reps").map_or(5, |s| s.parse().expect("--reps N"));
    let device = match backend.as_str() {
        "flex" => Device::flex(),
        #[cfg(feature = "wgpu")]
        "wgpu" => Device::wgpu_options().init().expect("a wgpu adapter"),
        #[cfg(not(feature = "wgpu"))]
        "wgpu" => panic!("built without wgpu: cargo bench --features wgpu --bench train_step"),
        other => panic!("unknown backend {other}: flex or wgpu"),
    };
    let mut rng = StdRng::seed_from_u64(1);
    let asset = Asset {
        side: SIDE,
        train: random_split(TRAIN, &mut rng),
        test: random_split(TEST, &mut rng),
    };
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let threads = std::env::var("RAYON_NUM_THREADS").unwrap_or_else(|_| format!("all {cores}"));
    println!(
        "backend {backend}, batch 128, {SIDE} px, {steps} steps x {reps} reps, threads: {threads}"
    );
    println!(
        "| model | params | warm-up (3 steps) s | steps/s (median) | min | max | evaluation s (median) |"
    );
    println!("|---|---|---|---|---|---|---|");
    for model in ModelKind::ALL {
        let config = ExperimentConfig {
            model,
            ..ExperimentConfig::default()
        };
        let mut experiment = Experiment::new(&asset, config, &device).expect("valid config");
        let warm = Instant::now();
        pollster::block_on(experiment.train(3)).expect("training runs");
        let warm_up = warm.elapsed().as_secs_f64();
        let mut rates: Vec<f64> = (0..reps)
            .map(|_| {
                let t = Instant::now();
                // One readback per call, as in the page: the timing includes the GPU finishing.
                pollster::block_on(experiment.train(steps)).expect("training runs");
                steps as f64 / t.elapsed().as_secs_f64()
            })
            .collect();
        rates.sort_by(f64::total_cmp);
        let mut evaluations: Vec<f64> = (0..reps)
            .map(|_| {
                let t = Instant::now();
                pollster::block_on(experiment.evaluate()).expect("evaluation runs");
                t.elapsed().as_secs_f64()
            })
            .collect();
        evaluations.sort_by(f64::total_cmp);
        println!(
            "| {} | {} | {warm_up:.2} | {:.1} | {:.1} | {:.1} | {:.3} |",
            model.label(),
            experiment.num_params(),
            rates[rates.len() / 2],
            rates[0],
            rates[rates.len() - 1],
            evaluations[evaluations.len() / 2]
        );
    }
}
