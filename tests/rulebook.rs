//! `kaoping doc`: the rulebook generated from a policy (issue 15 §5), and
//! the committed rulebooks of the shipped policies, which must not go stale.

use std::path::{Path, PathBuf};
use std::process::Command;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn kaoping(arguments: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_kaoping"))
        .args(arguments)
        .current_dir(root())
        .env("LC_ALL", "C.UTF-8")
        .output()
        .expect("the binary runs")
}

fn stdout(arguments: &[&str]) -> String {
    let output = kaoping(arguments);
    assert!(
        output.status.success(),
        "kaoping {arguments:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).expect("UTF-8")
}

/// Every shipped policy and the rulebook committed beside it: `RULEBOOK.md`
/// in a folder with one policy, `RULEBOOK-<policy>.md` in a folder with more.
fn shipped_rulebooks() -> Vec<(String, PathBuf)> {
    let mut pairs = Vec::new();
    let mut folders: Vec<PathBuf> = std::fs::read_dir(root().join("policies"))
        .expect("policies/")
        .map(|entry| entry.expect("entry").path())
        .filter(|path| path.is_dir())
        .collect();
    folders.sort();
    for folder in folders {
        let mut policies: Vec<PathBuf> = std::fs::read_dir(&folder)
            .expect("folder")
            .map(|entry| entry.expect("entry").path())
            .filter(|path| path.extension().is_some_and(|e| e == "kp"))
            .collect();
        policies.sort();
        let single = policies.len() == 1;
        for policy in policies {
            let stem = policy.file_stem().unwrap().to_string_lossy().into_owned();
            let rulebook = if single {
                folder.join("RULEBOOK.md")
            } else {
                folder.join(format!("RULEBOOK-{stem}.md"))
            };
            let relative = policy
                .strip_prefix(root())
                .unwrap()
                .to_string_lossy()
                .into_owned();
            pairs.push((relative, rulebook));
        }
    }
    pairs
}

/// issue 15 §5: the README links the shipped rulebooks, so they must say
/// what the policies say. `UPDATE_RULEBOOKS=1 cargo test --test rulebook`
/// writes them afresh.
#[test]
fn committed_rulebooks_are_current() {
    let update = std::env::var_os("UPDATE_RULEBOOKS").is_some();
    let pairs = shipped_rulebooks();
    assert!(pairs.len() >= 7, "the seven shipped schemes: {pairs:?}");
    let mut stale = Vec::new();
    for (policy, rulebook) in pairs {
        let generated = stdout(&["--lang", "zh", "doc", &policy]);
        if update {
            std::fs::write(&rulebook, &generated).expect("write the rulebook");
            continue;
        }
        let committed = std::fs::read_to_string(&rulebook).unwrap_or_default();
        if committed != generated {
            stale.push(rulebook.display().to_string());
        }
    }
    assert!(
        stale.is_empty(),
        "stale rulebooks (run `UPDATE_RULEBOOKS=1 cargo test --test rulebook`): {stale:?}"
    );
}

/// issue 15 §5: the section tree with maxima, rules as written with their
/// clause and readings, parameters, grades, ranking, in the reader's language.
#[test]
fn a_rulebook_shows_the_tree_rules_parameters_grades_and_ranking() {
    let chinese = stdout(&["--lang", "zh", "doc", "policies/river-chief/river-chief.kp"]);
    for expected in [
        "# 开化县“河长制”工作考核（乡镇级河长）",
        "## 指标及分值",
        "| 基本要求 | `basic` | 20 | 办法·考核方法 |",
        "| 　乡镇级河长由乡镇主要领导或分管领导担任 | `basic.chief` | 5 | 细则 一1 |",
        "| 合计 |  | 100 |  |",
        "## 参数",
        "| 基本要求其余各项 | `basic_others_points` | 15（= weight_basic - chief_points） | 办法·考核方法 |",
        "#### 乡镇级河长由乡镇主要领导或分管领导担任（basic.chief），5 分",
        "- 条款：细则 一1",
        "- 得分 = `chief_grade_points[candidate.basic.chief_grade]`",
        "## 等次",
        "| 优秀 | `优秀` | 90 分及以上 |",
        "## 排名与选拔",
        "- 按总分从高到低排名；总分相同的，名次并列。",
        "各指标得分保留 2 位小数（四舍五入）",
    ] {
        assert!(chinese.contains(expected), "missing {expected:?} in\n{chinese}");
    }
    let english = stdout(&["--lang", "en", "doc", "policies/river-chief/river-chief.kp"]);
    assert!(english.contains("## Indicators and maxima"));
    assert!(english.contains("#### 乡镇级河长由乡镇主要领导或分管领导担任 (basic.chief), max 5"));
    assert!(!english.contains("## 指标及分值"));
}

/// issue 15 §5: eligibility, vetoes, selection and flags, each with its clause.
#[test]
fn a_rulebook_states_eligibility_selection_and_flags() {
    let text = stdout(&["--lang", "zh", "doc", "policies/jiangxi-2019/individual.kp"]);
    assert!(text.contains("## 参评资格、否决及提示"));
    assert!(text.contains("- 不得参评，条件：`not candidate.enforcement_certificate_valid`"));
    assert!(text.contains("撤销入选资格，条件：`candidate.revoked_after_selection`"));
    assert!(text.contains("- 按名次选拔前 20 名；名额线上并列的，一并入选。"));
    assert!(text.contains("- 标记 national：名次前 10 名。"));
    assert!(text.contains("依次比较强化监督表现、调查取证工作质量"));
    // Expressions as written, with brackets the compiled spans leave out.
    let collective = stdout(&["doc", "policies/jiangxi-2019/collective.kp"]);
    assert!(collective.contains("- Score = `(earned - lost) floor 0`"));
    assert!(collective.contains("### 细则所列加分") || !collective.contains("bonus"));
}

/// issue 15 §5: a child policy shows what it changed from its parent.
#[test]
fn a_child_rulebook_shows_old_and_new_values() {
    let output = kaoping(&["doc", "examples/what-if/weights-2020.kp"]);
    assert!(output.status.success());
    let text = String::from_utf8(output.stdout).unwrap();
    assert!(text.contains("- Amends policy `jiangxi_2019_collective` (version 2019.1"));
    assert!(text.contains("Compared with jiangxi_2019_collective: 3 parameters changed"));
    assert!(text.contains("| 强化监督表现 | `weight_supervision` | 30 → 25 |"));
    assert!(text.contains("| 强化监督表现 | `supervision` | 30 → 25 |"));
    // Unchanged values are shown once.
    assert!(text.contains("| 队伍建设与管理 | `weight_team` | 20 |"));
    // Warnings are for the author, who reads them from `check`, not from the
    // committee's document (issue 15 §2).
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(stderr.is_empty(), "{stderr}");
}

/// issue 15 §5: `--format html` and `-o x.html` write one page; `-o` refuses
/// to replace a file without `--force`, and the extension must fit.
#[test]
fn doc_writes_html_atomically_and_refuses_to_overwrite() {
    let folder = std::env::temp_dir().join(format!("kaoping-rulebook-{}", std::process::id()));
    std::fs::create_dir_all(&folder).unwrap();
    let page = folder.join("rulebook.html");
    let _ = std::fs::remove_file(&page);
    let page_name = page.to_str().unwrap();
    let policy = "policies/river-chief/river-chief.kp";
    let output = kaoping(&["doc", policy, "-o", page_name]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let html = std::fs::read_to_string(&page).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>\n<html lang=\"en\">"));
    assert!(html.contains("<h2>Indicators and maxima</h2>"));
    assert!(html.contains("<code>chief_grade_points[candidate.basic.chief_grade]</code>"));
    assert_eq!(html.matches("<ul>").count(), html.matches("</ul>").count());

    let again = kaoping(&["doc", policy, "-o", page_name]);
    assert_eq!(again.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&again.stderr).contains("already exists; pass `--force`"));
    assert!(kaoping(&["doc", policy, "-o", page_name, "--force"])
        .status
        .success());

    let wrong = kaoping(&["doc", policy, "--format", "md", "-o", page_name]);
    assert_eq!(wrong.status.code(), Some(2));
    let csv = folder.join("rulebook.csv");
    let refused = kaoping(&["doc", policy, "-o", csv.to_str().unwrap()]);
    assert_eq!(refused.status.code(), Some(2));
    assert!(!Path::new(&csv).exists());
    std::fs::remove_dir_all(&folder).unwrap();
}

/// The same policy gives the same bytes.
#[test]
fn rulebooks_are_deterministic() {
    let policy = "policies/jiangxi-2019/collective.kp";
    assert_eq!(stdout(&["doc", policy]), stdout(&["doc", policy]));
}
