//! The pure core: the project model, edits with inverses, and analysis. No SQL, no egui: the
//! store persists what this module decides, the UI and CLI only call into it.

pub mod actions;
pub mod agreement;
pub mod analysis;
pub mod bidi;
pub mod code_table;
pub mod color;
pub mod edit;
pub mod index;
pub mod integrity;
pub mod lang;
pub mod merge;
pub mod model;
pub mod names;
pub mod pseudonym;
pub mod span;
pub mod text;

pub use color::{Color, PALETTE};
pub use edit::{Change, Edit, EditError, Entity};
pub use lang::Lang;
pub use model::*;
pub use span::Span;
