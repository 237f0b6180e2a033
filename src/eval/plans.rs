//! How each list method call is evaluated, decided from the code alone.
//!
//! Rules are written per candidate, but some of what they compute is the
//! same for every candidate, or for every candidate with the same key:
//! `peers.count()` counts the same cohort, `cities[candidate.city]` searches
//! the same list, and `candidates.count(city == candidate.city and level ==
//! "county")` gives the same count to every candidate of a city. Walked per
//! candidate, each is a scan of a list as long as the candidates, so N
//! candidates cost N². The plan of a call says which of these shapes it has;
//! `indexes.rs` holds the values the plans compute once.
//!
//! **The join rule.** A `count`, `any` or `filter` over a list that does not
//! depend on the candidate is a *join* when its predicate, split at its
//! `and`s (in any order and nesting), has at least one *key conjunct*, an
//! equality `ITEM == OUTER` (either way round) where `ITEM` reads the item
//! and nothing of the candidate and `OUTER` does not read the item, and
//! every conjunct up to the last key conjunct cannot fail. The list is
//! grouped once by the tuple of `ITEM`s; a candidate evaluates its `OUTER`s
//! and runs the unchanged method over its group only. The items it skips
//! would make some key conjunct false, and nothing before that conjunct can
//! fail, so skipping them changes neither the value nor the error met.
//! When every other conjunct reads only the item too, the value depends on
//! the key alone and is computed once per key (a *keyed* join); and a method
//! over a keyed list whose arguments read only the item (`filter(…).sum(x)`)
//! is computed once per key as well.
//!
//! What does not qualify is walked per candidate: a predicate with no
//! equality against the candidate (`votes > candidate.votes`), an `or` at the
//! top, `all` (its value needs the items outside the group), a key side that
//! can fail ahead of the last key conjunct. `kaoping check --explain-cost`
//! lists those calls ([`Planner::costs`]).

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::{Arc, RwLock};

use crate::ast::{BinaryOperator, Span};
use crate::policy::{Code, CodeKind, Derived, Function, ListMethod};

/// What a node's value can depend on, from least to most.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum Scope {
    /// The facts and the policy only: the same for every candidate.
    Facts,
    /// Also the cohort (`peers`): the same for every candidate of a cohort.
    Cohort,
    /// The candidate, or a value held in the frame.
    Candidate,
}

/// How a list method call is evaluated, decided once per call.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Plan {
    /// Its value is the same for every candidate (of the cohort): computed once.
    Once(Scope),
    /// `rank_desc` whose argument reads only the item; the scope is that of
    /// the list and the argument together, what the sorted values depend on.
    Rank(Scope),
    /// A `count`, `any` or `filter` that qualifies under the join rule.
    Join(Arc<Join>),
    /// A method over a keyed list whose arguments read only the item: its
    /// value, too, depends on the key alone and is computed once per key.
    /// `scope` is what the whole chain's grouping depends on.
    Keyed { scope: Scope },
    /// Walked in full for every candidate.
    Walk,
}

/// A join: the key conjuncts of the predicate and what the grouping depends on.
#[derive(Debug, PartialEq, Eq)]
pub(super) struct Join {
    /// What the list and the key's item sides depend on.
    pub scope: Scope,
    /// The key conjuncts, in the predicate's evaluation order.
    pub keys: Vec<KeyConjunct>,
    /// Whether the value depends on the key alone, so it is computed once per key.
    pub keyed: bool,
}

/// One `ITEM == OUTER` conjunct of a join's predicate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct KeyConjunct {
    /// Its position among the predicate's conjuncts ([`conjuncts`]).
    pub position: usize,
    /// Whether the item side is the equality's left operand.
    pub item_is_left: bool,
}

impl KeyConjunct {
    /// The item side and the outer side of this conjunct, among the
    /// predicate's `parts` ([`conjuncts`]).
    pub fn sides<'c>(&self, parts: &[&'c Code]) -> (&'c Code, &'c Code) {
        let CodeKind::Binary(BinaryOperator::Equal, left, right) = &parts[self.position].kind
        else {
            unreachable!("a key conjunct is an equality")
        };
        if self.item_is_left {
            (left, right)
        } else {
            (right, left)
        }
    }
}

/// A node of the policy's code, by address: only compared and hashed, never
/// followed, so maps keyed by it may cross threads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(super) struct Address(usize);

impl Address {
    pub fn of(code: &Code) -> Self {
        Address(code as *const Code as usize)
    }
}

/// A map keyed by node address. The keys are distinct addresses chosen by no
/// one outside, so SipHash's defence against chosen keys buys nothing here;
/// the profile showed it costing 3 % of evaluation.
pub(super) type AddressMap<V> = HashMap<Address, V, BuildHasherDefault<AddressHasher>>;

/// Spreads an address over the hash's bits: a multiply by an odd constant
/// (Fibonacci hashing), folded so that the low bits, which pick the bucket,
/// depend on the high ones, since addresses end in zero bits.
#[derive(Default)]
pub(super) struct AddressHasher(u64);

impl Hasher for AddressHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &byte in bytes {
            self.write_u64(self.0.rotate_left(8) ^ u64::from(byte));
        }
    }

    fn write_u64(&mut self, value: u64) {
        let spread = (self.0 ^ value).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        self.0 = spread ^ (spread >> 32);
    }

    fn write_usize(&mut self, value: usize) {
        self.write_u64(value as u64);
    }
}

/// Scopes and plans, worked out on first use and kept for the policy's
/// life: they depend on the code alone. Shared by every evaluation and
/// thread, so the maps are behind locks that are almost always read.
pub(super) struct Planner<'a> {
    derived: &'a [Derived],
    scopes: RwLock<AddressMap<Scope>>,
    plans: RwLock<AddressMap<Plan>>,
}

/// Why a list method call costs a scan per candidate, for `--explain-cost`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cost {
    /// The call.
    pub span: Span,
    /// How it is evaluated.
    pub kind: CostKind,
}

/// How a list method call over a list that is not the candidate's own is
/// evaluated, from cheapest to dearest.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CostKind {
    /// Once per evaluation or per cohort.
    Once,
    /// One sort per evaluation or cohort, a binary search per candidate.
    Rank,
    /// Grouped once; a lookup per candidate, each key's value computed once.
    Keyed,
    /// Grouped once; each candidate scans its own group: the group's size
    /// per candidate, quadratic when groups are large.
    GroupScan,
    /// Each candidate scans the whole list: quadratic in its length.
    Scan,
}

impl<'a> Planner<'a> {
    pub fn new(derived: &'a [Derived]) -> Self {
        Planner {
            derived,
            scopes: RwLock::default(),
            plans: RwLock::default(),
        }
    }

    /// The scope of `code` evaluated where no frame slot is bound from
    /// outside it.
    pub fn scope(&self, code: &Code) -> Scope {
        if let Some(scope) = read(&self.scopes).get(&Address::of(code)) {
            return *scope;
        }
        let scope = self.scope_within(code, &mut Vec::new());
        write(&self.scopes).insert(Address::of(code), scope);
        scope
    }

    /// How to evaluate the list method call `code`.
    pub fn plan(&self, code: &Code) -> Plan {
        if let Some(plan) = read(&self.plans).get(&Address::of(code)) {
            return plan.clone();
        }
        let plan = self.make_plan(code);
        write(&self.plans).insert(Address::of(code), plan.clone());
        plan
    }

    /// Every list method call under `roots` whose list is not the
    /// candidate's own, with how it is evaluated, in source order.
    pub fn costs<'c>(&self, roots: impl IntoIterator<Item = &'c Code>) -> Vec<Cost> {
        let mut costs = Vec::new();
        let mut pending: Vec<&Code> = roots.into_iter().collect();
        while let Some(code) = pending.pop() {
            // A list written in the policy (`[6, 7, 8]`, a parameter) has
            // the same few items whatever the facts: only lists from the
            // facts or the cohort grow with the candidates.
            let grows = |list: &Code| self.grows_with_the_facts(list);
            if let CodeKind::Method { list, .. } = &code.kind {
                let kind = match self.plan(code) {
                    Plan::Once(_) => Some(CostKind::Once),
                    Plan::Rank(_) => Some(CostKind::Rank),
                    Plan::Join(join) if join.keyed => Some(CostKind::Keyed),
                    Plan::Join(_) => Some(CostKind::GroupScan),
                    Plan::Keyed { .. } => Some(CostKind::Keyed),
                    // A scan of the candidate's own list (its briefs, its
                    // cases) costs what the candidate holds: linear overall.
                    Plan::Walk if self.scope(list) < Scope::Candidate => Some(CostKind::Scan),
                    Plan::Walk if self.over_a_join(list) => Some(CostKind::GroupScan),
                    Plan::Walk => None,
                };
                if let Some(kind) = kind.filter(|_| grows(list)) {
                    costs.push(Cost {
                        span: code.span,
                        kind,
                    });
                }
            }
            pending.extend(code.children());
        }
        costs.sort_by_key(|cost| (cost.span.start, cost.span.end));
        // `Span`'s equality ignores positions (trees compare by shape), so
        // a node reached from two roots is recognised by its offsets.
        costs.dedup_by_key(|cost| (cost.span.start, cost.span.end));
        costs
    }

    /// Whether `code` reads a list of the facts or the cohort, whose length
    /// grows with the input.
    fn grows_with_the_facts(&self, code: &Code) -> bool {
        match &code.kind {
            CodeKind::Root(_) | CodeKind::Peers => true,
            CodeKind::Derived(index) => self.grows_with_the_facts(&self.derived[*index].code),
            _ => code
                .children()
                .into_iter()
                .any(|child| self.grows_with_the_facts(child)),
        }
    }

    /// Whether `list` is a join's group (or a chain over one), so a walk
    /// over it scans a group per candidate.
    fn over_a_join(&self, list: &Code) -> bool {
        match &list.kind {
            CodeKind::Method { list: inner, .. } => match self.plan(list) {
                Plan::Join(_) | Plan::Keyed { .. } => true,
                Plan::Walk => self.over_a_join(inner),
                _ => false,
            },
            _ => false,
        }
    }

    fn make_plan(&self, code: &Code) -> Plan {
        let CodeKind::Method {
            method,
            list,
            slot,
            arguments,
        } = &code.kind
        else {
            return Plan::Walk;
        };
        let whole = self.scope(code);
        if whole < Scope::Candidate {
            return Plan::Once(whole);
        }
        // What is cached depends on the list and on what runs per item: a
        // per-item part that reads `peers` makes the entry the cohort's.
        let per_item = |code: &Code| self.scope_within(code, &mut vec![*slot]);
        let reads_only_the_item = |code: &Code| per_item(code) < Scope::Candidate;
        let arguments_scope = || arguments.iter().map(per_item).max().unwrap_or(Scope::Facts);
        let list_scope = self.scope(list);
        if list_scope == Scope::Candidate {
            // A method over a keyed list: keyed too when its own arguments
            // read only the item.
            let inner = match self.plan_of_list(list) {
                Some(Plan::Join(join)) if join.keyed && *method != ListMethod::RankDescending => {
                    Some(join.scope)
                }
                Some(Plan::Keyed { scope }) if *method != ListMethod::RankDescending => Some(scope),
                _ => None,
            };
            return match inner {
                Some(scope) if arguments.iter().all(reads_only_the_item) => Plan::Keyed {
                    scope: scope.max(arguments_scope()),
                },
                _ => Plan::Walk,
            };
        }
        match method {
            ListMethod::RankDescending if arguments.iter().all(reads_only_the_item) => {
                Plan::Rank(list_scope.max(arguments_scope()))
            }
            // Over the items of their group alone, these three give what
            // they give over the whole list; `all` would not.
            ListMethod::Count | ListMethod::Filter | ListMethod::Any => {
                let Some(predicate) = arguments.first() else {
                    return Plan::Walk;
                };
                let parts = conjuncts(predicate);
                let mut keys = Vec::new();
                let mut key_scope = list_scope;
                for (position, part) in parts.iter().enumerate() {
                    let CodeKind::Binary(BinaryOperator::Equal, left, right) = &part.kind else {
                        continue;
                    };
                    let item_side =
                        |side: &Code| reads_only_the_item(side) && reads_slot(side, *slot);
                    let item_is_left = if item_side(left) && !reads_slot(right, *slot) {
                        true
                    } else if item_side(right) && !reads_slot(left, *slot) {
                        false
                    } else {
                        continue;
                    };
                    let item = if item_is_left { left } else { right };
                    key_scope = key_scope.max(per_item(item));
                    keys.push(KeyConjunct {
                        position,
                        item_is_left,
                    });
                }
                let Some(last) = keys.last() else {
                    return Plan::Walk;
                };
                // Grouping evaluates every key's item side on every item and
                // each outer side once; walking evaluates them item by item
                // in predicate order. Nothing up to the last key may fail, so
                // that the two cannot meet different errors.
                if !parts[..=last.position].iter().all(|part| cannot_fail(part)) {
                    return Plan::Walk;
                }
                let keyed = parts.iter().enumerate().all(|(position, part)| {
                    keys.iter().any(|key| key.position == position) || reads_only_the_item(part)
                });
                let scope = if keyed {
                    key_scope.max(arguments_scope_without_keys(&parts, &keys, per_item))
                } else {
                    key_scope
                };
                Plan::Join(Arc::new(Join { scope, keys, keyed }))
            }
            _ => Plan::Walk,
        }
    }

    fn plan_of_list(&self, list: &Code) -> Option<Plan> {
        matches!(list.kind, CodeKind::Method { .. }).then(|| self.plan(list))
    }

    fn scope_within(&self, code: &Code, bound: &mut Vec<usize>) -> Scope {
        match &code.kind {
            CodeKind::Constant(_) | CodeKind::Root(_) => Scope::Facts,
            CodeKind::Local(slot) => {
                if bound.contains(slot) {
                    Scope::Facts
                } else {
                    Scope::Candidate
                }
            }
            CodeKind::Candidate | CodeKind::Outcome(_) => Scope::Candidate,
            CodeKind::Peers => Scope::Cohort,
            // A top-level `let` runs in a frame of its own.
            CodeKind::Derived(index) => self.scope(&self.derived[*index].code),
            CodeKind::Method {
                method,
                list,
                slot,
                arguments,
            } => {
                // `rank_desc` also evaluates its argument on the candidate.
                let own = if *method == ListMethod::RankDescending {
                    Scope::Candidate
                } else {
                    Scope::Facts
                };
                let list = self.scope_within(list, bound);
                bound.push(*slot);
                let arguments = arguments
                    .iter()
                    .map(|argument| self.scope_within(argument, bound))
                    .max()
                    .unwrap_or(Scope::Facts);
                bound.pop();
                own.max(list).max(arguments)
            }
            _ => code
                .children()
                .into_iter()
                .map(|child| self.scope_within(child, bound))
                .max()
                .unwrap_or(Scope::Facts),
        }
    }
}

/// The scope of a keyed join's conjuncts other than its keys (which the
/// key scope already counts).
fn arguments_scope_without_keys(
    parts: &[&Code],
    keys: &[KeyConjunct],
    per_item: impl Fn(&Code) -> Scope,
) -> Scope {
    parts
        .iter()
        .enumerate()
        .filter(|(position, _)| !keys.iter().any(|key| key.position == *position))
        .map(|(_, part)| per_item(part))
        .max()
        .unwrap_or(Scope::Facts)
}

fn read<T>(lock: &RwLock<T>) -> std::sync::RwLockReadGuard<'_, T> {
    // A panic elsewhere cannot leave a plan half written: each entry is
    // inserted whole, so a poisoned lock still holds good entries.
    lock.read()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

fn write<T>(lock: &RwLock<T>) -> std::sync::RwLockWriteGuard<'_, T> {
    lock.write()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// A predicate split at its `and`s, in the order `and` evaluates them:
/// `a and (b and c)` and `(a and b) and c` both give `a, b, c`.
pub(super) fn conjuncts(predicate: &Code) -> Vec<&Code> {
    let mut parts = Vec::new();
    let mut pending = vec![predicate];
    while let Some(code) = pending.pop() {
        match &code.kind {
            CodeKind::Binary(BinaryOperator::And, left, right) => {
                pending.push(right);
                pending.push(left);
            }
            _ => parts.push(code),
        }
    }
    parts
}

/// Whether `code` reads frame slot `slot` (outside any method that rebinds it).
fn reads_slot(code: &Code, slot: usize) -> bool {
    match &code.kind {
        CodeKind::Local(local) => *local == slot,
        CodeKind::Method {
            list,
            slot: own,
            arguments,
            ..
        } => {
            reads_slot(list, slot)
                || (*own != slot && arguments.iter().any(|argument| reads_slot(argument, slot)))
        }
        _ => code
            .children()
            .into_iter()
            .any(|child| reads_slot(child, slot)),
    }
}

/// Whether evaluating `code` can never raise an error. Fusing list stages
/// changes which items a stage runs on once a later stage stops early
/// (`any`, `all`), and in what order the stages' errors would be met; a
/// join evaluates its keys on every item at once. For code that cannot
/// fail, neither shows. The answer errs towards "can fail": a top-level
/// `let` is not looked into.
pub(super) fn cannot_fail(code: &Code) -> bool {
    let fails = matches!(
        &code.kind,
        CodeKind::Binary(BinaryOperator::Divide, _, _)
            | CodeKind::Call(Function::Round(_) | Function::Date, _)
            | CodeKind::Select { .. }
            | CodeKind::Lookup { .. }
            | CodeKind::Script(..)
            | CodeKind::Derived(_)
            | CodeKind::Method {
                method: ListMethod::Take | ListMethod::Drop,
                ..
            }
    );
    // A places argument can be out of range; `round_down(x)` cannot fail.
    let places_fail = matches!(
        &code.kind,
        CodeKind::Call(Function::RoundDown | Function::RoundUp, arguments) if arguments.len() > 1
    );
    !fails && !places_fail && code.children().into_iter().all(cannot_fail)
}
