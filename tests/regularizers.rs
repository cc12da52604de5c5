//! The paper's section 3 regularizers (weight decay, dropout, augmentation, batch norm)
//! reach training, and the samples the page shows are the data the network sees.

mod common;

use burn::prelude::Device;
use common::{config, synthetic_asset, train_until};
use rethink::experiment::{Experiment, ExperimentConfig, PixelCorruption, PreparedData};
use rethink::model::ModelKind;

fn final_train_loss(cfg: ExperimentConfig, epochs: u64) -> f64 {
    let asset = synthetic_asset(8, 200, 50, 11);
    let mut experiment = Experiment::new(&asset, cfg, &Device::flex()).unwrap();
    train_until(&mut experiment, epochs, 0.0)
        .last()
        .unwrap()
        .train_loss
}

#[test]
fn weight_decay_slows_memorization_of_random_labels() {
    let plain = final_train_loss(config(true, 20), 15);
    let mut cfg = config(true, 20);
    cfg.train.weight_decay = 0.05;
    let decayed = final_train_loss(cfg, 15);
    assert!(
        decayed > plain + 0.05,
        "weight decay {decayed} vs none {plain}"
    );
}

#[test]
fn augmentation_changes_training_but_still_learns_true_labels() {
    let plain = final_train_loss(config(false, 20), 5);
    let mut cfg = config(false, 20);
    cfg.train.augment = true;
    let first = final_train_loss(cfg.clone(), 0);
    let augmented = final_train_loss(cfg, 5);
    assert_ne!(plain, augmented, "augmentation should change the batches");
    assert!(augmented < 0.7 * first, "loss {first} -> {augmented}");
}

#[test]
fn every_regularizer_combination_trains_every_model() {
    let asset = synthetic_asset(8, 40, 20, 12);
    for model in ModelKind::ALL {
        for (dropout, batch_norm, augment, weight_decay) in
            [(0.5, true, true, 0.001), (0.0, false, false, 0.0)]
        {
            let mut cfg = config(false, 20);
            cfg.model = model;
            cfg.dropout = dropout;
            cfg.batch_norm = batch_norm;
            cfg.train.augment = augment;
            cfg.train.weight_decay = weight_decay;
            let mut experiment = Experiment::new(&asset, cfg, &Device::flex()).unwrap();
            let report = pollster::block_on(experiment.train(4)).unwrap();
            assert!(report.mean_loss.is_finite(), "{model:?}: {report:?}");
        }
    }
}

#[test]
fn out_of_range_regularizers_are_refused() {
    let mut cfg = config(false, 8);
    cfg.dropout = 1.0;
    assert!(cfg.validate().unwrap_err().contains("dropout"));
    cfg.dropout = 0.5;
    cfg.train.weight_decay = -0.1;
    assert!(cfg.validate().unwrap_err().contains("weight decay"));
}

#[test]
fn samples_are_the_randomized_training_data_with_predictions() {
    let asset = synthetic_asset(8, 100, 20, 13);
    let mut cfg = config(true, 10);
    cfg.pixels = PixelCorruption::Shuffled;
    let data = PreparedData::new(&asset, &cfg);
    let experiment = Experiment::new(&asset, cfg, &Device::flex()).unwrap();
    let samples = pollster::block_on(experiment.samples(4)).unwrap();
    let image = 3 * 8 * 8;
    assert_eq!((samples.side, samples.count), (8, 4));
    assert_eq!(samples.pixels.len(), 4 * image);
    for (k, index) in [0, 25, 50, 75].into_iter().enumerate() {
        let seen = &data.train.pixels[index * image..(index + 1) * image];
        assert_eq!(
            &samples.pixels[k * image..(k + 1) * image],
            seen,
            "image {index}"
        );
        assert_eq!(samples.labels[k], data.train.labels[index]);
        assert_eq!(samples.true_labels[k], asset.train.labels[index]);
        assert!(samples.predictions[k] < 10);
    }
}
