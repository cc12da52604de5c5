//! The paper's two constructive arguments, computed rather than trained, in `f64` and
//! without Burn (so they build with `--no-default-features` and for wasm32):
//!
//! - [`theorem1`]: Section 4, "finite-sample expressivity". Theorem 1: "There exists a
//!   two-layer neural network with ReLU activations and 2n + d weights that can represent
//!   any function on a sample of size n in d dimensions", built explicitly from its proof
//!   (appendix C) on the training split, whatever its labels.
//! - [`min_norm`]: Section 5, "implicit regularization: an appeal to linear models". The
//!   interpolant `w = Xᵀα` with `XXᵀα = y` (the paper's equation 3), the minimum-ℓ2-norm
//!   solution of `Xw = y`, and its kernel version `Kα = y` (a Gaussian kernel on pixels).
//!
//! Both take the images as the training does: per-channel standardized with the training
//! split's statistics ([`ChannelStats`]), here widened from those `f32` values to `f64`.

pub mod min_norm;
pub mod paper;
pub mod theorem1;

use crate::data::asset::{CLASSES, Split};
use crate::data::normalize::ChannelStats;

/// The two splits as network inputs: one row of `dim = 3·side·side` standardized values
/// per image (channel-major, as [`ChannelStats::normalize`] lays them out), in `f64`.
#[derive(Clone, Debug, PartialEq)]
pub struct Inputs {
    /// Values per image, d = 3·side·side.
    pub dim: usize,
    /// `[n_train, dim]` row-major.
    pub train_x: Vec<f64>,
    /// The labels fitted to (after any corruption), one per training image.
    pub train_labels: Vec<u8>,
    /// `[n_test, dim]` row-major.
    pub test_x: Vec<f64>,
    /// The test split's labels.
    pub test_labels: Vec<u8>,
}

impl Inputs {
    /// Standardizes both splits of `side x side` images with the training split's
    /// per-channel statistics, exactly as a training run does, then widens to `f64`.
    pub fn standardized(train: &Split, test: &Split, side: usize) -> Inputs {
        let stats = ChannelStats::of(&train.pixels, side);
        let widen = |pixels: &[u8]| -> Vec<f64> {
            let values = stats.normalize(pixels, side);
            values.into_iter().map(f64::from).collect()
        };
        Inputs {
            dim: 3 * side * side,
            train_x: widen(&train.pixels),
            train_labels: train.labels.clone(),
            test_x: widen(&test.pixels),
            test_labels: test.labels.clone(),
        }
    }

    /// Number of training images, n.
    pub fn train_len(&self) -> usize {
        self.train_labels.len()
    }

    /// Number of test images.
    pub fn test_len(&self) -> usize {
        self.test_labels.len()
    }

    /// Keeps only the first `count` training images (the test split is unchanged).
    pub fn truncate_train(&mut self, count: usize) {
        let count = count.min(self.train_len());
        self.train_labels.truncate(count);
        self.train_x.truncate(count * self.dim);
    }
}

/// One-hot targets: `[labels.len(), CLASSES]` row-major, 1 at the label's class, else 0.
pub fn one_hot(labels: &[u8]) -> Vec<f64> {
    let mut y = vec![0.0; labels.len() * CLASSES];
    for (row, &label) in y.chunks_exact_mut(CLASSES).zip(labels) {
        row[label as usize] = 1.0;
    }
    y
}

/// The class with the largest score; ties go to the lowest class index.
pub fn argmax(scores: &[f64]) -> usize {
    let mut best = 0;
    for (class, &score) in scores.iter().enumerate() {
        if score > scores[best] {
            best = class;
        }
    }
    best
}

/// Fraction of `[count, CLASSES]` row-major score rows whose argmax is not the label.
pub fn error_rate(scores: &[f64], labels: &[u8]) -> f64 {
    if labels.is_empty() {
        return 0.0;
    }
    let wrong = scores
        .chunks_exact(CLASSES)
        .zip(labels)
        .filter(|(row, label)| argmax(row) != **label as usize)
        .count();
    wrong as f64 / labels.len() as f64
}

/// Wall-clock time of a computation where the platform has a clock: natively
/// `std::time::Instant`; on wasm32-unknown-unknown `Instant::now()` panics, so there it
/// reads `None` and the page times the call with `performance.now()`.
pub(crate) struct Stopwatch {
    #[cfg(not(target_arch = "wasm32"))]
    start: std::time::Instant,
}

impl Stopwatch {
    /// Starts timing.
    pub(crate) fn start() -> Stopwatch {
        Stopwatch {
            #[cfg(not(target_arch = "wasm32"))]
            start: std::time::Instant::now(),
        }
    }

    /// Seconds since [`Stopwatch::start`], or `None` without a clock.
    pub(crate) fn seconds(&self) -> Option<f64> {
        #[cfg(not(target_arch = "wasm32"))]
        return Some(self.start.elapsed().as_secs_f64());
        #[cfg(target_arch = "wasm32")]
        return None;
    }
}
