//! The page's WebGPU device: Burn's wgpu backend, initialised once per worker.

use std::cell::{Cell, RefCell};

use burn::backend::wgpu::wgpu::{AdapterInfo, DeviceType};
use burn::prelude::Device;
use wasm_bindgen::JsValue;
use wasm_bindgen::prelude::wasm_bindgen;

use super::error::failure;

thread_local! {
    /// The WebGPU device, initialised once: Burn refuses a second initialisation.
    static WEBGPU: RefCell<Option<(Device, String)>> = const { RefCell::new(None) };
    /// The matmul choice `setWebGpuMatmul` made, applied when the device is initialised.
    static MATMUL: Cell<Matmul> = const { Cell::new(Matmul::ByAdapter) };
}

/// Which cubek routine Burn's matmuls launch on WebGPU (vendor/README.md).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Matmul {
    /// CpuGemm on a CPU (software) adapter, cubek's Auto elsewhere: the page's choice.
    ByAdapter,
    /// cubek's Auto everywhere (Burn's upstream behaviour; the benchmark's "before").
    CubekAuto,
    /// CpuGemm everywhere.
    CpuGemm,
}

/// Sets which matmul WebGPU runs use, before the first WebGPU run of this worker: `"by-adapter"`
/// (the default: CpuGemm on a software adapter, where it trained the MLP 2.7-3.3x as fast as
/// cubek's Auto, README "Speed"), `"cubek-auto"` or `"cpu-gemm"`. For the benchmark; throws on
/// another name.
#[wasm_bindgen(js_name = setWebGpuMatmul)]
pub fn set_webgpu_matmul(choice: &str) -> Result<(), JsValue> {
    let matmul = match choice {
        "by-adapter" => Matmul::ByAdapter,
        "cubek-auto" => Matmul::CubekAuto,
        "cpu-gemm" => Matmul::CpuGemm,
        other => {
            let message =
                format!("unknown WebGPU matmul {other:?}: by-adapter, cubek-auto or cpu-gemm");
            return Err(failure("config", &message, &[]));
        }
    };
    MATMUL.with(|cell| cell.set(matmul));
    Ok(())
}

/// Applies the matmul choice for the adapter `info`; true where it is CpuGemm.
fn apply_matmul(info: &AdapterInfo) -> bool {
    let cpu_gemm = match MATMUL.with(Cell::get) {
        // wgpu reports WebGPU's `isFallbackAdapter` (SwiftShader in Chromium) as DeviceType::Cpu.
        Matmul::ByAdapter => info.device_type == DeviceType::Cpu,
        Matmul::CubekAuto => false,
        Matmul::CpuGemm => true,
    };
    burn_cubecl::kernel::matmul::set_cube_cpu_gemm(cpu_gemm);
    cpu_gemm
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
    // "WebGPU (<adapter>, CpuGemm matmul)": the page and the benchmark show which matmul ran.
    let cpu_gemm = apply_matmul(&info);
    let details: Vec<&str> = [
        info.name.as_str(),
        if cpu_gemm { "CpuGemm matmul" } else { "" },
    ]
    .into_iter()
    .filter(|part| !part.is_empty())
    .collect();
    let name = if details.is_empty() {
        "WebGPU".to_string()
    } else {
        format!("WebGPU ({})", details.join(", "))
    };
    WEBGPU.with(|cell| *cell.borrow_mut() = Some((device.clone(), name.clone())));
    Ok((device, name))
}
