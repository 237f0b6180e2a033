//! The phases of one evaluation: eligibility and per-candidate scores,
//! cohort scores, totals and ranks, selection, grading, revocation.

use rayon::prelude::*;

use super::scoring::*;
use super::*;

pub(super) struct Working {
    pub(super) outcome: CandidateOutcome,
    pub(super) exact_total: Option<Number>,
    pub(super) eligible: bool,
}

/// How many candidates run in parallel before their results are moved into
/// place: enough to keep every core busy, few enough that the waiting
/// results stay small beside the outcomes.
const SLICE: usize = 1024;

/// How an evaluation runs the policy's code.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Mode {
    /// Compiled to closures (`compiled.rs`): the fast path.
    Compiled,
    /// Walked by the interpreter.
    Walked,
    /// Walked, recording the ledger.
    Recorded,
}

/// The total after bonus and deductions, within the header's final bounds.
fn final_total(header: &PolicyHeader, base: Number, adjustments: &[AdjustmentOutcome]) -> Number {
    let mut total = base;
    for adjustment in adjustments {
        total = match adjustment.kind {
            AdjustmentKind::Bonus => total.add(&adjustment.points),
            AdjustmentKind::Deduction => total.subtract(&adjustment.points),
        };
    }
    if let Some(low) = &header.final_at_least {
        if &total < low {
            total = low.clone();
        }
    }
    if let Some(high) = &header.final_at_most {
        if &total > high {
            total = high.clone();
        }
    }
    total
}

pub(super) fn evaluate_inner(
    policy: &Policy,
    facts: &Facts,
    mode: Mode,
) -> Result<(Outcome, Option<Ledger>)> {
    let record = mode == Mode::Recorded;
    let candidates = facts.candidates(policy);
    let rounding = policy.header.rounding;
    let recorder = Recorder::new(policy);
    let recorder = record.then_some(&recorder);
    let prepared = policy.prepared();
    let indexes = Indexes::new(&prepared.planner);
    let compiled = (mode == Mode::Compiled).then_some(&prepared.compiled);
    let mut ledgers: Vec<CandidateLedger> = Vec::new();

    // Phase 1 and 2: eligibility, per-candidate indicators and findings,
    // candidate by candidate on every core; the ledger's recorder is one
    // candidate's at a time, so `explain` runs them in order. Results are
    // collected in facts order, and the first error in facts order is the
    // one a run in order would meet.
    let first = |(index, candidate): (usize, &Value)| {
        first_phases(
            policy, facts, &indexes, compiled, None, rounding, index, candidate,
        )
    };
    let mut working: Vec<Working> = match recorder {
        Some(recorder) => {
            let mut working = Vec::with_capacity(candidates.len());
            for (index, candidate) in candidates.iter().enumerate() {
                let (work, ledger) = first_phases(
                    policy,
                    facts,
                    &indexes,
                    compiled,
                    Some(recorder),
                    rounding,
                    index,
                    candidate,
                )?;
                working.push(work);
                ledgers.extend(ledger);
            }
            working
        }
        None => {
            // In slices, so that the results waiting to be moved into place
            // never hold more than a slice's worth of outcomes.
            let mut working = Vec::with_capacity(candidates.len());
            for (start, slice) in (0..).step_by(SLICE).zip(candidates.chunks(SLICE)) {
                let results: Vec<Result<Working>> = slice
                    .par_iter()
                    .enumerate()
                    .map(|(offset, candidate)| {
                        first((start + offset, candidate)).map(|(work, _)| work)
                    })
                    .collect();
                for result in results {
                    working.push(result?);
                }
            }
            working
        }
    };

    // Phase 3: cohort indicators over the eligible peers of each group.
    let group_names = policy.group_names();
    let mut members: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for (index, work) in working.iter().enumerate() {
        if work.eligible {
            let group = group_index(&group_names, work.outcome.group.as_deref());
            members.entry(group).or_default().push(index);
        }
    }
    let cohort_indicators: Vec<usize> = policy
        .indicators
        .iter()
        .enumerate()
        .filter(|(_, indicator)| indicator.uses_peers)
        .map(|(index, _)| index)
        .collect();
    if !cohort_indicators.is_empty() {
        for indices in members.values() {
            let peers: Arc<[Value]> = indices.iter().map(|&i| candidates[i].clone()).collect();
            // Each candidate's cohort scores read the peers' facts, never
            // their work, so they too run on every core, in order for `explain`.
            let cohort_scores = |candidate_index: usize, recorder: Option<&Recorder>| {
                let mut context = Context::for_candidate(
                    policy,
                    facts,
                    &indexes,
                    &candidates[candidate_index],
                    Some(&peers),
                );
                context.recorder = recorder;
                context.compiled = compiled;
                let mut frame = Vec::new();
                cohort_indicators
                    .iter()
                    .map(|&indicator_index| {
                        score_indicator(
                            &context,
                            &policy.indicators[indicator_index],
                            rounding,
                            &mut frame,
                        )
                        .map_err(|error| error.for_candidate(candidate_index))
                    })
                    .collect::<Result<Vec<Scored>>>()
            };
            // A slice at a time, as in phases 1 and 2: a cohort of 100,000
            // would otherwise hold every candidate's scores at once.
            for indices in indices.chunks(SLICE) {
                let scores: Vec<Result<Vec<Scored>>> = match recorder {
                    Some(recorder) => indices
                        .iter()
                        .map(|&index| cohort_scores(index, Some(recorder)))
                        .collect(),
                    None => indices
                        .par_iter()
                        .map(|&index| cohort_scores(index, None))
                        .collect(),
                };
                for (&candidate_index, scores) in indices.iter().zip(scores) {
                    for (&indicator_index, scored) in cohort_indicators.iter().zip(scores?) {
                        let work = &mut working[candidate_index];
                        work.outcome.findings.extend(scored.findings);
                        work.outcome.indicators[indicator_index] = scored.outcome;
                        if let Some(ledger) = ledgers.get_mut(candidate_index) {
                            ledger.indicators[indicator_index] = scored.ledger;
                        }
                    }
                }
            }
        }
    }

    // Phase 4: totals of the rounded indicator scores, then ranks.
    for work in working.iter_mut().filter(|w| w.eligible) {
        let total = work
            .outcome
            .indicators
            .iter()
            .fold(Number::zero(), |sum, indicator| {
                sum.add(
                    indicator
                        .score
                        .as_ref()
                        .expect("eligible candidates have every score"),
                )
            });
        work.outcome.base = Some(total.clone());
        let total = final_total(&policy.header, total, &work.outcome.adjustments);
        work.exact_total = Some(total.clone());
        work.outcome.total = Some(total);
    }

    let mut groups = Vec::new();
    let mut group_ranks: Vec<Vec<(usize, u32)>> = Vec::with_capacity(group_names.len());
    for (group_index, group_name) in group_names.iter().enumerate() {
        let indices: &[usize] = members.get(&group_index).map_or(&[], Vec::as_slice);
        // The ranking key, compared in place: a key vector per candidate
        // would hold 100,000 small allocations at the evaluation's peak.
        let order = |a: usize, b: usize| -> std::cmp::Ordering {
            let (a, b) = (&working[a], &working[b]);
            ranked_total(a).cmp(ranked_total(b)).then_with(|| {
                policy
                    .ranking
                    .tie_breakers
                    .iter()
                    .map(|&breaker| ranked_score(a, breaker).cmp(ranked_score(b, breaker)))
                    .find(|ordering| ordering.is_ne())
                    .unwrap_or(std::cmp::Ordering::Equal)
            })
        };
        let mut ordered: Vec<usize> = indices.to_vec();
        // Descending by key; equal keys keep facts order, which only affects
        // listing order: equal keys share a rank.
        ordered.sort_by(|&a, &b| order(b, a));
        let mut ranks: Vec<(usize, u32)> = Vec::with_capacity(ordered.len());
        for position in 0..ordered.len() {
            let rank = if position > 0 && order(ordered[position], ordered[position - 1]).is_eq() {
                ranks[position - 1].1
            } else {
                position as u32 + 1
            };
            ranks.push((ordered[position], rank));
        }
        if policy.ranks {
            for &(index, rank) in &ranks {
                working[index].outcome.rank = Some(rank);
            }
        }
        if policy.selections.is_empty() {
            // An assessment, not a competition: nobody is selected, so
            // nobody is "not selected" either.
            for &index in indices {
                working[index].outcome.status = Status::Scored;
            }
        }

        // Phase 5: selection by quota, flags, revocations.
        let applies =
            |selection: &Selection| selection.group.as_deref().is_none_or(|g| g == group_name);
        let mut group_findings = Vec::new();
        let quota = policy.selections.iter().find(|s| applies(s));
        let mut selected = 0;
        if let Some(selection) = quota {
            let chosen: Vec<usize> = ranks
                .iter()
                .filter(|(_, rank)| *rank <= selection.count)
                .map(|(i, _)| *i)
                .collect();
            for &index in &chosen {
                working[index].outcome.status = Status::Selected;
            }
            selected = chosen.len();
            if let Some(overrun) = quota_overrun(&working, &ranks, selection, "入选", &chosen) {
                for &index in &overrun.1 {
                    working[index].outcome.findings.push(overrun.0.clone());
                }
                group_findings.push(overrun.0);
            }
        }
        for (flag_index, flag) in policy.flags.iter().enumerate() {
            if !applies(flag) {
                continue;
            }
            let chosen: Vec<usize> = ranks
                .iter()
                .filter(|(_, rank)| *rank <= flag.count)
                .map(|(i, _)| *i)
                .collect();
            for &index in &chosen {
                working[index].outcome.flags[flag_index].1 = true;
            }
            if let Some(overrun) = quota_overrun(
                &working,
                &ranks,
                flag,
                &format!("{} ", flag.flag.as_deref().unwrap_or("flag")),
                &chosen,
            ) {
                for &index in &overrun.1 {
                    working[index].outcome.findings.push(overrun.0.clone());
                }
                group_findings.push(overrun.0);
            }
        }
        let label = policy.grouping.as_ref().and_then(|grouping| {
            grouping
                .variants
                .variants
                .iter()
                .find(|(name, _)| name == group_name)
                .and_then(|(_, label)| label.clone())
        });
        groups.push(GroupOutcome {
            name: group_name.clone(),
            label,
            quota: quota.map(|q| q.count),
            eligible: indices.len(),
            selected,
            revoked: 0,
            findings: group_findings,
        });
        group_ranks.push(ranks);
    }

    // Phase 6: after the total. Grades, then the findings that read them.
    let late = super::grading::Late {
        policy,
        facts,
        indexes: &indexes,
        compiled,
        recorder,
        candidates,
    };
    late.grade(&mut working, &group_ranks, &mut groups, &mut ledgers)?;
    late.findings(&mut working, &mut ledgers)?;

    // Revocations: a title withdrawn after selection changes only that
    // candidate's status and clears its flags; nobody moves up.
    for (index, candidate) in candidates.iter().enumerate() {
        let mut context = Context::for_candidate(policy, facts, &indexes, candidate, None);
        context.compiled = compiled;
        let mut frame = Vec::new();
        for rule in &policy.revocations {
            let found = context.rule(rule, &mut frame);
            if let Some(message) = found.map_err(|error| error.for_candidate(index))? {
                let place = rule.place.clone();
                let work = &mut working[index].outcome;
                if work.status == Status::Selected {
                    work.status = Status::Revoked;
                    // A revoked title holds nothing: it is not put forward
                    // under any flag either (附2 二(五)), and nobody moves up.
                    for (_, on) in &mut work.flags {
                        *on = false;
                    }
                    let name = work.group.as_deref().unwrap_or("");
                    if let Some(group) = groups.iter_mut().find(|g| g.name == name) {
                        group.revoked += 1;
                    }
                    work.findings.push(finding(
                        &indexes,
                        rule,
                        FindingKind::Revocation,
                        message,
                        Place::Named(&place),
                    ));
                } else {
                    let mut note = finding(
                        &indexes,
                        rule,
                        FindingKind::Revocation,
                        message,
                        Place::Named(&place),
                    );
                    note.severity = Severity::Info;
                    note.message = format!("{}（未入选，无称号可撤销）", note.message);
                    work.findings.push(note);
                }
            }
        }
    }

    let outcome = Outcome {
        policy_id: policy.header.id.clone(),
        title: policy.header.title.clone(),
        version: policy.header.version.clone(),
        group_field: policy.grouping.as_ref().map(|g| g.field_name.clone()),
        groups,
        candidates: working.into_iter().map(|w| w.outcome).collect(),
    };
    let ledger = record.then_some(Ledger {
        candidates: ledgers,
    });
    Ok((outcome, ledger))
}

/// The exact total that ranks an eligible candidate.
fn ranked_total(work: &Working) -> &Number {
    work.exact_total
        .as_ref()
        .expect("eligible candidates have a total")
}

/// The rounded score of the tie-breaker indicator `breaker`.
fn ranked_score(work: &Working, breaker: usize) -> &Number {
    work.outcome.indicators[breaker]
        .score
        .as_ref()
        .expect("eligible candidates have every score")
}

pub(super) fn group_index(names: &[String], group: Option<&str>) -> usize {
    match group {
        Some(group) => names.iter().position(|name| name == group).unwrap_or(0),
        None => 0,
    }
}

/// When a tie at the quota line selects more than the quota, the finding
/// that says so and the tied candidates at the line.
pub(super) fn quota_overrun(
    working: &[Working],
    ranks: &[(usize, u32)],
    selection: &Selection,
    what: &str,
    chosen: &[usize],
) -> Option<(Finding, Vec<usize>)> {
    if chosen.len() <= selection.count as usize {
        return None;
    }
    let last_rank = ranks
        .iter()
        .filter(|(_, rank)| *rank <= selection.count)
        .map(|(_, rank)| *rank)
        .max()?;
    let tied: Vec<usize> = ranks
        .iter()
        .filter(|(_, rank)| *rank == last_rank)
        .map(|(i, _)| *i)
        .collect();
    let names: Vec<&str> = tied
        .iter()
        .map(|&i| working[i].outcome.display_name())
        .collect();
    let message = format!(
        "并列第 {last_rank} 名跨越名额线：{} 共 {} 个并列，{what}名额 {} 个，实际 {} 个",
        names.join("、"),
        tied.len(),
        selection.count,
        chosen.len()
    );
    Some((
        Finding {
            severity: Severity::Warning,
            kind: FindingKind::QuotaOverrun,
            message,
            clause: clause(&selection.annotations).map(Name::from),
            rule: match &selection.flag {
                Some(flag) => Name::from(format!("flag {flag}")),
                None => Name::from("select"),
            },
        },
        tied,
    ))
}

/// Phases 1 and 2 for one candidate: eligibility, findings, the indicators
/// that do not read the peers, bonus and deductions. Reads nothing of any
/// other candidate's work, so candidates run on any thread in any order.
#[allow(clippy::too_many_arguments)]
fn first_phases(
    policy: &Policy,
    facts: &Facts,
    indexes: &Indexes,
    compiled: Option<&Compiled>,
    recorder: Option<&Recorder>,
    rounding: Option<(u32, RoundingMode)>,
    candidate_index: usize,
    candidate: &Value,
) -> Result<(Working, Option<CandidateLedger>)> {
    let at = |error: EvalError| error.for_candidate(candidate_index);
    let mut context = Context::for_candidate(policy, facts, indexes, candidate, None);
    context.recorder = recorder;
    context.compiled = compiled;
    let mut ledger = CandidateLedger {
        id: candidate.field(policy.candidate_id_field).display(),
        eligibility: Vec::new(),
        findings: Vec::new(),
        indicators: Vec::new(),
        adjustments: Vec::new(),
        after_total: Vec::new(),
    };
    let mut findings = Vec::new();
    let mut frame = Vec::new();
    let mut eligible = true;
    for rule in &policy.exclusions {
        if let Some(message) = context.rule(rule, &mut frame).map_err(at)? {
            eligible = false;
            ledger
                .eligibility
                .push(rule_entry(rule, RuleKind::Exclude, &message));
            findings.push(finding(
                indexes,
                rule,
                FindingKind::Exclusion,
                message,
                Place::Named(&rule.place),
            ));
        }
    }
    for rule in &policy.findings {
        if let Some(message) = context.rule(rule, &mut frame).map_err(at)? {
            ledger
                .findings
                .push(rule_entry(rule, RuleKind::Finding, &message));
            findings.push(finding(
                indexes,
                rule,
                FindingKind::Finding,
                message,
                Place::Named(&rule.place),
            ));
        }
    }
    if let Some(recorder) = recorder {
        // The facts the eligibility rules and findings read come first.
        let read = recorder.take();
        ledger.eligibility.splice(0..0, read);
    }
    let mut indicators = Vec::with_capacity(policy.indicators.len());
    for indicator in &policy.indicators {
        if indicator.uses_peers {
            indicators.push(IndicatorOutcome {
                declared: Arc::clone(&indicator.declared),
                score: None,
                exact: None,
                items: Vec::new(),
            });
            ledger.indicators.push(None);
        } else {
            let scored = score_indicator(&context, indicator, rounding, &mut frame).map_err(at)?;
            findings.extend(scored.findings);
            indicators.push(scored.outcome);
            ledger.indicators.push(scored.ledger);
        }
    }
    // Bonus and deductions: for eligible candidates only, since an
    // excluded one has no total for them to change.
    let mut adjustments = Vec::new();
    if eligible {
        for adjustment in &policy.adjustments {
            let scored = score_adjustment(&context, adjustment, &mut frame).map_err(at)?;
            findings.extend(scored.findings);
            adjustments.push(scored.outcome);
            ledger.adjustments.extend(scored.ledger);
        }
    }
    let ledger = recorder.map(|recorder| {
        recorder.take();
        ledger
    });
    let id = candidate.field(policy.candidate_id_field).display_name();
    let name = policy
        .candidate_name_field
        .map(|index| candidate.field(index).display_name());
    let group = policy
        .grouping
        .as_ref()
        .map(|grouping| candidate.field(grouping.field).display_name());
    // A vector's first push reserves room for four findings; most
    // candidates keep one or two, and 100,000 outcomes live to the end.
    findings.shrink_to_fit();
    Ok((
        Working {
            outcome: CandidateOutcome {
                id,
                name,
                group,
                status: if eligible {
                    Status::Ranked
                } else {
                    Status::Excluded
                },
                rank: None,
                total: None,
                base: None,
                adjustments,
                grade: None,
                indicators,
                flags: policy
                    .flags
                    .iter()
                    .map(|f| (f.flag.clone().unwrap_or_default(), false))
                    .collect(),
                findings,
            },
            exact_total: None,
            eligible,
        },
        ledger,
    ))
}
