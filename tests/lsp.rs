//! `kaoping lsp` end to end: the binary spawned, JSON-RPC over its stdio.

#[path = "lsp/client.rs"]
mod client;
#[path = "lsp/property.rs"]
mod property;

use std::path::{Path, PathBuf};

use client::{initialize_params, Client};
use lsp_types::Url;
use serde_json::{json, Value};

const WEIGHTS: &str = "examples/what-if/weights-2020.kp";
const COLLECTIVE: &str = "policies/jiangxi-2019/collective.kp";

fn repository() -> PathBuf {
    std::fs::canonicalize(env!("CARGO_MANIFEST_DIR")).expect("the repository")
}

fn url(path: &Path) -> String {
    Url::from_file_path(path)
        .expect("an absolute path")
        .to_string()
}

fn read(relative: &str) -> String {
    std::fs::read_to_string(repository().join(relative)).expect("readable")
}

/// A position (line, character) of the first `needle` in `text`, counted
/// in UTF-16 or in UTF-8 bytes.
fn position_of(text: &str, needle: &str, utf8: bool) -> Value {
    let at = text
        .find(needle)
        .unwrap_or_else(|| panic!("{needle} in text"));
    let line = text[..at].matches('\n').count();
    let line_start = text[..at].rfind('\n').map_or(0, |n| n + 1);
    let before = &text[line_start..at];
    let character = if utf8 {
        before.len()
    } else {
        before.encode_utf16().count()
    };
    json!({ "line": line, "character": character })
}

fn start(folder: &Path, encodings: &[&str], options: Value) -> (Client, Value) {
    let mut client = Client::start(folder, &[], "C.UTF-8");
    let root = url(folder);
    let initialized = client.result(
        "initialize",
        initialize_params(&root, encodings, "zh-cn", options),
    );
    client.notify("initialized", json!({}));
    (client, initialized)
}

fn open(client: &mut Client, uri: &str, text: &str) {
    client.notify(
        "textDocument/didOpen",
        json!({ "textDocument": { "uri": uri, "languageId": "kaoping", "version": 1, "text": text } }),
    );
}

fn change(client: &mut Client, uri: &str, version: i32, changes: Value) {
    client.notify(
        "textDocument/didChange",
        json!({ "textDocument": { "uri": uri, "version": version }, "contentChanges": changes }),
    );
}

fn at(uri: &str, position: Value) -> Value {
    json!({ "textDocument": { "uri": uri }, "position": position })
}

// issue 17 §4: the issue's scenario, its transcript kept as a snapshot.
#[test]
fn the_issue_scenario_over_json_rpc() {
    let root = repository();
    let (mut client, initialized) = start(&root, &["utf-16"], json!({}));
    let capabilities = &initialized["capabilities"];
    assert_eq!(capabilities["positionEncoding"], "utf-16");
    assert_eq!(capabilities["hoverProvider"], true);
    assert_eq!(
        capabilities["completionProvider"]["triggerCharacters"],
        json!(["."])
    );
    assert_eq!(capabilities["renameProvider"]["prepareProvider"], true);

    // Open the 2020 what-if with a misspelled name: the diagnostic arrives.
    let child = url(&root.join(WEIGHTS));
    let original = read(WEIGHTS);
    let misspelled = original.replace(
        "= 25 cite \"附1 一(二)\"",
        "= weight_supervison cite \"附1 一(二)\"",
    );
    assert_ne!(misspelled, original);
    open(&mut client, &child, &misspelled);
    let diagnostics = client.diagnostics_for(&child);
    assert_eq!(diagnostics.len(), 1, "{diagnostics:#?}");
    let problem = &diagnostics[0];
    assert_eq!(problem["severity"], 1);
    assert_eq!(problem["source"], "kaoping");
    let message = problem["message"].as_str().unwrap_or_default();
    assert!(message.contains("weight_supervison"), "{message}");
    assert!(
        message.contains("建议：did you mean `weight_supervision`?"),
        "{message}"
    );
    // After the Chinese label, in UTF-16 code units.
    let wrong = position_of(&misspelled, "weight_supervison", false);
    assert_eq!(problem["range"]["start"], wrong);

    // Correct it with an incremental change: the diagnostic is cleared.
    let mut end = wrong.clone();
    end["character"] = json!(wrong["character"].as_u64().unwrap_or(0) + 17);
    change(
        &mut client,
        &child,
        2,
        json!([{ "range": { "start": wrong, "end": end }, "text": "weight_supervision" }]),
    );
    assert_eq!(client.diagnostics_for(&child), Vec::<Value>::new());
    let text = misspelled.replace("weight_supervison", "weight_supervision");

    // Hover the overridden weight: its 2019 and 2020 values.
    let weight = position_of(&text, "weight_case_files", false);
    let hover = client.result("textDocument/hover", at(&child, weight.clone()));
    let shown = hover["contents"]["value"].as_str().unwrap_or_default();
    assert!(shown.contains("20") && shown.contains("25"), "{shown}");
    assert!(shown.contains("执法案卷质量"), "{shown}");

    // Its definition is in the 2019 policy.
    let parent = url(&root.join(COLLECTIVE));
    let definition = client.result("textDocument/definition", at(&child, weight.clone()));
    let places = definition.as_array().cloned().unwrap_or_default();
    let declared = position_of(&read(COLLECTIVE), "weight_case_files", false);
    assert!(
        places
            .iter()
            .any(|place| place["uri"] == parent && place["range"]["start"] == declared),
        "{definition:#}"
    );

    // Complete after `candidate.` on a half-typed line.
    let typing = format!("{text}let probe = candidate.");
    change(&mut client, &child, 3, json!([{ "text": typing }]));
    let end_of_text = position_of(&typing, "candidate.", false);
    let after_dot = json!({
        "line": end_of_text["line"],
        "character": end_of_text["character"].as_u64().unwrap_or(0) + 10,
    });
    let mut completion_request = at(&child, after_dot);
    completion_request["context"] = json!({ "triggerKind": 2, "triggerCharacter": "." });
    let completion = client.result("textDocument/completion", completion_request);
    let labels: Vec<&str> = completion
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|item| item["label"].as_str())
        .collect();
    for field in ["id", "name", "level", "city", "supervision"] {
        assert!(labels.contains(&field), "{field} in {labels:?}");
    }

    // Format a badly laid-out text: the edit gives the canonical layout.
    let messy = text.replacen(
        "override param weight_case_files  ",
        "override   param weight_case_files ",
        1,
    );
    change(&mut client, &child, 4, json!([{ "text": messy }]));
    let edits = client.result(
        "textDocument/formatting",
        json!({ "textDocument": { "uri": child }, "options": { "tabSize": 2, "insertSpaces": true } }),
    );
    let edits = edits.as_array().cloned().unwrap_or_default();
    assert_eq!(edits.len(), 1, "{edits:#?}");
    assert_eq!(
        edits[0]["newText"].as_str(),
        Some(
            kaoping::format::format_source(&messy)
                .expect("formats")
                .as_str()
        )
    );
    change(&mut client, &child, 5, json!([{ "text": text }]));

    // Rename the weight: prepared on its name, edited in this file.
    let prepared = client.result("textDocument/prepareRename", at(&child, weight.clone()));
    assert_eq!(prepared["start"], weight);
    let mut rename = at(&child, weight.clone());
    rename["newName"] = json!("weight_case_quality");
    let renamed = client.result("textDocument/rename", rename);
    let here = renamed["changes"][&child]
        .as_array()
        .cloned()
        .unwrap_or_default();
    assert!(
        here.iter().any(
            |edit| edit["newText"] == "weight_case_quality" && edit["range"]["start"] == weight
        ),
        "{renamed:#}"
    );

    let status = client.stop();
    assert!(status.success(), "{status:?}");
    let transcript = client.transcript_text(&url(&root));
    insta::assert_snapshot!("issue_scenario_transcript", transcript);
}

// issue 17 §1: positions after Chinese count in UTF-8 bytes when the client offers them.
#[test]
fn positions_are_utf8_bytes_when_the_client_offers_utf8() {
    let root = repository();
    let (mut client, initialized) = start(&root, &["utf-8", "utf-16"], json!({}));
    assert_eq!(initialized["capabilities"]["positionEncoding"], "utf-8");
    let child = url(&root.join(WEIGHTS));
    let misspelled = read(WEIGHTS).replace(
        "= 25 cite \"附1 一(二)\"",
        "= weight_supervison cite \"附1 一(二)\"",
    );
    open(&mut client, &child, &misspelled);
    let diagnostics = client.diagnostics_for(&child);
    let wrong = position_of(&misspelled, "weight_supervison", true);
    assert_eq!(diagnostics[0]["range"]["start"], wrong);
    assert_ne!(wrong, position_of(&misspelled, "weight_supervison", false));
    // A hover there answers, at the same byte position.
    let hover = client.request("textDocument/hover", at(&child, wrong));
    assert!(hover.get("error").is_none(), "{hover}");
    assert!(client.stop().success());
}

// issue 17 §1: what the server does not know, and documents it does not have.
#[test]
fn unknown_requests_answer_method_not_found_and_the_server_goes_on() {
    let root = repository();
    let (mut client, _) = start(&root, &[], json!({}));
    let unknown = client.request("kaoping/nothing", json!({}));
    assert_eq!(unknown["error"]["code"], -32601, "{unknown}");
    let not_open = client.request(
        "textDocument/hover",
        at("file:///nowhere/x.kp", json!({ "line": 0, "character": 0 })),
    );
    assert!(
        not_open["error"]["message"].as_str().is_some(),
        "{not_open}"
    );
    let malformed = client.request("textDocument/hover", json!({ "nonsense": true }));
    assert_eq!(malformed["error"]["code"], -32602, "{malformed}");
    assert!(client.stop().success());
}

// issue 17 §1: clients that add `--stdio` on their own (vscode-languageclient
// with its stdio transport, some Neovim setups) start the server all the same.
#[test]
fn the_server_accepts_the_stdio_flag_that_clients_add() {
    let root = repository();
    let mut client = Client::start_with(&root, &[], &["--stdio"], "C.UTF-8");
    let initialized = client.result(
        "initialize",
        initialize_params(&url(&root), &[], "en", json!({})),
    );
    assert!(initialized["capabilities"]["hoverProvider"]
        .as_bool()
        .unwrap());
    client.notify("initialized", json!({}));
    assert!(client.stop().success());
}

const BASE: &str = r#"policy base {
  title "基础"
  total 10
}
input {
  candidates: list of { id: text, name: text, votes: int[0..], bonus: int[0..3] } key id
}
param weight = 10 cite "基础 一"
param bonus_cap = 3
indicator satisfaction "满意度" max weight {
  item votes "得票" max 7 {
    score 7 * (peers.count() - peers.rank_desc(votes) + 1) / peers.count()
  }
  item bonus "加分" max 3 {
    score candidate.bonus cap bonus_cap
  }
}
rank by total, satisfaction
select 1
"#;

const CHILD: &str = r#"policy child {
  extends "../base/base.kp"
  title "子"
}
remove item satisfaction.bonus
"#;

/// A fresh folder under the system's temporary folder, removed on drop.
struct Folder(PathBuf);

impl Folder {
    fn new(name: &str) -> Folder {
        let path = std::env::temp_dir().join(format!("kaoping-lsp-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&path);
        std::fs::create_dir_all(&path).expect("a temporary folder");
        Folder(std::fs::canonicalize(&path).expect("canonical"))
    }
}

impl Drop for Folder {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

// issue 17 §2: a child's removal breaks the parent's sum: both files show it,
// the parent read from the editor's unsaved text; fixed, both are cleared.
#[test]
fn a_problem_an_override_causes_shows_in_both_files_and_clears() {
    let folder = Folder::new("chain");
    let (mut client, _) = start(&folder.0, &[], json!({}));
    // Neither file is on disk: the child reads its parent from the editor.
    let parent = url(&folder.0.join("base/base.kp"));
    let child = url(&folder.0.join("dir/child.kp"));
    open(&mut client, &parent, BASE);
    open(&mut client, &child, CHILD);
    let in_child = client.diagnostics_for(&child);
    let in_parent = client.diagnostics_for(&parent);
    let sum = |list: &[Value]| {
        list.iter()
            .find(|d| d["code"] == "kaoping::check::item_sum")
            .cloned()
            .unwrap_or_else(|| panic!("an item_sum problem in {list:#?}"))
    };
    let child_problem = sum(&in_child);
    let parent_problem = sum(&in_parent);
    assert_eq!(
        child_problem["range"]["start"],
        position_of(CHILD, "remove item satisfaction.bonus", false)
    );
    assert_eq!(
        parent_problem["range"]["start"]["line"], 9,
        "the parent's indicator"
    );
    let related = &child_problem["relatedInformation"];
    assert!(
        related
            .as_array()
            .into_iter()
            .flatten()
            .any(|r| r["location"]["uri"] == parent),
        "{child_problem:#}"
    );
    assert!(
        child_problem["message"]
            .as_str()
            .unwrap_or_default()
            .contains("建议："),
        "the help line: {child_problem:#}"
    );

    // Keep the item: no problem is left in either file.
    change(
        &mut client,
        &child,
        2,
        json!([{ "text": CHILD.replace("remove item satisfaction.bonus\n", "") }]),
    );
    let mut cleared = std::collections::BTreeMap::new();
    while cleared.len() < 2 {
        let published = client.notification("textDocument/publishDiagnostics");
        let params = &published["params"];
        cleared.insert(
            params["uri"].as_str().unwrap_or_default().to_string(),
            params["diagnostics"].clone(),
        );
    }
    assert_eq!(cleared[&child], json!([]));
    assert_eq!(cleared[&parent], json!([]));

    // Broken again, then closed: the child's problems leave both files.
    change(&mut client, &child, 3, json!([{ "text": CHILD }]));
    assert!(!client.diagnostics_for(&parent).is_empty());
    assert!(!client.diagnostics_for(&child).is_empty());
    client.notify(
        "textDocument/didClose",
        json!({ "textDocument": { "uri": child } }),
    );
    assert_eq!(client.diagnostics_for(&child), Vec::<Value>::new());
    assert_eq!(client.diagnostics_for(&parent), Vec::<Value>::new());
    assert!(client.stop().success());
}

// issue 17 §2: an edit of an open parent re-checks the open child that extends it.
#[test]
fn editing_a_parent_rechecks_its_open_child() {
    let folder = Folder::new("edit-parent");
    let (mut client, _) = start(&folder.0, &[], json!({}));
    let parent = url(&folder.0.join("base/base.kp"));
    let child = url(&folder.0.join("dir/child.kp"));
    let child_text =
        "policy child {\n  extends \"../base/base.kp\"\n  title \"子\"\n}\noverride param weight = 10\n";
    open(&mut client, &parent, BASE);
    open(&mut client, &child, child_text);
    // The parent renames what the child overrides: the child's override
    // now has nothing to override, in the child's file.
    let renamed = BASE
        .replace("param weight =", "param weights =")
        .replace("max weight {", "max weights {");
    change(&mut client, &parent, 2, json!([{ "text": renamed }]));
    let problems = client.diagnostics_for(&child);
    assert_eq!(problems.len(), 1, "{problems:#?}");
    assert_eq!(problems[0]["code"], "kaoping::extends::nothing_to_override");
    assert!(
        problems[0]["message"]
            .as_str()
            .unwrap_or_default()
            .contains("`weights`"),
        "did you mean: {problems:#?}"
    );
    assert!(client.stop().success());
}

// issue 17 §1, §3, §4, §5: formatting, the outline and tokens on a real policy;
// an unparseable file formats to nothing, without an error.
#[test]
fn formatting_outline_and_tokens() {
    let root = repository();
    let (mut client, initialized) = start(&root, &["utf-16"], json!({}));
    let legend =
        initialized["capabilities"]["semanticTokensProvider"]["legend"]["tokenTypes"].clone();
    let uri = url(&root.join(COLLECTIVE));
    let text = read(COLLECTIVE);
    open(&mut client, &uri, &text);
    let formatted = client.result(
        "textDocument/formatting",
        json!({ "textDocument": { "uri": uri }, "options": { "tabSize": 2, "insertSpaces": true } }),
    );
    assert_eq!(formatted, json!([]), "the bundled policy is formatted");

    let outline = client.result(
        "textDocument/documentSymbol",
        json!({ "textDocument": { "uri": uri } }),
    );
    let symbols = outline.as_array().cloned().unwrap_or_default();
    let named = |name: &str| symbols.iter().find(|s| s["name"] == name).cloned();
    let header = named("policy jiangxi_2019_collective").expect("the header");
    assert_eq!(
        header["detail"],
        "2019年江西省生态环境保护执法大练兵 表现突出集体"
    );
    let weight = named("weight_case_files").expect("a parameter");
    assert_eq!(weight["detail"], "执法案卷质量");
    let case_files = named("case_files").expect("an indicator");
    assert_eq!(case_files["detail"], "执法案卷质量");
    let children = case_files["children"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    assert!(!children.is_empty(), "its items: {case_files:#}");
    assert!(named("input").is_some());

    let tokens = client.result(
        "textDocument/semanticTokens/full",
        json!({ "textDocument": { "uri": uri } }),
    );
    let data: Vec<u64> = tokens["data"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(Value::as_u64)
        .collect();
    assert_eq!(data.len() % 5, 0);
    let types: Vec<&str> = legend
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .collect();
    let used: std::collections::BTreeSet<&str> = data
        .chunks(5)
        .map(|token| types[token[3] as usize])
        .collect();
    for kind in [
        "keyword",
        "label",
        "string",
        "number",
        "comment",
        "clause",
        "parameter",
        "function",
        "method",
        "property",
    ] {
        assert!(used.contains(kind), "{kind} among {used:?}");
    }
    // The first token is the comment on line 0.
    assert_eq!(
        &data[..4],
        &[
            0,
            0,
            "// 2019年江西省生态环境保护执法大练兵 — 表现突出集体评选"
                .encode_utf16()
                .count() as u64,
            types.iter().position(|t| *t == "comment").unwrap_or(99) as u64
        ]
    );

    change(
        &mut client,
        &uri,
        2,
        json!([{ "text": "policy broken {\n  title \"未完" }]),
    );
    let unparseable = client.request(
        "textDocument/formatting",
        json!({ "textDocument": { "uri": uri }, "options": { "tabSize": 2, "insertSpaces": true } }),
    );
    assert!(unparseable.get("error").is_none(), "{unparseable}");
    assert_eq!(unparseable["result"], Value::Null);
    let outline = client.result(
        "textDocument/documentSymbol",
        json!({ "textDocument": { "uri": uri } }),
    );
    assert_eq!(outline, json!([]));
    assert!(client.stop().success());
}

// issue 17 §7: the code lens on the example facts, and the explain command.
#[test]
fn each_indicator_shows_its_scores_on_the_example_facts() {
    let root = repository();
    let settings: Value =
        serde_json::from_str(&read(".vscode/settings.json")).expect("the repository's settings");
    let mut client = Client::start(&root, &[], "C.UTF-8");
    let mut initialize = initialize_params(
        &url(&root),
        &["utf-16"],
        "zh-cn",
        json!({ "kaoping": { "facts": settings["kaoping.facts"] } }),
    );
    initialize["capabilities"]["workspace"] = json!({ "codeLens": { "refreshSupport": true } });
    client.result("initialize", initialize);
    client.notify("initialized", json!({}));
    let child = url(&root.join(WEIGHTS));
    open(&mut client, &child, &read(WEIGHTS));
    let lenses = client.result(
        "textDocument/codeLens",
        json!({ "textDocument": { "uri": child } }),
    );
    let lenses = lenses.as_array().cloned().unwrap_or_default();
    // The five inherited indicators, on the header.
    assert_eq!(lenses.len(), 5, "{lenses:#?}");
    let titles: Vec<&str> = lenses
        .iter()
        .filter_map(|l| l["command"]["title"].as_str())
        .collect();
    assert!(titles[0].starts_with("强化监督表现 得分 "), "{titles:?}");
    assert!(
        titles
            .iter()
            .all(|t| t.contains(" 个候选") || t.ends_with("未评分")),
        "{titles:?}"
    );
    let command = &lenses[0]["command"];
    assert_eq!(command["command"], "kaoping.explain");
    let arguments = &command["arguments"][0];
    assert_eq!(arguments["policy"], child);
    let first = arguments["candidates"][0].clone();
    let explained = client.result(
        "workspace/executeCommand",
        json!({ "command": "kaoping.explain", "arguments": [{
            "policy": child, "facts": arguments["facts"], "candidate": first["id"],
        }] }),
    );
    let text = explained.as_str().unwrap_or_default();
    assert!(
        text.contains(first["name"].as_str().unwrap_or("?")),
        "{text}"
    );
    assert!(text.contains("强化监督表现"), "{text}");
    let unknown = client.request(
        "workspace/executeCommand",
        json!({ "command": "kaoping.explain", "arguments": [{
            "policy": child, "facts": arguments["facts"], "candidate": "nobody",
        }] }),
    );
    assert!(
        unknown["error"]["message"]
            .as_str()
            .unwrap_or_default()
            .contains("nobody"),
        "{unknown}"
    );

    // One workbook for every policy: the same scores as its YAML twin.
    client.notify(
        "workspace/didChangeConfiguration",
        json!({ "settings": { "kaoping": { "facts": "examples/jiangxi-2019/collectives.xlsx" } } }),
    );
    // The client is asked to fetch the lenses again.
    let refresh = client.notification("workspace/codeLens/refresh");
    assert!(refresh.get("id").is_some(), "{refresh}");
    let from_workbook = client.result(
        "textDocument/codeLens",
        json!({ "textDocument": { "uri": child } }),
    );
    let workbook_titles: Vec<&str> = from_workbook
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|l| l["command"]["title"].as_str())
        .collect();
    assert_eq!(workbook_titles, titles);

    // A facts file found by convention (the setting cleared), with a
    // problem: one lens says so.
    client.notify(
        "workspace/didChangeConfiguration",
        json!({ "settings": { "kaoping": { "facts": null } } }),
    );
    client.notification("workspace/codeLens/refresh");
    let folder = Folder::new("lens");
    std::fs::write(folder.0.join("policy.kp"), BASE).expect("written");
    std::fs::write(
        folder.0.join("policy.facts.yaml"),
        "candidates:\n  - { id: a, name: 甲, votes: -1, bonus: 0 }\n",
    )
    .expect("written");
    let policy = url(&folder.0.join("policy.kp"));
    open(&mut client, &policy, BASE);
    let lenses = client.result(
        "textDocument/codeLens",
        json!({ "textDocument": { "uri": policy } }),
    );
    let lenses = lenses.as_array().cloned().unwrap_or_default();
    assert_eq!(lenses.len(), 1, "{lenses:#?}");
    let title = lenses[0]["command"]["title"].as_str().unwrap_or_default();
    assert!(
        title.starts_with("事实数据 `") && title.contains("policy.facts.yaml"),
        "{title}"
    );
    std::fs::write(folder.0.join("policy.facts.yaml"), "candidates:\n  - { id: a, name: 甲, votes: 3, bonus: 1 }\n  - { id: b, name: 乙, votes: 1, bonus: 0 }\n").expect("written");
    // The facts changed on disk: the client is told to fetch the lenses again.
    client.notify(
        "workspace/didChangeWatchedFiles",
        json!({ "changes": [{ "uri": url(&folder.0.join("policy.facts.yaml")), "type": 2 }] }),
    );
    let refresh = client.notification("workspace/codeLens/refresh");
    assert!(refresh.get("id").is_some(), "{refresh}");
    let lenses = client.result(
        "textDocument/codeLens",
        json!({ "textDocument": { "uri": policy } }),
    );
    let title = lenses[0]["command"]["title"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    // a: 7 + 1 = 8, b: 7 × 1 ÷ 2 = 3.5: the range over both.
    assert_eq!(title, "得分 3.50–8.00 · 2 个候选");
    assert!(client.stop().success());
}

// issue 17 §1: `--root` bounds what `extends` reads, whatever the workspace.
#[test]
fn the_root_option_bounds_what_extends_reads() {
    let root = repository();
    let folder = Folder::new("root");
    let mut client = Client::start(
        &root,
        &["--root", &folder.0.display().to_string()],
        "C.UTF-8",
    );
    client.result(
        "initialize",
        initialize_params(&url(&root), &["utf-16"], "en", json!({})),
    );
    client.notify("initialized", json!({}));
    let child = url(&root.join(WEIGHTS));
    open(&mut client, &child, &read(WEIGHTS));
    let diagnostics = client.diagnostics_for(&child);
    assert_eq!(diagnostics.len(), 1, "{diagnostics:#?}");
    assert_eq!(diagnostics[0]["code"], "kaoping::extends::outside_root");
    // English words for an English client, whatever the locale says.
    assert!(
        diagnostics[0]["message"]
            .as_str()
            .unwrap_or_default()
            .contains("\nhelp: "),
        "{diagnostics:#?}"
    );
    assert!(client.stop().success());
}

// issue 17 §2: `--lang` on the command line outranks the client's locale.
#[test]
fn the_lang_option_outranks_the_client_locale() {
    let root = repository();
    let mut client = Client::start(&root, &["--lang", "en"], "zh_CN.UTF-8");
    client.result(
        "initialize",
        initialize_params(&url(&root), &["utf-16"], "zh-cn", json!({})),
    );
    client.notify("initialized", json!({}));
    let child = url(&root.join(WEIGHTS));
    let text = read(WEIGHTS).replace("= 25 cite \"附1 一(二)\"", "= weight_supervison");
    open(&mut client, &child, &text);
    let diagnostics = client.diagnostics_for(&child);
    let message = diagnostics[0]["message"].as_str().unwrap_or_default();
    assert!(message.contains("\nhelp: "), "{message}");
    assert!(client.stop().success());
}

// issue 17 §2: without a locale from the client, the environment's language.
#[test]
fn without_a_client_locale_the_environment_chooses_the_language() {
    let root = repository();
    for (locale, help) in [("zh_CN.UTF-8", "\n建议："), ("C.UTF-8", "\nhelp: ")] {
        let mut client = Client::start(&root, &[], locale);
        client.result(
            "initialize",
            initialize_params(&url(&root), &["utf-16"], "", json!({})),
        );
        client.notify("initialized", json!({}));
        let child = url(&root.join(WEIGHTS));
        open(
            &mut client,
            &child,
            &read(WEIGHTS).replace("= 25 cite \"附1 一(二)\"", "= weight_supervison"),
        );
        let diagnostics = client.diagnostics_for(&child);
        let message = diagnostics[0]["message"].as_str().unwrap_or_default();
        assert!(message.contains(help), "{locale}: {message}");
        assert!(client.stop().success());
    }
}
