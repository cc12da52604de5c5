//! Theorem 1 (Section 4) constructed on real CIFAR-10: the network has exactly the stated
//! parameter count and fits any labels, checked by a forward pass written here in f64 over
//! the returned weights; a split with a duplicated image is refused, naming both images.
//! Needs no Burn (`cargo test --no-default-features --test theorem1`).
// The checks index matrices as the formulas do, independently of the library's code.
#![allow(clippy::needless_range_loop)]

use rethink::data::asset::{Asset, CLASSES, Split};
use rethink::data::normalize::ChannelStats;
use rethink::data::randomize::{corrupt_labels, gaussian_images};
use rethink::theory::theorem1::{self, Memorizer, Theorem1Error};
use rethink::theory::{Inputs, one_hot};

/// The real-CIFAR test asset (500 train + 500 test, 16 px), or a failure saying how to make it.
fn real_asset() -> Asset {
    let path = std::env::var("RETHINK_TEST_ASSET").unwrap_or("www/data/e2e-16px.bin".into());
    let bytes = std::fs::read(&path).unwrap_or_else(|e| {
        panic!("{path}: {e}. Build it with `cargo run --no-default-features --bin rethink -- data --train 500 --test 500 --out {path}` (scripts/test.sh does)")
    });
    Asset::from_bytes(&bytes).expect("valid asset")
}

/// Independent forward pass: ⟨a, x⟩ summed here, then every hidden unit (no early exit).
fn forward(net: &Memorizer, x: &[f64]) -> Vec<f64> {
    let mut z = 0.0;
    for k in 0..x.len() {
        z += net.a[k] * x[k];
    }
    let mut out = vec![0.0; CLASSES];
    for j in 0..net.b.len() {
        let hidden = if z > net.b[j] { z - net.b[j] } else { 0.0 };
        for (c, o) in out.iter_mut().enumerate() {
            *o += net.w[j * CLASSES + c] * hidden;
        }
    }
    out
}

/// Builds the network on `train` (labels as given), checks it independently, returns
/// its test error.
fn check_fits(asset: &Asset, train: &Split, test: &Split) -> f64 {
    let inputs = Inputs::standardized(train, test, asset.side);
    let report = theorem1::run(&inputs, 7).expect("distinct images");
    let (n, d) = (inputs.train_len(), inputs.dim);
    assert_eq!((n, d), (500, 768));
    // a: d, b: n, W: n x 10. The theorem counts 2n + d per output.
    assert_eq!(report.params, 768 + 500 + 500 * 10);
    assert_eq!(report.params_per_output, 2 * 500 + 768);
    let net = &report.network;
    assert_eq!(
        (net.a.len(), net.b.len(), net.w.len()),
        (768, 500, 5000),
        "shapes"
    );
    assert!(net.b.windows(2).all(|p| p[0] < p[1]), "b increasing");
    assert_eq!(report.train_error, 0.0);
    let targets = one_hot(&inputs.train_labels);
    let mut worst: f64 = 0.0;
    for (i, x) in inputs.train_x.chunks_exact(d).enumerate() {
        let out = forward(net, x);
        for c in 0..CLASSES {
            worst = worst.max((out[c] - targets[i * CLASSES + c]).abs());
        }
        let best = (0..CLASSES)
            .max_by(|&p, &q| out[p].total_cmp(&out[q]))
            .unwrap();
        assert_eq!(best, inputs.train_labels[i] as usize, "image {i}");
    }
    assert!(worst < 1e-6, "largest |c(x) - y| = {worst:e}");
    // The library's own forward pass agrees with this one.
    assert!((report.max_residual - worst).abs() < 1e-6);
    report.test_error
}

#[test]
fn fits_true_labels_exactly() {
    let asset = real_asset();
    check_fits(&asset, &asset.train, &asset.test);
}

#[test]
fn fits_random_labels_exactly_and_tests_at_chance() {
    let asset = real_asset();
    let train = Split {
        labels: corrupt_labels(&asset.train.labels, 1.0, 5),
        pixels: asset.train.pixels.clone(),
    };
    assert_ne!(train.labels, asset.train.labels);
    let test_error = check_fits(&asset, &train, &asset.test);
    assert!(test_error > 0.8, "random labels: test error {test_error}");
}

#[test]
fn fits_gaussian_images_exactly() {
    let asset = real_asset();
    let stats = ChannelStats::of(&asset.train.pixels, asset.side);
    let noise = |count, seed| gaussian_images(count, asset.side, &stats, seed);
    let train = Split {
        labels: asset.train.labels.clone(),
        pixels: noise(asset.train.len(), 1),
    };
    let test = Split {
        labels: asset.test.labels.clone(),
        pixels: noise(asset.test.len(), 2),
    };
    check_fits(&asset, &train, &test);
}

#[test]
fn refuses_a_duplicated_image_naming_both() {
    let asset = real_asset();
    let mut train = asset.train.clone();
    let image = 3 * asset.side * asset.side;
    let copy = train.pixels[7 * image..8 * image].to_vec();
    train.pixels[42 * image..43 * image].copy_from_slice(&copy);
    train.labels[42] = (train.labels[7] + 1) % 10; // same image, another label
    let inputs = Inputs::standardized(&train, &asset.test, asset.side);
    let error = theorem1::run(&inputs, 7).unwrap_err();
    assert_eq!(
        error,
        Theorem1Error::Duplicate {
            first: 7,
            second: 42
        }
    );
    let message = error.to_string();
    assert!(message.contains("7 and 42"), "{message}");
}

#[test]
fn tiny_cases_and_an_empty_split() {
    // One point, and two points that differ in one value.
    for x in [vec![0.5, -1.0], vec![0.5, -1.0, 0.5, -0.999]] {
        let n = x.len() / 2;
        let labels: Vec<u8> = (0..n as u8).map(|i| 9 - i).collect();
        let (net, _) = theorem1::construct(&x, &labels, 2, 1).unwrap();
        assert_eq!(net.params(), 2 + n + 10 * n);
        for (row, &label) in x.chunks_exact(2).zip(&labels) {
            let out = forward(&net, row);
            for (c, &o) in out.iter().enumerate() {
                let y = if c == label as usize { 1.0 } else { 0.0 };
                assert!((o - y).abs() < 1e-9, "{out:?}");
            }
        }
    }
    let error = theorem1::construct(&[], &[], 2, 1).unwrap_err();
    assert_eq!(error, Theorem1Error::Empty);
}
