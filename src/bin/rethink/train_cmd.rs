//! `rethink train`: one experiment, natively, per-epoch CSV on stdout or in a file.

use std::io::Write;
use std::path::PathBuf;

use clap::Args;

use crate::config_args::RunArgs;
use crate::runner::{self, CSV_HEADER};

/// Options of `rethink train`.
#[derive(Args)]
pub struct TrainArgs {
    /// The run's settings.
    #[command(flatten)]
    run: RunArgs,
    /// Epochs to train.
    #[arg(long, default_value_t = 10)]
    epochs: u64,
    /// Stop early once train error is at most this fraction.
    #[arg(long)]
    stop_at_train_error: Option<f64>,
    /// Write the CSV here instead of stdout.
    #[arg(long)]
    out: Option<PathBuf>,
}

/// Runs the command.
pub fn run(args: TrainArgs) -> Result<(), String> {
    let asset = args.run.data.load_asset()?;
    let device = args.run.device()?;
    let mut out: Box<dyn Write> = match &args.out {
        Some(path) => Box::new(
            std::fs::File::create(path)
                .map_err(|e| format!("cannot write {}: {e}", path.display()))?,
        ),
        None => Box::new(std::io::stdout()),
    };
    let io = |e: std::io::Error| format!("writing the CSV: {e}");
    writeln!(out, "{CSV_HEADER}").map_err(io)?;
    let mut failed = None;
    let outcome = runner::run(
        &asset,
        args.run.config(),
        &device,
        args.epochs,
        args.stop_at_train_error,
        |row| {
            if let Err(e) = writeln!(out, "{}", row.csv()).and_then(|_| out.flush()) {
                failed.get_or_insert(io(e));
            }
        },
    )?;
    if let Some(message) = failed {
        return Err(message);
    }
    eprintln!(
        "{} parameters; training: {} steps, {:.1} steps/s (evaluation excluded)",
        outcome.params,
        outcome.rows.last().map_or(0, |r| r.metrics.step),
        outcome.steps_per_second
    );
    Ok(())
}
