//! `rethink figure1`: the paper's Figure 1, natively. (a) the five randomizations'
//! training curves; (b) time to fit and (c) test error at that point, against label
//! corruption p. Writes CSV and SVG into an output folder.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use clap::Args;
use indicatif::{ProgressBar, ProgressStyle};
use rethink::experiment::figure1::{FIGURE_1A, sweep_reference};
use rethink::experiment::{ExperimentConfig, PixelCorruption};
use rethink::model::ModelKind;

use crate::config_args::RunArgs;
use crate::plots::{Axes, Series, SeriesLabelPosition, line_chart};
use crate::runner::{self, CSV_HEADER, Outcome};

/// Options of `rethink figure1`.
#[derive(Args)]
pub struct FigureArgs {
    /// Settings shared by every run (the label and pixel flags are replaced per variant).
    #[command(flatten)]
    run: RunArgs,
    /// Models to run, comma-separated (default: --model).
    #[arg(long, value_enum, value_delimiter = ',')]
    models: Vec<ModelKind>,
    /// Output folder for the CSV and SVG files.
    #[arg(long, default_value = "figures")]
    out: PathBuf,
    /// Train error that counts as fitted.
    #[arg(long, default_value_t = 0.01)]
    threshold: f64,
    /// Epochs after which a run that has not fitted stops.
    #[arg(long, default_value_t = 100)]
    max_epochs: u64,
    /// Label corruption levels of the sweep (b, c), comma-separated.
    #[arg(long, value_delimiter = ',', default_value = "0,0.2,0.4,0.6,0.8,1")]
    p: Vec<f64>,
}

/// Runs the command.
pub fn run(args: FigureArgs) -> Result<(), String> {
    if let Some(bad) = args.p.iter().find(|p| !(0.0..=1.0).contains(*p)) {
        return Err(format!("--p values must be in [0, 1], not {bad}"));
    }
    let asset = args.run.data.load_asset()?;
    let device = args.run.device()?;
    let models = if args.models.is_empty() {
        vec![args.run.model]
    } else {
        args.models.clone()
    };
    std::fs::create_dir_all(&args.out)
        .map_err(|e| format!("cannot create {}: {e}", args.out.display()))?;
    // (model, p, pixels) of every distinct run: p = 0 and p = 1 of the sweep are the true
    // and random-label runs of (a).
    let mut jobs: Vec<(ModelKind, f64, PixelCorruption)> = Vec::new();
    for &kind in &models {
        let variants = FIGURE_1A
            .iter()
            .map(|v| (kind, v.label_corruption, v.pixels));
        let sweep = args.p.iter().map(|&p| (kind, p, PixelCorruption::None));
        for job in variants.chain(sweep) {
            if !jobs.contains(&job) {
                jobs.push(job);
            }
        }
    }
    let bar = ProgressBar::new(jobs.len() as u64).with_style(
        ProgressStyle::with_template("{bar:30} {pos}/{len} runs, {elapsed} {msg}")
            .map_err(|e| e.to_string())?,
    );
    let mut outcomes: HashMap<String, Outcome> = HashMap::new();
    for &(kind, p, pixels) in &jobs {
        let config = ExperimentConfig {
            label_corruption: p,
            pixels,
            ..args.run.config_for(kind)
        };
        let name = format!("{}, p = {p}, pixels {pixels:?}", kind.label()).to_lowercase();
        let outcome = runner::run(
            &asset,
            config,
            &device,
            args.max_epochs,
            Some(args.threshold),
            |row| {
                bar.set_message(format!(
                    "{name}: epoch {:.0}, train error {:.1} %",
                    row.metrics.epoch,
                    100.0 * row.metrics.train_error
                ))
            },
        )?;
        let last = outcome
            .rows
            .last()
            .expect("epoch 0 is always evaluated")
            .metrics;
        // One line per finished run, also when stderr is not a terminal (the bar is hidden).
        let line = format!(
            "{name}: {} after {} epochs, train error {:.1} %, test error {:.1} %",
            if outcome.fitted.is_some() {
                "fitted"
            } else {
                "not fitted"
            },
            last.epoch,
            100.0 * last.train_error,
            100.0 * last.test_error
        );
        if bar.is_hidden() {
            eprintln!("{line}");
        } else {
            bar.println(line);
        }
        outcomes.insert(key(kind, p, pixels), outcome);
        bar.inc(1);
    }
    bar.finish_with_message("done");
    let summary = write_figure_1a(&args.out, &models, &outcomes)?;
    write_figure_1bc(&args, &models, &outcomes)?;
    println!("{summary}");
    eprintln!("wrote CSV and SVG files to {}", args.out.display());
    Ok(())
}

fn key(kind: ModelKind, p: f64, pixels: PixelCorruption) -> String {
    format!("{kind:?}/{p}/{pixels:?}")
}

fn write(path: &Path, text: &str) -> Result<(), String> {
    std::fs::write(path, text).map_err(|e| format!("cannot write {}: {e}", path.display()))
}

/// figure1a.csv (every epoch), figure1a-summary.csv and one SVG per model; returns the
/// summary as a Markdown table.
fn write_figure_1a(
    out: &Path,
    models: &[ModelKind],
    outcomes: &HashMap<String, Outcome>,
) -> Result<String, String> {
    let mut curves = format!("model,variant,{CSV_HEADER}\n");
    let mut summary = String::from(
        "model,variant,params,fitted,epochs,steps,train_error,test_error,steps_per_second\n",
    );
    let mut table = String::from(
        "| model | variant | epochs | train error | test error | fitted |\n|---|---|---|---|---|---|\n",
    );
    for &kind in models {
        let mut series = Vec::new();
        for v in &FIGURE_1A {
            let (variant, outcome) = (v.label, &outcomes[&key(kind, v.label_corruption, v.pixels)]);
            for row in &outcome.rows {
                let _ = writeln!(curves, "{:?},{variant},{}", kind, row.csv());
            }
            let last = outcome
                .rows
                .last()
                .expect("epoch 0 is always evaluated")
                .metrics;
            let fitted = outcome.fitted.is_some();
            let _ = writeln!(
                summary,
                "{kind:?},{variant},{},{fitted},{},{},{:.4},{:.4},{:.1}",
                outcome.params,
                last.epoch,
                last.step,
                last.train_error,
                last.test_error,
                outcome.steps_per_second
            );
            let _ = writeln!(
                table,
                "| {} | {variant} | {} | {:.1} % | {:.1} % | {} |",
                kind.label(),
                last.epoch,
                100.0 * last.train_error,
                100.0 * last.test_error,
                if fitted { "yes" } else { "no" }
            );
            series.push(Series {
                label: variant.to_string(),
                points: outcome
                    .rows
                    .iter()
                    .map(|r| (r.metrics.step as f64 / 1000.0, r.metrics.train_loss))
                    .collect(),
            });
        }
        let title = format!("Figure 1a: {} learning curves", kind.label());
        let axes = Axes {
            title: &title,
            x_label: "thousand steps",
            y_label: "average training loss",
            y_range: None,
            legend: SeriesLabelPosition::UpperRight,
        };
        line_chart(
            &out.join(format!("figure1a-{kind:?}.svg").to_lowercase()),
            &axes,
            &series,
        )?;
    }
    write(&out.join("figure1a.csv"), &curves)?;
    write(&out.join("figure1a-summary.csv"), &summary)?;
    Ok(table)
}

/// figure1bc.csv and the SVGs of (b) time to fit relative to the reference run
/// (`sweep_reference`: p = 0 when it fitted) and (c) test error.
fn write_figure_1bc(
    args: &FigureArgs,
    models: &[ModelKind],
    outcomes: &HashMap<String, Outcome>,
) -> Result<(), String> {
    let mut csv =
        String::from("model,p,fitted,epochs_to_fit,steps_to_fit,relative_time,test_error\n");
    let (mut times, mut errors) = (Vec::new(), Vec::new());
    for &kind in models {
        let fits: Vec<(f64, Option<f64>)> = args
            .p
            .iter()
            .map(|&p| {
                let fitted = outcomes[&key(kind, p, PixelCorruption::None)].fitted;
                (p, fitted.map(|row| row.metrics.epoch))
            })
            .collect();
        let baseline = sweep_reference(&fits).map(|(_, epochs)| epochs);
        let (mut time, mut error) = (Vec::new(), Vec::new());
        for &p in &args.p {
            let outcome = &outcomes[&key(kind, p, PixelCorruption::None)];
            let Some(row) = outcome.fitted else {
                let _ = writeln!(csv, "{kind:?},{p},false,,,,");
                continue;
            };
            let m = row.metrics;
            let relative = baseline.map(|b| m.epoch / b);
            let relative_text = relative.map_or(String::new(), |r| format!("{r:.3}"));
            let _ = writeln!(
                csv,
                "{kind:?},{p},true,{},{},{relative_text},{:.4}",
                m.epoch, m.step, m.test_error
            );
            if let Some(r) = relative {
                time.push((p, r));
            }
            error.push((p, m.test_error));
        }
        times.push(Series {
            label: kind.label().to_string(),
            points: time,
        });
        errors.push(Series {
            label: kind.label().to_string(),
            points: error,
        });
    }
    write(&args.out.join("figure1bc.csv"), &csv)?;
    let threshold = format!("{:.0} %", 100.0 * args.threshold);
    let title_b = format!("Figure 1b: time to reach {threshold} train error");
    let axes_b = Axes {
        title: &title_b,
        x_label: "label corruption p",
        y_label: "epochs to fit, relative to the smallest fitted p",
        y_range: None,
        legend: SeriesLabelPosition::LowerRight,
    };
    line_chart(&args.out.join("figure1b.svg"), &axes_b, &times)?;
    let axes_c = Axes {
        title: "Figure 1c: test error when the training set is fitted",
        x_label: "label corruption p",
        y_label: "test error",
        y_range: Some((0.0, 1.0)),
        legend: SeriesLabelPosition::LowerRight,
    };
    line_chart(&args.out.join("figure1c.svg"), &axes_c, &errors)
}
