//! `awsx man`: the manual pages, generated from the clap definition and the ENVIRONMENT and
//! FILES tables in `cli`, so no page can drift from what awsx accepts.
//!
//! `awsx man` prints awsx(1): every global option, the subcommands, ENVIRONMENT, FILES and
//! SEE ALSO naming one page per subcommand. `awsx man exec` prints awsx-exec(1);
//! `awsx man --dir DIR` writes the whole set, for `man awsx-exec` once DIR is on MANPATH.

use crate::cli::{CHILD_ENVIRONMENT, ENVIRONMENT, FILES, ManArgs};
use crate::error::Hinted;
use clap_mangen::Man;
use roff::{Roff, bold, roman};
use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

pub fn run(ctx: &crate::context::Context, args: &ManArgs) -> anyhow::Result<ExitCode> {
    let top = man_command();
    if let Some(dir) = &args.dir {
        let written = write_all(&top, dir).map_err(|e| {
            Hinted::new(
                format!("cannot write the man pages into {}: {e}", dir.display()),
                "name a directory you can write, e.g. --dir ~/.local/share/man/man1",
            )
        })?;
        for path in written {
            crate::outln!(ctx, "{}", path.display())?;
        }
        return Ok(ExitCode::SUCCESS);
    }
    let page = find(&top, &args.command).ok_or_else(|| {
        Hinted::new(
            format!("awsx has no command `{}`", args.command.join(" ")),
            format!(
                "pages exist for: {}",
                page_names(&top)
                    .iter()
                    .map(|n| n.trim_start_matches("awsx-").replace('-', " "))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        )
    })?;
    let mut out = Vec::new();
    render(&page, &top, args.command.is_empty(), &mut out)?;
    crate::out!(ctx, "{}", String::from_utf8_lossy(&out))?;
    Ok(ExitCode::SUCCESS)
}

fn man_command() -> clap::Command {
    let mut cmd = crate::cli::command();
    cmd.build();
    cmd
}

/// The page for `awsx COMMAND...`, or the top page for no command.
fn find(top: &clap::Command, path: &[String]) -> Option<clap::Command> {
    let wanted = std::iter::once("awsx".to_string())
        .chain(path.iter().cloned())
        .collect::<Vec<_>>()
        .join("-");
    pages(top).into_iter().find(|p| page_name(p) == wanted)
}

/// Every page, named as `man` names it (`awsx`, `awsx-add`, ..., `awsx-config-show`), with
/// that name as the page's display name.
fn pages(top: &clap::Command) -> Vec<clap::Command> {
    fn walk(cmd: &clap::Command, name: String, all: &mut Vec<clap::Command>) {
        all.push(cmd.clone().display_name(name.clone()));
        // clap's own `help` subcommands get no page: `awsx help exec` is `awsx exec --help`.
        for sub in cmd
            .get_subcommands()
            .filter(|s| !s.is_hide_set() && s.get_name() != "help")
        {
            walk(sub, format!("{name}-{}", sub.get_name()), all);
        }
    }
    let mut all = Vec::new();
    walk(top, "awsx".to_string(), &mut all);
    all
}

fn page_name(cmd: &clap::Command) -> String {
    cmd.get_display_name()
        .unwrap_or_else(|| cmd.get_name())
        .to_string()
}

fn page_names(top: &clap::Command) -> Vec<String> {
    pages(top).iter().skip(1).map(page_name).collect()
}

fn render(
    page: &clap::Command,
    top: &clap::Command,
    is_top: bool,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    Man::new(page.clone())
        .source(format!("awsx {}", env!("CARGO_PKG_VERSION")))
        .manual("awsx manual")
        .render(out)?;
    let mut roff = Roff::new();
    if is_top {
        table(&mut roff, "ENVIRONMENT", ENVIRONMENT);
        roff.text([roman(
            "exec sets or removes these for the child (the child of exec --server gets no keys):",
        )]);
        table(&mut roff, "", CHILD_ENVIRONMENT);
        table(&mut roff, "FILES", FILES);
        roff.control("SH", ["SEE ALSO"]);
        let see: Vec<String> = page_names(top).iter().map(|n| format!("{n}(1)")).collect();
        roff.text([roman(format!("{}, aws(1)", see.join(", ")))]);
    } else {
        roff.control("SH", ["SEE ALSO"]);
        roff.text([roman(
            "awsx(1): the global option --backend, ENVIRONMENT and FILES.",
        )]);
    }
    roff.to_writer(out)
}

fn table(roff: &mut Roff, heading: &str, rows: &[(&str, &str)]) {
    if !heading.is_empty() {
        roff.control("SH", [heading]);
    }
    for (name, text) in rows {
        roff.control("TP", []);
        roff.text([bold(*name)]);
        roff.text([roman(*text)]);
    }
}

fn write_all(top: &clap::Command, dir: &Path) -> std::io::Result<Vec<std::path::PathBuf>> {
    std::fs::create_dir_all(dir)?;
    let mut written = Vec::new();
    for (i, page) in pages(top).iter().enumerate() {
        let path = dir.join(format!("{}.1", page_name(page)));
        let mut out = Vec::new();
        render(page, top, i == 0, &mut out)?;
        std::fs::write(&path, out)?;
        written.push(path);
    }
    Ok(written)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(path: &[&str]) -> String {
        let top = man_command();
        let path: Vec<String> = path.iter().map(|s| s.to_string()).collect();
        let mut out = Vec::new();
        render(
            &find(&top, &path).expect("page"),
            &top,
            path.is_empty(),
            &mut out,
        )
        .expect("render");
        String::from_utf8(out).expect("utf8")
    }

    #[test]
    fn the_top_page_has_environment_files_and_names_pages_that_exist() {
        let text = page(&[]);
        for section in ["ENVIRONMENT", "FILES", "\"SEE ALSO\"", "SUBCOMMANDS"] {
            assert!(text.contains(&format!(".SH {section}")), "{section}");
        }
        for (name, _) in ENVIRONMENT.iter().chain(CHILD_ENVIRONMENT) {
            assert!(text.contains(&format!("\\fB{name}\\fR")), "{name}");
        }
        let top = man_command();
        let names = page_names(&top);
        assert!(names.contains(&"awsx-exec".to_string()), "{names:?}");
        assert!(names.contains(&"awsx-config-show".to_string()), "{names:?}");
        for name in &names {
            let roff_name = name.replace('-', "\\-");
            assert!(
                text.contains(&format!("{roff_name}(1)")),
                "{name} in SEE ALSO"
            );
        }
    }

    /// Every `AWS_*`/`AWSX_*` name in the code outside tests, as a string literal.
    fn variables_named_in_the_code() -> std::collections::BTreeSet<String> {
        fn walk(dir: &Path, found: &mut std::collections::BTreeSet<String>) {
            for entry in std::fs::read_dir(dir).expect("src").flatten() {
                let path = entry.path();
                if path.is_dir() {
                    walk(&path, found);
                } else if path.extension().is_some_and(|e| e == "rs") {
                    let text = std::fs::read_to_string(&path).expect("read");
                    let code = text.split("#[cfg(test)]").next().unwrap_or("");
                    for piece in code.split('"').skip(1).step_by(2) {
                        let named = (piece.starts_with("AWS_") || piece.starts_with("AWSX_"))
                            && !piece.ends_with('_')
                            && piece
                                .bytes()
                                .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'_');
                        if named {
                            found.insert(piece.to_string());
                        }
                    }
                }
            }
        }
        let mut found = std::collections::BTreeSet::new();
        walk(
            &Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
            &mut found,
        );
        found
    }

    #[test]
    fn every_variable_the_code_names_is_documented_in_the_man_page_and_docs() {
        let documented: Vec<&str> = ENVIRONMENT
            .iter()
            .chain(CHILD_ENVIRONMENT)
            .map(|(name, _)| *name)
            .collect();
        let found = variables_named_in_the_code();
        assert!(
            found.contains("AWSX_BACKEND"),
            "the scan finds names: {found:?}"
        );
        for name in &found {
            assert!(
                documented.contains(&name.as_str()),
                "{name} is named in src/ but not in cli::ENVIRONMENT or CHILD_ENVIRONMENT"
            );
        }
        let docs = include_str!("../../docs/config.md");
        for (name, _) in ENVIRONMENT {
            assert!(
                docs.contains(&format!("`{name}`")),
                "{name} not in docs/config.md"
            );
        }
    }

    #[test]
    fn a_subcommand_page_has_its_own_options_and_not_the_global_ones() {
        let text = page(&["exec"]);
        assert!(text.contains("awsx\\-exec"), "{text}");
        assert!(text.contains("\\-\\-no\\-session"), "{text}");
        assert!(!text.contains("\\fB\\-\\-backend"), "{text}");
        let top = page(&[]);
        assert!(top.contains("\\fB\\-\\-backend"), "{top}");
    }
}
