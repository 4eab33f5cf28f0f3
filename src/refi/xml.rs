//! REFI-QDA's XML: read through the one guarded XML reader ([`crate::input::xml`]) into an
//! element tree (namespaces ignored, DOCTYPE and custom entities refused, depth, elements,
//! attributes and text bounded), written with the shared escaping helpers.

use super::RefiError;
pub use crate::input::xml::Element;
pub use crate::xml_escape::{esc_attr, esc_text};

/// Parses a REFI-QDA document (`what` names it in errors) into its root element.
pub fn parse(src: &str, what: &str) -> Result<Element, RefiError> {
    Ok(crate::input::xml::parse_tree(src, what, crate::input::xml::Limits::default())?)
}
