//! The reference's number type for the benchmarks' baseline of plain
//! `rust_decimal`: 28 significant digits, so ÷ 3 rounds where an exact
//! rational does not. It measures what exactness costs, nothing more.

use rust_decimal::prelude::*;
use rust_decimal::RoundingStrategy;

#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Q(pub Decimal);

crate::number_operators!(
    Q,
    |a: &Decimal, b: &Decimal| a + b,
    |a: &Decimal, b: &Decimal| a - b,
    |a: &Decimal, b: &Decimal| a * b,
    |a: &Decimal, b: &Decimal| a / b
);

impl num_traits::Zero for Q {
    fn zero() -> Self {
        Q(Decimal::ZERO)
    }
    fn is_zero(&self) -> bool {
        self.0.is_zero()
    }
}

impl Q {
    pub fn floor(&self) -> Q {
        Q(self.0.floor())
    }
}

pub fn int(value: u64) -> Q {
    Q(Decimal::from(value))
}

pub fn ratio(numerator: u64, denominator: u64) -> Q {
    int(numerator) / int(denominator)
}

pub fn parse_exact(text: &str) -> Option<Q> {
    Decimal::from_str_exact(text.trim()).ok().map(Q)
}

pub fn round2(value: &Q) -> Q {
    Q(value
        .0
        .round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero))
}

pub fn fixed2(value: &Q) -> String {
    format!("{:.2}", round2(value).0)
}

/// Facts are YAML here: a decimal is read from its scalar's text.
pub const DECIMALS_AS_JSON_NUMBERS: bool = false;
