//! SVG to PNG, for charts people paste into a thesis as a picture.
//!
//! Charts are drawn once, as SVG; PNG is that SVG rasterised by resvg with the bundled Noto Sans,
//! regular and bold, first (so Latin, Greek and Cyrillic labels and bold headings look the same on
//! every machine), then the system's fonts for labels in other scripts (Arabic, Hebrew, Chinese, Hindi code names), which
//! resvg picks per character and shapes, right to left where the label reads so. The system font
//! list is read once per run.

use thiserror::Error;

#[derive(Debug, Error)]
pub enum RasterError {
    #[error("the chart could not be read as SVG: {0}")]
    Svg(String),
    #[error("the chart is too large to rasterise ({0} x {1} pixels)")]
    TooLarge(u32, u32),
    #[error("PNG encoding failed: {0}")]
    Png(String),
}

/// Renders `svg` at `scale` (2.0 gives print resolution for a 96-dpi layout) to PNG bytes on a
/// white background.
pub fn svg_to_png(svg: &str, scale: f32) -> Result<Vec<u8>, RasterError> {
    static FONTS: std::sync::OnceLock<std::sync::Arc<resvg::usvg::fontdb::Database>> = std::sync::OnceLock::new();
    let fontdb = FONTS
        .get_or_init(|| {
            let mut db = resvg::usvg::fontdb::Database::new();
            for face in crate::bundled_fonts::CHART_FACES {
                db.load_font_data(face.to_vec());
            }
            db.load_font_data(epaint_default_fonts::HACK_REGULAR.to_vec());
            db.load_system_fonts();
            // The app's bundled fallbacks, for machines without fonts for these scripts.
            for (_, data) in crate::bundled_fonts::BUNDLED {
                db.load_font_data(data.to_vec());
            }
            db.set_sans_serif_family(crate::bundled_fonts::CHART_FAMILY);
            db.set_monospace_family("Hack");
            std::sync::Arc::new(db)
        })
        .clone();
    let opt =
        resvg::usvg::Options { fontdb, font_family: crate::bundled_fonts::CHART_FAMILY.into(), ..Default::default() };
    let tree = resvg::usvg::Tree::from_str(svg, &opt).map_err(|e| RasterError::Svg(e.to_string()))?;
    let size = tree.size();
    let (w, h) = ((size.width() * scale).ceil() as u32, (size.height() * scale).ceil() as u32);
    if w == 0 || h == 0 || (w as u64) * (h as u64) > 64_000_000 {
        return Err(RasterError::TooLarge(w, h));
    }
    let mut pixmap = resvg::tiny_skia::Pixmap::new(w, h).ok_or(RasterError::TooLarge(w, h))?;
    pixmap.fill(resvg::tiny_skia::Color::WHITE);
    resvg::render(&tree, resvg::tiny_skia::Transform::from_scale(scale, scale), &mut pixmap.as_mut());
    pixmap.encode_png().map_err(|e| RasterError::Png(e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bar_with_a_label_becomes_a_png_with_ink_in_both() {
        let svg = r##"<svg xmlns="http://www.w3.org/2000/svg" width="200" height="60">
            <rect x="10" y="10" width="120" height="20" fill="#1f77b4"/>
            <text x="10" y="50" font-size="14" font-family="sans-serif">Vertrouwen é</text></svg>"##;
        let png = svg_to_png(svg, 1.0).unwrap();
        assert_eq!(&png[1..4], b"PNG");
        let img = resvg::tiny_skia::Pixmap::decode_png(&png).unwrap();
        assert_eq!((img.width(), img.height()), (200, 60));
        let px = |x: u32, y: u32| img.pixel(x, y).unwrap();
        assert_eq!((px(50, 20).red(), px(50, 20).green(), px(50, 20).blue()), (0x1f, 0x77, 0xb4));
        // The label was drawn: some dark pixels in the text row.
        let dark = (0..200).flat_map(|x| (36..56).map(move |y| (x, y))).filter(|&(x, y)| px(x, y).red() < 128).count();
        assert!(dark > 30, "text not rendered ({dark} dark pixels)");
        assert!(svg_to_png("<svg", 1.0).is_err());
    }

    /// A chart's heading is bold in the picture as in the SVG: drawn in a bold face, with
    /// clearly more ink than the same words in the regular face (a font list without a bold face
    /// drew both alike).
    #[test]
    fn a_bold_heading_is_drawn_bolder_than_the_regular_text_of_the_same_words() {
        let ink = |weight: &str| {
            let svg = format!(
                r##"<svg xmlns="http://www.w3.org/2000/svg" width="360" height="40">
                <text x="10" y="28" font-size="16" font-weight="{weight}" font-family="Calibri, Arial, sans-serif">Coderingen per code en codeur</text></svg>"##
            );
            let img = resvg::tiny_skia::Pixmap::decode_png(&svg_to_png(&svg, 1.0).unwrap()).unwrap();
            img.pixels().iter().map(|p| 255 - u32::from(p.red())).sum::<u32>()
        };
        let (regular, bold) = (ink("normal"), ink("bold"));
        assert!(bold * 10 > regular * 13, "bold {bold} vs regular {regular}: the heading is not bold");
    }

    /// Labels in Arabic, Hebrew, Chinese and Hindi are drawn with real glyphs (CI installs the
    /// system fonts; see .ci/run), not as the empty boxes of a font without them: each differs
    /// from a label of as many characters no font has.
    #[test]
    fn labels_in_every_script_of_the_test_transcript_get_their_glyphs() {
        let png = |label: &str| {
            let svg = format!(
                r##"<svg xmlns="http://www.w3.org/2000/svg" width="240" height="40">
                <text x="10" y="28" font-size="18" font-family="Calibri, Arial, sans-serif">{label}</text></svg>"##
            );
            resvg::tiny_skia::Pixmap::decode_png(&svg_to_png(&svg, 1.0).unwrap()).unwrap()
        };
        for label in ["الخدمات", "השירות", "数字化服务", "डिजिटल"] {
            let img = png(label);
            let boxes = png(&"\u{10FFFD}".repeat(label.chars().count()));
            let dark = img.pixels().iter().filter(|p| p.red() < 128).count();
            assert!(dark > 40, "{label:?} not drawn ({dark} dark pixels)");
            assert!(img.data() != boxes.data(), "{label:?} drawn as empty boxes");
        }
    }
}
