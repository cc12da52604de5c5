//! Theorem 1 of Zhang et al. (2017), Section 4, constructed: "There exists a two-layer
//! neural network with ReLU activations and 2n + d weights that can represent any function
//! on a sample of size n in d dimensions."
//!
//! The proof (the paper's appendix C; it writes zᵢ for a sample and xᵢ for its projection,
//! here swapped so that x stays the image): for a ∈ ℝᵈ and b, w ∈ ℝⁿ the function
//!
//! ```text
//!   c(x) = Σⱼ wⱼ · max(⟨a, x⟩ − bⱼ, 0)                                        (C.1)
//! ```
//!
//! is a depth-2 ReLU network with d + n + n weights. Choose a so that the projections
//! zᵢ = ⟨a, xᵢ⟩ of the n training images are distinct, sort them z₍₁₎ < … < z₍ₙ₎ and
//! interleave thresholds b₁ < z₍₁₎ < b₂ < z₍₂₎ < … < bₙ < z₍ₙ₎. Then
//!
//! ```text
//!   A = [max(z₍ᵢ₎ − bⱼ, 0)]ᵢⱼ   (n x n)                                       (Lemma 1)
//! ```
//!
//! is lower triangular with diagonal z₍ᵢ₎ − bᵢ > 0, so it has full rank (its smallest
//! eigenvalue is minᵢ z₍ᵢ₎ − bᵢ), and `A w = y` has exactly one solution, found here by
//! forward substitution in `f64`.
//!
//! Choices made here:
//! - **One output per class sharing the hidden layer**: the same a and b, and an n x 10
//!   output matrix W solving `A W = Y` for the one-hot targets Y (column c is the theorem's
//!   network for "is the label c"). Parameters: d + n + 10n; the theorem's count is 2n + d
//!   per output. The predicted class is the argmax of the 10 outputs.
//! - a: a seeded Gaussian direction, normalized; up to [`DIRECTIONS`] are tried until the
//!   sorted projections are at least [`MARGIN`] times their scale apart.
//! - bₖ = z₍ₖ₋₁₎ + g/10 with g = z₍ₖ₎ − z₍ₖ₋₁₎ (b₁ = z₍₁₎ − 9g₂/10): the network is linear
//!   between kinks, and the slope after bₖ is ≈ (10/9)(yₖ − yₖ₋₁)/g − (1/9)·(the slope
//!   before), so slopes stay of order 1/gap. Midpoints (g/2) would make each slope
//!   2Δy/g − (the one before), an alternating sum that grows along the n points.
//! - `f64` throughout: on the default subset (n = 5,000) the smallest gap between sorted
//!   projections is 1.8e-8 of their scale, below `f32`'s epsilon (1.2e-7), so in `f32` two
//!   distinct images could share a projection; a Burn (f32) forward pass is no check here.

use rand::rngs::StdRng;
use rand::{RngExt, SeedableRng};
use thiserror::Error;

use super::{Inputs, Stopwatch, error_rate, one_hot};
use crate::data::asset::CLASSES;

/// Smallest gap allowed between two sorted projections, relative to their scale
/// (max(range, max |z|)). Above it, `f64` rounding (~1e-16 of the scale) in the
/// projections and the solve stays many orders of magnitude below the outputs' 0/1.
pub const MARGIN: f64 = 1e-9;
/// Random directions tried before giving up on a split whose images are distinct but
/// project too close together.
pub const DIRECTIONS: u64 = 8;
/// Where each threshold sits between two sorted projections, as a fraction of the gap.
const THRESHOLD_AT: f64 = 0.1;
/// Stream tag so the directions draw from their own generator of the run's seed.
const DIRECTION_STREAM: u64 = 0x7468_656f_7231; // "theor1"

/// Why the network cannot be built.
#[derive(Debug, Clone, PartialEq, Error)]
pub enum Theorem1Error {
    /// No training image.
    #[error("the training split is empty")]
    Empty,
    /// Two training images are the same point: no function of the image can give them
    /// different outputs, and the theorem assumes n distinct points.
    #[error(
        "training images {first} and {second} are identical (after the pixel randomization): \
         Theorem 1 needs n distinct points; remove one of them"
    )]
    Duplicate {
        /// Index of the first image in the training split.
        first: usize,
        /// Index of the second image.
        second: usize,
    },
    /// Distinct images whose projections stay closer than [`MARGIN`] in every direction tried.
    #[error(
        "training images {first} and {second} project within {gap:.1e} of the scale of \
         each other in all {DIRECTIONS} directions tried (margin {MARGIN:.0e}); try another seed"
    )]
    TooClose {
        /// Index of one image of the closest pair.
        first: usize,
        /// Index of the other.
        second: usize,
        /// Their gap, relative to the projections' scale.
        gap: f64,
    },
    /// The solve's rounding reached the outputs (not expected above the margin).
    #[error("the constructed network misses a training target by {max_residual:.2e} (>= 0.5)")]
    Inexact {
        /// Largest |c(xᵢ) − yᵢ| over the training images and classes.
        max_residual: f64,
    },
}

/// The constructed network: hidden unit j computes max(⟨a, x⟩ − bⱼ, 0) and output c is
/// Σⱼ W[j, c] · (hidden unit j).
#[derive(Clone, Debug, PartialEq)]
pub struct Memorizer {
    /// The projection direction a, `[d]` (unit norm).
    pub a: Vec<f64>,
    /// The thresholds bⱼ, `[n]`, strictly increasing.
    pub b: Vec<f64>,
    /// The output weights W, `[n, CLASSES]` row-major (row j: hidden unit j).
    pub w: Vec<f64>,
}

impl Memorizer {
    /// Weights: d (a) + n (b) + 10n (W).
    pub fn params(&self) -> usize {
        self.a.len() + self.b.len() + self.w.len()
    }

    /// The 10 outputs for one input `x` (`[d]`, standardized).
    pub fn outputs(&self, x: &[f64]) -> [f64; CLASSES] {
        let z = dot(&self.a, x);
        let mut out = [0.0; CLASSES];
        for (&b, w) in self.b.iter().zip(self.w.chunks_exact(CLASSES)) {
            let h = z - b;
            if h <= 0.0 {
                break; // b increases: every later unit is off too
            }
            for (o, &wc) in out.iter_mut().zip(w) {
                *o += wc * h;
            }
        }
        out
    }

    /// The outputs of every row of `x` (`[count, d]`), as `[count, CLASSES]`.
    pub fn outputs_all(&self, x: &[f64]) -> Vec<f64> {
        let dim = self.a.len();
        x.chunks_exact(dim)
            .flat_map(|row| self.outputs(row))
            .collect()
    }
}

/// What [`run`] measured.
#[derive(Clone, Debug, PartialEq)]
pub struct Theorem1Report {
    /// The network, for an independent check.
    pub network: Memorizer,
    /// Training images, n.
    pub train_len: usize,
    /// Input dimension, d.
    pub dim: usize,
    /// Weights of the 10-output network: d + n + 10n.
    pub params: usize,
    /// The theorem's count for one output: 2n + d.
    pub params_per_output: usize,
    /// Error on the training labels it was built for (0 by construction).
    pub train_error: f64,
    /// Error on the test split, argmax of the 10 outputs.
    pub test_error: f64,
    /// Largest |c(xᵢ) − yᵢ| over the training images and the 10 outputs.
    pub max_residual: f64,
    /// Smallest gap between sorted projections, relative to their scale.
    pub min_gap: f64,
    /// Seconds to build the network (projection, sort, solve); `None` on wasm32.
    pub build_seconds: Option<f64>,
}

/// Builds the network on the training split of `inputs` and measures it on both splits.
pub fn run(inputs: &Inputs, seed: u64) -> Result<Theorem1Report, Theorem1Error> {
    let clock = Stopwatch::start();
    let (network, min_gap) = construct(&inputs.train_x, &inputs.train_labels, inputs.dim, seed)?;
    let build_seconds = clock.seconds();
    let train_out = network.outputs_all(&inputs.train_x);
    let targets = one_hot(&inputs.train_labels);
    let max_residual = train_out
        .iter()
        .zip(&targets)
        .map(|(o, y)| (o - y).abs())
        .fold(0.0, f64::max);
    if max_residual.is_nan() || max_residual >= 0.5 {
        return Err(Theorem1Error::Inexact { max_residual });
    }
    let test_out = network.outputs_all(&inputs.test_x);
    let (n, d) = (inputs.train_len(), inputs.dim);
    Ok(Theorem1Report {
        params: network.params(),
        network,
        train_len: n,
        dim: d,
        params_per_output: 2 * n + d,
        train_error: error_rate(&train_out, &inputs.train_labels),
        test_error: error_rate(&test_out, &inputs.test_labels),
        max_residual,
        min_gap,
        build_seconds,
    })
}

/// The construction of the proof on `x` (`[n, dim]` row-major) and `labels` (`[n]`):
/// returns the network and the smallest relative gap between its sorted projections.
pub fn construct(
    x: &[f64],
    labels: &[u8],
    dim: usize,
    seed: u64,
) -> Result<(Memorizer, f64), Theorem1Error> {
    let n = labels.len();
    if n == 0 {
        return Err(Theorem1Error::Empty);
    }
    assert_eq!(x.len(), n * dim, "x must be [n, dim]");
    let row = |i: usize| &x[i * dim..(i + 1) * dim];
    let mut closest: Option<Theorem1Error> = None;
    for attempt in 0..DIRECTIONS {
        let a = direction(dim, seed, attempt);
        let z: Vec<f64> = x.chunks_exact(dim).map(|xi| dot(&a, xi)).collect(); // [n]
        let mut order: Vec<usize> = (0..n).collect();
        order.sort_by(|&i, &j| z[i].total_cmp(&z[j]).then(i.cmp(&j)));
        let range = z[order[n - 1]] - z[order[0]];
        let scale = z
            .iter()
            .fold(range, |m, v| m.max(v.abs()))
            .max(f64::MIN_POSITIVE);
        let mut smallest = (f64::INFINITY, 0, 0);
        for pair in order.windows(2) {
            let gap = (z[pair[1]] - z[pair[0]]) / scale;
            if gap < MARGIN && row(pair[0]) == row(pair[1]) {
                let (first, second) = (pair[0].min(pair[1]), pair[0].max(pair[1]));
                return Err(Theorem1Error::Duplicate { first, second });
            }
            if gap < smallest.0 {
                smallest = (gap, pair[0].min(pair[1]), pair[0].max(pair[1]));
            }
        }
        let min_gap = if n == 1 { 1.0 } else { smallest.0 };
        if min_gap >= MARGIN {
            return Ok((solve(a, &z, &order, labels), min_gap));
        }
        let (gap, first, second) = smallest;
        closest = Some(Theorem1Error::TooClose { first, second, gap });
    }
    Err(closest.expect("DIRECTIONS > 0"))
}

/// Thresholds interleaved with the sorted projections, and the output weights from the
/// lower-triangular system `A W = Y` (Lemma 1) by forward substitution.
fn solve(a: Vec<f64>, z: &[f64], order: &[usize], labels: &[u8]) -> Memorizer {
    let n = order.len();
    let zs: Vec<f64> = order.iter().map(|&i| z[i]).collect(); // [n], increasing
    let mut b = vec![0.0; n]; // [n]: b₁ < z₍₁₎ < b₂ < … < bₙ < z₍ₙ₎
    b[0] = match n {
        1 => zs[0] - 1.0,
        _ => zs[0] - (1.0 - THRESHOLD_AT) * (zs[1] - zs[0]),
    };
    for k in 1..n {
        b[k] = zs[k - 1] + THRESHOLD_AT * (zs[k] - zs[k - 1]);
    }
    let mut w = vec![0.0; n * CLASSES]; // [n, CLASSES]
    for i in 0..n {
        // Row i of A W = Y: Σ_{j ≤ i} (z₍ᵢ₎ − bⱼ) W[j, :] = Y[i, :]; A[i, j] = 0 for j > i.
        let mut sum = [0.0; CLASSES];
        for j in 0..i {
            let h = zs[i] - b[j];
            for (s, &wc) in sum.iter_mut().zip(&w[j * CLASSES..(j + 1) * CLASSES]) {
                *s += h * wc;
            }
        }
        let diagonal = zs[i] - b[i];
        let label = labels[order[i]] as usize;
        for (c, s) in sum.iter().enumerate() {
            let y = if c == label { 1.0 } else { 0.0 };
            w[i * CLASSES + c] = (y - s) / diagonal;
        }
    }
    Memorizer { a, b, w }
}

/// A unit direction in ℝᵈ drawn from N(0, I) by the Box-Muller transform, seeded.
fn direction(dim: usize, seed: u64, attempt: u64) -> Vec<f64> {
    let mut rng = StdRng::seed_from_u64(seed ^ DIRECTION_STREAM ^ attempt.rotate_left(32));
    let mut a: Vec<f64> = (0..dim)
        .map(|_| {
            let u1: f64 = 1.0 - rng.random::<f64>(); // (0, 1]: ln is finite
            let u2: f64 = rng.random::<f64>();
            (-2.0 * u1.ln()).sqrt() * (std::f64::consts::TAU * u2).cos()
        })
        .collect();
    let norm = dot(&a, &a).sqrt().max(f64::MIN_POSITIVE);
    a.iter_mut().for_each(|v| *v /= norm);
    a
}

/// ⟨u, v⟩ in f64.
fn dot(u: &[f64], v: &[f64]) -> f64 {
    u.iter().zip(v).map(|(p, q)| p * q).sum()
}
