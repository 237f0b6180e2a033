//! After the total: grades (bands, the rules that force or cap them, and
//! quotas filled by rank), then the findings that read the total, a rank or
//! the grade. Only eligible candidates have a total, so only they are graded.

use super::phases::Working;
use super::scoring::*;
use super::*;

/// What the late phase needs of the evaluation.
pub(super) struct Late<'a> {
    pub(super) policy: &'a Policy,
    pub(super) facts: &'a Facts,
    pub(super) indexes: &'a Indexes<'a>,
    pub(super) compiled: Option<&'a Compiled<'a>>,
    pub(super) recorder: Option<&'a Recorder<'a>>,
    pub(super) candidates: &'a Arc<[Value]>,
}

impl<'a> Late<'a> {
    fn context<'c>(&'c self, index: usize, outcome: &'c CandidateOutcome) -> Context<'c> {
        let mut context = Context::for_candidate(
            self.policy,
            self.facts,
            self.indexes,
            &self.candidates[index],
            None,
        );
        context.recorder = self.recorder;
        context.compiled = self.compiled;
        context.outcome = Some(outcome);
        context
    }

    /// Grades every eligible candidate: its band, then the grade rules,
    /// then each group's quotas, best band first.
    pub(super) fn grade(
        &self,
        working: &mut [Working],
        group_ranks: &[Vec<(usize, u32)>],
        groups: &mut [GroupOutcome],
        ledgers: &mut [CandidateLedger],
    ) -> Result<()> {
        let Some(scale) = &self.policy.grades else {
            return Ok(());
        };
        // Whether a candidate's grade was forced: forced grades are final,
        // outside every quota.
        let mut forced = vec![false; working.len()];
        let mut bands = vec![0usize; working.len()];
        for index in 0..working.len() {
            if !working[index].eligible {
                continue;
            }
            let outcome = working[index].outcome.clone();
            let context = self.context(index, &outcome);
            let mut frame = vec![Value::Absent; scale.slots];
            let value = match &scale.by {
                Some(by) => context
                    .root_number(by, &mut frame)
                    .map_err(|error| error.for_candidate(index))?,
                None => outcome
                    .total
                    .clone()
                    .expect("eligible candidates have a total"),
            };
            let band = scale
                .bands
                .iter()
                .position(|band| band.at_least.as_ref().is_none_or(|least| &value >= least))
                .expect("the last band has no bound");
            let mut grade = band;
            let mut changes = Vec::new();
            let mut findings = Vec::new();
            let mut forced_to: Option<usize> = None;
            for rule in &self.policy.grade_rules {
                let mut frame = vec![Value::Absent; rule.rule.slots];
                let found = context.rule(&rule.rule, &mut frame);
                let Some(message) = found.map_err(|error| error.for_candidate(index))? else {
                    continue;
                };
                let (kind, finding_kind) = if rule.at_most {
                    (GradeChangeKind::Capped, FindingKind::GradeCapped)
                } else {
                    (GradeChangeKind::Forced, FindingKind::GradeForced)
                };
                if let Some(recorder) = self.recorder {
                    let read = recorder.take();
                    let ledger = &mut ledgers[index];
                    ledger.after_total.extend(read);
                    ledger
                        .after_total
                        .push(rule_entry(&rule.rule, RuleKind::Grade, &message));
                }
                let mut fired = finding(
                    self.indexes,
                    &rule.rule,
                    finding_kind,
                    message.clone(),
                    Place::Named(&rule.rule.place),
                );
                if rule.at_most && (rule.band <= grade || forced_to.is_some()) {
                    // The grade is already no better than the cap: for the
                    // record only.
                    fired.severity = Severity::Info;
                }
                findings.push(fired);
                // A cap lowers a better grade unless a veto forced one; of
                // several vetoes, the worst grade any of them forces wins.
                let moves = if rule.at_most {
                    rule.band > grade && forced_to.is_none()
                } else {
                    forced_to.is_none_or(|previous| rule.band > previous)
                };
                if moves {
                    if !rule.at_most {
                        forced_to = Some(rule.band);
                    }
                    grade = rule.band;
                    changes.push(GradeChange {
                        kind,
                        to: scale.bands[rule.band].name.clone(),
                        message,
                        clause: clause(&rule.rule.annotations),
                    });
                }
            }
            if let Some(recorder) = self.recorder {
                recorder.take();
            }
            forced[index] = forced_to.is_some();
            bands[index] = grade;
            let work = &mut working[index].outcome;
            work.findings.extend(findings);
            work.grade = Some(Box::new(GradeOutcome {
                name: scale.bands[grade].name.clone(),
                label: scale.bands[grade].label.clone(),
                value,
                band: scale.bands[band].name.clone(),
                changes,
            }));
        }
        for (group_index, ranks) in group_ranks.iter().enumerate() {
            let group = &mut groups[group_index];
            self.fill_quotas(working, ranks, group, &forced, &mut bands)?;
        }
        Ok(())
    }

    /// Each band's quota in one group, best band first: the band's members
    /// beyond the quota, by rank among the members, fall to the next band;
    /// a tie at the line keeps every tied member and is reported.
    fn fill_quotas(
        &self,
        working: &mut [Working],
        ranks: &[(usize, u32)],
        group: &mut GroupOutcome,
        forced: &[bool],
        bands: &mut [usize],
    ) -> Result<()> {
        let scale = self.policy.grades.as_ref().expect("grading");
        let graded = ranks.len();
        for (band_index, band) in scale.bands.iter().enumerate() {
            let Some(quota) = band
                .quotas
                .iter()
                .find(|quota| quota.group.as_deref().is_none_or(|g| g == group.name))
            else {
                continue;
            };
            let limit = match &quota.amount {
                QuotaAmount::Count(count) => *count as usize,
                QuotaAmount::Share(share) => share
                    .multiply(&Number::from_integer(graded as i128))
                    .round_down()
                    .to_i128()
                    .and_then(|count| usize::try_from(count).ok())
                    .unwrap_or(0),
            };
            // The band's members in rank order (`ranks` is sorted best first).
            let members: Vec<(usize, u32)> = ranks
                .iter()
                .copied()
                .filter(|&(index, _)| !forced[index] && bands[index] == band_index)
                .collect();
            // A member's place among the members: 1 + the members ranked
            // strictly better, so ties share a place as they share a rank.
            let place = |rank: u32| members.iter().filter(|(_, r)| *r < rank).count() + 1;
            let kept: Vec<usize> = members
                .iter()
                .filter(|(_, rank)| place(*rank) <= limit)
                .map(|(index, _)| *index)
                .collect();
            let next = &scale.bands[band_index + 1];
            for &(index, rank) in &members {
                if place(rank) > limit {
                    bands[index] = band_index + 1;
                    let message = format!(
                        "{}名额 {limit} 个已满（第 {} 位），评为{}",
                        band.label.as_deref().unwrap_or(&band.name),
                        place(rank),
                        next.label.as_deref().unwrap_or(&next.name)
                    );
                    let grade = working[index].outcome.grade.as_mut().expect("graded above");
                    grade.name = next.name.clone();
                    grade.label = next.label.clone();
                    grade.changes.push(GradeChange {
                        kind: GradeChangeKind::Quota,
                        to: next.name.clone(),
                        message,
                        clause: clause(&band.annotations).or_else(|| clause(&scale.annotations)),
                    });
                }
            }
            if kept.len() > limit {
                let last_place = kept
                    .iter()
                    .map(|&index| {
                        let rank = members.iter().find(|(i, _)| *i == index).expect("member").1;
                        place(rank)
                    })
                    .max()
                    .unwrap_or(0);
                let tied: Vec<usize> = members
                    .iter()
                    .filter(|(_, rank)| place(*rank) == last_place)
                    .map(|(index, _)| *index)
                    .collect();
                let names: Vec<&str> = tied
                    .iter()
                    .map(|&i| working[i].outcome.display_name())
                    .collect();
                let overrun = Finding {
                    severity: Severity::Warning,
                    kind: FindingKind::QuotaOverrun,
                    message: format!(
                        "并列第 {last_place} 位跨越{}名额线：{} 共 {} 个并列，名额 {limit} 个，实际 {} 个",
                        band.label.as_deref().unwrap_or(&band.name),
                        names.join("、"),
                        tied.len(),
                        kept.len()
                    ),
                    clause: clause(&band.annotations)
                        .or_else(|| clause(&scale.annotations))
                        .map(Name::from),
                    rule: Name::from(format!("grade {}", band.name)),
                };
                for &index in &tied {
                    working[index].outcome.findings.push(overrun.clone());
                }
                group.findings.push(overrun);
            }
        }
        Ok(())
    }

    /// The top-level findings that read the total, a rank or the grade, for
    /// every eligible candidate.
    pub(super) fn findings(
        &self,
        working: &mut [Working],
        ledgers: &mut [CandidateLedger],
    ) -> Result<()> {
        if self.policy.late_findings.is_empty() {
            return Ok(());
        }
        for index in 0..working.len() {
            if !working[index].eligible {
                continue;
            }
            let outcome = working[index].outcome.clone();
            let context = self.context(index, &outcome);
            let mut found = Vec::new();
            for rule in &self.policy.late_findings {
                let mut frame = vec![Value::Absent; rule.slots];
                let fired = context.rule(rule, &mut frame);
                if let Some(message) = fired.map_err(|error| error.for_candidate(index))? {
                    if let Some(recorder) = self.recorder {
                        let ledger = &mut ledgers[index];
                        ledger.after_total.extend(recorder.take());
                        ledger
                            .after_total
                            .push(rule_entry(rule, RuleKind::Finding, &message));
                    }
                    found.push(finding(
                        self.indexes,
                        rule,
                        FindingKind::Finding,
                        message,
                        Place::Named(&rule.place),
                    ));
                }
            }
            if let Some(recorder) = self.recorder {
                recorder.take();
            }
            working[index].outcome.findings.extend(found);
        }
        Ok(())
    }
}
