//! The rulebook's last sections: grades, then ranking and selection.

use crate::policy::QuotaAmount;
use crate::tr;

use super::document::{words, Block, Inline, Line};
use super::Writer;

impl Writer<'_> {
    pub(super) fn grades(&self, blocks: &mut Vec<Block>) {
        let language = self.language;
        let Some(grades) = &self.policy.grades else {
            return;
        };
        blocks.push(Block::Heading(2, tr!(language, "rulebook-grades-heading")));
        let mut entries = Vec::new();
        match &grades.by {
            Some(by) => entries.push((
                0,
                vec![
                    Inline::Text(tr!(language, "rulebook-grades-by")),
                    Inline::Code(self.written(by.span)),
                ],
            )),
            None => entries.push((0, words(tr!(language, "rulebook-grades-by-total")))),
        }
        self.annotation_entries(&grades.annotations, 0, &mut entries);
        blocks.push(Block::List(entries));
        let rows = grades
            .bands
            .iter()
            .map(|band| {
                let threshold = band.at_least.as_ref().map_or_else(
                    || tr!(language, "rulebook-grade-rest"),
                    |least| {
                        tr!(
                            language,
                            "rulebook-grade-at-least",
                            points = least.to_string()
                        )
                    },
                );
                let quotas: Vec<String> = band
                    .quotas
                    .iter()
                    .map(|quota| {
                        let amount = match &quota.amount {
                            QuotaAmount::Count(count) => {
                                tr!(language, "rulebook-quota-count", count = *count)
                            }
                            QuotaAmount::Share(share) => {
                                tr!(language, "rulebook-quota-share", share = share.to_string())
                            }
                        };
                        match &quota.group {
                            Some(group) => tr!(
                                language,
                                "rulebook-in-group",
                                group = self.group_label(group),
                                what = amount
                            ),
                            None => amount,
                        }
                    })
                    .collect();
                vec![
                    words(band.label.as_deref().unwrap_or(&band.name)),
                    vec![Inline::Code(band.name.clone())],
                    words(threshold),
                    words(quotas.join("；")),
                    self.notes(&band.annotations),
                ]
            })
            .collect();
        blocks.push(Block::Table {
            header: vec![
                tr!(language, "rulebook-column-grade"),
                tr!(language, "rulebook-column-id"),
                tr!(language, "rulebook-column-threshold"),
                tr!(language, "rulebook-column-quota"),
                tr!(language, "rulebook-column-clause-and-reading"),
            ],
            rows,
        });
        if !self.policy.grade_rules.is_empty() {
            let mut entries = Vec::new();
            for rule in &self.policy.grade_rules {
                let band = &grades.bands[rule.band];
                let grade = band.label.as_deref().unwrap_or(&band.name);
                let what = if rule.at_most {
                    tr!(language, "rulebook-grade-at-most", grade = grade)
                } else {
                    tr!(language, "rulebook-grade-forced", grade = grade)
                };
                self.rule(what, &rule.rule, &mut entries);
            }
            blocks.push(Block::List(entries));
        }
    }

    /// A group's label and name: `设区市（city）`.
    fn group_label(&self, name: &str) -> String {
        let label = self.policy.grouping.as_ref().and_then(|grouping| {
            grouping
                .variants
                .variants
                .iter()
                .find(|(variant, _)| variant == name)
                .and_then(|(_, label)| label.clone())
        });
        match label {
            Some(label) => format!("{label}（{name}）"),
            None => name.to_string(),
        }
    }

    pub(super) fn ranking(&self, blocks: &mut Vec<Block>) {
        let language = self.language;
        let policy = self.policy;
        blocks.push(Block::Heading(2, tr!(language, "rulebook-ranking-heading")));
        let mut entries = Vec::new();
        if let Some(grouping) = &policy.grouping {
            let groups: Vec<String> = grouping
                .variants
                .names()
                .map(|name| self.group_label(name))
                .collect();
            entries.push((
                0,
                vec![
                    Inline::Text(tr!(language, "rulebook-group-by")),
                    Inline::Code(grouping.field_name.clone()),
                    Inline::Text(tr!(
                        language,
                        "rulebook-group-list",
                        groups = groups.join(&tr!(language, "rulebook-list-separator"))
                    )),
                ],
            ));
            self.annotation_entries(&grouping.annotations, 1, &mut entries);
        }
        if policy.ranks {
            let breakers: Vec<String> = policy
                .ranking
                .tie_breakers
                .iter()
                .map(|&index| {
                    let indicator = &policy.indicators[index];
                    indicator
                        .label
                        .as_deref()
                        .unwrap_or(&indicator.name)
                        .to_string()
                })
                .collect();
            entries.push((
                0,
                words(if breakers.is_empty() {
                    tr!(language, "rulebook-rank-by-total")
                } else {
                    tr!(
                        language,
                        "rulebook-rank-with-tie-breakers",
                        breakers = breakers.join(&tr!(language, "rulebook-list-separator"))
                    )
                }),
            ));
            self.annotation_entries(&policy.ranking.annotations, 1, &mut entries);
        } else {
            entries.push((0, words(tr!(language, "rulebook-no-ranks"))));
        }
        for selection in &policy.selections {
            let what = tr!(language, "rulebook-select", count = selection.count);
            self.selection_entry(what, selection, &mut entries);
        }
        for flag in &policy.flags {
            let what = tr!(
                language,
                "rulebook-flag",
                flag = flag.flag.as_deref().unwrap_or_default(),
                count = flag.count
            );
            self.selection_entry(what, flag, &mut entries);
        }
        if policy.selections.is_empty() && policy.ranks {
            entries.push((0, words(tr!(language, "rulebook-no-quota"))));
        }
        blocks.push(Block::List(entries));
    }

    fn selection_entry(
        &self,
        what: String,
        selection: &crate::policy::Selection,
        entries: &mut Vec<(usize, Line)>,
    ) {
        let text = match &selection.group {
            Some(group) => tr!(
                self.language,
                "rulebook-in-group",
                group = self.group_label(group),
                what = what
            ),
            None => what,
        };
        entries.push((0, words(text)));
        self.annotation_entries(&selection.annotations, 1, entries);
    }
}
