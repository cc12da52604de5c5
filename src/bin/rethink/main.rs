//! `rethink`: the native command line. `rethink data` builds the page's data asset from
//! the CIFAR-10 tarball; `rethink train` runs one experiment and prints per-epoch CSV.

mod data_tool;
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
    Train(train_cmd::TrainArgs),
}

fn main() {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Data(args) => data_tool::run(args),
        Command::Train(args) => train_cmd::run(args),
    };
    if let Err(message) = result {
        eprintln!("error: {message}");
        std::process::exit(1);
    }
}
