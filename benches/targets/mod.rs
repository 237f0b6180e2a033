//! The benchmarks of issue 16's targets, each printing the ratio it is about
//! after its group (criterion measures each arm; the ratio of medians is
//! printed as `ratio: …`):
//!
//! - scaling: evaluation alone (facts loaded outside the timed part) of each
//!   size in `sizes()`, both policies, candidates over 11 cities and over 1,
//!   single-threaded; ratio cost(largest) ÷ cost(smallest);
//! - end-to-end from JSON: load the JSON facts, evaluate, write the JSON
//!   results, against a native program (serde_json into the reference's own
//!   structs, `tests/reference/`, and its scorer), both single-threaded;
//! - parallel speed-up: evaluation in a one-thread pool against the default
//!   pool (all cores).
//!
//! Sizes: 10,000, plus 100,000 with `KAOPING_BENCH_100K=1`; or exactly the
//! list in `KAOPING_BENCH_SIZES` (`KAOPING_BENCH_SIZES=2000,20000`), which
//! keeps the harness usable where an evaluator is still quadratic.

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::hint::black_box;
use std::time::{Duration, Instant};

use criterion::{BenchmarkId, Criterion};
use serde::Serialize;

use super::{generate, on_json, policy};

/// The sizes of this run (see the module's comment).
pub fn sizes() -> Vec<usize> {
    if let Ok(list) = std::env::var("KAOPING_BENCH_SIZES") {
        let sizes: Vec<usize> = list
            .split(',')
            .map(|size| {
                size.trim().parse().unwrap_or_else(|_| {
                    panic!("KAOPING_BENCH_SIZES is a comma-separated list of whole numbers, not `{list}`")
                })
            })
            .collect();
        assert!(!sizes.is_empty(), "KAOPING_BENCH_SIZES names no size");
        return sizes;
    }
    let mut sizes = vec![10_000];
    if std::env::var_os("KAOPING_BENCH_100K").is_some() {
        sizes.push(100_000);
    }
    sizes
}

/// A pool of one thread: `pool.install(|| policy.evaluate(…))` measures the
/// evaluator single-threaded even once it runs candidates on rayon's pool.
pub fn single_thread() -> rayon::ThreadPool {
    rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build()
        .expect("a one-thread pool can be built")
}

/// Per-iteration times of each arm, kept beside criterion's own statistics
/// so that the group can print the ratio it is about.
#[derive(Default)]
struct Times(RefCell<BTreeMap<String, Vec<Duration>>>);

impl Times {
    /// Times `routine` for criterion and keeps each sample's time per call.
    fn measure<R>(
        &self,
        bencher: &mut criterion::Bencher,
        arm: &str,
        mut routine: impl FnMut() -> R,
    ) {
        bencher.iter_custom(|iterations| {
            let start = Instant::now();
            for _ in 0..iterations {
                black_box(routine());
            }
            let elapsed = start.elapsed();
            self.0
                .borrow_mut()
                .entry(arm.to_owned())
                .or_default()
                .push(elapsed / iterations.max(1) as u32);
            elapsed
        });
    }

    fn median(&self, arm: &str) -> Option<Duration> {
        let mut times = self.0.borrow().get(arm)?.clone();
        times.sort();
        times.get(times.len() / 2).copied()
    }

    /// Prints `numerator ÷ denominator` of the medians, as the line BENCHMARKS.md quotes.
    fn ratio(&self, what: &str, numerator: &str, denominator: &str) {
        if let (Some(top), Some(bottom)) = (self.median(numerator), self.median(denominator)) {
            println!(
                "ratio: {what}: {numerator} ÷ {denominator} = {:.2} ({top:.3?} ÷ {bottom:.3?}, medians)",
                top.as_secs_f64() / bottom.as_secs_f64()
            );
        }
    }
}

const POLICIES: [(&str, &str); 2] = [
    ("collective", "policies/jiangxi-2019/collective.kp"),
    ("individual", "policies/jiangxi-2019/individual.kp"),
];

fn facts_yaml(part: &str, size: usize, seed: u64, cities: Option<usize>) -> String {
    if part == "collective" {
        generate::collectives_over(size, seed, cities)
    } else {
        generate::individuals_over(size, seed, cities)
    }
}

/// cost(large) ÷ cost(small) of evaluation, for both policies and both hard
/// distributions (issue 16 target: ≤ 11 for 100k ÷ 10k).
pub fn scaling(c: &mut Criterion) {
    let sizes = sizes();
    let single = single_thread();
    for (part, path) in POLICIES {
        let policy = policy(path);
        for cities in [11, 1] {
            let place = if cities == 1 { "city" } else { "cities" };
            let name = format!("scaling, {part} over {cities} {place}");
            let times = Times::default();
            let mut group = c.benchmark_group(&name);
            group.sample_size(10);
            group.warm_up_time(Duration::from_millis(100));
            for &size in &sizes {
                // Facts are loaded outside the timed part, one size at a time.
                let facts = policy
                    .load_facts("facts.yaml", &facts_yaml(part, size, 1, Some(cities)))
                    .unwrap();
                let arm = format!("evaluate {size}");
                group.bench_function(BenchmarkId::new("evaluate", size), |b| {
                    times.measure(b, &arm, || {
                        single.install(|| policy.evaluate(black_box(&facts)).unwrap())
                    })
                });
            }
            group.finish();
            let (smallest, largest) = (sizes.iter().min(), sizes.iter().max());
            // One size has no ratio to print.
            if let (Some(smallest), Some(largest), true) = (smallest, largest, sizes.len() > 1) {
                times.ratio(
                    &format!("{name}, ×{} candidates", largest / smallest.max(&1)),
                    &format!("evaluate {largest}"),
                    &format!("evaluate {smallest}"),
                );
            }
        }
    }
}

/// JSON facts, read by kaoping's JSON intake (the same validation as YAML).
fn load_json_facts(policy: &kaoping::Policy, name: &str, text: &str) -> kaoping::Facts {
    policy.load_facts_json(name, text).unwrap()
}

/// The native program's results, in the shape of the results contract's
/// essentials: what it decided about each candidate.
#[derive(Serialize)]
struct NativeResult<'a> {
    id: &'a str,
    status: &'a str,
    rank: Option<u32>,
    total: Option<String>,
    indicators: BTreeMap<&'static str, Option<String>>,
    national: Option<bool>,
}

fn native_results(verdicts: &[on_json::reference::Verdict]) -> Vec<u8> {
    let results: Vec<NativeResult> = verdicts
        .iter()
        .map(|verdict| NativeResult {
            id: &verdict.id,
            status: verdict.status,
            rank: verdict.rank,
            total: verdict.total.as_ref().map(on_json::reference::fixed2),
            indicators: verdict
                .indicators
                .iter()
                .map(|indicator| {
                    (
                        indicator.id,
                        indicator.rounded().as_ref().map(on_json::reference::fixed2),
                    )
                })
                .collect(),
            national: verdict.national,
        })
        .collect();
    let mut bytes = Vec::new();
    serde_json::to_writer_pretty(&mut bytes, &results).unwrap();
    bytes
}

/// Before timing: the native program reads the JSON to the same decisions
/// as kaoping (status and rank of every candidate), so both do the same work.
fn agree(policy: &kaoping::Policy, json: &str, part: &str) {
    let outcome = policy
        .evaluate(&load_json_facts(policy, "facts.json", json))
        .unwrap();
    let verdicts = if part == "collective" {
        on_json::reference::collective::evaluate(&serde_json::from_str(json).unwrap())
    } else {
        on_json::reference::individual::evaluate(&serde_json::from_str(json).unwrap())
    };
    assert_eq!(verdicts.len(), outcome.candidates.len());
    for (verdict, candidate) in verdicts.iter().zip(&outcome.candidates) {
        assert_eq!(
            (verdict.status, verdict.rank),
            (candidate.status.as_str(), candidate.rank),
            "the native program disagrees with the policy on {}",
            verdict.id
        );
    }
}

/// JSON facts → evaluation → JSON results, kaoping against the native
/// program, both single-threaded (issue 16 target: ≤ 2× at 100k).
pub fn end_to_end_json(c: &mut Criterion) {
    let single = single_thread();
    for (part, path) in POLICIES {
        let policy_text = super::read(path);
        let name = format!("end-to-end from JSON, {part}");
        let times = Times::default();
        let mut group = c.benchmark_group(&name);
        group.sample_size(10);
        group.warm_up_time(Duration::from_millis(100));
        for size in sizes() {
            let json = generate::to_json(&facts_yaml(part, size, 2019, None));
            agree(&policy(path), &json, part);
            let kaoping_arm = format!("kaoping {size}");
            group.bench_with_input(BenchmarkId::new("kaoping", size), &json, |b, json| {
                times.measure(b, &kaoping_arm, || {
                    single.install(|| {
                        let policy = kaoping::load_policy(path, &policy_text).unwrap().policy;
                        let facts = load_json_facts(&policy, "facts.json", black_box(json));
                        let outcome = policy.evaluate(&facts).unwrap();
                        let mut bytes = Vec::new();
                        kaoping::render::write_json(&policy, &outcome, &mut bytes).unwrap();
                        bytes
                    })
                })
            });
            let native_arm = format!("native {size}");
            group.bench_with_input(BenchmarkId::new("native", size), &json, |b, json| {
                times.measure(b, &native_arm, || {
                    let verdicts = if part == "collective" {
                        let facts: on_json::reference::collective::Facts =
                            serde_json::from_str(black_box(json)).unwrap();
                        on_json::reference::collective::evaluate(&facts)
                    } else {
                        let facts: on_json::reference::individual::Facts =
                            serde_json::from_str(black_box(json)).unwrap();
                        on_json::reference::individual::evaluate(&facts)
                    };
                    native_results(&verdicts)
                })
            });
            times.ratio(&name, &kaoping_arm, &native_arm);
        }
        group.finish();
    }
}

/// Evaluation on all cores against one thread, same facts (issue 16 target:
/// ≥ 1.7× on 2 cores at 100k). The generator's usual distribution, so the
/// speed-up does not depend on how a city's join is evaluated.
pub fn parallel(c: &mut Criterion) {
    let single = single_thread();
    for (part, path) in POLICIES {
        let policy = policy(path);
        let name = format!("parallel evaluation, {part}");
        let times = Times::default();
        let mut group = c.benchmark_group(&name);
        group.sample_size(10);
        group.warm_up_time(Duration::from_millis(100));
        for size in sizes() {
            let facts = policy
                .load_facts("facts.yaml", &facts_yaml(part, size, 1, None))
                .unwrap();
            let one = format!("1 thread {size}");
            group.bench_function(BenchmarkId::new("1 thread", size), |b| {
                times.measure(b, &one, || {
                    single.install(|| policy.evaluate(black_box(&facts)).unwrap())
                })
            });
            let all = format!("all cores {size}");
            group.bench_function(BenchmarkId::new("all cores", size), |b| {
                times.measure(b, &all, || policy.evaluate(black_box(&facts)).unwrap())
            });
            times.ratio(&format!("{name}, speed-up"), &one, &all);
        }
        group.finish();
    }
}
