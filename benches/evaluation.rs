//! Benchmarks, each measured side by side with its baseline in one run:
//! - the exact number type (i128 rationals that fall back to big integers)
//!   against big-integer rationals only, on the arithmetic the 2019 rules do;
//! - policy load (parse + check) and evaluation of the bundled examples.
//!
//! Run with `cargo bench`; compare the ratios, not the absolute times.

use std::hint::black_box;
use std::path::Path;

use criterion::{criterion_group, criterion_main, Criterion};
use kaoping::Number;
use num_bigint::BigInt;
use num_rational::BigRational;

/// The shape of the 2019 arithmetic: shares of provincial totals averaged,
/// thresholds compared, rank scores 10 × (N − r + 1) ÷ N, and a 20/30 scale.
fn workload_exact(values: &[(i64, i64, i64)]) -> Number {
    let total_units = Number::from_integer(1300);
    let total_emissions = Number::parse_decimal("98000.5").unwrap();
    let two = Number::from_integer(2);
    let n = Number::from_integer(values.len() as i128);
    let mut sum = Number::zero();
    for (index, (units, emissions, cases)) in values.iter().enumerate() {
        let ratio = Number::from_integer(*units as i128)
            .divide(&total_units)
            .unwrap()
            .add(
                &Number::from_integer(*emissions as i128)
                    .divide(&total_emissions)
                    .unwrap(),
            )
            .divide(&two)
            .unwrap();
        let baseline = Number::from_integer(5200).multiply(&ratio);
        let half = baseline.divide(&two).unwrap();
        let met = Number::from_integer(*cases as i128) > half;
        let rank = Number::from_integer(index as i128 + 1);
        let satisfaction = Number::from_integer(10)
            .multiply(&n.subtract(&rank).add(&Number::from_integer(1)))
            .divide(&n)
            .unwrap();
        let scaled = satisfaction
            .multiply(&Number::from_integer(20))
            .divide(&Number::from_integer(30))
            .unwrap();
        sum = sum.add(&scaled.round(2, kaoping::ast::RoundingMode::HalfAwayFromZero));
        if met {
            sum = sum.add(&Number::from_integer(5));
        }
    }
    sum
}

fn big(value: i64) -> BigRational {
    BigRational::from_integer(BigInt::from(value))
}

fn workload_big(values: &[(i64, i64, i64)]) -> BigRational {
    let total_units = big(1300);
    let total_emissions = BigRational::new(BigInt::from(980005), BigInt::from(10));
    let two = big(2);
    let n = big(values.len() as i64);
    let hundred = big(100);
    let mut sum = big(0);
    for (index, (units, emissions, cases)) in values.iter().enumerate() {
        let ratio = (big(*units) / &total_units + big(*emissions) / &total_emissions) / &two;
        let baseline = big(5200) * ratio;
        let met = big(*cases) > baseline / &two;
        let rank = big(index as i64 + 1);
        let satisfaction = big(10) * (&n - rank + big(1)) / &n;
        let scaled = satisfaction * big(20) / big(30);
        // Half away from zero at 2 places, as the policy declares.
        let cents =
            (scaled * &hundred + BigRational::new(BigInt::from(1), BigInt::from(2))).floor();
        sum += cents / &hundred;
        if met {
            sum += big(5);
        }
    }
    sum
}

fn number_type(c: &mut Criterion) {
    let values: Vec<(i64, i64, i64)> = (0..200)
        .map(|i| (i * 7 % 150, i * 131 % 12000, i * 37 % 900))
        .collect();
    let mut group = c.benchmark_group("number type (200 candidates)");
    group.bench_function("kaoping::Number (i128, big fallback)", |b| {
        b.iter(|| workload_exact(black_box(&values)))
    });
    group.bench_function("BigRational only", |b| {
        b.iter(|| workload_big(black_box(&values)))
    });
    group.finish();
}

fn read(path: &str) -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(path)).unwrap()
}

fn policies(c: &mut Criterion) {
    let collective = read("policies/jiangxi-2019/collective.kp");
    let individual = read("policies/jiangxi-2019/individual.kp");
    let mut group = c.benchmark_group("policy load (parse + check)");
    group.bench_function("collective.kp", |b| {
        b.iter(|| kaoping::load_policy("c", black_box(&collective)).unwrap())
    });
    group.bench_function("individual.kp", |b| {
        b.iter(|| kaoping::load_policy("i", black_box(&individual)).unwrap())
    });
    group.finish();

    let policy = kaoping::load_policy("c", &collective).unwrap().policy;
    let facts_text = read("examples/jiangxi-2019/collectives.yaml");
    let facts = policy.load_facts("f", &facts_text).unwrap();
    let mut group = c.benchmark_group("collective example (31 candidates)");
    group.bench_function("load facts", |b| {
        b.iter(|| policy.load_facts("f", black_box(&facts_text)).unwrap())
    });
    group.bench_function("evaluate", |b| {
        b.iter(|| policy.evaluate(black_box(&facts)).unwrap())
    });
    group.bench_function("evaluate with the explain ledger", |b| {
        b.iter(|| policy.explain(black_box(&facts)).unwrap())
    });
    group.finish();
}

criterion_group!(benches, number_type, policies);
criterion_main!(benches);
