//! Checkpoints: every value of a model read back in one transfer, and a trainer restored
//! from them at a given step. The page uses this to carry a WebGPU run over to the CPU
//! when the GPU device is lost: the weights move, the run goes on from the same step.
//!
//! A checkpoint holds the model's float tensors (parameters and batch-norm running
//! statistics) flattened in the order [`Module::visit`] walks them, so it only fits a model
//! built from the same config. SGD momentum is not saved: it restarts from zero.

use burn::module::{Module, ModuleMapper, ModuleVisitor, Param};
use burn::prelude::*;
use rand::seq::SliceRandom;

use super::{TrainError, Trainer, read_floats};

/// A model's values at a step, as plain numbers (see the module docs).
#[derive(Clone, Debug, PartialEq)]
pub struct Checkpoint {
    /// SGD steps taken when it was taken.
    pub step: u64,
    /// Every float tensor of the model, flattened and concatenated in visit order.
    pub params: Vec<f32>,
}

/// Collects every float tensor of a module, flattened to `[numel]`.
struct Flatten(Vec<Tensor<1>>);

impl ModuleVisitor for Flatten {
    fn visit_float<const D: usize>(&mut self, param: &Param<Tensor<D>>) {
        self.0.push(param.val().flatten(0, D - 1)); // [numel]
    }
}

/// Replaces every float tensor of a module with the next values of a flat slice.
struct Fill<'a> {
    values: &'a [f32],
    used: usize,
}

impl ModuleMapper for Fill<'_> {
    fn map_float<const D: usize>(&mut self, param: Param<Tensor<D>>) -> Param<Tensor<D>> {
        param.map(|tensor| {
            let shape = tensor.shape();
            let len = shape.num_elements();
            let values = self.values[self.used..self.used + len].to_vec();
            self.used += len;
            let restored = Tensor::from_data(TensorData::new(values, shape), &tensor.device());
            restored.set_require_grad(tensor.is_require_grad())
        })
    }
}

/// Counts the float values of a module.
struct CountFloats(usize);

impl ModuleVisitor for CountFloats {
    fn visit_float<const D: usize>(&mut self, param: &Param<Tensor<D>>) {
        self.0 += param.shape().num_elements();
    }
}

impl Trainer {
    /// Reads every value of the model back in one transfer.
    pub async fn checkpoint(&self) -> Result<Checkpoint, TrainError> {
        let mut flatten = Flatten(Vec::new());
        self.model().valid().visit(&mut flatten);
        let params = read_floats(Tensor::cat(flatten.0, 0)).await?; // [total]
        Ok(Checkpoint {
            step: self.step,
            params,
        })
    }

    /// Loads `checkpoint`'s values into the model and moves the trainer to its step, with
    /// the learning rate and mini-batch order the run had there. Refuses a checkpoint whose
    /// length does not fit this model, leaving the trainer as it was.
    pub fn restore(&mut self, checkpoint: &Checkpoint) -> Result<(), String> {
        let mut count = CountFloats(0);
        self.model().visit(&mut count);
        if count.0 != checkpoint.params.len() {
            return Err(format!(
                "the checkpoint has {} values but this model has {}",
                checkpoint.params.len(),
                count.0
            ));
        }
        let model = self.model.take().expect("model is present between steps");
        let mut fill = Fill {
            values: &checkpoint.params,
            used: 0,
        };
        self.model = Some(model.map(&mut fill));
        self.fast_forward(checkpoint.step);
        Ok(())
    }

    /// Sets the step counter to `step` and replays what the run did on the host up to
    /// there: one shuffle of the batch order per epoch started, and the images seen (which
    /// set the learning rate). Augmentation draws are not replayed.
    fn fast_forward(&mut self, step: u64) {
        let per_epoch = self.steps_per_epoch();
        self.order = (0..self.train.len as i64).collect();
        self.rng = rand::SeedableRng::seed_from_u64(self.seed);
        for _ in 0..step.div_ceil(per_epoch) {
            self.order.shuffle(&mut self.rng);
        }
        let within = step % per_epoch;
        self.images_seen =
            (step / per_epoch) * self.train.len as u64 + within * self.config.batch_size as u64;
        self.step = step;
        self.pending_loss = None;
        self.pending_steps = 0;
    }
}
