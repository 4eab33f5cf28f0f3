//! The fonts Werkbank carries for scripts a desktop may lack (see `src/ui/fonts.rs` for when the
//! app uses them, and README.md): Noto Sans Arabic (with the Arabic presentation forms), Hebrew,
//! Devanagari and Thai, Regular only; and Noto Sans Regular and Bold, the face PNG charts are
//! drawn in, so a chart's bold heading is bold on every machine (egui's Ubuntu has no bold face).
//! SIL Open Font License (`assets/fonts/OFL.txt`). One table for the app's font fallback and the
//! chart rasteriser.

/// The bundled fallbacks: (family, file).
pub const BUNDLED: [(&str, &[u8]); 4] = [
    ("Noto Sans Arabic", include_bytes!("../assets/fonts/NotoSansArabic-Regular.ttf")),
    ("Noto Sans Hebrew", include_bytes!("../assets/fonts/NotoSansHebrew-Regular.ttf")),
    ("Noto Sans Devanagari", include_bytes!("../assets/fonts/NotoSansDevanagari-Regular.ttf")),
    ("Noto Sans Thai", include_bytes!("../assets/fonts/NotoSansThai-Regular.ttf")),
];

/// The family PNG charts are drawn in, and its regular and bold faces.
pub const CHART_FAMILY: &str = "Noto Sans";
pub const CHART_FACES: [&[u8]; 2] =
    [include_bytes!("../assets/fonts/NotoSans-Regular.ttf"), include_bytes!("../assets/fonts/NotoSans-Bold.ttf")];

/// The bundled font with a glyph for `c`: (family, file).
pub fn bundled(c: char) -> Option<(&'static str, &'static [u8])> {
    BUNDLED.iter().copied().find(|(_, data)| covers(data, 0, c))
}

/// Whether face `index` of the font file `data` has a glyph for `c`.
pub fn covers(data: &[u8], index: u32, c: char) -> bool {
    use skrifa::MetadataProvider as _;
    skrifa::FontRef::from_index(data, index).is_ok_and(|font| font.charmap().map(c).is_some())
}
