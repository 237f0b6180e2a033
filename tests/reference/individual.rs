//! Part B — outstanding individuals (附2 表现突出个人评选细则).

use num_traits::Zero;
use serde::de::IgnoredAny;
use serde::Deserialize;

use super::{
    int, mark_overrun, rank_and_select, ratio, satisfaction_points, supervision_points, total_of,
    Commendation, Dec, Deduction, Indicator, Verdict, Q,
};

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Facts {
    #[serde(default)]
    pub penalised_parties: Option<IgnoredAny>,
    pub candidates: Vec<Candidate>,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Candidate {
    pub id: String,
    pub name: String,
    pub city: String,
    pub unit: String,
    pub enforcement_certificate_valid: bool,
    pub integrity_certificate: bool,
    pub integrity_violation: bool,
    #[serde(default)]
    pub revoked_after_selection: bool,
    pub supervision: Supervision,
    pub evidence_files: Vec<EvidenceFile>,
    pub workload: Workload,
    pub satisfaction: Satisfaction,
    #[serde(default)]
    pub materials: Option<IgnoredAny>,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Supervision {
    pub commendations: Vec<Commendation>,
    pub deductions: Vec<Deduction>,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EvidenceFile {
    pub case_no: String,
    pub score: Dec,
    pub disclosed: bool,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Workload {
    pub inspections: u64,
    pub cases: u64,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Satisfaction {
    pub votes: u64,
}

const SELECTED: u32 = 20;
const NATIONAL: u32 = 10;

/// The basic condition of 附2 一(二) (a valid enforcement certificate) and the
/// 廉洁执法 veto of 附2 二(一)/二(五) (a complete integrity certificate and no
/// verified violation).
fn excluded(candidate: &Candidate) -> bool {
    !candidate.enforcement_certificate_valid
        || !candidate.integrity_certificate
        || candidate.integrity_violation
}

/// B2 附2 二(二) with its Reading: the first two files in file order, an
/// undisclosed one counting 0, divided by 2 whatever was submitted.
fn evidence(candidate: &Candidate) -> Q {
    let earned = candidate
        .evidence_files
        .iter()
        .take(2)
        .filter(|file| file.disclosed)
        .fold(Q::zero(), |sum, file| sum + &file.score.0);
    earned / int(2)
}

/// One part of B3 附2 二(三) (Reading): 10 × own count ÷ the largest count among
/// the eligible individuals, 0 when that largest count is 0.
fn workload_part(own: u64, largest: u64) -> Q {
    if largest == 0 {
        Q::zero()
    } else {
        int(10) * ratio(own, largest)
    }
}

/// Scores, ranks and selects every candidate: competition ranks over all
/// eligible individuals, 20 selected, `national` for rank ≤ 10, and a title
/// revoked after selection turns only that candidate's status to `revoked`
/// and its `national` to false (附2 二(五) Reading: nobody moves up).
pub fn evaluate(facts: &Facts) -> Vec<Verdict> {
    let candidates = &facts.candidates;
    let cohort: Vec<usize> = (0..candidates.len())
        .filter(|&i| !excluded(&candidates[i]))
        .collect();
    let largest = |count: fn(&Candidate) -> u64| {
        cohort
            .iter()
            .map(|&i| count(&candidates[i]))
            .max()
            .unwrap_or(0)
    };
    let most_inspections = largest(|c| c.workload.inspections);
    let most_cases = largest(|c| c.workload.cases);
    let votes: Vec<u64> = cohort
        .iter()
        .map(|&i| candidates[i].satisfaction.votes)
        .collect();

    let mut verdicts: Vec<Verdict> = candidates
        .iter()
        .map(|candidate| Verdict {
            id: candidate.id.clone(),
            status: "excluded",
            rank: None,
            total: None,
            indicators: vec![
                // B1 附2 二(一): as A1, but an integrity problem excludes instead.
                Indicator {
                    id: "supervision",
                    exact: Some(supervision_points(
                        &candidate.supervision.commendations,
                        &candidate.supervision.deductions,
                    )),
                },
                Indicator {
                    id: "evidence",
                    exact: Some(evidence(candidate)),
                },
                // B3 and B4 depend on the eligible peers.
                Indicator {
                    id: "workload",
                    exact: None,
                },
                Indicator {
                    id: "satisfaction",
                    exact: None,
                },
            ],
            national: Some(false),
            overruns: 0,
        })
        .collect();

    let satisfaction = satisfaction_points(20, &votes);
    for (&index, points) in cohort.iter().zip(satisfaction) {
        let candidate = &candidates[index];
        let verdict = &mut verdicts[index];
        verdict.indicators[2].exact = Some(
            workload_part(candidate.workload.inspections, most_inspections)
                + workload_part(candidate.workload.cases, most_cases),
        );
        // B4 附2 二(四): as A5 with 20 points.
        verdict.indicators[3].exact = Some(points);
        verdict.total = Some(total_of(&verdict.indicators));
    }
    rank_and_select(&mut verdicts, &cohort, SELECTED);
    mark_overrun(&mut verdicts, &cohort, NATIONAL);

    for &index in &cohort {
        let verdict = &mut verdicts[index];
        let rank = verdict.rank.expect("ranked");
        verdict.national = Some(rank <= NATIONAL);
        if verdict.status == "selected" && candidates[index].revoked_after_selection {
            // 附2 二(五) Reading: a revoked title is not put forward to the
            // national selection either, and nobody moves up into the ten.
            verdict.status = "revoked";
            verdict.national = Some(false);
        }
    }
    verdicts
}
