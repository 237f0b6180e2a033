//! The values that plans (`plans.rs`) compute once instead of once per
//! candidate, for one evaluation:
//!
//! - **lookups**: a keyed list that does not depend on the candidate gets a
//!   hash index from key to item;
//! - **values**: a list method whose value depends on nothing but the facts
//!   (or the facts and the cohort) is computed once per evaluation (or per
//!   cohort);
//! - **rankings**: `rank_desc` over such a list sorts the compared values
//!   once, and each candidate's rank is a binary search;
//! - **joins**: a join's list grouped by the tuple of its keys' item sides;
//! - **per key**: the value of a keyed join, or of a method over a keyed
//!   list, for each key met so far. It is computed when the first candidate
//!   with that key needs it, over that key's group, as walking would compute
//!   it for that candidate; so an error is met by the same candidate.
//!
//! The caches key nodes by address: the policy outlives the evaluation, so
//! addresses are stable. Candidates are evaluated on several threads, so
//! each cache is behind a lock; two threads that miss at once both compute
//! the same value and the second store changes nothing. Nothing here feeds
//! an output's order; the hash maps are only looked up.

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex, PoisonError};

use super::plans::{Address, AddressMap, Planner};
use crate::number::Number;
use crate::outcome::Name;
use crate::policy::Code;
use crate::value::Value;

/// The cohort an entry was computed for (none when facts-scoped); only
/// compared by address, never read.
#[derive(Clone)]
struct Cohort(Option<Arc<[Value]>>);

impl Cohort {
    fn of(peers: Option<&Arc<[Value]>>) -> Self {
        Cohort(peers.cloned())
    }

    fn is(&self, peers: Option<&Arc<[Value]>>) -> bool {
        match (&self.0, peers) {
            (None, None) => true,
            (Some(cached), Some(peers)) => Arc::ptr_eq(cached, peers),
            _ => false,
        }
    }
}

/// A key tuple: the values of a join's item sides, in predicate order.
pub(super) type JoinKey = Vec<Value>;
/// A list's items grouped by a join's key, each group in list order.
pub(super) type Groups = Arc<HashMap<JoinKey, Arc<[Value]>>>;

fn node(code: &Code) -> Address {
    Address::of(code)
}

/// Per call, the cohort it was computed for and the value.
struct PerCall<T>(Mutex<AddressMap<(Cohort, T)>>);

impl<T: Clone> PerCall<T> {
    fn get(&self, code: &Code, peers: Option<&Arc<[Value]>>) -> Option<T> {
        match lock(&self.0).get(&node(code)) {
            Some((cohort, value)) if cohort.is(peers) => Some(value.clone()),
            _ => None,
        }
    }

    fn store(&self, code: &Code, peers: Option<&Arc<[Value]>>, value: T) -> T {
        lock(&self.0).insert(node(code), (Cohort::of(peers), value.clone()));
        value
    }
}

impl<T> Default for PerCall<T> {
    fn default() -> Self {
        PerCall(Mutex::default())
    }
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    // Each entry is inserted whole, so a lock poisoned by a panic on
    // another thread still holds good entries.
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

/// The caches of one evaluation, and the policy's plans. Cohort-scoped
/// entries remember the cohort they were computed for and are recomputed
/// for another.
pub(super) struct Indexes<'a> {
    pub planner: &'a Planner<'a>,
    lookups: Mutex<AddressMap<Arc<HashMap<Value, Value>>>>,
    values: PerCall<Value>,
    rankings: PerCall<Arc<Vec<Number>>>,
    joins: PerCall<Groups>,
    per_key: PerCall<Arc<Mutex<HashMap<JoinKey, Value>>>>,
    /// The clauses and rule names of findings, held once: a rule that
    /// fires for most of 100,000 candidates would otherwise copy its texts
    /// into every finding.
    names: Mutex<HashSet<Name>>,
}

/// The cohort an entry of `scope` belongs to: none for facts-scoped entries.
pub(super) fn cohort_of(
    scope: super::plans::Scope,
    peers: Option<&Arc<[Value]>>,
) -> Option<&Arc<[Value]>> {
    if scope == super::plans::Scope::Cohort {
        peers
    } else {
        None
    }
}

impl<'a> Indexes<'a> {
    pub fn new(planner: &'a Planner<'a>) -> Self {
        Indexes {
            planner,
            lookups: Mutex::default(),
            values: PerCall::default(),
            rankings: PerCall::default(),
            joins: PerCall::default(),
            per_key: PerCall::default(),
            names: Mutex::default(),
        }
    }

    /// `text` as a name shared with every equal one asked for before.
    pub fn name(&self, text: String) -> Name {
        let mut names = lock(&self.names);
        if let Some(name) = names.get(text.as_str()) {
            return name.clone();
        }
        let name = Name::from(text);
        names.insert(name.clone());
        name
    }

    pub fn lookup(&self, list: &Code) -> Option<Arc<HashMap<Value, Value>>> {
        lock(&self.lookups).get(&node(list)).cloned()
    }

    pub fn store_lookup(
        &self,
        list: &Code,
        index: HashMap<Value, Value>,
    ) -> Arc<HashMap<Value, Value>> {
        let index = Arc::new(index);
        lock(&self.lookups).insert(node(list), Arc::clone(&index));
        index
    }

    pub fn value(&self, code: &Code, cohort: Option<&Arc<[Value]>>) -> Option<Value> {
        self.values.get(code, cohort)
    }

    pub fn store_value(&self, code: &Code, cohort: Option<&Arc<[Value]>>, value: Value) {
        self.values.store(code, cohort, value);
    }

    pub fn ranking(&self, code: &Code, cohort: Option<&Arc<[Value]>>) -> Option<Arc<Vec<Number>>> {
        self.rankings.get(code, cohort)
    }

    /// Stores the values a `rank_desc` compares, sorted from largest down.
    pub fn store_ranking(
        &self,
        code: &Code,
        cohort: Option<&Arc<[Value]>>,
        mut values: Vec<Number>,
    ) -> Arc<Vec<Number>> {
        values.sort_unstable_by(|a, b| b.cmp(a));
        self.rankings.store(code, cohort, Arc::new(values))
    }

    pub fn join(&self, code: &Code, cohort: Option<&Arc<[Value]>>) -> Option<Groups> {
        self.joins.get(code, cohort)
    }

    pub fn store_join(
        &self,
        code: &Code,
        cohort: Option<&Arc<[Value]>>,
        groups: HashMap<JoinKey, Arc<[Value]>>,
    ) -> Groups {
        self.joins.store(code, cohort, Arc::new(groups))
    }

    /// The value of the keyed call `code` for `key`, if computed already.
    pub fn keyed(
        &self,
        code: &Code,
        cohort: Option<&Arc<[Value]>>,
        key: &[Value],
    ) -> Option<Value> {
        let values = self.per_key.get(code, cohort)?;
        let values = lock(&values);
        values.get(key).cloned()
    }

    pub fn store_keyed(
        &self,
        code: &Code,
        cohort: Option<&Arc<[Value]>>,
        key: JoinKey,
        value: Value,
    ) {
        let values = match self.per_key.get(code, cohort) {
            Some(values) => values,
            None => self.per_key.store(code, cohort, Arc::new(Mutex::default())),
        };
        lock(&values).insert(key, value);
    }
}

/// The rank of `own` among values sorted from largest to smallest: one more
/// than the number of strictly larger values (standard competition rank).
pub(super) fn competition_rank(sorted_descending: &[Number], own: &Number) -> usize {
    sorted_descending.partition_point(|value| value > own) + 1
}
