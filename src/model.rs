//! The networks, as Burn modules with their configs.
//!
//! - [`Mlp`]: the paper's "MLP 1x512": one hidden layer of 512 ReLU units.
//! - [`SmallCnn`]: a small convolutional network (three 3x3 conv + ReLU + 2x2 max-pool
//!   stages with 16, 32 and 64 channels, then a 128-unit dense layer). It stands in for
//!   the paper's AlexNet/Inception until those land; it is small enough to train in a tab.

use burn::nn::conv::{Conv2d, Conv2dConfig};
use burn::nn::pool::{MaxPool2d, MaxPool2dConfig};
use burn::nn::{Linear, LinearConfig, PaddingConfig2d, Relu};
use burn::prelude::*;
use serde::{Deserialize, Serialize};

use crate::data::asset::CHANNELS;

/// Which network to train.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ModelKind {
    /// Multilayer perceptron with one hidden layer of 512 units.
    #[default]
    Mlp,
    /// Small convolutional network.
    Cnn,
}

impl ModelKind {
    /// Builds the network for `side x side` RGB inputs on `device`.
    pub fn init(self, side: usize, device: &Device) -> Network {
        match self {
            ModelKind::Mlp => Network::Mlp(MlpConfig::new(CHANNELS * side * side).init(device)),
            ModelKind::Cnn => Network::Cnn(SmallCnnConfig::new(side).init(device)),
        }
    }
}

/// Either network, so a trainer can hold one without generics.
#[derive(Module, Debug)]
pub enum Network {
    /// See [`Mlp`].
    Mlp(Mlp),
    /// See [`SmallCnn`].
    Cnn(SmallCnn),
}

impl Network {
    /// # Shapes
    /// - images: `[batch, 3, side, side]`
    /// - output: `[batch, 10]` logits
    pub fn forward(&self, images: Tensor<4>) -> Tensor<2> {
        match self {
            Network::Mlp(mlp) => mlp.forward(images),
            Network::Cnn(cnn) => cnn.forward(images),
        }
    }
}

/// Configuration of [`Mlp`].
#[derive(Config, Debug)]
pub struct MlpConfig {
    /// Input features: `3 * side * side`.
    pub inputs: usize,
    /// Hidden units (the paper: 512).
    #[config(default = 512)]
    pub hidden: usize,
    /// Output classes.
    #[config(default = 10)]
    pub classes: usize,
}

impl MlpConfig {
    /// Creates the module with Burn's default (Kaiming-uniform) initialization.
    pub fn init(&self, device: &Device) -> Mlp {
        Mlp {
            hidden: LinearConfig::new(self.inputs, self.hidden).init(device),
            output: LinearConfig::new(self.hidden, self.classes).init(device),
            activation: Relu::new(),
        }
    }
}

/// Multilayer perceptron: flatten, dense + ReLU, dense.
#[derive(Module, Debug)]
pub struct Mlp {
    hidden: Linear,
    output: Linear,
    activation: Relu,
}

impl Mlp {
    /// # Shapes
    /// - images: `[batch, 3, side, side]`
    /// - output: `[batch, classes]`
    pub fn forward(&self, images: Tensor<4>) -> Tensor<2> {
        let x: Tensor<2> = images.flatten(1, 3); // [batch, 3 * side * side]
        let x = self.activation.forward(self.hidden.forward(x)); // [batch, hidden]
        self.output.forward(x) // [batch, classes]
    }
}

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
    /// Output classes.
    #[config(default = 10)]
    pub classes: usize,
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
            output: LinearConfig::new(self.dense, self.classes).init(device),
            activation: Relu::new(),
        }
    }
}

/// Three conv/ReLU/max-pool stages, then dense + ReLU, dense.
#[derive(Module, Debug)]
pub struct SmallCnn {
    convs: Vec<Conv2d>,
    pool: MaxPool2d,
    dense: Linear,
    output: Linear,
    activation: Relu,
}

impl SmallCnn {
    /// # Shapes
    /// - images: `[batch, 3, side, side]`
    /// - output: `[batch, classes]`
    pub fn forward(&self, images: Tensor<4>) -> Tensor<2> {
        let mut x = images;
        for conv in &self.convs {
            // [batch, c, s, s] -> [batch, c', s, s] -> [batch, c', s / 2, s / 2]
            x = self.pool.forward(self.activation.forward(conv.forward(x)));
        }
        let x: Tensor<2> = x.flatten(1, 3); // [batch, c3 * (side / 8)^2]
        let x = self.activation.forward(self.dense.forward(x)); // [batch, dense]
        self.output.forward(x) // [batch, classes]
    }
}
