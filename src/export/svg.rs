//! Hand-written SVG charts: a horizontal bar chart (codings per concept) and a heat map of a code
//! x respondent matrix. Plain SVG 1.1, no scripts or external fonts, every label escaped, integer
//! coordinates, so output is deterministic and opens in browsers, Word (Insert > Pictures) and
//! LibreOffice. Text widths are estimated (no font metrics), generously.
//!
//! PNG is not produced here: rasterising needs a renderer crate (e.g. `resvg`, which brings
//! `tiny-skia` and `usvg`) that is not a dependency yet.

use super::escape_xml;
use super::options::{CountsShown, Figure, ReportOptions};
use crate::core::analysis::{CodeRow, Matrix};
use std::fmt::Write as _;

const FONT: &str = "font-family=\"Calibri, Arial, sans-serif\"";
const DEFAULT_BAR: crate::core::Color = crate::core::Color::from_u24(0x4472c4);

/// One bar.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bar {
    pub label: String,
    pub value: usize,
    /// `#rrggbb`; anything else falls back to a default blue.
    pub color: String,
}

fn safe_color(c: &str) -> String {
    crate::core::Color::parse(c).unwrap_or(DEFAULT_BAR).hex()
}

/// Estimated width in pixels of `s` at `size` px.
fn text_width(s: &str, size: f32) -> usize {
    (s.chars().count() as f32 * size * 0.6).ceil() as usize
}

/// The opening of a chart: the `<svg>` element, a title for screen readers, a white background
/// and the visible heading.
fn svg_open(width: usize, height: usize, title: &str) -> String {
    let mut s = String::new();
    let _ = writeln!(
        s,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\" {FONT}>"
    );
    let _ = writeln!(s, "<title>{}</title>", escape_xml(title));
    let _ = writeln!(s, "<rect width=\"{width}\" height=\"{height}\" fill=\"#ffffff\"/>");
    let _ = writeln!(s, "<text x=\"10\" y=\"24\" font-size=\"16\" font-weight=\"bold\">{}</text>", escape_xml(title));
    s
}

/// A horizontal bar chart with the value printed after each bar.
pub fn bar_chart_svg(title: &str, bars: &[Bar]) -> String {
    let label_w = bars.iter().map(|b| text_width(&b.label, 12.0)).max().unwrap_or(0).clamp(60, 300) + 16;
    let plot_w = 420;
    let (bar_h, gap, top) = (22, 8, 44);
    let width = label_w + plot_w + 60;
    let height = top + bars.len() * (bar_h + gap) + 16;
    let max = bars.iter().map(|b| b.value).max().unwrap_or(0).max(1);
    let mut s = svg_open(width, height, title);
    for (i, b) in bars.iter().enumerate() {
        let y = top + i * (bar_h + gap);
        let w = b.value * plot_w / max;
        let _ = writeln!(
            s,
            "<text x=\"{}\" y=\"{}\" font-size=\"12\" text-anchor=\"end\">{}</text>",
            label_w - 8,
            y + 15,
            escape_xml(&b.label)
        );
        let _ = writeln!(
            s,
            "<rect x=\"{label_w}\" y=\"{y}\" width=\"{w}\" height=\"{bar_h}\" fill=\"{}\"/>",
            safe_color(&b.color)
        );
        let _ = writeln!(s, "<text x=\"{}\" y=\"{}\" font-size=\"12\">{}</text>", label_w + w + 6, y + 15, b.value);
    }
    let axis_bottom = top + bars.len() * (bar_h + gap);
    let _ = writeln!(
        s,
        "<line x1=\"{label_w}\" y1=\"{}\" x2=\"{label_w}\" y2=\"{axis_bottom}\" stroke=\"#333\"/>",
        top - 4
    );
    s.push_str("</svg>\n");
    s
}

/// One bar per top-level code, or with a branch (`--code`) per child of that code, in tree
/// order, in the code's colour. The value is the figure the options ask for: codings (default) or
/// respondents, subtree totals (default) or own counts. `rows` are shaped by
/// [`ReportOptions::shape`], so a branch is level 1 and its children level 2.
pub fn code_bar_chart(rows: &[CodeRow], title: &str, o: &ReportOptions) -> String {
    let level = if o.branch.is_some() { 2 } else { 1 };
    let own = o.counts_or(CountsShown::Total) == CountsShown::Own;
    let bars: Vec<Bar> = rows
        .iter()
        .filter(|r| r.depth == level)
        .map(|r| {
            let c = if own { &r.own } else { &r.total };
            let value = if o.figure == Figure::Respondents { c.respondent_count() } else { c.codings };
            Bar { label: r.name.clone(), value, color: r.color.clone() }
        })
        .collect();
    bar_chart_svg(title, &bars)
}

/// Codings per concept: [`code_bar_chart`] with the default options.
pub fn concept_bar_chart(rows: &[CodeRow], title: &str) -> String {
    code_bar_chart(rows, title, &ReportOptions::default())
}

/// Blend from white (0) via light blue to dark blue (max).
fn heat(value: usize, max: usize) -> (String, bool) {
    if value == 0 || max == 0 {
        return ("#ffffff".into(), false);
    }
    let t = value as f32 / max as f32;
    let (lo, hi) = ((0xde, 0xeb, 0xf7), (0x08, 0x51, 0x9c));
    let mix = |a: i32, b: i32| (a as f32 + (b - a) as f32 * t).round() as i32;
    let c = format!("#{:02x}{:02x}{:02x}", mix(lo.0, hi.0), mix(lo.1, hi.1), mix(lo.2, hi.2));
    (c, t > 0.55)
}

/// A heat map of a matrix (rows: codes, indented by depth; columns: e.g. respondents). Each cell
/// shows its count; darker = more. Zero cells are white and left blank.
pub fn heatmap_svg(title: &str, m: &Matrix) -> String {
    let cell = 30;
    let indent = 12;
    let row_label_w = m
        .rows
        .iter()
        .map(|r| text_width(&r.name, 12.0) + r.depth.saturating_sub(1) * indent)
        .max()
        .unwrap_or(0)
        .clamp(60, 360)
        + 16;
    let col_label_h =
        m.columns.iter().map(|c| text_width(&c.label, 12.0)).max().unwrap_or(0).clamp(20, 200) * 7 / 10 + 20;
    let top = 40 + col_label_h;
    let width = row_label_w + m.columns.len() * cell + 40;
    let height = top + m.rows.len() * cell + 50;
    let max = m.max();
    let mut s = svg_open(width, height, title);
    for (j, c) in m.columns.iter().enumerate() {
        let x = row_label_w + j * cell + cell / 2 + 4;
        let y = top - 6;
        let _ = writeln!(
            s,
            "<text x=\"{x}\" y=\"{y}\" font-size=\"12\" transform=\"rotate(-45 {x} {y})\">{}</text>",
            escape_xml(&c.label)
        );
    }
    for (i, (r, vals)) in m.rows.iter().zip(&m.values).enumerate() {
        let y = top + i * cell;
        let weight = if r.depth == 1 { " font-weight=\"bold\"" } else { "" };
        let _ = writeln!(
            s,
            "<text x=\"{}\" y=\"{}\" font-size=\"12\"{weight}>{}</text>",
            10 + r.depth.saturating_sub(1) * indent,
            y + 19,
            escape_xml(&r.name)
        );
        for (j, &v) in vals.iter().enumerate() {
            let x = row_label_w + j * cell;
            let (fill, dark) = heat(v, max);
            let _ = writeln!(
                s,
                "<rect x=\"{x}\" y=\"{y}\" width=\"{cell}\" height=\"{cell}\" fill=\"{fill}\" stroke=\"#bbbbbb\"/>"
            );
            if v > 0 {
                let color = if dark { "#ffffff" } else { "#000000" };
                let _ = writeln!(
                    s,
                    "<text x=\"{}\" y=\"{}\" font-size=\"12\" text-anchor=\"middle\" fill=\"{color}\">{v}</text>",
                    x + cell / 2,
                    y + 19
                );
            }
        }
    }
    // Legend: the lightest and darkest colour with their values.
    let ly = top + m.rows.len() * cell + 16;
    let (lo, _) = heat(1.min(max), max.max(1));
    let (hi, _) = heat(max, max);
    let _ = writeln!(s, "<rect x=\"10\" y=\"{ly}\" width=\"14\" height=\"14\" fill=\"{lo}\" stroke=\"#bbbbbb\"/>");
    let _ = writeln!(s, "<text x=\"30\" y=\"{}\" font-size=\"11\">{}</text>", ly + 11, 1.min(max));
    let _ = writeln!(s, "<rect x=\"60\" y=\"{ly}\" width=\"14\" height=\"14\" fill=\"{hi}\" stroke=\"#bbbbbb\"/>");
    let _ = writeln!(s, "<text x=\"80\" y=\"{}\" font-size=\"11\">{max}</text>", ly + 11);
    s.push_str("</svg>\n");
    s
}
