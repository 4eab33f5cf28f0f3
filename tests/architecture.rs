//! The layering rule of ARCHITECTURE.md, enforced: every module imports only downward
//! (core ← store ← session ← edges ← front ends), the app reaches the project file only through the
//! session or a workflow, and no two sibling modules import each other, directly or round a circle.
//!
//! Circles and upward references are what made changes spread (a fix in the review pane needed the
//! command list, which needed the review pane...). This test reads `src/**/*.rs`, lists every
//! `crate::`, `super::` and `self::` path (in `use` trees and in code; comments and string literals
//! do not count) and checks the rules. Unit tests (`mod tests`, inline or in a `tests.rs`) are
//! left out: a test may build its fixture with a higher layer (a store test opens a `Session`). Hand-written: it is a scanner over Rust tokens that cares
//! about paths only, far less than a Rust parser crate would bring in.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// The layers, from the inside out. A module may use its own layer and the layers before it.
/// A new top-level module must be placed here (the test says so).
const LAYERS: &[(&str, &[&str])] = &[
    // The model, edits, analysis: pure, no files, no SQL, no egui.
    ("core", &["core"]),
    // Small leaf helpers everything may use: the guarded readers of untrusted bytes, safe file
    // output, XML escaping, platform folders, bundled fonts, charts as PNG, build information.
    ("support", &["input", "output", "xml_escape", "app_dirs", "bundled_fonts", "raster", "about"]),
    // The SQLite project file: the only SQL.
    ("store", &["store"]),
    // A project open for editing; every change through Session::perform.
    ("session", &["session"]),
    // Formats and multi-step operations both front ends share.
    (
        "edges",
        &[
            "import",
            "codebook",
            "respondents",
            "survey",
            "refi",
            "export",
            "check",
            "exchange",
            "withdrawal",
            "workflow",
            "workload",
            "demo",
        ],
    ),
    // The two front ends, the terminal helper of the CLI and the developer benchmarks.
    ("front ends", &["ui", "cli", "terminal", "bench"]),
];

/// Front-end modules that must not use each other (the CLI dispatches the benchmark verb, and the
/// benchmark drives the app's frames, so those two directions are allowed).
const APART: &[(&str, &str)] =
    &[("ui", "cli"), ("cli", "ui"), ("ui", "bench"), ("ui", "terminal"), ("terminal", "ui"), ("bench", "cli")];

/// Circles that are one data structure split over files, with the reason. Anything else fails.
const ALLOWED_CIRCLES: &[(&str, &[&str], &str)] = &[(
    "core",
    &["code_table", "edit", "index", "model", "names"],
    "`Project` (model) holds its code table and indexes, which are built from the model's entity types \
     and kept current by `Project::apply` (edit); names are checked when an edit is applied",
)];

// ------------------------------------------------------------------------------------------------
// Reading the sources

/// One source file: its module path (`["ui", "panels", "left"]`) and its text with comments,
/// strings and char literals blanked out (line breaks kept, so offsets still give line numbers).
struct Source {
    file: String,
    module: Vec<String>,
    code: String,
}

/// A path one module names: the file, the line, and the path made absolute (`["ui", "commands", "Command"]`).
#[derive(Debug, Clone)]
struct Reference {
    file: String,
    line: usize,
    from: Vec<String>,
    to: Vec<String>,
}

fn read_sources(root: &Path) -> Vec<Source> {
    fn walk(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
        for e in std::fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                walk(&p, out);
            } else if p.extension().is_some_and(|x| x == "rs") {
                out.push(p);
            }
        }
    }
    let src = root.join("src");
    let mut files = Vec::new();
    walk(&src, &mut files);
    files.sort();
    files
        .into_iter()
        .filter(|p| p != &src.join("main.rs")) // the binary: `werkbank::`, not `crate::`
        .map(|p| {
            let rel = p.strip_prefix(&src).unwrap().with_extension("");
            let mut module: Vec<String> = rel.iter().map(|s| s.to_string_lossy().into_owned()).collect();
            if matches!(module.last().map(String::as_str), Some("mod" | "lib")) {
                module.pop();
            }
            let file = format!("src/{}", p.strip_prefix(&src).unwrap().display());
            Source { file, module, code: blank_non_code(&std::fs::read_to_string(&p).unwrap()) }
        })
        .collect()
}

/// Replaces comments, string and char literals by spaces (newlines kept).
fn blank_non_code(text: &str) -> String {
    let c: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let blank = |out: &mut String, ch: char| out.push(if ch == '\n' { '\n' } else { ' ' });
    let mut i = 0;
    while i < c.len() {
        let next = c.get(i + 1).copied();
        if c[i] == '/' && next == Some('/') {
            while i < c.len() && c[i] != '\n' {
                blank(&mut out, c[i]);
                i += 1;
            }
        } else if c[i] == '/' && next == Some('*') {
            let mut depth = 0;
            while i < c.len() {
                if c[i] == '/' && c.get(i + 1) == Some(&'*') {
                    depth += 1;
                    out.push_str("  ");
                    i += 2;
                } else if c[i] == '*' && c.get(i + 1) == Some(&'/') {
                    depth -= 1;
                    out.push_str("  ");
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    blank(&mut out, c[i]);
                    i += 1;
                }
            }
        } else if c[i] == 'r' && (next == Some('"') || next == Some('#')) && !ident_char(c.get(i.wrapping_sub(1))) {
            // Raw string r"..." / r#"..."#.
            let mut j = i + 1;
            let mut hashes = 0;
            while c.get(j) == Some(&'#') {
                hashes += 1;
                j += 1;
            }
            if c.get(j) != Some(&'"') {
                out.push(c[i]);
                i += 1;
                continue;
            }
            j += 1;
            loop {
                if j >= c.len() {
                    break;
                }
                if c[j] == '"' && (0..hashes).all(|k| c.get(j + 1 + k) == Some(&'#')) {
                    j += 1 + hashes;
                    break;
                }
                j += 1;
            }
            for &ch in &c[i..j.min(c.len())] {
                blank(&mut out, ch);
            }
            i = j;
        } else if c[i] == '"' {
            blank(&mut out, c[i]);
            i += 1;
            while i < c.len() && c[i] != '"' {
                if c[i] == '\\' {
                    blank(&mut out, c[i]);
                    i += 1;
                }
                if i < c.len() {
                    blank(&mut out, c[i]);
                    i += 1;
                }
            }
            if i < c.len() {
                blank(&mut out, c[i]);
                i += 1;
            }
        } else if c[i] == '\'' {
            // A char literal ('x', '\n', '\u{1F600}', '"') or a lifetime ('a).
            let end = if next == Some('\\') {
                (i + 2..c.len().min(i + 12)).find(|&j| c[j] == '\'')
            } else if c.get(i + 2) == Some(&'\'') {
                Some(i + 2)
            } else {
                None
            };
            match end {
                Some(e) => {
                    for &ch in &c[i..=e] {
                        blank(&mut out, ch);
                    }
                    i = e + 1;
                }
                None => {
                    out.push(c[i]);
                    i += 1;
                }
            }
        } else {
            out.push(c[i]);
            i += 1;
        }
    }
    out
}

fn ident_char(c: Option<&char>) -> bool {
    c.is_some_and(|c| c.is_alphanumeric() || *c == '_')
}

/// A tiny tokenizer for paths: identifiers, `::`, `{`, `}`, `,`, `*`, `;` and "other".
#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Ident(String),
    Sep,
    Open,
    Close,
    Comma,
    Star,
    Other,
}

fn tokens(code: &str) -> Vec<(usize, Tok)> {
    let c: Vec<(usize, char)> = code.char_indices().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < c.len() {
        let (at, ch) = c[i];
        if ch.is_alphabetic() || ch == '_' {
            let mut j = i;
            while j < c.len() && (c[j].1.is_alphanumeric() || c[j].1 == '_') {
                j += 1;
            }
            let word: String = c[i..j].iter().map(|x| x.1).collect();
            out.push((at, Tok::Ident(word.trim_start_matches("r#").to_string())));
            i = j;
            continue;
        }
        let tok = match ch {
            ':' if c.get(i + 1).is_some_and(|x| x.1 == ':') => {
                i += 1;
                Tok::Sep
            }
            '{' => Tok::Open,
            '}' => Tok::Close,
            ',' => Tok::Comma,
            '*' => Tok::Star,
            c if c.is_whitespace() => {
                i += 1;
                continue;
            }
            _ => Tok::Other,
        };
        out.push((at, tok));
        i += 1;
    }
    out
}

/// Every path that starts with `crate`, `super` or `self` in `code` (a `use` tree gives one path
/// per leaf), made absolute from `module`, with the byte offset where it starts.
fn paths_in(module: &[String], code: &str) -> Vec<(usize, Vec<String>)> {
    let toks = tokens(code);
    // Inline modules (`mod tests { use super::*; }`): their `super` is the file's module.
    let mut inline: Vec<(usize, usize, String)> = Vec::new();
    for k in 0..toks.len().saturating_sub(2) {
        if let (Tok::Ident(m), Tok::Ident(name), Tok::Open) = (&toks[k].1, &toks[k + 1].1, &toks[k + 2].1)
            && m == "mod"
        {
            let mut depth = 0;
            let end = toks[k + 2..]
                .iter()
                .find(|(_, t)| {
                    match t {
                        Tok::Open => depth += 1,
                        Tok::Close => depth -= 1,
                        _ => {}
                    }
                    depth == 0
                })
                .map_or(code.len(), |(at, _)| *at);
            inline.push((toks[k + 2].0, end, name.clone()));
        }
    }
    let module_at = |at: usize| {
        let mut m = module.to_vec();
        m.extend(inline.iter().filter(|(s, e, _)| *s < at && at < *e).map(|(_, _, n)| n.clone()));
        m
    };
    let in_tests = |at: usize| inline.iter().any(|(s, e, n)| n == "tests" && *s < at && at < *e);
    let mut out = Vec::new();
    let mut i = 0;
    while i < toks.len() {
        let (at, t) = &toks[i];
        if in_tests(*at) {
            i += 1;
            continue;
        }
        let root = match t {
            Tok::Ident(w) if w == "crate" || w == "super" || w == "self" => w.clone(),
            _ => {
                i += 1;
                continue;
            }
        };
        // A path segment only when followed by `::` (`self.x` and `fn f(self)` are not paths),
        // and not the tail of a longer path (`a::self`).
        let after_sep = i > 0 && toks[i - 1].1 == Tok::Sep;
        if after_sep || toks.get(i + 1).map(|t| &t.1) != Some(&Tok::Sep) {
            i += 1;
            continue;
        }
        let here = module_at(*at);
        let mut base: Vec<String> = match root.as_str() {
            "crate" => vec![],
            "self" => here,
            _ => here[..here.len().saturating_sub(1)].to_vec(),
        };
        i += 2;
        // Further `super::` segments.
        while let (Some((_, Tok::Ident(w))), Some((_, Tok::Sep))) = (toks.get(i), toks.get(i + 1)) {
            if w != "super" {
                break;
            }
            base.pop();
            i += 2;
        }
        let mut leaves = Vec::new();
        i = use_tree(&toks, i, base, &mut leaves);
        out.extend(leaves.into_iter().map(|p| (*at, p)));
    }
    out
}

/// Parses a path or `use` tree starting at `toks[i]` (just after a `::`) under `prefix`; pushes
/// each leaf path and returns the index after the tree.
fn use_tree(toks: &[(usize, Tok)], mut i: usize, prefix: Vec<String>, leaves: &mut Vec<Vec<String>>) -> usize {
    let mut path = prefix;
    loop {
        match toks.get(i).map(|t| &t.1) {
            Some(Tok::Ident(w)) => {
                if w != "self" {
                    path.push(w.clone());
                }
                i += 1;
                if toks.get(i).map(|t| &t.1) == Some(&Tok::Sep) {
                    i += 1;
                    continue;
                }
                leaves.push(path);
                return i;
            }
            Some(Tok::Open) => {
                i += 1;
                loop {
                    match toks.get(i).map(|t| &t.1) {
                        Some(Tok::Close) => return i + 1,
                        Some(Tok::Comma) => i += 1,
                        None => return i,
                        Some(_) => {
                            let before = i;
                            i = use_tree(toks, i, path.clone(), leaves);
                            // `x as y`: skip the alias.
                            if let Some((_, Tok::Ident(w))) = toks.get(i)
                                && w == "as"
                            {
                                i += 2;
                            }
                            if i == before {
                                i += 1;
                            }
                        }
                    }
                }
            }
            Some(Tok::Star) => {
                leaves.push(path);
                return i + 1;
            }
            _ => {
                if !path.is_empty() {
                    leaves.push(path);
                }
                return i;
            }
        }
    }
}

/// `pub use` re-exports: (module::name) → the path it stands for.
fn reexports(sources: &[Source]) -> BTreeMap<Vec<String>, Vec<String>> {
    let mut map = BTreeMap::new();
    for s in sources {
        let toks = tokens(&s.code);
        for (k, w) in toks.iter().enumerate() {
            if w.1 != Tok::Ident("pub".into()) {
                continue;
            }
            // pub use / pub(crate) use / pub(super) use
            let mut j = k + 1;
            if toks.get(j).map(|t| &t.1) == Some(&Tok::Other) {
                while j < toks.len() && toks[j].1 != Tok::Ident("use".into()) && j < k + 6 {
                    j += 1;
                }
            }
            if toks.get(j).map(|t| &t.1) != Some(&Tok::Ident("use".into())) {
                continue;
            }
            let start = toks.get(j + 1).map_or(0, |t| t.0);
            let end = s.code[start..].find(';').map_or(s.code.len(), |e| start + e);
            let stmt = &s.code[start..end];
            // A re-export of a child module's item (`pub use commands::Command`) has no
            // crate/super/self root: treat it as `self::`.
            let rooted = ["crate::", "super::", "self::"].iter().any(|r| stmt.trim_start().starts_with(r));
            let text = if rooted { stmt.to_string() } else { format!("self::{}", stmt.trim_start()) };
            for (_, target) in paths_in(&s.module, &text) {
                if let Some(name) = target.last() {
                    let mut key = s.module.clone();
                    key.push(name.clone());
                    if key != target {
                        map.insert(key, target);
                    }
                }
            }
        }
    }
    map
}

fn resolve(path: &[String], reexports: &BTreeMap<Vec<String>, Vec<String>>) -> Vec<String> {
    let mut p = path.to_vec();
    for _ in 0..8 {
        let hit = (1..=p.len()).rev().find_map(|n| reexports.get(&p[..n]).map(|t| (n, t.clone())));
        match hit {
            Some((n, mut t)) => {
                t.extend_from_slice(&p[n..]);
                p = t;
            }
            None => break,
        }
    }
    p
}

fn references(sources: &[Source]) -> Vec<Reference> {
    let mut out = Vec::new();
    for s in sources.iter().filter(|s| !s.module.iter().any(|m| m == "tests")) {
        for (at, to) in paths_in(&s.module, &s.code) {
            let line = s.code[..at].matches('\n').count() + 1;
            out.push(Reference { file: s.file.clone(), line, from: s.module.clone(), to });
        }
    }
    out
}

// ------------------------------------------------------------------------------------------------
// The rules

/// Sibling circles: for every module with submodules, the graph "child a names something inside
/// child b", and its strongly connected components of more than one child. Paths are followed
/// through `pub use` re-exports, so `super::Command` counts as `super::commands::Command`.
fn circles(sources: &[Source]) -> Vec<(Vec<String>, BTreeSet<String>, Vec<String>)> {
    let modules: BTreeSet<Vec<String>> = sources.iter().map(|s| s.module.clone()).collect();
    let reexp = reexports(sources);
    let refs = references(sources);
    let parents: BTreeSet<Vec<String>> =
        modules.iter().filter(|m| !m.is_empty()).map(|m| m[..m.len() - 1].to_vec()).collect();
    let mut found = Vec::new();
    for parent in parents {
        let n = parent.len();
        let mut graph: BTreeMap<String, BTreeMap<String, Reference>> = BTreeMap::new();
        for r in &refs {
            if r.from.len() <= n || r.from[..n] != parent[..] {
                continue;
            }
            let to = resolve(&r.to, &reexp);
            if to.len() <= n || to[..n] != parent[..] || !modules.contains(&to[..=n]) {
                continue;
            }
            let (a, b) = (r.from[n].clone(), to[n].clone());
            if a != b {
                graph.entry(a).or_default().entry(b).or_insert_with(|| r.clone());
            }
        }
        for comp in strongly_connected(&graph) {
            let evidence = comp
                .iter()
                .flat_map(|a| {
                    graph[a]
                        .iter()
                        .filter(|(b, _)| comp.contains(*b))
                        .map(move |(b, r)| format!("{a} → {b} ({}:{} names {})", r.file, r.line, r.to.join("::")))
                })
                .collect();
            found.push((parent.clone(), comp, evidence));
        }
    }
    found
}

/// Tarjan's algorithm; only components with more than one node.
fn strongly_connected(graph: &BTreeMap<String, BTreeMap<String, Reference>>) -> Vec<BTreeSet<String>> {
    struct T<'g> {
        g: &'g BTreeMap<String, BTreeMap<String, Reference>>,
        index: BTreeMap<&'g str, usize>,
        low: BTreeMap<&'g str, usize>,
        stack: Vec<&'g str>,
        on: BTreeSet<&'g str>,
        out: Vec<BTreeSet<String>>,
    }
    impl<'g> T<'g> {
        fn visit(&mut self, v: &'g str) {
            let i = self.index.len();
            self.index.insert(v, i);
            self.low.insert(v, i);
            self.stack.push(v);
            self.on.insert(v);
            if let Some(next) = self.g.get(v) {
                for w in next.keys() {
                    let w = w.as_str();
                    if !self.index.contains_key(w) {
                        self.visit(w);
                        let l = self.low[w].min(self.low[v]);
                        self.low.insert(v, l);
                    } else if self.on.contains(w) {
                        let l = self.index[w].min(self.low[v]);
                        self.low.insert(v, l);
                    }
                }
            }
            if self.low[v] == self.index[v] {
                let mut comp = BTreeSet::new();
                while let Some(w) = self.stack.pop() {
                    self.on.remove(w);
                    comp.insert(w.to_string());
                    if w == v {
                        break;
                    }
                }
                if comp.len() > 1 {
                    self.out.push(comp);
                }
            }
        }
    }
    let mut t =
        T { g: graph, index: BTreeMap::new(), low: BTreeMap::new(), stack: vec![], on: BTreeSet::new(), out: vec![] };
    for v in graph.keys() {
        if !t.index.contains_key(v.as_str()) {
            t.visit(v);
        }
    }
    t.out
}

fn layer_of(top: &str) -> Option<usize> {
    LAYERS.iter().position(|(_, mods)| mods.contains(&top))
}

/// References from a module to a top-level module of a later layer, or between front ends that
/// must stay apart; and top-level modules missing from `LAYERS`.
fn layer_violations(sources: &[Source]) -> Vec<String> {
    let tops: BTreeSet<String> = sources.iter().filter_map(|s| s.module.first().cloned()).collect();
    let mut out: Vec<String> = tops
        .iter()
        .filter(|t| layer_of(t).is_none())
        .map(|t| format!("src/{t}: not in a layer; add it to LAYERS in tests/architecture.rs and ARCHITECTURE.md"))
        .collect();
    for r in references(sources) {
        let (Some(from), Some(to)) = (r.from.first(), r.to.first()) else { continue };
        if from == to || !tops.contains(to) {
            continue;
        }
        let (Some(lf), Some(lt)) = (layer_of(from), layer_of(to)) else { continue };
        if lt > lf {
            out.push(format!(
                "{}:{}: {from} ({}) uses {} ({}), a layer above it",
                r.file,
                r.line,
                LAYERS[lf].0,
                r.to.join("::"),
                LAYERS[lt].0
            ));
        } else if APART.contains(&(from.as_str(), to.as_str())) {
            out.push(format!("{}:{}: {from} uses {}; the front ends stay apart", r.file, r.line, r.to.join("::")));
        }
    }
    out
}

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn no_module_imports_a_sibling_that_imports_it_back() {
    let sources = read_sources(repo());
    let mut problems = Vec::new();
    let mut allowed_seen = 0;
    for (parent, comp, evidence) in circles(&sources) {
        let parent_name = if parent.is_empty() { "crate".to_string() } else { parent.join("::") };
        let allowed = ALLOWED_CIRCLES
            .iter()
            .any(|(p, members, _)| *p == parent_name && comp.iter().all(|m| members.contains(&m.as_str())));
        if allowed {
            allowed_seen += 1;
            continue;
        }
        problems.push(format!(
            "circle in {parent_name}: {}\n    {}",
            comp.iter().cloned().collect::<Vec<_>>().join(" ⇄ "),
            evidence.join("\n    ")
        ));
    }
    assert!(problems.is_empty(), "modules import each other in a circle:\n{}", problems.join("\n"));
    // An allowance nobody needs any more goes: the list only shrinks.
    assert!(
        allowed_seen >= ALLOWED_CIRCLES.len(),
        "an allowed circle no longer exists: remove it from ALLOWED_CIRCLES"
    );
}

#[test]
fn every_layer_imports_only_the_layers_below_it() {
    let problems = layer_violations(&read_sources(repo()));
    assert!(problems.is_empty(), "upward or sideways references:\n{}", problems.join("\n"));
}

#[test]
fn the_app_reaches_the_project_file_only_through_the_session_or_a_workflow() {
    // Backups, restore, the edit log and vacuuming are session or workflow calls: the store's
    // types and the session's `store()` handle stay out of the app.
    let mut problems = Vec::new();
    for s in read_sources(repo()).iter().filter(|s| s.module.first().is_some_and(|m| m == "ui")) {
        for (at, path) in paths_in(&s.module, &s.code) {
            if path.first().is_some_and(|m| m == "store") {
                let line = s.code[..at].matches('\n').count() + 1;
                problems.push(format!("{}:{line}: names {}", s.file, path.join("::")));
            }
        }
        for (at, _) in s.code.match_indices(".store()") {
            let line = s.code[..at].matches('\n').count() + 1;
            problems.push(format!("{}:{line}: calls Session::store()", s.file));
        }
    }
    assert!(problems.is_empty(), "the app reaches into the store:\n{}", problems.join("\n"));
}

// ------------------------------------------------------------------------------------------------
// The checker itself, on small made-up sources, so a scanner that sees nothing cannot pass.

fn made_up(files: &[(&str, &str)]) -> Vec<Source> {
    files
        .iter()
        .map(|(m, code)| Source {
            file: format!("src/{m}.rs"),
            module: m.split('/').filter(|s| !s.is_empty()).map(String::from).collect(),
            code: blank_non_code(code),
        })
        .collect()
}

#[test]
fn the_checker_finds_a_circle_through_a_use_tree_and_a_reexport() {
    let sources = made_up(&[
        ("ui", "pub use commands::Command;\nmod commands; mod review;"),
        ("ui/commands", "use super::{i18n, review::{self, ReviewCommand as R}};"),
        ("ui/review", "fn f() -> super::Command { todo!() }\nmod inner { use super::super::i18n; use super::f; }"),
        ("ui/i18n", ""),
    ]);
    let found = circles(&sources);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].1, BTreeSet::from(["commands".to_string(), "review".to_string()]));
    // Paths in comments and strings are not references.
    let quiet = made_up(&[
        ("a", "// use super::b::X;\n/* super::b */ const S: &str = \"super::b::Y\"; const C: char = '\"';"),
        ("b", "use super::a::Z;"),
    ]);
    assert!(circles(&quiet).is_empty());
    // Inside an inline module, `super` is the file's own module.
    let inline = made_up(&[("a", "mod inner { use super::b::X; }"), ("b", "use super::a::Y;")]);
    assert!(circles(&inline).is_empty());
    // Unit tests may use anything as a harness.
    let tests = made_up(&[("a", "#[cfg(test)]\nmod tests { use crate::b::X; }"), ("b", "use super::a::Y;")]);
    assert!(circles(&tests).is_empty());
}

#[test]
fn the_checker_finds_an_upward_reference_and_a_front_end_using_the_other() {
    let sources = made_up(&[
        ("core/model", "use crate::store::Store;"),
        ("store", "use crate::core::model::Project;"),
        ("ui", "fn f() { crate::cli::run(); }"),
        ("cli", ""),
    ]);
    let problems = layer_violations(&sources);
    assert_eq!(problems.len(), 2, "{problems:#?}");
    assert!(problems[0].contains("core (core) uses store::Store (store), a layer above it"));
    assert!(problems[1].contains("ui uses cli::run; the front ends stay apart"));
}
