//! What the CLI prints to a terminal: user data made harmless, and a closed pipe taken quietly.
//!
//! Names and texts come from other people's files (REFI-QDA projects, codebooks, transcripts), and a
//! terminal acts on the control characters in what it is sent: ESC sequences recolour, retitle or
//! rewrite the screen, BEL rings, CR overwrites the line. So everything the CLI prints goes through
//! here and shows each control character as a visible escape (`\u{1b}`) instead; tab and line end
//! stay, as the CLI's own layout uses them.
//!
//! `werkbank list P codings | head -1` closes the pipe after one line. Like other command-line
//! tools Werkbank then stops printing without a message; the verb itself still finishes (an import
//! piped into `head` must not stop halfway), its further output is dropped.
//!
//! Hand-written: the escaping is a few lines, and no crate does both parts over `io::Write`.

use std::borrow::Cow;
use std::io::{self, Write};

fn is_shown_escaped(c: char) -> bool {
    c.is_control() && c != '\n' && c != '\t'
}

/// `s` with every control character except tab and line end shown as `\u{…}`.
pub fn escape_controls(s: &str) -> Cow<'_, str> {
    if !s.chars().any(is_shown_escaped) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if is_shown_escaped(c) {
            out.push_str(&format!("\\u{{{:x}}}", c as u32));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// Prints a line to standard error (a warning, a progress line, an error), escaped; a closed or
/// failing standard error is ignored rather than turned into a crash.
pub fn eprint_line(msg: &str) {
    let _ = writeln!(io::stderr().lock(), "{}", escape_controls(msg));
}

/// A writer for the CLI's standard output: escapes control characters ([`escape_controls`]) and
/// swallows a closed pipe (afterwards everything is dropped; see [`SafeOutput::closed`]).
pub struct SafeOutput<'a> {
    inner: &'a mut dyn Write,
    /// A UTF-8 lead byte held back until the next write shows whether it starts a C1 control.
    pending: Option<u8>,
    closed: bool,
}

impl<'a> SafeOutput<'a> {
    pub fn new(inner: &'a mut dyn Write) -> Self {
        SafeOutput { inner, pending: None, closed: false }
    }

    /// Whether the reader went away (a closed pipe).
    pub fn closed(&self) -> bool {
        self.closed
    }

    fn emit(&mut self, bytes: &[u8]) -> io::Result<()> {
        if self.closed || bytes.is_empty() {
            return Ok(());
        }
        match self.inner.write_all(bytes) {
            Err(e) if e.kind() == io::ErrorKind::BrokenPipe => {
                self.closed = true;
                Ok(())
            }
            r => r,
        }
    }
}

fn escaped(b: u32) -> Vec<u8> {
    format!("\\u{{{b:x}}}").into_bytes()
}

impl Write for SafeOutput<'_> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let mut out = Vec::with_capacity(buf.len() + 8);
        let mut bytes = buf.iter().copied().peekable();
        if let Some(lead) = self.pending.take() {
            match bytes.peek() {
                Some(&b @ 0x80..=0x9F) => {
                    bytes.next();
                    out.extend(escaped(b as u32));
                }
                Some(_) => out.push(lead),
                None => self.pending = Some(lead),
            }
        }
        while let Some(b) = bytes.next() {
            match b {
                b'\n' | b'\t' => out.push(b),
                0x00..=0x1F | 0x7F => out.extend(escaped(b as u32)),
                // U+0080..U+009F (C1 controls, e.g. CSI U+009B) are C2 80..C2 9F in UTF-8.
                0xC2 => match bytes.peek() {
                    Some(&c @ 0x80..=0x9F) => {
                        bytes.next();
                        out.extend(escaped(c as u32));
                    }
                    Some(_) => out.push(b),
                    None => self.pending = Some(b),
                },
                b => out.push(b),
            }
        }
        self.emit(&out)?;
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        if let Some(lead) = self.pending.take() {
            self.emit(&[lead])?;
        }
        if self.closed {
            return Ok(());
        }
        match self.inner.flush() {
            Err(e) if e.kind() == io::ErrorKind::BrokenPipe => {
                self.closed = true;
                Ok(())
            }
            r => r,
        }
    }
}

impl Drop for SafeOutput<'_> {
    fn drop(&mut self) {
        let _ = self.flush();
    }
}

/// Whether `e` is (or was caused by) a closed pipe: such an error is not reported.
pub fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| c.downcast_ref::<io::Error>().is_some_and(|io| io.kind() == io::ErrorKind::BrokenPipe))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_sequences_in_user_data_are_shown_not_obeyed() {
        let mut buf = Vec::new();
        {
            let mut w = SafeOutput::new(&mut buf);
            write!(w, "a\u{1b}[31mred\u{7}\tok\r\n").unwrap();
            // A C1 CSI split over two writes.
            w.write_all(&[b'x', 0xC2]).unwrap();
            w.write_all(&[0x9B, b'y', 0xC3, 0xA9, b'\n']).unwrap();
        }
        assert_eq!(String::from_utf8(buf).unwrap(), "a\\u{1b}[31mred\\u{7}\tok\\u{d}\nx\\u{9b}yé\n");
        assert_eq!(escape_controls("R\u{1b}1\n"), "R\\u{1b}1\n");
    }

    struct ClosedPipe;
    impl Write for ClosedPipe {
        fn write(&mut self, _: &[u8]) -> io::Result<usize> {
            Err(io::ErrorKind::BrokenPipe.into())
        }
        fn flush(&mut self) -> io::Result<()> {
            Err(io::ErrorKind::BrokenPipe.into())
        }
    }

    #[test]
    fn a_closed_pipe_stops_the_output_quietly() {
        let mut pipe = ClosedPipe;
        let mut w = SafeOutput::new(&mut pipe);
        writeln!(w, "first").unwrap();
        writeln!(w, "second").unwrap();
        w.flush().unwrap();
        assert!(w.closed());
    }
}
