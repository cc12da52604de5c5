//! rethink: watch a neural network memorize random labels.
//!
//! A reproduction of Zhang, Bengio, Hardt, Recht and Vinyals, "Understanding deep
//! learning requires rethinking generalization" (ICLR 2017), that trains with Burn in
//! the browser (WebGPU or CPU, through `web`) and natively (the `rethink` binary and
//! `cargo test`), from the same code.
//!
//! Without the default `train` feature only [`data`] is built (the asset format and the data
//! tool, with no Burn), and [`theory`] with the `theory` feature (the paper's Sections 4 and
//! 5, computed, not trained: faer, no Burn).

#[cfg(feature = "train")]
pub mod augment;
pub mod data;
#[cfg(feature = "train")]
pub mod experiment;
#[cfg(feature = "train")]
pub mod model;
#[cfg(feature = "theory")]
pub mod theory;
#[cfg(feature = "train")]
pub mod train;
#[cfg(all(target_arch = "wasm32", feature = "train"))]
pub mod web;
