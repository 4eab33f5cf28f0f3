//! Hand-written SVG charts: a horizontal bar chart (codings or respondents per code, or per child
//! of a chosen code), the same grouped per coder with a legend, and a heat map of a code x respondent (or code x code) matrix. Plain SVG 1.1,
//! no scripts or external fonts, every label escaped, integer coordinates, so output is
//! deterministic and opens in browsers, Word (Insert > Pictures) and LibreOffice. PNG is the same
//! SVG rasterised by [`crate::raster`].
//!
//! Hand-written because a chart crate (plotters, charming) would bring its own font handling and
//! still not wrap labels; what is needed here is rectangles and text. Text widths are estimated
//! (no font metrics), generously. A label too long for its room is wrapped at spaces onto a second
//! line; what still does not fit is cut with "…" and the whole label is kept in a `<title>`, the
//! tooltip browsers show, so nothing is clipped at the edge of the picture. The heat map's colour
//! scale has a few discrete steps, each shown in the legend with the values it stands for.

use super::escape_xml;
use super::options::{CountsShown, Figure, ReportOptions};
use crate::core::analysis::{CodeRow, GroupFrequencies, Matrix};
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

/// A label fitted into `max_px` at `size` px: wrapped at spaces onto at most `max_lines` lines,
/// and what still does not fit cut with "…". Returns the lines and whether anything was cut.
fn fit_label(s: &str, max_px: usize, size: f32, max_lines: usize) -> (Vec<String>, bool) {
    let max_chars = ((max_px as f32 / (size * 0.6)).floor() as usize).max(4);
    let cut = |line: &str| -> String {
        let kept: String = line.chars().take(max_chars - 1).collect();
        format!("{}…", kept.trim_end())
    };
    let mut lines: Vec<String> = Vec::new();
    for word in s.split_whitespace() {
        match lines.last_mut() {
            Some(last) if last.chars().count() + 1 + word.chars().count() <= max_chars => {
                last.push(' ');
                last.push_str(word);
            }
            _ => lines.push(word.to_string()),
        }
    }
    let mut shortened = false;
    if lines.len() > max_lines.max(1) {
        let rest = lines[max_lines.max(1) - 1..].join(" ");
        lines.truncate(max_lines.max(1) - 1);
        lines.push(rest);
    }
    for line in &mut lines {
        if line.chars().count() > max_chars {
            *line = cut(line);
            shortened = true;
        }
    }
    if lines.is_empty() {
        lines.push(String::new());
    }
    (lines, shortened)
}

/// A `<text>` of one or more lines (the first baseline at `y`, `line_h` apart), inside a group
/// with the full label as `<title>` when the label had to be cut.
/// A bar's (or a group of bars') label, right-aligned in the `label_w` pixels before the bars in
/// at most two lines, the whole label as a tooltip when it is cut; `first` gives the first line's
/// baseline from the number of lines.
fn bar_label(label: &str, label_w: usize, size: f32, first: impl Fn(usize) -> usize) -> String {
    let (lines, cut) = fit_label(label, label_w - 16, size, 2);
    let attrs = " font-size=\"12\" text-anchor=\"end\"";
    label_text(label_w - 8, first(lines.len()), 13, attrs, &lines, cut.then_some(label))
}

fn label_text(x: usize, y: usize, line_h: usize, attrs: &str, lines: &[String], full: Option<&str>) -> String {
    let mut s = String::new();
    if let Some(full) = full {
        let _ = write!(s, "<g><title>{}</title>", escape_xml(full));
    }
    if let [line] = lines {
        let _ = write!(s, "<text x=\"{x}\" y=\"{y}\"{attrs}>{}</text>", escape_xml(line));
    } else {
        let _ = write!(s, "<text x=\"{x}\" y=\"{y}\"{attrs}>");
        for (i, line) in lines.iter().enumerate() {
            let _ = write!(s, "<tspan x=\"{x}\" y=\"{}\">{}</tspan>", y + i * line_h, escape_xml(line));
        }
        s.push_str("</text>");
    }
    if full.is_some() {
        s.push_str("</g>");
    }
    s.push('\n');
    s
}

/// The opening of a chart: the `<svg>` element, a title for screen readers, a white background
/// and the visible heading (wrapped onto two lines when it is wider than the chart). Returns the
/// markup and the height the heading takes.
fn svg_open(width: usize, height: usize, title: &str) -> String {
    let mut s = String::new();
    let _ = writeln!(
        s,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\" {FONT}>"
    );
    let _ = writeln!(s, "<title>{}</title>", escape_xml(title));
    let _ = writeln!(s, "<rect width=\"{width}\" height=\"{height}\" fill=\"#ffffff\"/>");
    let (lines, cut) = heading_lines(title, width);
    s.push_str(&label_text(10, 24, 20, " font-size=\"16\" font-weight=\"bold\"", &lines, cut.then_some(title)));
    s
}

/// The chart heading in the room of a chart `width` wide (at most two lines).
fn heading_lines(title: &str, width: usize) -> (Vec<String>, bool) {
    fit_label(title, width.saturating_sub(20).max(200), 16.0, 2)
}

/// Extra height the heading needs beyond its first line.
fn heading_extra(title: &str, width: usize) -> usize {
    (heading_lines(title, width).0.len() - 1) * 20
}

/// Widest room a label column may take, in pixels.
const MAX_LABEL_PX: usize = 340;

/// A horizontal bar chart with the value printed after each bar. Long labels wrap onto a second
/// line (and are cut with "…", the full text in a tooltip, beyond that).
pub fn bar_chart_svg(title: &str, bars: &[Bar]) -> String {
    let size = 12.0;
    let label_w = bars.iter().map(|b| text_width(&b.label, size)).max().unwrap_or(0).clamp(60, MAX_LABEL_PX) + 16;
    let plot_w = 420;
    let (bar_h, gap) = (24, 8);
    let max = bars.iter().map(|b| b.value).max().unwrap_or(0).max(1);
    let value_w = text_width(&max.to_string(), size) + 16;
    let width = (label_w + plot_w + value_w).max(text_width(title, 16.0).min(700) + 20);
    let top = 44 + heading_extra(title, width);
    let height = top + bars.len() * (bar_h + gap) + 16;
    let mut s = svg_open(width, height, title);
    for (i, b) in bars.iter().enumerate() {
        let y = top + i * (bar_h + gap);
        let w = b.value * plot_w / max;
        s.push_str(&bar_label(&b.label, label_w, size, |lines| if lines > 1 { y + 10 } else { y + 16 }));
        let _ = writeln!(
            s,
            "<rect x=\"{label_w}\" y=\"{y}\" width=\"{w}\" height=\"{bar_h}\" fill=\"{}\"/>",
            safe_color(&b.color)
        );
        let _ = writeln!(s, "<text x=\"{}\" y=\"{}\" font-size=\"12\">{}</text>", label_w + w + 6, y + 16, b.value);
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
/// order, in the code's colour; a branch without children is one bar of its own. The value is
/// the figure the options ask for: codings (default) or respondents, subtree totals (default) or
/// own counts. `rows` are shaped by [`ReportOptions::shape`], so a branch is level 1 and its
/// children level 2.
pub fn code_bar_chart(rows: &[CodeRow], title: &str, o: &ReportOptions) -> String {
    let mut level = if o.branch.is_some() { 2 } else { 1 };
    if o.branch.is_some() && !rows.iter().any(|r| r.depth == 2) {
        level = 1;
    }
    let own = o.counts_or(CountsShown::Total) == CountsShown::Own;
    let bars: Vec<Bar> = rows
        .iter()
        .filter(|r| r.depth == level)
        .map(|r| {
            let c = if own { &r.own } else { &r.total };
            let value = if o.figure == Figure::Respondents { c.respondent_count() } else { c.codings };
            Bar { label: r.name.clone(), value, color: r.color.hex() }
        })
        .collect();
    bar_chart_svg(title, &bars)
}

/// A grouped bar chart: for each group (a code) one bar per series (a coder), each series in its
/// colour of the one palette and named in a legend under the heading. `after[g][k]` is printed
/// after bar `k` of group `g`: its value, and the respondent labels when the table shows them
/// (cut with "…" beyond the room, the whole text in a tooltip).
pub fn grouped_bar_chart_svg(title: &str, series: &[String], groups: &[(String, Vec<(usize, String)>)]) -> String {
    let size = 12.0;
    let n = series.len().max(1);
    let label_w = groups.iter().map(|(l, _)| text_width(l, size)).max().unwrap_or(0).clamp(60, MAX_LABEL_PX) + 16;
    let plot_w = 420;
    let (bar_h, inner, gap) = (16, 2, 14);
    let group_h = n * bar_h + (n - 1) * inner;
    let max = groups.iter().flat_map(|(_, v)| v.iter().map(|(n, _)| *n)).max().unwrap_or(0).max(1);
    let after_max = 260;
    let after_w =
        groups.iter().flat_map(|(_, v)| v.iter().map(|(_, t)| text_width(t, size))).max().unwrap_or(0).min(after_max)
            + 16;
    let legend_item = |name: &str| 12 + 6 + text_width(name, size) + 18;
    let legend_w: usize = 10 + series.iter().map(|s| legend_item(s)).sum::<usize>();
    let width = (label_w + plot_w + after_w).max(legend_w).max(text_width(title, 16.0).min(700) + 20);
    let legend_y = 40 + heading_extra(title, width);
    let top = legend_y + 28;
    let height = top + groups.len() * (group_h + gap) + 8;
    let colors: Vec<String> = (0..series.len()).map(|i| crate::core::Color::palette(i).hex()).collect();
    let mut s = svg_open(width, height, title);
    let mut x = 10;
    for (name, color) in series.iter().zip(&colors) {
        let _ = writeln!(
            s,
            "<rect class=\"legend\" x=\"{x}\" y=\"{legend_y}\" width=\"12\" height=\"12\" fill=\"{color}\"/>"
        );
        let _ =
            writeln!(s, "<text x=\"{}\" y=\"{}\" font-size=\"12\">{}</text>", x + 18, legend_y + 11, escape_xml(name));
        x += legend_item(name);
    }
    for (g, (label, values)) in groups.iter().enumerate() {
        let y0 = top + g * (group_h + gap);
        s.push_str(&bar_label(label, label_w, size, |lines| y0 + group_h / 2 + 4 - (lines - 1) * 13 / 2));
        for (k, ((value, after), color)) in values.iter().zip(&colors).enumerate() {
            let y = y0 + k * (bar_h + inner);
            let w = value * plot_w / max;
            let _ = writeln!(
                s,
                "<rect class=\"bar\" x=\"{label_w}\" y=\"{y}\" width=\"{w}\" height=\"{bar_h}\" fill=\"{color}\"><title>{}: {value}</title></rect>",
                escape_xml(&series[k])
            );
            let (lines, cut) = fit_label(after, after_max, size, 1);
            s.push_str(&label_text(label_w + w + 6, y + 12, 13, " font-size=\"12\"", &lines, cut.then_some(after)));
        }
    }
    let axis_bottom = top + groups.len() * (group_h + gap);
    let _ = writeln!(
        s,
        "<line x1=\"{label_w}\" y1=\"{}\" x2=\"{label_w}\" y2=\"{axis_bottom}\" stroke=\"#333\"/>",
        top - 4
    );
    s.push_str("</svg>\n");
    s
}

/// One group of bars per top-level code (or per child of the branch, as [`code_bar_chart`]),
/// one bar per coder: codings (default) or respondents, subtree totals (default) or own counts,
/// each followed by its respondent labels unless the options leave them out.
pub fn coder_bar_chart(g: &GroupFrequencies, title: &str, o: &ReportOptions) -> String {
    let mut level = if o.branch.is_some() { 2 } else { 1 };
    if o.branch.is_some() && !g.rows.iter().any(|r| r.depth == 2) {
        level = 1;
    }
    let series: Vec<String> = g.groups.iter().map(|c| c.value.clone()).collect();
    let groups: Vec<(String, Vec<(usize, String)>)> = g
        .rows
        .iter()
        .filter(|r| r.depth == level)
        .map(|r| {
            let bars = r
                .cells
                .iter()
                .map(|c| {
                    let value = if o.figure == Figure::Respondents { c.respondent_count() } else { c.codings };
                    let labels = if o.labels { o.citation(&c.respondent_labels) } else { String::new() };
                    (value, if labels.is_empty() { value.to_string() } else { format!("{value} {labels}") })
                })
                .collect();
            (r.path.last().cloned().unwrap_or_default(), bars)
        })
        .collect();
    grouped_bar_chart_svg(title, &series, &groups)
}

/// Codings per concept: [`code_bar_chart`] with the default options.
pub fn concept_bar_chart(rows: &[CodeRow], title: &str) -> String {
    code_bar_chart(rows, title, &ReportOptions::default())
}

/// A chart with nothing to draw (its filter or branch left no coded passage): the heading, which
/// names the filter, over an empty plot area with `sentence` ("Geen passages gevonden.") in its
/// centre, so a picture pasted into a thesis says why it is empty instead of showing a bare frame.
pub fn empty_chart(title: &str, sentence: &str) -> String {
    let width = (text_width(title, 16.0).min(700) + 20).max(text_width(sentence, 14.0) + 80).max(480);
    let top = 44 + heading_extra(title, width);
    let plot_h = 160;
    let mut s = svg_open(width, top + plot_h + 16, title);
    let _ = writeln!(
        s,
        "<rect x=\"10\" y=\"{top}\" width=\"{}\" height=\"{plot_h}\" fill=\"#f7f7f7\" stroke=\"#bbbbbb\"/>",
        width - 20
    );
    let _ = writeln!(
        s,
        "<text x=\"{}\" y=\"{}\" font-size=\"14\" text-anchor=\"middle\" fill=\"#333333\">{}</text>",
        width / 2,
        top + plot_h / 2 + 5,
        escape_xml(sentence)
    );
    s.push_str("</svg>\n");
    s
}

/// The heat map's colour scale: at most this many steps above zero.
const MAX_STEPS: usize = 6;

/// The steps of the colour scale for values up to `max`: each step's highest value (the lowest is
/// one more than the previous step's highest, the first starts at 1). One step per value up to
/// [`MAX_STEPS`], then equal ranges.
fn heat_steps(max: usize) -> Vec<usize> {
    let n = max.min(MAX_STEPS);
    let mut tops: Vec<usize> = (1..=n).map(|k| (k * max).div_ceil(n)).collect();
    tops.dedup();
    tops
}

/// The fill of step `k` (1-based) of `n`: from light blue to dark blue; and whether text on it
/// should be white.
fn step_color(k: usize, n: usize) -> (String, bool) {
    let t = if n <= 1 { 1.0 } else { (k - 1) as f32 / (n - 1) as f32 };
    let (lo, hi) = ((0xc6, 0xdb, 0xef), (0x08, 0x30, 0x6b));
    let mix = |a: i32, b: i32| (a as f32 + (b - a) as f32 * t).round() as i32;
    let c = format!("#{:02x}{:02x}{:02x}", mix(lo.0, hi.0), mix(lo.1, hi.1), mix(lo.2, hi.2));
    (c, t > 0.45)
}

/// The fill of a cell with `value` on the scale `steps` ([`heat_steps`]): white for 0.
fn heat(value: usize, steps: &[usize]) -> (String, bool) {
    match steps.iter().position(|&top| value <= top) {
        _ if value == 0 => ("#ffffff".into(), false),
        Some(k) => step_color(k + 1, steps.len()),
        None => step_color(steps.len(), steps.len()),
    }
}

/// The legend's entries: (fill, the values it stands for), "0" first.
fn legend_entries(steps: &[usize]) -> Vec<(String, String)> {
    let mut out = vec![("#ffffff".to_string(), "0".to_string())];
    let mut low = 1;
    for (k, &top) in steps.iter().enumerate() {
        let range = if low == top { top.to_string() } else { format!("{low}–{top}") };
        out.push((step_color(k + 1, steps.len()).0, range));
        low = top + 1;
    }
    out
}

/// A heat map of a matrix (rows: codes, indented by depth; columns: e.g. respondents). Each cell
/// shows its count; darker = more, in a few steps the legend lists with their ranges. Zero cells
/// are white and left blank. Long code names wrap onto a second line and long column labels are
/// cut with "…" (the full text in a tooltip), so no label runs off the picture.
pub fn heatmap_svg(title: &str, m: &Matrix) -> String {
    let cell = 30;
    let indent = 12;
    let size = 12.0;
    let row_label_w = m
        .rows
        .iter()
        .map(|r| text_width(&r.name, size) + r.depth.saturating_sub(1) * indent)
        .max()
        .unwrap_or(0)
        .clamp(60, MAX_LABEL_PX)
        + 16;
    // Column labels are drawn at 45°: at most 180 px long, cut beyond that.
    let col_max = 180;
    let col_labels: Vec<(Vec<String>, bool)> =
        m.columns.iter().map(|c| fit_label(&c.label, col_max, size, 1)).collect();
    let col_len = col_labels.iter().map(|(l, _)| text_width(&l[0], size)).max().unwrap_or(0).clamp(20, col_max);
    let col_label_h = col_len * 7 / 10 + 20;
    let steps = heat_steps(m.max());
    let legend = legend_entries(&steps);
    let grid_w = row_label_w + m.columns.len() * cell;
    let legend_w: usize = 10 + legend.iter().map(|(_, l)| 14 + 6 + text_width(l, 11.0) + 14).sum::<usize>();
    let width = (grid_w + (col_len * 7 / 10).max(30) + 10).max(legend_w).max(text_width(title, 16.0).min(700) + 20);
    let top = 40 + heading_extra(title, width) + col_label_h;
    let height = top + m.rows.len() * cell + 50;
    let mut s = svg_open(width, height, title);
    for (j, (lines, cut)) in col_labels.iter().enumerate() {
        let x = row_label_w + j * cell + cell / 2 + 4;
        let y = top - 6;
        let attrs = format!(" font-size=\"12\" transform=\"rotate(-45 {x} {y})\"");
        s.push_str(&label_text(x, y, 13, &attrs, lines, cut.then_some(m.columns[j].label.as_str())));
    }
    for (i, (r, vals)) in m.rows.iter().zip(&m.values).enumerate() {
        let y = top + i * cell;
        let weight = if r.depth == 1 { " font-weight=\"bold\"" } else { "" };
        let x = 10 + r.depth.saturating_sub(1) * indent;
        let (lines, cut) = fit_label(&r.name, row_label_w.saturating_sub(x + 6), size, 2);
        let first = if lines.len() > 1 { y + 14 } else { y + 19 };
        let attrs = format!(" font-size=\"12\"{weight}");
        s.push_str(&label_text(x, first, 13, &attrs, &lines, cut.then_some(r.name.as_str())));
        for (j, &v) in vals.iter().enumerate() {
            let x = row_label_w + j * cell;
            let (fill, dark) = heat(v, &steps);
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
    // Legend: every step of the scale with the values it stands for.
    let ly = top + m.rows.len() * cell + 16;
    let mut x = 10;
    for (fill, label) in &legend {
        let _ = writeln!(
            s,
            "<rect class=\"legend\" x=\"{x}\" y=\"{ly}\" width=\"14\" height=\"14\" fill=\"{fill}\" stroke=\"#bbbbbb\"/>"
        );
        let _ = writeln!(s, "<text x=\"{}\" y=\"{}\" font-size=\"11\">{}</text>", x + 20, ly + 11, escape_xml(label));
        x += 14 + 6 + text_width(label, 11.0) + 14;
    }
    s.push_str("</svg>\n");
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_label_wraps_at_spaces_and_is_cut_with_an_ellipsis_only_beyond_two_lines() {
        let (lines, cut) = fit_label("Vertrouwen in gemeente", 340, 12.0, 2);
        assert_eq!((lines, cut), (vec!["Vertrouwen in gemeente".to_string()], false));
        let long = "Ontwijkende strategie geen onderdeel van waardengedreven digitaliseren";
        let (lines, cut) = fit_label(long, 300, 12.0, 2);
        assert_eq!(lines, ["Ontwijkende strategie geen onderdeel van", "waardengedreven digitaliseren"]);
        assert!(!cut);
        let (lines, cut) = fit_label(&format!("{long} {long}"), 300, 12.0, 2);
        assert_eq!(lines.len(), 2);
        assert!(cut && lines[1].ends_with('…') && lines[1].chars().count() <= 41, "{lines:?}");
        // One word longer than the room: cut, never wider than the room.
        let (lines, cut) = fit_label("Professionaliseringstrajectenoverzichtsdocumentatie", 120, 12.0, 2);
        assert!(cut && lines[0].chars().count() <= 16, "{lines:?}");
    }

    #[test]
    fn the_colour_scale_has_a_step_per_value_up_to_six_then_ranges() {
        assert_eq!(heat_steps(0), Vec::<usize>::new());
        assert_eq!(heat_steps(4), [1, 2, 3, 4]);
        assert_eq!(heat_steps(12), [2, 4, 6, 8, 10, 12]);
        assert_eq!(heat_steps(20), [4, 7, 10, 14, 17, 20]);
        let labels: Vec<String> = legend_entries(&heat_steps(20)).into_iter().map(|(_, l)| l).collect();
        assert_eq!(labels, ["0", "1–4", "5–7", "8–10", "11–14", "15–17", "18–20"]);
        // Every value gets the colour of the step the legend gives for it.
        let steps = heat_steps(20);
        assert_eq!(heat(5, &steps).0, heat(7, &steps).0);
        assert_ne!(heat(4, &steps).0, heat(5, &steps).0);
        assert_eq!(heat(20, &steps).0, legend_entries(&steps)[6].0);
        assert_eq!(heat(0, &steps).0, "#ffffff");
    }
}
