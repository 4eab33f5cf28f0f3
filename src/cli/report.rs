//! Verbs that read a project and write figures: lists, counts, exports and agreement.

use super::*;
use crate::export::options::filter_warning;
use crate::export::{Label, Lang};

/// `list --json`: one object per item, with stable keys —
/// documents `{name, characters, turns, codings, respondent}`;
/// codes `{name, path, depth, kind, color, description}`;
/// respondents `{label, attributes}`;
/// codings `{id, document, start, end, code, path, coder, respondent, text, memo}`;
/// coders `{name, codings}`; log `{seq, at, coder, kind, action}` (`at`: UTC, ISO 8601).
pub(super) fn list_json(s: &Session, what: ListWhat, codings: &[Id]) -> Result<serde_json::Value> {
    use serde_json::json;
    let p = s.project();
    let items: Vec<serde_json::Value> = match what {
        ListWhat::Documents => {
            let lengths = s.text_lengths()?;
            p.documents
                .values()
                .map(|d| {
                    json!({
                        "name": d.name,
                        "characters": lengths.get(&d.id),
                        "turns": p.turns_of_document(d.id).len(),
                        "codings": p.index().codings_of_document(d.id).len(),
                        "respondent": d.case.and_then(|c| p.cases.get(&c)).map(|c| c.label.clone()),
                    })
                })
                .collect()
        }
        ListWhat::Codes => analysis::Analysis::new(p)
            .tree_order()
            .iter()
            .filter_map(|id| p.codes.get(id))
            .map(|c| {
                let path = p.code_path(c.id);
                json!({
                    "name": c.name,
                    "depth": path.len(),
                    "path": path,
                    "kind": c.kind.as_str(),
                    "color": c.color,
                    "description": c.description,
                })
            })
            .collect(),
        ListWhat::Respondents => {
            p.cases.values().map(|c| json!({"label": c.label, "attributes": c.attributes})).collect()
        }
        ListWhat::Codings => codings
            .iter()
            .filter_map(|id| p.codings.get(id))
            .map(|k| {
                json!({
                    "id": k.id,
                    "document": p.documents.get(&k.document).map(|d| d.name.clone()),
                    "start": k.start,
                    "end": k.end,
                    "code": p.code_path_string(k.code),
                    "path": p.code_path(k.code),
                    "coder": p.coders.get(&k.coder).map(|c| c.name.clone()),
                    "respondent": p.coding_case(k).and_then(|c| p.cases.get(&c)).map(|c| c.label.clone()),
                    "text": workflow::passage(p, k.document, k.start, k.end),
                    "memo": k.memo,
                })
            })
            .collect(),
        ListWhat::Coders => p
            .coders
            .values()
            .map(|c| json!({"name": c.name, "codings": p.codings.values().filter(|k| k.coder == c.id).count()}))
            .collect(),
        ListWhat::Log => s
            .store()
            .log()?
            .into_iter()
            .map(|e| {
                let at = chrono::DateTime::from_timestamp(e.at, 0)
                    .map(|t| t.format("%Y-%m-%dT%H:%M:%SZ").to_string())
                    .unwrap_or_default();
                json!({"seq": e.seq, "at": at, "coder": e.coder, "kind": e.kind, "action": e.action})
            })
            .collect(),
    };
    Ok(serde_json::Value::Array(items))
}

/// The codings `list codings` shows, in id order: all, or with `code` those of that code and the
/// codes below it. Reads the texts of just the documents they are in (the session was opened
/// without texts).
pub(super) fn listed_codings(s: &mut Session, code: Option<&str>) -> Result<Vec<Id>> {
    let p = s.project();
    let ids: Vec<Id> = match code {
        None => p.codings.keys().copied().collect(),
        Some(code) => {
            let code = workflow::resolve_code(p, code)?;
            let index = p.index();
            let mut ids: Vec<Id> =
                p.subtree(code).into_iter().flat_map(|c| index.codings_of_code(c).iter().map(|k| k.id)).collect();
            ids.sort_unstable();
            ids
        }
    };
    let documents: std::collections::BTreeSet<Id> =
        ids.iter().filter_map(|id| p.codings.get(id)).map(|k| k.document).collect();
    s.read_texts(documents)?;
    Ok(ids)
}

pub(super) fn list(
    s: &Session,
    what: ListWhat,
    full_text: bool,
    codings: &[Id],
    lang: Lang,
    out: &mut dyn Write,
) -> Result<()> {
    let p = s.project();
    match what {
        ListWhat::Documents => {
            let lengths = s.text_lengths()?;
            for d in p.documents.values() {
                let turns = p.turns_of_document(d.id).len();
                let codings = p.index().codings_of_document(d.id).len();
                let owner = d.case.and_then(|c| p.cases.get(&c)).map_or("", |c| c.label.as_str());
                let chars = lengths.get(&d.id).copied().unwrap_or(0);
                let [chars, turns, codings] = [
                    Label::NCharacters.fill(lang, &[&chars]),
                    Label::NTurns.fill(lang, &[&turns]),
                    Label::NCodings.fill(lang, &[&codings]),
                ];
                writeln!(out, "{}\t{chars}\t{turns}\t{codings}\t{owner}", d.name)?;
            }
        }
        ListWhat::Codes => {
            fn walk(
                p: &Project,
                parent: Option<Id>,
                depth: usize,
                lang: Lang,
                out: &mut dyn Write,
            ) -> std::io::Result<()> {
                for c in p.children(parent) {
                    let kind = crate::export::tables::kind_name(lang, c.kind);
                    writeln!(out, "{}{} [{kind}] {}", "  ".repeat(depth), c.name, c.color)?;
                    walk(p, Some(c.id), depth + 1, lang, out)?;
                }
                Ok(())
            }
            walk(p, None, 0, lang, out)?;
        }
        ListWhat::Respondents => {
            for c in p.cases.values() {
                let attrs: Vec<String> = c.attributes.iter().map(|(k, v)| format!("{k}={v}")).collect();
                writeln!(out, "{}\t{}", c.label, attrs.join("\t"))?;
            }
        }
        ListWhat::Codings => {
            for k in codings.iter().filter_map(|id| p.codings.get(id)) {
                let doc = p.documents.get(&k.document).map_or("?", |d| d.name.as_str());
                let coder = p.coders.get(&k.coder).map_or("?", |c| c.name.as_str());
                let passage = workflow::passage(p, k.document, k.start, k.end);
                let text: String = if full_text { passage.to_string() } else { passage.chars().take(60).collect() };
                writeln!(
                    out,
                    "{}\t{doc}\t{}..{}\t{}\t{coder}\t{}",
                    k.id,
                    k.start,
                    k.end,
                    p.code_path_string(k.code),
                    text.replace('\n', " ")
                )?;
            }
        }
        ListWhat::Coders => {
            for c in p.coders.values() {
                let n = p.codings.values().filter(|k| k.coder == c.id).count();
                writeln!(out, "{}\t{}", c.name, Label::NCodings.fill(lang, &[&n]))?;
            }
        }
        ListWhat::Log => {
            for e in s.store().log()? {
                let at = chrono::DateTime::from_timestamp(e.at, 0)
                    .map(|t| t.format("%Y-%m-%d %H:%M:%S").to_string())
                    .unwrap_or_default();
                let kind = match e.kind.as_str() {
                    "do" => Label::LogDo.text(lang),
                    "undo" => Label::LogUndo.text(lang),
                    "redo" => Label::LogRedo.text(lang),
                    other => other,
                };
                writeln!(out, "{}\t{at}\t{}\t{kind}\t{}", e.seq, e.coder, e.action)?;
            }
        }
    }
    Ok(())
}

/// The filter the command line asks for; what makes it match nothing is warned about in `lang`.
pub(super) fn filter(p: &Project, f: &FilterArgs, lang: Lang) -> Result<Filter> {
    let mut filter = Filter::all();
    for name in &f.only_coders {
        filter.coders.push(p.coder_by_name(name).ok_or_else(|| CliError::NoCoder(name.clone()))?.id);
    }
    for d in &f.docs {
        filter.documents.push(workflow::resolve_document(p, d)?);
    }
    if let Some(kv) = &f.attribute {
        let cond = analysis::AttributeFilter::parse(kv).ok_or_else(|| CliError::BadWhere(kv.clone()))?;
        filter = filter.attribute_where(cond);
    }
    warn(analysis::filter_warnings(p, &filter).iter().map(|w| filter_warning(w, lang)), f.strict, lang)?;
    Ok(filter)
}

/// Prints warnings to stderr, in `lang` as the report they are about ("waarschuwing: …"); with
/// `strict` the first one is an error (non-zero exit).
pub(super) fn warn(warnings: impl IntoIterator<Item = String>, strict: bool, lang: Lang) -> Result<()> {
    for w in warnings {
        if strict {
            return Err(CliError::Strict(w).into());
        }
        crate::terminal::eprint_line(&Label::Warning.fill(lang, &[&w]));
    }
    Ok(())
}

/// Says that `report` came out empty under `filter` (an error with `strict`), unless a filter that
/// matches nothing was warned about already.
fn warn_if_empty(
    p: &Project,
    report: &crate::export::report::Report,
    filter: &Filter,
    o: &ReportOptions,
    strict: bool,
) -> Result<()> {
    if !analysis::filter_warnings(p, filter).is_empty() {
        return Ok(());
    }
    warn(crate::export::report::empty(p, report, filter, o).map(|e| e.say(o.lang)), strict, o.lang)
}

/// The report options from the command line.
pub(super) fn report_options(p: &Project, shape: &ShapeArgs, lang: Lang) -> Result<ReportOptions> {
    let order = match shape.label_order.trim() {
        "natural" => LabelOrder::Natural,
        "number" => LabelOrder::Number,
        "import" | "interview" => LabelOrder::Import,
        list => {
            let text = if Path::new(list).is_file() {
                crate::input::text::read_text_file(Path::new(list))
                    .with_context(|| CliError::File(Say::CannotRead, list.into()))?
            } else if list.contains(',') {
                list.to_string()
            } else {
                return Err(CliError::Usage(Say::LabelOrderForm).into());
            };
            let labels = crate::export::options::parse_label_list(&text);
            let unknown: Vec<&str> =
                labels.iter().filter(|l| p.case_by_label(l).is_none()).map(String::as_str).collect();
            if !unknown.is_empty() {
                let w = Label::UnknownInOrder.fill(lang, &[&unknown.join(", ")]);
                crate::terminal::eprint_line(&Label::Warning.fill(lang, &[&w]));
            }
            LabelOrder::Custom(labels)
        }
    };
    Ok(ReportOptions {
        lang,
        counts: shape.counts.map(|c| match c {
            CountsArg::Own => CountsShown::Own,
            CountsArg::Total => CountsShown::Total,
            CountsArg::Both => CountsShown::Both,
        }),
        figure: match shape.figure {
            None | Some(FigureArg::Both) => Figure::Both,
            Some(FigureArg::Codings) => Figure::Codings,
            Some(FigureArg::Respondents) => Figure::Respondents,
            Some(FigureArg::None) => Figure::None,
        },
        hide_uncoded: shape.hide_uncoded,
        wording: shape.wording,
        order,
        join_and: shape.join_and,
        branch: shape.code.as_deref().map(|c| workflow::resolve_code(p, c)).transpose()?,
        labels: !shape.no_labels,
        tree_style: Default::default(),
    })
}

/// The code tree with codings and distinct respondents per code (totals over the subtree by
/// default), headed and worded in `lang`, or with `--json` one object per code with own and total
/// counts.
pub(super) fn counts(
    p: &Project,
    f: &FilterArgs,
    shape: &ShapeArgs,
    json: bool,
    lang: Lang,
    out: &mut dyn Write,
) -> Result<()> {
    let filter = filter(p, f, lang)?;
    let o = report_options(p, shape, lang)?;
    let report = if shape.per_coder {
        crate::export::report::Report::Groups { by: analysis::GroupBy::Coder }
    } else {
        crate::export::report::Report::Frequencies
    };
    warn_if_empty(p, &report, &filter, &o, f.strict)?;
    if shape.per_coder {
        return counts_per_coder(p, &filter, &o, json, out);
    }
    let rows = o.shape(p, analysis::code_frequencies(p, &filter));
    if json {
        let list: Vec<serde_json::Value> = rows
            .iter()
            .map(|r| {
                serde_json::json!({
                    "code": r.name,
                    "path": r.path,
                    "depth": r.depth,
                    "own": counts_json(&r.own),
                    "total": counts_json(&r.total),
                })
            })
            .collect();
        writeln!(out, "{}", serde_json::to_string_pretty(&list)?)?;
        return Ok(());
    }
    let shown = o.counts_or(CountsShown::Total);
    let tr = |l: Label| l.text(lang);
    // Each figure's column as wide as its header ("Respondenten (eigen)") or 8.
    let columns: Vec<(&str, usize)> = match shown {
        CountsShown::Own => vec![tr(Label::OwnCodings), tr(Label::OwnRespondents)],
        CountsShown::Total => vec![tr(Label::Codings), tr(Label::Respondents)],
        CountsShown::Both => {
            vec![tr(Label::OwnCodings), tr(Label::OwnRespondents), tr(Label::Codings), tr(Label::Respondents)]
        }
    }
    .into_iter()
    .map(|h| (h, h.chars().count().max(8)))
    .collect();
    let head: Vec<String> = columns.iter().map(|(h, w)| format!("{h:>w$}")).collect();
    writeln!(out, "{:<60} {}  {}", tr(Label::Code), head.join(" "), tr(Label::RespondentLabels))?;
    for r in rows {
        let name = format!("{}{}", "  ".repeat(r.depth.saturating_sub(1)), r.name);
        let (counted, labels) = match shown {
            CountsShown::Own => (vec![&r.own], &r.own),
            CountsShown::Total => (vec![&r.total], &r.total),
            CountsShown::Both => (vec![&r.own, &r.total], &r.total),
        };
        let values = counted.iter().flat_map(|c| [c.codings, c.respondent_count()]);
        let figures: Vec<String> = values.zip(&columns).map(|(v, (_, w))| format!("{v:>w$}")).collect();
        writeln!(out, "{name:<60} {}  {}", figures.join(" "), o.citation(&labels.respondent_labels))?;
    }
    Ok(())
}

/// A count set in `counts --json`: `{codings, respondents, documents, labels}`.
fn counts_json(c: &analysis::Counts) -> serde_json::Value {
    serde_json::json!({
        "codings": c.codings,
        "respondents": c.respondent_count(),
        "documents": c.document_count(),
        "labels": c.respondent_labels,
    })
}

/// `counts --per-coder`: the frequency table's coder columns (see
/// [`crate::export::tables::coder_table`]) in the terminal, or with `--json` one object per code:
/// `{code, path, depth, coders: [{coder, own, total}], own, total}`, own and total of every coder
/// and of all of them together, coders in the table's order.
fn counts_per_coder(p: &Project, filter: &Filter, o: &ReportOptions, json: bool, out: &mut dyn Write) -> Result<()> {
    let a = analysis::Analysis::new(p);
    let shown = o.coder_frequencies(&a, filter);
    if !json {
        let t = crate::export::tables::coder_table(&shown, o).for_document();
        let name = |i: usize, cell: &crate::export::Cell| format!("{}{}", "  ".repeat(t.indent_of(i)), cell.display());
        let width = |j: usize| {
            let cells = t.rows.iter().enumerate().map(|(i, r)| if j == 0 { name(i, &r[0]) } else { r[j].display() });
            cells.chain([t.headers[j].clone()]).map(|c| c.chars().count()).max().unwrap_or(0)
        };
        let widths: Vec<usize> = (0..t.headers.len()).map(width).collect();
        let line = |cells: Vec<String>| {
            let padded: Vec<String> = cells
                .iter()
                .zip(&widths)
                .enumerate()
                .map(|(j, (c, &w))| if j == 0 { format!("{c:<w$}") } else { format!("{c:>w$}") })
                .collect();
            padded.join("  ").trim_end().to_string()
        };
        writeln!(out, "{}", line(t.headers.clone()))?;
        for (i, row) in t.rows.iter().enumerate() {
            let cells = std::iter::once(name(i, &row[0])).chain(row[1..].iter().map(|c| c.display())).collect();
            writeln!(out, "{}", line(cells))?;
        }
        return Ok(());
    }
    // Own and total of every coder; the rows the chosen counts keep.
    let every_row = ReportOptions { hide_uncoded: false, ..o.clone() };
    let by_coder =
        |aggregate| every_row.shape_groups(p, a.frequencies_by_group(filter, analysis::GroupBy::Coder, aggregate));
    let (own, total) = (by_coder(false), by_coder(true));
    let kept: std::collections::HashSet<Id> = shown.iter().flat_map(|g| g.rows.iter().map(|r| r.code)).collect();
    let list: Vec<serde_json::Value> = own
        .rows
        .iter()
        .zip(&total.rows)
        .filter(|(r, _)| kept.contains(&r.code))
        .map(|(o_row, t_row)| {
            let coders: Vec<serde_json::Value> = own
                .groups
                .iter()
                .enumerate()
                .map(|(i, g)| {
                    serde_json::json!({
                        "coder": g.value,
                        "own": counts_json(&o_row.cells[i]),
                        "total": counts_json(&t_row.cells[i]),
                    })
                })
                .collect();
            serde_json::json!({
                "code": o_row.path.last(),
                "path": o_row.path,
                "depth": o_row.depth,
                "coders": coders,
                "own": counts_json(&o_row.total),
                "total": counts_json(&t_row.total),
            })
        })
        .collect();
    writeln!(out, "{}", serde_json::to_string_pretty(&list)?)?;
    Ok(())
}

pub(super) fn export(args: ExportArgs, lang: Lang, out: &mut dyn Write) -> Result<()> {
    use crate::export::{self, report::Report};
    let mut s = Session::open_read_only_without_texts(&args.project)?;
    let texts = report_texts(&s, &args, lang)?;
    s.read_texts(texts)?;
    let mut project = s.project().clone();
    if args.pseudonymise || args.terms.is_some() {
        let subs = substitutions(&project, args.terms.as_deref())?;
        project = crate::core::pseudonym::pseudonymised(&project, &subs);
    }
    let p = &project;
    let filter = filter(p, &args.filter, lang)?;
    let o = report_options(p, &args.shape, lang)?;
    let presence = args.presence;
    if args.shape.per_coder
        && !matches!(args.report, ReportKind::Frequencies | ReportKind::Groups | ReportKind::BarChart)
    {
        return Err(CliError::Usage(Say::PerCoderWhere).into());
    }
    let report = match args.report {
        ReportKind::Codeboom => Report::Codeboom,
        _ if args.shape.per_coder && args.by.is_some() => return Err(CliError::Usage(Say::PerCoderOrBy).into()),
        ReportKind::Frequencies | ReportKind::Groups if args.shape.per_coder => {
            Report::Groups { by: analysis::GroupBy::Coder }
        }
        ReportKind::Frequencies => Report::Frequencies,
        ReportKind::Groups => {
            let by = args.by.clone().ok_or(CliError::Usage(Say::GroupsNeedBy))?;
            warn(analysis::check_attribute(p, &by).map(|w| filter_warning(&w, lang)), args.filter.strict, lang)?;
            Report::Groups { by: by.into() }
        }
        ReportKind::Respondents => Report::Respondents,
        ReportKind::Matrix => Report::Matrix { presence },
        ReportKind::Documents => Report::Documents { presence },
        ReportKind::Cooccurrence => Report::Cooccurrence {
            mode: match args.mode {
                CoModeArg::Overlap => CoMode::Overlap,
                CoModeArg::Turn => CoMode::SameTurn,
                CoModeArg::Document => CoMode::SameDocument,
                CoModeArg::Respondent => CoMode::SameRespondent,
            },
        },
        ReportKind::Quotes => Report::Quotes {
            code: o.branch.ok_or(CliError::Usage(Say::QuotesNeedCode))?,
            subtree: true,
            style: CitationStyle::template(args.style.clone()).with_year(args.year.clone()),
        },
        ReportKind::Appendix => Report::Appendix { presence },
        ReportKind::BarChart if args.shape.per_coder => Report::CoderBarChart,
        ReportKind::BarChart => Report::BarChart,
        ReportKind::Heatmap => Report::Heatmap,
        ReportKind::Segments => Report::Segments,
        ReportKind::Memos => Report::Memos,
        ReportKind::Codebook => Report::Codebook {
            example: match args.example {
                ExampleArg::First => export::tables::ExampleQuote::First,
                ExampleArg::Longest => export::tables::ExampleQuote::Longest,
                ExampleArg::None => export::tables::ExampleQuote::None,
            },
            style: CitationStyle::template(args.style.clone()).with_year(args.year.clone()),
        },
    };
    let unused = unused_options(&args);
    if !unused.is_empty() {
        let kind = args.report.to_possible_value().map(|v| v.get_name().to_string()).unwrap_or_default();
        return Err(CliError::UnusedOptions { kind, options: unused }.into());
    }
    // A file that cannot be written is said before any warning about what it would hold.
    export::report::format_for(&report, &args.out)?;
    warn_if_empty(p, &report, &filter, &o, args.filter.strict)?;
    let csv = if args.semicolon { export::csv::CsvOptions::excel_nl() } else { export::csv::CsvOptions::standard() };
    export::report::write(p, &report, &filter, &o, csv, &args.out)?;
    writeln!(out, "{}", Label::Wrote.fill(lang, &[&args.out.display()]))?;
    Ok(())
}

/// The options given on the command line that a list of passages or memos has no use for
/// (`export memos --hide-uncoded`): refused by name rather than silently ignored. Quotes keep
/// `--style` and `--year`.
fn unused_options(args: &ExportArgs) -> Vec<&'static str> {
    let s = &args.shape;
    let given = [
        ("--counts", s.counts.is_some()),
        ("--figure", s.figure.is_some()),
        ("--hide-uncoded", s.hide_uncoded),
        ("--wording", s.wording),
        ("--label-order", s.label_order != "natural"),
        ("--and", s.join_and),
        ("--no-labels", s.no_labels),
        ("--by", args.by.is_some()),
        ("--presence", args.presence),
        ("--mode", args.mode != CoModeArg::Overlap),
        ("--example", args.example != ExampleArg::First),
        ("--style", args.style != super::args::QUOTE_STYLE),
        ("--year", !args.year.is_empty()),
    ];
    let keeps: &[&str] = match args.report {
        ReportKind::Memos | ReportKind::Segments => &[],
        ReportKind::Quotes => &["--style", "--year"],
        _ => return Vec::new(),
    };
    given.into_iter().filter(|&(name, on)| on && !keeps.contains(&name)).map(|(name, _)| name).collect()
}

/// The documents whose texts `export` needs: none for reports that only count, those holding the
/// codings quoted for quotes and segments of one branch, all for pseudonymising (which rewrites
/// every text) and for quotes over the whole tree.
fn report_texts(s: &Session, args: &ExportArgs, lang: Lang) -> Result<Vec<Id>> {
    let p = s.project();
    let all = || p.documents.keys().copied().collect();
    if args.pseudonymise || args.terms.is_some() {
        return Ok(all());
    }
    let quoted = match args.report {
        ReportKind::Quotes | ReportKind::Segments => report_options(p, &args.shape, lang)?.branch,
        ReportKind::Codebook if args.example != ExampleArg::None => return Ok(all()),
        _ => return Ok(Vec::new()),
    };
    let Some(branch) = quoted else { return Ok(all()) };
    let index = p.index();
    let docs: std::collections::BTreeSet<Id> =
        p.subtree(branch).into_iter().flat_map(|c| index.codings_of_code(c).iter().map(|k| k.document)).collect();
    Ok(docs.into_iter().collect())
}

/// `codebook export`: the code tree as a codebook file, an outline, or a Word/HTML/Markdown tree
/// with the counts asked for (see [`workflow::write_code_tree`]).
pub(super) fn codebook_export(args: CodebookExportArgs, lang: Lang, coder: &str, out: &mut dyn Write) -> Result<()> {
    use crate::export::TreeStyle;
    let s = Session::open_read_only(&args.project).or_else(|_| open(&args.project, coder, lang))?;
    let p = s.project();
    let filter = filter(p, &args.filter, lang)?;
    let shape = ShapeArgs {
        counts: match args.counts {
            TreeCountsArg::None => None,
            TreeCountsArg::Own => Some(CountsArg::Own),
            TreeCountsArg::Total => Some(CountsArg::Total),
            TreeCountsArg::Both => Some(CountsArg::Both),
        },
        figure: Some(if args.counts == TreeCountsArg::None { FigureArg::None } else { args.figure }),
        hide_uncoded: args.hide_uncoded,
        wording: true,
        label_order: "natural".into(),
        join_and: false,
        no_labels: !args.labels,
        code: args.code.clone(),
        per_coder: false,
    };
    let mut o = report_options(p, &shape, lang)?;
    o.tree_style = match args.style {
        TreeStyleArg::List => TreeStyle::Bullets,
        TreeStyleArg::Numbered => TreeStyle::Numbered,
        TreeStyleArg::Headings => TreeStyle::Headings,
    };
    let format = args.format.map(|f| match f {
        CodebookFormatArg::Json => workflow::CodebookOut::Json,
        CodebookFormatArg::Outline => workflow::CodebookOut::Outline,
        CodebookFormatArg::Lines => workflow::CodebookOut::Lines,
    });
    let n = workflow::write_code_tree(p, &filter, &o, format, &args.file)?;
    writeln!(out, "{}", Label::WroteCodes.fill(lang, &[&n, &args.file.display()]))?;
    Ok(())
}

pub(super) fn agreement(args: AgreementArgs, lang: Lang, out: &mut dyn Write) -> Result<()> {
    use crate::core::agreement::{self as ag, AgreementParams, AgreementUnit};
    use crate::export;
    // The figures need each transcript's length, the disagreement table (`--out`) the words of
    // the passages it lists: no other text is read.
    let mut s = Session::open_read_only_without_texts(&args.project)?;
    let p = s.project();
    let coders = args
        .coders
        .iter()
        .map(|n| p.coder_by_name(n).map(|c| c.id).ok_or_else(|| CliError::NoCoder(n.clone())))
        .collect::<std::result::Result<Vec<_>, _>>()?;
    if let Some((i, _)) = coders.iter().enumerate().find(|(i, c)| coders[..*i].contains(c)) {
        return Err(CliError::CoderTwice(args.coders[i].clone()).into());
    }
    let documents =
        args.docs.iter().map(|d| workflow::resolve_document(p, d)).collect::<std::result::Result<Vec<_>, _>>()?;
    let codes = args.codes.iter().map(|c| workflow::resolve_code(p, c)).collect::<std::result::Result<Vec<_>, _>>()?;
    if !(0.0..=1.0).contains(&args.min_overlap) {
        return Err(CliError::Usage(Say::MinOverlap).into());
    }
    let unit = match args.unit {
        UnitArg::Segment => AgreementUnit::Segment,
        UnitArg::Character => AgreementUnit::Character,
        UnitArg::Document => AgreementUnit::Document,
    };
    let params = AgreementParams {
        coders: coders.clone(),
        documents: documents.clone(),
        codes,
        unit,
        min_overlap: args.min_overlap,
    };
    let report = ag::agreement_with_lengths(p, &params, &s.text_lengths()?);
    let disagreements = ag::disagreements_of_pairs(p, &report);
    if args.out.is_some() {
        let quoted: std::collections::BTreeSet<Id> =
            disagreements.iter().flat_map(|d| d.passages.iter().map(|x| x.document)).collect();
        s.read_texts(quoted)?;
    }
    let p = s.project();
    if args.json {
        let names = |ids: &mut dyn Iterator<Item = (Id, String)>| -> serde_json::Map<String, serde_json::Value> {
            ids.map(|(id, n)| (id.to_string(), serde_json::Value::String(n))).collect()
        };
        let json = serde_json::json!({
            "report": report,
            "disagreements": disagreements,
            "names": {
                "coders": names(&mut report.params.coders.iter().map(|&c| (c, p.coders.get(&c).map_or("?".into(), |c| c.name.clone())))),
                "codes": names(&mut report.codes.iter().map(|&c| (c, p.code_path_string(c)))),
                "documents": names(&mut report.documents.iter().map(|&d| (d, p.documents.get(&d).map_or("?".into(), |d| d.name.clone())))),
            },
        });
        writeln!(out, "{}", serde_json::to_string_pretty(&json)?)?;
    } else {
        agreement_text(p, &report, &disagreements, lang, out)?;
    }
    if let Some(path) = &args.out {
        let blocks = export::agreement::agreement_blocks(p, &report, &disagreements, lang);
        let csv =
            if args.semicolon { export::csv::CsvOptions::excel_nl() } else { export::csv::CsvOptions::standard() };
        export::write_report_in(path, &export::agreement::document_title(p, lang), &blocks, csv, lang)?;
        if !args.json {
            writeln!(out, "{}", Label::Wrote.fill(lang, &[&path.display()]))?;
        }
    }
    Ok(())
}

/// The agreement report as text: methods paragraph, notes, tables (decimal commas in Dutch) and
/// the number of passages each pair coded differently.
fn agreement_text(
    p: &Project,
    report: &crate::core::agreement::AgreementReport,
    disagreements: &[crate::core::agreement::PairDisagreements],
    lang: crate::export::Lang,
    out: &mut dyn Write,
) -> Result<()> {
    use crate::export;
    writeln!(out, "{}", export::agreement::methods_paragraph(p, report, lang))?;
    for note in &report.notes {
        writeln!(out, "{}", export::agreement::note_text(p, note, lang))?;
    }
    let tables = std::iter::once(export::agreement::agreement_table(p, report, lang))
        .chain(export::agreement::all_coders_table(p, report, lang));
    for table in tables {
        writeln!(out, "\n{}", table.title)?;
        writeln!(out, "{}", table.headers.join("\t"))?;
        for row in &table.rows {
            // Dutch reports write decimal commas, as Dutch theses print them.
            writeln!(out, "{}", row.iter().map(|c| c.display_with(lang.decimal())).collect::<Vec<_>>().join("\t"))?;
        }
    }
    for d in disagreements {
        writeln!(out, "{}", export::agreement::disagreement_count(p, d, lang))?;
    }
    Ok(())
}
