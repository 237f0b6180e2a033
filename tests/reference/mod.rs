//! A native reference of the 2019 Jiangxi rules (the requirement of 赣环执法〔2019〕2号,
//! Parts A and B), written by hand in plain Rust so that it shares nothing with
//! kaoping's interpreter: it reads the facts YAML with its own serde structs,
//! computes with exact rationals (`big_rational.rs`), and rounds, ranks and
//! selects on its own. `tests/differential.rs` checks the interpreter against it.
//!
//! Part C (submission requirements) only produces findings, so it is not here.

// Facts fields the rules never read (names, units, Part C) are still declared,
// so that an unknown key is an error here as it is for the interpreter.
#![allow(dead_code)]

pub mod collective;
pub mod individual;

use num_traits::Zero;
use serde::Deserialize;

// The number type is the including crate's choice (`super::exact`): the
// differential test uses big rationals, which share nothing with kaoping;
// the benchmarks also run the same rules on `kaoping::Number` and on
// `rust_decimal`, to compare like with like.
#[allow(unused_imports)] // `fixed2` is for the differential test only
pub use super::exact::{fixed2, int, parse_exact, ratio, round2, Q};

/// A decimal fact, deserialized from the YAML scalar's text rather than
/// through serde's `f64`. A crate that reads JSON facts (the benchmarks'
/// end-to-end run) sets `exact::DECIMALS_AS_JSON_NUMBERS`: there a number
/// arrives as a number, whole numbers exact and a fraction read back from the
/// shortest text that gives the same `f64`, which is the text written for the
/// two-place decimals the generated facts hold.
#[derive(Clone, Debug, PartialEq)]
pub struct Dec(pub Q);

impl<'de> Deserialize<'de> for Dec {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Decimal;
        impl serde::de::Visitor<'_> for Decimal {
            type Value = Dec;
            fn expecting(&self, formatter: &mut std::fmt::Formatter) -> std::fmt::Result {
                formatter.write_str("a decimal")
            }
            fn visit_str<E: serde::de::Error>(self, text: &str) -> Result<Dec, E> {
                parse_exact(text)
                    .map(Dec)
                    .ok_or_else(|| E::custom(format!("not a decimal: {text}")))
            }
            fn visit_u64<E: serde::de::Error>(self, value: u64) -> Result<Dec, E> {
                self.visit_str(&value.to_string())
            }
            fn visit_i64<E: serde::de::Error>(self, value: i64) -> Result<Dec, E> {
                self.visit_str(&value.to_string())
            }
            fn visit_f64<E: serde::de::Error>(self, value: f64) -> Result<Dec, E> {
                self.visit_str(&value.to_string())
            }
        }
        if super::exact::DECIMALS_AS_JSON_NUMBERS {
            deserializer.deserialize_any(Decimal)
        } else {
            deserializer.deserialize_str(Decimal)
        }
    }
}

/// Standard competition ranks (1, 2, 2, 4) of `keys`, the larger key ranking
/// first: each is one more than the number of strictly better keys. Sorting
/// once keeps a cohort of any size cheap.
pub fn competition_ranks<K: Ord>(keys: &[K]) -> Vec<u32> {
    let mut order: Vec<usize> = (0..keys.len()).collect();
    order.sort_by(|&a, &b| keys[b].cmp(&keys[a]));
    let mut ranks = vec![0; keys.len()];
    for (position, &index) in order.iter().enumerate() {
        ranks[index] = if position > 0 && keys[order[position - 1]] == keys[index] {
            ranks[order[position - 1]]
        } else {
            position as u32 + 1
        };
    }
    ranks
}

pub fn min(a: Q, b: Q) -> Q {
    if a < b {
        a
    } else {
        b
    }
}

pub fn max(a: Q, b: Q) -> Q {
    if a > b {
        a
    } else {
        b
    }
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Commendation {
    pub action: String,
    pub points: Dec,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Deduction {
    pub reason: String,
    pub points: Dec,
}

/// 附1 一(二) / 附2 二(一): within one action only the highest commendation
/// counts, the sum over actions is capped at 30, deductions are capped at 10,
/// and the score is max(0, earned − deductions) with both caps applied first.
pub fn supervision_points(commendations: &[Commendation], deductions: &[Deduction]) -> Q {
    let mut best_per_action: Vec<(&str, Q)> = Vec::new();
    for commendation in commendations {
        let points = commendation.points.0.clone();
        match best_per_action
            .iter_mut()
            .find(|(action, _)| *action == commendation.action)
        {
            Some((_, best)) => {
                if points > *best {
                    *best = points;
                }
            }
            None => best_per_action.push((&commendation.action, points)),
        }
    }
    let earned = min(
        best_per_action
            .into_iter()
            .fold(Q::zero(), |sum, (_, points)| sum + points),
        int(30),
    );
    let lost = min(
        deductions
            .iter()
            .fold(Q::zero(), |sum, deduction| sum + &deduction.points.0),
        int(10),
    );
    max(earned - lost, Q::zero())
}

/// What the reference decides about one candidate, in the shape of the
/// results contract.
#[derive(Clone, Debug, PartialEq)]
pub struct Verdict {
    pub id: String,
    /// `selected`, `ranked`, `excluded` or `revoked`.
    pub status: &'static str,
    pub rank: Option<u32>,
    /// Sum of the rounded indicator scores; `None` when excluded.
    pub total: Option<Q>,
    /// Per indicator, in the spec's order: (id, exact score, rounded score).
    /// A peer-dependent indicator of an excluded candidate has no score.
    pub indicators: Vec<Indicator>,
    /// Individuals only: rank ≤ 10.
    pub national: Option<bool>,
    /// How many quota lines (selection, `national`) a tie of this candidate
    /// straddles: each is reported to the tied candidates with a finding.
    pub overruns: usize,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Indicator {
    pub id: &'static str,
    pub exact: Option<Q>,
}

impl Indicator {
    pub fn rounded(&self) -> Option<Q> {
        self.exact.as_ref().map(round2)
    }
}

/// Ranks the eligible candidates of one cohort and selects them: competition
/// ranks by total, then by the rounded indicator scores in the spec's order
/// (the Readings of "Ranking and selection" and Part B), and every candidate
/// whose rank is within the quota is selected, so a tie that straddles the
/// line selects everyone tied.
pub fn rank_and_select(verdicts: &mut [Verdict], cohort: &[usize], quota: u32) {
    let keys: Vec<Vec<Q>> = cohort
        .iter()
        .map(|&index| {
            let verdict = &verdicts[index];
            let mut key = vec![verdict.total.clone().expect("eligible has a total")];
            key.extend(
                verdict
                    .indicators
                    .iter()
                    .map(|indicator| indicator.rounded().expect("eligible has every indicator")),
            );
            key
        })
        .collect();
    let ranks = competition_ranks(&keys);
    for (&index, rank) in cohort.iter().zip(ranks) {
        let verdict = &mut verdicts[index];
        verdict.rank = Some(rank);
        verdict.status = if rank <= quota { "selected" } else { "ranked" };
    }
    mark_overrun(verdicts, cohort, quota);
}

/// "A tie that straddles the quota is never broken silently": when more
/// candidates than the quota have a rank within it, the candidates sharing the
/// last rank within the line are told so.
pub fn mark_overrun(verdicts: &mut [Verdict], cohort: &[usize], quota: u32) {
    let within: Vec<u32> = cohort
        .iter()
        .filter_map(|&index| verdicts[index].rank)
        .filter(|&rank| rank <= quota)
        .collect();
    if within.len() <= quota as usize {
        return;
    }
    let last = within.into_iter().max();
    for &index in cohort {
        if verdicts[index].rank == last {
            verdicts[index].overruns += 1;
        }
    }
}

/// Totals are "the sum of the rounded indicator scores".
pub fn total_of(indicators: &[Indicator]) -> Q {
    indicators.iter().fold(Q::zero(), |sum, indicator| {
        sum + indicator.rounded().expect("eligible has every indicator")
    })
}

/// A5 / B4 satisfaction: among the N eligible peers, r is the standard
/// competition rank by votes (descending), and the score is
/// weight × (N − r + 1) ÷ N; one score per peer, in the peers' order.
pub fn satisfaction_points(weight: u64, votes_of_peers: &[u64]) -> Vec<Q> {
    let peers = votes_of_peers.len() as u64;
    competition_ranks(votes_of_peers)
        .into_iter()
        .map(|rank| int(weight) * int(peers - u64::from(rank) + 1) / int(peers))
        .collect()
}
