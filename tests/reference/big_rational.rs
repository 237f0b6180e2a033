//! The reference's number type for the differential test: big rationals
//! from `num_rational`, which share nothing with `kaoping::Number`.

use num_bigint::BigInt;
use num_integer::Integer;
use num_rational::BigRational;
use num_traits::{Signed, Zero};

/// An exact rational: every value of the spec behaves as one ("Arithmetic is exact").
pub type Q = BigRational;

pub fn int(value: u64) -> Q {
    Q::from_integer(BigInt::from(value))
}

pub fn ratio(numerator: u64, denominator: u64) -> Q {
    Q::new(BigInt::from(numerator), BigInt::from(denominator))
}

/// Reads decimal text digit by digit (`"-12.050"`), or a fraction `p/q`, so
/// that no value ever passes through a float ("Numbers … are read exactly from
/// their text").
pub fn parse_exact(text: &str) -> Option<Q> {
    let text = text.trim();
    if let Some((numerator, denominator)) = text.split_once('/') {
        let numerator: BigInt = numerator.trim().parse().ok()?;
        let denominator: BigInt = denominator.trim().parse().ok()?;
        return (!denominator.is_zero()).then(|| Q::new(numerator, denominator));
    }
    let (negative, unsigned) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text.strip_prefix('+').unwrap_or(text)),
    };
    let (whole, fraction) = unsigned.split_once('.').unwrap_or((unsigned, ""));
    let all_digits = |s: &str| s.chars().all(|c| c.is_ascii_digit());
    if whole.is_empty() && fraction.is_empty() || !all_digits(whole) || !all_digits(fraction) {
        return None;
    }
    let digits: BigInt = format!("{whole}{fraction}").parse().ok()?;
    let scale = BigInt::from(10u8).pow(fraction.len() as u32);
    let value = Q::new(digits, scale);
    Some(if negative { -value } else { value })
}

/// "Each indicator score is rounded to 2 decimal places, half away from zero
/// (四舍五入), after all of its own arithmetic."
pub fn round2(value: &Q) -> Q {
    let hundred = BigInt::from(100u8);
    let scaled = value * Q::from_integer(hundred.clone());
    let (numerator, denominator) = (scaled.numer().abs(), scaled.denom().clone());
    // |x|·100 + ½, floored: halves go up in magnitude, i.e. away from zero.
    let magnitude = (numerator * 2u8 + &denominator).div_floor(&(denominator * 2u8));
    let signed = if value.is_negative() {
        -magnitude
    } else {
        magnitude
    };
    Q::new(signed, hundred)
}

/// Two-place text of a value that is already rounded to two places (`"28.00"`),
/// the form of the results contract.
pub fn fixed2(value: &Q) -> String {
    let cents = value * Q::from_integer(BigInt::from(100u8));
    assert!(cents.is_integer(), "{value} is not rounded to two places");
    let cents = cents.to_integer();
    let sign = if cents.is_negative() { "-" } else { "" };
    let digits = format!("{:0>3}", cents.abs());
    let (whole, fraction) = digits.split_at(digits.len() - 2);
    format!("{sign}{whole}.{fraction}")
}

/// Facts are YAML here: a decimal is read from its scalar's text.
pub const DECIMALS_AS_JSON_NUMBERS: bool = false;
