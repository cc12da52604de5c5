//! Data: the asset format, its construction from CIFAR-10, and the paper's
//! randomizations.

pub mod asset;
#[cfg(not(target_arch = "wasm32"))]
pub mod cifar;
pub mod downsample;
pub mod normalize;
pub mod pixel_codec;
pub mod randomize;
