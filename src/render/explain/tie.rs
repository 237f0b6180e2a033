//! How a tie on the total was broken: the candidates of the same group with
//! the same total, and for each the first `rank by` key that told them apart
//! (or that none did, and they share the rank).

use std::cmp::Ordering;

use crate::number::Number;
use crate::outcome::{CandidateOutcome, Outcome, Status};
use crate::policy::Policy;

/// One other candidate with the same total.
pub struct Tie<'a> {
    /// The other candidate.
    pub other: &'a CandidateOutcome,
    /// The shared total.
    pub total: &'a Number,
    /// The tie-breaker that decided, with this candidate's and the other's
    /// score on it; `None` when every key is equal and the rank is shared.
    pub decided_by: Option<Decision<'a>>,
}

/// The first `rank by` key on which two tied candidates differ.
pub struct Decision<'a> {
    /// The indicator's index in the policy.
    pub indicator: usize,
    /// This candidate's score on it.
    pub own: &'a Number,
    /// The other's.
    pub theirs: &'a Number,
}

impl Decision<'_> {
    /// Whether the key put this candidate ahead of the other.
    pub fn ahead(&self) -> bool {
        self.own > self.theirs
    }
}

/// The candidates tied with `candidate` on its total, in facts order; empty
/// for an excluded candidate, or one ranked on its total alone.
pub fn ties<'a>(
    policy: &Policy,
    outcome: &'a Outcome,
    candidate: &'a CandidateOutcome,
) -> Vec<Tie<'a>> {
    let (Some(total), Some(_)) = (&candidate.total, candidate.rank) else {
        return Vec::new();
    };
    outcome
        .candidates
        .iter()
        .filter(|other| {
            other.id != candidate.id
                && other.group == candidate.group
                && other.status != Status::Excluded
                && other.total.as_ref() == Some(total)
        })
        .map(|other| Tie {
            other,
            total,
            decided_by: decision(policy, candidate, other),
        })
        .collect()
}

fn decision<'a>(
    policy: &Policy,
    candidate: &'a CandidateOutcome,
    other: &'a CandidateOutcome,
) -> Option<Decision<'a>> {
    policy.ranking.tie_breakers.iter().find_map(|&indicator| {
        let own = candidate.indicators.get(indicator)?.score.as_ref()?;
        let theirs = other.indicators.get(indicator)?.score.as_ref()?;
        (own.cmp(theirs) != Ordering::Equal).then_some(Decision {
            indicator,
            own,
            theirs,
        })
    })
}
