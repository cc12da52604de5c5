//! The paper's small Inception (Zhang et al. 2017, appendix A, Figure 3), built from its
//! three modules:
//! - conv module: convolution -> batch norm -> ReLU;
//! - Inception module: a 1x1 and a 3x3 conv module side by side, outputs concatenated;
//! - downsample module: a 3x3 stride-2 conv module beside a 3x3 stride-2 max-pool,
//!   concatenated.
//!
//! Layout: conv(96, 3x3) -> Inception(32, 32) -> Inception(32, 48) -> downsample(80) ->
//! Inception(112, 48) -> Inception(96, 64) -> Inception(80, 80) -> Inception(48, 96) ->
//! downsample(96) -> Inception(176, 160) x 2 -> global mean pool -> dense 10.
//!
//! Differs from the paper: every channel count is multiplied by `width` (0.25 by default,
//! a sixteenth of the compute, so it trains in a browser tab); the input is the asset's
//! `side x side` image, not a 28x28 crop, so the mean pool covers side/4 instead of 7.

use burn::nn::conv::{Conv2d, Conv2dConfig};
use burn::nn::pool::{AdaptiveAvgPool2d, AdaptiveAvgPool2dConfig, MaxPool2d, MaxPool2dConfig};
use burn::nn::{BatchNorm, BatchNormConfig, Linear, LinearConfig, PaddingConfig2d, Relu};
use burn::prelude::*;

use super::CLASSES;
use crate::data::asset::CHANNELS;

/// One stage of the network, with the paper's channel counts (before `width`).
enum Stage {
    Inception(usize, usize),
    Downsample(usize),
}

/// The paper's Figure 3, after the first conv module (96 channels).
const STEM: usize = 96;
const STAGES: [Stage; 10] = [
    Stage::Inception(32, 32),
    Stage::Inception(32, 48),
    Stage::Downsample(80),
    Stage::Inception(112, 48),
    Stage::Inception(96, 64),
    Stage::Inception(80, 80),
    Stage::Inception(48, 96),
    Stage::Downsample(96),
    Stage::Inception(176, 160),
    Stage::Inception(176, 160),
];

/// Configuration of [`Inception`].
#[derive(Config, Debug)]
pub struct InceptionConfig {
    /// Factor on every channel count of the paper.
    #[config(default = 0.25)]
    pub width: f64,
    /// Batch norm in every conv module (off: the paper's "Inception w/o BatchNorm").
    #[config(default = true)]
    pub batch_norm: bool,
}

impl InceptionConfig {
    /// Creates the module (it accepts any input side of at least 4 pixels).
    pub fn init(&self, device: &Device) -> Inception {
        let scaled = |channels: usize| ((channels as f64 * self.width).round() as usize).max(1);
        let block = |from, to, kernel, stride| {
            ConvModule::new(from, to, kernel, stride, self.batch_norm, device)
        };
        let stem = block(CHANNELS, scaled(STEM), 3, 1);
        let mut channels = scaled(STEM);
        let mut stages = Vec::with_capacity(STAGES.len());
        for stage in &STAGES {
            stages.push(match *stage {
                Stage::Inception(c1, c3) => {
                    let (c1, c3) = (scaled(c1), scaled(c3));
                    let module = InceptionModule {
                        one: block(channels, c1, 1, 1),
                        three: block(channels, c3, 3, 1),
                    };
                    channels = c1 + c3;
                    Block::Inception(module)
                }
                Stage::Downsample(c3) => {
                    let c3 = scaled(c3);
                    let module = DownsampleModule {
                        conv: block(channels, c3, 3, 2),
                        pool: MaxPool2dConfig::new([3, 3])
                            .with_strides([2, 2])
                            .with_padding(PaddingConfig2d::Explicit(1, 1, 1, 1))
                            .init(),
                    };
                    channels += c3;
                    Block::Downsample(module)
                }
            });
        }
        Inception {
            stem,
            stages,
            pool: AdaptiveAvgPool2dConfig::new([1, 1]).init(),
            output: LinearConfig::new(channels, CLASSES).init(device),
        }
    }
}

/// Convolution (padding 1 for 3x3) -> optional batch norm -> ReLU.
#[derive(Module, Debug)]
pub struct ConvModule {
    conv: Conv2d,
    norm: Option<BatchNorm>,
    activation: Relu,
}

impl ConvModule {
    fn new(
        from: usize,
        to: usize,
        kernel: usize,
        stride: usize,
        bn: bool,
        device: &Device,
    ) -> Self {
        let pad = kernel / 2;
        ConvModule {
            conv: Conv2dConfig::new([from, to], [kernel, kernel])
                .with_stride([stride, stride])
                .with_padding(PaddingConfig2d::Explicit(pad, pad, pad, pad))
                .with_bias(!bn) // batch norm's shift replaces the bias
                .init(device),
            norm: bn.then(|| BatchNormConfig::new(to).init(device)),
            activation: Relu::new(),
        }
    }

    /// `[batch, from, s, s]` -> `[batch, to, s / stride, s / stride]` (rounded up).
    fn forward(&self, x: Tensor<4>) -> Tensor<4> {
        let x = self.conv.forward(x);
        let x = match &self.norm {
            Some(norm) => norm.forward(x),
            None => x,
        };
        self.activation.forward(x)
    }
}

/// A 1x1 and a 3x3 conv module side by side.
#[derive(Module, Debug)]
pub struct InceptionModule {
    one: ConvModule,
    three: ConvModule,
}

/// A 3x3 stride-2 conv module beside a 3x3 stride-2 max-pool.
#[derive(Module, Debug)]
pub struct DownsampleModule {
    conv: ConvModule,
    pool: MaxPool2d,
}

/// One stage of [`Inception`].
// Ten blocks per network: the size gap between variants costs nothing worth boxing.
#[allow(clippy::large_enum_variant)]
#[derive(Module, Debug)]
pub enum Block {
    /// See [`InceptionModule`].
    Inception(InceptionModule),
    /// See [`DownsampleModule`].
    Downsample(DownsampleModule),
}

impl Block {
    fn forward(&self, x: Tensor<4>) -> Tensor<4> {
        match self {
            // [b, c, s, s] -> [b, c1 + c3, s, s]
            Block::Inception(m) => {
                Tensor::cat(vec![m.one.forward(x.clone()), m.three.forward(x)], 1)
            }
            // [b, c, s, s] -> [b, c3 + c, ceil(s / 2), ceil(s / 2)]
            Block::Downsample(m) => {
                Tensor::cat(vec![m.conv.forward(x.clone()), m.pool.forward(x)], 1)
            }
        }
    }
}

/// The small Inception network.
#[derive(Module, Debug)]
pub struct Inception {
    stem: ConvModule,
    stages: Vec<Block>,
    pool: AdaptiveAvgPool2d,
    output: Linear,
}

impl Inception {
    /// # Shapes
    /// - images: `[batch, 3, side, side]`
    /// - output: `[batch, 10]`
    pub fn forward(&self, images: Tensor<4>) -> Tensor<2> {
        let mut x = self.stem.forward(images); // [batch, 96w, side, side]
        for stage in &self.stages {
            x = stage.forward(x);
        }
        let x: Tensor<2> = self.pool.forward(x).flatten(1, 3); // [batch, 336w]
        self.output.forward(x) // [batch, 10]
    }
}
