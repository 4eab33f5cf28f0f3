//! The languages Werkbank speaks, and the one way its texts are written down.
//!
//! One [`Lang`] serves the app's menus (`ui::i18n`), the labels of exported tables and reports
//! (`export::labels`) and the CLI's `--lang`, so a language chosen anywhere means the same
//! everywhere. It sits in `core` because both `export` and `ui` need it and neither may depend on
//! the other.
//!
//! Texts live in tables made with [`string_table!`]: one line per key with its English and Dutch
//! text, so a key without a translation does not compile. Placeholders are `{0}`, `{1}`, …,
//! filled by [`fill`]; `{0:one|many}` picks the singular or plural form by the count in `{0}`.
//! [`check_table`] is the test every table runs: no empty text, and every language uses the
//! same placeholders and plural choices.
//! Hand-written: a table of a few hundred short strings in two languages does not need
//! `fluent` or `gettext` and their runtime files.

use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

/// A language of the app and of its exports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub enum Lang {
    /// English: the app's language until the user picks another.
    #[default]
    En,
    /// Dutch: the default of exports (the theses Werkbank was made for are Dutch).
    Nl,
}

impl Lang {
    /// Every language, in the order tables list them.
    pub const ALL: [Lang; 2] = [Lang::En, Lang::Nl];

    /// The ISO 639-1 code: `en`, `nl` (HTML `lang`, CLI `--lang`).
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Nl => "nl",
        }
    }

    /// The language tag Word files carry: `en-GB`, `nl-NL`.
    pub fn locale(self) -> &'static str {
        match self {
            Lang::En => "en-GB",
            Lang::Nl => "nl-NL",
        }
    }

    /// The decimal separator numbers are printed with: `0,85` in Dutch, `0.85` in English.
    pub fn decimal(self) -> char {
        match self {
            Lang::En => '.',
            Lang::Nl => ',',
        }
    }
}

/// Declares a string table: an enum `$key` of the keys and `$key::text(lang)`, from lines
/// `Key => "English", "Nederlands";`.
macro_rules! string_table {
    ($(#[$meta:meta])* $vis:vis enum $key:ident { $($k:ident => $en:expr, $nl:expr;)* }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        $vis enum $key { $($k),* }

        impl $crate::core::lang::Table for $key {
            fn text(self, lang: $crate::core::lang::Lang) -> &'static str {
                $key::text(self, lang)
            }
        }

        impl $key {
            pub const ALL: &'static [$key] = &[$($key::$k),*];

            /// The text in `lang`.
            pub fn text(self, lang: $crate::core::lang::Lang) -> &'static str {
                match lang {
                    $crate::core::lang::Lang::En => match self { $($key::$k => $en),* },
                    $crate::core::lang::Lang::Nl => match self { $($key::$k => $nl),* },
                }
            }

            /// The text in `lang` with its placeholders filled (see [`fill`]).
            #[allow(dead_code)] // not every table has a sentence with values
            pub fn fill(self, lang: $crate::core::lang::Lang, args: &[&dyn std::fmt::Display]) -> String {
                $crate::core::lang::fill(self.text(lang), args)
            }
        }
    };
}
pub(crate) use string_table;

/// The keys of a table made with [`string_table!`].
pub trait Table: Copy {
    fn text(self, lang: Lang) -> &'static str;
}

/// A sentence of a table with the values it names, kept as a value until it is said: a refusal,
/// a warning or a notice made below the front ends is said once, in the reader's language, by
/// [`Said::say`] (the app's language, or the CLI's `--lang`); its `Display` is the English.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Said<K> {
    pub key: K,
    pub values: Vec<String>,
}

impl<K: Table> Said<K> {
    pub fn new(key: K, values: &[&dyn std::fmt::Display]) -> Self {
        Said { key, values: values.iter().map(|v| v.to_string()).collect() }
    }

    /// The sentence in `lang` with its values filled in.
    pub fn say(&self, lang: Lang) -> String {
        let values: Vec<&dyn std::fmt::Display> = self.values.iter().map(|v| v as _).collect();
        fill(self.key.text(lang), &values)
    }
}

impl<K: Table> From<K> for Said<K> {
    fn from(key: K) -> Self {
        Said { key, values: vec![] }
    }
}

impl<K: Table> std::fmt::Display for Said<K> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.say(Lang::En))
    }
}

/// `template` with `{0}`, `{1}`, … replaced by `args`, and `{0:one|many}` by `one` when `{0}` is
/// 1, else `many` (the forms may hold placeholders themselves). One pass: a value that happens to
/// contain `{1}` (a code named so) is written as it is, never filled in turn.
pub fn fill(template: &str, args: &[&dyn std::fmt::Display]) -> String {
    let values: Vec<String> = args.iter().map(|a| a.to_string()).collect();
    let mut out = String::with_capacity(template.len() + values.iter().map(String::len).sum::<usize>());
    fill_into(template, &values, &mut out);
    out
}

fn fill_into(template: &str, values: &[String], out: &mut String) {
    let mut rest = template;
    while let Some(at) = rest.find('{') {
        out.push_str(&rest[..at]);
        let after = &rest[at + 1..];
        let digits = after.bytes().take_while(u8::is_ascii_digit).count();
        let index = after[..digits].parse::<usize>().ok().filter(|&i| i < values.len());
        match (index, after[digits..].chars().next()) {
            (Some(i), Some('}')) => {
                out.push_str(&values[i]);
                rest = &after[digits + 1..];
            }
            (Some(i), Some(':')) if closing_brace(&after[digits + 1..]).is_some() => {
                let body = &after[digits + 1..];
                let len = closing_brace(body).unwrap_or_default();
                let forms = &body[..len - 1];
                let (one, many) = forms.split_once('|').unwrap_or((forms, forms));
                fill_into(if values[i] == "1" { one } else { many }, values, out);
                rest = &body[len..];
            }
            _ => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
}

/// The byte offset in `s` of the `}` that closes a brace opened just before `s`.
fn closing_brace(s: &str) -> Option<usize> {
    let mut depth = 0usize;
    s.char_indices()
        .find_map(|(i, c)| match c {
            '{' => {
                depth += 1;
                None
            }
            '}' if depth == 0 => Some(i),
            '}' => {
                depth -= 1;
                None
            }
            _ => None,
        })
        .map(|i| i + 1)
}

/// The placeholders of a text: `{0}` as `"0"`, a plural choice `{0:…|…}` as `"0:"`.
fn placeholders(text: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let mut rest = text;
    while let Some(at) = rest.find('{') {
        rest = &rest[at + 1..];
        let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
        match rest[digits.len()..].chars().next() {
            Some('}') if !digits.is_empty() => {
                out.insert(digits);
            }
            Some(':') if !digits.is_empty() => {
                out.insert(format!("{digits}:"));
            }
            _ => {
                out.insert(format!("stray brace before '{}'", rest.chars().take(10).collect::<String>()));
            }
        }
    }
    out
}

/// What is wrong with a string table, one line per problem: a text that is empty in some
/// language, or languages that use different placeholders or plural choices.
pub fn check_table<K: Copy + std::fmt::Debug>(keys: &[K], text: impl Fn(K, Lang) -> &'static str) -> Vec<String> {
    let mut problems = Vec::new();
    for &k in keys {
        let first = placeholders(text(k, Lang::ALL[0]));
        for lang in Lang::ALL {
            let t = text(k, lang);
            if t.trim().is_empty() {
                problems.push(format!("{k:?} is empty in {lang:?}"));
            }
            let here = placeholders(t);
            if here != first {
                problems.push(format!("{k:?}: {lang:?} has placeholders {here:?}, {:?} has {first:?}", Lang::ALL[0]));
            }
        }
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;

    string_table! {
        enum Sample {
            Plain => "Table", "Tabel";
            Counted => "{0} {0:coding|codings} by {1}", "{0} {0:codering|coderingen} door {1}";
            MissingArg => "{0} of {1}", "{0}";
            MissingChoice => "{0} {0:file|files}", "{0} bestanden";
            Empty => "Close", " ";
        }
    }

    #[test]
    fn a_key_reads_in_each_language_and_fills_its_placeholders() {
        assert_eq!(Sample::Plain.text(Lang::En), "Table");
        assert_eq!(Sample::Plain.text(Lang::Nl), "Tabel");
        assert_eq!(fill(Sample::Counted.text(Lang::En), &[&1, &"Anna"]), "1 coding by Anna");
        assert_eq!(fill(Sample::Counted.text(Lang::Nl), &[&3, &"Bob"]), "3 coderingen door Bob");
        // A value is written as it is, even when it looks like a placeholder.
        assert_eq!(fill(Sample::Counted.text(Lang::En), &[&"{1}", &"Anna"]), "{1} codings by Anna");
        // A placeholder without a value stays visible rather than vanishing.
        assert_eq!(fill("{0} of {1}", &[&2]), "2 of {1}");
    }

    #[test]
    fn the_check_names_every_missing_placeholder_choice_and_text() {
        let problems = check_table(Sample::ALL, Sample::text);
        assert_eq!(problems.len(), 3, "{problems:#?}");
        assert!(problems[0].starts_with("MissingArg: Nl has placeholders {\"0\"}"), "{}", problems[0]);
        assert!(problems[1].starts_with("MissingChoice: Nl"), "{}", problems[1]);
        assert_eq!(problems[2], "Empty is empty in Nl");
    }

    #[test]
    fn languages_name_themselves_and_their_numbers() {
        assert_eq!(Lang::ALL.map(Lang::code), ["en", "nl"]);
        assert_eq!(Lang::Nl.locale(), "nl-NL");
        assert_eq!((Lang::En.decimal(), Lang::Nl.decimal()), ('.', ','));
    }
}
