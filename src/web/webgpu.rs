//! The page's WebGPU device: Burn's wgpu backend, initialised once per worker.

use std::cell::RefCell;

use burn::prelude::Device;
use wasm_bindgen::JsValue;

use super::error::failure;

thread_local! {
    /// The WebGPU device, initialised once: Burn refuses a second initialisation.
    static WEBGPU: RefCell<Option<(Device, String)>> = const { RefCell::new(None) };
}

/// Returns the WebGPU device and a description of its adapter, initialising it once.
pub(super) async fn device() -> Result<(Device, String), JsValue> {
    if let Some(found) = WEBGPU.with(|cell| cell.borrow().clone()) {
        return Ok(found);
    }
    let (device, setup) = Device::wgpu_options()
        .init_with_setup_async()
        .await
        .map_err(|e| {
            failure(
                "backend",
                &format!("WebGPU could not be initialised: {e}"),
                &[],
            )
        })?;
    let info = setup.adapter.get_info();
    let name = if info.name.is_empty() {
        "WebGPU".to_string()
    } else {
        format!("WebGPU ({})", info.name)
    };
    WEBGPU.with(|cell| *cell.borrow_mut() = Some((device.clone(), name.clone())));
    Ok((device, name))
}
