//! Prints what the importer makes of a file: `cargo run --example dump_import FILE...`.
fn main() {
    for f in std::env::args().skip(1) {
        match werkbank::import::import_path(std::path::Path::new(&f)) {
            Ok(t) => {
                println!("===== {f}: {} chars, {} turns, warnings {:?}", t.text.chars().count(), t.turns.len(), t.warnings);
                println!("{}", t.text);
            }
            Err(e) => println!("===== {f}: ERROR {e}"),
        }
    }
}
