//! Bytes to network inputs: per-channel standardization with the training split's
//! statistics (the paper whitens its inputs; per-channel standardization is the
//! lightweight version used here and by most CIFAR-10 pipelines).

use super::asset::CHANNELS;

/// Mean and standard deviation of each colour channel, in byte units (0..255).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ChannelStats {
    /// Per-channel mean.
    pub mean: [f32; CHANNELS],
    /// Per-channel standard deviation (never below 1e-3, so dividing by it is safe).
    pub std: [f32; CHANNELS],
}

impl ChannelStats {
    /// Computes the statistics of channel-major `[n, 3, side, side]` byte images.
    pub fn of(pixels: &[u8], side: usize) -> ChannelStats {
        let plane = side * side;
        let mut sum = [0f64; CHANNELS];
        let mut sum_sq = [0f64; CHANNELS];
        for image in pixels.chunks_exact(CHANNELS * plane) {
            for (channel, values) in image.chunks_exact(plane).enumerate() {
                for &v in values {
                    sum[channel] += v as f64;
                    sum_sq[channel] += (v as f64) * (v as f64);
                }
            }
        }
        let count = (pixels.len() / CHANNELS).max(1) as f64;
        let mut stats = ChannelStats {
            mean: [0.0; CHANNELS],
            std: [1.0; CHANNELS],
        };
        for c in 0..CHANNELS {
            let mean = sum[c] / count;
            let var = (sum_sq[c] / count - mean * mean).max(0.0);
            stats.mean[c] = mean as f32;
            stats.std[c] = (var.sqrt() as f32).max(1e-3);
        }
        stats
    }

    /// Standardizes channel-major byte images into `f32` values, same layout.
    pub fn normalize(&self, pixels: &[u8], side: usize) -> Vec<f32> {
        let plane = side * side;
        let mut out = Vec::with_capacity(pixels.len());
        for image in pixels.chunks_exact(CHANNELS * plane) {
            for (channel, values) in image.chunks_exact(plane).enumerate() {
                let (mean, std) = (self.mean[channel], self.std[channel]);
                out.extend(values.iter().map(|&v| (v as f32 - mean) / std));
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalized_channels_have_zero_mean_unit_variance() {
        let side = 2;
        // Two images; red varies, green constant, blue two levels.
        let pixels = [
            [0, 10, 20, 30, 5, 5, 5, 5, 0, 0, 255, 255],
            [40, 50, 60, 70, 5, 5, 5, 5, 0, 255, 0, 255],
        ]
        .concat();
        let stats = ChannelStats::of(&pixels, side);
        assert!((stats.mean[0] - 35.0).abs() < 1e-4);
        assert!((stats.mean[1] - 5.0).abs() < 1e-4);
        assert_eq!(stats.std[1], 1e-3, "constant channel gets the floor std");
        let x = stats.normalize(&pixels, side);
        for c in [0, 2] {
            let values: Vec<f32> = x.chunks(4).skip(c).step_by(3).flatten().copied().collect();
            let mean = values.iter().sum::<f32>() / values.len() as f32;
            let var = values.iter().map(|v| (v - mean).powi(2)).sum::<f32>() / values.len() as f32;
            assert!(
                mean.abs() < 1e-5 && (var - 1.0).abs() < 1e-4,
                "channel {c}: {mean} {var}"
            );
        }
    }
}
