//! The pure core: the project model, edits with inverses, and analysis. No SQL, no egui: the
//! store persists what this module decides, the UI and CLI only call into it.

pub mod actions;
pub mod agreement;
pub mod analysis;
pub mod bidi;
pub mod code_table;
pub mod edit;
pub mod index;
pub mod integrity;
pub mod merge;
pub mod model;
pub mod names;
pub mod pseudonym;
pub mod text;

pub use edit::{Change, Edit, EditError, Entity};
pub use model::*;
