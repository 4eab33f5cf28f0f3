//! Werkbank: a desktop workbench for qualitative interview coding.
//!
//! Layers, from the inside out: [`core`] (model, edits, analysis; pure), [`store`] (the SQLite
//! project file; the only place with SQL), [`session`] (a project open for editing: model + store
//! + undo), the import/export modules, and the two front ends: the egui [`ui`] and the [`cli`].

pub mod about;
pub mod app_dirs;
#[cfg(feature = "bench")]
pub mod bench;
pub mod bundled_fonts;
pub mod check;
pub mod cli;
pub mod codebook;
pub mod core;
pub mod demo;
pub mod exchange;
pub mod export;
pub mod import;
pub mod input;
pub mod output;
pub mod raster;
pub mod refi;
pub mod respondents;
pub mod session;
pub mod store;
pub mod survey;
pub mod terminal;
pub mod ui;
pub mod withdrawal;
pub mod workflow;
// The benchmarks' synthetic interviews: nothing in the shipped program uses them.
#[cfg(any(test, feature = "bench"))]
pub mod workload;
pub mod xml_escape;
