//! The paper's randomizations of the training data, as pure seeded functions.
//!
//! Zhang et al. (2017), section 2: "partially corrupted labels: independently with
//! probability p, the label of each image is corrupted as a uniform random class";
//! "random pixels: a different random permutation is applied to each image independently";
//! "shuffled pixels: a random permutation of the pixels is chosen and then the same
//! permutation is applied to all the images in both training and test set"; "Gaussian: a
//! Gaussian distribution (with matching mean and variance to the original image dataset)
//! is used to generate random pixels for each image".

use rand::rngs::StdRng;
use rand::seq::SliceRandom;
use rand::{RngExt, SeedableRng};

use super::asset::{CHANNELS, CLASSES};
use super::normalize::ChannelStats;

/// Stream tags so labels and pixels draw from independent generators of one seed.
const LABEL_STREAM: u64 = 0x6c61_6265_6c73; // "labels"
const PIXEL_STREAM: u64 = 0x7069_7865_6c73; // "pixels"
const GAUSS_STREAM: u64 = 0x6761_7573_7300; // "gauss"

/// Replaces each label, with probability `p`, by a class drawn uniformly from all 10
/// (so about `0.9 p` of the labels change). `p = 1` gives random labels.
pub fn corrupt_labels(labels: &[u8], p: f64, seed: u64) -> Vec<u8> {
    let p = p.clamp(0.0, 1.0);
    let mut rng = StdRng::seed_from_u64(seed ^ LABEL_STREAM);
    labels
        .iter()
        .map(|&label| {
            // Draw both numbers for every image so the same seed corrupts the same
            // images whatever p is.
            let corrupt = rng.random::<f64>() < p;
            let class = rng.random_range(0..CLASSES as u8);
            if corrupt { class } else { label }
        })
        .collect()
}

/// Applies an independent random permutation of pixel positions to each image
/// (`[3, side, side]` bytes, channel-major); the three channel values of a pixel move
/// together, so every image keeps its multiset of colours.
pub fn permute_pixels_per_image(pixels: &[u8], side: usize, seed: u64) -> Vec<u8> {
    let plane = side * side;
    let image_len = CHANNELS * plane;
    let mut rng = StdRng::seed_from_u64(seed ^ PIXEL_STREAM);
    let mut order: Vec<usize> = (0..plane).collect();
    let mut out = vec![0u8; pixels.len()];
    for (src, dst) in pixels
        .chunks_exact(image_len)
        .zip(out.chunks_exact_mut(image_len))
    {
        order.shuffle(&mut rng);
        apply_permutation(src, dst, &order, plane);
    }
    out
}

/// Applies one random permutation of pixel positions, the same for every image (pass
/// the same seed for the train and the test split). Channel values of a pixel move
/// together.
pub fn shuffle_pixels_fixed(pixels: &[u8], side: usize, seed: u64) -> Vec<u8> {
    let plane = side * side;
    let mut order: Vec<usize> = (0..plane).collect();
    order.shuffle(&mut StdRng::seed_from_u64(seed ^ PIXEL_STREAM));
    let mut out = vec![0u8; pixels.len()];
    for (src, dst) in pixels
        .chunks_exact(CHANNELS * plane)
        .zip(out.chunks_exact_mut(CHANNELS * plane))
    {
        apply_permutation(src, dst, &order, plane);
    }
    out
}

/// Replaces `count` images by Gaussian noise with each channel's mean and standard
/// deviation from `stats`, rounded and clamped to bytes (clamping trims the tails: with
/// CIFAR-10's statistics about 5% of values fall outside 0..255).
pub fn gaussian_images(count: usize, side: usize, stats: &ChannelStats, seed: u64) -> Vec<u8> {
    let plane = side * side;
    let mut rng = StdRng::seed_from_u64(seed ^ GAUSS_STREAM);
    let mut out = Vec::with_capacity(count * CHANNELS * plane);
    for _ in 0..count {
        for channel in 0..CHANNELS {
            let (mean, std) = (stats.mean[channel] as f64, stats.std[channel] as f64);
            for _ in 0..plane {
                out.push(
                    (mean + std * standard_normal(&mut rng))
                        .round()
                        .clamp(0.0, 255.0) as u8,
                );
            }
        }
    }
    out
}

/// One draw from N(0, 1) by the Box-Muller transform.
fn standard_normal(rng: &mut StdRng) -> f64 {
    let u1: f64 = 1.0 - rng.random::<f64>(); // in (0, 1], so ln is finite
    let u2: f64 = rng.random::<f64>();
    (-2.0 * u1.ln()).sqrt() * (std::f64::consts::TAU * u2).cos()
}

/// Writes `src` permuted by `order` (destination position -> source position) into `dst`,
/// channel by channel.
fn apply_permutation(src: &[u8], dst: &mut [u8], order: &[usize], plane: usize) {
    for channel in 0..CHANNELS {
        let base = channel * plane;
        for (to, &from) in order.iter().enumerate() {
            dst[base + to] = src[base + from];
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sorted_pixels(image: &[u8], plane: usize) -> Vec<[u8; 3]> {
        let mut px: Vec<[u8; 3]> = (0..plane)
            .map(|i| [image[i], image[plane + i], image[2 * plane + i]])
            .collect();
        px.sort();
        px
    }

    #[test]
    fn corruption_changes_about_nine_tenths_of_p() {
        let labels: Vec<u8> = (0..20_000).map(|i| (i % 10) as u8).collect();
        for p in [0.0, 0.2, 0.5, 1.0] {
            let noisy = corrupt_labels(&labels, p, 7);
            let changed = labels.iter().zip(&noisy).filter(|(a, b)| a != b).count();
            let fraction = changed as f64 / labels.len() as f64;
            assert!(
                (fraction - 0.9 * p).abs() < 0.015,
                "p={p}: changed {fraction}"
            );
            assert!(noisy.iter().all(|&l| (l as usize) < CLASSES));
        }
    }

    #[test]
    fn same_seed_same_labels_other_seed_other_labels() {
        let labels = vec![3u8; 1000];
        assert_eq!(
            corrupt_labels(&labels, 1.0, 1),
            corrupt_labels(&labels, 1.0, 1)
        );
        assert_ne!(
            corrupt_labels(&labels, 1.0, 1),
            corrupt_labels(&labels, 1.0, 2)
        );
    }

    #[test]
    fn random_pixels_preserve_each_images_colours_and_differ_per_image() {
        let side = 4;
        let plane = side * side;
        let image: Vec<u8> = (0..3 * plane as u8).collect();
        let pixels = [image.clone(), image.clone()].concat();
        let shuffled = permute_pixels_per_image(&pixels, side, 9);
        let (first, second) = shuffled.split_at(3 * plane);
        assert_eq!(sorted_pixels(first, plane), sorted_pixels(&image, plane));
        assert_eq!(sorted_pixels(second, plane), sorted_pixels(&image, plane));
        assert_ne!(first, &image[..], "a permutation should move pixels");
        assert_ne!(first, second, "each image gets its own permutation");
        assert_eq!(shuffled, permute_pixels_per_image(&pixels, side, 9));
    }

    #[test]
    fn shuffled_pixels_use_one_permutation_for_every_image() {
        let side = 4;
        let plane = side * side;
        let a: Vec<u8> = (0..3 * plane as u8).collect();
        let b: Vec<u8> = a.iter().map(|v| v.wrapping_mul(3)).collect();
        let out = shuffle_pixels_fixed(&[a.clone(), b.clone()].concat(), side, 5);
        let (sa, sb) = out.split_at(3 * plane);
        assert_ne!(sa, &a[..]);
        // Pixel i of image b went where pixel i of image a went.
        for i in 0..3 * plane {
            let to = sa.iter().position(|&v| v == a[i]).unwrap();
            assert_eq!(sb[to], b[i]);
        }
        assert_eq!(sorted_pixels(sa, plane), sorted_pixels(&a, plane));
    }

    #[test]
    fn gaussian_noise_matches_the_channel_statistics() {
        let stats = ChannelStats {
            mean: [125.3, 122.9, 113.9],
            std: [40.0, 30.0, 20.0],
        };
        let noise = gaussian_images(400, 8, &stats, 11);
        assert_eq!(noise.len(), 400 * 3 * 64);
        let measured = ChannelStats::of(&noise, 8);
        for c in 0..3 {
            assert!(
                (measured.mean[c] - stats.mean[c]).abs() < 1.0,
                "mean {c}: {measured:?}"
            );
            assert!(
                (measured.std[c] / stats.std[c] - 1.0).abs() < 0.03,
                "std {c}: {measured:?}"
            );
        }
        assert_ne!(noise, gaussian_images(400, 8, &stats, 12));
    }
}
