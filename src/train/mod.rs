//! The backend-agnostic trainer: SGD steps over device-resident data, the paper's
//! learning-rate schedule, and evaluation over whole splits with one readback.

use burn::nn::loss::CrossEntropyLossConfig;
use burn::optim::decay::WeightDecayConfig;
use burn::optim::momentum::MomentumConfig;
use burn::optim::{GradientsParams, ModuleOptimizer, SgdConfig};
use burn::prelude::*;
use rand::SeedableRng;
use rand::rngs::StdRng;
use rand::seq::SliceRandom;
use serde::Serialize;

use crate::augment::crop_and_flip;
use crate::model::Network;

mod config;
mod resume;

pub use config::{PAPER_EPOCH_IMAGES, TrainConfig};
pub use resume::Checkpoint;

/// Images per forward pass during evaluation (bounds activation memory, not results).
const EVAL_CHUNK: usize = 500;

/// Normalized images and labels of one split, resident on the device.
#[derive(Clone, Debug)]
pub struct DeviceSplit {
    /// `[n, 3, side, side]` standardized images.
    pub images: Tensor<4>,
    /// `[n]` class indices.
    pub labels: Tensor<1, Int>,
    /// `n`.
    pub len: usize,
}

impl DeviceSplit {
    /// Uploads `len` images of `side x side` (channel-major, standardized) and their labels.
    pub fn upload(images: Vec<f32>, labels: &[u8], side: usize, device: &Device) -> DeviceSplit {
        let len = labels.len();
        let images = Tensor::from_data(TensorData::new(images, [len, 3, side, side]), device);
        let labels: Vec<i64> = labels.iter().map(|&l| l as i64).collect();
        let labels = Tensor::from_data(TensorData::new(labels, [len]), device);
        DeviceSplit {
            images,
            labels,
            len,
        }
    }
}

/// Mean loss and error rate of a model over one split.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SplitScore {
    /// Mean cross-entropy.
    pub loss: f64,
    /// Fraction of images misclassified, 0..1.
    pub error: f64,
}

/// Why training or evaluation could not go on.
#[derive(Debug, thiserror::Error)]
pub enum TrainError {
    /// The device failed while running or reading back (e.g. a lost GPU).
    #[error("the compute device failed: {0}")]
    Device(String),
}

/// Runs SGD on a [`Network`] over device-resident training data.
pub struct Trainer {
    model: Option<Network>,
    optimizer: ModuleOptimizer,
    config: TrainConfig,
    device: Device,
    train: DeviceSplit,
    order: Vec<i64>,
    seed: u64,
    rng: StdRng,
    augment_rng: StdRng,
    step: u64,
    images_seen: u64,
    pending_loss: Option<Tensor<1>>,
    pending_steps: u64,
}

impl Trainer {
    /// Creates a trainer; `model` must live on `device.clone().autodiff()`, `train` on
    /// the plain `device`. `seed` fixes the order of mini-batches.
    pub fn new(
        model: Network,
        train: DeviceSplit,
        config: TrainConfig,
        seed: u64,
        device: &Device,
    ) -> Trainer {
        let momentum = MomentumConfig {
            momentum: config.momentum,
            dampening: 0.0,
            nesterov: false,
        };
        let weight_decay =
            (config.weight_decay > 0.0).then(|| WeightDecayConfig::new(config.weight_decay as f32));
        let optimizer = SgdConfig::new()
            .with_momentum(Some(momentum))
            .with_weight_decay(weight_decay)
            .init();
        Trainer {
            model: Some(model),
            optimizer,
            order: (0..train.len as i64).collect(),
            seed,
            rng: StdRng::seed_from_u64(seed),
            augment_rng: StdRng::seed_from_u64(seed.wrapping_add(2)),
            config,
            device: device.clone(),
            train,
            step: 0,
            images_seen: 0,
            pending_loss: None,
            pending_steps: 0,
        }
    }

    /// Mini-batches per epoch (the last one may be smaller).
    pub fn steps_per_epoch(&self) -> u64 {
        self.train.len.div_ceil(self.config.batch_size) as u64
    }

    /// SGD steps taken so far.
    pub fn step(&self) -> u64 {
        self.step
    }

    /// Epochs completed, fractional within an epoch.
    pub fn epoch(&self) -> f64 {
        self.step as f64 / self.steps_per_epoch() as f64
    }

    /// Learning rate of the next step: `lr * decay^k` after `k` whole paper epochs of images.
    pub fn learning_rate(&self) -> f64 {
        let paper_epochs = (self.images_seen / PAPER_EPOCH_IMAGES) as i32;
        self.config.learning_rate * self.config.lr_decay.powi(paper_epochs)
    }

    /// The network as trained so far.
    pub fn model(&self) -> &Network {
        self.model.as_ref().expect("model is present between steps")
    }

    /// Runs `steps` SGD steps without reading anything back.
    pub fn run(&mut self, steps: u64) {
        let criterion = CrossEntropyLossConfig::new().init(&self.device);
        for _ in 0..steps {
            let batch = self.next_batch(); // [b] indices into the training split
            let lr = self.learning_rate(); // the rate for the images seen before this step
            self.images_seen += batch.dims()[0] as u64;
            let mut images = self.train.images.clone().select(0, batch.clone()); // [b, 3, s, s]
            if self.config.augment {
                images = crop_and_flip(images, &mut self.augment_rng); // [b, 3, s, s]
            }
            let labels = self.train.labels.clone().select(0, batch); // [b]
            let model = self.model.take().expect("model is present between steps");
            let logits = model.forward(images); // [b, 10]
            let loss = criterion.forward(logits, labels); // [1]
            let grads = GradientsParams::from_grads(loss.backward(), &model);
            self.model = Some(self.optimizer.step(lr, model, grads));
            let loss = loss.inner(); // [1], detached from the graph
            self.pending_loss = Some(match self.pending_loss.take() {
                Some(sum) => sum + loss,
                None => loss,
            });
            self.pending_steps += 1;
            self.step += 1;
        }
    }

    /// Mean training loss of the steps since the last call (one readback), or `None`
    /// when no step ran.
    pub async fn take_mean_loss(&mut self) -> Result<Option<f64>, TrainError> {
        let Some(sum) = self.pending_loss.take() else {
            return Ok(None);
        };
        let steps = std::mem::take(&mut self.pending_steps) as f64;
        let values = read_floats(sum).await?;
        Ok(Some(values[0] as f64 / steps))
    }

    /// Mean loss and error over whole splits, with one readback for all of them.
    pub async fn evaluate(&self, splits: &[&DeviceSplit]) -> Result<Vec<SplitScore>, TrainError> {
        let model = self.model().valid();
        let criterion = CrossEntropyLossConfig::new().init(&self.device);
        let mut sums = Vec::with_capacity(2 * splits.len());
        for split in splits {
            let mut loss_sum: Option<Tensor<1>> = None;
            let mut correct: Option<Tensor<1, Int>> = None;
            for start in (0..split.len).step_by(EVAL_CHUNK) {
                let end = (start + EVAL_CHUNK).min(split.len);
                let images = split.images.clone().slice(start..end); // [c, 3, s, s]
                let labels = split.labels.clone().slice(start..end); // [c]
                let logits = model.forward(images); // [c, 10]
                let predicted: Tensor<1, Int> = logits.clone().argmax(1).flatten(0, 1); // [c]
                let hits = predicted.equal(labels.clone()).int().sum(); // [1]
                let loss = criterion
                    .forward(logits, labels)
                    .mul_scalar((end - start) as f64); // [1]
                loss_sum = Some(loss_sum.map_or(loss.clone(), |s| s + loss));
                correct = Some(correct.map_or(hits.clone(), |c| c + hits));
            }
            sums.push(loss_sum.expect("split is not empty"));
            sums.push(correct.expect("split is not empty").float());
        }
        let values = read_floats(Tensor::cat(sums, 0)).await?; // [2 * splits]
        Ok(splits
            .iter()
            .zip(values.chunks_exact(2))
            .map(|(split, pair)| SplitScore {
                loss: pair[0] as f64 / split.len as f64,
                error: 1.0 - pair[1] as f64 / split.len as f64,
            })
            .collect())
    }

    /// The model's predicted class for the images of `split` at `indices` (one readback).
    pub async fn predict(
        &self,
        split: &DeviceSplit,
        indices: &[usize],
    ) -> Result<Vec<u8>, TrainError> {
        if indices.is_empty() {
            return Ok(Vec::new());
        }
        let picks: Vec<i64> = indices.iter().map(|&i| i as i64).collect();
        let picks = Tensor::from_data(TensorData::new(picks, [indices.len()]), &self.device);
        let images = split.images.clone().select(0, picks); // [k, 3, s, s]
        let logits = self.model().valid().forward(images); // [k, 10]
        let predicted: Tensor<1> = logits.argmax(1).flatten::<1>(0, 1).float(); // [k]
        let values = read_floats(predicted).await?;
        Ok(values.iter().map(|&v| v as u8).collect())
    }

    /// Indices of the next mini-batch; reshuffles at the start of every epoch.
    fn next_batch(&mut self) -> Tensor<1, Int> {
        let per_epoch = self.steps_per_epoch();
        let within = (self.step % per_epoch) as usize;
        if within == 0 {
            self.order.shuffle(&mut self.rng);
        }
        let start = within * self.config.batch_size;
        let end = (start + self.config.batch_size).min(self.train.len);
        let indices = self.order[start..end].to_vec();
        Tensor::from_data(TensorData::new(indices, [end - start]), &self.device)
    }
}

/// Reads a small float tensor back to the host, asynchronously (WebGPU cannot read
/// synchronously).
async fn read_floats(tensor: Tensor<1>) -> Result<Vec<f32>, TrainError> {
    let data = tensor
        .into_data_async()
        .await
        .map_err(|e| TrainError::Device(format!("{e:?}")))?;
    data.convert::<f32>()
        .try_to_vec::<f32>()
        .map_err(|e| TrainError::Device(format!("{e:?}")))
}
