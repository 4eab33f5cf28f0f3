//! `werkbank [PROJECT] [--coder NAME]`: opens the desktop app (the demo project when no project
//! is given).

fn main() -> anyhow::Result<()> {
    let mut project = None;
    let mut coder = std::env::var("WERKBANK_CODER").or_else(|_| std::env::var("USER")).unwrap_or_else(|_| "coder".into());
    let mut args = std::env::args_os().skip(1);
    while let Some(a) = args.next() {
        if a == "--coder" {
            coder = args.next().map(|s| s.to_string_lossy().into_owned()).unwrap_or(coder);
        } else {
            project = Some(std::path::PathBuf::from(a));
        }
    }
    werkbank::ui::run_app(project, coder)
}
