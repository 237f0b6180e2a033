//! Exact numbers: rationals over `i128` that move to big integers when an
//! operation would overflow, so no result depends on the order of operations
//! and nothing is rounded unless the policy says so.
//!
//! Decimal text is read digit by digit (never through `f64`) and printed with
//! a declared number of places.

use std::cmp::Ordering;
use std::fmt;
use std::num::NonZeroU32;

use num_bigint::BigInt;
use num_integer::Integer;
use num_rational::{BigRational, Ratio};
use num_traits::{CheckedAdd, CheckedDiv, CheckedMul, CheckedSub, One, Signed, ToPrimitive, Zero};

use crate::ast::RoundingMode;

/// The places a number without a finite decimal expansion is shown to in
/// messages: two, as scores are.
pub const MESSAGE_PLACES: u32 = 2;

/// The places `explain` shows a number without a finite decimal expansion
/// to: four, as it traces arithmetic before any rounding.
pub const EXPLAIN_PLACES: u32 = 4;

/// The most places [`Number::to_decimal_string`] goes to in search of a digit
/// other than 0.
const MAX_APPROXIMATE_PLACES: u32 = 40;

/// An exact rational number. Equality, order and hashing are by value, whatever
/// the representation, so `0.5` and `1/2` are the same number.
///
/// Facts hold hundreds of numbers per candidate, so the common case is kept
/// in 16 bytes: a numerator that fits 64 bits over a denominator that fits
/// 32 (decimals up to nine places). Larger values are boxed; arithmetic runs
/// in `i128` either way.
#[derive(Clone)]
pub struct Number(Repr);

/// Each value has exactly one representation (the smallest it fits), so
/// equal numbers have equal representations and hash the same.
#[derive(Clone)]
enum Repr {
    /// Reduced, with a positive denominator. The spare word's one valid
    /// value leaves the rest for tags: the other variant's, and `Option`'s,
    /// so that an `Option<Number>` is two words as well.
    Compact {
        numerator: i64,
        denominator: NonZeroU32,
        // Never read: it is there for the values it cannot hold.
        #[allow(dead_code)]
        spare: Spare,
    },
    Large(Box<Large>),
}

/// A field with a single valid value, whose other values tag enums around it.
#[derive(Clone, Copy)]
#[repr(u32)]
enum Spare {
    Zero = 0,
}

#[derive(Clone)]
enum Large {
    /// Reduced, denominator positive, and not fitting [`Repr::Compact`].
    Small(Ratio<i128>),
    /// Beyond `i128`.
    Big(BigRational),
}

impl Number {
    /// The number 0.
    pub fn zero() -> Self {
        Number::from_integer(0)
    }

    /// The integer `value`, exactly.
    pub fn from_integer(value: i128) -> Self {
        Number::from_reduced(value, 1)
    }

    /// A reduced fraction with a positive denominator, in the smallest form it fits.
    fn from_reduced(numerator: i128, denominator: i128) -> Self {
        match (i64::try_from(numerator), u32::try_from(denominator)) {
            (Ok(numerator), Ok(denominator)) => match NonZeroU32::new(denominator) {
                Some(denominator) => Number(Repr::Compact {
                    numerator,
                    denominator,
                    spare: Spare::Zero,
                }),
                None => unreachable!("a reduced fraction has a denominator"),
            },
            _ => Number(Repr::Large(Box::new(Large::Small(Ratio::new_raw(
                numerator,
                denominator,
            ))))),
        }
    }

    /// `value` (reduced, as `Ratio` keeps it) in the smallest form it fits.
    fn from_small(value: Ratio<i128>) -> Self {
        let (numerator, denominator) = value.into_raw();
        Number::from_reduced(numerator, denominator)
    }

    /// The numerator and (positive) denominator, when both fit `i128`.
    fn parts(&self) -> Option<(i128, i128)> {
        match &self.0 {
            Repr::Compact {
                numerator,
                denominator,
                ..
            } => Some((i128::from(*numerator), i128::from(denominator.get()))),
            Repr::Large(large) => match &**large {
                Large::Small(value) => Some((*value.numer(), *value.denom())),
                Large::Big(_) => None,
            },
        }
    }

    /// The value as an `i128` rational, when it fits one.
    fn small(&self) -> Option<Ratio<i128>> {
        self.parts()
            .map(|(numerator, denominator)| Ratio::new_raw(numerator, denominator))
    }

    /// The value when it does not fit `i128`.
    fn big(&self) -> Option<&BigRational> {
        match &self.0 {
            Repr::Large(large) => match &**large {
                Large::Big(value) => Some(value),
                Large::Small(_) => None,
            },
            Repr::Compact { .. } => None,
        }
    }

    /// Parses `-12`, `3.50`, `0.125` exactly. Exponents and other forms are
    /// rejected so that a facts file cannot smuggle in `1e3` or `.5`.
    pub fn parse_decimal(text: &str) -> Option<Self> {
        let text = text.trim();
        let (negative, digits) = match text.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, text),
        };
        let (whole, fraction) = match digits.split_once('.') {
            Some((whole, fraction)) => (whole, fraction),
            None => (digits, ""),
        };
        let all_digits = |part: &str| part.bytes().all(|b| b.is_ascii_digit());
        if whole.is_empty() || !all_digits(whole) || !all_digits(fraction) {
            return None;
        }
        if digits.contains('.') && fraction.is_empty() {
            return None;
        }
        // Up to 36 digits fit an i128: read them without big integers.
        if whole.len() + fraction.len() <= 36 {
            let mut numerator: i128 = 0;
            for digit in whole.bytes().chain(fraction.bytes()) {
                numerator = numerator * 10 + i128::from(digit - b'0');
            }
            let numerator = if negative { -numerator } else { numerator };
            let denominator = 10i128.pow(fraction.len() as u32);
            return Some(Number::from_small(Ratio::new(numerator, denominator)));
        }
        let numerator: BigInt = format!("{whole}{fraction}").parse().ok()?;
        let denominator = BigInt::from(10u8).pow(fraction.len() as u32);
        let numerator = if negative { -numerator } else { numerator };
        Some(Number::from_big(BigRational::new(numerator, denominator)))
    }

    fn from_big(value: BigRational) -> Self {
        match (value.numer().to_i128(), value.denom().to_i128()) {
            (Some(numerator), Some(denominator)) => Number::from_reduced(numerator, denominator),
            _ => Number(Repr::Large(Box::new(Large::Big(value)))),
        }
    }

    fn to_big(&self) -> BigRational {
        match self.parts() {
            Some((numerator, denominator)) => {
                BigRational::new_raw(BigInt::from(numerator), BigInt::from(denominator))
            }
            None => self.big().expect("a number beyond i128 is big").clone(),
        }
    }

    fn combine(
        &self,
        other: &Number,
        small: impl Fn(&Ratio<i128>, &Ratio<i128>) -> Option<Ratio<i128>>,
        big: impl Fn(BigRational, BigRational) -> BigRational,
    ) -> Number {
        if let (Some(a), Some(b)) = (self.small(), other.small()) {
            if let Some(result) = small(&a, &b) {
                return Number::from_small(result);
            }
        }
        Number::from_big(big(self.to_big(), other.to_big()))
    }

    /// The exact sum; never overflows.
    pub fn add(&self, other: &Number) -> Number {
        if let Some(sum) = self.over_common_denominator(other, i128::checked_add) {
            return sum;
        }
        self.combine(other, |a, b| a.checked_add(b), |a, b| a + b)
    }

    /// The exact difference `self - other`; never overflows.
    pub fn subtract(&self, other: &Number) -> Number {
        if let Some(difference) = self.over_common_denominator(other, i128::checked_sub) {
            return difference;
        }
        self.combine(other, |a, b| a.checked_sub(b), |a, b| a - b)
    }

    /// The exact product; never overflows.
    pub fn multiply(&self, other: &Number) -> Number {
        if let (Some((a, 1)), Some((b, 1))) = (self.parts(), other.parts()) {
            // Whole numbers multiply without reducing: their product is whole.
            if let Some(product) = i128::checked_mul(a, b) {
                return Number::from_reduced(product, 1);
            }
        }
        self.combine(other, |a, b| a.checked_mul(b), |a, b| a * b)
    }

    /// Sums and differences of whole numbers, which most scores are, skip the
    /// general rational path: no common multiple to find and nothing to
    /// reduce, so no 128-bit division (the profile's largest arithmetic cost).
    fn over_common_denominator(
        &self,
        other: &Number,
        operation: impl Fn(i128, i128) -> Option<i128>,
    ) -> Option<Number> {
        match (self.parts(), other.parts()) {
            (Some((a, 1)), Some((b, 1))) => Some(Number::from_reduced(operation(a, b)?, 1)),
            _ => None,
        }
    }

    /// `None` when dividing by zero.
    pub fn divide(&self, other: &Number) -> Option<Number> {
        if other.is_zero() {
            return None;
        }
        Some(self.combine(other, |a, b| a.checked_div(b), |a, b| a / b))
    }

    /// The number with its sign flipped.
    pub fn negate(&self) -> Number {
        Number::zero().subtract(self)
    }

    /// Whether the number is exactly 0.
    pub fn is_zero(&self) -> bool {
        // 0 fits the compact form, so any other form is not 0.
        matches!(self.0, Repr::Compact { numerator: 0, .. })
    }

    /// Whether the number has no fractional part.
    pub fn is_integer(&self) -> bool {
        match (self.parts(), self.big()) {
            (Some((_, denominator)), _) => denominator == 1,
            (None, Some(value)) => value.is_integer(),
            (None, None) => unreachable!("a number is small or big"),
        }
    }

    /// Whether the number is strictly below 0.
    pub fn is_negative(&self) -> bool {
        match (self.parts(), self.big()) {
            (Some((numerator, _)), _) => numerator < 0,
            (None, Some(value)) => value.is_negative(),
            (None, None) => unreachable!("a number is small or big"),
        }
    }

    /// The integer part toward negative infinity.
    pub fn round_down(&self) -> Number {
        match self.small() {
            Some(value) => Number::from_small(value.floor()),
            None => Number::from_big(self.to_big().floor()),
        }
    }

    /// The largest number with at most `places` decimal places that is not
    /// above this one: rounds toward negative infinity, so 2.349 becomes
    /// 2.34 and -2.341 becomes -2.35.
    pub fn round_down_to(&self, places: u32) -> Number {
        if places == 0 {
            return self.round_down();
        }
        let scale = Number::from_big(BigRational::from_integer(BigInt::from(10u8).pow(places)));
        self.multiply(&scale)
            .round_down()
            .divide(&scale)
            .expect("a power of ten is not 0")
    }

    /// The smallest number with at most `places` decimal places that is not
    /// below this one: rounds toward positive infinity, so 2.341 becomes
    /// 2.35 and -2.349 becomes -2.34.
    pub fn round_up_to(&self, places: u32) -> Number {
        self.negate().round_down_to(places).negate()
    }

    /// The number as an integer; `None` when it has a fractional part or does not fit.
    pub fn to_i128(&self) -> Option<i128> {
        if !self.is_integer() {
            return None;
        }
        match self.parts() {
            Some((numerator, _)) => Some(numerator),
            None => self.to_big().numer().to_i128(),
        }
    }

    /// Rounds to `places` decimal places with the given mode. The result is
    /// still exact: it is the rational that the rounded decimal denotes.
    pub fn round(&self, places: u32, mode: RoundingMode) -> Number {
        if let Some(rounded) = self.round_small(places, mode) {
            return rounded;
        }
        let scale = BigInt::from(10u8).pow(places);
        let scaled = self.to_big() * BigRational::from_integer(scale.clone());
        let (quotient, remainder) = scaled.numer().div_mod_floor(scaled.denom());
        // `quotient` is floor(scaled); remainder/denominator is the fraction in [0, 1).
        let twice = remainder.clone() * 2u8;
        let denominator = scaled.denom().clone();
        let rounded = match mode {
            RoundingMode::Down => {
                if scaled.is_negative() && !remainder.is_zero() {
                    quotient + 1u8
                } else {
                    quotient
                }
            }
            RoundingMode::HalfAwayFromZero => match twice.cmp(&denominator) {
                Ordering::Less => quotient,
                Ordering::Greater => quotient + 1u8,
                Ordering::Equal => {
                    if scaled.is_negative() {
                        quotient
                    } else {
                        quotient + 1u8
                    }
                }
            },
            RoundingMode::HalfEven => match twice.cmp(&denominator) {
                Ordering::Less => quotient,
                Ordering::Greater => quotient + 1u8,
                Ordering::Equal => {
                    if quotient.is_even() {
                        quotient
                    } else {
                        quotient + 1u8
                    }
                }
            },
        };
        Number::from_big(BigRational::new(rounded, scale))
    }

    /// [`Number::round`] in `i128` arithmetic, or `None` when that could
    /// overflow (the big-integer path then gives the same result).
    fn round_small(&self, places: u32, mode: RoundingMode) -> Option<Number> {
        let (numerator, denominator) = self.parts()?;
        let scale = 10i128.checked_pow(places)?;
        // Denominators are kept positive.
        let numerator = i128::checked_mul(numerator, scale)?;
        let quotient = numerator.div_euclid(denominator);
        let twice = numerator.rem_euclid(denominator).checked_mul(2)?;
        let negative = numerator < 0;
        let up = match mode {
            RoundingMode::Down => negative && twice != 0,
            RoundingMode::HalfAwayFromZero => match twice.cmp(&denominator) {
                Ordering::Less => false,
                Ordering::Greater => true,
                Ordering::Equal => !negative,
            },
            RoundingMode::HalfEven => match twice.cmp(&denominator) {
                Ordering::Less => false,
                Ordering::Greater => true,
                Ordering::Equal => quotient % 2 != 0,
            },
        };
        let rounded = if up {
            quotient.checked_add(1)?
        } else {
            quotient
        };
        Some(Number::from_small(Ratio::new(rounded, scale)))
    }

    /// The decimal digits of a value with at most `places` places, scaled to
    /// an integer, when that fits an `i128`.
    fn scaled_small(&self, places: u32) -> Option<i128> {
        let (numerator, denominator) = self.parts()?;
        let scale = 10i128.checked_pow(places)?;
        let factor = scale.checked_div(denominator)?;
        (factor.checked_mul(denominator)? == scale).then_some(())?;
        i128::checked_mul(numerator, factor)
    }

    /// Decimal text with exactly `places` places, rounding half away from zero
    /// for display only when the value has more digits than that.
    pub fn to_fixed(&self, places: u32) -> String {
        let rounded = self.round(places, RoundingMode::HalfAwayFromZero);
        let (negative, digits) = match rounded.scaled_small(places) {
            Some(scaled) => (scaled < 0, scaled.unsigned_abs().to_string()),
            None => {
                let scale = BigInt::from(10u8).pow(places);
                let scaled = (rounded.to_big() * BigRational::from_integer(scale)).to_integer();
                (scaled.is_negative(), scaled.abs().to_string())
            }
        };
        let places = places as usize;
        let padded = format!("{digits:0>width$}", width = places + 1);
        let (whole, fraction) = padded.split_at(padded.len() - places);
        let sign = if negative { "-" } else { "" };
        if places == 0 {
            format!("{sign}{whole}")
        } else {
            format!("{sign}{whole}.{fraction}")
        }
    }

    /// How many decimal places the value's exact expansion has, or `None`
    /// when it has no finite one (its reduced denominator has a prime factor
    /// other than 2 and 5, as 550/7 does).
    fn decimal_places(&self) -> Option<u32> {
        if let Some((_, mut denominator)) = self.parts() {
            let mut places = 0u32;
            for factor in [2, 5] {
                while denominator % factor == 0 {
                    denominator /= factor;
                    places += 1;
                }
            }
            return (denominator == 1).then_some(places);
        }
        let big = self.to_big();
        let mut denominator = big.denom().clone();
        let mut places = 0u32;
        for factor in [2u8, 5u8] {
            while (denominator.clone() % factor).is_zero() {
                denominator /= factor;
                places += 1;
            }
        }
        denominator.is_one().then_some(places)
    }

    /// The shortest exact decimal text of a value whose expansion ends after
    /// `places` places (or fewer).
    fn to_shortest(&self, places: u32) -> String {
        let text = self.to_fixed(places);
        if text.contains('.') {
            text.trim_end_matches('0').trim_end_matches('.').to_string()
        } else {
            text
        }
    }

    /// The shortest exact decimal text, or a fraction `p/q` when the value has
    /// no finite decimal expansion. For contracts that need the exact value
    /// (the JSON `exact` fields, facts written back); people read
    /// [`Number::to_decimal_string`].
    pub fn to_exact_string(&self) -> String {
        match self.decimal_places() {
            Some(places) => self.to_shortest(places),
            None => {
                let big = self.to_big();
                format!("{}/{}", big.numer(), big.denom())
            }
        }
    }

    /// The value as policy source text, for a suggestion an author may paste
    /// into a policy: the shortest exact decimal, or `p / q` when the value
    /// has no finite decimal expansion (`20 / 3`), so nothing is lost.
    pub fn to_expression_text(&self) -> String {
        self.to_exact_string().replace('/', " / ")
    }

    /// Decimal text for people, never a fraction. A value with a finite
    /// decimal expansion prints exactly, in its shortest form (`78.5`,
    /// `0.125`, `-3`); any other prints as `≈` and the value rounded half
    /// away from zero to `places` places (550/7 → `≈78.57` with 2), or to as
    /// many more places as it takes to show a digit other than 0 (1/300 →
    /// `≈0.003`), so that no value that is not 0 reads as `≈0.00`.
    pub fn to_decimal_string(&self, places: u32) -> String {
        // Whole numbers are most of what messages and the ledger print:
        // their text needs no place counting, rounding or trimming.
        if let Some((numerator, 1)) = self.parts() {
            return numerator.to_string();
        }
        if let Some(exact) = self.decimal_places() {
            return self.to_shortest(exact);
        }
        // A value without a finite expansion is not 0, so a digit shows
        // eventually; the bound only guards against absurdly small values.
        let mut places = places;
        while places < MAX_APPROXIMATE_PLACES
            && self.round(places, RoundingMode::HalfAwayFromZero).is_zero()
        {
            places += 1;
        }
        format!("≈{}", self.to_fixed(places))
    }
}

impl PartialEq for Number {
    fn eq(&self, other: &Number) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}
impl Eq for Number {}

impl PartialOrd for Number {
    fn partial_cmp(&self, other: &Number) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Number {
    fn cmp(&self, other: &Number) -> Ordering {
        match (self.parts(), other.parts()) {
            (Some((a, a_denominator)), Some((b, b_denominator)))
                if a_denominator == b_denominator =>
            {
                // Denominators are positive, so equal ones order as their numerators.
                a.cmp(&b)
            }
            (Some((a, a_denominator)), Some((b, b_denominator))) => {
                // Cross-multiplication may overflow; fall back to big integers then.
                match (
                    i128::checked_mul(a, b_denominator),
                    i128::checked_mul(b, a_denominator),
                ) {
                    (Some(left), Some(right)) => left.cmp(&right),
                    _ => self.to_big().cmp(&other.to_big()),
                }
            }
            _ => self.to_big().cmp(&other.to_big()),
        }
    }
}

impl std::hash::Hash for Number {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        // Every value that fits i128 is held small (`from_big` moves it back),
        // and all forms are reduced, so equal numbers hash the same.
        match (self.parts(), self.big()) {
            (Some((numerator, denominator)), _) => {
                numerator.hash(state);
                denominator.hash(state);
            }
            (None, Some(value)) => {
                value.numer().hash(state);
                value.denom().hash(state);
            }
            (None, None) => unreachable!("a number is small or big"),
        }
    }
}

impl fmt::Debug for Number {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_exact_string())
    }
}

/// Numbers in messages, diagnostics and reports: [`Number::to_decimal_string`]
/// with [`MESSAGE_PLACES`] places, so 550/7 reads `≈78.57` and 2.5 reads `2.5`.
/// `{:?}` keeps the exact text, fractions included.
impl fmt::Display for Number {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_decimal_string(MESSAGE_PLACES))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn n(text: &str) -> Number {
        Number::parse_decimal(text).unwrap()
    }

    #[test]
    fn parses_decimals_exactly() {
        assert_eq!(n("0.1").add(&n("0.2")), n("0.3"));
        assert_eq!(n("2.50").to_exact_string(), "2.5");
        assert!(Number::parse_decimal("1e3").is_none());
        assert!(Number::parse_decimal(".5").is_none());
        assert!(Number::parse_decimal("5.").is_none());
        assert!(Number::parse_decimal("").is_none());
    }

    #[test]
    fn thirds_stay_exact_until_rounded() {
        // 20/30 of 15 is exactly 10; a float would not promise it.
        let third = n("1").divide(&n("3")).unwrap();
        assert_eq!(third.multiply(&n("3")), n("1"));
        assert_eq!(third.to_fixed(2), "0.33");
        assert_eq!(n("2").divide(&n("3")).unwrap().to_fixed(2), "0.67");
    }

    #[test]
    fn rounds_half_away_from_zero() {
        let mode = RoundingMode::HalfAwayFromZero;
        assert_eq!(n("2.345").round(2, mode), n("2.35"));
        assert_eq!(n("-2.345").round(2, mode), n("-2.35"));
        assert_eq!(n("2.3449999").round(2, mode), n("2.34"));
        assert_eq!(n("2.345").round(2, RoundingMode::HalfEven), n("2.34"));
        assert_eq!(n("2.355").round(2, RoundingMode::HalfEven), n("2.36"));
        assert_eq!(n("2.349").round(2, RoundingMode::Down), n("2.34"));
        assert_eq!(n("-2.349").round(2, RoundingMode::Down), n("-2.34"));
    }

    #[test]
    fn overflow_moves_to_big_integers() {
        let huge = Number::from_integer(i128::MAX);
        let doubled = huge.add(&huge);
        assert_eq!(doubled.subtract(&huge), huge);
        assert!(doubled > huge);
        let tiny = Number::from_integer(1).divide(&huge).unwrap();
        assert_eq!(tiny.multiply(&huge), Number::from_integer(1));
    }

    // issue 16 §3: a number is two words, so facts and outcomes stay small.
    #[test]
    fn a_number_is_two_words() {
        assert_eq!(std::mem::size_of::<Number>(), 16);
        assert_eq!(std::mem::size_of::<Option<Number>>(), 16);
    }

    // issue 16 §3: values cross between the 64-bit, 128-bit and big forms
    // and stay one value, equal and hashed alike whatever path made them.
    #[test]
    fn values_cross_the_64_and_128_bit_lines_exactly() {
        use std::collections::hash_map::DefaultHasher;
        use std::hash::{Hash, Hasher};
        let hash = |number: &Number| {
            let mut hasher = DefaultHasher::new();
            number.hash(&mut hasher);
            hasher.finish()
        };
        let max = Number::from_integer(i128::from(i64::MAX));
        let beyond = max.add(&n("1"));
        assert_eq!(beyond.to_i128(), Some(i128::from(i64::MAX) + 1));
        assert!(matches!(beyond.0, Repr::Large(_)));
        let back = beyond.subtract(&n("1"));
        assert!(matches!(back.0, Repr::Compact { .. }));
        assert_eq!(back, max);
        assert_eq!(hash(&back), hash(&max));
        // A denominator within u32 stays compact.
        let denominator = Number::from_integer(i128::from(u32::MAX));
        let tiny = n("1").divide(&denominator).unwrap();
        assert!(matches!(tiny.0, Repr::Compact { .. }));
        assert_eq!(tiny.multiply(&denominator), n("1"));
        let tinier = tiny.divide(&n("2")).unwrap();
        assert!(matches!(tinier.0, Repr::Large(_)));
        assert_eq!(tinier.multiply(&n("2")), tiny);
        // Through big integers and back to the compact form.
        let huge = Number::from_integer(i128::MAX).multiply(&n("4"));
        let small_again = huge.divide(&Number::from_integer(i128::MAX)).unwrap();
        assert!(matches!(small_again.0, Repr::Compact { .. }));
        assert_eq!(small_again, n("4"));
        assert_eq!(hash(&small_again), hash(&n("4")));
        assert!(n("-0.5") < tinier && tinier < tiny && tiny < max && max < beyond);
        assert!(beyond < huge && !huge.is_negative() && huge.negate().is_negative());
        assert!(!beyond.is_zero() && beyond.is_integer() && !tinier.is_integer());
        assert_eq!(beyond.to_exact_string(), "9223372036854775808");
        assert_eq!(huge.negate().round_down(), huge.negate());
    }

    #[test]
    fn fixed_text_has_exact_places() {
        assert_eq!(n("28").to_fixed(2), "28.00");
        assert_eq!(n("0.005").to_fixed(2), "0.01");
        assert_eq!(n("-0.5").to_fixed(0), "-1");
        assert_eq!(n("1").divide(&n("3")).unwrap().to_exact_string(), "1/3");
    }

    #[test]
    fn rounds_down_and_up_to_places() {
        assert_eq!(n("2.349").round_down_to(2), n("2.34"));
        assert_eq!(n("-2.341").round_down_to(2), n("-2.35"));
        assert_eq!(n("-2.5").round_down_to(0), n("-3"));
        assert_eq!(n("2.341").round_up_to(2), n("2.35"));
        assert_eq!(n("-2.349").round_up_to(2), n("-2.34"));
        assert_eq!(n("-2.5").round_up_to(0), n("-2"));
        assert_eq!(n("2.34").round_up_to(2), n("2.34"));
        assert_eq!(n("2.34").round_down_to(2), n("2.34"));
        let seventh = n("550").divide(&n("7")).unwrap();
        assert_eq!(seventh.round_down_to(3), n("78.571"));
        assert_eq!(seventh.round_up_to(3), n("78.572"));
        let huge = Number::from_integer(i128::MAX).add(&n("0.5"));
        assert_eq!(
            huge.round_up_to(0),
            Number::from_integer(i128::MAX).add(&n("1"))
        );
    }

    #[test]
    fn decimal_text_is_exact_or_approximate_never_a_fraction() {
        let over = |a: &str, b: &str| n(a).divide(&n(b)).unwrap();
        assert_eq!(over("550", "7").to_string(), "≈78.57");
        assert_eq!(over("-2", "3").to_string(), "≈-0.67");
        assert_eq!(over("1", "300").to_string(), "≈0.003");
        assert_eq!(over("-1", "300").to_string(), "≈-0.003");
        assert_eq!(over("550", "7").to_decimal_string(4), "≈78.5714");
        assert_eq!(over("5", "8").to_string(), "0.625");
        assert_eq!(n("2.50").to_string(), "2.5");
        assert_eq!(n("-3").to_string(), "-3");
        assert_eq!(n("0.0001").to_string(), "0.0001");
        // Debug and the exact text keep the fraction for contracts.
        assert_eq!(format!("{:?}", over("550", "7")), "550/7");
        assert_eq!(over("550", "7").to_exact_string(), "550/7");
        let huge = Number::from_integer(i128::MAX).multiply(&n("10"));
        let third = huge.divide(&n("3")).unwrap();
        assert!(third.to_exact_string().contains('/'));
        assert!(third
            .to_string()
            .starts_with("≈567137278201564105772291012386280352423.33"));
    }
}
