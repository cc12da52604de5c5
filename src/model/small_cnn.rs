//! A small convolutional network, not in the paper: three 3x3 conv + ReLU + 2x2 max-pool
//! stages (16, 32, 64 channels) and a 128-unit dense layer. The quickest model with
//! convolutions, for a tab on a slow machine.

use burn::nn::conv::{Conv2d, Conv2dConfig};
use burn::nn::pool::{MaxPool2d, MaxPool2dConfig};
use burn::nn::{Dropout, DropoutConfig, Linear, LinearConfig, PaddingConfig2d, Relu};
use burn::prelude::*;

use super::CLASSES;
use crate::data::asset::CHANNELS;

/// Configuration of [`SmallCnn`].
#[derive(Config, Debug)]
pub struct SmallCnnConfig {
    /// Input side in pixels; must be a multiple of 8 (three 2x2 poolings).
    pub side: usize,
    /// Channels of the three convolution stages.
    #[config(default = "[16, 32, 64]")]
    pub channels: [usize; 3],
    /// Units of the dense layer.
    #[config(default = 128)]
    pub dense: usize,
    /// Dropout probability after the dense layer (0: none).
    #[config(default = 0.0)]
    pub dropout: f64,
}

impl SmallCnnConfig {
    /// Creates the module.
    ///
    /// # Panics
    /// If `side` is not a positive multiple of 8.
    pub fn init(&self, device: &Device) -> SmallCnn {
        assert!(
            self.side >= 8 && self.side.is_multiple_of(8),
            "CNN input side must be a multiple of 8"
        );
        let [c1, c2, c3] = self.channels;
        let conv = |from: usize, to: usize| {
            Conv2dConfig::new([from, to], [3, 3])
                .with_padding(PaddingConfig2d::Same)
                .init(device)
        };
        let flat = c3 * (self.side / 8) * (self.side / 8);
        SmallCnn {
            convs: vec![conv(CHANNELS, c1), conv(c1, c2), conv(c2, c3)],
            pool: MaxPool2dConfig::new([2, 2]).with_strides([2, 2]).init(),
            dense: LinearConfig::new(flat, self.dense).init(device),
            output: LinearConfig::new(self.dense, CLASSES).init(device),
            dropout: DropoutConfig::new(self.dropout).init(),
            activation: Relu::new(),
        }
    }
}

/// Three conv/ReLU/max-pool stages, then dense + ReLU + dropout, dense.
#[derive(Module, Debug)]
pub struct SmallCnn {
    convs: Vec<Conv2d>,
    pool: MaxPool2d,
    dense: Linear,
    output: Linear,
    dropout: Dropout,
    activation: Relu,
}

impl SmallCnn {
    /// # Shapes
    /// - images: `[batch, 3, side, side]`
    /// - output: `[batch, 10]`
    pub fn forward(&self, images: Tensor<4>) -> Tensor<2> {
        let mut x = images;
        for conv in &self.convs {
            // [batch, c, s, s] -> [batch, c', s, s] -> [batch, c', s / 2, s / 2]
            x = self.pool.forward(self.activation.forward(conv.forward(x)));
        }
        let x: Tensor<2> = x.flatten(1, 3); // [batch, c3 * (side / 8)^2]
        let x = self
            .dropout
            .forward(self.activation.forward(self.dense.forward(x))); // [batch, dense]
        self.output.forward(x) // [batch, 10]
    }
}
