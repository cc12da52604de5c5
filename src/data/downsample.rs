//! Shrinking 32x32 CIFAR images and taking class-balanced subsets of a split.

use super::asset::{CHANNELS, CLASSES, Split};

/// Side of an original CIFAR-10 image.
pub const CIFAR_SIDE: usize = 32;

/// Downsamples every `[3, 32, 32]` image of `pixels` to `[3, side, side]` by averaging
/// each `(32 / side) x (32 / side)` block (2x2 for 16 px), rounding to nearest.
///
/// # Panics
/// If `side` does not divide 32 or `pixels` is not a whole number of images.
pub fn downsample(pixels: &[u8], side: usize) -> Vec<u8> {
    assert!(
        side > 0 && CIFAR_SIDE.is_multiple_of(side),
        "side {side} must divide {CIFAR_SIDE}"
    );
    let src_len = CHANNELS * CIFAR_SIDE * CIFAR_SIDE;
    assert_eq!(
        pixels.len() % src_len,
        0,
        "not a whole number of 32x32 images"
    );
    let factor = CIFAR_SIDE / side;
    let area = (factor * factor) as u32;
    let mut out = Vec::with_capacity(pixels.len() / area as usize);
    for plane in pixels.chunks_exact(CIFAR_SIDE * CIFAR_SIDE) {
        for y in 0..side {
            for x in 0..side {
                let mut sum = 0u32;
                for dy in 0..factor {
                    let row = (y * factor + dy) * CIFAR_SIDE + x * factor;
                    sum += plane[row..row + factor]
                        .iter()
                        .map(|&v| v as u32)
                        .sum::<u32>();
                }
                out.push(((sum + area / 2) / area) as u8);
            }
        }
    }
    out
}

/// Takes the first `count / 10` images of each class, in file order, keeping their
/// relative order: a deterministic, class-balanced subset.
///
/// # Panics
/// If `count` is not a multiple of 10 or a class has fewer than `count / 10` images.
pub fn balanced_subset(split: &Split, count: usize) -> Split {
    assert_eq!(
        count % CLASSES,
        0,
        "subset size {count} must be a multiple of {CLASSES}"
    );
    let per_class = count / CLASSES;
    let image_len = split.pixels.len() / split.len().max(1);
    let mut taken = [0usize; CLASSES];
    let mut out = Split {
        labels: Vec::with_capacity(count),
        pixels: Vec::new(),
    };
    for (index, &label) in split.labels.iter().enumerate() {
        let class = label as usize;
        if taken[class] < per_class {
            taken[class] += 1;
            out.labels.push(label);
            out.pixels
                .extend_from_slice(&split.pixels[index * image_len..(index + 1) * image_len]);
        }
    }
    assert!(
        taken.iter().all(|&t| t == per_class),
        "not enough images per class: {taken:?}"
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn averages_blocks_and_keeps_planes_apart() {
        // Red plane: 0 and 255 alternating columns -> every 2x2 block averages to 128.
        let mut image = vec![0u8; CHANNELS * CIFAR_SIDE * CIFAR_SIDE];
        for (i, v) in image[..1024].iter_mut().enumerate() {
            *v = if i % 2 == 0 { 0 } else { 255 };
        }
        image[1024..2048].fill(7);
        image[2048..].fill(200);
        let small = downsample(&image, 16);
        assert_eq!(small.len(), 3 * 16 * 16);
        assert!(small[..256].iter().all(|&v| v == 128));
        assert!(small[256..512].iter().all(|&v| v == 7));
        assert!(small[512..].iter().all(|&v| v == 200));
        assert_eq!(downsample(&image, 32), image);
        assert_eq!(downsample(&image, 8).len(), 3 * 8 * 8);
    }

    #[test]
    fn subset_is_balanced_and_ordered() {
        let labels: Vec<u8> = (0..100).map(|i| (i % 10) as u8).collect();
        let pixels: Vec<u8> = (0..100).flat_map(|i| [i as u8; 2]).collect();
        let split = Split { labels, pixels };
        let subset = balanced_subset(&split, 20);
        assert_eq!(
            subset.labels,
            [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9]
        );
        assert_eq!(&subset.pixels[..4], &[0, 0, 1, 1]);
        assert_eq!(&subset.pixels[20..22], &[10, 10]);
    }
}
