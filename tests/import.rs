//! Importing transcripts: every real fixture gives the text a reader of the document sees, and
//! hostile or broken files give a clear error quickly, never a panic.

use std::io::Write;
use werkbank::import::{ImportError, detect_speakers, import_bytes, import_path};

fn fixture(rel: &str) -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/fixtures").join(rel)
}

fn text_of(rel: &str) -> String {
    import_path(&fixture(rel)).unwrap_or_else(|e| panic!("{rel}: {e}")).text
}

#[test]
fn word_documents_give_the_visible_accepted_body_text() {
    let cases: &[(&str, &str)] = &[
        ("docxrs_bom.docx", "Hello\n"),
        // Deleted text inside an insertion is gone, the comment anchored there too.
        ("docxrs_comment_in_delete_in_insert.docx", ""),
        // Tracked changes accepted: insertions kept, the nested deletion " DelText " dropped;
        // runs "“", "E" and "Wold" join without spaces.
        ("docxrs_del_in_ins.docx", "Hello “EWold\n"),
        // Only page breaks in the body; the three headers must not leak in.
        ("docxrs_first_even_header.docx", ""),
        ("docxrs_footnotes.docx", "Hello[1]\n\n[Notes]\n[1] World\n"),
        ("docxrs_header_footer.docx", ""),
        ("docxrs_hidden.docx", "Hello World\n"),
        ("docxrs_history.docx", "Warld\n"),
        ("docxrs_multi_paragraph_comment.docx", "comment test\n\nHello\nWorld\n\nHello\n"),
        ("docxrs_nested_comments.docx", "Hello\n"),
        // "H" + "ello" in a nested table cell: joined, no space.
        ("docxrs_nested_table.docx", "Hello\n"),
        ("docxrs_table_merged.docx", ""),
        // The text box is written twice (DrawingML + VML fallback) and read once.
        ("docxrs_textbox.docx", "Hello\n"),
        ("mammoth_comments.docx", "Ouch.\n"),
        ("mammoth_endnotes.docx", "Ouch[1].[2]\n\n[Notes]\n[1] A tachyon walks into a bar.\n[2] Fin.\n"),
        ("mammoth_footnotes.docx", "Ouch[1].[2]\n\n[Notes]\n[1] A tachyon walks into a bar.\n[2] Fin.\n"),
        ("mammoth_simple-list.docx", "Apple\nBanana\n"),
        // ISO Strict namespaces (purl.oclc.org) read like transitional ones.
        ("mammoth_strict-format.docx", "Test\n"),
        ("mammoth_tables.docx", "Above\nTop left\tTop right\nBottom left\tBottom right\nBelow\n"),
        ("mammoth_text-box.docx", "Datum plane\n"),
        ("mammoth_utf8-bom.docx", "This XML has a byte order mark.\n"),
    ];
    for (file, expected) in cases {
        assert_eq!(&text_of(&format!("docx/{file}")), expected, "{file}");
    }
}

#[test]
fn headers_footers_comments_and_hidden_text_never_leak() {
    let all: String = std::fs::read_dir(fixture("docx"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "docx"))
        .map(|p| import_path(&p).unwrap().text)
        .collect();
    for leaked in ["Hello Header", "Hello Footer", "EvenHeader", "FirstHeader", "Hidden", "DelText", "Aaaaaa", "H ello"] {
        assert!(!all.contains(leaked), "'{leaked}' leaked into a transcript");
    }
}

#[test]
fn a_document_whose_main_part_is_not_document_xml_is_found_through_its_relationships() {
    // Rebuild a real fixture with the main part renamed to word/document2.xml.
    let src = std::fs::read(fixture("docx/mammoth_tables.docx")).unwrap();
    let mut zin = zip::ZipArchive::new(std::io::Cursor::new(src)).unwrap();
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for i in 0..zin.len() {
        let mut f = zin.by_index(i).unwrap();
        let mut data = Vec::new();
        std::io::Read::read_to_end(&mut f, &mut data).unwrap();
        let name = f.name().replace("word/document.xml", "word/document2.xml").replace("word/_rels/document.xml.rels", "word/_rels/document2.xml.rels");
        if name == "_rels/.rels" || name == "[Content_Types].xml" {
            data = String::from_utf8(data).unwrap().replace("document.xml", "document2.xml").into_bytes();
        }
        out.start_file(name, zip::write::SimpleFileOptions::default()).unwrap();
        out.write_all(&data).unwrap();
    }
    let bytes = out.finish().unwrap().into_inner();
    let t = import_bytes("renamed.docx", &bytes).unwrap();
    assert!(t.text.starts_with("Above\nTop left\tTop right\n"), "{}", t.text);
}

#[test]
fn opendocument_and_short_interview_answers() {
    let odt = text_of("docx/qualcoder_ID2.odt");
    assert!(odt.starts_with("I have not studied much before, but my father Joe Bloggs really encouraged me"));
    assert!(odt.contains("The course cost €200.00 and I do not want to waste my money.\n"));
    assert_eq!(odt.lines().count(), 3);
    let docx = text_of("docx/qualcoder_ID1.docx");
    assert!(docx.starts_with("I really like learning new things."));
    assert!(docx.ends_with("I'm happy to pay €200.\n"));
}

#[test]
fn a_focus_group_with_bracket_tags_has_seven_turns() {
    let t = import_path(&fixture("transcripts/qualcoder_focusgroup_transcript.txt")).unwrap();
    let speakers: Vec<&str> = t.turns.iter().map(|t| t.speaker.as_str()).collect();
    assert_eq!(speakers, ["id1", "id2", "id3", "id1", "id3", "id1", "id2"]);
    let first = &t.turns[0];
    let s: String = t.text.chars().skip(first.start).take(first.end - first.start).collect();
    assert!(s.starts_with("[id1] hello, I like the course.") && s.ends_with("in the past."), "{s}");
}

#[test]
fn text_files_in_any_common_encoding_read_the_same() {
    let expected = "I: Hoe gaat het?\nR1: Goed, één café — ’s avonds.\n";
    let crlf = expected.replace('\n', "\r\n");
    let utf16le: Vec<u8> = [0xFF, 0xFE].into_iter().chain(crlf.encode_utf16().flat_map(u16::to_le_bytes)).collect();
    let utf16be: Vec<u8> = [0xFE, 0xFF].into_iter().chain(crlf.encode_utf16().flat_map(u16::to_be_bytes)).collect();
    let utf16le_nobom: Vec<u8> = crlf.encode_utf16().flat_map(u16::to_le_bytes).collect();
    let (cp1252, _, _) = encoding_rs::WINDOWS_1252.encode(&crlf);
    let bom: Vec<u8> = b"\xEF\xBB\xBF".iter().copied().chain(crlf.bytes()).collect();
    for (what, bytes) in [
        ("utf-8", crlf.as_bytes().to_vec()),
        ("utf-8 bom", bom),
        ("utf-16le", utf16le),
        ("utf-16be", utf16be),
        ("utf-16le without bom", utf16le_nobom),
        ("windows-1252", cp1252.into_owned()),
    ] {
        let t = import_bytes("r1.txt", &bytes).unwrap_or_else(|e| panic!("{what}: {e}"));
        assert_eq!(t.text, expected, "{what}");
        assert_eq!(t.turns.len(), 2, "{what}");
    }
    let w = import_bytes("r1.txt", &encoding_rs::WINDOWS_1252.encode(expected).0).unwrap().warnings;
    assert!(w.iter().any(|w| w.contains("Windows-1252")), "{w:?}");
}

#[test]
fn markdown_keeps_words_and_drops_markup() {
    let t = import_bytes("r.md", "# Interview R2\n\n**I:** Wat vindt u?\nR2: __Heel__ belangrijk.\n".as_bytes()).unwrap();
    assert_eq!(t.text, "Interview R2\n\nI: Wat vindt u?\nR2: Heel belangrijk.\n");
    assert_eq!(detect_speakers(&t.text).len(), 2);
}

fn assert_refused(name: &str, bytes: &[u8], what: &str) {
    let started = std::time::Instant::now();
    let r = std::panic::catch_unwind(|| import_bytes(name, bytes));
    let r = r.unwrap_or_else(|_| panic!("{what}: panicked"));
    assert!(r.is_err(), "{what}: accepted");
    assert!(started.elapsed().as_secs() < 20, "{what}: took {:?}", started.elapsed());
    assert!(!r.unwrap_err().to_string().is_empty());
}

fn zip_with(entries: &[(&str, &[u8])], method: zip::CompressionMethod) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (name, data) in entries {
        w.start_file(*name, zip::write::SimpleFileOptions::default().compression_method(method)).unwrap();
        w.write_all(data).unwrap();
    }
    w.finish().unwrap().into_inner()
}

#[test]
fn hostile_and_broken_files_are_refused_quickly_without_panicking() {
    let real = std::fs::read(fixture("docx/mammoth_tables.docx")).unwrap();
    assert_refused("x.docx", b"", "empty file");
    assert_refused("x.docx", &(0..50_000u32).map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8).collect::<Vec<_>>(), "random bytes");
    assert_refused("x.docx", &real[..real.len() / 2], "truncated zip");
    assert_refused("x.odt", b"PK\x03\x04garbage", "corrupt odt");
    assert_refused("x.pdf", b"%PDF-1.7", "unknown format");
    // Flip bytes in the middle of every compressed stream.
    let mut corrupt = real.clone();
    for i in (200..corrupt.len() - 200).step_by(97) {
        corrupt[i] ^= 0x5A;
    }
    assert_refused("x.docx", &corrupt, "corrupt deflate stream");
    // A zip bomb: 200 MiB of zeros compress to ~200 KiB.
    let zeros = vec![b'<'; 200 * 1024 * 1024];
    let bomb = zip_with(&[("word/document.xml", &zeros)], zip::CompressionMethod::Deflated);
    drop(zeros);
    assert!(bomb.len() < 1024 * 1024);
    assert_refused("bomb.docx", &bomb, "zip bomb");
    // Billion laughs: entity declarations are refused outright.
    let laughs = br#"<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]><w:document xmlns:w="x"><w:body><w:p><w:r><w:t>&lol2;</w:t></w:r></w:p></w:body></w:document>"#;
    let evil = zip_with(&[("word/document.xml", laughs)], zip::CompressionMethod::Deflated);
    let err = import_bytes("evil.docx", &evil).unwrap_err();
    assert!(matches!(err, ImportError::Doctype), "{err}");
    // A docx without a body part.
    let empty = zip_with(&[("hello.txt", b"hi")], zip::CompressionMethod::Stored);
    assert!(import_bytes("x.docx", &empty).unwrap_err().to_string().contains("word/document.xml"));
    // Binary data named .txt.
    assert_refused("x.txt", &[0u8, 1, 2, 3, 0, 0, 7, 8, 0, 255, 254, 0, 3, 3, 3, 3, 0, 1, 0, 0, 0], "binary .txt");
}

#[test]
fn files_over_the_size_limit_are_refused_before_reading() {
    let dir = tempfile::tempdir().unwrap();
    let big = dir.path().join("huge.txt");
    let f = std::fs::File::create(&big).unwrap();
    f.set_len(2 * 1024 * 1024 * 1024).unwrap(); // a sparse 2 GB file
    let started = std::time::Instant::now();
    let err = import_path(&big).unwrap_err();
    assert!(matches!(err, ImportError::TooLarge { .. }), "{err}");
    assert!(started.elapsed().as_millis() < 1000);
}
