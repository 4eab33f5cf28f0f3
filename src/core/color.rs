//! Code colours: one type, one parser and one palette for the whole application.
//!
//! A code's colour is stored (SQLite, JSON codebooks, REFI) as the text `#rrggbb` in lower case,
//! so the model keeps that text; every place that reads or writes a colour goes through
//! [`Color`]: codebook and REFI import parse with [`Color::parse`] (which accepts `#rgb`,
//! `#rrggbb` and REFI's `#RRGGBBAA`, in any case), edits normalise with [`Color::normalize`], the
//! app paints with [`Color::or_neutral`] (to an egui colour in `ui`), exports write
//! [`Color::hex`] (or [`Color::hex_upper`] for REFI). New codes take their colour from
//! [`PALETTE`]. Hand-written: parsing six hex digits does not justify a colour crate.

use std::fmt;
use std::str::FromStr;

/// An opaque sRGB colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Color {
    pub r: u8,
    pub g: u8,
    pub b: u8,
}

/// Default code colours: distinct, light enough to read black text on (ColorBrewer Set3). Used for
/// new codes in the app, imported codebooks without colours and REFI codes without a colour.
pub const PALETTE: [Color; 12] = [
    Color::from_u24(0x8dd3c7),
    Color::from_u24(0xffffb3),
    Color::from_u24(0xbebada),
    Color::from_u24(0xfb8072),
    Color::from_u24(0x80b1d3),
    Color::from_u24(0xfdb462),
    Color::from_u24(0xb3de69),
    Color::from_u24(0xfccde5),
    Color::from_u24(0xd9d9d9),
    Color::from_u24(0xbc80bd),
    Color::from_u24(0xccebc5),
    Color::from_u24(0xffed6f),
];

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

    /// `#RRGGBB`: the form REFI-QDA files carry.
    pub fn hex_upper(self) -> String {
        self.hex().to_ascii_uppercase()
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
    fn the_palette_is_distinct_and_picks_wrap_around() {
        let distinct: std::collections::HashSet<Color> = PALETTE.into_iter().collect();
        assert_eq!(distinct.len(), PALETTE.len());
        assert_eq!(Color::palette(PALETTE.len() + 1), PALETTE[1]);
        assert_eq!(Color::for_name("Vertrouwen"), Color::for_name("Vertrouwen"));
        assert!(PALETTE.contains(&Color::for_name("Emotie 😀")));
    }
}
