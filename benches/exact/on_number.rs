//! The native reference on the interpreter's own number type.

#[path = "number.rs"]
pub mod exact;
#[path = "../../tests/reference/mod.rs"]
pub mod reference;
