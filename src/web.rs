//! The only module that knows wasm-bindgen (with its child `web/theory.rs`): a thin async
//! wrapper over [`crate::experiment::Experiment`] for the page's Web Worker. Big data (the
//! asset, the tensors) stays in Rust behind opaque handles; JS receives small plain objects.

use std::rc::Rc;

use burn::prelude::Device;
use serde::Serialize;
use wasm_bindgen::prelude::*;

use crate::data::asset::Asset;
use crate::experiment::{self, ExperimentConfig};
use crate::train::Checkpoint;

/// Failures as JS `Error`s with a stable `kind`.
mod error;
/// Figure 1's rules for the page: when a run is over, which run the sweep is relative to.
mod figure1;
/// Theorem 1's memorizer and the minimum-norm interpolant for `www/worker/theory-worker.js`.
mod theory;
/// The WebGPU device (the main module only: the threaded one has no wgpu).
#[cfg(not(target_feature = "atomics"))]
mod webgpu;

use error::{failure, run_failure};

#[cfg(target_feature = "atomics")]
pub use wasm_bindgen_rayon::init_thread_pool;

unsafe extern "C" {
    /// Runs every static constructor of the module (cubecl registers some); synthesized
    /// by wasm-ld.
    fn __wasm_call_ctors();
}

/// Runs the static constructors once, then installs a panic hook so a Rust panic reaches
/// the console with its message.
///
/// A module that never calls `__wasm_call_ctors` itself is linked by wasm-ld as a
/// "command": every export, down to the allocator wasm-bindgen's glue calls per value,
/// runs all constructors again first. That made `samples(16)` take 4-8 s (one export call
/// per pixel) and slowed every call into the module. Calling it here, once, makes wasm-ld
/// leave the exports alone.
#[wasm_bindgen(start)]
pub fn start() {
    // SAFETY: called once, at instantiation, before any other export runs.
    unsafe { __wasm_call_ctors() };
    console_error_panic_hook::set_once();
}

/// Serializes with plain JS numbers (never BigInt) and plain objects (never Map).
fn to_js<T: Serialize>(value: &T) -> Result<JsValue, JsValue> {
    let serializer = serde_wasm_bindgen::Serializer::json_compatible();
    value
        .serialize(&serializer)
        .map_err(|e| failure("internal", &e.to_string(), &[]))
}

/// Reads the page's config object: unknown keys and out-of-range values are refused with
/// a message naming them; missing keys take their defaults.
fn config_from_js(config: JsValue) -> Result<ExperimentConfig, JsValue> {
    let refused = |e: String| failure("config", &format!("invalid experiment config: {e}"), &[]);
    let value: serde_json::Value =
        serde_wasm_bindgen::from_value(config).map_err(|e| refused(e.to_string()))?;
    ExperimentConfig::from_json(value).map_err(refused)
}

/// Every setting of a run, with its label, help, default and range or choices, and the
/// per-model defaults (`rethink::experiment::settings::schema`): the page builds its
/// settings from this (written to `pkg/config-schema.js` at build time).
#[wasm_bindgen(js_name = configSchema)]
pub fn config_schema() -> Result<JsValue, JsValue> {
    to_js(&crate::experiment::settings::schema())
}

/// Panics on purpose: the browser tests use it to check that a Rust panic in the worker
/// becomes a readable message and a working Reset, never a blank page.
#[wasm_bindgen(js_name = panicForTesting)]
pub fn panic_for_testing() {
    panic!("panicForTesting: a deliberate panic for the browser tests");
}

/// A validated data asset; experiments created from it share it (no copy per run).
#[wasm_bindgen]
pub struct Dataset {
    asset: Rc<Asset>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct DatasetSummary {
    side: usize,
    train_count: usize,
    test_count: usize,
    classes: usize,
}

#[wasm_bindgen]
impl Dataset {
    /// Parses and validates asset bytes; throws an `Error` of kind `asset` whose message says
    /// what is wrong.
    #[wasm_bindgen(js_name = fromBytes)]
    pub fn from_bytes(bytes: &[u8]) -> Result<Dataset, JsValue> {
        let asset = Asset::from_bytes(bytes).map_err(|e| failure("asset", &e.to_string(), &[]))?;
        Ok(Dataset {
            asset: Rc::new(asset),
        })
    }

    /// `{ side, trainCount, testCount, classes }`.
    pub fn summary(&self) -> Result<JsValue, JsValue> {
        to_js(&DatasetSummary {
            side: self.asset.side,
            train_count: self.asset.train.len(),
            test_count: self.asset.test.len(),
            classes: crate::data::asset::CLASSES,
        })
    }

    /// The decoded pixels of the train (`test` false) or test split, `[count, 3, side, side]`
    /// bytes, as a `Uint8Array` (the benchmark feeds them to TensorFlow.js).
    #[wasm_bindgen(js_name = splitPixels)]
    pub fn split_pixels(&self, test: bool) -> Vec<u8> {
        self.split(test).pixels.clone()
    }

    /// The labels (0..10) of the train (`test` false) or test split, as a `Uint8Array`.
    #[wasm_bindgen(js_name = splitLabels)]
    pub fn split_labels(&self, test: bool) -> Vec<u8> {
        self.split(test).labels.clone()
    }
}

impl Dataset {
    fn split(&self, test: bool) -> &crate::data::asset::Split {
        if test {
            &self.asset.test
        } else {
            &self.asset.train
        }
    }
}

/// One training run on WebGPU or on the CPU (Burn flex).
#[wasm_bindgen]
pub struct Experiment {
    inner: experiment::Experiment,
    backend: String,
}

/// What the CPU path is called on the page, with the number of threads it trains on.
fn cpu_backend_name() -> String {
    #[cfg(target_feature = "atomics")]
    let threads = rayon::current_num_threads();
    #[cfg(not(target_feature = "atomics"))]
    let threads = 1;
    let plural = if threads == 1 { "" } else { "s" };
    format!("CPU (Burn flex, WebAssembly, {threads} thread{plural})")
}

#[wasm_bindgen]
impl Experiment {
    /// Creates a run. `config` is a plain object (see `ExperimentConfig`, camelCase);
    /// `backend` is `"webgpu"` or `"cpu"`. Resolves to an `Experiment`, or rejects with
    /// an `Error` saying why: kind `config` (a key or value refused, named) or `backend`
    /// (WebGPU failing to start).
    pub fn create(data: &Dataset, config: JsValue, backend: String) -> js_sys::Promise {
        let asset = Rc::clone(&data.asset);
        wasm_bindgen_futures::future_to_promise(async move {
            let config = config_from_js(config)?;
            let (device, name) = match backend.as_str() {
                #[cfg(not(target_feature = "atomics"))]
                "webgpu" => webgpu::device().await?,
                "cpu" => (Device::flex(), cpu_backend_name()),
                other => {
                    return Err(failure(
                        "backend",
                        &format!("unknown backend {other:?}"),
                        &[],
                    ));
                }
            };
            let inner = experiment::Experiment::new(&asset, config, &device)
                .map_err(|e| run_failure(&e))?;
            Ok(JsValue::from(Experiment {
                inner,
                backend: name,
            }))
        })
    }

    /// Human-readable backend, e.g. `"CPU (Burn flex, WebAssembly)"`.
    #[wasm_bindgen(js_name = backendName)]
    pub fn backend_name(&self) -> String {
        self.backend.clone()
    }

    /// Mini-batches per epoch.
    #[wasm_bindgen(js_name = stepsPerEpoch)]
    pub fn steps_per_epoch(&self) -> f64 {
        self.inner.steps_per_epoch() as f64
    }

    /// Trainable parameters of the model.
    #[wasm_bindgen(js_name = numParams)]
    pub fn num_params(&self) -> f64 {
        self.inner.num_params() as f64
    }

    /// Runs `steps` SGD steps; resolves to `{ step, epoch, meanLoss }`.
    pub async fn train(&mut self, steps: u32) -> Result<JsValue, JsValue> {
        let report = self
            .inner
            .train(steps as u64)
            .await
            .map_err(|e| run_failure(&e))?;
        to_js(&report)
    }

    /// Evaluates on the whole train and test splits; resolves to
    /// `{ epoch, step, lr, trainLoss, trainError, testLoss, testError }`.
    pub async fn evaluate(&self) -> Result<JsValue, JsValue> {
        let metrics = self.inner.evaluate().await.map_err(|e| run_failure(&e))?;
        to_js(&metrics)
    }

    /// Every value of the model, read back in one transfer; resolves to
    /// `{ step, params }` with `params` a `Float32Array` (at most a few MB).
    pub async fn checkpoint(&self) -> Result<JsValue, JsValue> {
        let checkpoint = self.inner.checkpoint().await.map_err(|e| run_failure(&e))?;
        let result = js_sys::Object::new();
        let params = js_sys::Float32Array::from(checkpoint.params.as_slice());
        for (key, value) in [
            ("step", JsValue::from_f64(checkpoint.step as f64)),
            ("params", params.into()),
        ] {
            js_sys::Reflect::set(&result, &key.into(), &value)
                .map_err(|_| failure("internal", "could not build the checkpoint object", &[]))?;
        }
        Ok(result.into())
    }

    /// Continues from a checkpoint of a run with the same config (e.g. taken on WebGPU,
    /// restored on the CPU); throws if `params` does not fit the model.
    pub fn restore(&mut self, step: f64, params: Vec<f32>) -> Result<(), JsValue> {
        if !(step >= 0.0 && step.fract() == 0.0) {
            let message = format!("invalid checkpoint step {step}");
            return Err(failure("checkpoint", &message, &[]));
        }
        let checkpoint = Checkpoint {
            step: step as u64,
            params,
        };
        self.inner.restore(&checkpoint).map_err(|e| run_failure(&e))
    }

    /// `count` training images evenly spaced over the split, as the network sees them;
    /// resolves to `{ side, count, pixels, labels, trueLabels, predictions }` with
    /// `pixels` a `Uint8Array` of `[count, 3, side, side]` values 0..255.
    pub async fn samples(&self, count: u32) -> Result<JsValue, JsValue> {
        let mut samples = self
            .inner
            .samples(count as usize)
            .await
            .map_err(|e| run_failure(&e))?;
        // One Uint8Array, not an array of numbers built value by value.
        let pixels = js_sys::Uint8Array::from(std::mem::take(&mut samples.pixels).as_slice());
        let result = to_js(&samples)?;
        js_sys::Reflect::set(&result, &"pixels".into(), &pixels)
            .map_err(|_| failure("internal", "could not build the samples object", &[]))?;
        Ok(result)
    }
}
