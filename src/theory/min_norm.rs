//! Section 5 of Zhang et al. (2017), "implicit regularization: an appeal to linear models".
//!
//! SGD on a linear model from w₀ = 0 keeps w in the span of the data, w = Xᵀα; if it also
//! interpolates, Xw = y, then
//!
//! ```text
//!   X Xᵀ α = y                                                                 (3)
//! ```
//!
//! "which has a unique solution", and w = Xᵀ(XXᵀ)⁻¹y is the minimum-ℓ2-norm solution of
//! Xw = y (the pseudo-inverse solution X⁺y). With a kernel the Gram matrix XXᵀ becomes
//! K = [k(xᵢ, xⱼ)] and the predictor f(x) = Σᵢ αᵢ k(x, xᵢ), the minimum-norm interpolant in
//! the kernel's feature space; the paper's CIFAR-10 figure uses "a Gaussian kernel on
//! pixels". Targets are one-hot (10 outputs; class = argmax), so y and α are n x 10.
//!
//! Solved with `faer`'s Cholesky factorization (K is symmetric positive definite when the
//! n images are linearly independent, Linear, or distinct, Gaussian). faer 0.24 rather than
//! nalgebra 0.35, measured on the default subset's 5,000 x 5,000 Gaussian kernel with the 10
//! one-hot columns, 2 cores (README, "The paper's Sections 4 and 5"): Cholesky + solve 2.2 s
//! against nalgebra's 20.5 s, LU + solve 3.4 s against 37.6 s, the same max |Kα − y|
//! (2.5e-12 and 1.7e-12); the Gram matrix XXᵀ (5,000 x 768 times its transpose) 1.8 s
//! against 1.45 s. faer's factorizations are blocked and its products reach the same speed;
//! nalgebra's decompositions are unblocked. Both build for wasm32 (faer without its
//! `rayon` feature, one thread).

use faer::linalg::solvers::Solve;
use faer::{MatRef, Side};
use thiserror::Error;

use super::{Inputs, Stopwatch, error_rate, one_hot};
use crate::data::asset::CLASSES;

/// The kernel k(x, x') of the Gram matrix.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Kernel {
    /// k(x, x') = ⟨x, x'⟩: the paper's linear model, equation (3). Needs n ≤ d.
    Linear,
    /// k(x, x') = exp(−γ‖x − x'‖²). `None`: γ = 1 / (mean ‖xᵢ − xⱼ‖² over pairs i ≠ j
    /// of training images), computed in O(nd).
    Gaussian(Option<f64>),
}

/// Why there is no interpolant.
#[derive(Debug, Clone, PartialEq, Error)]
pub enum MinNormError {
    /// No training image.
    #[error("the training split is empty")]
    Empty,
    /// XXᵀ (n x n) has rank at most d < n: no linear predictor fits every labeling.
    #[error(
        "{n} training images in {d} dimensions: XXᵀ has rank at most {d} < {n}, so no \
         linear predictor interpolates every labeling (the paper's \"if d ≥ n\"); use the \
         Gaussian kernel, or at most {d} training images"
    )]
    Underdetermined {
        /// Training images.
        n: usize,
        /// Their dimension.
        d: usize,
    },
    /// Cholesky met a non-positive pivot: the Gram matrix is singular to working precision
    /// (duplicate or linearly dependent images).
    #[error(
        "the Gram matrix is not positive definite (pivot {index} of {n}): duplicate or \
         linearly dependent training images"
    )]
    Singular {
        /// Index of the failing pivot.
        index: usize,
        /// Matrix size.
        n: usize,
    },
}

/// The interpolant of [`fit`].
#[derive(Clone, Debug, PartialEq)]
pub struct Fit {
    /// The kernel, with the Gaussian's γ resolved.
    pub kernel: Kernel,
    /// α, `[n, outputs]` row-major: K α = y.
    pub alpha: Vec<f64>,
    /// Linear kernel only: w = Xᵀα, `[d, outputs]` row-major, the minimum-norm solution.
    pub weights: Option<Vec<f64>>,
    /// K α on the training images, `[n, outputs]` row-major (= y up to rounding).
    pub train_scores: Vec<f64>,
    /// ‖w‖ (Frobenius over the outputs) = √(tr αᵀKα), the norm in the kernel's space.
    pub norm: f64,
}

/// Solves K α = y for training rows `x` (`[n, dim]` row-major) and targets `y`
/// (`[n, outputs]` row-major).
pub fn fit(
    x: &[f64],
    dim: usize,
    y: &[f64],
    outputs: usize,
    kernel: Kernel,
) -> Result<Fit, MinNormError> {
    let n = x.len() / dim.max(1);
    if n == 0 {
        return Err(MinNormError::Empty);
    }
    assert_eq!(y.len(), n * outputs, "y must be [n, outputs]");
    if kernel == Kernel::Linear && n > dim {
        return Err(MinNormError::Underdetermined { n, d: dim });
    }
    let xm = MatRef::from_row_major_slice(x, n, dim); // [n, d]
    let ym = MatRef::from_row_major_slice(y, n, outputs); // [n, outputs]
    let kernel = match kernel {
        Kernel::Gaussian(None) => Kernel::Gaussian(Some(1.0 / mean_squared_distance(x, dim))),
        other => other,
    };
    let mut k = xm * xm.transpose(); // [n, n] Gram matrix XXᵀ
    let sq: Vec<f64> = (0..n).map(|i| k[(i, i)]).collect(); // ‖xᵢ‖²
    if let Kernel::Gaussian(Some(gamma)) = kernel {
        apply_gaussian(k.as_mut(), &sq, &sq, gamma);
    }
    let llt = k.llt(Side::Lower).map_err(
        |faer::linalg::cholesky::llt::factor::LltError::NonPositivePivot { index }| {
            MinNormError::Singular { index, n }
        },
    )?;
    let alpha = llt.solve(ym); // [n, outputs]
    let scores = &k * &alpha; // [n, outputs] = K α
    let weights = (kernel == Kernel::Linear).then(|| xm.transpose() * &alpha); // [d, outputs]
    let norm = match &weights {
        Some(w) => w.norm_l2(),
        None => (0..n)
            .flat_map(|i| (0..outputs).map(move |c| (i, c)))
            .map(|(i, c)| alpha[(i, c)] * scores[(i, c)])
            .sum::<f64>()
            .max(0.0)
            .sqrt(),
    };
    Ok(Fit {
        kernel,
        alpha: row_major(alpha.as_ref()),
        weights: weights.map(|w| row_major(w.as_ref())),
        train_scores: row_major(scores.as_ref()),
        norm,
    })
}

/// The interpolant's scores on new rows `x_new` (`[m, dim]`): K(x_new, train) α, `[m, outputs]`.
pub fn predict(fit: &Fit, train_x: &[f64], x_new: &[f64], dim: usize) -> Vec<f64> {
    let (n, m) = (train_x.len() / dim, x_new.len() / dim);
    let outputs = fit.alpha.len() / n.max(1);
    let xt = MatRef::from_row_major_slice(train_x, n, dim); // [n, d]
    let xn = MatRef::from_row_major_slice(x_new, m, dim); // [m, d]
    let alpha = MatRef::from_row_major_slice(&fit.alpha, n, outputs); // [n, outputs]
    let mut k = xn * xt.transpose(); // [m, n] cross Gram matrix
    if let Kernel::Gaussian(Some(gamma)) = fit.kernel {
        let norms = |rows: &[f64]| -> Vec<f64> {
            rows.chunks_exact(dim)
                .map(|r| r.iter().map(|v| v * v).sum())
                .collect()
        };
        apply_gaussian(k.as_mut(), &norms(x_new), &norms(train_x), gamma);
    }
    row_major((&k * alpha).as_ref())
}

/// What [`run`] measured.
#[derive(Clone, Debug, PartialEq)]
pub struct MinNormReport {
    /// The kernel, γ resolved.
    pub kernel: Kernel,
    /// Training images, n.
    pub train_len: usize,
    /// Input dimension, d.
    pub dim: usize,
    /// Error on the training labels (0 up to rounding).
    pub train_error: f64,
    /// Error on the test split (argmax of the 10 outputs).
    pub test_error: f64,
    /// Largest |(Kα)ᵢ꜀ − yᵢ꜀| on the training split.
    pub max_residual: f64,
    /// ‖w‖, Frobenius over the 10 outputs (see [`Fit::norm`]).
    pub norm: f64,
    /// Seconds to fit (Gram matrix, kernel, Cholesky, solve); `None` on wasm32.
    pub fit_seconds: Option<f64>,
}

/// Fits the minimum-norm interpolant of the one-hot training labels of `inputs` and
/// measures it on both splits.
pub fn run(inputs: &Inputs, kernel: Kernel) -> Result<MinNormReport, MinNormError> {
    let y = one_hot(&inputs.train_labels); // [n, 10]
    let clock = Stopwatch::start();
    let fit = fit(&inputs.train_x, inputs.dim, &y, CLASSES, kernel)?;
    let fit_seconds = clock.seconds();
    let test_scores = predict(&fit, &inputs.train_x, &inputs.test_x, inputs.dim);
    let max_residual = fit
        .train_scores
        .iter()
        .zip(&y)
        .map(|(s, t)| (s - t).abs())
        .fold(0.0, f64::max);
    Ok(MinNormReport {
        kernel: fit.kernel,
        train_len: inputs.train_len(),
        dim: inputs.dim,
        train_error: error_rate(&fit.train_scores, &inputs.train_labels),
        test_error: error_rate(&test_scores, &inputs.test_labels),
        max_residual,
        norm: fit.norm,
        fit_seconds,
    })
}

/// Mean ‖xᵢ − xⱼ‖² over ordered pairs i ≠ j of the rows of `x` (`[n, dim]`), from
/// Σᵢⱼ ‖xᵢ − xⱼ‖² = 2n Σᵢ ‖xᵢ‖² − 2 ‖Σᵢ xᵢ‖².
pub fn mean_squared_distance(x: &[f64], dim: usize) -> f64 {
    let n = x.len() / dim;
    if n < 2 {
        return 1.0;
    }
    let mut sum = vec![0.0; dim]; // Σᵢ xᵢ, [d]
    let mut sum_sq = 0.0;
    for row in x.chunks_exact(dim) {
        for (s, v) in sum.iter_mut().zip(row) {
            *s += v;
            sum_sq += v * v;
        }
    }
    let total = 2.0 * n as f64 * sum_sq - 2.0 * sum.iter().map(|s| s * s).sum::<f64>();
    (total / (n * (n - 1)) as f64).max(f64::MIN_POSITIVE)
}

/// Turns inner products G[i, j] = ⟨uᵢ, vⱼ⟩ into exp(−γ‖uᵢ − vⱼ‖²), given ‖uᵢ‖² and ‖vⱼ‖².
fn apply_gaussian(mut g: faer::MatMut<'_, f64>, u_sq: &[f64], v_sq: &[f64], gamma: f64) {
    for j in 0..g.ncols() {
        for i in 0..g.nrows() {
            let d2 = (u_sq[i] + v_sq[j] - 2.0 * g[(i, j)]).max(0.0);
            g[(i, j)] = (-gamma * d2).exp();
        }
    }
}

/// A faer matrix as a row-major `Vec`.
fn row_major(m: MatRef<'_, f64>) -> Vec<f64> {
    (0..m.nrows())
        .flat_map(|i| (0..m.ncols()).map(move |j| m[(i, j)]))
        .collect()
}
