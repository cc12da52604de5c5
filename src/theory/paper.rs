//! The paper's own figures for what [`super::theorem1`] and [`super::min_norm`] compute,
//! with the conditions that differ from ours, in one place: `rethink theorem1` and
//! `rethink min-norm` print them, and the page shows them beside its results (`web.rs`).
//! Source: Zhang et al., "Understanding deep learning requires rethinking generalization",
//! ICLR 2017 (arXiv 1611.03530), Sections 4 and 5.

/// Theorem 1 (Section 4) is an existence result: the paper reports no measurement.
pub const THEOREM1: &str = "Paper: a statement, not a measurement: 2n + d weights fit any labels \
     of n points in d dimensions (there: n = 50,000 CIFAR-10 images of d = 3,072 values, \
     2n + d = 103,072).";

/// Section 5's figures for the minimum-norm interpolant, solving equation (3).
pub const MIN_NORM_GAUSSIAN: &str = "Paper (Section 5): CIFAR-10 with a Gaussian kernel on pixels, \
     no regularization: 46 % test error (random convolutional features, 32,000 filters: 17 %; \
     with ℓ2 regularization: 15 %); MNIST, no preprocessing: 1.2 %, ‖w‖ ≈ 220; Gabor wavelets: \
     0.6 %, ‖w‖ ≈ 390. There: all 50,000 (60,000) training images at 32x32 (28x28) px, true \
     labels, kernel width not given.";
