//! The `werkbank` binary: the desktop app when run without a verb (the demo project when no
//! project is given), the CLI otherwise.

use clap::Parser;
use std::process::ExitCode;
use werkbank::cli::{self, Cli};

fn main() -> ExitCode {
    let args = Cli::parse();
    let coder = cli::default_coder(args.coder.as_deref());
    let Some(command) = args.command else {
        return match werkbank::ui::run_app(args.project, coder) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("werkbank: {}", cli::error_message(&e));
                ExitCode::FAILURE
            }
        };
    };
    let stdout = std::io::stdout();
    match cli::run(command, &coder, &mut stdout.lock()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("werkbank: {}", cli::error_message(&e));
            ExitCode::from(2)
        }
    }
}
