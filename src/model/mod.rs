//! The paper's networks (Zhang et al. 2017, appendix A), as Burn modules with configs,
//! scaled to train in a browser tab. Each file says where its model differs from the paper.
//!
//! - [`mlp::Mlp`]: "MLP 1x512" and "MLP 3x512".
//! - [`small_cnn::SmallCnn`]: a small three-stage CNN, the quickest convolutional model.
//! - [`alexnet::AlexNet`]: the paper's small AlexNet (conv/pool/LRN twice, dense 384, 192).
//! - [`inception::Inception`]: the paper's small Inception (Inception and downsample modules).

pub mod alexnet;
pub mod inception;
pub mod mlp;
pub mod small_cnn;

use burn::prelude::*;
use serde::{Deserialize, Serialize};

use crate::data::asset::CHANNELS;
use alexnet::{AlexNet, AlexNetConfig};
use inception::{Inception, InceptionConfig};
use mlp::{Mlp, MlpConfig};
use small_cnn::{SmallCnn, SmallCnnConfig};

pub use crate::data::asset::CLASSES;

/// Seeding the device's global RNG and drawing the initial weights must not interleave
/// with another thread doing the same (tests run experiments in parallel).
static INIT_LOCK: std::sync::Mutex<()> = std::sync::Mutex::new(());

/// Which network to train.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(clap::ValueEnum))]
#[serde(rename_all = "lowercase")]
pub enum ModelKind {
    /// Multilayer perceptron with one hidden layer of 512 units.
    #[default]
    Mlp,
    /// Multilayer perceptron with three hidden layers of 512 units.
    Mlp3,
    /// Small convolutional network.
    Cnn,
    /// The paper's small AlexNet, narrowed.
    Alexnet,
    /// The paper's small Inception, narrowed.
    Inception,
}

/// The regularizers that live inside a network (the paper's section 3).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ModelOptions {
    /// Probability of dropping a unit of a hidden dense layer (0: no dropout). The
    /// Inception model has no hidden dense layer and ignores it.
    pub dropout: f64,
    /// Batch normalization after every convolution of the Inception model (the paper's
    /// "Inception w/o BatchNorm" row turns it off). Other models ignore it.
    pub batch_norm: bool,
}

impl Default for ModelOptions {
    fn default() -> Self {
        ModelOptions {
            dropout: 0.0,
            batch_norm: true,
        }
    }
}

impl ModelKind {
    /// Every model, in the order the page lists them.
    pub const ALL: [ModelKind; 5] = [
        ModelKind::Mlp,
        ModelKind::Mlp3,
        ModelKind::Cnn,
        ModelKind::Alexnet,
        ModelKind::Inception,
    ];

    /// The model's name as the paper and the page write it.
    pub fn label(self) -> &'static str {
        match self {
            ModelKind::Mlp => "MLP 1×512",
            ModelKind::Mlp3 => "MLP 3×512",
            ModelKind::Cnn => "small CNN",
            ModelKind::Alexnet => "AlexNet-style (small)",
            ModelKind::Inception => "Inception-style (small)",
        }
    }

    /// The paper's initial learning rate for the model (Zhang et al. 2017, section 2 and
    /// appendix A: 0.1 for Inception, 0.01 for AlexNet and the MLPs); the small CNN is this
    /// project's own and takes 0.01.
    pub fn paper_learning_rate(self) -> f64 {
        match self {
            ModelKind::Inception => 0.1,
            _ => 0.01,
        }
    }

    /// Builds the network for `side x side` RGB inputs on `device`.
    pub fn init(self, side: usize, options: ModelOptions, device: &Device) -> Network {
        let inputs = CHANNELS * side * side;
        let dropout = options.dropout;
        match self {
            ModelKind::Mlp => {
                Network::Mlp(MlpConfig::new(inputs).with_dropout(dropout).init(device))
            }
            ModelKind::Mlp3 => Network::Mlp(
                MlpConfig::new(inputs)
                    .with_depth(3)
                    .with_dropout(dropout)
                    .init(device),
            ),
            ModelKind::Cnn => {
                Network::Cnn(SmallCnnConfig::new(side).with_dropout(dropout).init(device))
            }
            ModelKind::Alexnet => {
                Network::Alexnet(AlexNetConfig::new(side).with_dropout(dropout).init(device))
            }
            ModelKind::Inception => Network::Inception(
                InceptionConfig::new()
                    .with_batch_norm(options.batch_norm)
                    .init(device),
            ),
        }
    }

    /// Like [`ModelKind::init`], with the initial weights drawn from `seed`: the same seed
    /// gives the same weights, whatever other threads do meanwhile.
    pub fn init_seeded(
        self,
        side: usize,
        options: ModelOptions,
        seed: u64,
        device: &Device,
    ) -> Network {
        let _guard = INIT_LOCK
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        device.seed(seed);
        let model = self.init(side, options, device);
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

/// Any of the networks, so a trainer can hold one without generics.
// One Network exists per run, so the size gap between variants costs nothing worth boxing.
#[allow(clippy::large_enum_variant)]
#[derive(Module, Debug)]
pub enum Network {
    /// See [`Mlp`].
    Mlp(Mlp),
    /// See [`SmallCnn`].
    Cnn(SmallCnn),
    /// See [`AlexNet`].
    Alexnet(AlexNet),
    /// See [`Inception`].
    Inception(Inception),
}

impl Network {
    /// # Shapes
    /// - images: `[batch, 3, side, side]`
    /// - output: `[batch, 10]` logits
    pub fn forward(&self, images: Tensor<4>) -> Tensor<2> {
        match self {
            Network::Mlp(mlp) => mlp.forward(images),
            Network::Cnn(cnn) => cnn.forward(images),
            Network::Alexnet(alexnet) => alexnet.forward(images),
            Network::Inception(inception) => inception.forward(images),
        }
    }
}
