//! Part A — outstanding collectives (附1 表现突出集体评选细则).

use std::collections::HashMap;

use num_traits::Zero;
use serde::de::IgnoredAny;
use serde::Deserialize;

use super::{
    int, max, min, rank_and_select, ratio, satisfaction_points, supervision_points, total_of,
    Commendation, Dec, Deduction, Indicator, Verdict, Q,
};

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Facts {
    pub province: Province,
    pub cities: Vec<City>,
    pub candidates: Vec<Candidate>,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Province {
    pub cases_total: u64,
    pub fines_total: Dec,
    pub major_cases_total: u64,
    pub key_units_total: u64,
    pub industrial_emissions_total: Dec,
    #[serde(default)]
    pub penalised_parties: Option<IgnoredAny>,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct City {
    pub name: String,
    pub key_units_list_published: bool,
    #[serde(default)]
    pub mobilisation_reported_on: Option<IgnoredAny>,
    #[serde(default)]
    pub briefs: Option<IgnoredAny>,
    #[serde(default)]
    pub publicity: Option<IgnoredAny>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Level {
    City,
    County,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Candidate {
    pub id: String,
    pub name: String,
    pub level: Level,
    pub city: String,
    pub supervision: Supervision,
    pub team: Team,
    pub case_files: CaseFiles,
    pub daily: Daily,
    pub satisfaction: Satisfaction,
    #[serde(default)]
    pub materials: Option<IgnoredAny>,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Supervision {
    pub commendations: Vec<Commendation>,
    pub deductions: Vec<Deduction>,
    pub integrity_violation: bool,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Team {
    pub rewards_system: Dec,
    pub safety_system: Dec,
    pub accountability_system: Dec,
    pub mobile: Mobile,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Mobile {
    pub connected: bool,
    pub daily_inspections: u64,
    pub double_random_inspections: u64,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Category {
    General,
    FourMeasures,
    InspectionAudit,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CaseFile {
    pub case_no: String,
    pub category: Category,
    pub score: Dec,
    pub disclosed: bool,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CaseFiles {
    pub recommended: Vec<CaseFile>,
    pub random: Vec<CaseFile>,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Daily {
    pub key_units: u64,
    pub industrial_emissions: Dec,
    pub cases: u64,
    pub fines: Dec,
    pub major_cases: MajorCases,
    pub filing: Filing,
    pub commendations: Vec<Dec>,
    pub adopted_typical_cases: u64,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MajorCases {
    pub seizure: u64,
    pub production_limit: u64,
    pub daily_penalty: u64,
    pub criminal_transfer: u64,
    pub detention_transfer: u64,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Filing {
    pub untrue_cases: u64,
    pub late_reports: u64,
    pub fill_rate: Dec,
    pub corrections: u64,
    pub mee_criticisms: u64,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Satisfaction {
    pub votes: u64,
}

/// 附1 四(三): a city that has not published its key-discharger list loses its
/// city-level candidacy and every county candidate in it.
fn excluded(published: &HashMap<&str, bool>, candidate: &Candidate) -> bool {
    let published = published
        .get(candidate.city.as_str())
        .unwrap_or_else(|| panic!("{}: city {} is not listed", candidate.id, candidate.city));
    !published
}

/// A1 附1 一(二): an integrity problem of a dispatched staff member zeroes the
/// indicator, and the candidate stays in the ranking.
fn supervision(candidate: &Candidate) -> Q {
    let s = &candidate.supervision;
    if s.integrity_violation {
        Q::zero()
    } else {
        supervision_points(&s.commendations, &s.deductions)
    }
}

/// A2 附1 二(二): three expert items as given, plus mobile enforcement (0 when
/// not connected, 10 when daily ≥ 双随机 — so 10 with 0 双随机 by the Reading —
/// else 10 × daily ÷ 双随机).
fn team(candidate: &Candidate) -> Q {
    let t = &candidate.team;
    let m = &t.mobile;
    let mobile = if !m.connected {
        Q::zero()
    } else if m.daily_inspections >= m.double_random_inspections {
        int(10)
    } else {
        int(10) * ratio(m.daily_inspections, m.double_random_inspections)
    };
    t.rewards_system.0.clone() + &t.safety_system.0 + &t.accountability_system.0 + mobile
}

/// 附1 三(二): how many files of each category are required.
fn required(level: Level, recommended: bool, category: Category) -> usize {
    use Category::*;
    match (level, recommended, category) {
        (Level::City, true, General | FourMeasures) => 2,
        (Level::City, true, InspectionAudit) => 1,
        (Level::City, false, General | FourMeasures) => 2,
        (Level::County, _, General) => 2,
        (Level::County, _, FourMeasures) => 1,
        (_, false, InspectionAudit) | (Level::County, _, InspectionAudit) => 0,
    }
}

fn slots(level: Level, recommended: bool) -> usize {
    [
        Category::General,
        Category::FourMeasures,
        Category::InspectionAudit,
    ]
    .into_iter()
    .map(|category| required(level, recommended, category))
    .sum()
}

/// Reading of 附1 三(二): files are taken in file order up to the required count
/// of their category; a surplus file is not counted at all.
fn counted(files: &[CaseFile], level: Level, recommended: bool) -> Vec<&CaseFile> {
    let mut taken: Vec<&CaseFile> = Vec::new();
    for file in files {
        let of_category = taken.iter().filter(|f| f.category == file.category).count();
        if of_category < required(level, recommended, file.category) {
            taken.push(file);
        }
    }
    taken
}

/// 附1 三(三): an undisclosed penalty counts 0.
fn file_score(file: &CaseFile) -> Q {
    if file.disclosed {
        file.score.0.clone()
    } else {
        Q::zero()
    }
}

/// One part (0–15) of 附1 三: 15 × (sum of counted scores ÷ required count) ÷
/// 100; the divisor is the required count, so a missing file counts 0.
fn part(earned: Q, level: Level, recommended: bool) -> Q {
    int(15) * earned / int(slots(level, recommended) as u64) / int(100)
}

/// A3 附1 三 with its Readings: (recommended + random) × 20 ÷ 30. Among the
/// counted recommended files, the first occurrence of a case number scores and
/// every later one keeps its slot with 0; a case both recommended and randomly
/// drawn is not a duplicate, and the random part has no duplicate rule.
fn case_files(candidate: &Candidate) -> Q {
    let level = candidate.level;
    let mut seen: Vec<&str> = Vec::new();
    let mut recommended = Q::zero();
    for file in counted(&candidate.case_files.recommended, level, true) {
        if seen.contains(&file.case_no.as_str()) {
            continue;
        }
        seen.push(&file.case_no);
        recommended += file_score(file);
    }
    let random = counted(&candidate.case_files.random, level, false)
        .into_iter()
        .fold(Q::zero(), |sum, file| sum + file_score(file));
    (part(recommended, level, true) + part(random, level, false)) * int(20) / int(30)
}

/// A4 附1 四: four items of 5 points against the baseline ratio, the equal-weight
/// mean of the two provincial shares (Reading).
fn daily(province: &Province, candidate: &Candidate) -> Q {
    let d = &candidate.daily;
    let share = (int(d.key_units) / int(province.key_units_total)
        + d.industrial_emissions.0.clone() / &province.industrial_emissions_total.0)
        / int(2);
    // "超过基准值 50%" is strict (Reading): exactly half earns nothing.
    let exceeds_half = |count: Q, total: Q| -> Q {
        if count > total * &share / int(2) {
            int(5)
        } else {
            Q::zero()
        }
    };

    // 附1 四(二)1: one point per full 5% the filing rate falls short of 100%.
    let f = &d.filing;
    let shortfall_steps = ((int(100) - &f.fill_rate.0) / int(5)).floor();
    let lost = min(
        int(f.untrue_cases + f.late_reports + f.corrections + 2 * f.mee_criticisms)
            + shortfall_steps,
        int(5),
    );
    let cases = max(
        exceeds_half(int(d.cases), int(province.cases_total)) - lost,
        Q::zero(),
    );

    // 附1 四(二)2.
    let fines = exceeds_half(d.fines.0.clone(), province.fines_total.0.clone());

    // 附1 四(二)3: the five kinds are added up.
    let m = &d.major_cases;
    let major_count = m.seizure
        + m.production_limit
        + m.daily_penalty
        + m.criminal_transfer
        + m.detention_transfer;
    let major = exceeds_half(int(major_count), int(province.major_cases_total));

    // 附1 四(二)4: 0.5–2 per commendation plus 1 per adopted typical case, capped at 5.
    let commendations = min(
        d.commendations
            .iter()
            .fold(int(d.adopted_typical_cases), |sum, points| sum + &points.0),
        int(5),
    );

    cases + fines + major + commendations
}

/// Scores, ranks and selects every candidate (Part A, "Ranking and selection"):
/// each level separately, 2 city and 10 county units.
pub fn evaluate(facts: &Facts) -> Vec<Verdict> {
    let published: HashMap<&str, bool> = facts
        .cities
        .iter()
        .map(|city| (city.name.as_str(), city.key_units_list_published))
        .collect();
    let eligible: Vec<bool> = facts
        .candidates
        .iter()
        .map(|candidate| !excluded(&published, candidate))
        .collect();
    let mut verdicts: Vec<Verdict> = facts
        .candidates
        .iter()
        .map(|candidate| Verdict {
            id: candidate.id.clone(),
            status: "excluded",
            rank: None,
            total: None,
            indicators: vec![
                Indicator {
                    id: "supervision",
                    exact: Some(supervision(candidate)),
                },
                Indicator {
                    id: "team",
                    exact: Some(team(candidate)),
                },
                Indicator {
                    id: "case_files",
                    exact: Some(case_files(candidate)),
                },
                Indicator {
                    id: "daily",
                    exact: Some(daily(&facts.province, candidate)),
                },
                // A5 depends on the eligible peers, so an excluded candidate has none.
                Indicator {
                    id: "satisfaction",
                    exact: None,
                },
            ],
            national: None,
            overruns: 0,
        })
        .collect();

    for (level, quota) in [(Level::City, 2), (Level::County, 10)] {
        let cohort: Vec<usize> = (0..facts.candidates.len())
            .filter(|&i| eligible[i] && facts.candidates[i].level == level)
            .collect();
        let votes: Vec<u64> = cohort
            .iter()
            .map(|&i| facts.candidates[i].satisfaction.votes)
            .collect();
        let satisfaction = satisfaction_points(10, &votes);
        for (&index, points) in cohort.iter().zip(satisfaction) {
            let verdict = &mut verdicts[index];
            verdict.indicators[4].exact = Some(points);
            verdict.total = Some(total_of(&verdict.indicators));
        }
        rank_and_select(&mut verdicts, &cohort, quota);
    }
    verdicts
}
