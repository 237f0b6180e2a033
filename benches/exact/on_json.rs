//! The native reference on `kaoping::Number`, reading JSON facts: what a
//! program that already holds JSON does with serde_json and its own structs.

// Its `DECIMALS_AS_JSON_NUMBERS` (YAML's) is the one item not used here.
#[allow(dead_code)]
#[path = "number.rs"]
mod number;

/// `kaoping::Number`, with decimals read from JSON numbers.
pub mod exact {
    pub use super::number::{fixed2, int, parse_exact, ratio, round2, Q};

    /// Facts are JSON here: a decimal arrives as a number.
    pub const DECIMALS_AS_JSON_NUMBERS: bool = true;
}
#[path = "../../tests/reference/mod.rs"]
pub mod reference;
