//! `rethink theorem1` and `rethink min-norm`: the paper's Sections 4 and 5 computed, not
//! trained, on exactly the data a training run with the same flags sees
//! (`PreparedData`, then the training split's per-channel standardization).

use clap::{Args, ValueEnum};
use rethink::data::asset::Asset;
use rethink::experiment::PreparedData;
use rethink::model::ModelKind;
use rethink::theory::min_norm::{self, Kernel};
use rethink::theory::{Inputs, paper, theorem1};

use crate::config_args::RunDataArgs;

/// The data flags of `rethink train`, and nothing about training.
#[derive(Args)]
pub struct DataFlags {
    /// The data and their randomizations.
    #[command(flatten)]
    data: RunDataArgs,
    /// Use only the first N training images (after the randomizations).
    #[arg(long)]
    train_count: Option<usize>,
}

impl DataFlags {
    /// The standardized inputs, and one line saying what they are.
    fn inputs(&self) -> Result<(Inputs, String), String> {
        let config = self.data.config(ModelKind::default());
        config.validate()?;
        let asset: Asset = self.data.load_asset()?;
        let data = PreparedData::new(&asset, &config);
        let mut inputs = Inputs::standardized(&data.train, &data.test, asset.side);
        if let Some(count) = self.train_count {
            inputs.truncate_train(count);
        }
        let labels = match config.label_corruption {
            1.0 => "random labels".to_string(),
            0.0 => "true labels".to_string(),
            p => format!("label corruption p = {p}"),
        };
        let pixels = config.pixels.label().to_lowercase();
        let side = asset.side;
        let what = format!(
            "{} train / {} test images, {side}x{side} px (d = {}), {labels}, {pixels}, seed {}",
            inputs.train_len(),
            inputs.test_len(),
            inputs.dim,
            self.data.seed
        );
        Ok((inputs, what))
    }
}

/// Options of `rethink theorem1`.
#[derive(Args)]
pub struct Theorem1Args {
    /// The data, as `rethink train` takes them.
    #[command(flatten)]
    data: DataFlags,
}

/// Builds Theorem 1's network and prints its figures beside the paper's statement.
pub fn run_theorem1(args: Theorem1Args) -> Result<(), String> {
    let (inputs, what) = args.data.inputs()?;
    let report = theorem1::run(&inputs, args.data.data.seed).map_err(|e| e.to_string())?;
    let (n, d) = (report.train_len, report.dim);
    println!("Theorem 1 (Section 4) constructed on {what}");
    println!(
        "  parameters: {} = d + n + 10n (one ReLU layer of n units shared by 10 outputs); \
         the theorem's 2n + d = {} per output",
        report.params, report.params_per_output
    );
    println!(
        "  train error {:.2} % (largest |output - target| {:.1e}), test error {:.2} %, \
         built in {}",
        100.0 * report.train_error,
        report.max_residual,
        100.0 * report.test_error,
        seconds(report.build_seconds)
    );
    println!(
        "  smallest gap between sorted projections: {:.1e} of their scale (margin {:.0e})",
        report.min_gap,
        theorem1::MARGIN
    );
    println!("  {}\n  Here: n = {n}, d = {d}", paper::THEOREM1);
    Ok(())
}

/// The kernel on the command line.
#[derive(Clone, Copy, ValueEnum)]
pub enum KernelArg {
    /// ⟨x, x'⟩, the paper's equation (3); needs at most d training images.
    Linear,
    /// exp(−γ‖x − x'‖²), the paper's "Gaussian kernel on pixels".
    Gaussian,
}

/// Options of `rethink min-norm`.
#[derive(Args)]
pub struct MinNormArgs {
    /// The data, as `rethink train` takes them.
    #[command(flatten)]
    data: DataFlags,
    /// Kernel of the Gram matrix.
    #[arg(long, value_enum, default_value = "gaussian")]
    kernel: KernelArg,
    /// γ of the Gaussian kernel (default: 1 / the mean squared distance of training pairs).
    #[arg(long)]
    gamma: Option<f64>,
}

/// Fits the minimum-norm interpolant and prints its figures beside the paper's.
pub fn run_min_norm(args: MinNormArgs) -> Result<(), String> {
    let (inputs, what) = args.data.inputs()?;
    let kernel = match args.kernel {
        KernelArg::Linear => Kernel::Linear,
        KernelArg::Gaussian => Kernel::Gaussian(args.gamma),
    };
    let report = min_norm::run(&inputs, kernel).map_err(|e| e.to_string())?;
    let name = match report.kernel {
        Kernel::Linear => "linear kernel ⟨x, x'⟩".to_string(),
        Kernel::Gaussian(gamma) => format!(
            "Gaussian kernel exp(-γ‖x - x'‖²), γ = {:.3e}",
            gamma.unwrap_or(f64::NAN)
        ),
    };
    println!("Minimum-norm interpolant (Section 5), {name}, on {what}");
    println!(
        "  train error {:.2} % (largest |Kα - y| {:.1e}), test error {:.2} %, ‖w‖ = {:.2}, \
         fitted in {}",
        100.0 * report.train_error,
        report.max_residual,
        100.0 * report.test_error,
        report.norm,
        seconds(report.fit_seconds)
    );
    println!("  {}\n  Here: {what}", paper::MIN_NORM_GAUSSIAN);
    Ok(())
}

/// "12.3 ms" or "4.56 s", or a note where the platform had no clock.
fn seconds(value: Option<f64>) -> String {
    match value {
        None => "(no clock)".into(),
        Some(s) if s < 1.0 => format!("{:.1} ms", 1000.0 * s),
        Some(s) => format!("{s:.2} s"),
    }
}
