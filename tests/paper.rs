//! The paper in miniature, on real CIFAR-10 images (the 500 + 500 image asset that
//! `scripts/test.sh` builds from the official tarball): Figure 1's claims, each a test
//! that fails if the science breaks.

mod common;

use std::collections::HashMap;
use std::sync::Mutex;

use burn::prelude::Device;
use common::{config, real_asset, train_until};
use rethink::experiment::{EpochMetrics, Experiment, PixelCorruption};
use rethink::model::ModelKind;

/// Epoch budget: MLP runs fit in 20-40 epochs at batch 32 (`rethink train --asset
/// www/data/e2e-16px.bin --batch-size 32 ...`); the margin covers slower ones.
const MAX_EPOCHS: u64 = 100;

/// Train error that counts as fitted (the paper's Figure 1b uses 0).
const FITTED: f64 = 0.01;

/// Runs shared between tests: (model, p, pixels) -> history, computed once.
static RUNS: Mutex<Option<HashMap<String, Vec<EpochMetrics>>>> = Mutex::new(None);

/// Trains until train error <= [`FITTED`]; memoized, so tests can share runs.
fn fit(model: ModelKind, p: f64, pixels: PixelCorruption) -> Vec<EpochMetrics> {
    let key = format!("{model:?}/{p}/{pixels:?}");
    let mut runs = RUNS.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    let runs = runs.get_or_insert_with(HashMap::new);
    if let Some(history) = runs.get(&key) {
        return history.clone();
    }
    let asset = real_asset();
    assert!(asset.train.len() <= 1000, "use a small asset");
    let mut cfg = config(false, 32);
    cfg.model = model;
    cfg.label_corruption = p;
    cfg.pixels = pixels;
    let mut experiment = Experiment::new(&asset, cfg, &Device::flex()).unwrap();
    let history = train_until(&mut experiment, MAX_EPOCHS, FITTED);
    let last = history.last().unwrap();
    eprintln!("{key}: {} epochs, last {last:?}", history.len() - 1);
    runs.insert(key, history.clone());
    history
}

fn fitted(history: &[EpochMetrics]) -> EpochMetrics {
    let last = *history.last().unwrap();
    assert!(
        last.train_error <= FITTED,
        "not fitted in {MAX_EPOCHS} epochs: {last:?}"
    );
    last
}

#[test]
fn mlp_memorizes_random_labels_while_test_error_stays_at_chance() {
    let last = fitted(&fit(ModelKind::Mlp, 1.0, PixelCorruption::None));
    assert!(
        last.test_error >= 0.80,
        "test error should stay near chance: {last:?}"
    );
}

#[test]
fn a_cnn_memorizes_random_labels_while_test_error_stays_at_chance() {
    let last = fitted(&fit(ModelKind::Cnn, 1.0, PixelCorruption::None));
    assert!(
        last.test_error >= 0.80,
        "test error should stay near chance: {last:?}"
    );
}

#[test]
fn true_labels_generalize_better_and_fit_faster_than_random_labels() {
    let truth = fit(ModelKind::Mlp, 0.0, PixelCorruption::None);
    let random = fit(ModelKind::Mlp, 1.0, PixelCorruption::None);
    let (t, r) = (fitted(&truth), fitted(&random));
    assert!(
        t.test_error + 0.15 < r.test_error,
        "true labels should generalize: {t:?} vs {r:?}"
    );
    assert!(
        t.step < r.step,
        "random labels should take longer to fit: {t:?} vs {r:?}"
    );
}

#[test]
fn random_pixels_and_gaussian_noise_are_fitted() {
    for pixels in [PixelCorruption::Random, PixelCorruption::Gaussian] {
        let last = fitted(&fit(ModelKind::Mlp, 0.0, pixels));
        assert!(
            last.test_error >= 0.7,
            "{pixels:?} cannot generalize: {last:?}"
        );
    }
}

#[test]
fn half_corrupted_labels_lie_between_true_and_random_in_test_error() {
    let error = |p| fitted(&fit(ModelKind::Mlp, p, PixelCorruption::None)).test_error;
    let (none, half, all) = (error(0.0), error(0.5), error(1.0));
    assert!(
        none < half && half < all,
        "p=0: {none}, p=0.5: {half}, p=1: {all}"
    );
}
