//! The native reference on plain `rust_decimal`.

#[path = "decimal.rs"]
pub mod exact;
#[path = "../../tests/reference/mod.rs"]
pub mod reference;
