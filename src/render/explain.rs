//! One candidate's derivation, as text a committee member reads and as JSON
//! for programs: every number of the outcome, step by step, with the clause
//! after each rule and the readings marked as such.
//!
//! The text speaks the reader's language (`explain.ftl`): numbers as decimals,
//! the quantities named by the policy's labels beside the formulas as the
//! policy wrote them, and how a tie on the total was broken.

mod json;
mod lookup;
mod tie;
mod verdict;
mod words;

pub use lookup::{find_candidate, Lookup};

use crate::ledger::{CandidateLedger, Entry, IndicatorLedger, Ledger, RuleKind};
use crate::messages::Language;
use crate::number::Number;
use crate::outcome::{
    AdjustmentKind, AdjustmentOutcome, CandidateOutcome, GroupOutcome, Outcome, Status,
};
use crate::policy::Policy;
use crate::tr;

use super::breakdown;
use verdict::{status_word, verdict};
use words::{cites, label, pad, step};

/// The candidate's outcome, ledger and group, found by id.
struct Subject<'a> {
    outcome: &'a CandidateOutcome,
    ledger: &'a CandidateLedger,
    group: Option<&'a GroupOutcome>,
}

fn subject<'a>(outcome: &'a Outcome, ledger: &'a Ledger, id: &str) -> Option<Subject<'a>> {
    let candidate = outcome.candidates.iter().find(|c| c.id == id)?;
    let group_name = candidate.group.as_deref().unwrap_or("");
    Some(Subject {
        outcome: candidate,
        ledger: ledger.candidate(id)?,
        group: outcome.groups.iter().find(|g| g.name == group_name),
    })
}

/// What every line needs: the policy (for labels) and the reader's language.
#[derive(Clone, Copy)]
struct Writer<'a> {
    policy: &'a Policy,
    language: Language,
}

/// The width of the headings of the summary (`总分 total   `).
const HEADING_WIDTH: usize = 13;

impl Writer<'_> {
    fn show(&self, number: &Number) -> String {
        words::number(number, self.language)
    }

    fn yes_no(&self, holds: bool) -> String {
        if holds {
            tr!(self.language, "explain-yes")
        } else {
            tr!(self.language, "explain-no")
        }
    }

    fn reading(&self, reading: &str) -> String {
        tr!(self.language, "explain-reading", reading = reading)
    }

    fn bound(
        &self,
        operator: &str,
        expression: &str,
        limit_expression: Option<&str>,
        (before, limit, after): (&Number, &Number, &Number),
    ) -> String {
        let language = self.language;
        let (quantity, limit_text) = words::bound_names(
            self.policy,
            operator,
            expression,
            limit_expression,
            self.show(limit),
        );
        let applied = before != after;
        let (before, after_text) = (self.show(before), self.show(after));
        let (word, line) = if operator == "cap" {
            let effect = if applied {
                tr!(language, "explain-cap-applied")
            } else {
                tr!(language, "explain-cap-not-reached")
            };
            let line = tr!(
                language,
                "explain-cap",
                quantity = quantity.as_str(),
                before = before.as_str(),
                limit = limit_text.as_str(),
                after = after_text,
                effect = effect.as_str()
            );
            (tr!(language, "explain-step-cap"), line)
        } else {
            let effect = if applied {
                tr!(language, "explain-floor-applied")
            } else {
                tr!(language, "explain-floor-not-reached")
            };
            let line = tr!(
                language,
                "explain-floor",
                quantity = quantity.as_str(),
                before = before.as_str(),
                limit = limit_text.as_str(),
                after = after_text,
                effect = effect.as_str()
            );
            (tr!(language, "explain-step-floor"), line)
        };
        let mut text = format!("{}{line}", step(word));
        // The formula as written, when the line named it by a label instead.
        if let Some(limit_expression) = limit_expression {
            if !quantity.starts_with(expression) || limit_text.contains(' ') {
                let formula = format!("{expression} {operator} {limit_expression}");
                text.push_str(&format!(
                    "\n{}{}",
                    " ".repeat(9),
                    tr!(language, "explain-formula", formula = formula.as_str())
                ));
                text.push_str(&self.parameters_line(expression, ""));
            }
        }
        text
    }

    /// `\n         where: baseline_share = 基准值达标比例 0.5`: the labelled
    /// parameters a formula reads, on a line of their own, or nothing.
    fn parameters_line(&self, expression: &str, indent: &str) -> String {
        let read = words::parameters_read(self.policy, expression);
        if read.is_empty() {
            return String::new();
        }
        let separator = if self.language == Language::English {
            "; "
        } else {
            "；"
        };
        format!(
            "\n{indent}{}{}",
            " ".repeat(9),
            tr!(
                self.language,
                "explain-where",
                parameters = read.join(separator)
            )
        )
    }

    fn entry_lines(&self, entry: &Entry, indent: &str, out: &mut String) {
        let language = self.language;
        let line = match entry {
            Entry::Input { path, value } => {
                let name = match words::fact_label(self.policy, path) {
                    Some(label) => format!("{label} {path}"),
                    None => path.clone(),
                };
                format!(
                    "{}{name} = {value}",
                    step(tr!(language, "explain-step-fact"))
                )
            }
            Entry::Let { name, value } => {
                format!(
                    "{}{name} = {value}",
                    step(tr!(language, "explain-step-let"))
                )
            }
            Entry::Bound {
                operator,
                expression,
                before,
                limit,
                limit_expression,
                after,
            } => self
                .bound(
                    operator,
                    expression,
                    limit_expression.as_deref(),
                    (before, limit, after),
                )
                .replace('\n', &format!("\n{indent}")),
            Entry::Condition {
                expression,
                sides,
                holds,
            } => {
                let verdict = self.yes_no(*holds);
                let text = match sides {
                    Some((left, right)) => tr!(
                        language,
                        "explain-test-sides",
                        expression = expression,
                        left = left,
                        right = right,
                        verdict = verdict
                    ),
                    None => tr!(
                        language,
                        "explain-test",
                        expression = expression,
                        verdict = verdict
                    ),
                };
                format!(
                    "{}{text}{}",
                    step(tr!(language, "explain-step-test")),
                    self.parameters_line(expression, indent)
                )
            }
            Entry::Cohort {
                expression,
                value,
                own_value,
                peers,
            } => {
                let text = match own_value {
                    Some(own) => tr!(
                        language,
                        "explain-cohort-own",
                        expression = expression,
                        value = value,
                        own = own,
                        peers = peers.to_string()
                    ),
                    None => tr!(
                        language,
                        "explain-cohort",
                        expression = expression,
                        value = value,
                        peers = peers.to_string()
                    ),
                };
                format!("{}{text}", step(tr!(language, "explain-step-cohort")))
            }
            Entry::Rule {
                kind,
                severity,
                message,
                cites: rule_cites,
                readings,
            } => {
                let what = match kind {
                    RuleKind::Exclude => tr!(language, "explain-step-excluded"),
                    RuleKind::Zero => tr!(language, "explain-step-zeroed"),
                    RuleKind::Grade => tr!(language, "explain-step-grade"),
                    RuleKind::Finding => match severity {
                        crate::ast::Severity::Error => tr!(language, "explain-severity-error"),
                        crate::ast::Severity::Warning => {
                            tr!(language, "explain-severity-warning")
                        }
                        crate::ast::Severity::Info => tr!(language, "explain-severity-info"),
                    },
                };
                let mut text = format!("{}{message}{}", step(what), cites(rule_cites));
                for reading in readings {
                    text.push_str(&format!("\n{indent}         {}", self.reading(reading)));
                }
                text
            }
            Entry::Score { value } => {
                format!(
                    "{}{}",
                    step(tr!(language, "explain-step-value")),
                    self.show(value)
                )
            }
            Entry::Deducted {
                points,
                message,
                cites: line_cites,
            } => format!(
                "{}{}  {message}{}",
                step(tr!(language, "explain-step-points")),
                self.show(points),
                cites(line_cites)
            ),
            Entry::Deductions {
                from,
                deducted,
                result,
            } => format!(
                "{}{}",
                step(tr!(language, "explain-step-deduct")),
                tr!(
                    language,
                    "explain-deductions",
                    from = self.show(from),
                    deducted = self.show(deducted),
                    result = self.show(result)
                )
            ),
            Entry::Scaled {
                sum,
                basis,
                max,
                result,
            } => format!(
                "{}{} × {} ÷ {} = {}",
                step(tr!(language, "explain-step-scale")),
                self.show(sum),
                self.show(max),
                self.show(basis),
                self.show(result)
            ),
            Entry::Vetoed { before } => format!(
                "{}{}",
                step(tr!(language, "explain-step-veto")),
                tr!(language, "explain-veto", before = self.show(before))
            ),
            Entry::Rounded {
                before,
                after,
                places,
            } => format!(
                "{}{}",
                step(tr!(language, "explain-step-round")),
                tr!(
                    language,
                    "explain-round",
                    before = self.show(before),
                    after = after.to_fixed(*places),
                    places = places.to_string()
                )
            ),
        };
        out.push_str(indent);
        out.push_str(&line);
        out.push('\n');
    }

    /// `scale` is, for an item, where its score stands: `""`, or the scale
    /// words when its indicator scales the items' sum.
    fn indicator_text(
        &self,
        indicator: &IndicatorLedger,
        indent: &str,
        is_item: bool,
        scale: &str,
        out: &mut String,
    ) {
        let language = self.language;
        let kind = if is_item {
            format!("{} ", tr!(language, "explain-item"))
        } else {
            String::new()
        };
        let cohort = if indicator.cohort {
            format!("  {}", tr!(language, "explain-over-peers"))
        } else {
            String::new()
        };
        out.push_str(&format!(
            "{indent}{kind}{} — {} / {}{scale}{}{cohort}\n",
            label(&indicator.name, &indicator.label),
            if is_item {
                self.show(&indicator.score)
            } else {
                indicator.score.to_fixed(2)
            },
            indicator.max,
            cites(&indicator.cites)
        ));
        let inner = format!("{indent}    ");
        for reading in &indicator.readings {
            out.push_str(&format!("{inner}{}\n", self.reading(reading)));
        }
        // Steps before the items are shared by them; the sum, scaling and
        // rounding come after.
        let split = indicator
            .entries
            .iter()
            .position(|e| matches!(e, Entry::Score { .. }))
            .unwrap_or(indicator.entries.len());
        for entry in &indicator.entries[..split] {
            self.entry_lines(entry, &inner, out);
        }
        let scale = indicator
            .entries
            .iter()
            .find_map(|entry| match entry {
                Entry::Scaled { basis, max, .. } => Some(format!(
                    "{}{}",
                    if language == Language::English {
                        " "
                    } else {
                        ""
                    },
                    tr!(
                        language,
                        "explain-scaled-items",
                        basis = basis.to_string(),
                        max = max.to_string()
                    )
                )),
                _ => None,
            })
            .unwrap_or_default();
        for item in &indicator.items {
            self.indicator_text(item, &inner, true, &scale, out);
        }
        for entry in &indicator.entries[split..] {
            if !indicator.items.is_empty() {
                if let Entry::Score { value } = entry {
                    out.push_str(&format!(
                        "{inner}{}{}\n",
                        step(tr!(language, "explain-step-sum")),
                        tr!(language, "explain-items-sum", sum = self.show(value))
                    ));
                    continue;
                }
            }
            self.entry_lines(entry, &inner, out);
        }
    }

    /// A bonus or deduction block: what it gave, the cap, and its lines as
    /// the ledger recorded them (or the outcome's reasons, when there is no
    /// ledger of it).
    fn adjustment_text(
        &self,
        adjustment: &AdjustmentOutcome,
        ledger: &CandidateLedger,
        out: &mut String,
    ) {
        let language = self.language;
        let kind = match adjustment.kind {
            AdjustmentKind::Bonus => tr!(language, "explain-bonus"),
            AdjustmentKind::Deduction => tr!(language, "explain-deduction"),
        };
        let cap = breakdown::cap_words(adjustment, 2);
        let clause = adjustment
            .clause
            .as_ref()
            .map(|c| format!("  [{c}]"))
            .unwrap_or_default();
        out.push_str(&format!(
            "{kind} {} — {}{}{clause}\n",
            label(&adjustment.name, &adjustment.label),
            adjustment.points.to_fixed(2),
            if cap.is_empty() {
                String::new()
            } else {
                format!(" ({cap})")
            }
        ));
        // A ledger with no steps (an outcome recorded without them) falls
        // back on the outcome's reasons, so a block never shows without its why.
        let recorded = ledger
            .adjustments
            .iter()
            .find(|l| l.name == adjustment.name && !l.entries.is_empty());
        match recorded {
            Some(recorded) => {
                for reading in &recorded.readings {
                    out.push_str(&format!("    {}\n", self.reading(reading)));
                }
                for entry in &recorded.entries {
                    self.entry_lines(entry, "    ", out);
                }
            }
            None => {
                for reason in &adjustment.reasons {
                    let clause = reason
                        .clause
                        .as_ref()
                        .map(|c| format!("  [{c}]"))
                        .unwrap_or_default();
                    out.push_str(&format!(
                        "    {}{}  {}{clause}\n",
                        step(tr!(language, "explain-step-points")),
                        self.show(&reason.points),
                        reason.message
                    ));
                }
            }
        }
    }

    /// `base 93.50 + 宣传报道加分 2.00 (capped from 2.40) − 通报批评扣分 1.00 = 94.50`,
    /// and the final bounds when they changed the sum.
    fn total_sum(&self, candidate: &CandidateOutcome, total: &Number) -> String {
        let language = self.language;
        let base = candidate.base.as_ref().unwrap_or(total);
        let mut text = tr!(language, "explain-base-sum", base = base.to_fixed(2));
        for adjustment in &candidate.adjustments {
            let sign = match adjustment.kind {
                AdjustmentKind::Bonus => "+",
                AdjustmentKind::Deduction => "−",
            };
            let capped = if adjustment.uncapped != adjustment.points {
                format!(
                    " {}",
                    tr!(
                        language,
                        "explain-capped-from",
                        uncapped = adjustment.uncapped.to_fixed(2)
                    )
                )
            } else {
                String::new()
            };
            text.push_str(&format!(
                " {sign} {} {}{capped}",
                adjustment.label.as_deref().unwrap_or(&adjustment.name),
                adjustment.points.to_fixed(2)
            ));
        }
        match breakdown::unbounded_total(candidate) {
            Some(sum) if &sum != total => text.push_str(&format!(
                " {}",
                tr!(
                    language,
                    "explain-held-by-bounds",
                    sum = sum.to_fixed(2),
                    total = total.to_fixed(2)
                )
            )),
            _ => text.push_str(&format!(" = {}", total.to_fixed(2))),
        }
        text
    }

    fn heading(&self, word: String) -> String {
        pad(&word, HEADING_WIDTH)
    }

    /// One line per candidate tied on the total: which key decided, with
    /// both values, or that none did.
    fn tie_lines(&self, outcome: &Outcome, candidate: &CandidateOutcome, out: &mut String) {
        let language = self.language;
        for tie in tie::ties(self.policy, outcome, candidate) {
            // A candidate without a name is named by its id alone.
            let other = match (&tie.other.name, language) {
                (None, _) => tie.other.id.to_string(),
                (Some(name), Language::English) => format!("{name} ({})", tie.other.id),
                (Some(name), _) => format!("{name}（{}）", tie.other.id),
            };
            let total = tie.total.to_fixed(2);
            let text = match &tie.decided_by {
                Some(decision) => {
                    let indicator = &self.policy.indicators[decision.indicator];
                    let ahead = decision.ahead();
                    tr!(
                        language,
                        "explain-tie-decided",
                        other = other,
                        total = total,
                        key = indicator.label.as_deref().unwrap_or(&indicator.name),
                        own = self.show(decision.own),
                        theirs = self.show(decision.theirs),
                        comparison = if ahead { ">" } else { "<" },
                        side = if ahead { "ahead" } else { "behind" }
                    )
                }
                None => tr!(
                    language,
                    "explain-tie-shared",
                    other = other,
                    total = total,
                    rank = candidate.rank.unwrap_or(0).to_string()
                ),
            };
            out.push_str(&format!(
                "{}{text}\n",
                self.heading(tr!(language, "explain-step-tie"))
            ));
        }
    }
}

/// The derivation of candidate `id` as text in English, or `None` when there
/// is no such candidate.
pub fn explain_text(
    policy: &Policy,
    outcome: &Outcome,
    ledger: &Ledger,
    id: &str,
) -> Option<String> {
    explain_text_in(policy, outcome, ledger, id, Language::English)
}

/// The derivation of candidate `id` as text in the reader's language, or
/// `None` when there is no such candidate.
pub fn explain_text_in(
    policy: &Policy,
    outcome: &Outcome,
    ledger: &Ledger,
    id: &str,
    language: Language,
) -> Option<String> {
    let subject = subject(outcome, ledger, id)?;
    let writer = Writer { policy, language };
    let candidate = subject.outcome;
    let mut out = String::new();
    let group = match (&candidate.group, subject.group) {
        (Some(name), Some(group)) => format!(" — {}", label(name, &group.label)),
        _ => String::new(),
    };
    out.push_str(&format!(
        "{} ({}){group}\n{}\n\n",
        candidate.display_name(),
        candidate.id,
        outcome.title.as_deref().unwrap_or(&outcome.policy_id)
    ));

    out.push_str(&tr!(language, "explain-eligibility"));
    out.push('\n');
    if subject.ledger.eligibility.is_empty() {
        out.push_str(&format!(
            "    {}\n",
            tr!(language, "explain-no-eligibility-rule")
        ));
    }
    for entry in &subject.ledger.eligibility {
        writer.entry_lines(entry, "    ", &mut out);
    }
    if !candidate.status.eq(&Status::Excluded) {
        out.push_str(&format!("    {}\n", tr!(language, "explain-eligible")));
    }
    for entry in &subject.ledger.findings {
        writer.entry_lines(entry, "    ", &mut out);
    }
    out.push('\n');

    for (index, indicator) in subject.ledger.indicators.iter().enumerate() {
        match indicator {
            Some(indicator) => writer.indicator_text(indicator, "", false, "", &mut out),
            None => {
                let definition = &policy.indicators[index];
                out.push_str(&tr!(
                    language,
                    "explain-not-computed",
                    indicator = label(
                        &definition.name,
                        &definition.label.as_deref().map(String::from)
                    )
                ));
                out.push('\n');
            }
        }
        out.push('\n');
    }

    let adjusted = breakdown::shows_adjustments(outcome) && candidate.base.is_some();
    if adjusted {
        for adjustment in &candidate.adjustments {
            writer.adjustment_text(adjustment, subject.ledger, &mut out);
            out.push('\n');
        }
    }
    let total_heading = writer.heading(tr!(language, "explain-total"));
    match &candidate.total {
        Some(total) => {
            let parts: Vec<String> = candidate
                .indicators
                .iter()
                .filter_map(|i| i.score.as_ref().map(|s| s.to_fixed(2)))
                .collect();
            if adjusted {
                let base = candidate.base.as_ref().unwrap_or(total);
                out.push_str(&format!(
                    "{}{} = {}\n",
                    writer.heading(tr!(language, "explain-base")),
                    base.to_fixed(2),
                    parts.join(" + ")
                ));
                out.push_str(&format!(
                    "{total_heading}{}\n",
                    writer.total_sum(candidate, total)
                ));
            } else {
                out.push_str(&format!(
                    "{total_heading}{} = {}\n",
                    total.to_fixed(2),
                    parts.join(" + ")
                ));
            }
        }
        None => out.push_str(&format!(
            "{total_heading}{}\n",
            tr!(language, "explain-total-none")
        )),
    }
    for entry in &subject.ledger.after_total {
        writer.entry_lines(entry, "    ", &mut out);
    }
    if let Some(grade) = &candidate.grade {
        out.push_str(&format!(
            "{}{}\n",
            writer.heading(tr!(language, "explain-grade")),
            breakdown::grade_story(grade, 2)
        ));
    }
    let rank_heading = writer.heading(tr!(language, "explain-rank"));
    let rank_text = match (candidate.rank, subject.group) {
        (Some(rank), Some(group)) => tr!(
            language,
            "explain-rank-of",
            rank = rank.to_string(),
            eligible = group.eligible.to_string()
        ),
        _ if candidate.status != Status::Excluded => tr!(language, "explain-rank-unranked"),
        _ => tr!(language, "explain-rank-excluded"),
    };
    out.push_str(&format!("{rank_heading}{rank_text}\n"));
    writer.tie_lines(outcome, candidate, &mut out);
    for (flag, on) in &candidate.flags {
        let line = if *on {
            tr!(language, "explain-yes")
        } else if candidate.status == Status::Revoked {
            let top = policy
                .flags
                .iter()
                .find(|f| {
                    f.flag.as_deref() == Some(flag.as_str())
                        && f.group
                            .as_deref()
                            .is_none_or(|g| Some(g) == candidate.group.as_deref())
                })
                .map(|f| f.count);
            match (candidate.rank, top) {
                (Some(rank), Some(top)) if rank <= top => tr!(
                    language,
                    "explain-flag-revoked-in-top",
                    rank = rank.to_string(),
                    top = top.to_string()
                ),
                _ => tr!(language, "explain-flag-revoked"),
            }
        } else {
            tr!(language, "explain-no")
        };
        out.push_str(&format!("{flag:<12} {line}\n"));
    }
    out.push_str(&format!(
        "{}{} — {}\n",
        writer.heading(tr!(language, "explain-status")),
        status_word(candidate.status, language),
        verdict(policy, &subject, language)
    ));
    Some(out)
}

/// The derivation of candidate `id` as JSON, or `None` when there is no such
/// candidate. Its keys are a contract: later versions only add keys.
pub fn explain_json(
    policy: &Policy,
    outcome: &Outcome,
    ledger: &Ledger,
    id: &str,
) -> Option<String> {
    json::explain_json(policy, outcome, ledger, id)
}
