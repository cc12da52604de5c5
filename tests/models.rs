//! Model shapes and sizes.

use burn::module::Module;
use burn::prelude::*;
use rethink::model::ModelKind;

#[test]
fn every_model_maps_a_batch_to_ten_logits_at_every_side() {
    let device = Device::flex();
    for kind in [ModelKind::Mlp, ModelKind::Mlp3, ModelKind::Cnn] {
        for side in [8, 16, 32] {
            let model = kind.init(side, &device);
            let images = Tensor::<4>::zeros([3, 3, side, side], &device);
            assert_eq!(
                model.forward(images).dims(),
                [3, 10],
                "{kind:?} at {side} px"
            );
        }
    }
}

#[test]
fn mlp_parameter_counts_match_a_hand_count() {
    let device = Device::flex();
    let inputs = 3 * 16 * 16; // 768
    let dense = |from: usize, to: usize| from * to + to; // weights + biases
    let one = dense(inputs, 512) + dense(512, 10);
    let three = dense(inputs, 512) + 2 * dense(512, 512) + dense(512, 10);
    assert_eq!(one, 398_858);
    assert_eq!(ModelKind::Mlp.init(16, &device).num_params(), one);
    assert_eq!(ModelKind::Mlp3.init(16, &device).num_params(), three);
}
