//! `rethink`: the native command line. `rethink data` builds the page's data asset from
//! the CIFAR-10 tarball; `rethink train` runs one experiment and prints per-epoch CSV;
//! `rethink figure1` runs the paper's Figure 1 and writes CSV and SVG plots; `rethink
//! theorem1` and `rethink min-norm` compute the paper's Sections 4 and 5 on the same data.
//! All but `rethink data` need the `train` feature (the default); `rethink data` builds
//! without it, and without Burn.

#[cfg(feature = "train")]
mod config_args;
mod data_tool;
#[cfg(feature = "train")]
mod figure_cmd;
#[cfg(feature = "train")]
mod plots;
#[cfg(feature = "train")]
mod runner;
#[cfg(feature = "train")]
mod theory_cmd;
#[cfg(feature = "train")]
mod train_cmd;

use clap::{Parser, Subcommand};

/// Command-line interface of rethink.
#[derive(Parser)]
#[command(
    version,
    about = "Watch a neural network memorize random labels (Zhang et al., ICLR 2017)"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Build the downsampled CIFAR-10 subset asset the page loads.
    Data(data_tool::DataArgs),
    /// Train one experiment natively and print per-epoch metrics as CSV.
    #[cfg(feature = "train")]
    Train(train_cmd::TrainArgs),
    /// Run the paper's Figure 1 (a: five randomizations; b, c: label-corruption sweep)
    /// and write CSV and SVG plots.
    #[cfg(feature = "train")]
    Figure1(figure_cmd::FigureArgs),
    /// Build the paper's Theorem 1 network (2n + d weights per output) that fits the
    /// training labels exactly, and measure it.
    #[cfg(feature = "train")]
    Theorem1(theory_cmd::Theorem1Args),
    /// Solve for the minimum-norm interpolant of the training labels (the paper's Section
    /// 5), with a linear or Gaussian kernel, and measure it.
    #[cfg(feature = "train")]
    MinNorm(theory_cmd::MinNormArgs),
}

fn main() {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Data(args) => data_tool::run(args),
        #[cfg(feature = "train")]
        Command::Train(args) => train_cmd::run(args),
        #[cfg(feature = "train")]
        Command::Figure1(args) => figure_cmd::run(args),
        #[cfg(feature = "train")]
        Command::Theorem1(args) => theory_cmd::run_theorem1(args),
        #[cfg(feature = "train")]
        Command::MinNorm(args) => theory_cmd::run_min_norm(args),
    };
    if let Err(message) = result {
        eprintln!("error: {message}");
        std::process::exit(1);
    }
}
