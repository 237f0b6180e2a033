//! `script { … }` blocks → functions in rhai, sandboxed, that expressions
//! call like built-ins.
//!
//! Numbers cross into rhai as `rust_decimal::Decimal` (rhai is built with
//! `decimal` and `no_float`, so its number literals are decimals too). A
//! kaoping number is exact; one that a decimal cannot hold exactly (a third,
//! say) is rounded half to even at 28 significant digits on the way in. What
//! comes back, a decimal or a whole number, is exact.
//!
//! Every call runs in the same sandbox: at most [`MAX_OPERATIONS`] steps and
//! [`TIME_LIMIT`] of wall-clock time (checked through rhai's progress hook),
//! bounded call depth, expression depth and string, array and map sizes, no
//! modules, no `import`, no `eval`. `print` and `debug` are captured, never
//! written to standard output. rhai's `unchecked` feature, which would drop
//! these limits, is never enabled.

use std::cell::{Cell, RefCell};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use rhai::{Dynamic, Engine, EvalAltResult, ParseError, Position, Scope, AST};
use rust_decimal::Decimal;

use crate::ast::{RoundingMode, ScriptBlock, Span};
use crate::number::Number;

/// Steps a call may take; a scoring curve needs a few hundred.
pub const MAX_OPERATIONS: u64 = 1_000_000;
/// Wall-clock time a call may take, checked as it runs.
pub const TIME_LIMIT: Duration = Duration::from_millis(50);
const MAX_CALL_LEVELS: usize = 32;
const MAX_EXPRESSION_DEPTH: usize = 64;
const MAX_FUNCTION_EXPRESSION_DEPTH: usize = 32;
const MAX_STRING_SIZE: usize = 4096;
const MAX_ARRAY_SIZE: usize = 1024;
const MAX_MAP_SIZE: usize = 256;
/// The most significant digits a decimal holds.
const DECIMAL_DIGITS: i64 = 28;

thread_local! {
    /// When the call running on this thread must stop.
    static DEADLINE: Cell<Option<Instant>> = const { Cell::new(None) };
    /// What the running call printed, kept instead of written anywhere.
    static PRINTED: RefCell<Vec<String>> = const { RefCell::new(Vec::new()) };
}

/// The one sandboxed engine. It holds no state between calls: the deadline
/// and the captured output are the calling thread's.
fn engine() -> &'static Engine {
    static ENGINE: OnceLock<Engine> = OnceLock::new();
    ENGINE.get_or_init(|| {
        let mut engine = Engine::new();
        engine
            .set_max_operations(MAX_OPERATIONS)
            .set_max_call_levels(MAX_CALL_LEVELS)
            .set_max_expr_depths(MAX_EXPRESSION_DEPTH, MAX_FUNCTION_EXPRESSION_DEPTH)
            .set_max_string_size(MAX_STRING_SIZE)
            .set_max_array_size(MAX_ARRAY_SIZE)
            .set_max_map_size(MAX_MAP_SIZE)
            .set_module_resolver(rhai::module_resolvers::DummyModuleResolver::new())
            .disable_symbol("eval")
            .disable_symbol("import")
            .on_print(|text| PRINTED.with(|printed| printed.borrow_mut().push(text.to_string())))
            .on_debug(|text, _, _| {
                PRINTED.with(|printed| printed.borrow_mut().push(text.to_string()))
            })
            .on_progress(|_| {
                let late = DEADLINE.with(|deadline| {
                    deadline
                        .get()
                        .is_some_and(|deadline| Instant::now() > deadline)
                });
                late.then(|| Dynamic::from("time limit"))
            });
        engine
    })
}

/// A function a script defines.
#[derive(Debug, Clone)]
pub struct ScriptFunction {
    /// The name expressions call it by.
    pub name: String,
    /// How many arguments it takes.
    pub arity: usize,
    /// The script block that defines it, in [`Scripts::blocks`].
    pub block: usize,
}

/// The compiled scripts of a policy.
#[derive(Debug, Clone, Default)]
pub struct Scripts {
    /// Each `script { … }` block, compiled.
    pub blocks: Vec<AST>,
    /// Every function the blocks define, in order.
    pub functions: Vec<ScriptFunction>,
}

/// A script that does not compile: rhai's message and where in the policy.
#[derive(Debug, Clone)]
pub struct CompileError {
    /// rhai's description of the mistake.
    pub message: String,
    /// The place in the policy text.
    pub span: Span,
}

/// Compiles one block under the sandbox's rules (so `eval` and `import` are
/// refused here, not at the first call), with rhai's positions turned into a
/// span of the policy text.
pub fn compile(block: &ScriptBlock) -> Result<AST, CompileError> {
    engine()
        .compile(&block.source)
        .map_err(|error: ParseError| CompileError {
            message: error.err_type().to_string(),
            span: span_of(block, error.position()),
        })
}

/// The policy span of a rhai position (1-based line, 1-based column in
/// characters) inside the block's text; the block's start when rhai gives none.
fn span_of(block: &ScriptBlock, position: Position) -> Span {
    let start = block.source_span.start;
    let (Some(line), Some(column)) = (position.line(), position.position()) else {
        return Span::new(start, start);
    };
    let mut offset = 0;
    for (index, text) in block.source.split_inclusive('\n').enumerate() {
        if index + 1 == line {
            let within: usize = text
                .chars()
                .take(column.saturating_sub(1))
                .map(char::len_utf8)
                .sum();
            let at = start + offset + within;
            let width = text[within..].chars().next().map_or(0, char::len_utf8);
            return Span::new(at, at + width);
        }
        offset += text.len();
    }
    Span::new(start + block.source.len(), start + block.source.len())
}

/// The names after `fn` in a script's text: what a block that does not
/// compile was meant to define, so that calls to it are not reported twice.
pub fn declared_names(source: &str) -> Vec<String> {
    let mut names = Vec::new();
    let mut rest = source;
    while let Some(at) = rest.find("fn ") {
        let after_a_word = rest[..at]
            .chars()
            .next_back()
            .is_some_and(|c| c.is_alphanumeric() || c == '_');
        rest = &rest[at + 3..];
        let name: String = rest
            .trim_start()
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect();
        if !after_a_word && !name.is_empty() {
            names.push(name);
        }
    }
    names
}

/// The functions a compiled block defines.
pub fn functions(ast: &AST) -> Vec<(String, usize)> {
    ast.iter_functions()
        .map(|function| (function.name.to_string(), function.params.len()))
        .collect()
}

/// Why a call failed, for the evaluation error at the call's span.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CallError(pub String);

/// Calls a script function with numbers and returns its number.
pub fn call(scripts: &Scripts, function: usize, arguments: &[Number]) -> Result<Number, CallError> {
    let definition = &scripts.functions[function];
    let arguments: Vec<Dynamic> = arguments
        .iter()
        .map(|number| to_decimal(number).map(Dynamic::from_decimal))
        .collect::<Result<_, _>>()?;
    DEADLINE.with(|deadline| deadline.set(Some(Instant::now() + TIME_LIMIT)));
    PRINTED.with(|printed| printed.borrow_mut().clear());
    let result = engine().call_fn::<Dynamic>(
        &mut Scope::new(),
        &scripts.blocks[definition.block],
        &definition.name,
        arguments,
    );
    DEADLINE.with(|deadline| deadline.set(None));
    let value = result.map_err(|error| CallError(describe(&definition.name, &error)))?;
    from_dynamic(&definition.name, value)
}

fn describe(name: &str, error: &EvalAltResult) -> String {
    match error {
        EvalAltResult::ErrorTerminated(..) => format!(
            "script function `{name}` ran longer than {} ms and was stopped",
            TIME_LIMIT.as_millis()
        ),
        EvalAltResult::ErrorTooManyOperations(..) => format!(
            "script function `{name}` took more than {MAX_OPERATIONS} steps and was stopped"
        ),
        other => format!("script function `{name}` failed: {other}"),
    }
}

fn from_dynamic(name: &str, value: Dynamic) -> Result<Number, CallError> {
    if let Some(decimal) = value.clone().try_cast::<Decimal>() {
        return Number::parse_decimal(&decimal.normalize().to_string())
            .ok_or_else(|| CallError(format!("script function `{name}` returned `{decimal}`")));
    }
    if let Some(integer) = value.clone().try_cast::<rhai::INT>() {
        return Ok(Number::from_integer(i128::from(integer)));
    }
    Err(CallError(format!(
        "script function `{name}` returned {}, not a number",
        value.type_name()
    )))
}

/// The decimal of an exact number: exact when it has at most 28 significant
/// digits, else rounded half to even at 28.
pub fn to_decimal(number: &Number) -> Result<Decimal, CallError> {
    let whole_digits = number.round_down().to_i128().map_or(i64::MAX, |whole| {
        if whole == 0 {
            0
        } else {
            whole.unsigned_abs().to_string().len() as i64
        }
    });
    if whole_digits > DECIMAL_DIGITS {
        return Err(CallError(format!(
            "`{}` is too large for a script (more than {DECIMAL_DIGITS} digits)",
            number.to_fixed(0)
        )));
    }
    let places = (DECIMAL_DIGITS - whole_digits).clamp(0, DECIMAL_DIGITS) as u32;
    let text = number
        .round(places, RoundingMode::HalfEven)
        .to_fixed(places);
    text.parse::<Decimal>()
        .map(|decimal| decimal.normalize())
        .map_err(|error| CallError(format!("`{text}` cannot cross into a script: {error}")))
}
