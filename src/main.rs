//! The `werkbank` binary: the app when run without a verb, the CLI otherwise.

use clap::Parser;
use std::process::ExitCode;
use werkbank::cli::{self, Cli};

fn main() -> ExitCode {
    let args = Cli::parse();
    let coder = cli::default_coder(args.coder.as_deref());
    let Some(command) = args.command else {
        let _ = (args.project, coder);
        eprintln!("werkbank: give a verb; see werkbank --help");
        return ExitCode::FAILURE;
    };
    let stdout = std::io::stdout();
    match cli::run(command, &coder, &mut stdout.lock()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("werkbank: {e:#}");
            ExitCode::from(2)
        }
    }
}
