//! Glyphs for every script an interview may be in. egui bundles fonts for Latin, Greek and
//! Cyrillic only, so Arabic, Hebrew, Chinese, Hindi or Thai would show as empty boxes. egui 0.37
//! shapes text itself (harfrust) and asks a [`FontProvider`] for a font when no installed font has
//! a character; this provider answers from the system's fonts, found with `fontdb` (pure Rust,
//! reads fontconfig's configuration on Linux and the platform font folders on Windows/macOS) and
//! checked with `skrifa` (egui's own font reader) to really hold the character.
//!
//! The font list is read once, on a background thread started with the app, so the first
//! Arabic line does not wait for the disk; each font found is added to the fallback chain once.
//!
//! When the system has no font for a character, small **bundled** fonts answer: Noto Sans
//! Arabic (with the presentation forms the transcript's right-to-left layout draws), Hebrew,
//! Devanagari and Thai, about 540 KB together (`assets/fonts/`, SIL OFL). Windows and macOS have
//! fonts for all of these; a minimal Linux desktop often has only DejaVu (no Devanagari, no
//! Thai). Chinese, Japanese and Korean fonts are several megabytes each and every desktop that
//! is set up for those languages has one, so they come from the system only.

use crate::bundled_fonts::{bundled, covers};
use egui::epaint::text::{FallbackRequest, FontData, FontInsert, FontPriority, FontProvider, InsertFontFamily};
use std::sync::{Arc, OnceLock};

#[derive(Default)]
pub struct SystemFonts {
    db: OnceLock<fontdb::Database>,
}

impl SystemFonts {
    /// A provider whose font list is read in the background right away.
    pub fn start() -> Arc<Self> {
        let fonts = Arc::new(SystemFonts::default());
        let warm = Arc::clone(&fonts);
        std::thread::spawn(move || {
            warm.database();
        });
        fonts
    }

    /// A provider that knows no system fonts (only the bundled ones answer).
    pub fn without_system_fonts() -> Self {
        let fonts = SystemFonts::default();
        let _ = fonts.db.set(fontdb::Database::new());
        fonts
    }

    fn database(&self) -> &fontdb::Database {
        self.db.get_or_init(|| {
            let mut db = fontdb::Database::new();
            db.load_system_fonts();
            db
        })
    }

    /// The best system font with a glyph for `c`, as (family name, file bytes, face index).
    pub fn find(&self, c: char) -> Option<(String, Vec<u8>, u32)> {
        let db = self.database();
        let mut faces: Vec<&fontdb::FaceInfo> = db.faces().collect();
        faces.sort_by_key(|f| rank(f));
        faces.into_iter().find_map(|f| {
            db.with_face_data(f.id, |data, index| covers(data, index, c).then(|| (data.to_vec(), index))).flatten().map(
                |(bytes, index)| {
                    let family = f.families.first().map_or_else(|| f.post_script_name.clone(), |(n, _)| n.clone());
                    (family, bytes, index)
                },
            )
        })
    }
}

/// Upright regular sans-serif text faces first; symbol, emoji, maths and monospaced faces last;
/// a face named "Sans" before other styles of the same family (Noto Sans Hebrew, not Noto Rashi
/// Hebrew, a cursive commentary script).
fn rank(f: &fontdb::FaceInfo) -> (u8, u8, bool, u16, String) {
    let name = f.families.first().map_or("", |(n, _)| n.as_str()).to_lowercase();
    let special = ["emoji", "math", "symbol", "mono", "code", "dingbat", "music"].iter().any(|s| name.contains(s));
    let style = u8::from(f.style != fontdb::Style::Normal) + u8::from(special) * 2;
    let serif = u8::from(name.contains("serif") && !name.contains("sans")) + u8::from(!name.contains("noto"));
    (style, serif, !name.contains("sans"), f.weight.0.abs_diff(400), name)
}

impl FontProvider for SystemFonts {
    fn font_for(&self, request: &FallbackRequest<'_>) -> Option<FontInsert> {
        let c = request.cluster.chars().next()?;
        let (name, bytes, index) = match self.find(c) {
            Some((family, bytes, index)) => (format!("{family} (system, face {index})"), bytes, index),
            None => bundled(c).map(|(family, data)| (format!("{family} (bundled)"), data.to_vec(), 0))?,
        };
        let mut data = FontData::from_owned(bytes);
        data.index = index;
        Some(FontInsert {
            name,
            data,
            families: vec![InsertFontFamily { family: request.family.clone(), priority: FontPriority::Lowest }],
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The scripts of the multilingual test transcript each get a real font (CI installs
    /// fonts-noto-core and fonts-wqy-microhei; a desktop has its own).
    #[test]
    fn every_script_of_the_test_transcript_finds_a_font() {
        let fonts = SystemFonts::default();
        for (script, c) in [("Arabic", 'ع'), ("Hebrew", 'ש'), ("Chinese", '中'), ("Devanagari", 'क'), ("Thai", 'ก')]
        {
            let (family, bytes, index) = fonts.find(c).unwrap_or_else(|| panic!("no system font for {script}"));
            assert!(covers(&bytes, index, c), "{family} claims {script} but has no glyph");
        }
        assert!(fonts.find('\u{10FFFD}').is_none(), "a private-use character no font has");
        // Plain text faces, not a commentary script: Hebrew in Noto Sans Hebrew, not Noto Rashi.
        let (family, _, _) = fonts.find('ש').unwrap();
        assert!(!family.contains("Rashi"), "Hebrew drawn in {family}");
    }

    /// With no system fonts at all, Arabic (and the presentation forms the right-to-left layout
    /// draws), Hebrew, Hindi and Thai still get glyphs from the bundled fonts; Chinese does not
    /// (system fonts only, see the module's documentation).
    #[test]
    fn bundled_fonts_answer_when_the_system_has_none() {
        let fonts = SystemFonts::without_system_fonts();
        assert!(fonts.find('ع').is_none());
        for c in ['ع', '\u{FEFB}', '\u{FE94}', 'پ', 'ש', 'क', 'ก'] {
            let (family, data) = bundled(c).unwrap_or_else(|| panic!("no bundled font for {c:?}"));
            assert!(covers(data, 0, c), "{family}");
        }
        assert!(bundled('中').is_none());
        // The provider egui asks hands out the bundled font.
        let family = egui::FontFamily::Proportional;
        let insert = fonts.font_for(&FallbackRequest { cluster: "ש", family: &family }).expect("a font for Hebrew");
        assert_eq!(insert.name, "Noto Sans Hebrew (bundled)");
        assert!(fonts.font_for(&FallbackRequest { cluster: "中", family: &family }).is_none());
    }
}
