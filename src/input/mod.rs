//! The guarded readers of untrusted bytes, one of each: text decoding ([`text`]), XML decoding
//! and parsing ([`xml`]). Every edge that reads a file someone else made (transcripts,
//! codebooks, tables, REFI-QDA projects, document packages) goes through these, so a limit or a
//! fix applies everywhere at once.
//!
//! Layer: below the edges (import, codebook, refi, respondents, workflow) and the front ends,
//! which all may use it; it imports nothing of Werkbank but `core`'s text helpers.

pub mod text;
pub mod xml;
pub mod zip;
