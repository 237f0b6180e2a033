//! Synthetic facts for the 2019 Jiangxi policies, at any size and seed, for
//! benchmarks and load tests:
//!
//! ```text
//! cargo run --release --example generate -- collective --candidates 100000 --seed 7 -o /tmp/c.yaml
//! cargo run --release --example generate -- individual --candidates 30
//! cargo run --release --example generate -- collective --candidates 20000 --cities 11 -o /tmp/c.yaml
//! cargo run --release --example generate -- individual --candidates 300 --cities 1 --format json
//! ```
//!
//! - `--cities N` spreads the candidates over N cities (about C ÷ N each),
//!   as an individual campaign or a national roll-up does: the shape that
//!   makes a per-city join cost (candidates per city)² if it scans. The
//!   candidates' own distributions stay the same (the collective's mix of
//!   city- and county-level units too), so the "one city unit and two
//!   county units per city" findings fire, as they should on such facts.
//!   Without it, a city has the two or three candidates described below, and
//!   the bytes are what they have always been (the benchmarks rely on it).
//! - `--format json` prints the same facts as JSON: the YAML is read into
//!   `serde_json::Value` and printed, so both hold exactly the same facts
//!   (numbers have at most two decimal places, which print back as written).
//!
//! The same size and seed always give the same bytes. Distributions follow
//! the shape of the bundled hand-made examples: counts are log-normal around
//! the example's typical values, scores cluster in the 70s–90s, most units
//! meet most requirements and a few percent trip each veto, cap and Part C
//! finding. Provincial totals are the sums over the candidates, so baseline
//! shares and the "more than half of the baseline" thresholds fall on both
//! sides. A city has one city-level candidate and two or three county ones
//! (the scheme asks for two per city), and two or three officers.
//!
//! The benchmarks include this file as a module (`benches/`), so the
//! generator is the same code in both places.

#![allow(dead_code)] // the benchmarks use the generator functions, not `main`

use std::fmt::Write as _;

/// splitmix64: a few lines, fast, and its sequence for a seed never changes
/// (a crate's generator may change between versions, and with it every
/// benchmark input).
pub struct Random(u64);

impl Random {
    pub fn new(seed: u64) -> Self {
        Random(seed ^ 0x9e37_79b9_7f4a_7c15)
    }

    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// Uniform in `[0, 1)`.
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// Uniform integer in `low..=high`.
    fn between(&mut self, low: u64, high: u64) -> u64 {
        low + self.next() % (high - low + 1)
    }

    fn chance(&mut self, probability: f64) -> bool {
        self.unit() < probability
    }

    /// Standard normal (Box–Muller).
    fn normal(&mut self) -> f64 {
        let u = self.unit().max(f64::MIN_POSITIVE);
        let v = self.unit();
        (-2.0 * u.ln()).sqrt() * (2.0 * std::f64::consts::PI * v).cos()
    }

    /// A positive count around `typical`, right-skewed as real counts are.
    fn count(&mut self, typical: f64, spread: f64) -> u64 {
        (typical * (spread * self.normal()).exp()).round() as u64
    }

    /// A score around `mean`, clamped to `low..=high`, in steps of `step`.
    fn score(&mut self, mean: f64, deviation: f64, low: f64, high: f64, step: f64) -> String {
        let raw = (mean + deviation * self.normal()).clamp(low, high);
        decimal((raw / step).round() * step)
    }

    fn pick<'a>(&mut self, choices: &[&'a str]) -> &'a str {
        choices[self.between(0, choices.len() as u64 - 1) as usize]
    }
}

/// At most two places, no trailing zeros: the way a clerk writes numbers.
fn decimal(value: f64) -> String {
    let text = format!("{value:.2}");
    let text = text.trim_end_matches('0').trim_end_matches('.');
    if text == "-0" {
        "0".to_owned()
    } else {
        text.to_owned()
    }
}

const ACTIONS: [&str; 9] = [
    "第一轮强化监督定点帮扶",
    "第二轮强化监督定点帮扶",
    "第三轮强化监督定点帮扶",
    "第四轮强化监督定点帮扶",
    "第五轮强化监督定点帮扶",
    "第六轮强化监督定点帮扶",
    "第七轮强化监督定点帮扶",
    "长江经济带固体废物专项行动",
    "垃圾焚烧发电行业专项检查",
];

const PENALISED: [&str; 3] = ["赣北某化工有限公司", "某某矿业有限公司", "李某某"];

fn city_name(index: usize) -> String {
    format!("第{}市", index + 1)
}

fn supervision(random: &mut Random, yaml: &mut String, indent: &str) {
    let actions = random.between(0, 7) as usize;
    let mut commendations = Vec::new();
    for _ in 0..actions {
        let action = random.pick(&ACTIONS);
        commendations.push(format!(
            "{{ action: {action}, points: {} }}",
            random.score(4.0, 1.0, 1.0, 5.0, 0.5)
        ));
    }
    let deductions: Vec<String> = (0..if random.chance(0.15) {
        random.between(1, 3)
    } else {
        0
    })
        .map(|_| {
            format!(
                "{{ reason: 工作不到位, points: {} }}",
                random.score(2.0, 1.0, 1.0, 5.0, 0.5)
            )
        })
        .collect();
    let _ = writeln!(
        yaml,
        "{indent}commendations: [{}]",
        commendations.join(", ")
    );
    let _ = writeln!(yaml, "{indent}deductions: [{}]", deductions.join(", "));
}

fn materials(random: &mut Random, yaml: &mut String, indent: &str, name: &str) {
    if !random.chance(0.7) {
        return;
    }
    // Most materials are short; a few run past the 3,000-character limit,
    // and a few name a penalised party.
    let repeats = if random.chance(0.03) { 160 } else { 2 };
    let mut text = format!("{name}2019年执法大练兵事迹材料：");
    for _ in 0..repeats {
        text.push_str("坚持以实战练兵推动执法能力提升，严厉查处环境违法行为。");
    }
    if random.chance(0.02) {
        text.push_str(random.pick(&PENALISED));
    }
    let format = if random.chance(0.97) { "docx" } else { "pdf" };
    let day = if random.chance(0.95) {
        random.between(1, 10)
    } else {
        random.between(11, 20)
    };
    let _ = writeln!(
        yaml,
        "{indent}materials: {{ text: {text}, format: 事迹材料.{format}, submitted_on: 2019-11-{day:02} }}"
    );
}

/// Facts for `policies/jiangxi-2019/collective.kp`: `candidates` units, one
/// city-level unit per city and the rest county-level, two or three per city.
pub fn collectives(candidates: usize, seed: u64) -> String {
    collectives_over(candidates, seed, None)
}

/// [`collectives`] spread over `cities` cities when given (`--cities`): the
/// same share of city-level units (2 in 7), each city about
/// `candidates ÷ cities` of them. `None` gives [`collectives`]' bytes.
pub fn collectives_over(candidates: usize, seed: u64, cities: Option<usize>) -> String {
    let mut random = Random::new(seed);
    let city_level = (candidates * 2).div_ceil(7).max(1);
    let city_count = cities.unwrap_or(city_level).max(1);
    let mut yaml = String::with_capacity(candidates * 2_000);
    let _ = writeln!(
        yaml,
        "# Synthetic collective facts: {candidates} candidates{}, seed {seed} (examples/generate.rs)\n",
        over(cities)
    );

    struct Daily {
        key_units: u64,
        emissions: u64,
        cases: u64,
        fines: u64,
        major: [u64; 5],
    }
    let mut body = String::with_capacity(candidates * 2_000);
    let mut totals = Daily {
        key_units: 0,
        emissions: 0,
        cases: 0,
        fines: 0,
        major: [0; 5],
    };
    let _ = writeln!(body, "candidates:");
    for index in 0..candidates {
        let city = index % city_count;
        let level = if index < city_level { "city" } else { "county" };
        // A city-level unit handles several times a county's volume.
        let scale = if level == "city" { 4.0 } else { 1.0 };
        let name = format!("{}{}生态环境局", city_name(city), index);
        let _ = writeln!(body, "  - id: u{index}");
        let _ = writeln!(body, "    name: {name}");
        let _ = writeln!(body, "    level: {level}");
        let _ = writeln!(body, "    city: {}", city_name(city));
        let _ = writeln!(body, "    supervision:");
        supervision(&mut random, &mut body, "      ");
        let _ = writeln!(body, "      integrity_violation: {}", random.chance(0.01));
        let daily_inspections = random.count(300.0 * scale, 0.5);
        let double_random = random.count(280.0 * scale, 0.4);
        let _ = writeln!(body, "    team:");
        let _ = writeln!(
            body,
            "      rewards_system: {}\n      safety_system: {}\n      accountability_system: {}",
            random.score(2.5, 0.5, 0.0, 3.0, 0.5),
            random.score(2.5, 0.5, 0.0, 3.0, 0.5),
            random.score(3.3, 0.6, 0.0, 4.0, 0.5)
        );
        let _ = writeln!(
            body,
            "      mobile: {{ connected: {}, daily_inspections: {daily_inspections}, double_random_inspections: {double_random} }}",
            random.chance(0.95)
        );
        let _ = writeln!(body, "    case_files:");
        for (part, required) in [
            (
                "recommended",
                if level == "city" {
                    &[
                        ("general", 2),
                        ("four_measures", 2),
                        ("inspection_audit", 1),
                    ][..]
                } else {
                    &[("general", 2), ("four_measures", 1)][..]
                },
            ),
            (
                "random",
                if level == "city" {
                    &[("general", 2), ("four_measures", 2)][..]
                } else {
                    &[("general", 2), ("four_measures", 1)][..]
                },
            ),
        ] {
            let mut files = Vec::new();
            for (category, count) in required {
                // A few units send one file too few or one too many.
                let count = match random.between(0, 49) {
                    0 => count - 1,
                    1 => count + 1,
                    _ => *count,
                };
                for _ in 0..count {
                    // A recommended case number repeats now and then.
                    let number = if part == "recommended" && random.chance(0.02) {
                        1
                    } else {
                        random.between(1, 400)
                    };
                    files.push(format!(
                        "{{ case_no: 环罚〔2019〕{index}-{number}号, category: {category}, score: {}, disclosed: {} }}",
                        random.score(82.0, 7.0, 40.0, 100.0, 0.5),
                        random.chance(0.96)
                    ));
                }
            }
            let _ = writeln!(body, "      {part}: [{}]", files.join(", "));
        }
        let daily = Daily {
            key_units: random.count(12.0 * scale, 0.5),
            emissions: random.count(900.0 * scale, 0.7),
            cases: random.count(45.0 * scale, 0.6),
            fines: random.count(2_500_000.0 * scale, 0.8),
            major: [
                random.count(1.5 * scale, 0.8),
                random.count(0.5 * scale, 0.8),
                random.count(0.1 * scale, 0.8),
                random.count(0.3 * scale, 0.8),
                random.count(0.8 * scale, 0.8),
            ],
        };
        totals.key_units += daily.key_units;
        totals.emissions += daily.emissions;
        totals.cases += daily.cases;
        totals.fines += daily.fines;
        for (total, count) in totals.major.iter_mut().zip(daily.major) {
            *total += count;
        }
        let _ = writeln!(body, "    daily:");
        let _ = writeln!(
            body,
            "      key_units: {}\n      industrial_emissions: {}\n      cases: {}\n      fines: {}",
            daily.key_units, daily.emissions, daily.cases, daily.fines
        );
        let [seizure, production_limit, daily_penalty, criminal, detention] = daily.major;
        let _ = writeln!(
            body,
            "      major_cases: {{ seizure: {seizure}, production_limit: {production_limit}, daily_penalty: {daily_penalty}, criminal_transfer: {criminal}, detention_transfer: {detention} }}"
        );
        let sloppy = random.chance(0.1);
        let _ = writeln!(
            body,
            "      filing: {{ untrue_cases: {}, late_reports: {}, fill_rate: {}, corrections: {}, mee_criticisms: {} }}",
            u64::from(sloppy && random.chance(0.3)),
            if sloppy { random.between(0, 3) } else { 0 },
            random.score(97.0, 3.0, 70.0, 100.0, 0.1),
            if sloppy { random.between(0, 4) } else { 0 },
            u64::from(sloppy && random.chance(0.1))
        );
        let commendations: Vec<String> = (0..random.between(0, 3))
            .map(|_| random.score(1.2, 0.5, 0.5, 2.0, 0.5))
            .collect();
        let _ = writeln!(
            body,
            "      commendations: [{}]\n      adopted_typical_cases: {}",
            commendations.join(", "),
            random.between(0, 2)
        );
        let _ = writeln!(
            body,
            "    satisfaction: {{ votes: {} }}",
            random.count(6_000.0 * scale, 0.6)
        );
        materials(&mut random, &mut body, "    ", &name);
    }

    let _ = writeln!(yaml, "province:");
    let _ = writeln!(
        yaml,
        "  cases_total: {}\n  fines_total: {}\n  major_cases_total: {}\n  key_units_total: {}\n  industrial_emissions_total: {}",
        totals.cases.max(1),
        totals.fines.max(1),
        totals.major.iter().sum::<u64>().max(1),
        totals.key_units.max(1),
        totals.emissions.max(1)
    );
    let _ = writeln!(yaml, "  penalised_parties: [{}]\n", PENALISED.join(", "));
    let _ = writeln!(yaml, "cities:");
    for city in 0..city_count {
        let _ = write!(
            yaml,
            "  - {{ name: {}, key_units_list_published: {}",
            city_name(city),
            random.chance(0.97)
        );
        if random.chance(0.9) {
            let day = if random.chance(0.9) {
                random.between(20, 31)
            } else {
                random.between(32, 40)
            };
            let date = if day > 31 {
                format!("2019-06-{:02}", day - 31)
            } else {
                format!("2019-05-{day:02}")
            };
            let _ = write!(yaml, ", mobilisation_reported_on: {date}");
        }
        if random.chance(0.8) {
            let sent: Vec<u32> = (6..=12).filter(|_| random.chance(0.97)).collect();
            let briefs: Vec<String> = sent
                .into_iter()
                .map(|month| {
                    let late = random.chance(0.05);
                    let (year, next) = if month == 12 {
                        (2020, 1)
                    } else {
                        (2019, month + 1)
                    };
                    let submitted = if late {
                        format!("{year}-{next:02}-03")
                    } else {
                        format!("2019-{month:02}-28")
                    };
                    format!("{{ month: {month}, submitted_on: {submitted} }}")
                })
                .collect();
            let _ = write!(yaml, ", briefs: [{}]", briefs.join(", "));
        }
        if random.chance(0.6) {
            let articles: Vec<String> = (0..random.between(1, 4))
                .map(|article| {
                    let title = if random.chance(0.3) { 0 } else { article };
                    format!(
                        "{{ title: 执法大练兵报道{title}, media: {}, date: 2019-08-{:02} }}",
                        random.pick(&["江西日报", "中国环境报", "江西环境APP"]),
                        random.between(1, 28)
                    )
                })
                .collect();
            let _ = write!(yaml, ", publicity: [{}]", articles.join(", "));
        }
        let _ = writeln!(yaml, " }}");
    }
    yaml.push('\n');
    yaml.push_str(&body);
    yaml
}

/// Facts for `policies/jiangxi-2019/individual.kp`: `candidates` officers,
/// two or three per city.
pub fn individuals(candidates: usize, seed: u64) -> String {
    individuals_over(candidates, seed, None)
}

/// [`individuals`] spread over `cities` cities when given (`--cities`), about
/// `candidates ÷ cities` officers each. `None` gives [`individuals`]' bytes.
pub fn individuals_over(candidates: usize, seed: u64, cities: Option<usize>) -> String {
    let mut random = Random::new(seed);
    let city_count = cities.unwrap_or((candidates * 2).div_ceil(5)).max(1);
    let mut yaml = String::with_capacity(candidates * 1_000);
    let _ = writeln!(
        yaml,
        "# Synthetic individual facts: {candidates} candidates{}, seed {seed} (examples/generate.rs)\n",
        over(cities)
    );
    let _ = writeln!(
        yaml,
        "penalised_parties: [{}]\n\ncandidates:",
        PENALISED.join(", ")
    );
    for index in 0..candidates {
        let city = city_name(index % city_count);
        let name = format!("执法人员{index}");
        let _ = writeln!(yaml, "  - id: p{index}");
        let _ = writeln!(yaml, "    name: {name}");
        let _ = writeln!(yaml, "    city: {city}");
        let _ = writeln!(yaml, "    unit: {city}生态环境保护综合执法支队");
        let _ = writeln!(
            yaml,
            "    enforcement_certificate_valid: {}\n    integrity_certificate: {}\n    integrity_violation: {}",
            random.chance(0.98),
            random.chance(0.98),
            random.chance(0.01)
        );
        if random.chance(0.005) {
            let _ = writeln!(yaml, "    revoked_after_selection: true");
        }
        let _ = writeln!(yaml, "    supervision:");
        supervision(&mut random, &mut yaml, "      ");
        let files = match random.between(0, 49) {
            0 => 1,
            1 => 3,
            _ => 2,
        };
        let evidence: Vec<String> = (0..files)
            .map(|file| {
                format!(
                    "{{ case_no: 环罚〔2019〕{}号, score: {}, disclosed: {} }}",
                    index * 3 + if random.chance(0.02) { 0 } else { file },
                    random.score(25.0, 2.5, 10.0, 30.0, 0.5),
                    random.chance(0.96)
                )
            })
            .collect();
        let _ = writeln!(yaml, "    evidence_files: [{}]", evidence.join(", "));
        let _ = writeln!(
            yaml,
            "    workload: {{ inspections: {}, cases: {} }}",
            random.count(280.0, 0.4),
            random.count(45.0, 0.4)
        );
        let _ = writeln!(
            yaml,
            "    satisfaction: {{ votes: {} }}",
            random.count(3_500.0, 0.5)
        );
        materials(&mut random, &mut yaml, "    ", &name);
    }
    yaml
}

/// The header's words for `--cities`: nothing without it, so the bytes of a
/// run without it stay as they were.
fn over(cities: Option<usize>) -> String {
    cities.map_or_else(String::new, |cities| format!(" over {cities} cities"))
}

/// The same facts as JSON (pretty-printed, keys in the YAML's order): the
/// YAML read into `serde_json::Value`, under a budget that grows with the
/// text as kaoping's loader's does, since the reader's default refuses
/// 10,000 candidates.
pub fn to_json(yaml: &str) -> String {
    let defaults = serde_saphyr::Budget::default();
    let options = serde_saphyr::options! {
        budget: serde_saphyr::budget! {
            max_nodes: defaults.max_nodes.max(yaml.len()),
            max_events: defaults.max_events.max(2 * yaml.len()),
            max_total_scalar_bytes: defaults.max_total_scalar_bytes.max(yaml.len()),
        },
    };
    let value: serde_json::Value = serde_saphyr::from_str_with_options(yaml, options)
        .expect("the generator writes valid YAML");
    let mut json = serde_json::to_string_pretty(&value).expect("a JSON value always prints");
    json.push('\n');
    json
}

fn main() {
    let arguments: Vec<String> = std::env::args().skip(1).collect();
    let usage = "usage: generate collective|individual --candidates N [--cities N] [--seed S] [--format yaml|json] [-o FILE]";
    let mut part = None;
    let mut candidates = None;
    let mut seed = 2019;
    let mut cities = None;
    let mut json = false;
    let mut output = None;
    let mut rest = arguments.iter();
    while let Some(argument) = rest.next() {
        let mut value = |name: &str| {
            rest.next()
                .cloned()
                .unwrap_or_else(|| fail(&format!("{name} needs a value\n{usage}")))
        };
        match argument.as_str() {
            "collective" | "individual" => part = Some(argument.clone()),
            "--candidates" => {
                candidates = Some(value("--candidates").parse::<usize>().unwrap_or_else(|_| {
                    fail(&format!("--candidates takes a whole number\n{usage}"))
                }))
            }
            "--seed" => {
                seed = value("--seed")
                    .parse()
                    .unwrap_or_else(|_| fail(&format!("--seed takes a whole number\n{usage}")))
            }
            "--cities" => {
                cities = Some(
                    value("--cities")
                        .parse::<usize>()
                        .ok()
                        .filter(|&cities| cities > 0)
                        .unwrap_or_else(|| {
                            fail(&format!(
                                "--cities takes a whole number of at least 1\n{usage}"
                            ))
                        }),
                )
            }
            "--format" => {
                json = match value("--format").as_str() {
                    "yaml" => false,
                    "json" => true,
                    _ => fail(&format!("--format takes yaml or json\n{usage}")),
                }
            }
            "-o" | "--output" => output = Some(value("-o")),
            "-h" | "--help" => {
                println!("{usage}");
                return;
            }
            other => fail(&format!("unexpected argument `{other}`\n{usage}")),
        }
    }
    let (Some(part), Some(candidates)) = (part, candidates) else {
        fail(usage)
    };
    let yaml = if part == "collective" {
        collectives_over(candidates, seed, cities)
    } else {
        individuals_over(candidates, seed, cities)
    };
    let text = if json { to_json(&yaml) } else { yaml };
    match output {
        Some(path) => std::fs::write(&path, text)
            .unwrap_or_else(|error| fail(&format!("cannot write {path}: {error}"))),
        None => print!("{text}"),
    }
}

fn fail(message: &str) -> ! {
    eprintln!("{message}");
    std::process::exit(2)
}
