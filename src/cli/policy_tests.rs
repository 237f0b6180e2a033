//! `kaoping test`: the policy test cases stored as data.

use std::path::Path;

use kaoping::policy_tests::{self, CaseResult};

use super::output::{self, Content, Destination};
use super::Failure;

/// Runs every case, shows a diff for each failure and, with `update`,
/// rewrites the failing expectations and runs those cases again, so that the
/// summary and the exit status say what holds after the update.
pub fn run(
    root: &Path,
    dir: &Path,
    update: bool,
    junit: Option<&Path>,
    force: bool,
) -> Result<(), Failure> {
    // Chosen first, so that a refusal comes before the cases run.
    let junit = junit
        .map(|name| Destination::choose(name, Content::Junit, force, &[]))
        .transpose()?;
    if output::is_standard_stream(dir) {
        return Err(Failure::Usage(
            "`kaoping test` reads case files from a folder, not from standard input".into(),
        ));
    }
    let paths = policy_tests::discover(dir).map_err(|e| {
        Failure::Io(format!(
            "cannot search `{}` for test cases: {e}",
            dir.display()
        ))
    })?;
    if paths.is_empty() {
        return Err(Failure::Io(format!(
            "no test cases under `{}` (looked for `tests/*.yaml`)",
            dir.display()
        )));
    }
    let mut results: Vec<CaseResult> = paths
        .iter()
        .map(|path| policy_tests::run_case_in(root, path))
        .collect();
    let mut out = String::new();
    let mut updated = 0;
    for result in results.iter_mut() {
        let path = result.path.display().to_string();
        if result.passed() {
            out.push_str(&format!("ok    {} ({path})\n", result.name));
            continue;
        }
        out.push_str(&format!("FAIL  {} ({path})\n", result.name));
        out.push_str(policy_tests::render_diff(result).trim_end_matches('\n'));
        out.push('\n');
        if update {
            match policy_tests::update_case(&result.path, result) {
                Ok(true) => {
                    updated += 1;
                    // Run again, so that the line, the summary and the
                    // exit status all say what holds after the update.
                    *result = policy_tests::run_case_in(root, &result.path);
                    let now = if result.passed() {
                        "it passes now"
                    } else {
                        "it still fails"
                    };
                    out.push_str(&format!(
                        "      updated the changed expectations from the current outcome; {now}\n"
                    ));
                }
                Ok(false) => {}
                Err(error) => out.push_str(&format!("      not updated: {error}\n")),
            }
        }
    }
    if let Some(junit) = &junit {
        junit.write(policy_tests::junit(&results).as_bytes())?;
    }
    // Counted after any update: the summary says what the exit status says.
    let failed = results.iter().filter(|result| !result.passed()).count();
    let passed = results.len() - failed;
    out.push_str(&format!("\n{passed} passed, {failed} failed"));
    if update {
        out.push_str(&format!(", {updated} updated"));
    }
    out.push('\n');
    output::stdout_while_open(out.as_bytes(), &mut false)?;
    if failed == 0 {
        Ok(())
    } else {
        Err(Failure::Invalid)
    }
}
