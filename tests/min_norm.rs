//! The minimum-norm interpolant (Section 5): on a small random case it equals the
//! pseudo-inverse solution computed here another way (a QR factorization of Xᵀ by modified
//! Gram-Schmidt), interpolates, and is shorter than another interpolant (itself plus a
//! null-space vector). The Gaussian kernel interpolates real CIFAR-10 labels, even random
//! ones. Needs no Burn (`cargo test --no-default-features --test min_norm`).
// The checks index matrices as the formulas do, independently of the library's code.
#![allow(clippy::needless_range_loop)]

use rethink::data::asset::{Asset, Split};
use rethink::data::randomize::corrupt_labels;
use rethink::theory::Inputs;
use rethink::theory::min_norm::{self, Kernel, MinNormError};

/// Seeded N(0, 1) values (an LCG and Box-Muller), independent of the crate's generators.
fn gaussian(count: usize, seed: u64) -> Vec<f64> {
    let mut state = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
    let mut uniform = move || {
        state = state
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((state >> 11) as f64 + 0.5) / (1u64 << 53) as f64
    };
    (0..count)
        .map(|_| (-2.0 * uniform().ln()).sqrt() * (std::f64::consts::TAU * uniform()).cos())
        .collect()
}

/// Row `i` of a row-major `[rows, cols]` matrix.
fn row(m: &[f64], cols: usize, i: usize) -> &[f64] {
    &m[i * cols..(i + 1) * cols]
}

/// X⁺y for X `[n, d]` (rank n ≤ d) and y `[n, k]`: Xᵀ = QR (Q `[d, n]` orthonormal columns,
/// R `[n, n]` upper triangular), so X = RᵀQᵀ and the shortest w with Xw = y is w = Qu with
/// Rᵀu = y. Returns (w `[d, k]`, Q stored as n columns of length d).
fn pinv_by_qr(x: &[f64], n: usize, d: usize, y: &[f64], k: usize) -> (Vec<f64>, Vec<Vec<f64>>) {
    let mut q: Vec<Vec<f64>> = Vec::new();
    let mut r = vec![0.0; n * n];
    for j in 0..n {
        let mut v = row(x, d, j).to_vec(); // column j of Xᵀ
        for (i, qi) in q.iter().enumerate() {
            let dot: f64 = qi.iter().zip(&v).map(|(a, b)| a * b).sum();
            r[i * n + j] = dot;
            v.iter_mut().zip(qi).for_each(|(vv, qq)| *vv -= dot * qq);
        }
        let norm = v.iter().map(|a| a * a).sum::<f64>().sqrt();
        r[j * n + j] = norm;
        q.push(v.iter().map(|a| a / norm).collect());
    }
    let mut u = vec![0.0; n * k]; // Rᵀu = y, forward substitution
    for i in 0..n {
        for c in 0..k {
            let s: f64 = (0..i).map(|j| r[j * n + i] * u[j * k + c]).sum();
            u[i * k + c] = (y[i * k + c] - s) / r[i * n + i];
        }
    }
    let mut w = vec![0.0; d * k];
    for (j, qj) in q.iter().enumerate() {
        for p in 0..d {
            for c in 0..k {
                w[p * k + c] += qj[p] * u[j * k + c];
            }
        }
    }
    (w, q)
}

/// X w for X `[n, d]`, w `[d, k]`.
fn apply(x: &[f64], n: usize, d: usize, w: &[f64], k: usize) -> Vec<f64> {
    let mut out = vec![0.0; n * k];
    for i in 0..n {
        for p in 0..d {
            for c in 0..k {
                out[i * k + c] += x[i * d + p] * w[p * k + c];
            }
        }
    }
    out
}

fn max_diff(a: &[f64], b: &[f64]) -> f64 {
    a.iter()
        .zip(b)
        .map(|(p, q)| (p - q).abs())
        .fold(0.0, f64::max)
}

fn norm(v: &[f64]) -> f64 {
    v.iter().map(|a| a * a).sum::<f64>().sqrt()
}

#[test]
fn linear_solution_is_the_pseudo_inverse_and_the_shortest() {
    let (n, d, k) = (20, 50, 3);
    let x = gaussian(n * d, 1);
    let y = gaussian(n * k, 2);
    let fit = min_norm::fit(&x, d, &y, k, Kernel::Linear).unwrap();
    let w = fit.weights.as_ref().expect("linear weights");
    assert_eq!(w.len(), d * k);
    let (w_qr, q) = pinv_by_qr(&x, n, d, &y, k);
    assert!(max_diff(w, &w_qr) < 1e-10, "{}", max_diff(w, &w_qr));
    assert!(max_diff(&apply(&x, n, d, w, k), &y) < 1e-10, "interpolates");
    assert!(max_diff(&fit.train_scores, &y) < 1e-10);
    assert!((fit.norm - norm(w)).abs() < 1e-10);
    // A null-space vector v = (I - QQᵀ) r: X v = 0, so w + v interpolates too, and is longer.
    let r = gaussian(d * k, 3);
    let mut v = r.clone();
    for qj in &q {
        for c in 0..k {
            let dot: f64 = (0..d).map(|p| qj[p] * r[p * k + c]).sum();
            (0..d).for_each(|p| v[p * k + c] -= dot * qj[p]);
        }
    }
    let other: Vec<f64> = w.iter().zip(&v).map(|(a, b)| a + b).collect();
    assert!(
        max_diff(&apply(&x, n, d, &other, k), &y) < 1e-10,
        "w + v interpolates"
    );
    assert!(norm(&v) > 1.0);
    assert!(
        norm(&other) > norm(w) + 0.1,
        "{} vs {}",
        norm(&other),
        norm(w)
    );
    // Prediction of new rows is X_new w.
    let x_new = gaussian(4 * d, 4);
    let scores = min_norm::predict(&fit, &x, &x_new, d);
    assert!(max_diff(&scores, &apply(&x_new, 4, d, w, k)) < 1e-10);
}

#[test]
fn linear_refuses_more_images_than_dimensions() {
    let (n, d) = (6, 4);
    let error = min_norm::fit(&gaussian(n * d, 5), d, &vec![0.0; n], 1, Kernel::Linear);
    assert_eq!(
        error.unwrap_err(),
        MinNormError::Underdetermined { n: 6, d: 4 }
    );
}

#[test]
fn gaussian_kernel_interpolates_and_gamma_is_the_mean_distance() {
    let (n, d) = (30, 8);
    let x = gaussian(n * d, 6);
    let y = gaussian(n, 7);
    let fit = min_norm::fit(&x, d, &y, 1, Kernel::Gaussian(None)).unwrap();
    let mut total = 0.0;
    for i in 0..n {
        for j in 0..n {
            total += row(&x, d, i)
                .iter()
                .zip(row(&x, d, j))
                .map(|(a, b)| (a - b) * (a - b))
                .sum::<f64>();
        }
    }
    let gamma = (n * (n - 1)) as f64 / total;
    match fit.kernel {
        Kernel::Gaussian(Some(g)) => assert!((g - gamma).abs() < 1e-12 * gamma),
        other => panic!("{other:?}"),
    }
    assert!(fit.weights.is_none());
    assert!(max_diff(&fit.train_scores, &y) < 1e-9);
    assert!(max_diff(&min_norm::predict(&fit, &x, &x, d), &y) < 1e-9);
}

#[test]
fn gaussian_kernel_fits_real_random_labels() {
    let path = std::env::var("RETHINK_TEST_ASSET").unwrap_or("www/data/e2e-16px.bin".into());
    let bytes = std::fs::read(&path).unwrap_or_else(|e| {
        panic!("{path}: {e}. Build it with `cargo run --no-default-features --bin rethink -- data --train 500 --test 500 --out {path}`")
    });
    let asset = Asset::from_bytes(&bytes).unwrap();
    for p in [0.0, 1.0] {
        let train = Split {
            labels: corrupt_labels(&asset.train.labels, p, 3),
            pixels: asset.train.pixels.clone(),
        };
        let inputs = Inputs::standardized(&train, &asset.test, asset.side);
        let report = min_norm::run(&inputs, Kernel::Gaussian(None)).unwrap();
        assert_eq!(report.train_error, 0.0, "p = {p}");
        assert!(
            report.max_residual < 1e-6,
            "p = {p}: {}",
            report.max_residual
        );
        assert!(report.norm.is_finite() && report.norm > 0.0);
        if p == 1.0 {
            assert!(
                report.test_error > 0.8,
                "random labels: {}",
                report.test_error
            );
        }
        // n = 500 <= d = 768: the linear interpolant exists too.
        let linear = min_norm::run(&inputs, Kernel::Linear).unwrap();
        assert_eq!(linear.train_error, 0.0, "p = {p}, linear");
    }
}
