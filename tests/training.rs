//! Training behaviour on the CPU backend (Burn flex), on synthetic data.

mod common;

use burn::prelude::Device;
use common::{config, synthetic_asset, train_until};
use rethink::experiment::{Experiment, PreparedData};
use rethink::model::ModelKind;

#[test]
fn training_lowers_the_loss_for_every_model() {
    let asset = synthetic_asset(8, 200, 100, 1);
    for model in ModelKind::ALL {
        let mut cfg = config(false, 16);
        cfg.model = model;
        let mut experiment = Experiment::new(&asset, cfg, &Device::flex()).unwrap();
        let history = train_until(&mut experiment, 10, -1.0); // all 10 epochs
        let (first, last) = (history[0], *history.last().unwrap());
        assert!(
            last.train_loss < 0.7 * first.train_loss,
            "{model:?}: {first:?} -> {last:?}"
        );
        assert!(
            last.train_error < first.train_error,
            "{model:?}: {first:?} -> {last:?}"
        );
    }
}

#[test]
fn true_labels_generalize_random_labels_do_not() {
    let asset = synthetic_asset(8, 300, 200, 2);
    let run = |random_labels| {
        let mut experiment =
            Experiment::new(&asset, config(random_labels, 32), &Device::flex()).unwrap();
        *train_until(&mut experiment, 60, 0.0).last().unwrap()
    };
    let (truth, random) = (run(false), run(true));
    assert!(
        truth.test_error < 0.1,
        "true labels should be learnable: {truth:?}"
    );
    assert!(
        random.test_error > 0.7,
        "random labels cannot predict test labels: {random:?}"
    );
}

#[test]
fn randomization_keeps_test_labels_and_is_deterministic() {
    let asset = synthetic_asset(8, 500, 100, 3);
    let mut cfg = config(true, 32);
    cfg.pixels = rethink::experiment::PixelCorruption::Random;
    let data = PreparedData::new(&asset, &cfg);
    assert_eq!(data.test.labels, asset.test.labels, "test labels stay true");
    assert_ne!(
        data.test.pixels, asset.test.pixels,
        "random pixels apply to test images too"
    );
    let changed = data
        .train
        .labels
        .iter()
        .zip(&asset.train.labels)
        .filter(|(a, b)| a != b)
        .count();
    assert!(
        (380..=520).contains(&changed),
        "about 90% of 500 labels change, got {changed}"
    );
    assert_eq!(
        data,
        PreparedData::new(&asset, &cfg),
        "same seed, same data"
    );
    cfg.seed += 1;
    assert_ne!(
        data.train.labels,
        PreparedData::new(&asset, &cfg).train.labels
    );
}

#[test]
fn same_seed_gives_the_same_curve_on_cpu() {
    let asset = synthetic_asset(8, 100, 50, 4);
    let run = || {
        let mut experiment = Experiment::new(&asset, config(true, 25), &Device::flex()).unwrap();
        train_until(&mut experiment, 2, 0.0)
    };
    assert_eq!(run(), run());
}

#[test]
fn learning_rate_decays_once_per_paper_epoch_of_images() {
    // 500 images at batch 500: 100 steps see 50,000 images, one epoch of the paper.
    let asset = synthetic_asset(8, 500, 10, 5);
    let mut experiment = Experiment::new(&asset, config(false, 500), &Device::flex()).unwrap();
    pollster::block_on(experiment.train(99)).unwrap();
    let before = pollster::block_on(experiment.evaluate()).unwrap();
    assert!((before.lr - 0.01).abs() < 1e-12, "{before:?}");
    pollster::block_on(experiment.train(1)).unwrap();
    let after = pollster::block_on(experiment.evaluate()).unwrap();
    assert!((after.lr - 0.0095).abs() < 1e-12, "{after:?}");
}

#[test]
fn unusable_settings_are_refused_with_a_reason() {
    let mut cfg = config(false, 0);
    assert!(cfg.validate().unwrap_err().contains("batch size"));
    let asset = synthetic_asset(8, 20, 10, 7);
    let refused = Experiment::new(&asset, cfg.clone(), &Device::flex())
        .err()
        .unwrap();
    assert!(
        refused
            .to_string()
            .contains("invalid experiment config: batch size"),
        "{refused}"
    );
    cfg.train.batch_size = 8;
    assert_eq!(cfg.validate(), Ok(()));
    cfg.train.learning_rate = f64::NAN;
    assert!(cfg.validate().unwrap_err().contains("learning rate"));
}

#[test]
fn pixel_corruptions_apply_to_both_splits_and_keep_test_labels() {
    use rethink::experiment::PixelCorruption;
    let mut asset = synthetic_asset(8, 50, 50, 6);
    // Make test image 0 a copy of train image 0: a fixed shuffle must move both alike.
    let image = 3 * 8 * 8;
    let first = asset.train.pixels[..image].to_vec();
    asset.test.pixels[..image].copy_from_slice(&first);
    for pixels in [
        PixelCorruption::Shuffled,
        PixelCorruption::Random,
        PixelCorruption::Gaussian,
    ] {
        let mut cfg = config(false, 10);
        cfg.pixels = pixels;
        let data = PreparedData::new(&asset, &cfg);
        assert_eq!(
            data.test.labels, asset.test.labels,
            "{pixels:?}: test labels stay true"
        );
        assert_eq!(
            data.train.labels, asset.train.labels,
            "{pixels:?}: p = 0 keeps train labels"
        );
        assert_ne!(
            data.train.pixels, asset.train.pixels,
            "{pixels:?} changes train images"
        );
        assert_ne!(
            data.test.pixels, asset.test.pixels,
            "{pixels:?} changes test images"
        );
        let same_first = data.train.pixels[..image] == data.test.pixels[..image];
        assert_eq!(
            same_first,
            pixels == PixelCorruption::Shuffled,
            "{pixels:?}: one permutation for all only when shuffled"
        );
    }
}
