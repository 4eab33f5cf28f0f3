//! The `werkbank` binary: the desktop app when run without a verb (the demo project when no
//! project is given), the CLI otherwise.

// On Windows a double-clicked app must not open a console window; the CLI verbs attach to the
// console they were started from instead (see `attach_parent_console`).
#![cfg_attr(windows, windows_subsystem = "windows")]

use std::process::ExitCode;
use werkbank::cli::{self, Cli};

/// Windows: reconnects stdout/stderr to the terminal `werkbank <verb>` was typed in (a GUI-subsystem
/// program has none). Started by a double-click there is no parent console and this does nothing.
#[cfg(windows)]
fn attach_parent_console() {
    use windows_sys::Win32::System::Console::{ATTACH_PARENT_PROCESS, AttachConsole};
    // SAFETY: AttachConsole takes a process id and has no memory-safety preconditions.
    unsafe { AttachConsole(ATTACH_PARENT_PROCESS) };
}

fn main() -> ExitCode {
    #[cfg(windows)]
    attach_parent_console();
    let args = Cli::parse_checked();
    let coder = cli::default_coder(args.coder.as_deref());
    let Some(command) = args.command else {
        return match werkbank::ui::run_app(args.project, coder) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                werkbank::terminal::eprint_line(&format!(
                    "werkbank: {}",
                    cli::error_message(&e, werkbank::core::Lang::En)
                ));
                ExitCode::FAILURE
            }
        };
    };
    let stdout = std::io::stdout();
    match cli::run(command, &coder, args.lang, &mut stdout.lock()) {
        Ok(()) => ExitCode::SUCCESS,
        // The reader of our output went away (`| head`): stop quietly, as other tools do.
        Err(e) if werkbank::terminal::is_broken_pipe(&e) => ExitCode::from(141),
        Err(e) if e.downcast_ref::<cli::ClaimsDiffer>().is_some() => {
            werkbank::terminal::eprint_line(&format!("werkbank: {e}"));
            ExitCode::from(1)
        }
        Err(e) => {
            werkbank::terminal::eprint_line(&format!("werkbank: {}", cli::error_message(&e, args.lang)));
            ExitCode::from(2)
        }
    }
}
