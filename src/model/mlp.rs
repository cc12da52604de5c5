//! The paper's multilayer perceptrons, "MLP 1x512" and "MLP 3x512" (ReLU).
//!
//! Differs from the paper: the input is the asset's whole `side x side` image, not a
//! 28x28 centre crop; dropout (off by default) is our addition for section 3's toggles.

use burn::nn::{Dropout, DropoutConfig, Linear, LinearConfig, Relu};
use burn::prelude::*;

use super::CLASSES;

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
    /// Dropout probability after each hidden layer (0: none, as in the paper's runs).
    #[config(default = 0.0)]
    pub dropout: f64,
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
            output: LinearConfig::new(self.hidden, CLASSES).init(device),
            dropout: DropoutConfig::new(self.dropout).init(),
            activation: Relu::new(),
        }
    }
}

/// Multilayer perceptron: flatten, `depth` x (dense + ReLU + dropout), dense.
#[derive(Module, Debug)]
pub struct Mlp {
    hidden: Vec<Linear>,
    output: Linear,
    dropout: Dropout,
    activation: Relu,
}

impl Mlp {
    /// # Shapes
    /// - images: `[batch, 3, side, side]`
    /// - output: `[batch, 10]`
    pub fn forward(&self, images: Tensor<4>) -> Tensor<2> {
        let mut x: Tensor<2> = images.flatten(1, 3); // [batch, 3 * side * side]
        for layer in &self.hidden {
            x = self
                .dropout
                .forward(self.activation.forward(layer.forward(x))); // [batch, hidden]
        }
        self.output.forward(x) // [batch, 10]
    }
}
