//! Where Werkbank keeps its own files (settings, the demo project), by each platform's
//! convention: `~/.config` and `~/.local/share` (or `$XDG_CONFIG_HOME`/`$XDG_DATA_HOME`) on Linux,
//! `~/Library/Application Support` on macOS, `%APPDATA%` on Windows — via the `directories` crate
//! rather than environment variables read by hand.

use std::path::PathBuf;

fn project_dirs() -> Option<directories::ProjectDirs> {
    directories::ProjectDirs::from("org", "Werkbank", "werkbank")
}

/// Settings and recent projects.
pub fn config_dir() -> Option<PathBuf> {
    project_dirs().map(|d| d.config_dir().to_path_buf())
}

/// The demo project; falls back to the temp folder when the platform gives no home.
pub fn data_dir() -> PathBuf {
    project_dirs().map(|d| d.data_dir().to_path_buf()).unwrap_or_else(|| std::env::temp_dir().join("werkbank"))
}
