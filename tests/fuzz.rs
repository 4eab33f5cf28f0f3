//! No file, however damaged, crashes Werkbank's importers.
//!
//! Interview data reaches Werkbank as files from other people's computers: transcripts in Word,
//! LibreOffice and plain text, whole projects exported from NVivo or QualCoder, respondent
//! spreadsheets. Some of them will be truncated by a flaky USB stick, mangled by a mail gateway,
//! half-repaired by a well-meaning colleague or written by a tool that bends the standards. And a
//! few may be built to hurt. Whatever arrives, an importer must answer `Ok` or a readable `Err`
//! quickly, and never panic, hang or eat the machine's memory.
//!
//! `cargo fuzz` needs a nightly toolchain, so this is fuzzing with proptest, in four stories:
//!
//! 1. **Damaged copies of real files.** Every .docx/.odt fixture and the REFI-QDA projects are
//!    mutated, (a) as raw bytes (bit flips, insertions, deletions, truncation, lying 32-bit
//!    header fields) and (b) structure-aware: the package is unzipped, its main XML part (or
//!    another part) is damaged (ranges deleted or duplicated, stray `<` and `&`, unclosed tags,
//!    misplaced but well-formed elements, deep nesting, DOCTYPEs and entity bombs, numbers such
//!    as selection positions replaced by extreme values, the XML declaration broken), entries are
//!    dropped or renamed, and the whole is zipped again with the `zip` writer.
//! 2. **Files that were never documents**: random bytes and random text for every format.
//! 3. **What comes back is sound**: an `Ok` import has `\n`-only text and speaker turns inside
//!    it; a REFI import's edit applies to the project it was made for; a respondent table's edit
//!    applies too.
//! 4. **A corpus** (`tests/fuzz_corpus/`) of small hostile files, each replayed by its own test,
//!    including every crasher found here, minimised.
//!
//! Each case runs under `catch_unwind` and a time bound ([`BOUND`]); a panic or an overrun fails
//! the property with proptest's seed (persisted in `tests/fuzz.proptest-regressions`), a
//! description of the input, and the offending bytes written to the temp directory for
//! minimising. An importer's own panic guard (`ImportError::Internal`) counts as a panic too.
//!
//! The whole file runs in well under 20 s in a debug build. `WERKBANK_FUZZ_CASES=N` runs `N`
//! cases per property instead (the 2.3 MB NVivo project gets `N/32`, at least 2), e.g.
//! `WERKBANK_FUZZ_CASES=5000 cargo test --release --test fuzz` for a long night.

use proptest::prelude::*;
use proptest::sample::Index;
use proptest::test_runner::TestCaseError;
use std::io::{Cursor, Read, Write};
use std::panic::AssertUnwindSafe;
use std::path::{Path, PathBuf};
use std::sync::LazyLock;
use std::time::{Duration, Instant};
use werkbank::core::{Change, Project};
use werkbank::import::{ImportError, ImportedText, import_bytes};
use werkbank::refi::{RefiImport, import_qdc, import_qdpx};

// =============================================================================================
// Harness: run one input under a panic guard and a clock, then check what came back.
// =============================================================================================

/// Longest any single import may take (debug build; a release build is ~10x faster).
const BOUND: Duration = Duration::from_secs(2);

/// Cases per property: `default`, or `WERKBANK_FUZZ_CASES`.
fn cases(default: u32) -> u32 {
    std::env::var("WERKBANK_FUZZ_CASES").ok().and_then(|s| s.trim().parse().ok()).unwrap_or(default)
}

fn config(default: u32) -> ProptestConfig {
    ProptestConfig { cases: cases(default), max_shrink_iters: 4096, ..ProptestConfig::default() }
}

fn panic_message(p: Box<dyn std::any::Any + Send>) -> String {
    p.downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| p.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "(non-string panic payload)".into())
}

/// Keeps a failing input for minimising and for the corpus; returns where it went.
fn keep_crasher(file_name: &str, bytes: &[u8]) -> String {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    bytes.hash(&mut h);
    let ext = Path::new(file_name).extension().and_then(|e| e.to_str()).unwrap_or("bin");
    let path = std::env::temp_dir().join(format!("werkbank-fuzz-{:016x}.{ext}", h.finish()));
    match std::fs::write(&path, bytes) {
        Ok(()) => path.display().to_string(),
        Err(e) => format!("(could not save the input: {e})"),
    }
}

/// Runs `f` on `bytes` under `catch_unwind` and [`BOUND`]. A panic or an overrun is a failure
/// that names the importer, the input's size and where its bytes were saved.
fn guarded<T>(what: &str, file_name: &str, bytes: &[u8], f: impl FnOnce() -> T) -> Result<T, TestCaseError> {
    let started = Instant::now();
    let result = std::panic::catch_unwind(AssertUnwindSafe(f));
    let elapsed = started.elapsed();
    match result {
        Err(p) => Err(TestCaseError::fail(format!(
            "{what} PANICKED on {file_name} ({} bytes, saved to {}): {}",
            bytes.len(),
            keep_crasher(file_name, bytes),
            panic_message(p)
        ))),
        Ok(_) if elapsed > BOUND => Err(TestCaseError::fail(format!(
            "{what} took {elapsed:?} (bound {BOUND:?}) on {file_name} ({} bytes, saved to {})",
            bytes.len(),
            keep_crasher(file_name, bytes)
        ))),
        Ok(v) => Ok(v),
    }
}

macro_rules! ensure {
    ($cond:expr, $($msg:tt)+) => {
        if !$cond {
            return Err(TestCaseError::fail(format!($($msg)+)));
        }
    };
}

/// What an `Ok` transcript import promises: `\n` line ends only, and speaker turns that are
/// non-empty, in order, and inside the text.
fn check_imported(file_name: &str, bytes: &[u8], t: &ImportedText) -> Result<(), TestCaseError> {
    let saved = || keep_crasher(file_name, bytes);
    ensure!(!t.text.contains('\r'), "{file_name}: imported text contains \\r (input saved to {})", saved());
    let n = t.text.chars().count();
    let mut prev_end = 0;
    for turn in &t.turns {
        ensure!(
            turn.start < turn.end && turn.end <= n && turn.start >= prev_end,
            "{file_name}: turn {turn:?} is empty, out of order or outside the text of {n} chars (input saved to {})",
            saved()
        );
        ensure!(!turn.speaker.trim().is_empty(), "{file_name}: turn without speaker (input saved to {})", saved());
        prev_end = turn.end;
    }
    Ok(())
}

/// A transcript import: `Ok` (checked) or `Err`, never a panic, never slow.
fn transcript(file_name: &str, bytes: &[u8]) -> Result<(), TestCaseError> {
    match guarded("import_bytes", file_name, bytes, || import_bytes(file_name, bytes))? {
        Ok(t) => check_imported(file_name, bytes, &t),
        Err(ImportError::Internal(m)) => Err(TestCaseError::fail(format!(
            "import_bytes caught a panic on {file_name} (saved to {}): {m}",
            keep_crasher(file_name, bytes)
        ))),
        Err(_) => Ok(()),
    }
}

#[derive(Clone, Copy, Debug)]
enum Refi {
    Qdpx,
    Qdc,
}

/// What an `Ok` REFI import promises: inserts only, and an edit that applies to the project it
/// was computed against (references resolve, codings lie inside their documents, names unique).
fn check_refi(file_name: &str, bytes: &[u8], base: &Project, imp: &RefiImport) -> Result<(), TestCaseError> {
    let saved = || keep_crasher(file_name, bytes);
    ensure!(
        imp.edit.changes.iter().all(|c| matches!(c, Change::Insert(_))),
        "{file_name}: a REFI import produced a change other than an insert (input saved to {})",
        saved()
    );
    let mut p = base.clone();
    if let Err(e) = p.apply(&imp.edit) {
        return Err(TestCaseError::fail(format!(
            "{file_name}: the import's edit does not apply: {e} (input saved to {})",
            saved()
        )));
    }
    ensure!(
        p.documents.values().all(|d| !d.text.contains('\r')),
        "{file_name}: an imported document contains \\r (input saved to {})",
        saved()
    );
    Ok(())
}

fn refi(kind: Refi, bytes: &[u8], base: &Project) -> Result<(), TestCaseError> {
    let file_name = match kind {
        Refi::Qdpx => "fuzz.qdpx",
        Refi::Qdc => "fuzz.qdc",
    };
    let result = guarded("REFI import", file_name, bytes, || match kind {
        Refi::Qdpx => import_qdpx(bytes, base),
        Refi::Qdc => import_qdc(bytes, base),
    })?;
    match result {
        Ok(imp) => check_refi(file_name, bytes, base, &imp),
        Err(_) => Ok(()),
    }
}

/// A respondent table: `Ok` means an edit that applies to the project.
fn table(csv: &str, base: &Project) -> Result<(), TestCaseError> {
    let result =
        guarded("import_table", "fuzz.csv", csv.as_bytes(), || werkbank::respondents::import_table(base, csv))?;
    if let Ok(edit) = result {
        let mut p = base.clone();
        if let Err(e) = p.apply(&edit) {
            return Err(TestCaseError::fail(format!(
                "import_table's edit does not apply: {e} (table saved to {})",
                keep_crasher("fuzz.csv", csv.as_bytes())
            )));
        }
    }
    Ok(())
}

fn codebook(file_name: &str, text: &str) -> Result<(), TestCaseError> {
    guarded("parse_auto", file_name, text.as_bytes(), || werkbank::codebook::parse_auto(file_name, text)).map(|_| ())
}

// =============================================================================================
// Fixtures: real files from other tools, unzipped once.
// =============================================================================================

fn fixtures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

struct Entry {
    name: String,
    data: Vec<u8>,
    deflated: bool,
}

/// A fixture package: its bytes, its entries, and which entries are worth damaging.
struct Package {
    file_name: String,
    bytes: Vec<u8>,
    entries: Vec<Entry>,
    /// The part the reader depends on most (document.xml, content.xml, project.qde).
    main: usize,
    /// Other XML-ish parts (relationships, notes, styles, source texts).
    others: Vec<usize>,
}

fn unzip(bytes: &[u8]) -> Vec<Entry> {
    let mut z = zip::ZipArchive::new(Cursor::new(bytes)).expect("fixture is a zip");
    let mut out = Vec::new();
    for i in 0..z.len() {
        let Ok(mut f) = z.by_index(i) else { continue };
        let mut data = Vec::new();
        if f.read_to_end(&mut data).is_err() {
            continue;
        }
        out.push(Entry {
            name: f.name().to_string(),
            deflated: f.compression() != zip::CompressionMethod::Stored,
            data,
        });
    }
    out
}

fn package(path: &Path) -> Package {
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("fixture {}: {e}", path.display()));
    let entries = unzip(&bytes);
    let file_name = path.file_name().unwrap().to_string_lossy().into_owned();
    let is = |e: &Entry, n: &str| e.name.eq_ignore_ascii_case(n);
    let main = entries
        .iter()
        .position(|e| is(e, "word/document.xml") || is(e, "content.xml") || is(e, "project.qde"))
        .or_else(|| entries.iter().position(|e| e.name.ends_with(".xml") && e.name.contains("document")))
        .unwrap_or_else(|| panic!("{file_name}: no main part"));
    let others = (0..entries.len())
        .filter(|&i| i != main)
        .filter(|&i| {
            let n = entries[i].name.to_ascii_lowercase();
            [".xml", ".rels", ".qde", ".txt"].iter().any(|x| n.ends_with(x))
        })
        .collect();
    Package { file_name, bytes, entries, main, others }
}

fn packages_in(dir: &str, exts: &[&str]) -> Vec<Package> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(fixtures_dir().join(dir))
        .unwrap_or_else(|e| panic!("fixtures/{dir}: {e}"))
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().and_then(|e| e.to_str()).is_some_and(|e| exts.contains(&e)))
        .collect();
    paths.sort();
    paths.iter().map(|p| package(p)).collect()
}

/// Every .docx and .odt fixture.
static DOCS: LazyLock<Vec<Package>> = LazyLock::new(|| packages_in("docx", &["docx", "odt"]));

/// The small REFI projects (QualCoder, NVivo 15 codebook-only).
static PROJECTS: LazyLock<Vec<Package>> = LazyLock::new(|| {
    ["qc132_demo_nonconformant.qdpx", "nvivo15mac_codebook_emptysources.qdpx"]
        .iter()
        .map(|f| package(&fixtures_dir().join("refi").join(f)))
        .collect()
});

/// The 2.3 MB NVivo project, with UTF-16 positions and notes: used sparingly.
static BIG_PROJECT: LazyLock<Package> =
    LazyLock::new(|| package(&fixtures_dir().join("refi/nvivo12mac_vaccine_comments.qdpx")));

/// A project that already holds the QualCoder fixture: a damaged copy of it exercises the
/// merge paths (codes by path, documents by hash, codings already present).
static QC_PROJECT: LazyLock<Project> = LazyLock::new(|| {
    let mut p = Project::default();
    let imp = import_qdpx(&PROJECTS[0].bytes, &p).expect("fixture imports");
    p.apply(&imp.edit).expect("fixture applies");
    p
});

/// A .qdc codebook written by Werkbank from the QualCoder project.
static QDC: LazyLock<Vec<u8>> = LazyLock::new(|| werkbank::refi::export_qdc(&QC_PROJECT).expect("qdc export"));

fn base_project(merge: bool) -> &'static Project {
    static EMPTY: LazyLock<Project> = LazyLock::new(Project::default);
    if merge { &QC_PROJECT } else { &EMPTY }
}

// =============================================================================================
// Mutations
// =============================================================================================

/// Where a mutation happens. Positions are drawn relative to the data they land in, so the same
/// plan shrinks well and replays on any input.
#[derive(Clone, Debug)]
enum Pos {
    /// Anywhere in the data.
    Anywhere(Index),
    /// Among the first 64 bytes: magic numbers, BOMs, XML declarations live here.
    Head(u8),
    /// Among the last 64 bytes: a zip's central directory and end record live here.
    Tail(u8),
    /// Just after a `>`: between tags, where a well-formed insertion stays well-formed.
    AfterTag(Index),
}

impl Pos {
    fn resolve(&self, data: &[u8]) -> usize {
        let len = data.len();
        match self {
            Pos::Anywhere(i) => i.index(len + 1),
            Pos::Head(n) => (*n as usize % 64).min(len),
            Pos::Tail(n) => len.saturating_sub(*n as usize % 64),
            Pos::AfterTag(i) => {
                let tags: Vec<usize> = memchr_all(b'>', data);
                if tags.is_empty() { i.index(len + 1) } else { tags[i.index(tags.len())] + 1 }
            }
        }
    }
}

fn memchr_all(b: u8, data: &[u8]) -> Vec<usize> {
    data.iter().enumerate().filter(|&(_, &c)| c == b).map(|(i, _)| i).collect()
}

fn pos() -> impl Strategy<Value = Pos> {
    prop_oneof![
        4 => any::<Index>().prop_map(Pos::Anywhere),
        2 => any::<u8>().prop_map(Pos::Head),
        2 => any::<u8>().prop_map(Pos::Tail),
        3 => any::<Index>().prop_map(Pos::AfterTag),
    ]
}

/// Field values that make readers of sizes, offsets and counts stumble.
const INTERESTING_U32: [u32; 8] = [0, 1, 0x7F, 0x8000, 0xFFFF, 0x7FFF_FFFF, 0xFFFF_FFFE, 0xFFFF_FFFF];

/// Byte-level damage, as a disk, a transfer or a careless tool does it.
#[derive(Clone, Debug)]
enum ByteOp {
    Flip(Pos, u8),
    Set(Pos, u8),
    Insert(Pos, Vec<u8>),
    Delete(Pos, u16),
    Truncate(Pos),
    Duplicate(Pos, u16, Pos),
    /// Overwrites 4 bytes (little-endian) with a size or offset a header might lie with.
    Word32(Pos, usize),
}

fn byte_op() -> impl Strategy<Value = ByteOp> {
    prop_oneof![
        3 => (pos(), 0u8..8).prop_map(|(p, b)| ByteOp::Flip(p, b)),
        2 => (pos(), any::<u8>()).prop_map(|(p, b)| ByteOp::Set(p, b)),
        2 => (pos(), prop::collection::vec(any::<u8>(), 1..16)).prop_map(|(p, v)| ByteOp::Insert(p, v)),
        2 => (pos(), 1u16..512).prop_map(|(p, n)| ByteOp::Delete(p, n)),
        1 => pos().prop_map(ByteOp::Truncate),
        1 => (pos(), 1u16..512, pos()).prop_map(|(p, n, q)| ByteOp::Duplicate(p, n, q)),
        2 => (pos(), 0..INTERESTING_U32.len()).prop_map(|(p, v)| ByteOp::Word32(p, v)),
    ]
}

fn apply_byte_op(data: &mut Vec<u8>, op: &ByteOp) {
    match op {
        ByteOp::Flip(p, bit) => {
            let i = p.resolve(data);
            if let Some(b) = data.get_mut(i) {
                *b ^= 1 << bit;
            }
        }
        ByteOp::Set(p, v) => {
            let i = p.resolve(data);
            if let Some(b) = data.get_mut(i) {
                *b = *v;
            }
        }
        ByteOp::Insert(p, v) => {
            let i = p.resolve(data);
            data.splice(i..i, v.iter().copied());
        }
        ByteOp::Delete(p, n) => {
            let i = p.resolve(data);
            let end = (i + *n as usize).min(data.len());
            data.drain(i..end);
        }
        ByteOp::Truncate(p) => {
            let i = p.resolve(data);
            data.truncate(i);
        }
        ByteOp::Duplicate(p, n, at) => {
            let i = p.resolve(data);
            let end = (i + *n as usize).min(data.len());
            let chunk = data[i..end].to_vec();
            let j = at.resolve(data);
            data.splice(j..j, chunk);
        }
        ByteOp::Word32(p, v) => {
            let i = p.resolve(data);
            for (k, b) in INTERESTING_U32[*v].to_le_bytes().into_iter().enumerate() {
                if let Some(slot) = data.get_mut(i + k) {
                    *slot = b;
                }
            }
        }
    }
}

/// Fragments that break XML, or bend it in ways the readers must survive.
const BROKEN: &[&str] = &[
    "<",
    "&",
    "&amp",
    "&unknown;",
    "&#0;",
    "&#xD800;",
    "&#x110000;",
    "&#99999999999;",
    "]]>",
    "<![CDATA[",
    "<!--",
    "-->",
    "<?pi ",
    "<w:p>",
    "</w:p>",
    "<w:t>",
    "</w:t>",
    "<text:p>",
    "</text:p>",
    "<Code ",
    "</Codes>",
    "<a b='",
    "<a b=\"x\" b=\"y\"/>",
    "<a xmlns:=\"\"/>",
    "<:a/>",
    "<a:/>",
    "</>",
    "<>",
    "\u{feff}",
    "\r\n",
    "\r",
    "\0",
    "\u{1}",
    "😀",
    "\u{2028}",
    "<!DOCTYPE x [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">]>",
    "<!DOCTYPE x SYSTEM \"file:///etc/passwd\">",
    "&b;",
    "<?xml version=\"1.0\" encoding=\"UTF-16\"?>",
    "encoding=\"",
    "encoding=\u{e9}",
];

/// Well-formed elements in the wrong place: the reader's state machines (paragraphs, tables,
/// cells, text boxes, notes, fields, tracked changes, REFI selections) must not be fooled into
/// a panic. `{G}` becomes a GUID taken from the document itself.
const ELEMENTS: &[&str] = &[
    // WordprocessingML
    "<w:p><w:r><w:t>I: a fuzzed turn</w:t></w:r></w:p>",
    "<w:tbl><w:tr><w:tc><w:p><w:r><w:t>cell</w:t></w:r></w:p></w:tc></w:tr></w:tbl>",
    "<w:tc><w:p><w:r><w:t>cell outside a table</w:t></w:r></w:p></w:tc>",
    "<w:tr><w:tc/></w:tr>",
    "<w:tbl/>",
    "<w:txbxContent><w:p><w:r><w:t>box</w:t></w:r></w:p></w:txbxContent>",
    "<w:footnoteReference w:id=\"1\"/>",
    "<w:endnoteReference w:id=\"999999\"/>",
    "<w:footnoteReference/>",
    "<w:footnote w:id=\"1\"><w:p><w:r><w:t>note</w:t></w:r></w:p></w:footnote>",
    "<w:del><w:r><w:delText>gone</w:delText></w:r></w:del>",
    "<w:ins><w:r><w:t>new</w:t></w:r></w:ins>",
    "<w:pPr><w:rPr><w:vanish/><w:del/></w:rPr></w:pPr>",
    "<w:rPr><w:vanish w:val=\"0\"/><w:specVanish/></w:rPr>",
    "<w:r><w:sym w:font=\"Symbol\" w:char=\"F0B7\"/><w:sym w:char=\"zz\"/><w:sym/></w:r>",
    "<w:r><w:tab/><w:br/><w:cr/><w:noBreakHyphen/><w:softHyphen/></w:r>",
    "<w:fldChar w:fldCharType=\"begin\"/><w:instrText>PAGE</w:instrText>",
    "<w:fldChar w:fldCharType=\"separate\"/>",
    "<w:fldChar w:fldCharType=\"end\"/>",
    "<w:body/>",
    "<w:body><w:p/></w:body>",
    "<w:comment w:id=\"0\"><w:p/></w:comment>",
    "<mc:AlternateContent><mc:Choice><w:t>x</w:t></mc:Choice><mc:Fallback><w:t>y</w:t></mc:Fallback></mc:AlternateContent>",
    "<Relationship Id=\"rIdX\" Type=\"http://x/officeDocument\" Target=\"../../../../etc/passwd\"/>",
    "<Relationship Id=\"rIdY\" Type=\"http://x/footnotes\" Target=\"word/document.xml\"/>",
    "<Relationship Id=\"rIdZ\" Type=\"http://x/endnotes\" Target=\"/\"/>",
    // OpenDocument
    "<text:p>R1: <text:s text:c=\"1000000000\"/>x<text:tab/><text:line-break/></text:p>",
    "<text:s text:c=\"-5\"/>",
    "<text:h><text:note><text:note-citation>1</text:note-citation><text:note-body><text:p>n</text:p></text:note-body></text:note></text:h>",
    "<text:note-body><text:p>orphan note body</text:p></text:note-body>",
    "<table:table><table:table-row><table:table-cell><text:p>c</text:p></table:table-cell></table:table-row></table:table>",
    "<table:table-cell><text:p>stray</text:p></table:table-cell>",
    "<draw:frame><draw:text-box><text:p>box</text:p></draw:text-box></draw:frame>",
    "<office:annotation><text:p>comment</text:p></office:annotation>",
    "<text:tracked-changes><text:changed-region><text:deletion><text:p>x</text:p></text:deletion></text:changed-region></text:tracked-changes>",
    "<text:list><text:list-item><text:p>item</text:p></text:list-item></text:list>",
    // REFI-QDA
    "<Code guid=\"{G}\" name=\"{G}\" color=\"#zzz\" isCodable=\"0\"/>",
    "<Code name=\"  \"><Code name=\"\"/></Code>",
    "<Code guid=\"{G}\" name=\"Dup\"/><Code guid=\"{G}\" name=\"dup\"/><Code name=\"Dup\"/>",
    "<PlainTextSelection guid=\"{G}\" startPosition=\"0\" endPosition=\"3\"><Coding guid=\"{G}\"><CodeRef targetGUID=\"{G}\"/><NoteRef targetGUID=\"{G}\"/></Coding></PlainTextSelection>",
    "<PlainTextSelection startPosition=\"5\" endPosition=\"2\"><Coding><CodeRef targetGUID=\"{G}\"/></Coding></PlainTextSelection>",
    "<PlainTextSelection startPosition=\"18446744073709551615\" endPosition=\"-1\"/>",
    "<Coding guid=\"{G}\"><CodeRef targetGUID=\"{G}\"/></Coding>",
    "<TextSource guid=\"{G}\" name=\"fz\"><PlainTextContent>I: a&#13;&#10;b😀c&#13;d</PlainTextContent><PlainTextSelection startPosition=\"1\" endPosition=\"7\"><Coding><CodeRef targetGUID=\"{G}\"/></Coding></PlainTextSelection><Coding><CodeRef targetGUID=\"{G}\"/></Coding></TextSource>",
    "<TextSource guid=\"{G}\" plainTextPath=\"internal://../../evil.txt\"/>",
    "<TextSource name=\"\" plainTextPath=\"file:///C:/x\\\\y.txt\"/>",
    "<TextSource plainTextPath=\"relative://\"/>",
    "<PDFSource path=\"a/b/c.pdf\"/><PictureSource/><AudioSource/><VideoSource/><Whatever/>",
    "<Case guid=\"{G}\" name=\"\"><SourceRef targetGUID=\"{G}\"/><VariableValue><VariableRef targetGUID=\"{G}\"/><IntegerValue>x</IntegerValue></VariableValue><CodeRef/><SelectionRef/></Case>",
    "<Variable guid=\"{G}\" name=\"v\" typeOfVariable=\"DateTime\"/>",
    "<User guid=\"{G}\" name=\"\"/><User/>",
    "<Note guid=\"{G}\" name=\"\" creatingUser=\"{G}\" modifiedDateTime=\"not a date\"><PlainTextContent>n</PlainTextContent><PlainTextSelection/></Note>",
    "<Note guid=\"{G}\" plainTextPath=\"internal://nowhere.txt\"/>",
    "<NoteRef targetGUID=\"{G}\"/>",
    "<Link originGUID=\"{G}\" targetGUID=\"{G}\"/>",
    "<Set name=\"s\"><MemberSource targetGUID=\"{G}\"/><MemberCode targetGUID=\"{G}\"/></Set>",
    "<Sources/><Notes/><Cases/><Users/><Links/><Sets/>",
];

/// Element names to rename an empty element to (`<x .../>` stays well-formed).
const NAMES: &[&str] = &[
    "w:p",
    "w:t",
    "w:tbl",
    "w:tr",
    "w:tc",
    "w:body",
    "w:txbxContent",
    "w:footnoteReference",
    "w:del",
    "w:ins",
    "w:vanish",
    "w:tab",
    "w:br",
    "w:sym",
    "w:fldChar",
    "text:p",
    "text:h",
    "text:s",
    "text:note",
    "text:note-body",
    "table:table",
    "table:table-cell",
    "draw:text-box",
    "Code",
    "Codes",
    "CodeBook",
    "TextSource",
    "Coding",
    "CodeRef",
    "PlainTextSelection",
    "Note",
    "NoteRef",
    "Case",
    "Project",
    "Relationship",
];

/// Numbers a reader of positions, ids, counts and repeat factors must not trust.
const NUMBERS: &[&str] = &[
    "0",
    "1",
    "-1",
    "2",
    "65535",
    "65536",
    "2147483648",
    "4294967295",
    "4294967296",
    "9223372036854775807",
    "-9223372036854775808",
    "18446744073709551615",
    "99999999999999999999999999",
    "1e9",
    "NaN",
    "",
    " 7 ",
    "٣",
];

/// Damage that knows it is looking at XML.
#[derive(Clone, Debug)]
enum XmlOp {
    DeleteRange(Pos, u16),
    DuplicateRange(Pos, u16, Pos),
    Broken(Pos, usize),
    Element(Pos, usize, Index),
    /// `depth` nested copies of a container element, closed (well-formed) or not.
    Nest(Pos, usize, u16, bool),
    /// The k-th number in the document (positions, ids, `text:c`, sizes) replaced.
    Number(Index, usize),
    /// The k-th empty element `<x .../>` renamed.
    Rename(Index, usize),
    /// The XML declaration replaced (or one put in front): readers that honour a declared
    /// encoding parse it by hand.
    Declaration(usize),
    Bytes(ByteOp),
}

/// XML declarations, odd or hostile; some carry a raw Latin-1 byte, so that the part is no
/// longer UTF-8 and the declared encoding is consulted.
const DECLARATIONS: &[&[u8]] = &[
    b"",
    b"<?xml version=\"1.0\"?>",
    b"<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\xE9",
    b"<?xml version=\"1.0\" encoding='windows-1252'?>\x93",
    b"<?xml version=\"1.0\" encoding=\"UTF-16\"?>",
    b"<?xml version=\"1.0\" encoding=\"x-bogus\"?>\xE9",
    b"<?xml version=\"1.0\" encoding=ISO-8859-1?>\xE9",
    b"<?xml version=\"1.0\" encoding=\"\xE9",
    b"<?xml version=\"1.0\" encoding=\xE9latin1\xE9?>",
    b"<?xml version=\"1.0\" encoding=\xC3\xA9latin1\xC3\xA9?>\xFF",
    b"<?xml version=\"1.0\" encoding=",
    b"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\xFF",
    b"\xEF\xBB\xBF<?xml version=\"1.1\"?>",
    b"\xFF\xFE<\x00?\x00x\x00",
];

const NEST_TAGS: &[&str] =
    &["w:p", "w:tbl", "w:tc", "w:txbxContent", "text:p", "text:note-body", "table:table", "Code", "a"];

fn xml_op() -> impl Strategy<Value = XmlOp> {
    prop_oneof![
        3 => (pos(), 1u16..2048).prop_map(|(p, n)| XmlOp::DeleteRange(p, n)),
        2 => (pos(), 1u16..2048, pos()).prop_map(|(p, n, q)| XmlOp::DuplicateRange(p, n, q)),
        3 => (pos(), 0..BROKEN.len()).prop_map(|(p, i)| XmlOp::Broken(p, i)),
        4 => (pos(), 0..ELEMENTS.len(), any::<Index>()).prop_map(|(p, i, g)| XmlOp::Element(p, i, g)),
        1 => (pos(), 0..NEST_TAGS.len(), prop_oneof![1u16..300, 200u16..5000], any::<bool>())
            .prop_map(|(p, t, d, c)| XmlOp::Nest(p, t, d, c)),
        3 => (any::<Index>(), 0..NUMBERS.len()).prop_map(|(k, n)| XmlOp::Number(k, n)),
        2 => (any::<Index>(), 0..NAMES.len()).prop_map(|(k, n)| XmlOp::Rename(k, n)),
        1 => (0..DECLARATIONS.len()).prop_map(XmlOp::Declaration),
        2 => byte_op().prop_map(XmlOp::Bytes),
    ]
}

/// The GUIDs (or any `guid="..."` values) of a document, to make references resolve.
fn guids(xml: &[u8]) -> Vec<String> {
    let s = String::from_utf8_lossy(xml);
    let mut out = Vec::new();
    for chunk in s.split("guid=\"").skip(1) {
        if let Some(end) = chunk.find('"') {
            out.push(chunk[..end].to_string());
        }
        if out.len() > 5000 {
            break;
        }
    }
    out
}

/// Byte ranges of maximal runs of ASCII digits (with a leading `-`), up to 100k of them.
fn number_spans(data: &[u8]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < data.len() && out.len() < 100_000 {
        if data[i].is_ascii_digit() {
            let start = if i > 0 && data[i - 1] == b'-' { i - 1 } else { i };
            let mut j = i;
            while j < data.len() && data[j].is_ascii_digit() {
                j += 1;
            }
            out.push((start, j));
            i = j;
        } else {
            i += 1;
        }
    }
    out
}

/// Names of empty elements `<name .../>`: (start, end) of the name.
fn empty_element_names(data: &[u8]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut i = 0;
    while i + 1 < data.len() && out.len() < 100_000 {
        if data[i] == b'<' && (data[i + 1].is_ascii_alphabetic() || data[i + 1] == b'_') {
            let start = i + 1;
            let mut j = start;
            while j < data.len() && !matches!(data[j], b' ' | b'\t' | b'\r' | b'\n' | b'>' | b'/' | b'<') {
                j += 1;
            }
            // Find the end of the tag and see whether it is self-closing.
            if let Some(k) = data[j..].iter().position(|&c| c == b'>' || c == b'<')
                && data[j + k] == b'>'
                && j + k > 0
                && data[j + k - 1] == b'/'
            {
                out.push((start, j));
            }
            i = j;
        } else {
            i += 1;
        }
    }
    out
}

fn apply_xml_op(data: &mut Vec<u8>, op: &XmlOp, guid_pool: &[String]) {
    match op {
        XmlOp::DeleteRange(p, n) => apply_byte_op(data, &ByteOp::Delete(p.clone(), *n)),
        XmlOp::DuplicateRange(p, n, q) => apply_byte_op(data, &ByteOp::Duplicate(p.clone(), *n, q.clone())),
        XmlOp::Broken(p, i) => apply_byte_op(data, &ByteOp::Insert(p.clone(), BROKEN[*i].as_bytes().to_vec())),
        XmlOp::Element(p, i, g) => {
            let mut el = ELEMENTS[*i].to_string();
            while let Some(at) = el.find("{G}") {
                // Successive placeholders take successive GUIDs, so some references resolve.
                let guid = if guid_pool.is_empty() {
                    "00000000-0000-0000-0000-000000000000".to_string()
                } else {
                    guid_pool[(g.index(guid_pool.len()) + at) % guid_pool.len()].clone()
                };
                el.replace_range(at..at + 3, &guid);
            }
            let at = p.resolve(data);
            data.splice(at..at, el.into_bytes());
        }
        XmlOp::Nest(p, t, depth, closed) => {
            let tag = NEST_TAGS[*t];
            let mut s = format!("<{tag}>").repeat(*depth as usize);
            if *closed {
                s.push_str(&format!("</{tag}>").repeat(*depth as usize));
            }
            let at = p.resolve(data);
            data.splice(at..at, s.into_bytes());
        }
        XmlOp::Number(k, n) => {
            let spans = number_spans(data);
            if !spans.is_empty() {
                let (a, b) = spans[k.index(spans.len())];
                data.splice(a..b, NUMBERS[*n].bytes());
            }
        }
        XmlOp::Rename(k, n) => {
            let spans = empty_element_names(data);
            if !spans.is_empty() {
                let (a, b) = spans[k.index(spans.len())];
                data.splice(a..b, NAMES[*n].bytes());
            }
        }
        XmlOp::Declaration(d) => {
            let end = match data.windows(2).position(|w| w == b"?>") {
                Some(i) if data.starts_with(b"<?xml") => i + 2,
                _ => 0,
            };
            data.splice(0..end, DECLARATIONS[*d].iter().copied());
        }
        XmlOp::Bytes(b) => apply_byte_op(data, b),
    }
}

/// Damage at the level of the archive's table of contents.
#[derive(Clone, Debug)]
enum EntryOp {
    Drop(Index),
    Upper(Index),
    /// Renamed to an unsafe or odd path.
    Rename(Index, usize),
}

const ODD_NAMES: &[&str] =
    &["../evil.xml", "/abs.xml", "C:\\x.xml", "a\\..\\..\\b.xml", "", "dir/", "ünïcödé.xml", "project.QDE"];

fn entry_op() -> impl Strategy<Value = EntryOp> {
    prop_oneof![
        2 => any::<Index>().prop_map(EntryOp::Drop),
        1 => any::<Index>().prop_map(EntryOp::Upper),
        1 => (any::<Index>(), 0..ODD_NAMES.len()).prop_map(|(i, n)| EntryOp::Rename(i, n)),
    ]
}

/// A plan for one damaged copy of a package. It is small and shrinks well; the bytes are
/// derived from it.
#[derive(Clone, Debug)]
struct Plan {
    fixture: Index,
    /// `None`: the main part; `Some(i)`: one of the other XML parts.
    part: Option<Index>,
    xml_ops: Vec<XmlOp>,
    entry_ops: Vec<EntryOp>,
    stored: bool,
    /// Raw damage to the re-zipped archive (lying headers, truncation).
    zip_ops: Vec<ByteOp>,
}

fn plan(max_xml_ops: usize) -> impl Strategy<Value = Plan> {
    (
        any::<Index>(),
        prop_oneof![3 => Just(None), 1 => any::<Index>().prop_map(Some)],
        prop::collection::vec(xml_op(), 1..=max_xml_ops),
        prop_oneof![4 => Just(vec![]), 1 => prop::collection::vec(entry_op(), 1..3)],
        any::<bool>(),
        prop_oneof![4 => Just(vec![]), 1 => prop::collection::vec(byte_op(), 1..3)],
    )
        .prop_map(|(fixture, part, xml_ops, entry_ops, stored, zip_ops)| Plan {
            fixture,
            part,
            xml_ops,
            entry_ops,
            stored,
            zip_ops,
        })
}

fn zip_entries(entries: &[(String, &[u8], bool)]) -> Vec<u8> {
    let mut z = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for (name, data, deflated) in entries {
        let method = if *deflated { zip::CompressionMethod::Deflated } else { zip::CompressionMethod::Stored };
        let opts = zip::write::SimpleFileOptions::default().compression_method(method).compression_level(Some(1));
        // The writer refuses some names (duplicates after renaming); such entries are left out.
        if z.start_file(name.as_str(), opts).is_ok() {
            z.write_all(data).expect("writing to memory");
        }
    }
    z.finish().expect("finishing a zip in memory").into_inner()
}

/// The damaged copy of `pkg` that `plan` describes, and the damaged XML part on its own.
fn build(pkg: &Package, plan: &Plan) -> (Vec<u8>, Vec<u8>) {
    let target = match &plan.part {
        Some(i) if !pkg.others.is_empty() => pkg.others[i.index(pkg.others.len())],
        _ => pkg.main,
    };
    let mut xml = pkg.entries[target].data.clone();
    let pool = guids(&xml);
    for op in &plan.xml_ops {
        apply_xml_op(&mut xml, op, &pool);
    }
    let mut entries: Vec<(String, &[u8], bool)> = pkg
        .entries
        .iter()
        .enumerate()
        .map(|(i, e)| (e.name.clone(), if i == target { &xml[..] } else { &e.data[..] }, e.deflated && !plan.stored))
        .collect();
    for op in &plan.entry_ops {
        if entries.is_empty() {
            break;
        }
        match op {
            EntryOp::Drop(i) => {
                entries.remove(i.index(entries.len()));
            }
            EntryOp::Upper(i) => {
                let k = i.index(entries.len());
                entries[k].0 = entries[k].0.to_ascii_uppercase();
            }
            EntryOp::Rename(i, n) => {
                let k = i.index(entries.len());
                entries[k].0 = ODD_NAMES[*n].to_string();
            }
        }
    }
    let mut zip = zip_entries(&entries);
    for op in &plan.zip_ops {
        apply_byte_op(&mut zip, op);
    }
    (zip, xml)
}

fn ext_of(name: &str) -> &str {
    name.rsplit_once('.').map(|(_, e)| e).unwrap_or("")
}

// =============================================================================================
// 1. Damaged copies of real files
// =============================================================================================

proptest! {
    #![proptest_config(config(384))]

    /// A Word or LibreOffice transcript with damaged bytes: the archive may no longer open, a
    /// part may fail its checksum, a header may lie. Whatever is left, the import answers.
    #[test]
    fn a_transcript_damaged_byte_by_byte_never_crashes_the_importer(
        fixture in any::<Index>(),
        ops in prop::collection::vec(byte_op(), 1..6),
    ) {
        let pkg = &DOCS[fixture.index(DOCS.len())];
        let mut bytes = pkg.bytes.clone();
        for op in &ops {
            apply_byte_op(&mut bytes, op);
        }
        transcript(&pkg.file_name, &bytes)?;
    }
}

proptest! {
    #![proptest_config(config(640))]

    /// A transcript whose XML was damaged inside an intact archive: broken markup, elements in
    /// the wrong place, absurd numbers, deep nesting, DOCTYPEs, missing or renamed parts.
    #[test]
    fn a_transcript_with_damaged_xml_never_crashes_the_importer(plan in plan(6)) {
        let pkg = &DOCS[plan.fixture.index(DOCS.len())];
        let (zip, _) = build(pkg, &plan);
        transcript(&pkg.file_name, &zip)?;
        // The same file under the other package extension takes the other reader's error path.
        let other = if ext_of(&pkg.file_name) == "odt" { "as_docx.docx" } else { "as_odt.odt" };
        transcript(other, &zip)?;
    }
}

proptest! {
    #![proptest_config(config(256))]

    /// A REFI-QDA project with damaged bytes, imported into an empty project and into one that
    /// already holds the undamaged project.
    #[test]
    fn a_refi_project_damaged_byte_by_byte_never_crashes_the_importer(
        fixture in any::<Index>(),
        ops in prop::collection::vec(byte_op(), 1..6),
        merge in any::<bool>(),
    ) {
        let pkg = &PROJECTS[fixture.index(PROJECTS.len())];
        let mut bytes = pkg.bytes.clone();
        for op in &ops {
            apply_byte_op(&mut bytes, op);
        }
        refi(Refi::Qdpx, &bytes, base_project(merge))?;
    }
}

proptest! {
    #![proptest_config(config(640))]

    /// A REFI-QDA project whose project.qde (or a source text) was damaged: the import fails
    /// cleanly, or its edit is consistent with the project it is applied to. The damaged
    /// project.qde is also imported bare, as the importer accepts that leniently.
    #[test]
    fn a_refi_project_with_damaged_xml_never_crashes_the_importer(plan in plan(6), merge in any::<bool>()) {
        let pkg = &PROJECTS[plan.fixture.index(PROJECTS.len())];
        let (zip, xml) = build(pkg, &plan);
        let base = base_project(merge);
        refi(Refi::Qdpx, &zip, base)?;
        if plan.part.is_none() {
            refi(Refi::Qdpx, &xml, base)?;
        }
    }

    /// A codebook (.qdc, as Werkbank writes it) with damaged XML, bare and zipped.
    #[test]
    fn a_damaged_codebook_never_crashes_the_importer(ops in prop::collection::vec(xml_op(), 1..6), merge in any::<bool>()) {
        let mut xml = QDC.clone();
        let pool = guids(&xml);
        for op in &ops {
            apply_xml_op(&mut xml, op, &pool);
        }
        let base = base_project(merge);
        refi(Refi::Qdc, &xml, base)?;
        refi(Refi::Qdc, &zip_entries(&[("codebook.qdc".into(), &xml, true)]), base)?;
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: (cases(256) / 32).max(2), ..config(3) })]

    /// The 2.3 MB NVivo for Mac project (UTF-16 positions, notes, links), damaged: big files
    /// must fail or succeed within the same bound.
    #[test]
    fn the_big_nvivo_project_damaged_never_crashes_the_importer(plan in plan(4)) {
        let big = &*BIG_PROJECT;
        let plan = Plan { part: None, ..plan };
        let (zip, _) = build(big, &plan);
        refi(Refi::Qdpx, &zip, &Project::default())?;
    }
}

// =============================================================================================
// 2. Files that were never documents
// =============================================================================================

/// Every file name a user can hand the importers.
const TRANSCRIPT_NAMES: &[&str] = &["x.txt", "x.md", "x.docx", "x.odt", "X.DOCX", "noext", "x.pdf"];

/// Prefixes that get random bytes past the first check: zip magic, BOMs, an OLE header, XML.
const PREFIXES: &[&[u8]] = &[
    b"",
    b"PK\x03\x04",
    b"PK\x05\x06",
    b"\xEF\xBB\xBF",
    b"\xFF\xFE",
    b"\xFE\xFF",
    b"\xD0\xCF\x11\xE0",
    b"<?xml version=\"1.0\" encoding=\"",
    b"<Project>",
];

proptest! {
    #![proptest_config(config(1024))]

    #[test]
    fn random_bytes_never_crash_any_importer(
        prefix in 0..PREFIXES.len(),
        body in prop::collection::vec(any::<u8>(), 0..2048),
        name in 0..TRANSCRIPT_NAMES.len(),
    ) {
        let mut bytes = PREFIXES[prefix].to_vec();
        bytes.extend_from_slice(&body);
        transcript(TRANSCRIPT_NAMES[name], &bytes)?;
        refi(Refi::Qdpx, &bytes, &Project::default())?;
        refi(Refi::Qdc, &bytes, &Project::default())?;
        let text = String::from_utf8_lossy(&bytes);
        table(&text, &Project::default())?;
        codebook("fuzz.txt", &text)?;
    }

    /// Random text, including control characters, lone CRs, BOMs and astral characters.
    #[test]
    fn random_text_never_crashes_any_importer(s in "(?s)\u{feff}?.{0,400}", name in 0..TRANSCRIPT_NAMES.len()) {
        transcript(TRANSCRIPT_NAMES[name], s.as_bytes())?;
        refi(Refi::Qdpx, s.as_bytes(), &Project::default())?;
        refi(Refi::Qdc, s.as_bytes(), &Project::default())?;
        table(&s, &Project::default())?;
        codebook("fuzz.json", &s)?;
    }
}

/// Tokens of a grammar-less XML soup: every piece the readers care about, in random order.
const XML_TOKENS: &[&str] = &[
    "<w:document>",
    "</w:document>",
    "<w:body>",
    "</w:body>",
    "<w:p>",
    "</w:p>",
    "<w:r>",
    "</w:r>",
    "<w:t>",
    "</w:t>",
    "<w:tbl>",
    "</w:tbl>",
    "<w:tr>",
    "</w:tr>",
    "<w:tc>",
    "</w:tc>",
    "<w:txbxContent>",
    "</w:txbxContent>",
    "<w:del>",
    "</w:del>",
    "<w:vanish/>",
    "<w:tab/>",
    "<w:br/>",
    "<w:footnoteReference w:id=\"1\"/>",
    "<w:fldChar w:fldCharType=\"begin\"/>",
    "<w:fldChar w:fldCharType=\"end\"/>",
    "<w:pPr>",
    "</w:pPr>",
    "<w:rPr>",
    "</w:rPr>",
    "<office:text>",
    "</office:text>",
    "<text:p>",
    "</text:p>",
    "<text:s text:c=\"3\"/>",
    "<text:note>",
    "</text:note>",
    "<text:note-body>",
    "</text:note-body>",
    "<table:table-cell>",
    "</table:table-cell>",
    "<Project>",
    "</Project>",
    "<CodeBook>",
    "</CodeBook>",
    "<Codes>",
    "</Codes>",
    "<Code guid=\"g1\" name=\"A\">",
    "</Code>",
    "<Sources>",
    "</Sources>",
    "<TextSource guid=\"s1\">",
    "</TextSource>",
    "<PlainTextContent>",
    "</PlainTextContent>",
    "<PlainTextSelection startPosition=\"0\" endPosition=\"4\">",
    "</PlainTextSelection>",
    "<Coding>",
    "</Coding>",
    "<CodeRef targetGUID=\"g1\"/>",
    "<Notes>",
    "</Notes>",
    "<Note guid=\"n1\">",
    "</Note>",
    "<NoteRef targetGUID=\"n1\"/>",
    "I: hello",
    "R1: hi",
    "\n",
    "\r\n",
    " ",
    "&amp;",
    "&lt;",
    "&#128512;",
    "&x;",
    "<",
    ">",
    "&",
    "<![CDATA[x]]>",
    "<!-- c -->",
    "<?pi?>",
    "<!DOCTYPE d>",
    "😀",
];

fn xml_soup() -> impl Strategy<Value = String> {
    prop::collection::vec(0..XML_TOKENS.len(), 0..80).prop_map(|ix| ix.iter().map(|&i| XML_TOKENS[i]).collect())
}

proptest! {
    #![proptest_config(config(768))]

    /// XML-shaped nonsense, as a bare REFI project, as a codebook, and as the document part of
    /// an otherwise well-formed .docx and .odt.
    #[test]
    fn xml_soup_never_crashes_any_importer(soup in xml_soup()) {
        let b = soup.as_bytes();
        refi(Refi::Qdpx, b, &Project::default())?;
        refi(Refi::Qdc, b, &Project::default())?;
        let docx = zip_entries(&[("word/document.xml".into(), b, true)]);
        transcript("soup.docx", &docx)?;
        let odt = zip_entries(&[("content.xml".into(), b, false)]);
        transcript("soup.odt", &odt)?;
        let qdpx = zip_entries(&[("project.qde".into(), b, true)]);
        refi(Refi::Qdpx, &qdpx, &Project::default())?;
    }
}

// ---------- respondent tables and codebooks, structure-aware ----------

const CSV_FIELDS: &[&str] = &[
    "",
    " ",
    "R1",
    "R2",
    "r1",
    "Anna",
    "\"quoted, with comma\"",
    "\"unterminated",
    "\"\"",
    "\"a\"\"b\"",
    "42",
    "-7",
    "4,5",
    "3.25",
    "ja",
    "nee",
    "true",
    "2022-03-01",
    "2022-02-30",
    "label",
    "age",
    "\u{feff}",
    "😀",
    ";",
    ",",
    "\t",
    "\r",
    "\u{0}",
];

fn csv_text() -> impl Strategy<Value = String> {
    let field = prop_oneof![4 => (0..CSV_FIELDS.len()).prop_map(|i| CSV_FIELDS[i].to_string()), 1 => "[^\n]{0,8}"];
    let row = prop::collection::vec(field, 0..6);
    (prop::collection::vec(row, 0..8), prop::bool::ANY, prop::bool::ANY).prop_map(|(rows, semi, crlf)| {
        let (sep, eol) = (if semi { ";" } else { "," }, if crlf { "\r\n" } else { "\n" });
        rows.iter().map(|r| r.join(sep)).collect::<Vec<_>>().join(eol)
    })
}

/// A project that already has respondents and typed attributes, for tables that update them.
static RESPONDENTS: LazyLock<Project> = LazyLock::new(|| {
    let mut p = Project::default();
    let edit = werkbank::respondents::import_table(&p, "label;age;role\nR1;42;manager\nAnna;7;\n").unwrap();
    p.apply(&edit).unwrap();
    p
});

proptest! {
    #![proptest_config(config(1024))]

    /// Spreadsheet-shaped tables with quotes, both separators, empty and repeated labels,
    /// values that change an attribute's type: the edit either is refused or applies.
    #[test]
    fn a_respondent_table_never_crashes_and_its_edit_applies(csv in csv_text(), existing in any::<bool>()) {
        let base = if existing { &*RESPONDENTS } else { base_project(false) };
        table(&csv, base)?;
    }
}

/// The shipped JSON codebooks, for mutation.
static CODEBOOKS: LazyLock<Vec<(String, Vec<u8>)>> = LazyLock::new(|| {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("codebooks");
    let mut v: Vec<(String, Vec<u8>)> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .map(|p| (p.file_name().unwrap().to_string_lossy().into_owned(), std::fs::read(&p).unwrap()))
        .collect();
    v.sort();
    v
});

const JSON_BITS: &[&str] = &[
    "{",
    "}",
    "[",
    "]",
    ",",
    ":",
    "\"",
    "\\",
    "\\u0000",
    "\\ud800",
    "null",
    "1e999",
    "-0",
    "{\"name\":\"\"}",
    "\"children\":[",
    "\"kind\":\"bogus\"",
];

proptest! {
    #![proptest_config(config(512))]

    /// The shipped codebooks (JSON, and the same trees re-typed as outline and path lines),
    /// damaged: tests/codebook.rs already throws random text at the parsers; this keeps the
    /// damage close to real codebooks.
    #[test]
    fn a_damaged_codebook_file_never_crashes_the_parser(
        which in any::<Index>(),
        ops in prop::collection::vec(
            prop_oneof![3 => byte_op().prop_map(Err), 2 => (pos(), 0..JSON_BITS.len()).prop_map(Ok)],
            1..6,
        ),
        as_text in 0..3usize,
    ) {
        let (name, json) = &CODEBOOKS[which.index(CODEBOOKS.len())];
        let source: Vec<u8> = match as_text {
            0 => json.clone(),
            n => {
                let cb = werkbank::codebook::parse_json(std::str::from_utf8(json).unwrap()).unwrap();
                if n == 1 { werkbank::codebook::to_outline(&cb.codes) } else { werkbank::codebook::to_path_lines(&cb.codes) }
                    .into_bytes()
            }
        };
        let mut data = source;
        for op in &ops {
            match op {
                Err(b) => apply_byte_op(&mut data, b),
                Ok((p, i)) => apply_byte_op(&mut data, &ByteOp::Insert(p.clone(), JSON_BITS[*i].as_bytes().to_vec())),
            }
        }
        let text = String::from_utf8_lossy(&data);
        let file = if as_text == 0 { name.as_str() } else { "codes.txt" };
        codebook(file, &text)?;
    }
}

// =============================================================================================
// 4. The corpus: small hostile files, each replayed as a plain test
// =============================================================================================

fn corpus_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fuzz_corpus")
}

#[derive(Clone, Copy, Debug, PartialEq)]
enum Expect {
    Err,
    Ok,
    Either,
}

/// Replays one corpus file through the importer its extension names; `.csv` goes to the
/// respondent table, `.qdpx`/`.qde` to the project importer, `.qdc` to the codebook importer.
fn replay(file: &str) -> Result<bool, TestCaseError> {
    let path = corpus_dir().join(file);
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let ok = match ext_of(file).to_ascii_lowercase().as_str() {
        "qdpx" | "qde" => {
            let r = guarded("REFI import", file, &bytes, || import_qdpx(&bytes, &Project::default()))?;
            if let Ok(imp) = &r {
                check_refi(file, &bytes, &Project::default(), imp)?;
            }
            r.is_ok()
        }
        "qdc" => {
            let r = guarded("REFI import", file, &bytes, || import_qdc(&bytes, &Project::default()))?;
            if let Ok(imp) = &r {
                check_refi(file, &bytes, &Project::default(), imp)?;
            }
            r.is_ok()
        }
        "csv" => {
            let text = String::from_utf8_lossy(&bytes);
            table(&text, &Project::default())?;
            werkbank::respondents::import_table(&Project::default(), &text).is_ok()
        }
        _ => {
            let r = guarded("import_bytes", file, &bytes, || import_bytes(file, &bytes))?;
            match &r {
                Ok(t) => check_imported(file, &bytes, t)?,
                Err(ImportError::Internal(m)) => {
                    return Err(TestCaseError::fail(format!("{file}: the importer caught a panic: {m}")));
                }
                Err(_) => {}
            }
            r.is_ok()
        }
    };
    Ok(ok)
}

fn replay_expect(file: &str, expect: Expect) {
    match replay(file) {
        Err(e) => panic!("{e}"),
        Ok(ok) => match expect {
            Expect::Err => assert!(!ok, "{file} should be refused"),
            Expect::Ok => assert!(ok, "{file} should import"),
            Expect::Either => {}
        },
    }
}

macro_rules! corpus {
    ($($test:ident: $file:literal => $expect:ident;)*) => {
        $(
            #[test]
            fn $test() {
                replay_expect($file, Expect::$expect);
            }
        )*

        /// Every corpus file has its own test above (a new crasher must get one).
        #[test]
        fn every_corpus_file_is_replayed_by_a_named_test() {
            let named = [$($file),*];
            let mut missing = Vec::new();
            for e in std::fs::read_dir(corpus_dir()).unwrap() {
                let name = e.unwrap().file_name().to_string_lossy().into_owned();
                if name != "README.md" && !named.contains(&name.as_str()) {
                    missing.push(name);
                }
            }
            assert!(missing.is_empty(), "corpus files without a test: {missing:?}");
        }
    };
}

corpus! {
    corpus_a_deeply_nested_docx_is_refused: "deep_nesting.docx" => Err;
    corpus_an_entity_bomb_in_a_docx_is_refused: "entity_bomb.docx" => Err;
    corpus_an_entity_bomb_in_an_odt_is_refused: "entity_bomb.odt" => Err;
    corpus_a_zip_whose_header_lies_about_sizes_is_refused: "lying_header.docx" => Err;
    corpus_a_zip_whose_header_lies_about_the_entry_count_is_refused: "lying_entry_count.docx" => Err;
    corpus_a_truncated_docx_is_refused: "truncated.docx" => Err;
    corpus_cells_and_notes_outside_their_tables_still_import: "stray_cells_and_notes.docx" => Ok;
    corpus_an_odt_space_repeat_of_a_billion_is_capped: "huge_space_repeat.odt" => Ok;
    corpus_a_deeply_nested_refi_project_is_refused: "deep_nesting.qde" => Err;
    corpus_an_entity_bomb_in_a_refi_project_is_refused: "entity_bomb.qdpx" => Err;
    corpus_a_refi_project_with_path_traversal_is_refused: "path_traversal.qdpx" => Err;
    corpus_refi_selections_with_absurd_positions_are_skipped: "absurd_positions.qde" => Ok;
    corpus_a_non_utf8_declaration_with_a_multibyte_quote_is_refused: "encoding_multibyte_quote.qde" => Err;
    corpus_a_codebook_with_a_latin1_encoding_quote_does_not_panic: "encoding_multibyte_quote.qdc" => Either;
    corpus_a_respondent_table_with_a_repeated_label_is_refused: "repeated_label.csv" => Err;
    corpus_a_respondent_table_with_nameless_columns_imports: "nameless_columns.csv" => Ok;
    corpus_a_respondent_table_with_a_repeated_column_is_refused: "repeated_column.csv" => Err;
}

// ---------- generating the corpus ----------

/// Writes the generated part of the corpus. Run after changing a generator:
/// `cargo test --test fuzz -- --ignored regenerate_corpus`. Minimised crashers are added by
/// hand (copy the saved file from the temp directory) and keep their names.
#[test]
#[ignore]
fn regenerate_corpus() {
    let dir = corpus_dir();
    std::fs::create_dir_all(&dir).unwrap();
    let put = |name: &str, bytes: &[u8]| std::fs::write(dir.join(name), bytes).unwrap();
    let docx = |body: &str| {
        let doc = format!(
            "<?xml version=\"1.0\"?><w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body>{body}</w:body></w:document>"
        );
        zip_entries(&[("word/document.xml".into(), doc.as_bytes(), true)])
    };
    let odt = |body: &str| {
        let doc = format!(
            "<?xml version=\"1.0\"?><office:document-content xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\" xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\"><office:body><office:text>{body}</office:text></office:body></office:document-content>"
        );
        zip_entries(&[("content.xml".into(), doc.as_bytes(), true)])
    };
    let bomb_decl = "<!DOCTYPE lolz [<!ENTITY lol \"lol\"><!ENTITY lol1 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\"><!ENTITY lol2 \"&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;\"><!ENTITY lol3 \"&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;\">]>";

    put("deep_nesting.docx", &docx(&format!("{}{}", "<w:p>".repeat(10_000), "</w:p>".repeat(10_000))));
    let bomb = format!(
        "<?xml version=\"1.0\"?>{bomb_decl}<w:document xmlns:w=\"x\"><w:body><w:p><w:r><w:t>&lol3;</w:t></w:r></w:p></w:body></w:document>"
    );
    put("entity_bomb.docx", &zip_entries(&[("word/document.xml".into(), bomb.as_bytes(), true)]));
    let bomb = format!(
        "<?xml version=\"1.0\"?>{bomb_decl}<office:document-content xmlns:office=\"x\"><text:p xmlns:text=\"y\">&lol3;</text:p></office:document-content>"
    );
    put("entity_bomb.odt", &zip_entries(&[("content.xml".into(), bomb.as_bytes(), true)]));

    // A local and central header that claim 4 GiB for a 200-byte part.
    let mut lying = docx("<w:p><w:r><w:t>I: small</w:t></w:r></w:p>");
    patch_sizes(&mut lying, 0xFFFF_FFF0);
    put("lying_header.docx", &lying);
    // An end-of-central-directory record that claims 65535 entries.
    let mut lying = docx("<w:p><w:r><w:t>I: small</w:t></w:r></w:p>");
    let eocd = lying.windows(4).rposition(|w| w == b"PK\x05\x06").unwrap();
    lying[eocd + 8..eocd + 12].copy_from_slice(&[0xFF, 0xFF, 0xFF, 0xFF]);
    put("lying_entry_count.docx", &lying);
    let mut truncated = DOCS[0].bytes.clone();
    truncated.truncate(truncated.len() * 2 / 3);
    put("truncated.docx", &truncated);

    put(
        "stray_cells_and_notes.docx",
        &docx(
            "<w:tc><w:p><w:r><w:t>I: cell without table</w:t></w:r></w:p></w:tc><w:tr/><w:p><w:r><w:footnoteReference w:id=\"7\"/><w:fldChar w:fldCharType=\"begin\"/><w:t>R1: after an unclosed field</w:t></w:r></w:p><w:tbl><w:p><w:r><w:t>para directly in a table</w:t></w:r></w:p></w:tbl><w:txbxContent><w:txbxContent><w:p><w:r><w:t>box in box</w:t></w:r></w:p></w:txbxContent></w:txbxContent>",
        ),
    );
    put(
        "huge_space_repeat.odt",
        &odt(
            "<text:p>I:<text:s text:c=\"1000000000\"/>a<text:s text:c=\"-1\"/>b<text:s text:c=\"99999999999999999999999\"/></text:p><text:note-body><text:p>stray</text:p></text:note-body>",
        ),
    );

    put("deep_nesting.qde", format!("<Project>{}", "<Codes><Code name=\"x\">".repeat(5000)).as_bytes());
    let bomb = format!(
        "<?xml version=\"1.0\"?>{bomb_decl}<Project><Notes><Note><PlainTextContent>&lol3;</PlainTextContent></Note></Notes></Project>"
    );
    put("entity_bomb.qdpx", &zip_entries(&[("project.qde".into(), bomb.as_bytes(), true)]));
    put(
        "path_traversal.qdpx",
        &zip_entries(&[
            (
                "project.qde".into(),
                b"<Project><Sources><TextSource plainTextPath=\"internal://../../etc/passwd\"/></Sources></Project>",
                true,
            ),
            ("sources/ok.txt".into(), b"I: hello", true),
        ]),
    );
    put(
        "absurd_positions.qde",
        "<Project><Users><User guid=\"u\" name=\"Fuzz\"/></Users><CodeBook><Codes><Code guid=\"c\" name=\"A\"/></Codes></CodeBook><Sources><TextSource guid=\"s\" name=\"t\"><PlainTextContent>I: a\r\nb😀c\rd</PlainTextContent><PlainTextSelection guid=\"p1\" startPosition=\"18446744073709551615\" endPosition=\"2\"><Coding guid=\"k1\"><CodeRef targetGUID=\"c\"/></Coding></PlainTextSelection><PlainTextSelection guid=\"p2\" startPosition=\"-5\" endPosition=\"3\"><Coding guid=\"k2\"><CodeRef targetGUID=\"c\"/></Coding></PlainTextSelection><PlainTextSelection guid=\"p3\" startPosition=\"4\" endPosition=\"5\"><Coding guid=\"k3\"><CodeRef targetGUID=\"c\"/></Coding></PlainTextSelection><PlainTextSelection guid=\"p4\" startPosition=\"1\" endPosition=\"12\"><Coding guid=\"k4\"><CodeRef targetGUID=\"c\"/></Coding></PlainTextSelection></TextSource></Sources></Project>"
            .as_bytes(),
    );
    // Crasher found by the damaged-XML properties (shrunk to `Declaration(8)`), minimised by
    // hand: not UTF-8, and `encoding=` followed by a multi-byte character. It panicked in
    // refi::xml::decode_xml_bytes until 28c1492.
    put("encoding_multibyte_quote.qde", b"<?xml version=\"1.0\" encoding=\xC3\xA9x\xC3\xA9?>\xFF<Project/>");
    put("encoding_multibyte_quote.qdc", b"<?xml version=\"1.0\" encoding=\xE9?><CodeBook/>");
    // Found by the respondent-table property: edits that did not apply until 4330372.
    put("repeated_label.csv", b"label;age\nR1;42\nR2;30\nR1;43\n");
    put("nameless_columns.csv", b"label,,age,\nR1,,42,\nR2,x,30,\n");
    put("repeated_column.csv", b"label,age,age\nR1,42,43\n");
}

/// Sets the compressed and uncompressed sizes of every local and central header.
fn patch_sizes(zip: &mut [u8], size: u32) {
    let mut i = 0;
    while i + 46 <= zip.len() {
        if &zip[i..i + 4] == b"PK\x03\x04" {
            zip[i + 22..i + 26].copy_from_slice(&size.to_le_bytes());
        } else if &zip[i..i + 4] == b"PK\x01\x02" {
            zip[i + 24..i + 28].copy_from_slice(&size.to_le_bytes());
        }
        i += 1;
    }
}
