//! Shared helpers for `tests/rules.rs`: builders that turn small Rust structs
//! into complete, valid facts files for the 2019 Jiangxi policies, and small
//! accessors on the outcome.
//!
//! Every builder starts from a *neutral* candidate, so a test only changes
//! what it tests:
//!
//! * a collective scores supervision 0, team 0 (mobile data not connected),
//!   case files 0 (no files), daily 0 (no key units, no emissions, nothing
//!   counted, filing rate 100%), and satisfaction 10 when all peers have the
//!   same votes (everyone shares rank 1): total 10.00;
//! * an individual is eligible and scores supervision 0, evidence 0,
//!   workload 0 (all counts 0) and satisfaction 20 when all peers have the
//!   same votes: total 20.00.

#![allow(dead_code)]

use kaoping::{CandidateOutcome, Finding, FindingKind, Number, Outcome, Policy};

// ───────────────────────────────────────────── general helpers

/// An exact decimal from its text.
pub fn dec(text: &str) -> Number {
    Number::parse_decimal(text).unwrap_or_else(|| panic!("not a decimal: {text}"))
}

/// A YAML double-quoted string.
fn quote(text: &str) -> String {
    format!("\"{}\"", text.replace('\\', "\\\\").replace('"', "\\\""))
}

/// Loads and checks a policy file of the repository, by its path from the root.
pub fn load(path: &str) -> Policy {
    let full = format!("{}/{}", env!("CARGO_MANIFEST_DIR"), path);
    let text = std::fs::read_to_string(&full).unwrap_or_else(|e| panic!("{full}: {e}"));
    kaoping::load_policy(path, &text)
        .unwrap_or_else(|report| panic!("{path} does not check: {report:?}"))
        .policy
}

pub fn collective_policy() -> Policy {
    load("policies/jiangxi-2019/collective.kp")
}

pub fn individual_policy() -> Policy {
    load("policies/jiangxi-2019/individual.kp")
}

/// Loads and evaluates facts text against a policy, panicking with the
/// report if either step fails. Every rule test also checks that the
/// compiled evaluation and the tree walk agree.
pub fn evaluate_text(policy: &Policy, yaml: &str) -> Outcome {
    let facts = policy
        .load_facts("t.yaml", yaml)
        .unwrap_or_else(|report| panic!("facts rejected: {report:?}\n{yaml}"));
    let outcome = policy.evaluate(&facts);
    assert_same_result(&outcome, &policy.evaluate_walking(&facts));
    outcome.unwrap_or_else(|report| panic!("evaluation failed: {report:?}"))
}

/// Compiled and walked evaluation must agree on the outcome, or on the
/// error and where it points.
pub fn assert_same_result(
    compiled: &Result<Outcome, kaoping::Report>,
    walked: &Result<Outcome, kaoping::Report>,
) {
    match (compiled, walked) {
        (Ok(compiled), Ok(walked)) => assert_eq!(compiled, walked, "walking gives another outcome"),
        (compiled, walked) => assert_eq!(
            format!("{compiled:?}"),
            format!("{walked:?}"),
            "compiled and walked evaluation disagree"
        ),
    }
}

/// The candidate with this id.
pub fn cand<'a>(outcome: &'a Outcome, id: &str) -> &'a CandidateOutcome {
    outcome
        .candidates
        .iter()
        .find(|c| c.id == id)
        .unwrap_or_else(|| panic!("no candidate {id}"))
}

/// An indicator's rounded score, as text with two decimals.
pub fn score(candidate: &CandidateOutcome, indicator: &str) -> String {
    candidate
        .indicator(indicator)
        .unwrap_or_else(|| panic!("{}: no indicator {indicator}", candidate.id))
        .score
        .as_ref()
        .unwrap_or_else(|| panic!("{}: indicator {indicator} has no score", candidate.id))
        .to_fixed(2)
}

/// An indicator's rounded score as an exact number.
pub fn score_number(candidate: &CandidateOutcome, indicator: &str) -> Number {
    candidate
        .indicator(indicator)
        .unwrap_or_else(|| panic!("{}: no indicator {indicator}", candidate.id))
        .score
        .clone()
        .unwrap_or_else(|| panic!("{}: indicator {indicator} has no score", candidate.id))
}

/// An indicator's exact (unrounded) score.
pub fn exact(candidate: &CandidateOutcome, indicator: &str) -> Number {
    candidate
        .indicator(indicator)
        .unwrap_or_else(|| panic!("{}: no indicator {indicator}", candidate.id))
        .exact
        .clone()
        .unwrap_or_else(|| panic!("{}: indicator {indicator} has no exact score", candidate.id))
}

/// An item's exact score.
pub fn item(candidate: &CandidateOutcome, indicator: &str, item: &str) -> Number {
    candidate
        .indicator(indicator)
        .unwrap_or_else(|| panic!("{}: no indicator {indicator}", candidate.id))
        .items
        .iter()
        .find(|i| i.name == item)
        .unwrap_or_else(|| panic!("{}: no item {indicator}.{item}", candidate.id))
        .score
        .clone()
}

/// The total as text with two decimals.
pub fn total(candidate: &CandidateOutcome) -> String {
    candidate
        .total
        .as_ref()
        .unwrap_or_else(|| panic!("{}: no total", candidate.id))
        .to_fixed(2)
}

/// The value of a flag (`national`).
pub fn flag(candidate: &CandidateOutcome, name: &str) -> bool {
    candidate
        .flags
        .iter()
        .find(|(n, _)| n == name)
        .unwrap_or_else(|| panic!("{}: no flag {name}", candidate.id))
        .1
}

pub fn findings_of_kind(candidate: &CandidateOutcome, kind: FindingKind) -> Vec<&Finding> {
    candidate
        .findings
        .iter()
        .filter(|f| f.kind == kind)
        .collect()
}

/// Findings whose message mentions `text`.
pub fn findings_mentioning<'a>(candidate: &'a CandidateOutcome, text: &str) -> Vec<&'a Finding> {
    candidate
        .findings
        .iter()
        .filter(|f| f.message.contains(text))
        .collect()
}

// ───────────────────────────────────────────── collectives (Part A)

#[derive(Clone, Debug)]
pub struct CaseFile {
    pub case_no: String,
    pub category: &'static str,
    pub score: String,
    pub disclosed: bool,
}

/// A disclosed case file.
pub fn file(case_no: &str, category: &'static str, score: &str) -> CaseFile {
    CaseFile {
        case_no: case_no.to_string(),
        category,
        score: score.to_string(),
        disclosed: true,
    }
}

impl CaseFile {
    pub fn undisclosed(mut self) -> Self {
        self.disclosed = false;
        self
    }

    fn yaml(&self) -> String {
        format!(
            "{{ case_no: {}, category: {}, score: {}, disclosed: {} }}",
            quote(&self.case_no),
            self.category,
            self.score,
            self.disclosed
        )
    }
}

/// The full set of required files at one score, with case numbers
/// `{prefix}-{category}-{n}`: city recommended 2+2+1, county 2+1; random
/// city 2+2, county 2+1.
pub fn full_files(level: &str, part: &str, score: &str) -> Vec<CaseFile> {
    let counts: &[(&'static str, usize)] = match (level, part) {
        ("city", "recommended") => &[
            ("general", 2),
            ("four_measures", 2),
            ("inspection_audit", 1),
        ],
        ("city", "random") => &[("general", 2), ("four_measures", 2)],
        ("county", _) => &[("general", 2), ("four_measures", 1)],
        _ => panic!("unknown level/part {level}/{part}"),
    };
    let mut files = Vec::new();
    for (category, count) in counts {
        for n in 1..=*count {
            files.push(file(&format!("{part}-{category}-{n}"), category, score));
        }
    }
    files
}

/// The strengthened-supervision record, the same in both policies' facts.
#[derive(Clone, Debug, Default)]
pub struct Supervision {
    /// (action, points)
    pub commendations: Vec<(String, String)>,
    pub deductions: Vec<String>,
}

impl Supervision {
    /// The two flow lists as YAML, deductions given `reason`.
    fn yaml_lists(&self, reason: &str) -> (String, String) {
        let commendations: Vec<String> = self
            .commendations
            .iter()
            .map(|(action, points)| format!("{{ action: {}, points: {points} }}", quote(action)))
            .collect();
        let deductions: Vec<String> = self
            .deductions
            .iter()
            .map(|points| format!("{{ reason: \"{reason}\", points: {points} }}"))
            .collect();
        (commendations.join(", "), deductions.join(", "))
    }
}

/// Deed materials (Part C), the same record in both policies' facts.
#[derive(Clone, Debug)]
pub struct Materials {
    pub text: String,
    pub format: String,
    pub submitted_on: String,
}

impl Materials {
    fn yaml(materials: &Option<Materials>) -> String {
        match materials {
            None => String::new(),
            Some(m) => format!(
                "    materials: {{ text: {}, format: {}, submitted_on: {} }}\n",
                quote(&m.text),
                quote(&m.format),
                m.submitted_on
            ),
        }
    }
}

/// Adds deed materials to a collective or an individual.
pub trait Submits: Sized {
    fn materials_slot(&mut self) -> &mut Option<Materials>;

    fn materials(mut self, text: &str, format: &str, submitted_on: &str) -> Self {
        *self.materials_slot() = Some(Materials {
            text: text.to_string(),
            format: format.to_string(),
            submitted_on: submitted_on.to_string(),
        });
        self
    }
}

impl Submits for Collective {
    fn materials_slot(&mut self) -> &mut Option<Materials> {
        &mut self.materials
    }
}

impl Submits for Individual {
    fn materials_slot(&mut self) -> &mut Option<Materials> {
        &mut self.materials
    }
}

/// Builders for the supervision record of a collective or an individual.
pub trait Supervised: Sized {
    fn supervision(&mut self) -> &mut Supervision;

    /// Adds a strengthened-supervision commendation.
    fn commend(mut self, action: &str, points: &str) -> Self {
        self.supervision()
            .commendations
            .push((action.to_string(), points.to_string()));
        self
    }

    /// Adds `n` commendations of `points` each, in distinct actions.
    fn commend_actions(mut self, n: usize, points: &str) -> Self {
        for i in 0..n {
            self = self.commend(&format!("第{}轮强化监督", i + 1), points);
        }
        self
    }

    fn deduct(mut self, points: &str) -> Self {
        self.supervision().deductions.push(points.to_string());
        self
    }
}

impl Supervised for Collective {
    fn supervision(&mut self) -> &mut Supervision {
        &mut self.supervision
    }
}

impl Supervised for Individual {
    fn supervision(&mut self) -> &mut Supervision {
        &mut self.supervision
    }
}

#[derive(Clone, Debug)]
pub struct Collective {
    pub id: String,
    pub name: String,
    pub level: &'static str,
    pub city: String,
    pub supervision: Supervision,
    pub integrity_violation: bool,
    pub rewards_system: String,
    pub safety_system: String,
    pub accountability_system: String,
    pub connected: bool,
    pub daily_inspections: u64,
    pub double_random_inspections: u64,
    pub recommended: Vec<CaseFile>,
    pub random: Vec<CaseFile>,
    pub key_units: u64,
    pub industrial_emissions: String,
    pub cases: u64,
    pub fines: String,
    /// seizure, production_limit, daily_penalty, criminal_transfer, detention_transfer
    pub major_cases: [u64; 5],
    pub untrue_cases: u64,
    pub late_reports: u64,
    pub fill_rate: String,
    pub corrections: u64,
    pub mee_criticisms: u64,
    pub daily_commendations: Vec<String>,
    pub adopted_typical_cases: u64,
    pub votes: u64,
    pub materials: Option<Materials>,
}

impl Collective {
    fn new(id: &str, level: &'static str, city: &str) -> Self {
        Collective {
            id: id.to_string(),
            name: format!("{id}号单位"),
            level,
            city: city.to_string(),
            supervision: Supervision::default(),
            integrity_violation: false,
            rewards_system: "0".into(),
            safety_system: "0".into(),
            accountability_system: "0".into(),
            connected: false,
            daily_inspections: 0,
            double_random_inspections: 0,
            recommended: Vec::new(),
            random: Vec::new(),
            key_units: 0,
            industrial_emissions: "0".into(),
            cases: 0,
            fines: "0".into(),
            major_cases: [0; 5],
            untrue_cases: 0,
            late_reports: 0,
            fill_rate: "100".into(),
            corrections: 0,
            mee_criticisms: 0,
            daily_commendations: Vec::new(),
            adopted_typical_cases: 0,
            votes: 0,
            materials: None,
        }
    }

    /// A neutral city-level candidate in 南昌市.
    pub fn city(id: &str) -> Self {
        Collective::new(id, "city", "南昌市")
    }

    /// A neutral county-level candidate in 南昌市.
    pub fn county(id: &str) -> Self {
        Collective::new(id, "county", "南昌市")
    }

    pub fn in_city(mut self, city: &str) -> Self {
        self.city = city.to_string();
        self
    }

    pub fn votes(mut self, votes: u64) -> Self {
        self.votes = votes;
        self
    }

    pub fn mobile(mut self, connected: bool, daily: u64, double_random: u64) -> Self {
        self.connected = connected;
        self.daily_inspections = daily;
        self.double_random_inspections = double_random;
        self
    }

    fn yaml(&self) -> String {
        let (commendations, deductions) = self.supervision.yaml_lists("不服从指挥调度");
        let recommended: Vec<String> = self.recommended.iter().map(CaseFile::yaml).collect();
        let random: Vec<String> = self.random.iter().map(CaseFile::yaml).collect();
        let [seizure, production_limit, daily_penalty, criminal_transfer, detention_transfer] =
            self.major_cases;
        format!(
            r#"  - id: {id}
    name: {name}
    level: {level}
    city: {city}
    supervision:
      commendations: [{commendations}]
      deductions: [{deductions}]
      integrity_violation: {integrity_violation}
    team:
      rewards_system: {rewards}
      safety_system: {safety}
      accountability_system: {accountability}
      mobile: {{ connected: {connected}, daily_inspections: {daily}, double_random_inspections: {double_random} }}
    case_files:
      recommended: [{recommended}]
      random: [{random}]
    daily:
      key_units: {key_units}
      industrial_emissions: {emissions}
      cases: {cases}
      fines: {fines}
      major_cases: {{ seizure: {seizure}, production_limit: {production_limit}, daily_penalty: {daily_penalty}, criminal_transfer: {criminal_transfer}, detention_transfer: {detention_transfer} }}
      filing: {{ untrue_cases: {untrue}, late_reports: {late}, fill_rate: {fill_rate}, corrections: {corrections}, mee_criticisms: {criticisms} }}
      commendations: [{daily_commendations}]
      adopted_typical_cases: {typical}
    satisfaction: {{ votes: {votes} }}
{materials}"#,
            id = quote(&self.id),
            name = quote(&self.name),
            level = self.level,
            city = quote(&self.city),
            commendations = commendations,
            deductions = deductions,
            integrity_violation = self.integrity_violation,
            rewards = self.rewards_system,
            safety = self.safety_system,
            accountability = self.accountability_system,
            connected = self.connected,
            daily = self.daily_inspections,
            double_random = self.double_random_inspections,
            recommended = recommended.join(", "),
            random = random.join(", "),
            key_units = self.key_units,
            emissions = self.industrial_emissions,
            cases = self.cases,
            fines = self.fines,
            untrue = self.untrue_cases,
            late = self.late_reports,
            fill_rate = self.fill_rate,
            corrections = self.corrections,
            criticisms = self.mee_criticisms,
            daily_commendations = self.daily_commendations.join(", "),
            typical = self.adopted_typical_cases,
            votes = self.votes,
            materials = Materials::yaml(&self.materials),
        )
    }
}

/// Province totals. The defaults make every hand computation short: a unit
/// with 10 key units and 100 emissions has the ratio
/// (10 ÷ 100 + 100 ÷ 1000) ÷ 2 = 0.1, so its baselines are 100 cases,
/// 100 000 yuan of fines and 10 major cases.
#[derive(Clone, Debug)]
pub struct Province {
    pub cases_total: u64,
    pub fines_total: String,
    pub major_cases_total: u64,
    pub key_units_total: u64,
    pub industrial_emissions_total: String,
}

impl Default for Province {
    fn default() -> Self {
        Province {
            cases_total: 1000,
            fines_total: "1000000".into(),
            major_cases_total: 100,
            key_units_total: 100,
            industrial_emissions_total: "1000".into(),
        }
    }
}

#[derive(Clone, Debug, Default)]
pub struct CollectiveFacts {
    pub province: Province,
    /// Cities that have NOT published their key-discharger list; every other
    /// city named by a candidate is listed as published.
    pub unpublished: Vec<String>,
    pub candidates: Vec<Collective>,
}

impl CollectiveFacts {
    pub fn of(candidates: Vec<Collective>) -> Self {
        CollectiveFacts {
            candidates,
            ..Default::default()
        }
    }

    pub fn yaml(&self) -> String {
        let p = &self.province;
        let mut cities: Vec<String> = Vec::new();
        for city in self
            .candidates
            .iter()
            .map(|c| c.city.clone())
            .chain(self.unpublished.iter().cloned())
        {
            if !cities.contains(&city) {
                cities.push(city);
            }
        }
        let mut out = format!(
            "province:\n  cases_total: {}\n  fines_total: {}\n  major_cases_total: {}\n  key_units_total: {}\n  industrial_emissions_total: {}\ncities:\n",
            p.cases_total,
            p.fines_total,
            p.major_cases_total,
            p.key_units_total,
            p.industrial_emissions_total
        );
        for city in &cities {
            out.push_str(&format!(
                "  - {{ name: {}, key_units_list_published: {} }}\n",
                quote(city),
                !self.unpublished.contains(city)
            ));
        }
        out.push_str("candidates:\n");
        for candidate in &self.candidates {
            out.push_str(&candidate.yaml());
        }
        out
    }

    pub fn evaluate(&self) -> Outcome {
        evaluate_text(&collective_policy(), &self.yaml())
    }
}

/// Evaluates a single city-level (or county-level) candidate on its own.
pub fn alone(candidate: Collective) -> CandidateOutcome {
    let id = candidate.id.clone();
    let outcome = CollectiveFacts::of(vec![candidate]).evaluate();
    cand(&outcome, &id).clone()
}

// ───────────────────────────────────────────── individuals (Part B)

#[derive(Clone, Debug)]
pub struct EvidenceFile {
    pub case_no: String,
    pub score: String,
    pub disclosed: bool,
}

pub fn evidence(case_no: &str, score: &str) -> EvidenceFile {
    EvidenceFile {
        case_no: case_no.to_string(),
        score: score.to_string(),
        disclosed: true,
    }
}

impl EvidenceFile {
    pub fn undisclosed(mut self) -> Self {
        self.disclosed = false;
        self
    }
}

#[derive(Clone, Debug)]
pub struct Individual {
    pub id: String,
    pub name: String,
    pub city: String,
    pub enforcement_certificate_valid: bool,
    pub integrity_certificate: bool,
    pub integrity_violation: bool,
    /// `None` leaves the optional key out.
    pub revoked_after_selection: Option<bool>,
    pub supervision: Supervision,
    pub evidence_files: Vec<EvidenceFile>,
    pub inspections: u64,
    pub cases: u64,
    pub votes: u64,
    pub materials: Option<Materials>,
}

impl Individual {
    /// A neutral, eligible individual in 南昌市.
    pub fn new(id: &str) -> Self {
        Individual {
            id: id.to_string(),
            name: format!("{id}号人"),
            city: "南昌市".into(),
            enforcement_certificate_valid: true,
            integrity_certificate: true,
            integrity_violation: false,
            revoked_after_selection: None,
            supervision: Supervision::default(),
            evidence_files: Vec::new(),
            inspections: 0,
            cases: 0,
            votes: 0,
            materials: None,
        }
    }

    pub fn in_city(mut self, city: &str) -> Self {
        self.city = city.to_string();
        self
    }

    pub fn evidence(mut self, files: Vec<EvidenceFile>) -> Self {
        self.evidence_files = files;
        self
    }

    /// Two disclosed files of the same score: evidence = that score.
    pub fn evidence_mean(self, score: &str) -> Self {
        let a = format!("{}-1", self.id);
        let b = format!("{}-2", self.id);
        self.evidence(vec![evidence(&a, score), evidence(&b, score)])
    }

    pub fn workload(mut self, inspections: u64, cases: u64) -> Self {
        self.inspections = inspections;
        self.cases = cases;
        self
    }

    pub fn votes(mut self, votes: u64) -> Self {
        self.votes = votes;
        self
    }

    fn yaml(&self) -> String {
        let (commendations, deductions) = self.supervision.yaml_lists("不遵守组织纪律");
        let files: Vec<String> = self
            .evidence_files
            .iter()
            .map(|f| {
                format!(
                    "{{ case_no: {}, score: {}, disclosed: {} }}",
                    quote(&f.case_no),
                    f.score,
                    f.disclosed
                )
            })
            .collect();
        let revoked = match self.revoked_after_selection {
            Some(value) => format!("    revoked_after_selection: {value}\n"),
            None => String::new(),
        };
        format!(
            r#"  - id: {id}
    name: {name}
    city: {city}
    unit: {unit}
    enforcement_certificate_valid: {certificate}
    integrity_certificate: {integrity_certificate}
    integrity_violation: {integrity_violation}
{revoked}    supervision:
      commendations: [{commendations}]
      deductions: [{deductions}]
    evidence_files: [{files}]
    workload: {{ inspections: {inspections}, cases: {cases} }}
    satisfaction: {{ votes: {votes} }}
{materials}"#,
            id = quote(&self.id),
            name = quote(&self.name),
            city = quote(&self.city),
            unit = quote(&format!("{}生态环境保护综合执法支队", self.city)),
            certificate = self.enforcement_certificate_valid,
            integrity_certificate = self.integrity_certificate,
            integrity_violation = self.integrity_violation,
            commendations = commendations,
            deductions = deductions,
            files = files.join(", "),
            inspections = self.inspections,
            cases = self.cases,
            votes = self.votes,
            materials = Materials::yaml(&self.materials),
        )
    }
}

#[derive(Clone, Debug, Default)]
pub struct IndividualFacts {
    pub candidates: Vec<Individual>,
}

impl IndividualFacts {
    pub fn of(candidates: Vec<Individual>) -> Self {
        IndividualFacts { candidates }
    }

    pub fn yaml(&self) -> String {
        let mut out = String::from("candidates:\n");
        for candidate in &self.candidates {
            out.push_str(&candidate.yaml());
        }
        out
    }

    pub fn evaluate(&self) -> Outcome {
        evaluate_text(&individual_policy(), &self.yaml())
    }
}

/// A city name for the `i`-th of many individuals, three per city, so that
/// no per-city recommendation-count warning fires when the count is a
/// multiple of 3.
pub fn city_for(i: usize) -> String {
    format!("第{}市", i / 3 + 1)
}
