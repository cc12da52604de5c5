//! Data augmentation, the paper's section 3 regularizer: every training image of every
//! batch is randomly cropped (after zero padding) and randomly flipped left-right.
//!
//! The crop and flip of each image are drawn on the host from a seeded RNG and applied on
//! the device with one `gather`, so the batch never leaves the device.

use burn::prelude::*;
use rand::RngExt;
use rand::rngs::StdRng;

use crate::data::asset::CHANNELS;

/// Padding on each side: an eighth of the side, i.e. the usual 4 px at CIFAR's 32 px.
pub fn padding_for(side: usize) -> usize {
    (side / 8).max(1)
}

/// For each image of a batch, where every output value is read from in the zero-padded
/// image: `[batch * 3 * side * side]` indices into `[3, side + 2 pad, side + 2 pad]`.
pub fn crop_flip_indices(batch: usize, side: usize, pad: usize, rng: &mut StdRng) -> Vec<i64> {
    let padded = side + 2 * pad;
    let mut indices = Vec::with_capacity(batch * CHANNELS * side * side);
    for _ in 0..batch {
        let dy = rng.random_range(0..=2 * pad);
        let dx = rng.random_range(0..=2 * pad);
        let flip = rng.random_bool(0.5);
        for c in 0..CHANNELS {
            for y in 0..side {
                for x in 0..side {
                    let source_x = if flip { side - 1 - x } else { x };
                    indices.push((c * padded * padded + (y + dy) * padded + source_x + dx) as i64);
                }
            }
        }
    }
    indices
}

/// Randomly crops and flips every image of `images` (`[batch, 3, side, side]`, same shape
/// out). Padding is zero, which is the channel mean once inputs are standardized.
pub fn crop_and_flip(images: Tensor<4>, rng: &mut StdRng) -> Tensor<4> {
    let [batch, channels, side, _] = images.dims();
    let pad = padding_for(side);
    let padded = side + 2 * pad;
    let device = images.device();
    let indices = crop_flip_indices(batch, side, pad, rng);
    let indices: Tensor<2, Int> = Tensor::from_data(
        TensorData::new(indices, [batch, channels * side * side]),
        &device,
    );
    let flat: Tensor<2> = images
        .pad(
            [(pad, pad), (pad, pad)],
            burn::tensor::ops::PadMode::Constant(0.0),
        ) // [b, 3, S, S]
        .reshape([batch, channels * padded * padded]); // [b, 3 * S * S]
    flat.gather(1, indices) // [b, 3 * side * side]
        .reshape([batch, channels, side, side])
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;

    #[test]
    fn indices_stay_inside_the_padded_image_and_keep_rows_whole() {
        let (side, pad) = (8, 1);
        let padded = side + 2 * pad;
        let mut rng = StdRng::seed_from_u64(3);
        let indices = crop_flip_indices(50, side, pad, &mut rng);
        assert_eq!(indices.len(), 50 * 3 * side * side);
        let per_image = 3 * side * side;
        for image in indices.chunks(per_image) {
            assert!(image.iter().all(|&i| (i as usize) < 3 * padded * padded));
            // Neighbours in a row are neighbours in the source (flipped or not).
            let step = image[1] - image[0];
            assert!(step == 1 || step == -1, "step {step}");
            // Channel c reads channel c.
            assert_eq!(image[side * side] - image[0], (padded * padded) as i64);
        }
    }

    #[test]
    fn crops_and_flips_all_occur() {
        let (side, pad) = (4, 1);
        let mut rng = StdRng::seed_from_u64(7);
        let indices = crop_flip_indices(400, side, pad, &mut rng);
        let firsts: std::collections::HashSet<i64> = indices
            .chunks(3 * side * side)
            .map(|image| image[0])
            .collect();
        // 3 x 3 offsets x 2 flips: a flipped row starts at its right end, so 18 starts.
        assert_eq!(firsts.len(), 18);
    }

    #[test]
    fn the_device_op_reads_what_the_indices_say() {
        let (batch, side) = (3, 8);
        let pad = padding_for(side);
        let padded = side + 2 * pad;
        let values: Vec<f32> = (1..=batch * 3 * side * side).map(|v| v as f32).collect();
        let device = Device::flex();
        let images = Tensor::<4>::from_data(
            TensorData::new(values.clone(), [batch, 3, side, side]),
            &device,
        );
        let out = crop_and_flip(images, &mut StdRng::seed_from_u64(5));
        let out: Vec<f32> = out.into_data().try_to_vec::<f32>().unwrap();
        let indices = crop_flip_indices(batch, side, pad, &mut StdRng::seed_from_u64(5));
        let per_image = 3 * side * side;
        for (position, &index) in indices.iter().enumerate() {
            let image = position / per_image;
            let (c, rest) = (
                index as usize / (padded * padded),
                index as usize % (padded * padded),
            );
            let (y, x) = (rest / padded, rest % padded);
            let inside = (pad..pad + side).contains(&y) && (pad..pad + side).contains(&x);
            let expected = if inside {
                values[image * per_image + c * side * side + (y - pad) * side + (x - pad)]
            } else {
                0.0
            };
            assert_eq!(out[position], expected, "at {position}");
        }
    }
}
