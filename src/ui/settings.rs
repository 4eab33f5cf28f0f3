//! The few things Werkbank remembers between runs (language, recent projects, panel layout),
//! kept in one small JSON file so tests can point it at a temporary path.

use super::i18n::Lang;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

const MAX_RECENT: usize = 8;

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default)]
pub struct Settings {
    /// Where these settings are saved; `None` keeps them in memory only (tests).
    #[serde(skip)]
    pub file: Option<PathBuf>,
    pub language: Lang,
    pub recent: Vec<PathBuf>,
    pub last_project: Option<PathBuf>,
    pub snap_to_words: bool,
    pub show_left: bool,
    pub show_right: bool,
    pub show_retrieval: bool,
    pub coder: String,
    /// Use the system file dialog (off for in-memory settings: tests type paths instead).
    #[serde(skip)]
    pub native_dialogs: bool,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            file: None,
            language: Lang::En,
            recent: Vec::new(),
            last_project: None,
            snap_to_words: true,
            show_left: true,
            show_right: true,
            show_retrieval: true,
            coder: String::new(),
            native_dialogs: true,
        }
    }
}

impl Settings {
    /// `settings.json` in the platform's config folder ([`crate::app_dirs::config_dir`]).
    pub fn default_path() -> Option<PathBuf> {
        Some(crate::app_dirs::config_dir()?.join("settings.json"))
    }

    /// Settings kept in memory only; nothing is written, and file dialogs fall back to typed paths.
    pub fn in_memory() -> Self {
        Settings { native_dialogs: false, ..Settings::default() }
    }

    /// Loads settings from `path` (defaults when missing or unreadable); they are saved there.
    pub fn load(path: &Path) -> Self {
        let mut s: Settings =
            std::fs::read_to_string(path).ok().and_then(|t| serde_json::from_str(&t).ok()).unwrap_or_default();
        s.file = Some(path.to_path_buf());
        s
    }

    /// Writes the settings file; errors are returned for the status bar, never fatal.
    pub fn save(&self) -> std::io::Result<()> {
        let Some(path) = &self.file else { return Ok(()) };
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)?;
        }
        let json = serde_json::to_string_pretty(self).map_err(std::io::Error::other)?;
        crate::output::write_bytes(path, json.as_bytes()).map_err(std::io::Error::other)
    }

    pub fn remember_project(&mut self, path: &Path) {
        let path = path.canonicalize().unwrap_or_else(|_| path.to_path_buf());
        self.recent.retain(|p| p != &path);
        self.recent.insert(0, path.clone());
        self.recent.truncate(MAX_RECENT);
        self.last_project = Some(path);
    }
}
