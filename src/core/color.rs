//! Code colours: one type, one parser and one palette for the whole application.
//!
//! The model holds a code's colour as a [`Color`], so no code can carry a colour nobody can
//! paint. At the edges it is text: the store and JSON codebooks write `#rrggbb` in lower case
//! ([`Color::hex`]; serde writes the same), REFI writes `#RRGGBB` ([`Color::hex_upper`], as its schema
//! requires) and reads `#RRGGBBAA` too.
//! Reading goes through [`Color::parse`] (`#rgb`, `#rrggbb`, `#rrggbbaa`, any case); what cannot
//! be read — a hand-edited project, a damaged import — becomes [`Color::NEUTRAL`] grey with a
//! warning where the importer can say one, never a refused file. New codes take their colour
//! from [`PALETTE`]. Hand-written: parsing six hex digits does not justify a colour crate.

use std::fmt;
use std::str::FromStr;

/// An opaque sRGB colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Color {
    pub r: u8,
    pub g: u8,
    pub b: u8,
}

/// Default code colours: twelve distinct hues, all mid-tones, so each is visible as a swatch or
/// a margin bar on the light *and* the dark theme.
///
/// The rule (tested): every palette colour has a WCAG 2 contrast ratio of at least
/// [`MIN_CONTRAST`] (3:1, the WCAG 1.4.11 level for graphical objects) against
/// [`LIGHT_BACKGROUND`] and [`DARK_BACKGROUND`], the worst cases of the two themes. Highlights
/// behind text are not drawn in these colours but in tints of them (`ui::transcript`), light
/// enough for black text. Used for new codes in the app, imported codebooks without colours and
/// REFI codes without a colour. (The earlier pastel ColorBrewer Set3 had a pale yellow at 1.04:1
/// on white: invisible.)
pub const PALETTE: [Color; 12] = [
    Color::from_u24(0x1294a2), // teal
    Color::from_u24(0xc38700), // amber
    Color::from_u24(0x9568bd), // lavender
    Color::from_u24(0xd92f30), // red
    Color::from_u24(0x1f77b5), // blue
    Color::from_u24(0xe36b00), // orange
    Color::from_u24(0x299429), // green
    Color::from_u24(0xde5eb7), // pink
    Color::from_u24(0x7b7b7b), // grey
    Color::from_u24(0x5b5fc7), // indigo
    Color::from_u24(0x975c51), // brown
    Color::from_u24(0x90901a), // olive
];

/// The lightest background a swatch or margin bar sits on in the light theme (a text field).
pub const LIGHT_BACKGROUND: Color = Color::from_u24(0xffffff);
/// The lightest background one sits on in the dark theme (egui's dark panel).
pub const DARK_BACKGROUND: Color = Color::from_u24(0x1b1b1b);
/// The least contrast a palette colour has against both backgrounds.
pub const MIN_CONTRAST: f64 = 3.0;

/// Why a text is not a colour.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("'{0}' is not a colour like #a1b2c3")]
pub struct ColorError(pub String);

impl Color {
    /// The grey of codes imported without a colour when default colours are off, and of anything
    /// whose stored colour cannot be read.
    pub const NEUTRAL: Color = Color::from_u24(0x9e9e9e);

    pub const fn rgb(r: u8, g: u8, b: u8) -> Self {
        Color { r, g, b }
    }

    /// `0xrrggbb` (higher bits ignored).
    pub const fn from_u24(v: u32) -> Self {
        Color { r: (v >> 16) as u8, g: (v >> 8) as u8, b: v as u8 }
    }

    /// `#rgb`, `#rrggbb` or `#rrggbbaa` (alpha dropped: codes are opaque), any case, surrounding
    /// white space ignored; `None` for anything else.
    pub fn parse(s: &str) -> Option<Self> {
        let h = s.trim().strip_prefix('#')?;
        if !h.bytes().all(|c| c.is_ascii_hexdigit()) {
            return None;
        }
        let digit = |i: usize| u8::from_str_radix(&h[i..i + 1], 16).ok();
        match h.len() {
            3 => Some(Color::rgb(digit(0)? * 17, digit(1)? * 17, digit(2)? * 17)),
            6 | 8 => Some(Color::from_u24(u32::from_str_radix(&h[..6], 16).ok()?)),
            _ => None,
        }
    }

    /// The stored form (`#rrggbb`, lower case) of any colour [`Color::parse`] reads.
    pub fn normalize(s: &str) -> Result<String, ColorError> {
        Color::parse(s).map(Color::hex).ok_or_else(|| ColorError(s.trim().chars().take(40).collect()))
    }

    /// The colour `s` names, or [`Color::NEUTRAL`] when it names none (for painting).
    pub fn or_neutral(s: &str) -> Self {
        Color::parse(s).unwrap_or(Color::NEUTRAL)
    }

    /// `#rrggbb` in lower case: the stored form.
    pub fn hex(self) -> String {
        self.to_string()
    }

    /// `#RRGGBB`: the form REFI-QDA files carry (the schemas' `RGBType` allows six or three
    /// digits; some tools write `#RRGGBBAA`, which [`Color::parse`] reads).
    pub fn hex_upper(self) -> String {
        self.hex().to_ascii_uppercase()
    }

    /// WCAG 2 relative luminance (0 black .. 1 white).
    pub fn luminance(self) -> f64 {
        let lin = |c: u8| {
            let c = c as f64 / 255.0;
            if c <= 0.04045 { c / 12.92 } else { ((c + 0.055) / 1.055).powf(2.4) }
        };
        0.2126 * lin(self.r) + 0.7152 * lin(self.g) + 0.0722 * lin(self.b)
    }

    /// WCAG 2 contrast ratio with `other` (1 .. 21).
    pub fn contrast(self, other: Color) -> f64 {
        let (a, b) = (self.luminance(), other.luminance());
        (a.max(b) + 0.05) / (a.min(b) + 0.05)
    }

    /// The palette colour at `i`, wrapping around.
    pub fn palette(i: usize) -> Self {
        PALETTE[i % PALETTE.len()]
    }

    /// A palette colour picked by `name`: the same name gets the same colour in every import.
    pub fn for_name(name: &str) -> Self {
        let h = name.bytes().fold(0u32, |a, b| a.wrapping_mul(31).wrapping_add(b as u32));
        Color::palette(h as usize)
    }
}

impl fmt::Display for Color {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "#{:02x}{:02x}{:02x}", self.r, self.g, self.b)
    }
}

/// [`Color::NEUTRAL`]: the colour of "no colour given".
impl Default for Color {
    fn default() -> Self {
        Color::NEUTRAL
    }
}

/// Written as the stored text `#rrggbb`.
impl serde::Serialize for Color {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.hex())
    }
}

/// Read from any text [`Color::parse`] reads; anything else is [`Color::NEUTRAL`], so an old or
/// hand-edited edit log never stops a project from opening.
impl<'de> serde::Deserialize<'de> for Color {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        Ok(Color::or_neutral(&s))
    }
}

impl FromStr for Color {
    type Err = ColorError;
    fn from_str(s: &str) -> Result<Self, ColorError> {
        Color::parse(s).ok_or_else(|| ColorError(s.trim().chars().take(40).collect()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_form_a_file_may_carry_reads_as_the_same_colour() {
        for s in ["#ff00aa", "#FF00AA", "#f0a", "#F0A", " #Ff00aA ", "#FF00AA80", "#ff00aaff"] {
            assert_eq!(Color::parse(s), Some(Color::rgb(0xff, 0x00, 0xaa)), "{s}");
            assert_eq!(Color::normalize(s).unwrap(), "#ff00aa", "{s}");
        }
    }

    #[test]
    fn text_that_is_not_a_colour_is_refused_not_guessed() {
        for s in ["", "#", "red", "ff00aa", "#12345", "#1234567", "#gg00aa", "#ff00aa0", "#ééé", "#123456789"] {
            assert_eq!(Color::parse(s), None, "{s:?}");
            assert!(Color::normalize(s).is_err(), "{s:?}");
        }
        assert_eq!(Color::normalize("blue").unwrap_err().to_string(), "'blue' is not a colour like #a1b2c3");
        assert_eq!(Color::or_neutral("blue"), Color::NEUTRAL);
        assert_eq!("#abc".parse::<Color>(), Ok(Color::from_u24(0xaabbcc)));
    }

    #[test]
    fn stored_and_refi_forms() {
        let c = Color::from_u24(0x1f77b4);
        assert_eq!(c.hex(), "#1f77b4");
        assert_eq!(c.hex_upper(), "#1F77B4");
        assert_eq!(Color::parse(&c.hex()), Some(c));
    }

    #[test]
    fn every_palette_colour_stands_out_on_the_light_and_the_dark_theme() {
        assert_eq!(Color::from_u24(0xffffff).contrast(Color::from_u24(0x000000)), 21.0);
        assert!((Color::from_u24(0x777777).contrast(LIGHT_BACKGROUND) - 4.48).abs() < 0.01);
        for c in PALETTE {
            let (light, dark) = (c.contrast(LIGHT_BACKGROUND), c.contrast(DARK_BACKGROUND));
            assert!(light >= MIN_CONTRAST, "{c} has {light:.2}:1 on the light theme");
            assert!(dark >= MIN_CONTRAST, "{c} has {dark:.2}:1 on the dark theme");
        }
        // The old pale yellow would not pass.
        assert!(Color::from_u24(0xffffb3).contrast(LIGHT_BACKGROUND) < 1.1);
    }

    #[test]
    fn the_palette_is_distinct_and_picks_wrap_around() {
        let distinct: std::collections::HashSet<Color> = PALETTE.into_iter().collect();
        assert_eq!(distinct.len(), PALETTE.len());
        assert_eq!(Color::palette(PALETTE.len() + 1), PALETTE[1]);
        assert_eq!(Color::for_name("Vertrouwen"), Color::for_name("Vertrouwen"));
        assert!(PALETTE.contains(&Color::for_name("Emotie 😀")));
    }
}
