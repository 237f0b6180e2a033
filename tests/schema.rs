//! The JSON Schema and the YAML template generated from a policy's `input`
//! block: the schema accepts the bundled examples and refuses broken facts,
//! the template loads and evaluates as it is written, and both are
//! snapshotted for the collective policy (review them by reading).

mod bundled;

use std::path::Path;

use serde_json::{json, Value as Json};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn read(path: &str) -> String {
    std::fs::read_to_string(root().join(path))
        .unwrap_or_else(|error| panic!("cannot read `{path}`: {error}"))
}

fn policy(path: &str) -> kaoping::Policy {
    kaoping::load_policy(path, &read(path))
        .unwrap_or_else(|report| panic!("{path} does not check: {report:?}"))
        .policy
}

/// YAML read as JSON, the way an editor sees a facts file.
fn yaml_as_json(name: &str, text: &str) -> Json {
    serde_saphyr::from_str(text).unwrap_or_else(|error| panic!("{name} is not YAML: {error}"))
}

fn validator(policy: &kaoping::Policy) -> jsonschema::Validator {
    let schema = kaoping::json_schema::json_schema(policy);
    assert!(
        jsonschema::meta::is_valid(&schema),
        "the generated schema is not a valid JSON Schema"
    );
    // Formats are checked too (`format: date`), as an editor may do.
    jsonschema::options()
        .should_validate_formats(true)
        .build(&schema)
        .expect("the generated schema compiles")
}

/// The schema's complaints, one line each, for assertion messages.
fn errors(validator: &jsonschema::Validator, instance: &Json) -> Vec<String> {
    validator
        .iter_errors(instance)
        .map(|error| format!("{}: {error}", error.instance_path()))
        .collect()
}

fn assert_valid(validator: &jsonschema::Validator, name: &str, instance: &Json) {
    let errors = errors(validator, instance);
    assert!(
        errors.is_empty(),
        "{name} fails the schema:\n{}",
        errors.join("\n")
    );
}

/// Asserts that the schema refuses `instance`, with an error at `path`.
fn assert_refused(validator: &jsonschema::Validator, what: &str, instance: &Json, path: &str) {
    assert!(!validator.is_valid(instance), "the schema accepts {what}");
    let errors = errors(validator, instance);
    assert!(
        errors
            .iter()
            .any(|error| error.starts_with(&format!("{path}:"))),
        "{what}: no error at `{path}`, only:\n{}",
        errors.join("\n")
    );
}

#[test]
fn the_schema_accepts_the_bundled_examples() {
    for (policy_path, facts_path) in [bundled::COLLECTIVE, bundled::INDIVIDUAL] {
        let validator = validator(&policy(policy_path));
        let facts = yaml_as_json(facts_path, &read(facts_path));
        assert_valid(&validator, facts_path, &facts);
    }
}

#[test]
fn the_schema_accepts_the_labels_the_loader_and_the_workbook_accept() {
    // Issue 13, 2: YAML takes `县级` and `否` as the workbook offers them; an
    // editor validating with the schema must not flag them either.
    let policy = policy(bundled::COLLECTIVE.0);
    let validator = validator(&policy);
    let text = read(bundled::COLLECTIVE.1)
        .replacen("level: county", "level: 县级", 1)
        .replacen("integrity_violation: false", "integrity_violation: 否", 1);
    assert!(text.contains("县级") && text.contains("integrity_violation: 否"));
    let facts = yaml_as_json("labels.yaml", &text);
    assert_valid(&validator, "labels.yaml", &facts);
    policy
        .load_facts("labels.yaml", &text)
        .unwrap_or_else(|report| panic!("the loader refuses labels: {report:?}"));
    let mut wrong = facts.clone();
    wrong["candidates"][0]["level"] = json!("省级");
    assert_refused(
        &validator,
        "a label of no variant",
        &wrong,
        "/candidates/0/level",
    );
    let mut wrong = facts;
    wrong["candidates"][0]["supervision"]["integrity_violation"] = json!("不");
    assert_refused(
        &validator,
        "a truth value that is neither 是 nor 否",
        &wrong,
        "/candidates/0/supervision/integrity_violation",
    );
}

#[test]
fn the_schema_refuses_broken_collective_facts() {
    let validator = validator(&policy(bundled::COLLECTIVE.0));
    let example = yaml_as_json(bundled::COLLECTIVE.1, &read(bundled::COLLECTIVE.1));

    let mut unknown_key = example.clone();
    unknown_key["candidates"][0]["team"]["mobile"]["conected"] = json!(true);
    assert_refused(
        &validator,
        "an unknown key",
        &unknown_key,
        "/candidates/0/team/mobile",
    );

    let mut six_points = example.clone();
    six_points["candidates"][0]["supervision"]["commendations"][0]["points"] = json!(6);
    assert_refused(
        &validator,
        "a 6-point commendation",
        &six_points,
        "/candidates/0/supervision/commendations/0/points",
    );

    let mut missing_key = example.clone();
    missing_key["candidates"][1]
        .as_object_mut()
        .unwrap()
        .remove("satisfaction");
    assert_refused(&validator, "a missing key", &missing_key, "/candidates/1");

    let mut missing_top_level = example.clone();
    missing_top_level.as_object_mut().unwrap().remove("cities");
    assert_refused(&validator, "a missing `cities`", &missing_top_level, "");

    let mut fraction_for_int = example.clone();
    fraction_for_int["candidates"][0]["daily"]["cases"] = json!(2.5);
    assert_refused(
        &validator,
        "a fraction for an int",
        &fraction_for_int,
        "/candidates/0/daily/cases",
    );

    let mut bad_enum = example.clone();
    bad_enum["candidates"][0]["level"] = json!("town");
    assert_refused(
        &validator,
        "an undeclared enum value",
        &bad_enum,
        "/candidates/0/level",
    );

    let mut bad_date = example.clone();
    bad_date["candidates"][0]["materials"] =
        json!({ "text": "…", "format": "pdf", "submitted_on": "2019-13-01" });
    assert_refused(
        &validator,
        "a month 13",
        &bad_date,
        "/candidates/0/materials/submitted_on",
    );

    let mut quoted_number = example;
    quoted_number["province"]["cases_total"] = json!("5200");
    assert_refused(
        &validator,
        "a number written as text",
        &quoted_number,
        "/province/cases_total",
    );
}

#[test]
fn the_schema_refuses_broken_individual_facts() {
    let validator = validator(&policy(bundled::INDIVIDUAL.0));
    let example = yaml_as_json(bundled::INDIVIDUAL.1, &read(bundled::INDIVIDUAL.1));

    let mut unknown_key = example.clone();
    unknown_key["candidates"][2]["workload"]["inspection"] = json!(3);
    assert_refused(
        &validator,
        "an unknown key",
        &unknown_key,
        "/candidates/2/workload",
    );

    let mut six_points = example.clone();
    six_points["candidates"][0]["supervision"]["commendations"][1]["points"] = json!(6);
    assert_refused(
        &validator,
        "a 6-point commendation",
        &six_points,
        "/candidates/0/supervision/commendations/1/points",
    );

    let mut missing_key = example.clone();
    missing_key["candidates"][0]
        .as_object_mut()
        .unwrap()
        .remove("unit");
    assert_refused(&validator, "a missing key", &missing_key, "/candidates/0");

    // A field with a default may be left out; an optional one may be empty.
    let mut defaulted = example;
    defaulted["candidates"][0]
        .as_object_mut()
        .unwrap()
        .remove("revoked_after_selection");
    defaulted["candidates"][0]["materials"] = Json::Null;
    assert_valid(
        &validator,
        "defaulted and empty optional fields",
        &defaulted,
    );
}

/// Files of the broken-facts corpus that only the loader can refuse, and why.
const BEYOND_JSON_SCHEMA: &[(&str, &str)] = &[
    ("city_not_in_cities.yaml", "a reference to a missing key"),
    (
        "city_not_in_cities_listed_after.yaml",
        "a reference to a missing key",
    ),
    ("duplicate_ids.yaml", "a duplicate key in a keyed list"),
    (
        "duplicate_id_with_trailing_space.yaml",
        "a key that is another but for a trailing space",
    ),
    (
        "duplicate_city_names.yaml",
        "a duplicate key in a keyed list",
    ),
];

/// Files of the corpus whose mistake is gone once they are read as JSON.
const NOT_COMPARABLE: &[(&str, &str)] = &[
    ("invalid_yaml.yaml", "not YAML"),
    ("empty.yaml", "no mapping at all"),
    (
        "duplicate_yaml_key.yaml",
        "reading keeps one of the two values",
    ),
    (
        "wrong_type_bool.yaml",
        "serde_saphyr reads `yes` as `true` when asked for any value",
    ),
    (
        "alias_bomb.yaml",
        "the reader refuses it before there is a value",
    ),
    (
        "deep_nesting.yaml",
        "the reader refuses it before there is a value",
    ),
    ("tab_indentation.yaml", "not YAML"),
    ("tab_indentation_nested.yaml", "not YAML"),
    (
        "warning_template_placeholder.yaml",
        "valid facts: the loader only warns about them",
    ),
    ("two_documents.yaml", "not one YAML document"),
    ("null_document.yaml", "no mapping at all"),
    ("only_comments.yaml", "no mapping at all"),
    (
        "nan_literal.yaml",
        "JSON has no NaN: read as any value it is a float",
    ),
    (
        "inf_literal.yaml",
        "JSON has no infinity: read as any value it is a float",
    ),
    (
        "huge_integer.yaml",
        "read as any value, 400 digits are an infinite float",
    ),
    (
        "float_exponent.yaml",
        "read as any value, `1e3` is the number 1000",
    ),
];

#[test]
fn the_schema_refuses_the_broken_facts_corpus_where_json_schema_can() {
    let collective = validator(&policy(bundled::COLLECTIVE.0));
    let individual = validator(&policy(bundled::INDIVIDUAL.0));
    let mut paths: Vec<_> = std::fs::read_dir(root().join("tests/data/facts"))
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .collect();
    paths.sort();
    assert!(
        paths.len() > 10,
        "the corpus is where the diagnostics tests keep it"
    );
    for path in paths {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if NOT_COMPARABLE.iter().any(|(file, _)| *file == name) {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        let validator = if text.starts_with("# policy: individual") {
            &individual
        } else {
            &collective
        };
        let facts = yaml_as_json(&name, &text);
        let beyond = BEYOND_JSON_SCHEMA.iter().find(|(file, _)| *file == name);
        match beyond {
            Some((_, why)) => assert!(
                validator.is_valid(&facts),
                "{name} ({why}) now fails the schema: move it out of BEYOND_JSON_SCHEMA"
            ),
            None => assert!(
                !validator.is_valid(&facts),
                "the schema accepts {name}, which the loader refuses"
            ),
        }
    }
}

#[test]
fn the_templates_load_and_evaluate_as_written() {
    for (policy_path, _) in [bundled::COLLECTIVE, bundled::INDIVIDUAL] {
        let policy = policy(policy_path);
        let template = kaoping::template::template(&policy);
        let facts = policy
            .load_facts("template.yaml", &template)
            .unwrap_or_else(|report| {
                panic!("the template of {policy_path} does not load: {report:?}\n{template}")
            });
        assert_eq!(facts.candidates(&policy).len(), 1, "one candidate");
        policy
            .evaluate(&facts)
            .unwrap_or_else(|report| panic!("the template of {policy_path} fails: {report:?}"));
        // The schema agrees with the loader about the template.
        let validator = validator(&policy);
        assert_valid(
            &validator,
            "the template",
            &yaml_as_json("template", &template),
        );
    }
}

#[test]
fn every_template_line_with_a_value_is_commented() {
    let template = kaoping::template::template(&policy(bundled::COLLECTIVE.0));
    for line in template.lines() {
        let code = line.trim_start();
        if code.is_empty() || code.starts_with('#') || code == "-" {
            continue;
        }
        if code.starts_with("- ") && !code[2..].contains(':') {
            continue; // an example value of a list of scalars
        }
        assert!(line.contains("  # "), "no comment on `{line}`");
    }
}

/// A policy that uses every kind of field the schema and the template know:
/// dates, defaults, optional scalars and records, a list of lists, a
/// reference to a list keyed by an enum, non-ASCII record names, and an enum
/// variant that YAML would read as null unless quoted.
const EVERY_KIND: &str = r#"
policy every_kind {
  title "每种字段"
  total 10
  round 2 half_away_from_zero per indicator
}
record 地区 "地区" {
  code "代码": enum { null "空", north "北" }
  open "开放": bool = true
}
record Candidate {
  id: text
  region "地区": text ref regions
  since "起始日期": date
  until: optional date
  weight "权重": decimal[-2.5..-0.5]
  count: int[0.5..3]
  delta: int[..-1]
  note: optional text
  grid: list of list of int[1..]
  tags: list of text = []
  kind: enum { a "甲", b }
  level: int[0..9] = 7
  extra: optional { a: int, b: 地区 }
}
input {
  regions: list of 地区 key code
  candidates: list of Candidate key id
}
indicator only "唯一" max 10 {
  cite "x"
  score if candidate.count > 0 and candidate.weight < 0 and candidate.delta < 0
             and candidate.since == candidate.since and present(candidate.until)
             and present(candidate.note) and candidate.grid.count() > 0
             and candidate.tags.count() == 0 and candidate.kind == "a" and candidate.level == 7
             and present(candidate.extra) and regions[candidate.region].open
        then 10 else 0
}
rank by total
"#;

#[test]
fn every_kind_of_field_round_trips_through_the_template_and_the_schema() {
    let checked = kaoping::load_policy("every_kind.kp", EVERY_KIND)
        .unwrap_or_else(|report| panic!("{report:?}"));
    let policy = checked.policy;
    let template = kaoping::template::template(&policy);
    let facts = policy
        .load_facts("template.yaml", &template)
        .unwrap_or_else(|report| panic!("the template does not load: {report:?}\n{template}"));
    let outcome = policy.evaluate(&facts).unwrap();
    assert_eq!(
        outcome.candidates[0].total.as_ref().unwrap().to_fixed(2),
        "10.00",
        "every placeholder is present and in range:\n{template}"
    );
    let validator = validator(&policy);
    let instance = yaml_as_json("template", &template);
    assert_valid(&validator, "the template", &instance);
    assert!(template.contains("- code: \"null\""), "{template}");

    let schema = kaoping::json_schema::json_schema(&policy);
    let candidate = &schema["$defs"]["Candidate"];
    assert_eq!(candidate["properties"]["region"]["type"], "string");
    assert_eq!(
        schema["properties"]["regions"]["items"]["$ref"],
        "#/$defs/%E5%9C%B0%E5%8C%BA"
    );
    assert_eq!(candidate["properties"]["weight"]["minimum"], json!(-2.5));
    assert_eq!(candidate["properties"]["level"]["default"], 7);
    assert_eq!(candidate["properties"]["tags"]["default"], json!([]));
    let required: Vec<&str> = candidate["required"]
        .as_array()
        .unwrap()
        .iter()
        .map(|name| name.as_str().unwrap())
        .collect();
    assert_eq!(
        required,
        ["id", "region", "since", "weight", "count", "delta", "grid", "kind"]
    );

    // Optional fields left empty: the loader and the schema both accept them.
    assert!(template.contains("until: 2019-01-01 ") && template.contains("note: \"示例\" "));
    let emptied = template
        .replace("until: 2019-01-01 ", "until: ")
        .replace("note: \"示例\" ", "note: ~ ");
    policy
        .load_facts("emptied.yaml", &emptied)
        .unwrap_or_else(|report| panic!("empty optional fields do not load: {report:?}"));
    assert_valid(
        &validator,
        "empty optional fields",
        &yaml_as_json("emptied", &emptied),
    );

    // The one place the schema is stricter than the loader: the loader reads
    // any scalar as text, the schema wants a YAML string there.
    let numeric_id = template.replace("id: \"示例\"", "id: 12");
    assert!(policy.load_facts("numeric_id.yaml", &numeric_id).is_ok());
    assert_refused(
        &validator,
        "a number for text",
        &yaml_as_json("numeric_id", &numeric_id),
        "/candidates/0/id",
    );

    // What the schema refuses here, the loader refuses too.
    let mut wrong_date = instance.clone();
    wrong_date["candidates"][0]["since"] = json!("2019-1-1");
    assert_refused(
        &validator,
        "a short date",
        &wrong_date,
        "/candidates/0/since",
    );
    let mut out_of_range = instance;
    out_of_range["candidates"][0]["weight"] = json!(-0.4);
    assert_refused(
        &validator,
        "a weight above its range",
        &out_of_range,
        "/candidates/0/weight",
    );
}

#[test]
fn the_schema_is_deterministic() {
    let policy = policy(bundled::COLLECTIVE.0);
    let first = serde_json::to_string_pretty(&kaoping::json_schema::json_schema(&policy)).unwrap();
    let again = serde_json::to_string_pretty(&kaoping::json_schema::json_schema(&policy)).unwrap();
    assert_eq!(first, again);
}

#[test]
fn collective_schema() {
    let schema = kaoping::json_schema::json_schema(&policy(bundled::COLLECTIVE.0));
    insta::assert_snapshot!(serde_json::to_string_pretty(&schema).unwrap());
}

#[test]
fn collective_template() {
    insta::assert_snapshot!(kaoping::template::template(&policy(bundled::COLLECTIVE.0)));
}
