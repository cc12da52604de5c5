//! The networks, as Burn modules with their configs.
//!
//! - [`Mlp`]: the paper's "MLP 1x512" and "MLP 3x512": one or three hidden layers of 512
//!   ReLU units (the paper's inputs are 28x28 crops; ours are the asset's side, uncropped).
//! - [`SmallCnn`]: a small convolutional network (three 3x3 conv + ReLU + 2x2 max-pool
//!   stages with 16, 32 and 64 channels, then a 128-unit dense layer). It stands in for
//!   the paper's AlexNet/Inception until those land; it is small enough to train in a tab.

use burn::nn::conv::{Conv2d, Conv2dConfig};
use burn::nn::pool::{MaxPool2d, MaxPool2dConfig};
use burn::nn::{Linear, LinearConfig, PaddingConfig2d, Relu};
use burn::prelude::*;
use serde::{Deserialize, Serialize};

use crate::data::asset::CHANNELS;

/// Seeding the device's global RNG and drawing the initial weights must not interleave
/// with another thread doing the same (tests run experiments in parallel).
static INIT_LOCK: std::sync::Mutex<()> = std::sync::Mutex::new(());

/// Which network to train.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ModelKind {
    /// Multilayer perceptron with one hidden layer of 512 units.
    #[default]
    Mlp,
    /// Multilayer perceptron with three hidden layers of 512 units.
    Mlp3,
    /// Small convolutional network.
    Cnn,
}

impl ModelKind {
    /// Builds the network for `side x side` RGB inputs on `device`.
    pub fn init(self, side: usize, device: &Device) -> Network {
        match self {
            ModelKind::Mlp => Network::Mlp(MlpConfig::new(CHANNELS * side * side).init(device)),
            ModelKind::Mlp3 => Network::Mlp(
                MlpConfig::new(CHANNELS * side * side)
                    .with_depth(3)
                    .init(device),
            ),
            ModelKind::Cnn => Network::Cnn(SmallCnnConfig::new(side).init(device)),
        }
    }

    /// Like [`ModelKind::init`], with the initial weights drawn from `seed`: the same seed
    /// gives the same weights, whatever other threads do meanwhile.
    pub fn init_seeded(self, side: usize, seed: u64, device: &Device) -> Network {
        let _guard = INIT_LOCK
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        device.seed(seed);
        let model = self.init(side, device);
        // Burn initializes parameters lazily, on first use: force it while the lock is held.
        model.visit(&mut ForceInit);
        model
    }
}

/// Touches every float parameter so its lazy initializer runs now.
struct ForceInit;

impl burn::module::ModuleVisitor for ForceInit {
    fn visit_float<const D: usize>(&mut self, param: &burn::module::Param<Tensor<D>>) {
        let _ = param.val();
    }
}

/// Either network, so a trainer can hold one without generics.
// One Network exists per run, so the size gap between variants costs nothing worth boxing.
#[allow(clippy::large_enum_variant)]
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
    /// Hidden units per layer (the paper: 512).
    #[config(default = 512)]
    pub hidden: usize,
    /// Hidden layers (the paper: 1 or 3).
    #[config(default = 1)]
    pub depth: usize,
    /// Output classes.
    #[config(default = 10)]
    pub classes: usize,
}

impl MlpConfig {
    /// Creates the module with Burn's default (Kaiming-uniform) initialization.
    ///
    /// # Panics
    /// If `depth` is 0.
    pub fn init(&self, device: &Device) -> Mlp {
        assert!(self.depth >= 1, "an MLP needs at least one hidden layer");
        let widths =
            std::iter::once(self.inputs).chain(std::iter::repeat_n(self.hidden, self.depth));
        let widths: Vec<usize> = widths.collect();
        Mlp {
            hidden: widths
                .windows(2)
                .map(|w| LinearConfig::new(w[0], w[1]).init(device))
                .collect(),
            output: LinearConfig::new(self.hidden, self.classes).init(device),
            activation: Relu::new(),
        }
    }
}

/// Multilayer perceptron: flatten, `depth` x (dense + ReLU), dense.
#[derive(Module, Debug)]
pub struct Mlp {
    hidden: Vec<Linear>,
    output: Linear,
    activation: Relu,
}

impl Mlp {
    /// # Shapes
    /// - images: `[batch, 3, side, side]`
    /// - output: `[batch, classes]`
    pub fn forward(&self, images: Tensor<4>) -> Tensor<2> {
        let mut x: Tensor<2> = images.flatten(1, 3); // [batch, 3 * side * side]
        for layer in &self.hidden {
            x = self.activation.forward(layer.forward(x)); // [batch, hidden]
        }
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
