//! Runtime values: what facts load into and what expressions produce.

use std::collections::HashSet;
use std::fmt;
use std::sync::Arc;

use crate::number::{Number, MESSAGE_PLACES};
use crate::outcome::Name;

/// A value of some checked type. Lists and records are shared, so cloning a
/// value never copies its contents.
#[derive(Clone, PartialEq, Eq, Hash)]
pub enum Value {
    /// Every number, `int` and `decimal` alike, held exactly.
    Number(Number),
    /// A truth value, from facts or from a comparison.
    Bool(bool),
    /// Text, and enum variants by name.
    Text(Arc<str>),
    /// A calendar date.
    Date(Date),
    /// Items in facts order, or in the order a list method produced them:
    /// one allocation, as long as the list.
    List(Arc<[Value]>),
    /// Field values in the order of the record type's fields: one allocation,
    /// as long as the record (a facts file holds millions of records).
    Record(Arc<[Value]>),
    /// An optional field that the facts left out.
    Absent,
}

impl Value {
    /// A text value holding `text`.
    pub fn text(text: &str) -> Value {
        Value::Text(Arc::from(text))
    }

    /// A record of `fields`, in the order of the record type's fields.
    pub fn record(fields: Vec<Value>) -> Value {
        Value::Record(Arc::from(fields))
    }

    /// A list of `items`. All empty lists share one allocation (`deductions:
    /// []` on every candidate).
    pub fn list(items: Vec<Value>) -> Value {
        static EMPTY: std::sync::OnceLock<Arc<[Value]>> = std::sync::OnceLock::new();
        if items.is_empty() {
            return Value::List(EMPTY.get_or_init(|| Arc::from(Vec::new())).clone());
        }
        Value::List(Arc::from(items))
    }

    /// The number inside. Panics on any other variant: checked code never asks a
    /// value for a type it does not have.
    pub fn as_number(&self) -> &Number {
        match self {
            Value::Number(number) => number,
            other => unreachable!("checked code met {other:?} where a number was expected"),
        }
    }

    /// The truth value inside. Panics on any other variant, as [`Value::as_number`] does.
    pub fn as_bool(&self) -> bool {
        match self {
            Value::Bool(value) => *value,
            other => unreachable!("checked code met {other:?} where a bool was expected"),
        }
    }

    /// The text (or enum variant name) inside. Panics on any other variant, as
    /// [`Value::as_number`] does.
    pub fn as_text(&self) -> &str {
        match self {
            Value::Text(text) => text,
            other => unreachable!("checked code met {other:?} where text was expected"),
        }
    }

    /// The items inside. Panics on any other variant, as [`Value::as_number`] does.
    pub fn as_list(&self) -> &Arc<[Value]> {
        match self {
            Value::List(items) => items,
            other => unreachable!("checked code met {other:?} where a list was expected"),
        }
    }

    /// The record field at `index`, counted in the record type's field order.
    /// Panics when the value is not a record, as [`Value::as_number`] does.
    pub fn field(&self, index: usize) -> &Value {
        match self {
            Value::Record(fields) => &fields[index],
            other => unreachable!("checked code met {other:?} where a record was expected"),
        }
    }

    /// [`Value::display`] as an outcome's [`Name`]: a text shares its
    /// allocation with the facts rather than being copied.
    pub fn display_name(&self) -> Name {
        match self {
            Value::Text(text) => Name::from(text.clone()),
            other => Name::from(other.display()),
        }
    }

    /// How a value reads inside a finding message. A number prints as a
    /// decimal, never a fraction: exactly when its expansion ends, else as
    /// `≈` and two places (550/7 → `≈78.57`; see [`Number::to_decimal_string`]).
    pub fn display(&self) -> String {
        self.display_to(MESSAGE_PLACES)
    }

    /// [`Value::display`] with numbers that have no finite decimal expansion
    /// shown to `places` places (`explain` traces arithmetic with four).
    pub fn display_to(&self, places: u32) -> String {
        match self {
            Value::Number(number) => number.to_decimal_string(places),
            Value::Bool(true) => "是".into(),
            Value::Bool(false) => "否".into(),
            Value::Text(text) => text.to_string(),
            Value::Date(date) => date.to_string(),
            Value::List(items) if items.is_empty() => "（无）".into(),
            Value::List(items) => items
                .iter()
                .map(|value| value.display_to(places))
                .collect::<Vec<_>>()
                .join("、"),
            Value::Record(fields) => fields
                .iter()
                .map(|value| value.display_to(places))
                .collect::<Vec<_>>()
                .join(" "),
            Value::Absent => "（无）".into(),
        }
    }

    /// A total order used to sort and compare values of one type.
    pub fn compare(&self, other: &Value) -> std::cmp::Ordering {
        use std::cmp::Ordering;
        match (self, other) {
            (Value::Number(a), Value::Number(b)) => a.cmp(b),
            (Value::Bool(a), Value::Bool(b)) => a.cmp(b),
            (Value::Text(a), Value::Text(b)) => a.cmp(b),
            (Value::Date(a), Value::Date(b)) => a.cmp(b),
            (Value::List(a), Value::List(b)) => {
                for (x, y) in a.iter().zip(b.iter()) {
                    let order = x.compare(y);
                    if order != Ordering::Equal {
                        return order;
                    }
                }
                a.len().cmp(&b.len())
            }
            (Value::Record(a), Value::Record(b)) => {
                for (x, y) in a.iter().zip(b.iter()) {
                    let order = x.compare(y);
                    if order != Ordering::Equal {
                        return order;
                    }
                }
                Ordering::Equal
            }
            (Value::Absent, Value::Absent) => Ordering::Equal,
            (Value::Absent, _) => Ordering::Less,
            (_, Value::Absent) => Ordering::Greater,
            _ => Ordering::Equal,
        }
    }
}

impl fmt::Debug for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::Number(number) => write!(f, "{number:?}"),
            Value::Bool(value) => write!(f, "{value}"),
            Value::Text(text) => write!(f, "{text:?}"),
            Value::Date(date) => write!(f, "{date}"),
            Value::List(items) => f.debug_list().entries(items.iter()).finish(),
            Value::Record(fields) => {
                f.write_str("{")?;
                for (index, field) in fields.iter().enumerate() {
                    if index > 0 {
                        f.write_str(", ")?;
                    }
                    write!(f, "{field:?}")?;
                }
                f.write_str("}")
            }
            Value::Absent => f.write_str("absent"),
        }
    }
}

/// The texts one facts file has loaded so far, so that a text read many
/// times (a city, an enum variant, an action's name) is held once: a facts
/// file of 100,000 candidates repeats a few hundred texts millions of times.
/// Texts seen for the first time after [`TextCache::LIMIT`] distinct ones are
/// not remembered, so a file of unique texts (case numbers) costs the cache
/// a bounded size; the values are the same either way.
#[derive(Default)]
pub struct TextCache {
    texts: HashSet<Arc<str>>,
}

impl TextCache {
    /// The most distinct texts remembered.
    pub const LIMIT: usize = 1 << 16;

    /// `value`, its text replaced by an equal one read before, if any.
    pub fn share(&mut self, value: Value) -> Value {
        let Value::Text(text) = value else {
            return value;
        };
        if let Some(seen) = self.texts.get(&*text) {
            return Value::Text(seen.clone());
        }
        if self.texts.len() < Self::LIMIT {
            self.texts.insert(text.clone());
        }
        Value::Text(text)
    }

    /// A text value holding `text`, shared with an equal one read before.
    pub fn text(&mut self, text: &str) -> Value {
        match self.texts.get(text) {
            Some(seen) => Value::Text(seen.clone()),
            None => self.share(Value::text(text)),
        }
    }
}

/// A calendar date, stored as days since 1970-01-01 so that comparison and
/// differences are integer operations.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    days: i64,
}

impl Date {
    /// Parses `YYYY-MM-DD`, rejecting impossible dates such as 2019-02-30.
    pub fn parse(text: &str) -> Option<Date> {
        let bytes = text.as_bytes();
        if bytes.len() != 10 || bytes[4] != b'-' || bytes[7] != b'-' {
            return None;
        }
        let year: i64 = text[0..4].parse().ok()?;
        let month: u32 = text[5..7].parse().ok()?;
        let day: u32 = text[8..10].parse().ok()?;
        if !text[0..4].bytes().all(|b| b.is_ascii_digit())
            || !text[5..7].bytes().all(|b| b.is_ascii_digit())
            || !text[8..10].bytes().all(|b| b.is_ascii_digit())
        {
            return None;
        }
        Date::from_parts(year, month, day)
    }

    /// The date of a year (1 to 9999), month and day; `None` for an
    /// impossible one such as 2019-02-30.
    pub fn from_parts(year: i64, month: u32, day: u32) -> Option<Date> {
        if !(1..=9999).contains(&year)
            || !(1..=12).contains(&month)
            || day == 0
            || day > days_in_month(year, month)
        {
            return None;
        }
        Some(Date {
            days: days_from_civil(year, month, day),
        })
    }

    /// Days since 1970-01-01, negative before it; subtract two to count the days between.
    pub fn days_since_epoch(self) -> i64 {
        self.days
    }
}

fn is_leap(year: i64) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

fn days_in_month(year: i64, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ if is_leap(year) => 29,
        _ => 28,
    }
}

// Howard Hinnant's days_from_civil / civil_from_days.
fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let year_of_era = year - era * 400;
    let month = month as i64;
    let day_of_year =
        (153 * (if month > 2 { month - 3 } else { month + 9 }) + 2) / 5 + day as i64 - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146097 + day_of_era - 719468
}

fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719468;
    let era = z.div_euclid(146097);
    let day_of_era = z - era * 146097;
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36524 - day_of_era / 146096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let mp = (5 * day_of_year + 2) / 153;
    let day = (day_of_year - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = year_of_era + era * 400 + if month <= 2 { 1 } else { 0 };
    (year, month, day)
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (year, month, day) = civil_from_days(self.days);
        write!(f, "{year:04}-{month:02}-{day:02}")
    }
}

impl fmt::Debug for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // issue 16 §3: a facts file of 100,000 candidates holds millions of
    // values; each is three words (it was eight), and must not grow back.
    #[test]
    fn a_value_is_three_words() {
        assert_eq!(std::mem::size_of::<Value>(), 24);
    }

    // issue 16 §3: equal texts of one load share one allocation, up to the
    // cache's limit; values are equal either way.
    #[test]
    fn equal_texts_share_one_allocation_up_to_the_limit() {
        let mut cache = TextCache::default();
        let first = cache.text("第1市");
        let again = cache.share(Value::text("第1市"));
        let (Value::Text(a), Value::Text(b)) = (&first, &again) else {
            panic!("texts stay texts");
        };
        assert!(Arc::ptr_eq(a, b));
        assert_eq!(cache.share(Value::Bool(true)), Value::Bool(true));
        for index in 0..TextCache::LIMIT {
            cache.text(&index.to_string());
        }
        assert_eq!(cache.texts.len(), TextCache::LIMIT);
        let late = cache.text("late");
        let late_again = cache.text("late");
        assert_eq!(late, late_again);
        assert_eq!(cache.texts.len(), TextCache::LIMIT);
        let (Value::Text(a), Value::Text(b)) = (&cache.text("第1市"), &first) else {
            panic!("texts stay texts");
        };
        assert!(Arc::ptr_eq(a, b));
    }

    // issue 16 §3: empty lists are one shared allocation; a list is one
    // allocation, as long as its items.
    #[test]
    fn empty_lists_share_one_allocation() {
        let (Value::List(a), Value::List(b)) = (Value::list(Vec::new()), Value::list(Vec::new()))
        else {
            panic!("lists stay lists");
        };
        assert!(Arc::ptr_eq(&a, &b));
        let full = Value::list(vec![Value::Bool(true)]);
        assert_eq!(**full.as_list(), [Value::Bool(true)]);
    }

    #[test]
    fn dates_round_trip_and_order() {
        for text in ["2019-11-10", "2020-02-29", "1970-01-01", "2019-05-31"] {
            assert_eq!(Date::parse(text).unwrap().to_string(), text);
        }
        assert!(Date::parse("2019-02-29").is_none());
        assert!(Date::parse("2019-13-01").is_none());
        assert!(Date::parse("2019-1-01").is_none());
        let a = Date::parse("2019-05-30").unwrap();
        let b = Date::parse("2019-05-31").unwrap();
        assert!(a < b);
        assert_eq!(b.days_since_epoch() - a.days_since_epoch(), 1);
    }
}
