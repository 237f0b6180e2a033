//! Facts files in the editor (issue 17 §2): `kaoping template` names the
//! schema on its first line for the YAML language server, and `kaoping
//! schema -o` writes that schema beside the facts, under the write rule.

use super::*;

const SCHEMA_LINE: &str = "# yaml-language-server: $schema=";

// issue 17 §2: by default the template names `<policy>.schema.json`, the file
// `kaoping schema POLICY -o` is told to write beside the facts.
#[test]
fn the_template_names_the_policys_schema_on_its_first_line() {
    let output = kaoping(&["template", COLLECTIVE]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let text = stdout(&output);
    let first = text.lines().next().unwrap();
    assert_eq!(
        first,
        "# yaml-language-server: $schema=collective.schema.json"
    );
    // The rest is the template as it always was: one line more, no other change.
    assert_eq!(
        text.lines().count(),
        kaoping::template::template_with_schema(
            &kaoping::load_policy(COLLECTIVE, &std::fs::read_to_string(COLLECTIVE).unwrap())
                .unwrap()
                .policy,
            "collective.schema.json",
        )
        .lines()
        .count()
    );

    let output = kaoping(&[
        "template",
        COLLECTIVE,
        "--schema",
        "https://example.org/jiangxi-2019.schema.json",
    ]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(stdout(&output).starts_with(&format!(
        "{SCHEMA_LINE}https://example.org/jiangxi-2019.schema.json\n"
    )));

    // A policy read from standard input has no name to lend.
    let policy = std::fs::read(COLLECTIVE).unwrap();
    let output = kaoping_in(
        Path::new(env!("CARGO_MANIFEST_DIR")),
        &["template", "-"],
        &policy,
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(stdout(&output).starts_with(&format!("{SCHEMA_LINE}facts.schema.json\n")));
}

// issue 17 §2: the schema written with -o is the one printed, the template it
// names still loads as facts, and the schema accepts it: a clerk who follows
// the README gets a file the editor checks and the loader reads.
#[test]
fn schema_written_beside_the_template_validates_it() {
    let scratch = Scratch::new("editor-facts");
    let schema_path = scratch.text("collective.schema.json");
    let output = kaoping(&["schema", COLLECTIVE, "-o", &schema_path]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let printed = kaoping(&["schema", COLLECTIVE]).stdout;
    assert_eq!(std::fs::read(&schema_path).unwrap(), printed);

    let template = kaoping(&["template", COLLECTIVE]).stdout;
    let facts_path = scratch.text("collectives.yaml");
    std::fs::write(&facts_path, &template).unwrap();
    let scored = kaoping(&["score", COLLECTIVE, &facts_path, "--format", "json"]);
    assert_eq!(scored.status.code(), Some(0), "{}", stderr(&scored));

    let schema: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&schema_path).unwrap()).unwrap();
    let facts: serde_json::Value =
        serde_saphyr::from_str(std::str::from_utf8(&template).unwrap()).unwrap();
    let validator = jsonschema::options()
        .should_validate_formats(true)
        .build(&schema)
        .expect("the written schema compiles");
    assert!(validator.is_valid(&facts));
}

// issue 17 §2: `schema -o` follows the write rule: an existing file is kept
// unless `--force`, and a name that is not `.json` is refused before any work.
#[test]
fn schema_output_keeps_an_existing_file_without_force() {
    let scratch = Scratch::new("editor-schema-force");
    let path = scratch.text("collective.schema.json");
    std::fs::write(&path, "mine").unwrap();
    let output = kaoping(&["schema", COLLECTIVE, "-o", &path]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "mine");
    let output = kaoping(&["schema", COLLECTIVE, "-o", &path, "--force"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(std::fs::read_to_string(&path).unwrap().starts_with('{'));

    let output = kaoping(&["schema", COLLECTIVE, "-o", &scratch.text("schema.yaml")]);
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    assert!(stderr(&output).contains("a JSON Schema ends in `.json`"));
}

// issue 17 §2: the README writes the template with `-o`, under the write
// rule: a clerk's filled facts file is kept unless `--force`, and `-o` is
// for YAML, not beside `--xlsx`.
#[test]
fn template_output_keeps_a_filled_facts_file_without_force() {
    let scratch = Scratch::new("editor-template-output");
    let path = scratch.text("collectives.yaml");
    let output = kaoping(&["template", COLLECTIVE, "-o", &path]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(
        std::fs::read(&path).unwrap(),
        kaoping(&["template", COLLECTIVE]).stdout
    );

    std::fs::write(&path, "filled by the clerk").unwrap();
    let output = kaoping(&["template", COLLECTIVE, "-o", &path]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        "filled by the clerk"
    );
    let output = kaoping(&["template", COLLECTIVE, "-o", &path, "--force"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(std::fs::read_to_string(&path)
        .unwrap()
        .starts_with(SCHEMA_LINE));

    let output = kaoping(&["template", COLLECTIVE, "-o", &scratch.text("t.json")]);
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    assert!(stderr(&output).contains("a YAML facts file ends in `.yaml`"));
    let output = kaoping(&[
        "template",
        COLLECTIVE,
        "-o",
        &scratch.text("t.yaml"),
        "--xlsx",
        &scratch.text("t.xlsx"),
    ]);
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
}
