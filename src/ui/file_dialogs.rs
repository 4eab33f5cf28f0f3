//! The system's file dialogs: what each purpose is called, which files it offers, and the command
//! its answer becomes. A native dialog blocks, so it runs on a worker thread and its answer is
//! polled each frame; without a desktop portal the typed-path dialog takes its place.

use super::*;
use std::sync::mpsc::channel;

impl FilePurpose {
    /// The menu item (and dialog title) for this purpose.
    pub fn title(self) -> Key {
        match self {
            FilePurpose::OpenProject => Key::OpenProject,
            FilePurpose::NewProject => Key::NewProject,
            FilePurpose::ImportFiles => Key::ImportTranscripts,
            FilePurpose::ImportCodebook => Key::ImportCodebook,
            FilePurpose::CheckChapter => Key::CheckChapter,
            FilePurpose::MergeProject => Key::MergeProjectMenu,
            FilePurpose::Handout => Key::HandoutMenu,
            FilePurpose::ImportRefi => Key::ImportRefiMenu,
            FilePurpose::ExportRefi => Key::ExportRefiMenu,
            FilePurpose::ImportRespondentTable => Key::ImportRespondentTable,
            FilePurpose::ImportSurveyTable => Key::ImportSurveyTable,
            FilePurpose::SaveProjectCopy => Key::SaveAsMyProject,
            FilePurpose::PseudonymisedCopy => Key::PseudonymiseTitle,
            FilePurpose::ExportCodebook => Key::ExportCodebook,
            FilePurpose::ExportReport(analysis_view::Scope::Segments) => Key::ExportSegmentsMenu,
            FilePurpose::ExportReport(analysis_view::Scope::Memos) => Key::ExportMemosMenu,
            FilePurpose::ExportReport(analysis_view::Scope::Appendix) => Key::ExportAppendix,
            FilePurpose::ExportReport(_) => Key::AnExport,
        }
    }

    /// The file dialog's filters: a name and the formats of the one table
    /// ([`crate::output`]) that this purpose reads or writes.
    pub fn filters(self) -> Vec<(&'static str, Vec<&'static str>)> {
        use crate::output::{self as o, Format};
        let f = |name, formats: &[Format]| (name, o::extensions(formats));
        match self {
            FilePurpose::OpenProject
            | FilePurpose::NewProject
            | FilePurpose::SaveProjectCopy
            | FilePurpose::PseudonymisedCopy
            | FilePurpose::MergeProject
            | FilePurpose::Handout => vec![f("Werkbank", o::PROJECT_FORMATS)],
            FilePurpose::ImportFiles => vec![f("Transcripts", o::TRANSCRIPT_FORMATS)],
            FilePurpose::CheckChapter => vec![f("Chapter", o::TRANSCRIPT_FORMATS)],
            FilePurpose::ImportCodebook => vec![f("Codebook", o::CODEBOOK_FORMATS)],
            FilePurpose::ImportRespondentTable | FilePurpose::ImportSurveyTable => {
                vec![f("Table", o::TABLE_FORMATS)]
            }
            FilePurpose::ExportCodebook => vec![f("Code tree", o::CODE_TREE_FORMATS)],
            FilePurpose::ExportReport(_) => {
                let both: Vec<Format> = o::REPORT_FORMATS.iter().chain(o::CHART_FORMATS).copied().collect();
                vec![f("Word, web page, Excel, CSV, Markdown, text, chart", &both)]
            }
            FilePurpose::ImportRefi => vec![f("REFI-QDA", o::REFI_FORMATS)],
            FilePurpose::ExportRefi => {
                vec![f("REFI-QDA project", &[Format::Qdpx]), f("REFI-QDA codebook", &[Format::Qdc])]
            }
        }
    }

    /// What to do with the chosen paths.
    pub fn command(self, mut paths: Vec<PathBuf>) -> Option<Command> {
        use workflows::WorkflowCommand as W;
        if paths.is_empty() {
            return None;
        }
        let first = paths.swap_remove(0);
        Some(match self {
            FilePurpose::OpenProject => Command::OpenProject { path: first, read_only: false },
            FilePurpose::NewProject => Command::CreateProject { path: first },
            FilePurpose::ImportFiles => {
                paths.insert(0, first);
                Command::PreviewImport { paths }
            }
            FilePurpose::ImportCodebook => Command::ImportCodebook { path: first },
            FilePurpose::CheckChapter => Command::CheckChapter { path: first },
            FilePurpose::MergeProject => Command::PreviewExchange(Exchange::Merge(first)),
            FilePurpose::Handout => Command::MakeHandout { path: first },
            FilePurpose::ImportRefi => Command::PreviewExchange(Exchange::ImportRefi(first)),
            FilePurpose::ExportRefi => Command::ExportRefi { path: first },
            FilePurpose::ImportRespondentTable => Command::Workflow(W::PreviewTable { path: first, survey: false }),
            FilePurpose::ImportSurveyTable => Command::Workflow(W::PreviewTable { path: first, survey: true }),
            FilePurpose::SaveProjectCopy => Command::Workflow(W::SaveProjectCopy { path: first }),
            FilePurpose::PseudonymisedCopy => Command::Workflow(W::PseudonymCopyPath { path: first }),
            FilePurpose::ExportCodebook => Command::Workflow(W::ExportCodebook { path: first }),
            FilePurpose::ExportReport(scope) => Command::Workflow(W::ExportReport { path: first, scope }),
        })
    }
}

impl WerkbankApp {
    pub(super) fn poll_file_dialog(&mut self) {
        let Some((purpose, rx, opened)) = &self.file_dialog else { return };
        let (purpose, opened) = (*purpose, *opened);
        match rx.try_recv() {
            Ok(Some(paths)) => {
                self.file_dialog = None;
                if let Some(c) = purpose.command(paths) {
                    self.queue.push(c);
                }
            }
            Ok(None) => {
                // A dialog that answers "nothing chosen" faster than a person can click Cancel
                // never appeared (no desktop portal): say so and ask for a typed path. A dialog
                // the user cancelled stays cancelled.
                self.file_dialog = None;
                if opened.elapsed() < std::time::Duration::from_millis(700) {
                    self.path_notice = Some(self.t(Key::NoFileDialog).to_string());
                    self.dialog = Some(Dialog::Path { purpose, path: String::new() });
                }
            }
            Err(std::sync::mpsc::TryRecvError::Empty) => {}
            Err(_) => self.file_dialog = None,
        }
    }

    /// Runs the native file dialog on a worker thread (it blocks), falling back to a typed path.
    pub(super) fn file_dialog(&mut self, purpose: FilePurpose) {
        if !self.settings.native_dialogs || std::env::var_os("WERKBANK_NO_FILE_DIALOG").is_some() {
            self.path_notice = None;
            self.dialog = Some(Dialog::Path { purpose, path: String::new() });
            return;
        }
        let (tx, rx) = channel();
        let title = self.t(purpose.title());
        let stem = self.project.as_ref().map_or_else(|| "project".to_string(), |p| p.session.project().name.clone());
        let stem: String = stem.chars().map(|c| if c.is_alphanumeric() || c == '-' { c } else { '_' }).collect();
        // The codebook dialog's chosen format names the suggested file.
        let codebook_ext = match &self.workflow {
            Some(workflows::Workflow::CodebookExport(st)) => st.format.extension(),
            _ => "json",
        };
        std::thread::spawn(move || {
            let d = purpose
                .filters()
                .into_iter()
                .fold(rfd::FileDialog::new().set_title(title), |d, (name, exts)| d.add_filter(name, &exts));
            let save = |d: rfd::FileDialog, name: String| d.set_file_name(name).save_file().map(|p| vec![p]);
            let r = match purpose {
                FilePurpose::OpenProject
                | FilePurpose::MergeProject
                | FilePurpose::ImportCodebook
                | FilePurpose::ImportRespondentTable
                | FilePurpose::ImportSurveyTable
                | FilePurpose::CheckChapter
                | FilePurpose::ImportRefi => d.pick_file().map(|p| vec![p]),
                FilePurpose::ImportFiles => d.pick_files(),
                FilePurpose::NewProject => save(d, "project.werkbank".into()),
                FilePurpose::SaveProjectCopy => save(d, format!("{stem}.werkbank")),
                FilePurpose::PseudonymisedCopy => save(d, format!("{stem}-pseudonymised.werkbank")),
                FilePurpose::ExportCodebook => save(d, format!("{stem}-codebook.{codebook_ext}")),
                FilePurpose::ExportReport(scope) => save(
                    d,
                    match scope {
                        analysis_view::Scope::Segments => format!("{stem}-segments.xlsx"),
                        analysis_view::Scope::Memos => format!("{stem}-memos.docx"),
                        analysis_view::Scope::Codebook => format!("{stem}-codebook.docx"),
                        _ => format!("{stem}-appendix.docx"),
                    },
                ),
                FilePurpose::Handout => save(d, "second-coder.werkbank".into()),
                FilePurpose::ExportRefi => save(d, "project.qdpx".into()),
            };
            let _ = tx.send(r);
        });
        self.file_dialog = Some((purpose, rx, std::time::Instant::now()));
    }
}
