//! The choices a thesis makes when it prints counts, in one place for the CLI, the app and every
//! format: own or subtree counts, which branch, whether uncoded codes show, codings or respondents
//! as the figure, "4 respondenten" wording, the order of respondent labels and how a list of
//! labels is joined ("M1, A2 en A5").
//!
//! Why here and not in the analysis core: the core computes every figure once (own *and* total,
//! codings *and* respondents); these options only choose what a printed table shows, so they
//! belong to the exporters. [`ReportOptions::shape`] applies the row-level choices (branch,
//! uncoded, label order) to [`CodeRow`]s; the table builders in [`super::tables`] apply the rest.

use super::Label;
use super::Lang;
use crate::core::analysis::{
    Analysis, CodeRow, Counts, Filter, FilterWarning, GroupBy, GroupFrequencies, Matrix, natural_cmp,
};
use crate::core::model::{Id, Project};
use std::cmp::Ordering;
use std::collections::HashMap;

/// Own counts (the code itself), totals over the code's subtree, or both side by side.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum CountsShown {
    Own,
    #[default]
    Total,
    Both,
}

/// The figure a table shows per code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Figure {
    Codings,
    Respondents,
    #[default]
    Both,
    /// Names only (a code tree without counts).
    None,
}

/// Order of respondent labels in citation lists.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum LabelOrder {
    /// Letters first, then the number: `A2, A10, M1`.
    #[default]
    Natural,
    /// By the number in the label, whatever the letter: `M1, A2, A5, O7` (interview sequence
    /// numbers across groups, as theses number them).
    Number,
    /// The order the respondents were added to the project (usually import = interview order).
    Import,
    /// This order (labels not in the list follow in natural order).
    Custom(Vec<String>),
}

/// Everything a printed count table can be asked to do. `Default` gives the tables as they were
/// before these options existed (totals, both figures, plain numbers, natural order, ", ").
#[derive(Debug, Clone, PartialEq)]
pub struct ReportOptions {
    pub lang: Lang,
    /// `None`: the report's own default (the frequency table shows both, the code tree totals).
    pub counts: Option<CountsShown>,
    pub figure: Figure,
    /// Leave out codes without any coding (in their subtree, or of their own with `counts own`).
    pub hide_uncoded: bool,
    /// Print "4 respondenten" / "1 respondent" (and "-" for none) instead of bare numbers.
    pub wording: bool,
    pub order: LabelOrder,
    /// Join the last two labels with " en " / " and " instead of ", ".
    pub join_and: bool,
    /// Only this code and its subtree (depths re-based so the branch is level 1).
    pub branch: Option<Id>,
    /// Show the respondent labels next to the figures.
    pub labels: bool,
    /// How documents print the code tree: bullets, numbers or headings.
    pub tree_style: super::TreeStyle,
}

impl Default for ReportOptions {
    fn default() -> Self {
        ReportOptions {
            lang: Lang::Nl,
            counts: None,
            figure: Figure::Both,
            hide_uncoded: false,
            wording: false,
            order: LabelOrder::Natural,
            join_and: false,
            branch: None,
            labels: true,
            tree_style: super::TreeStyle::Bullets,
        }
    }
}

impl ReportOptions {
    pub fn new(lang: Lang) -> Self {
        ReportOptions { lang, ..Default::default() }
    }

    /// The counts a report shows: the option, or the report's default.
    pub fn counts_or(&self, default: CountsShown) -> CountsShown {
        self.counts.unwrap_or(default)
    }

    /// Applies the branch, hide-uncoded and label-order choices to rows in tree order.
    pub fn shape(&self, project: &Project, rows: Vec<CodeRow>) -> Vec<CodeRow> {
        let rows = match self.branch {
            Some(b) => branch_rows(rows, b),
            None => rows,
        };
        let own_only = self.counts == Some(CountsShown::Own);
        let rank = LabelRank::new(project, &self.order);
        let coded = rows.iter().map(|r| (r.depth, if own_only { r.own.codings > 0 } else { r.total.codings > 0 }));
        let mut keep = coded_with_ancestors(coded).into_iter();
        rows.into_iter()
            .filter(|_| !self.hide_uncoded || keep.next().unwrap_or(true))
            .map(|mut r| {
                rank.sort(&mut r.own);
                rank.sort(&mut r.total);
                r
            })
            .collect()
    }

    /// Applies the branch and hide-uncoded choices to a code x something matrix, and with
    /// `case_columns` (columns are respondents) puts the columns in the chosen label order.
    pub fn shape_matrix(&self, project: &Project, mut m: Matrix, case_columns: bool) -> Matrix {
        if let Some(b) = self.branch {
            let range = branch_range(m.rows.iter().map(|r| (r.code, r.depth)), b);
            let base = m.rows.get(range.start).map_or(1, |r| r.depth);
            m.rows = m.rows.drain(range.clone()).collect();
            m.values = m.values.drain(range).collect();
            for r in &mut m.rows {
                r.depth = r.depth + 1 - base;
            }
        }
        if self.hide_uncoded {
            let keep =
                coded_with_ancestors(m.rows.iter().zip(&m.values).map(|(r, v)| (r.depth, v.iter().any(|&x| x > 0))));
            let mut k = keep.iter();
            m.rows.retain(|_| *k.next().unwrap_or(&true));
            let mut k = keep.iter();
            m.values.retain(|_| *k.next().unwrap_or(&true));
        }
        if case_columns && self.order != LabelOrder::Natural {
            let rank = LabelRank::new(project, &self.order);
            let mut idx: Vec<usize> = (0..m.columns.len()).collect();
            idx.sort_by(|&x, &y| {
                let (a, b) = (&m.columns[x], &m.columns[y]);
                rank.cmp((a.id, &a.label), (b.id, &b.label))
            });
            m.columns = idx.iter().map(|&j| m.columns[j].clone()).collect();
            for row in &mut m.values {
                *row = idx.iter().map(|&j| row[j]).collect();
            }
        }
        m
    }

    /// Applies the branch, hide-uncoded and label-order choices to counts per group.
    pub fn shape_groups(&self, project: &Project, mut g: GroupFrequencies) -> GroupFrequencies {
        if let Some(b) = self.branch {
            let range = branch_range(g.rows.iter().map(|r| (r.code, r.depth)), b);
            let base = g.rows.get(range.start).map_or(1, |r| r.depth);
            g.rows = g.rows.drain(range).collect();
            for r in &mut g.rows {
                r.depth = r.depth + 1 - base;
            }
        }
        if self.hide_uncoded {
            let keep = coded_with_ancestors(g.rows.iter().map(|r| (r.depth, r.total.codings > 0)));
            let mut k = keep.into_iter();
            g.rows.retain(|_| k.next().unwrap_or(true));
        }
        let rank = LabelRank::new(project, &self.order);
        for r in &mut g.rows {
            for c in r.cells.iter_mut().chain([&mut r.total]) {
                rank.sort(c);
            }
        }
        g
    }

    /// Counts per coder for each count set shown (own, total, or own then total; default total),
    /// shaped alike: with both, "hide uncoded" keeps the rows the totals keep, as the frequency
    /// table does, so the sets' rows stay side by side.
    pub fn coder_frequencies(&self, a: &Analysis, filter: &Filter) -> Vec<GroupFrequencies> {
        let p = a.project;
        let by_coder = |aggregate| a.frequencies_by_group(filter, GroupBy::Coder, aggregate);
        match self.counts_or(CountsShown::Total) {
            CountsShown::Own => vec![self.shape_groups(p, by_coder(false))],
            CountsShown::Total => vec![self.shape_groups(p, by_coder(true))],
            CountsShown::Both => {
                let total = self.shape_groups(p, by_coder(true));
                let every_row = ReportOptions { hide_uncoded: false, ..self.clone() };
                let mut own = every_row.shape_groups(p, by_coder(false));
                let kept: std::collections::HashSet<Id> = total.rows.iter().map(|r| r.code).collect();
                own.rows.retain(|r| kept.contains(&r.code));
                vec![own, total]
            }
        }
    }

    /// Labels in citation form, `(M1, A2 en A5)`; empty for none.
    pub fn citation(&self, labels: &[String]) -> String {
        if labels.is_empty() { String::new() } else { format!("({})", self.join(labels)) }
    }

    /// Labels joined with ", ", and with " en " / " and " before the last when asked.
    pub fn join(&self, labels: &[String]) -> String {
        match labels {
            [] => String::new(),
            [one] => one.clone(),
            [init @ .., last] if self.join_and => Label::LastAnd.fill(self.lang, &[&init.join(", "), last]),
            all => all.join(", "),
        }
    }

    /// A count as a table cell text: "4 respondenten" with wording ([`Label::NCodings`] or
    /// [`Label::NRespondents`]), "-" for zero.
    pub fn worded(&self, n: usize, count: Label) -> String {
        if n == 0 { "-".into() } else { count.fill(self.lang, &[&n]) }
    }
}

/// Respondent labels typed or read from a file as a custom order: separated by commas,
/// semicolons, tabs or lines; blanks dropped. One parser for `--label-order` and the app.
pub fn parse_label_list(text: &str) -> Vec<String> {
    text.split([',', '\n', ';', '\t']).map(|l| l.trim().to_string()).filter(|l| !l.is_empty()).collect()
}

/// One line saying what a filtered table covers, e.g. "Filter: codeur Anna; functie = manager;
/// documenten: Interview 1"; empty when nothing is filtered. Goes under the title of every
/// filtered export so a filtered table is never mistaken for the whole.
pub fn filter_note(project: &Project, filter: &Filter, lang: Lang) -> String {
    let mut parts = Vec::new();
    if !filter.coders.is_empty() {
        let names: Vec<String> =
            filter.coders.iter().map(|c| project.coders.get(c).map_or("?".into(), |c| c.name.clone())).collect();
        parts.push(Label::FilterCoders.fill(lang, &[&names.len(), &names.join(", ")]));
    }
    if let Some(cond) = &filter.attribute {
        parts.push(cond.to_string());
    }
    if !filter.documents.is_empty() {
        let names: Vec<String> =
            filter.documents.iter().map(|d| project.documents.get(d).map_or("?".into(), |d| d.name.clone())).collect();
        parts.push(Label::FilterDocuments.fill(lang, &[&names.join(", ")]));
    }
    if parts.is_empty() { String::new() } else { Label::FilterNote.fill(lang, &[&parts.join("; ")]) }
}

/// Why `filter` gives an empty or meaningless table ([`FilterWarning`]), in `lang`.
pub fn filter_warning(w: &FilterWarning, lang: Lang) -> String {
    match w {
        FilterWarning::UnknownAttribute { name, known } => Label::FilterUnknownAttribute.fill(lang, &[name, known]),
        FilterWarning::NoSuchValue { name, condition, known } => {
            Label::FilterNoSuchValue.fill(lang, &[condition, name, known])
        }
        FilterWarning::NoCodings => Label::FilterNoCodings.text(lang).to_string(),
    }
}

/// The index range of `branch`'s subtree among rows given as `(code, depth)` in tree order.
fn branch_range(rows: impl Iterator<Item = (Id, usize)>, branch: Id) -> std::ops::Range<usize> {
    let mut start = None;
    let mut base = 0;
    let mut n = 0;
    for (i, (code, depth)) in rows.enumerate() {
        n = i + 1;
        match start {
            None if code == branch => {
                start = Some(i);
                base = depth;
            }
            Some(s) if depth <= base => return s..i,
            _ => {}
        }
    }
    start.map_or(0..0, |s| s..n)
}

/// The rows of `branch`'s subtree (rows must be in tree order), depth re-based to 1 at the branch.
/// Which rows "hide uncoded" keeps, given each row's depth (tree order) and whether it counts
/// anything: a counted row and every code above it, so a tree never shows a child without its
/// parent ("Proceswaarden" under nothing when only it has codings of its own). Linear: each
/// ancestor is marked once.
fn coded_with_ancestors(rows: impl Iterator<Item = (usize, bool)>) -> Vec<bool> {
    let mut keep = Vec::new();
    let mut above: Vec<(usize, usize)> = Vec::new(); // (depth, row) of the open ancestors
    for (i, (depth, coded)) in rows.enumerate() {
        while above.last().is_some_and(|&(d, _)| d >= depth) {
            above.pop();
        }
        keep.push(coded);
        if coded {
            for &(_, a) in above.iter().rev() {
                if std::mem::replace(&mut keep[a], true) {
                    break;
                }
            }
        }
        above.push((depth, i));
    }
    keep
}

fn branch_rows(rows: Vec<CodeRow>, branch: Id) -> Vec<CodeRow> {
    let range = branch_range(rows.iter().map(|r| (r.code, r.depth)), branch);
    let base = rows.get(range.start).map_or(1, |r| r.depth);
    rows.into_iter()
        .skip(range.start)
        .take(range.len())
        .map(|mut r| {
            r.depth = r.depth + 1 - base;
            r
        })
        .collect()
}

/// The position of each respondent in the chosen label order.
struct LabelRank<'a> {
    order: &'a LabelOrder,
    rank: HashMap<Id, usize>,
}

impl<'a> LabelRank<'a> {
    fn new(project: &Project, order: &'a LabelOrder) -> Self {
        let rank = match order {
            LabelOrder::Natural | LabelOrder::Number => HashMap::new(),
            // Case ids grow with creation, so id order is the order respondents were added.
            LabelOrder::Import => project.cases.keys().enumerate().map(|(i, &id)| (id, i)).collect(),
            LabelOrder::Custom(list) => project
                .cases
                .values()
                .filter_map(|c| list.iter().position(|l| l.trim() == c.label).map(|i| (c.id, i)))
                .collect(),
        };
        LabelRank { order, rank }
    }

    fn cmp(&self, (a, la): (Id, &str), (b, lb): (Id, &str)) -> Ordering {
        match self.order {
            LabelOrder::Natural => natural_cmp(la, lb),
            LabelOrder::Number => label_number(la).cmp(&label_number(lb)).then_with(|| natural_cmp(la, lb)),
            LabelOrder::Import | LabelOrder::Custom(_) => {
                let (ra, rb) = (self.rank.get(&a).copied(), self.rank.get(&b).copied());
                match (ra, rb) {
                    (Some(x), Some(y)) => x.cmp(&y),
                    (Some(_), None) => Ordering::Less,
                    (None, Some(_)) => Ordering::Greater,
                    (None, None) => natural_cmp(la, lb),
                }
            }
        }
    }

    fn sort(&self, c: &mut Counts) {
        if self.order == &LabelOrder::Natural || c.respondents.len() != c.respondent_labels.len() {
            return;
        }
        let mut pairs: Vec<(Id, String)> =
            c.respondents.iter().copied().zip(std::mem::take(&mut c.respondent_labels)).collect();
        pairs.sort_by(|x, y| self.cmp((x.0, &x.1), (y.0, &y.1)));
        (c.respondents, c.respondent_labels) = pairs.into_iter().unzip();
    }
}

/// The first run of digits in a label as a number (`M11` -> 11); labels without one sort last.
fn label_number(label: &str) -> u64 {
    let digits: String =
        label.chars().skip_while(|c| !c.is_ascii_digit()).take_while(|c| c.is_ascii_digit()).take(18).collect();
    digits.parse().unwrap_or(u64::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hiding_uncoded_codes_keeps_every_code_above_a_coded_one_and_nothing_else() {
        // A (1) > B (2) > C (3, coded); A > D (2); E (1) > F (2, coded); G (1).
        let rows = [(1, false), (2, false), (3, true), (2, false), (1, false), (2, true), (1, false)];
        assert_eq!(
            coded_with_ancestors(rows.into_iter()),
            [true, true, true, false, true, true, false],
            "A, B, C, E, F stay; D and G go"
        );
        assert_eq!(coded_with_ancestors([(1, true), (1, false)].into_iter()), [true, false]);
    }

    #[test]
    fn labels_join_with_en_or_and_before_the_last() {
        let l: Vec<String> = ["M1", "A2", "A5"].iter().map(|s| s.to_string()).collect();
        let mut o = ReportOptions::new(Lang::Nl);
        assert_eq!(o.citation(&l), "(M1, A2, A5)");
        o.join_and = true;
        assert_eq!(o.citation(&l), "(M1, A2 en A5)");
        assert_eq!(o.citation(&l[..1]), "(M1)");
        o.lang = Lang::En;
        assert_eq!(o.join(&l[..2]), "M1 and A2");
    }

    #[test]
    fn the_number_in_a_label_orders_interview_sequence_labels() {
        assert!(label_number("M1") < label_number("A2"));
        assert!(label_number("P10") < label_number("M11"));
        assert_eq!(label_number("Anna"), u64::MAX);
    }
}
