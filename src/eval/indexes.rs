//! Work that would otherwise repeat once per candidate, done once.
//!
//! Rules are written per candidate, but some of what they compute is the
//! same for every candidate: `cities[candidate.city]` searches the same
//! list, `peers.count()` counts the same cohort, `peers.rank_desc(votes)`
//! compares against the same votes, and `candidates.count(city ==
//! candidate.city)` scans the same candidates. Walked naively, each is a
//! loop per candidate, so a cohort of N costs N², which 100,000 candidates
//! turn into hours. These caches make each of them one pass per evaluation
//! (or per cohort) plus a lookup per candidate:
//!
//! - **lookups**: a keyed list that does not depend on the candidate gets a
//!   hash index from key to item;
//! - **values**: a list method whose value depends on nothing but the facts
//!   (or the facts and the cohort) is computed once per evaluation (or per
//!   cohort);
//! - **rankings**: `rank_desc` over such a list sorts the compared values
//!   once, and each candidate's rank is a binary search;
//! - **joins**: `count`, `filter` and `any` over such a list, whose predicate
//!   starts with `ITEM_SIDE == OUTER_SIDE and …`, group the list's items by
//!   the item side once; each candidate then runs the unchanged method over
//!   only the items whose item side equals its outer side. The items it
//!   skips would fail that first conjunct, which `and` evaluates first, so
//!   the result is the same.
//!
//! A node's scope (what its value can depend on) is worked out on first use
//! from the code alone. The caches key nodes by address: the policy is
//! borrowed for the whole evaluation, so addresses are stable. Nothing here
//! feeds an output's order; the hash maps are only looked up. While the
//! ledger records (`explain`), the interpreter takes these shortcuts only
//! where walking would record nothing either (`Context::method`).

use std::cell::RefCell;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::Arc;

use crate::ast::BinaryOperator;
use crate::number::Number;
use crate::policy::{Code, CodeKind, Derived, ListMethod};
use crate::value::Value;

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
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Plan {
    /// Its value is the same for every candidate (of the cohort): computed once.
    Once(Scope),
    /// `rank_desc` whose argument reads only the item; the scope is that of
    /// the list and the argument together, what the sorted values depend on.
    Rank(Scope),
    /// `count`/`filter`/`any` led by an equality between an item side (on the
    /// left when `item_is_left`) and an outer side; the scope is that of the
    /// list and the item side together, what the grouping depends on.
    Join { scope: Scope, item_is_left: bool },
    /// Walked in full for every candidate.
    Walk,
}

pub(super) type Address = *const Code;

/// A map keyed by node address. The keys are distinct pointers chosen by no
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

type Cohort = Option<Arc<[Value]>>;
/// Per call, the cohort it was computed for (none when facts-scoped) and the value.
type PerCall<T> = RefCell<AddressMap<(Cohort, T)>>;
/// A list's items grouped by the item side of a join, each group in list order.
pub(super) type Groups = Arc<HashMap<Value, Arc<[Value]>>>;

/// The caches of one evaluation. Cohort-scoped entries remember the cohort
/// they were computed for and are recomputed for another.
pub(super) struct Indexes<'a> {
    derived: &'a [Derived],
    scopes: RefCell<AddressMap<Scope>>,
    plans: RefCell<AddressMap<Plan>>,
    lookups: RefCell<AddressMap<Arc<HashMap<Value, Value>>>>,
    values: PerCall<Value>,
    rankings: PerCall<Arc<Vec<Number>>>,
    joins: PerCall<Groups>,
}

fn same_cohort(cached: &Cohort, peers: Option<&Arc<[Value]>>) -> bool {
    match (cached, peers) {
        (None, None) => true,
        (Some(cached), Some(peers)) => Arc::ptr_eq(cached, peers),
        _ => false,
    }
}

/// The cohort an entry of `scope` belongs to: none for facts-scoped entries.
pub(super) fn cohort_of(scope: Scope, peers: Option<&Arc<[Value]>>) -> Option<&Arc<[Value]>> {
    if scope == Scope::Cohort {
        peers
    } else {
        None
    }
}

fn cached<T: Clone>(map: &PerCall<T>, code: &Code, peers: Option<&Arc<[Value]>>) -> Option<T> {
    match map.borrow().get(&(code as Address)) {
        Some((cohort, value)) if same_cohort(cohort, peers) => Some(value.clone()),
        _ => None,
    }
}

fn store<T: Clone>(map: &PerCall<T>, code: &Code, peers: Option<&Arc<[Value]>>, value: T) -> T {
    map.borrow_mut()
        .insert(code as Address, (peers.cloned(), value.clone()));
    value
}

impl<'a> Indexes<'a> {
    pub fn new(derived: &'a [Derived]) -> Self {
        Indexes {
            derived,
            scopes: RefCell::default(),
            plans: RefCell::default(),
            lookups: RefCell::default(),
            values: RefCell::default(),
            rankings: RefCell::default(),
            joins: RefCell::default(),
        }
    }

    /// The scope of `code` evaluated where no frame slot is bound from
    /// outside it.
    pub fn scope(&self, code: &Code) -> Scope {
        if let Some(scope) = self.scopes.borrow().get(&(code as Address)) {
            return *scope;
        }
        let scope = self.scope_within(code, &mut Vec::new());
        self.scopes.borrow_mut().insert(code as Address, scope);
        scope
    }

    /// How to evaluate the list method call `code`.
    pub fn plan(&self, code: &Code) -> Plan {
        if let Some(plan) = self.plans.borrow().get(&(code as Address)) {
            return *plan;
        }
        let plan = self.make_plan(code);
        self.plans.borrow_mut().insert(code as Address, plan);
        plan
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
        let list = self.scope(list);
        if list == Scope::Candidate {
            return Plan::Walk;
        }
        // What is cached depends on the list and on what runs per item: a
        // per-item part that reads `peers` makes the entry the cohort's.
        let per_item = |code: &Code| self.scope_within(code, &mut vec![*slot]);
        let reads_only_the_item = |code: &Code| per_item(code) < Scope::Candidate;
        match method {
            ListMethod::RankDescending if arguments.iter().all(reads_only_the_item) => {
                let arguments = arguments.iter().map(per_item).max();
                Plan::Rank(list.max(arguments.unwrap_or(Scope::Facts)))
            }
            // Over the items that pass the leading equality alone, these three
            // give what they give over the whole list.
            ListMethod::Count | ListMethod::Filter | ListMethod::Any => {
                let Some((left, right)) = leading_equality(arguments) else {
                    return Plan::Walk;
                };
                let item_side = |side: &Code| reads_only_the_item(side) && reads_slot(side, *slot);
                if item_side(left) && !reads_slot(right, *slot) {
                    Plan::Join {
                        scope: list.max(per_item(left)),
                        item_is_left: true,
                    }
                } else if item_side(right) && !reads_slot(left, *slot) {
                    Plan::Join {
                        scope: list.max(per_item(right)),
                        item_is_left: false,
                    }
                } else {
                    Plan::Walk
                }
            }
            _ => Plan::Walk,
        }
    }

    pub fn lookup(&self, list: &Code) -> Option<Arc<HashMap<Value, Value>>> {
        self.lookups.borrow().get(&(list as Address)).cloned()
    }

    pub fn store_lookup(
        &self,
        list: &Code,
        index: HashMap<Value, Value>,
    ) -> Arc<HashMap<Value, Value>> {
        let index = Arc::new(index);
        self.lookups
            .borrow_mut()
            .insert(list as Address, Arc::clone(&index));
        index
    }

    pub fn value(&self, code: &Code, cohort: Option<&Arc<[Value]>>) -> Option<Value> {
        cached(&self.values, code, cohort)
    }

    pub fn store_value(&self, code: &Code, cohort: Option<&Arc<[Value]>>, value: Value) {
        store(&self.values, code, cohort, value);
    }

    pub fn ranking(&self, code: &Code, cohort: Option<&Arc<[Value]>>) -> Option<Arc<Vec<Number>>> {
        cached(&self.rankings, code, cohort)
    }

    /// Stores the values a `rank_desc` compares, sorted from largest down.
    pub fn store_ranking(
        &self,
        code: &Code,
        cohort: Option<&Arc<[Value]>>,
        mut values: Vec<Number>,
    ) -> Arc<Vec<Number>> {
        values.sort_unstable_by(|a, b| b.cmp(a));
        store(&self.rankings, code, cohort, Arc::new(values))
    }

    pub fn join(&self, code: &Code, cohort: Option<&Arc<[Value]>>) -> Option<Groups> {
        cached(&self.joins, code, cohort)
    }

    pub fn store_join(
        &self,
        code: &Code,
        cohort: Option<&Arc<[Value]>>,
        groups: HashMap<Value, Arc<[Value]>>,
    ) -> Groups {
        store(&self.joins, code, cohort, Arc::new(groups))
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

/// The rank of `own` among values sorted from largest to smallest: one more
/// than the number of strictly larger values (standard competition rank).
pub(super) fn competition_rank(sorted_descending: &[Number], own: &Number) -> usize {
    sorted_descending.partition_point(|value| value > own) + 1
}

/// The two operands of a predicate's leading equality: the predicate is
/// `A == B`, or `A == B and …` with the `and`s nested to the left, which is
/// how `a and b and c` parses.
pub(super) fn leading_equality(arguments: &[Code]) -> Option<(&Code, &Code)> {
    let mut leading = arguments.first()?;
    while let CodeKind::Binary(BinaryOperator::And, left, _) = &leading.kind {
        leading = left;
    }
    match &leading.kind {
        CodeKind::Binary(BinaryOperator::Equal, left, right) => Some((left, right)),
        _ => None,
    }
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
