//! rethink: watch a neural network memorize random labels.
//!
//! A reproduction of Zhang, Bengio, Hardt, Recht and Vinyals, "Understanding deep
//! learning requires rethinking generalization" (ICLR 2017), that trains with Burn in
//! the browser (WebGPU or CPU, through `web`) and natively (the `rethink` binary and
//! `cargo test`), from the same code.

pub mod augment;
pub mod data;
pub mod experiment;
pub mod model;
pub mod train;
#[cfg(target_arch = "wasm32")]
pub mod web;
