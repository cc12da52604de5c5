//! The paper's randomizations of the training data, as pure seeded functions.
//!
//! Zhang et al. (2017), section 2: "partially corrupted labels: independently with
//! probability p, the label of each image is corrupted as a uniform random class";
//! "random pixels: a different random permutation is applied to each image independently".

use rand::rngs::StdRng;
use rand::seq::SliceRandom;
use rand::{RngExt, SeedableRng};

use super::asset::{CHANNELS, CLASSES};

/// Stream tags so labels and pixels draw from independent generators of one seed.
const LABEL_STREAM: u64 = 0x6c61_6265_6c73; // "labels"
const PIXEL_STREAM: u64 = 0x7069_7865_6c73; // "pixels"

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
        for channel in 0..CHANNELS {
            let base = channel * plane;
            for (to, &from) in order.iter().enumerate() {
                dst[base + to] = src[base + from];
            }
        }
    }
    out
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
}
