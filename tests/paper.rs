//! The paper in miniature, on real CIFAR-10 images (the asset `scripts/test.sh` builds
//! from the official tarball): an MLP 1x512 memorizes random labels of 500 images.

mod common;

use burn::prelude::Device;
use common::{config, real_asset, train_until};
use rethink::experiment::Experiment;

/// Epoch budget: measured to fit in about 25 epochs at batch 32; twice that as margin.
const MAX_EPOCHS: u64 = 60;

#[test]
fn mlp_memorizes_random_labels_while_test_error_stays_at_chance() {
    let asset = real_asset();
    assert!(
        asset.train.len() <= 1000,
        "use a small asset: {} train images",
        asset.train.len()
    );
    let mut experiment = Experiment::new(&asset, config(true, 32), &Device::flex()).unwrap();
    let history = train_until(&mut experiment, MAX_EPOCHS, 0.01);
    let last = history.last().unwrap();
    eprintln!("random labels: {} epochs, last {last:?}", history.len() - 1);
    assert!(
        last.train_error <= 0.01,
        "train error should reach <= 1%: {last:?}"
    );
    assert!(
        last.test_error >= 0.80,
        "test error should stay near chance (90%): {last:?}"
    );
}
