//! Model shapes, sizes and the regularizers that live inside them.

use burn::module::Module;
use burn::prelude::*;
use burn::tensor::Distribution;
use rethink::model::{ModelKind, ModelOptions};

const PLAIN: ModelOptions = ModelOptions {
    dropout: 0.0,
    batch_norm: true,
};

#[test]
fn every_model_maps_a_batch_to_ten_logits_at_every_side() {
    let device = Device::flex();
    for kind in ModelKind::ALL {
        for side in [8, 16, 32] {
            let model = kind.init(side, PLAIN, &device);
            let images = Tensor::<4>::random([3, 3, side, side], Distribution::Default, &device);
            let logits = model.forward(images);
            assert_eq!(logits.dims(), [3, 10], "{kind:?} at {side} px");
            let values: Vec<f32> = logits.into_data().try_to_vec::<f32>().unwrap();
            assert!(
                values.iter().all(|v| v.is_finite()),
                "{kind:?} at {side} px"
            );
        }
    }
}

/// Weights + biases of a dense layer.
fn dense(from: usize, to: usize) -> usize {
    from * to + to
}

/// Weights + biases of a k x k convolution.
fn conv(from: usize, to: usize, k: usize) -> usize {
    from * to * k * k + to
}

#[test]
fn mlp_parameter_counts_match_a_hand_count() {
    let device = Device::flex();
    let inputs = 3 * 16 * 16; // 768
    let one = dense(inputs, 512) + dense(512, 10);
    let three = dense(inputs, 512) + 2 * dense(512, 512) + dense(512, 10);
    assert_eq!(one, 398_858);
    assert_eq!(ModelKind::Mlp.init(16, PLAIN, &device).num_params(), one);
    assert_eq!(ModelKind::Mlp3.init(16, PLAIN, &device).num_params(), three);
}

#[test]
fn alexnet_parameter_count_matches_a_hand_count() {
    let device = Device::flex();
    // Two 5x5 convs of 32 channels, two 3x3/2 pools: 16 px -> 8 -> 4; dense 384, 192, 10.
    let expected = conv(3, 32, 5)
        + conv(32, 32, 5)
        + dense(32 * 4 * 4, 384)
        + dense(384, 192)
        + dense(192, 10);
    assert_eq!(
        ModelKind::Alexnet.init(16, PLAIN, &device).num_params(),
        expected
    );
}

#[test]
fn inception_batch_norm_toggle_changes_the_parameters_it_should() {
    let device = Device::flex();
    let with = ModelKind::Inception.init(16, PLAIN, &device).num_params();
    let options = ModelOptions {
        batch_norm: false,
        ..PLAIN
    };
    let without = ModelKind::Inception.init(16, options, &device).num_params();
    // Each conv module: batch norm's gamma, beta, running mean and running variance (4 per
    // channel; Burn's num_params counts the running statistics too) replace the conv bias
    // (1 per channel). Channels at width 0.25: stem 24, then the stages' outputs.
    let conv_channels = 24
        + (8 + 8)
        + (8 + 12)
        + 20
        + (28 + 12)
        + (24 + 16)
        + (20 + 20)
        + (12 + 24)
        + 24
        + 2 * (44 + 40);
    assert_eq!(with - without, 3 * conv_channels);
    // Nothing else depends on the input side: a global mean pool feeds the classifier.
    assert_eq!(
        ModelKind::Inception.init(32, PLAIN, &device).num_params(),
        with
    );
}

#[test]
fn dropout_is_active_in_training_and_off_in_evaluation() {
    let device = Device::flex().autodiff();
    let options = ModelOptions {
        dropout: 0.5,
        ..PLAIN
    };
    let model = ModelKind::Mlp.init(8, options, &device);
    let images = Tensor::<4>::ones([4, 3, 8, 8], &device);
    let a: Vec<f32> = model
        .forward(images.clone())
        .into_data()
        .try_to_vec::<f32>()
        .unwrap();
    let b: Vec<f32> = model
        .forward(images.clone())
        .into_data()
        .try_to_vec::<f32>()
        .unwrap();
    assert_ne!(a, b, "two training passes should drop different units");
    let eval = model.valid();
    let images = images.inner();
    let c: Vec<f32> = eval
        .forward(images.clone())
        .into_data()
        .try_to_vec::<f32>()
        .unwrap();
    let d: Vec<f32> = eval
        .forward(images)
        .into_data()
        .try_to_vec::<f32>()
        .unwrap();
    assert_eq!(c, d, "evaluation is deterministic");
}
