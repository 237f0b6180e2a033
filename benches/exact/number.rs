//! The reference's number type for the benchmarks: `kaoping::Number`, the
//! interpreter's own, so that reference and interpreter do the same
//! arithmetic and their ratio measures interpretation alone.

use kaoping::ast::RoundingMode;
use kaoping::Number;

#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Q(pub Number);

crate::number_operators!(
    Q,
    |a: &Number, b: &Number| a.add(b),
    |a: &Number, b: &Number| a.subtract(b),
    |a: &Number, b: &Number| a.multiply(b),
    |a: &Number, b: &Number| a.divide(b).expect("the reference never divides by zero")
);

impl num_traits::Zero for Q {
    fn zero() -> Self {
        Q(Number::zero())
    }
    fn is_zero(&self) -> bool {
        self.0.is_zero()
    }
}

impl Q {
    pub fn floor(&self) -> Q {
        Q(self.0.round_down())
    }
}

pub fn int(value: u64) -> Q {
    Q(Number::from_integer(i128::from(value)))
}

pub fn ratio(numerator: u64, denominator: u64) -> Q {
    int(numerator) / int(denominator)
}

pub fn parse_exact(text: &str) -> Option<Q> {
    Number::parse_decimal(text).map(Q)
}

pub fn round2(value: &Q) -> Q {
    Q(value.0.round(2, RoundingMode::HalfAwayFromZero))
}

pub fn fixed2(value: &Q) -> String {
    value.0.to_fixed(2)
}

/// Facts are YAML here: a decimal is read from its scalar's text.
pub const DECIMALS_AS_JSON_NUMBERS: bool = false;
