//! issue 16 §1: `kaoping check --explain-cost` names every list method
//! over a whole list of the facts, and marks those that scan it once per
//! candidate.

use super::{kaoping, Scratch};

const POLICY: &str = r#"policy costs {
  total 10
}
input {
  cities: list of { name: text, weight: int } key name
  candidates: list of { id: text, name: text, city: text ref cities, level: enum { city, county }, votes: int } key id
}
let keyed = candidates.count(level == "county" and city == candidate.city)
let chained = candidates.filter(city == candidate.city).sum(votes)
let group_scan = candidates.count(city == candidate.city and votes > candidate.votes)
let scan = candidates.count(votes > candidate.votes)
let either = candidates.any(city == candidate.city or votes > 3)
let everyone = candidates.all(city == candidate.city)
let lookup_first = candidates.count(cities[city].weight == 2 and city == candidate.city)
let fixed = [1, 2, 3].contains(candidate.votes)
let chain_scan = candidates.filter(city == candidate.city).count(votes > candidate.votes)
let county_units = candidates.filter(level == "county")
let derived_scan = county_units.count(votes > candidate.votes)
finding info when keyed + chained + group_scan + scan + lookup_first + chain_scan + derived_scan > 0 and either and everyone and fixed "x"
indicator r max 10 {
  score 10 * (peers.count() - peers.rank_desc(votes) + 1) / peers.count()
}
rank by total
"#;

#[test]
fn explain_cost_marks_the_scans_per_candidate_and_only_those() {
    let scratch = Scratch::new("explain-cost");
    std::fs::write(scratch.path("costs.kp"), POLICY).unwrap();
    let output = kaoping(&["check", "--explain-cost", &scratch.text("costs.kp")]);
    assert!(output.status.success(), "{output:?}");
    let stdout = String::from_utf8(output.stdout).unwrap();
    let lines: Vec<&str> = stdout.lines().collect();
    // The kind of the call on each policy line, in source order: line 8 is
    // `keyed` (an equality anywhere among the ands, the rest on the item);
    // 9 a keyed `filter` and the `sum` over it; 10 groups but compares with
    // the candidate's votes; 11 has no equality; 12 an `or` at the top; 13
    // `all`; 14 a lookup that can fail ahead of the key; the fixed list of
    // line 15 is not listed; 16 a keyed `filter` under a `count` that compares
    // with the candidate, so each candidate scans its group; 17 a `let` of the
    // facts alone, computed once, and 18 a scan over it; 21 the cohort's
    // count (twice) and ranking.
    let kinds: Vec<(usize, bool, &str)> = lines
        .windows(1)
        .filter_map(|window| {
            let line = window[0];
            let (marker, rest) = line.split_at(line.char_indices().nth(1)?.0);
            let rest = rest.trim_start();
            let place = rest.split_whitespace().next()?;
            let number: usize = place.split(':').nth(1)?.parse().ok()?;
            let how = rest[place.len()..].trim();
            Some((number, marker == "⚠", how))
        })
        .collect();
    let keyed =
        "grouped once by key; each key's value is computed once, then looked up per candidate";
    let group_scan = "grouped once by key; each candidate then scans its whole group";
    let scan = "each candidate scans the whole list";
    let once = "once per evaluation, or once per cohort";
    let rank = "one sort per cohort, then a binary search per candidate";
    assert_eq!(
        kinds,
        [
            (8, false, keyed),
            (9, false, keyed),
            (9, false, keyed),
            (10, true, group_scan),
            (11, true, scan),
            (12, true, scan),
            (13, true, scan),
            (14, true, scan),
            (16, false, keyed),
            (16, true, group_scan),
            (17, false, once),
            (18, true, scan),
            (21, false, once),
            (21, false, rank),
            (21, false, once),
        ],
        "{stdout}"
    );
    assert!(
        stdout.contains("15 calls, 7 of which scan its list once per candidate."),
        "{stdout}"
    );
    // The call's own text follows its place, for the author to find it.
    assert!(stdout.contains("      candidates.count(votes > candidate.votes)\n"));
}

#[test]
fn explain_cost_speaks_chinese_and_says_when_nothing_grows_with_the_facts() {
    let output = kaoping(&[
        "--lang",
        "zh",
        "check",
        "--explain-cost",
        "policies/jiangxi-2019/individual.kp",
    ]);
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert!(
        stdout.contains("共 5 处，其中 0 处需要每个候选对象遍历一次。"),
        "{stdout}"
    );
    assert!(
        stdout.contains("individual.kp:107:29  按键分组一次"),
        "{stdout}"
    );
    let scratch = Scratch::new("explain-cost-none");
    std::fs::write(
        scratch.path("own.kp"),
        "policy own {\n  total 10\n}\ninput {\n  candidates: list of { id: text, name: text, xs: list of int } key id\n}\nindicator r max 10 {\n  score candidate.xs.count() cap 10\n}\nrank by total\n",
    )
    .unwrap();
    let output = kaoping(&["check", "--explain-cost", &scratch.text("own.kp")]);
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert!(
        stdout.ends_with("No list method runs over a whole list of the facts: each candidate's rules read only its own facts and fixed lists.\n"),
        "{stdout}"
    );
}
