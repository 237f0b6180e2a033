//! Reading facts (issue 16 §4), side by side in one run: kaoping's YAML and
//! JSON loaders on the same generated facts, and each syntax's bare parser
//! skipping every value (`IgnoredAny`), the floor under each loader.
//! Criterion reports each as bytes per second of its own text; BENCHMARKS.md
//! reports the ratios.
//!
//! `cargo bench --bench facts_reading`; the 10,000-candidate size (23 MB of
//! YAML) with `KAOPING_BENCH_10K=1`.

use std::hint::black_box;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use serde::de::IgnoredAny;

#[path = "../examples/generate.rs"]
mod generate;

/// The reader's options as kaoping's loader sets them (`facts/yaml.rs`):
/// limits that grow with the text.
fn options(text: &str) -> serde_saphyr::Options {
    let defaults = serde_saphyr::Budget::default();
    serde_saphyr::options! {
        budget: serde_saphyr::budget! {
            max_nodes: defaults.max_nodes.max(text.len()),
            max_events: defaults.max_events.max(2 * text.len()),
            max_total_scalar_bytes: defaults.max_total_scalar_bytes.max(text.len()),
        },
    }
}

/// The same facts as JSON, written compactly as a program would send them.
/// The generator writes whole numbers and short decimals, which pass
/// through `f64` unchanged.
fn as_json(yaml: &str) -> String {
    let value: serde_json::Value =
        serde_saphyr::from_str_with_options(yaml, options(yaml)).expect("generated facts load");
    serde_json::to_string(&value).expect("a JSON value writes")
}

fn reading(c: &mut Criterion) {
    let path = "policies/jiangxi-2019/collective.kp";
    let source = std::fs::read_to_string(path).expect("the 2019 policy is in the repository");
    let policy = kaoping::load_policy(path, &source).expect("checks").policy;
    let mut sizes = vec![1_000];
    if std::env::var_os("KAOPING_BENCH_10K").is_some() {
        sizes.push(10_000);
    }
    for size in sizes {
        let yaml = generate::collectives(size, 2019);
        let json = as_json(&yaml);
        let language = kaoping::messages::Language::English;
        // The two loaders must read the same facts for the ratio to mean anything.
        let from_yaml = policy.load_facts("facts.yaml", &yaml).expect("YAML loads");
        let from_json = kaoping::facts::load_json_in(&policy, "facts.json", &json, language)
            .expect("JSON loads");
        assert_eq!(
            format!("{:?}", from_yaml.root),
            format!("{:?}", from_json.root)
        );

        let mut group = c.benchmark_group(format!("reading facts, {size} candidates"));
        group.sample_size(10);
        group.warm_up_time(Duration::from_millis(500));
        group.throughput(Throughput::Bytes(yaml.len() as u64));
        group.bench_with_input(BenchmarkId::new("YAML", "kaoping"), &yaml, |b, yaml| {
            b.iter(|| policy.load_facts("facts.yaml", black_box(yaml)).unwrap())
        });
        group.bench_with_input(
            BenchmarkId::new("YAML", "serde-saphyr skipping"),
            &yaml,
            |b, yaml| {
                b.iter(|| {
                    serde_saphyr::from_str_with_options::<IgnoredAny>(
                        black_box(yaml),
                        options(yaml),
                    )
                    .unwrap()
                })
            },
        );
        group.throughput(Throughput::Bytes(json.len() as u64));
        group.bench_with_input(BenchmarkId::new("JSON", "kaoping"), &json, |b, json| {
            b.iter(|| {
                kaoping::facts::load_json_in(&policy, "facts.json", black_box(json), language)
                    .unwrap()
            })
        });
        group.bench_with_input(
            BenchmarkId::new("JSON", "serde_json skipping"),
            &json,
            |b, json| b.iter(|| serde_json::from_str::<IgnoredAny>(black_box(json)).unwrap()),
        );
        group.finish();
    }
}

criterion_group!(benches, reading);
criterion_main!(benches);
