//! The paper's small AlexNet (Zhang et al. 2017, appendix A; after TensorFlow's CIFAR-10
//! tutorial): two (5x5 convolution + ReLU -> 3x3 max-pool, stride 2 -> local response
//! normalization) modules, dense layers of 384 and 192 ReLU units, a 10-way linear layer.
//!
//! Differs from the paper: 32 channels per convolution instead of 64 (a quarter of the
//! compute, so it trains in a browser tab); the input is the asset's `side x side` image,
//! not a 28x28 crop; dropout on the dense layers is available (off by default).

use burn::nn::conv::{Conv2d, Conv2dConfig};
use burn::nn::pool::{MaxPool2d, MaxPool2dConfig};
use burn::nn::{
    Dropout, DropoutConfig, Linear, LinearConfig, LocalResponseNorm, LocalResponseNormConfig,
    PaddingConfig2d, Relu,
};
use burn::prelude::*;

use super::CLASSES;
use crate::data::asset::CHANNELS;

/// Configuration of [`AlexNet`].
#[derive(Config, Debug)]
pub struct AlexNetConfig {
    /// Input side in pixels (at least 4).
    pub side: usize,
    /// Channels of both convolutions (the paper: 64).
    #[config(default = 32)]
    pub channels: usize,
    /// Units of the two hidden dense layers (the paper: 384 and 192).
    #[config(default = "[384, 192]")]
    pub dense: [usize; 2],
    /// Dropout probability after each hidden dense layer (0: none, as in the paper).
    #[config(default = 0.0)]
    pub dropout: f64,
}

impl AlexNetConfig {
    /// Creates the module.
    ///
    /// # Panics
    /// If `side` is less than 4.
    pub fn init(&self, device: &Device) -> AlexNet {
        assert!(self.side >= 4, "AlexNet input side must be at least 4");
        let c = self.channels;
        let conv = |from: usize| {
            Conv2dConfig::new([from, c], [5, 5])
                .with_padding(PaddingConfig2d::Same)
                .init(device)
        };
        // A 3x3, stride-2 pool with padding 1 maps side s to ceil(s / 2).
        let pooled = self.side.div_ceil(2).div_ceil(2);
        let [d1, d2] = self.dense;
        AlexNet {
            convs: vec![conv(CHANNELS), conv(c)],
            pool: MaxPool2dConfig::new([3, 3])
                .with_strides([2, 2])
                .with_padding(PaddingConfig2d::Explicit(1, 1, 1, 1))
                .init(),
            // TensorFlow's tutorial: depth radius 4, bias 1, alpha 0.001 / 9 on the *sum*
            // of squares, beta 0.75. Burn's LRN scales the *mean* over the window of 9, so
            // its alpha is 9 times larger: 0.001.
            norm: LocalResponseNormConfig::new(9)
                .with_alpha(0.001)
                .with_beta(0.75)
                .with_k(1.0)
                .init(),
            dense: vec![
                LinearConfig::new(c * pooled * pooled, d1).init(device),
                LinearConfig::new(d1, d2).init(device),
            ],
            output: LinearConfig::new(d2, CLASSES).init(device),
            dropout: DropoutConfig::new(self.dropout).init(),
            activation: Relu::new(),
        }
    }
}

/// Two conv/pool/LRN modules, two dense layers, a linear output.
#[derive(Module, Debug)]
pub struct AlexNet {
    convs: Vec<Conv2d>,
    pool: MaxPool2d,
    norm: LocalResponseNorm,
    dense: Vec<Linear>,
    output: Linear,
    dropout: Dropout,
    activation: Relu,
}

impl AlexNet {
    /// # Shapes
    /// - images: `[batch, 3, side, side]`
    /// - output: `[batch, 10]`
    pub fn forward(&self, images: Tensor<4>) -> Tensor<2> {
        let mut x = images;
        for conv in &self.convs {
            let x_conv = self.activation.forward(conv.forward(x)); // [batch, c, s, s]
            x = self.norm.forward(self.pool.forward(x_conv)); // [batch, c, ceil(s / 2), ..]
        }
        let mut x: Tensor<2> = x.flatten(1, 3); // [batch, c * ceil(side / 4)^2]
        for layer in &self.dense {
            x = self
                .dropout
                .forward(self.activation.forward(layer.forward(x))); // [batch, d]
        }
        self.output.forward(x) // [batch, 10]
    }
}
