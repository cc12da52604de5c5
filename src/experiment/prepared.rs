//! The paper's randomizations applied to an asset: pure and seeded.

use crate::data::asset::{Asset, Split};
use crate::data::normalize::ChannelStats;
use crate::data::randomize::{
    corrupt_labels, gaussian_images, permute_pixels_per_image, shuffle_pixels_fixed,
};

use super::config::{ExperimentConfig, PixelCorruption};

/// The data a run trains and tests on, after the randomizations: training labels
/// corrupted with probability p; the images of both splits corrupted as
/// [`PixelCorruption`] says. Test labels are always the true ones.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PreparedData {
    /// Training images and the labels the network is fitted to.
    pub train: Split,
    /// Test images and their true labels.
    pub test: Split,
}

impl PreparedData {
    /// Applies `config`'s randomizations to `asset`; pure and seeded.
    pub fn new(asset: &Asset, config: &ExperimentConfig) -> PreparedData {
        let side = asset.side;
        let train_labels = corrupt_labels(
            &asset.train.labels,
            config.label_corruption.clamp(0.0, 1.0),
            config.seed,
        );
        let (train, test) = (&asset.train.pixels, &asset.test.pixels);
        let test_seed = config.seed.wrapping_add(1);
        let (train_pixels, test_pixels) = match config.pixels {
            PixelCorruption::None => (train.clone(), test.clone()),
            PixelCorruption::Shuffled => (
                shuffle_pixels_fixed(train, side, config.seed),
                shuffle_pixels_fixed(test, side, config.seed),
            ),
            PixelCorruption::Random => (
                permute_pixels_per_image(train, side, config.seed),
                permute_pixels_per_image(test, side, test_seed),
            ),
            PixelCorruption::Gaussian => {
                let stats = ChannelStats::of(train, side);
                (
                    gaussian_images(asset.train.len(), side, &stats, config.seed),
                    gaussian_images(asset.test.len(), side, &stats, test_seed),
                )
            }
        };
        PreparedData {
            train: Split {
                labels: train_labels,
                pixels: train_pixels,
            },
            test: Split {
                labels: asset.test.labels.clone(),
                pixels: test_pixels,
            },
        }
    }
}
