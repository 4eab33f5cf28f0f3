//! GUIDs for REFI-QDA: deterministic ones for export (so exporting the same project twice gives
//! the same identifiers and other tools can recognise re-imported codes), and normalisation of
//! the GUIDs other tools write (upper case, `{braces}`) so references match on import.

use sha2::{Digest, Sha256};

/// Derives GUIDs from a fixed namespace, a per-project salt and the entity's kind and id.
#[derive(Debug, Clone)]
pub struct GuidMaker {
    salt: [u8; 32],
}

impl GuidMaker {
    /// The salt keeps two different projects from producing the same GUID for "code 5".
    pub fn new(project_salt: &str) -> Self {
        let mut h = Sha256::new();
        h.update(b"werkbank/refi-qda/v1\0");
        h.update(project_salt.as_bytes());
        GuidMaker { salt: h.finalize().into() }
    }

    /// A GUID in RFC 4122 shape (version 5 style, variant 10xx), lower case, matching the XSD
    /// pattern `xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx`.
    pub fn make(&self, kind: &str, key: impl std::fmt::Display) -> String {
        let mut h = Sha256::new();
        h.update(self.salt);
        h.update(kind.as_bytes());
        h.update(b"\0");
        h.update(key.to_string().as_bytes());
        let d = h.finalize();
        let mut b = [0u8; 16];
        b.copy_from_slice(&d[..16]);
        b[6] = (b[6] & 0x0f) | 0x50;
        b[8] = (b[8] & 0x3f) | 0x80;
        format_guid(&b)
    }
}

fn format_guid(b: &[u8; 16]) -> String {
    let hex: String = b.iter().map(|x| format!("{x:02x}")).collect();
    format!("{}-{}-{}-{}-{}", &hex[0..8], &hex[8..12], &hex[12..16], &hex[16..20], &hex[20..32])
}

/// Canonical form for matching references: trimmed, braces removed, lower case.
pub fn norm(guid: &str) -> String {
    guid.trim().trim_start_matches('{').trim_end_matches('}').to_ascii_lowercase()
}

/// Whether `s` matches the XSD GUID pattern.
pub fn is_valid(s: &str) -> bool {
    let s = s.strip_prefix('{').and_then(|x| x.strip_suffix('}')).unwrap_or(s);
    let parts: Vec<&str> = s.split('-').collect();
    parts.len() == 5
        && parts.iter().zip([8, 4, 4, 4, 12]).all(|(p, n)| p.len() == n && p.chars().all(|c| c.is_ascii_hexdigit()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deterministic_and_schema_shaped() {
        let g = GuidMaker::new("Project A");
        let a = g.make("code", 5);
        assert_eq!(a, GuidMaker::new("Project A").make("code", 5));
        assert_ne!(a, g.make("code", 6));
        assert_ne!(a, g.make("source", 5));
        assert_ne!(a, GuidMaker::new("Project B").make("code", 5));
        assert!(is_valid(&a), "{a}");
        assert_eq!(&a[14..15], "5");
    }

    #[test]
    fn normalises_foreign_guids() {
        assert_eq!(norm(" {ABCDEF01-2345-6789-ABCD-EF0123456789} "), "abcdef01-2345-6789-abcd-ef0123456789");
        assert!(is_valid("{ABCDEF01-2345-6789-ABCD-EF0123456789}"));
        assert!(!is_valid("not-a-guid"));
    }
}
