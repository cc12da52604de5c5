//! SVG line charts for `rethink figure1`, drawn with `plotters`.

use std::path::Path;

pub use plotters::prelude::SeriesLabelPosition;
use plotters::prelude::*;

/// Okabe-Ito colours (distinguishable with the common colour-vision deficiencies).
const PALETTE: [RGBColor; 7] = [
    RGBColor(0, 114, 178),
    RGBColor(213, 94, 0),
    RGBColor(0, 158, 115),
    RGBColor(204, 121, 167),
    RGBColor(230, 159, 0),
    RGBColor(86, 180, 233),
    RGBColor(0, 0, 0),
];

/// One labelled line of a chart.
pub struct Series {
    /// Legend text.
    pub label: String,
    /// Points in data coordinates.
    pub points: Vec<(f64, f64)>,
}

/// Axis text and range of a chart.
pub struct Axes<'a> {
    /// Title above the plot.
    pub title: &'a str,
    /// X axis label.
    pub x_label: &'a str,
    /// Y axis label.
    pub y_label: &'a str,
    /// Y range; `None` fits the data from 0.
    pub y_range: Option<(f64, f64)>,
    /// Where the legend goes (a corner the curves leave empty).
    pub legend: SeriesLabelPosition,
}

/// Writes an SVG of `series` as lines with point markers, with a legend.
pub fn line_chart(path: &Path, axes: &Axes, series: &[Series]) -> Result<(), String> {
    let fail = |e: &dyn std::fmt::Display| format!("plotting {}: {e}", path.display());
    let all = series.iter().flat_map(|s| s.points.iter());
    let x_max = all.clone().map(|p| p.0).fold(0.0, f64::max).max(1e-9);
    let y_max = all.map(|p| p.1).fold(0.0, f64::max).max(1e-9);
    let (y_min, y_max) = axes.y_range.unwrap_or((0.0, y_max * 1.05));
    let root = SVGBackend::new(path, (800, 500)).into_drawing_area();
    root.fill(&WHITE).map_err(|e| fail(&e))?;
    let mut chart = ChartBuilder::on(&root)
        .caption(axes.title, ("sans-serif", 22))
        .margin(16)
        .x_label_area_size(48)
        .y_label_area_size(64)
        .build_cartesian_2d(0.0..x_max * 1.02, y_min..y_max)
        .map_err(|e| fail(&e))?;
    chart
        .configure_mesh()
        .x_desc(axes.x_label)
        .y_desc(axes.y_label)
        .light_line_style(WHITE)
        .label_style(("sans-serif", 15))
        .draw()
        .map_err(|e| fail(&e))?;
    for (i, line) in series.iter().enumerate() {
        let color = PALETTE[i % PALETTE.len()];
        let style = ShapeStyle::from(&color).stroke_width(2);
        chart
            .draw_series(LineSeries::new(line.points.iter().copied(), style))
            .map_err(|e| fail(&e))?
            .label(line.label.as_str())
            .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 20, y)], style));
        chart
            .draw_series(
                line.points
                    .iter()
                    .map(|&p| Circle::new(p, 3, color.filled())),
            )
            .map_err(|e| fail(&e))?;
    }
    chart
        .configure_series_labels()
        .background_style(WHITE.mix(0.85))
        .border_style(BLACK)
        .label_font(("sans-serif", 15))
        .position(axes.legend.clone())
        .draw()
        .map_err(|e| fail(&e))?;
    root.present().map_err(|e| fail(&e))
}
