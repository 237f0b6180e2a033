//! Issue 16 §4: FACTS ending in `.json`, or standard input starting with
//! `{`, are read as JSON by every command that reads facts, with the same
//! results as the same facts in YAML and errors rendered the same way.

use super::*;

/// The bundled collective facts as JSON, written into `scratch`.
fn collectives_json(scratch: &Scratch) -> String {
    let yaml = std::fs::read_to_string(repo(COLLECTIVES)).unwrap();
    let value: serde_json::Value = serde_saphyr::from_str(&yaml).unwrap();
    let path = scratch.text("collectives.json");
    std::fs::write(&path, serde_json::to_string_pretty(&value).unwrap()).unwrap();
    path
}

#[test]
fn json_facts_score_explain_and_diff_as_yaml_does() {
    let scratch = Scratch::new("json-facts");
    let json = collectives_json(&scratch);
    let (policy, yaml) = (repo(COLLECTIVE), repo(COLLECTIVES));
    for command in [
        ["score", "POLICY", "FACTS", "--format", "json"].as_slice(),
        &["score", "POLICY", "FACTS"],
        &["explain", "POLICY", "FACTS", "nanchang"],
        &["diff", "POLICY", "--facts", "FACTS", "YAML"],
    ] {
        let run = |facts: &str| {
            let arguments: Vec<&str> = command
                .iter()
                .map(|argument| match *argument {
                    "POLICY" => policy.as_str(),
                    "FACTS" => facts,
                    "YAML" => yaml.as_str(),
                    other => other,
                })
                .collect();
            kaoping(&arguments)
        };
        let (from_yaml, from_json) = (run(&yaml), run(&json));
        assert_eq!(
            from_json.status.code(),
            Some(0),
            "{command:?}: {}",
            stderr(&from_json)
        );
        assert_eq!(stdout(&from_json), stdout(&from_yaml), "{command:?}");
    }
    // Standard input that starts with `{` is JSON.
    let text = std::fs::read(&json).unwrap();
    let piped = kaoping_in(
        &scratch.0,
        &["score", &policy, "-", "--format", "json"],
        &text,
    );
    assert_eq!(piped.status.code(), Some(0), "{}", stderr(&piped));
    let from_yaml = kaoping(&["score", COLLECTIVE, COLLECTIVES, "--format", "json"]);
    assert_eq!(stdout(&piped), stdout(&from_yaml));
}

#[test]
fn json_facts_errors_render_as_yaml_ones_with_line_and_column() {
    let scratch = Scratch::new("json-facts-errors");
    let json = collectives_json(&scratch);
    let text = std::fs::read_to_string(&json).unwrap();
    let broken = text.replacen("\"cases_total\": 5200", "\"cases_total\": \"5200\"", 1);
    std::fs::write(&json, broken).unwrap();
    let policy = repo(COLLECTIVE);
    let output = kaoping(&["score", &policy, &json, "--error-format", "plain"]);
    assert_eq!(output.status.code(), Some(1));
    let shown = stderr(&output);
    assert!(
        shown.contains(
            "`province.cases_total` (line 3): expected a whole number, found the text `5200`"
        ),
        "{shown}"
    );
    assert!(shown.contains("collectives.json:3:20"), "{shown}");
    let output = kaoping(&["score", &policy, &json, "--error-format", "json"]);
    let objects: Vec<serde_json::Value> = stderr(&output)
        .lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect();
    assert_eq!(objects.len(), 1, "{objects:?}");
    assert_eq!(objects[0]["code"], "kaoping::facts::invalid");
    assert_eq!(objects[0]["path"], "province.cases_total");
    assert_eq!(objects[0]["line"], 3);
    assert_eq!(objects[0]["column"], 20);
    // A syntax error from standard input, in Chinese.
    let output = kaoping_in(
        &scratch.0,
        &[
            "--lang",
            "zh",
            "score",
            &policy,
            "-",
            "--error-format",
            "plain",
        ],
        b"{\n  \"province\": {\n    \"cases_total\": 5200\n    \"fines_total\": 1\n  }\n}\n",
    );
    assert_eq!(output.status.code(), Some(1));
    let shown = stderr(&output);
    assert!(
        shown.contains("JSON 格式有误（第 4 行第 5 列）：对象的各个键之间应以 `,` 分隔"),
        "{shown}"
    );
}
