//! Text → syntax tree. The pest grammar lives in `grammar/kaoping.pest`;
//! pest's `Pair`s never leave this module.

use pest::iterators::{Pair, Pairs};
use pest::Parser as _;

use crate::ast::*;
use crate::diagnostic::Problem;

/// The generated parser and its `Rule` enum stay private to this module.
mod grammar {
    #[derive(pest_derive::Parser)]
    #[grammar = "../grammar/kaoping.pest"]
    pub(super) struct PolicyParser;
}

use grammar::{PolicyParser, Rule};

mod mistakes;

/// How deeply brackets may nest. The parser and the tree builder recurse on
/// nesting, so hostile input is refused before it can exhaust the stack.
const MAX_NESTING: usize = 256;

/// Parses a policy source into its syntax tree, or the first syntax error.
pub fn parse(source: &str) -> Result<PolicyFile, Box<Problem>> {
    parse_all(source).map_err(|mut problems| Box::new(problems.swap_remove(0)))
}

/// Parses a policy source into its syntax tree, or the syntax errors: one
/// per full-width character or unclosed string, say, when the mistake is one
/// of those that `mistakes` names; never empty.
pub fn parse_all(source: &str) -> Result<PolicyFile, Vec<Problem>> {
    check_nesting(source).map_err(|problem| vec![*problem])?;
    let mut pairs = PolicyParser::parse(Rule::policy_file, source).map_err(|error| {
        let pest_problem = syntax_problem(source, error);
        let mut problems = mistakes::explain(source, pest_problem.span.start);
        // A mistake the scan names explains where pest stopped, unless pest
        // stopped before it: then the two are separate errors.
        let first_named = problems.iter().map(|problem| problem.span.start).min();
        if first_named.is_none_or(|first| pest_problem.span.start < first) {
            problems.push(pest_problem);
        }
        problems
    })?;
    let file = pairs.next().expect("policy_file always produces one pair");
    let mut inner = file.into_inner();
    let header = header(inner.next().expect("the grammar requires a header"));
    let declarations = inner
        .filter(|pair| pair.as_rule() != Rule::EOI)
        .map(declaration)
        .collect();
    Ok(PolicyFile {
        header,
        declarations,
    })
}

/// Parses a policy whose spans start at `offset` rather than 0: a file that
/// another extends, placed after it in their shared offset space (see
/// `diagnostic::SourceFile`). Pest counts from the start of its input, and
/// leading whitespace means nothing in the language, so the text is parsed
/// behind `offset` spaces.
pub fn parse_at(source: &str, offset: usize) -> Result<PolicyFile, Vec<Problem>> {
    if offset == 0 {
        return parse_all(source);
    }
    let mut shifted = " ".repeat(offset);
    shifted.push_str(source);
    parse_all(&shifted)
}

/// Refuses brackets nested deeper than `MAX_NESTING`, skipping strings and comments.
fn check_nesting(source: &str) -> Result<(), Box<Problem>> {
    let bytes = source.as_bytes();
    let mut depth = 0usize;
    let mut index = 0;
    while index < bytes.len() {
        match bytes[index] {
            b'"' => {
                index += 1;
                while index < bytes.len() && bytes[index] != b'"' && bytes[index] != b'\n' {
                    index += if bytes[index] == b'\\' { 2 } else { 1 };
                }
            }
            b'/' if bytes.get(index + 1) == Some(&b'/') => {
                while index < bytes.len() && bytes[index] != b'\n' {
                    index += 1;
                }
            }
            b'/' if bytes.get(index + 1) == Some(&b'*') => {
                index += 2;
                while index + 1 < bytes.len() && !(bytes[index] == b'*' && bytes[index + 1] == b'/')
                {
                    index += 1;
                }
                index += 1;
            }
            b'(' | b'[' | b'{' => {
                depth += 1;
                if depth > MAX_NESTING {
                    return Err(Box::new(
                        Problem::error(
                            "kaoping::syntax",
                            format!(
                                "syntax error: brackets nested more than {MAX_NESTING} levels deep"
                            ),
                            Span::new(index, index + 1),
                        )
                        .with_label("too deep here")
                        .with_help("split the expression into named `let` steps"),
                    ));
                }
            }
            b')' | b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
        index += 1;
    }
    Ok(())
}

fn syntax_problem(source: &str, error: pest::error::Error<Rule>) -> Problem {
    let span = match error.location {
        pest::error::InputLocation::Pos(position) => Span::new(position, position),
        pest::error::InputLocation::Span((start, end)) => Span::new(start, end),
    };
    let (message, help) = match &error.variant {
        pest::error::ErrorVariant::ParsingError { positives, .. } => {
            let mut expected: Vec<String> = positives.iter().filter_map(describe_rule).collect();
            expected.sort();
            expected.dedup();
            let found = found_at(source, span.start);
            // A long list of what would do says less than what is there:
            // the list moves to the help line.
            if expected.len() > 3 {
                return Problem::error(
                    "kaoping::syntax",
                    format!("syntax error: unexpected {found}"),
                    span,
                )
                .with_label("the parser stopped here")
                .with_help(format!(
                    "expected here: {}; see the language tour in README.md",
                    expected.join(", ")
                ));
            }
            let message = if expected.is_empty() {
                format!("unexpected {found}")
            } else {
                format!("expected {}, found {found}", expected.join(", "))
            };
            (
                message,
                "check the syntax near here against the language tour in README.md",
            )
        }
        pest::error::ErrorVariant::CustomError { message } => (message.clone(), ""),
    };
    let problem = Problem::error("kaoping::syntax", format!("syntax error: {message}"), span)
        .with_label("the parser stopped here");
    if help.is_empty() {
        problem
    } else {
        problem.with_help(help)
    }
}

/// What stands at `offset`, for "unexpected …": the word or the run of
/// punctuation there, or the end of the file.
fn found_at(source: &str, offset: usize) -> String {
    let rest = source.get(offset..).unwrap_or_default();
    let Some(first) = rest.chars().next() else {
        return "end of file".into();
    };
    if first == '\n' {
        return "end of line".into();
    }
    let word = |c: char| c.is_alphanumeric() || c == '_';
    let token: String = rest
        .chars()
        .take_while(|&c| !c.is_whitespace() && word(c) == word(first))
        .take(20)
        .collect();
    format!("`{token}`")
}

fn describe_rule(rule: &Rule) -> Option<String> {
    let text = match rule {
        Rule::EOI => "end of file",
        Rule::header => "a `policy NAME { … }` header",
        Rule::header_field => "a header field (`extends`, `title`, `version`, `effective`, `source`, `total`, `round`, `final`)",
        Rule::declaration
        | Rule::input_block
        | Rule::record_declaration
        | Rule::parameter
        | Rule::derived
        | Rule::indicator
        | Rule::exclude_rule
        | Rule::finding_rule
        | Rule::group_rule
        | Rule::rank_rule
        | Rule::select_rule
        | Rule::flag_rule
        | Rule::revoke_rule
        | Rule::override_declaration
        | Rule::extend_declaration
        | Rule::remove_declaration
        | Rule::script_block => "a declaration (`input`, `record`, `param`, `let`, `indicator`, `bonus`, `deduction`, `grades`, `grade`, `exclude`, `finding`, `group`, `rank`, `select`, `flag`, `revoke`, `override`, `extend`, `remove`, `script`)",
        Rule::script_source | Rule::script_text => "`{ rhai functions }`",
        Rule::item_override | Rule::removed_item => "`item INDICATOR.ITEM`",
        Rule::removed_indicator => "`indicator NAME`",
        Rule::removed_adjustment => "`bonus NAME` or `deduction NAME`",
        Rule::item_path => "`INDICATOR.ITEM`",
        Rule::identifier => "a name",
        Rule::expression
        | Rule::if_expression
        | Rule::or_expression
        | Rule::and_expression
        | Rule::not_expression
        | Rule::comparison
        | Rule::default_expression
        | Rule::bound_expression
        | Rule::additive
        | Rule::multiplicative
        | Rule::unary
        | Rule::postfix
        | Rule::number_literal
        | Rule::percent_literal
        | Rule::date_literal
        | Rule::boolean
        | Rule::function_call
        | Rule::record_literal
        | Rule::list_literal => "an expression",
        Rule::string | Rule::label => "a string",
        Rule::template => "a message string",
        Rule::type_expression
        | Rule::optional_type
        | Rule::list_type
        | Rule::record_type
        | Rule::enum_type
        | Rule::range_type
        | Rule::reference_type
        | Rule::named_type => "a type",
        Rule::field_declaration => "a field `name: type`",
        Rule::block_statement
        | Rule::let_statement
        | Rule::score_statement
        | Rule::zero_statement
        | Rule::item
        | Rule::deduct_statement
        | Rule::add_statement
        | Rule::full_statement => "a statement (`let`, `score`, `deduct`, `full when`, `zero when`, `finding`, `item`, `cite`, `reading`)",
        Rule::cite | Rule::reading => "`cite` or `reading`",
        Rule::comparison_operator => "a comparison",
        Rule::additive_operator | Rule::multiplicative_operator => "an operator",
        Rule::severity => "`info`, `warning` or `error`",
        Rule::rounding_mode => "`half_away_from_zero`, `half_even` or `down`",
        Rule::integer => "a whole number",
        Rule::rank_key => "an indicator name or `total`",
        Rule::enum_variant => "an enum variant",
        Rule::and_operator => "`and`",
        Rule::or_operator => "`or`",
        Rule::not_operator => "`not`",
        Rule::bound_operator => "`cap` or `floor`",
        Rule::default_operator => "`??`",
        Rule::negate_operator => "`-`",
        Rule::field_access | Rule::method_call => "`.field` or `.method(…)`",
        Rule::index_access => "`[…]`",
        Rule::arguments => "arguments",
        Rule::record_entry => "`name: value`",
        Rule::string_content | Rule::template_text | Rule::escape => "the closing `\"`",
        Rule::template_hole => "`{expression}`",
        Rule::list_key => "`key FIELD`",
        Rule::default_value => "`= default`",
        Rule::scaled_from => "`scaled from N`",
        Rule::select_group => "`in GROUP`",
        Rule::final_field | Rule::final_bound => "`final at least N` or `final at most N`",
        Rule::at_least | Rule::at_most => "`at least` or `at most`",
        Rule::per_clause | Rule::when_clause | Rule::each_clause => {
            "`per QUANTITY`, `when CONDITION` or `for each LIST`"
        }
        Rule::step_size => "a step size",
        Rule::adjustment | Rule::adjustment_kind => "`bonus` or `deduction`",
        Rule::adjustment_cap => "`cap N`",
        Rule::grade_scale | Rule::grade_rule => "`grades { … }` or `grade X when …`",
        Rule::grade_band => "a grade band (`优秀 >= 90`)",
        Rule::grade_by => "`by EXPRESSION`",
        Rule::grade_bound => "`>= N`",
        Rule::grade_quota => "`quota N`",
        Rule::range_low | Rule::range_high => "a number or a parameter name",
        Rule::signed_number => "a number",
        _ => return None,
    };
    Some(text.to_string())
}

/// The pair's span without the trailing whitespace that pest's implicit
/// whitespace leaves inside rules ending in optional parts.
fn span_of(pair: &Pair<Rule>) -> Span {
    let span = pair.as_span();
    let trimmed = pair
        .as_str()
        .trim_end_matches(|c: char| c.is_whitespace() || c == '\u{FEFF}');
    Span::new(span.start(), span.start() + trimmed.len())
}

fn name(pair: Pair<Rule>) -> Name {
    Name {
        span: span_of(&pair),
        text: pair.as_str().to_string(),
    }
}

fn unescape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            match chars.next() {
                Some('n') => out.push('\n'),
                Some('t') => out.push('\t'),
                Some(other) => out.push(other),
                None => {}
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// The content of a `string` pair (or of a `label` wrapping one).
fn string(pair: Pair<Rule>) -> String {
    match pair.as_rule() {
        Rule::label => string(pair.into_inner().next().expect("label wraps a string")),
        Rule::string => pair
            .into_inner()
            .next()
            .map(|content| unescape(content.as_str()))
            .unwrap_or_default(),
        other => unreachable!("not a string: {other:?}"),
    }
}

fn header(pair: Pair<Rule>) -> Header {
    let span = span_of(&pair);
    let mut inner = pair.into_inner();
    let mut header = Header {
        id: name(inner.next().expect("header has a name")),
        extends: None,
        title: None,
        version: None,
        effective: None,
        source: None,
        total: None,
        rounding: None,
        final_at_least: None,
        final_at_most: None,
        span,
    };
    for field in inner {
        let field = field
            .into_inner()
            .next()
            .expect("header_field wraps one field");
        let field_span = span_of(&field);
        let rule = field.as_rule();
        let mut parts = field.into_inner();
        match rule {
            Rule::extends_field => {
                let path = parts.next().unwrap();
                header.extends = Some((string(path.clone()), span_of(&path)));
            }
            Rule::title_field => header.title = Some(string(parts.next().unwrap())),
            Rule::version_field => header.version = Some(string(parts.next().unwrap())),
            Rule::source_field => header.source = Some(string(parts.next().unwrap())),
            Rule::effective_field => {
                let date = parts.next().unwrap();
                header.effective = Some((date.as_str().to_string(), span_of(&date)));
            }
            Rule::total_field => header.total = Some(expression(parts.next().unwrap())),
            Rule::round_field => {
                let places = parts.next().unwrap().as_str().parse().unwrap_or(u32::MAX);
                let mode = match parts.next().unwrap().as_str() {
                    "half_even" => RoundingMode::HalfEven,
                    "down" => RoundingMode::Down,
                    _ => RoundingMode::HalfAwayFromZero,
                };
                header.rounding = Some(Rounding {
                    places,
                    mode,
                    span: field_span,
                });
            }
            Rule::final_field => {
                // The first pair is the `final` keyword itself.
                for bound in parts.filter(|part| part.as_rule() == Rule::final_bound) {
                    let mut bound = bound.into_inner();
                    let side = bound.next().unwrap().as_rule();
                    let number = bound.next().unwrap();
                    let written = (number.as_str().trim().to_string(), span_of(&number));
                    if side == Rule::at_least {
                        header.final_at_least = Some(written);
                    } else {
                        header.final_at_most = Some(written);
                    }
                }
            }
            other => unreachable!("unexpected header field {other:?}"),
        }
    }
    header
}

fn annotations<'a>(pairs: impl Iterator<Item = Pair<'a, Rule>>) -> Annotations {
    let mut annotations = Annotations::default();
    for pair in pairs {
        add_annotation(&mut annotations, pair);
    }
    annotations
}

fn add_annotation(annotations: &mut Annotations, pair: Pair<Rule>) {
    let span = span_of(&pair);
    match pair.as_rule() {
        Rule::cite => annotations
            .cites
            .push(string(pair.into_inner().next().unwrap())),
        Rule::reading => annotations
            .readings
            .push((string(pair.into_inner().next().unwrap()), span)),
        other => unreachable!("not an annotation: {other:?}"),
    }
}

fn declaration(pair: Pair<Rule>) -> Declaration {
    let span = span_of(&pair);
    match pair.as_rule() {
        Rule::input_block => Declaration::Input(pair.into_inner().map(field).collect(), span),
        Rule::record_declaration => {
            let mut inner = pair.into_inner().peekable();
            let record_name = name(inner.next().unwrap());
            let label = inner.next_if(|p| p.as_rule() == Rule::label).map(string);
            Declaration::Record(RecordDeclaration {
                name: record_name,
                label,
                fields: inner.map(field).collect(),
                span,
            })
        }
        Rule::extend_declaration => {
            let mut inner = pair.into_inner().peekable();
            let record_name = name(inner.next().unwrap());
            let label = inner.next_if(|p| p.as_rule() == Rule::label).map(string);
            Declaration::Override(Override::RecordExtension(RecordDeclaration {
                name: record_name,
                label,
                fields: inner.map(field).collect(),
                span,
            }))
        }
        Rule::parameter => Declaration::Parameter(parameter(pair)),
        Rule::derived => Declaration::Derived(parameter(pair)),
        Rule::indicator => Declaration::Indicator(indicator(pair)),
        Rule::adjustment => {
            let mut inner = pair.into_inner().peekable();
            let kind = adjustment_kind(inner.next().unwrap());
            let adjustment_name = name(inner.next().unwrap());
            let label = inner.next_if(|p| p.as_rule() == Rule::label).map(string);
            let cap = inner
                .next_if(|p| p.as_rule() == Rule::adjustment_cap)
                .map(|p| expression(p.into_inner().next().unwrap()));
            let mut body = Block::default();
            for statement in inner {
                block_statement(&mut body, statement);
            }
            Declaration::Adjustment(Adjustment {
                kind,
                name: adjustment_name,
                label,
                cap,
                body,
                span,
            })
        }
        Rule::grade_scale => {
            let mut inner = pair.into_inner().peekable();
            inner.next(); // `grades`
            let by = inner
                .next_if(|p| p.as_rule() == Rule::grade_by)
                .map(|p| expression(p.into_inner().next().unwrap()));
            let mut bands = Vec::new();
            let mut rest = Vec::new();
            for part in inner {
                if part.as_rule() == Rule::grade_band {
                    bands.push(grade_band(part));
                } else {
                    rest.push(part);
                }
            }
            Declaration::Grades(GradeScale {
                by,
                bands,
                annotations: annotations(rest.into_iter()),
                span,
            })
        }
        Rule::grade_rule => {
            let mut inner = pair.into_inner().peekable();
            inner.next(); // `grade`
            let at_most = inner.next_if(|p| p.as_rule() == Rule::at_most).is_some();
            let grade = name(inner.next().unwrap());
            let condition = expression(inner.next().unwrap());
            let message = template(inner.next().unwrap());
            Declaration::GradeRule(GradeRule {
                at_most,
                grade,
                condition,
                message,
                annotations: annotations(inner),
                span,
            })
        }
        Rule::exclude_rule => Declaration::Exclude(rule(pair, Severity::Error)),
        Rule::revoke_rule => Declaration::Revoke(rule(pair, Severity::Error)),
        Rule::finding_rule => Declaration::Finding(rule(pair, Severity::Warning)),
        Rule::group_rule => {
            let mut inner = pair.into_inner();
            Declaration::Group(GroupRule {
                field: name(inner.next().unwrap()),
                annotations: annotations(inner),
                span,
            })
        }
        Rule::rank_rule => {
            let mut keys = Vec::new();
            let mut rest = Vec::new();
            for part in pair.into_inner() {
                if part.as_rule() == Rule::rank_key {
                    keys.push(name(part.into_inner().next().unwrap()));
                } else {
                    rest.push(part);
                }
            }
            Declaration::Rank(RankRule {
                keys,
                annotations: annotations(rest.into_iter()),
                span,
            })
        }
        Rule::select_rule => Declaration::Select(select(pair, false)),
        Rule::flag_rule => Declaration::Flag(select(pair, true)),
        Rule::override_declaration => {
            let replacement = pair.into_inner().next().unwrap();
            Declaration::Override(match replacement.as_rule() {
                Rule::item_override => {
                    let item_span = span_of(&replacement);
                    let mut inner = replacement.into_inner();
                    let mut parents = item_path(inner.next().unwrap());
                    let item_name = parents.pop().expect("an item path has two names or more");
                    let item = indicator_parts(item_name, inner, item_span);
                    Override::Item { parents, item }
                }
                _ => match declaration(replacement) {
                    Declaration::Parameter(parameter) => Override::Parameter(parameter),
                    Declaration::Indicator(indicator) => Override::Indicator(indicator),
                    Declaration::Record(record) => Override::Record(record),
                    Declaration::Rank(rank) => Override::Rank(rank),
                    Declaration::Group(group) => Override::Group(group),
                    Declaration::Grades(grades) => Override::Grades(grades),
                    Declaration::Adjustment(adjustment) => Override::Adjustment(adjustment),
                    other => unreachable!("the grammar overrides no {other:?}"),
                },
            })
        }
        Rule::script_block => {
            let source = pair.into_inner().next().unwrap();
            let text = source.into_inner().next().unwrap();
            let text_span = text.as_span();
            Declaration::Script(ScriptBlock {
                source: text.as_str().to_string(),
                source_span: Span::new(text_span.start(), text_span.end()),
                span,
            })
        }
        Rule::remove_declaration => {
            let removed = pair.into_inner().next().unwrap();
            let rule = removed.as_rule();
            let mut inner = removed.into_inner();
            let removed = match rule {
                Rule::removed_item => Removed::Item(item_path(inner.next().unwrap())),
                Rule::removed_adjustment => {
                    let kind = adjustment_kind(inner.next().unwrap());
                    Removed::Adjustment(kind, name(inner.next().unwrap()))
                }
                _ => Removed::Indicator(name(inner.next().unwrap())),
            };
            Declaration::Remove(Removal { removed, span })
        }
        other => unreachable!("unexpected declaration {other:?}"),
    }
}

fn grade_band(pair: Pair<Rule>) -> GradeBand {
    let span = span_of(&pair);
    let mut inner = pair.into_inner().peekable();
    let band_name = name(inner.next().unwrap());
    let label = inner.next_if(|p| p.as_rule() == Rule::label).map(string);
    let at_least = inner
        .next_if(|p| p.as_rule() == Rule::grade_bound)
        .map(|p| expression(p.into_inner().next().unwrap()));
    let mut quotas = Vec::new();
    while let Some(quota) = inner.next_if(|p| p.as_rule() == Rule::grade_quota) {
        let quota_span = span_of(&quota);
        let mut parts = quota.into_inner();
        parts.next(); // `quota`
        let amount = expression(parts.next().unwrap());
        let group = parts.next().map(|p| name(p.into_inner().next().unwrap()));
        quotas.push(GradeQuota {
            amount,
            group,
            span: quota_span,
        });
    }
    GradeBand {
        name: band_name,
        label,
        at_least,
        quotas,
        annotations: annotations(inner),
        span,
    }
}

/// `INDICATOR.ITEM[.ITEM…]`, as `override item` and `remove item` name an
/// item: the indicator first, the item named last.
fn item_path(pair: Pair<Rule>) -> Vec<Name> {
    pair.into_inner().map(name).collect()
}

/// `bonus` or `deduction`.
fn adjustment_kind(pair: Pair<Rule>) -> crate::outcome::AdjustmentKind {
    match pair.as_str() {
        "bonus" => crate::outcome::AdjustmentKind::Bonus,
        _ => crate::outcome::AdjustmentKind::Deduction,
    }
}

fn select(pair: Pair<Rule>, is_flag: bool) -> SelectRule {
    let span = span_of(&pair);
    let mut inner = pair.into_inner().peekable();
    let flag = if is_flag {
        Some(name(inner.next().unwrap()))
    } else {
        None
    };
    let count = expression(inner.next().unwrap());
    let group = inner
        .next_if(|p| p.as_rule() == Rule::select_group)
        .map(|p| name(p.into_inner().next().unwrap()));
    SelectRule {
        flag,
        count,
        group,
        annotations: annotations(inner),
        span,
    }
}

fn parameter(pair: Pair<Rule>) -> Parameter {
    let span = span_of(&pair);
    let mut inner = pair.into_inner().peekable();
    let parameter_name = name(inner.next().unwrap());
    let label = inner.next_if(|p| p.as_rule() == Rule::label).map(string);
    let value = expression(inner.next().unwrap());
    Parameter {
        name: parameter_name,
        label,
        value,
        annotations: annotations(inner),
        span,
    }
}

fn field(pair: Pair<Rule>) -> FieldDeclaration {
    let span = span_of(&pair);
    let mut inner = pair.into_inner().peekable();
    let field_name = name(inner.next().unwrap());
    let label = inner.next_if(|p| p.as_rule() == Rule::label).map(string);
    let field_type = type_expression(inner.next().unwrap());
    let default = inner
        .next()
        .map(|p| expression(p.into_inner().next().unwrap()));
    FieldDeclaration {
        name: field_name,
        label,
        field_type,
        default,
        span,
    }
}

fn type_expression(pair: Pair<Rule>) -> TypeExpression {
    let pair = if pair.as_rule() == Rule::type_expression {
        pair.into_inner().next().unwrap()
    } else {
        pair
    };
    let span = span_of(&pair);
    match pair.as_rule() {
        Rule::named_type => TypeExpression::Named(name(pair.into_inner().next().unwrap())),
        Rule::optional_type => TypeExpression::Optional(
            Box::new(type_expression(pair.into_inner().next().unwrap())),
            span,
        ),
        Rule::list_type => {
            let mut inner = pair.into_inner();
            let element = Box::new(type_expression(inner.next().unwrap()));
            let key = inner.next().map(|k| name(k.into_inner().next().unwrap()));
            TypeExpression::List { element, key, span }
        }
        Rule::record_type => TypeExpression::Record(pair.into_inner().map(field).collect(), span),
        Rule::enum_type => TypeExpression::Enum(
            pair.into_inner()
                .map(|variant| {
                    let mut inner = variant.into_inner();
                    let variant_name = name(inner.next().unwrap());
                    (variant_name, inner.next().map(string))
                })
                .collect(),
            span,
        ),
        Rule::range_type => {
            let mut inner = pair.into_inner();
            let scalar = name(inner.next().unwrap());
            let mut low = None;
            let mut high = None;
            for bound in inner {
                let side = bound.as_rule();
                let written = bound.into_inner().next().unwrap();
                let value = match written.as_rule() {
                    Rule::identifier => RangeBound::Parameter(name(written)),
                    _ => RangeBound::Number(written.as_str().trim().to_string()),
                };
                if side == Rule::range_low {
                    low = Some(value);
                } else {
                    high = Some(value);
                }
            }
            TypeExpression::Range {
                scalar,
                low,
                high,
                span,
            }
        }
        Rule::reference_type => {
            TypeExpression::Reference(name(pair.into_inner().next().unwrap()), span)
        }
        other => unreachable!("unexpected type {other:?}"),
    }
}

/// The syntax tree's rule node; pest's generated `Rule` enum takes the plain name here.
type RuleDeclaration = crate::ast::Rule;

/// `exclude|zero|revoke when …` (with the given severity) and
/// `finding SEVERITY when …` (with its own).
fn rule(pair: Pair<Rule>, severity: Severity) -> RuleDeclaration {
    let span = span_of(&pair);
    let mut inner = pair.into_inner().peekable();
    let severity = match inner.next_if(|p| p.as_rule() == Rule::severity) {
        Some(declared) => match declared.as_str() {
            "info" => Severity::Info,
            "error" => Severity::Error,
            _ => Severity::Warning,
        },
        None => severity,
    };
    let condition = expression(inner.next().unwrap());
    let message = template(inner.next().unwrap());
    RuleDeclaration {
        severity,
        condition,
        message,
        annotations: annotations(inner),
        span,
    }
}

fn template(pair: Pair<Rule>) -> Template {
    let span = span_of(&pair);
    let parts = pair
        .into_inner()
        .map(|part| match part.as_rule() {
            Rule::template_text => TemplatePart::Text(unescape(part.as_str())),
            Rule::template_hole => {
                TemplatePart::Hole(expression(part.into_inner().next().unwrap()))
            }
            other => unreachable!("unexpected template part {other:?}"),
        })
        .collect();
    Template { parts, span }
}

fn indicator(pair: Pair<Rule>) -> Indicator {
    let span = span_of(&pair);
    let mut inner = pair.into_inner();
    let indicator_name = name(inner.next().unwrap());
    indicator_parts(indicator_name, inner, span)
}

/// An indicator or item from what follows its name: label, max, body.
fn indicator_parts(indicator_name: Name, inner: Pairs<Rule>, span: Span) -> Indicator {
    let mut inner = inner.peekable();
    let label = inner.next_if(|p| p.as_rule() == Rule::label).map(string);
    let max = expression(inner.next().unwrap());
    let scaled_from = inner
        .next_if(|p| p.as_rule() == Rule::scaled_from)
        .map(|p| expression(p.into_inner().next().unwrap()));
    let mut body = Block::default();
    for statement in inner {
        block_statement(&mut body, statement);
    }
    Indicator {
        name: indicator_name,
        label,
        max,
        scaled_from,
        body,
        span,
    }
}

/// One statement of an indicator, item or adjustment body, added to `body`.
fn block_statement(body: &mut Block, statement: Pair<Rule>) {
    {
        let statement_span = span_of(&statement);
        match statement.as_rule() {
            Rule::cite | Rule::reading => add_annotation(&mut body.annotations, statement),
            Rule::let_statement => {
                let mut parts = statement.into_inner();
                let binding = name(parts.next().unwrap());
                body.statements
                    .push(Statement::Let(binding, expression(parts.next().unwrap())));
            }
            Rule::score_statement => body.statements.push(Statement::Score(expression(
                statement.into_inner().next().unwrap(),
            ))),
            Rule::zero_statement => {
                let mut zero = rule(statement, Severity::Warning);
                zero.span = statement_span;
                body.statements.push(Statement::Zero(zero));
            }
            Rule::finding_rule => body
                .statements
                .push(Statement::Finding(rule(statement, Severity::Warning))),
            Rule::item => body.items.push(indicator(statement)),
            Rule::deduct_statement => body
                .statements
                .push(Statement::Deduct(points_line(statement))),
            Rule::add_statement => body.statements.push(Statement::Add(points_line(statement))),
            Rule::full_statement => {
                let mut inner = statement.into_inner();
                inner.next(); // `full`
                let condition = expression(inner.next().unwrap());
                body.statements.push(Statement::Full {
                    condition,
                    annotations: annotations(inner),
                    span: statement_span,
                });
            }
            other => unreachable!("unexpected statement {other:?}"),
        }
    }
}

/// `deduct|add AMOUNT (per [STEP of] QUANTITY | when CONDITION) ["message"] cite…`.
fn points_line(pair: Pair<Rule>) -> PointsLine {
    let span = span_of(&pair);
    let mut inner = pair.into_inner().peekable();
    inner.next(); // `deduct` or `add`
    let amount = expression(inner.next().unwrap());
    let clause = inner.next().unwrap();
    let basis = match clause.as_rule() {
        Rule::per_clause => {
            let mut parts = clause.into_inner().peekable();
            parts.next(); // `per`
            let step = parts
                .next_if(|p| p.as_rule() == Rule::step_size)
                .map(|p| expression(p.into_inner().next().unwrap()));
            if step.is_some() {
                parts.next(); // `of`
            }
            PointsBasis::Per {
                step,
                quantity: expression(parts.next().unwrap()),
            }
        }
        Rule::each_clause => {
            let mut parts = clause.into_inner();
            parts.next(); // `for`
            parts.next(); // `each`
            PointsBasis::Each(expression(parts.next().unwrap()))
        }
        _ => PointsBasis::When(expression(clause.into_inner().next().unwrap())),
    };
    let message = inner
        .next_if(|p| p.as_rule() == Rule::template)
        .map(template);
    PointsLine {
        amount,
        basis,
        message,
        annotations: annotations(inner),
        span,
    }
}

fn expression(pair: Pair<Rule>) -> Expression {
    // A bare `expression` wraps one alternative: unwrapped here rather than by
    // recursing, so that a long `if … else if …` chain takes one frame a level.
    let mut pair = pair;
    while pair.as_rule() == Rule::expression {
        pair = pair.into_inner().next().unwrap();
    }
    let span = span_of(&pair);
    match pair.as_rule() {
        Rule::if_expression => {
            let mut inner = pair.into_inner();
            let condition = expression(inner.next().unwrap());
            let then = expression(inner.next().unwrap());
            let otherwise = expression(inner.next().unwrap());
            Expression {
                kind: ExpressionKind::If(Box::new(condition), Box::new(then), Box::new(otherwise)),
                span,
            }
        }
        Rule::or_expression
        | Rule::and_expression
        | Rule::default_expression
        | Rule::bound_expression
        | Rule::additive
        | Rule::multiplicative
        | Rule::comparison => {
            let mut inner = pair.into_inner();
            let mut left = expression(inner.next().unwrap());
            while let Some(operator) = inner.next() {
                let right = expression(inner.next().unwrap());
                let operator = binary_operator(operator.as_str());
                let joined = left.span.join(right.span);
                left = Expression {
                    kind: ExpressionKind::Binary(operator, Box::new(left), Box::new(right)),
                    span: joined,
                };
            }
            left
        }
        Rule::not_expression | Rule::unary => {
            let mut operators = Vec::new();
            let mut operand = None;
            for part in pair.into_inner() {
                match part.as_rule() {
                    Rule::not_operator => operators.push((UnaryOperator::Not, span_of(&part))),
                    Rule::negate_operator => {
                        operators.push((UnaryOperator::Negate, span_of(&part)))
                    }
                    _ => operand = Some(expression(part)),
                }
            }
            let mut result = operand.expect("a unary expression has an operand");
            for (operator, operator_span) in operators.into_iter().rev() {
                let joined = operator_span.join(result.span);
                result = Expression {
                    kind: ExpressionKind::Unary(operator, Box::new(result)),
                    span: joined,
                };
            }
            result
        }
        Rule::postfix => {
            let mut inner = pair.into_inner();
            let mut result = expression(inner.next().unwrap());
            for operation in inner {
                let joined = result.span.join(span_of(&operation));
                let rule = operation.as_rule();
                let mut parts = operation.into_inner();
                let kind = match rule {
                    Rule::method_call => {
                        let method = name(parts.next().unwrap());
                        let arguments = parts.next().map(arguments).unwrap_or_default();
                        ExpressionKind::Method(Box::new(result), method, arguments)
                    }
                    Rule::field_access => {
                        ExpressionKind::Field(Box::new(result), name(parts.next().unwrap()))
                    }
                    Rule::index_access => ExpressionKind::Index(
                        Box::new(result),
                        Box::new(expression(parts.next().unwrap())),
                    ),
                    other => unreachable!("unexpected postfix {other:?}"),
                };
                result = Expression { kind, span: joined };
            }
            result
        }
        _ => leaf_expression(pair, span),
    }
}

/// Literals, names, calls and record and list literals: kept out of
/// `expression`, whose stack frame every level of nesting pays for.
#[inline(never)]
fn leaf_expression(pair: Pair<Rule>, span: Span) -> Expression {
    match pair.as_rule() {
        Rule::number_literal => Expression {
            kind: ExpressionKind::Number(pair.as_str().to_string()),
            span,
        },
        Rule::percent_literal => Expression {
            kind: ExpressionKind::Percent(pair.as_str().trim_end_matches('%').to_string()),
            span,
        },
        Rule::date_literal => Expression {
            kind: ExpressionKind::Date(pair.as_str().to_string()),
            span,
        },
        Rule::boolean => Expression {
            kind: ExpressionKind::Boolean(pair.as_str() == "true"),
            span,
        },
        Rule::string => Expression {
            kind: ExpressionKind::Text(string(pair)),
            span,
        },
        Rule::identifier => Expression {
            kind: ExpressionKind::Name(name(pair)),
            span,
        },
        Rule::function_call => {
            let mut inner = pair.into_inner();
            let function = name(inner.next().unwrap());
            let arguments = inner.next().map(arguments).unwrap_or_default();
            Expression {
                kind: ExpressionKind::Call(function, arguments),
                span,
            }
        }
        Rule::record_literal => Expression {
            kind: ExpressionKind::Record(
                pair.into_inner()
                    .map(|entry| {
                        let mut parts = entry.into_inner();
                        let key = name(parts.next().unwrap());
                        (key, expression(parts.next().unwrap()))
                    })
                    .collect(),
            ),
            span,
        },
        Rule::list_literal => Expression {
            kind: ExpressionKind::List(pair.into_inner().map(expression).collect()),
            span,
        },
        other => unreachable!("unexpected expression rule {other:?}"),
    }
}

fn arguments(pair: Pair<Rule>) -> Vec<Expression> {
    pair.into_inner().map(expression).collect()
}

fn binary_operator(text: &str) -> BinaryOperator {
    match text.trim() {
        "+" => BinaryOperator::Add,
        "-" => BinaryOperator::Subtract,
        "*" => BinaryOperator::Multiply,
        "/" => BinaryOperator::Divide,
        "cap" => BinaryOperator::Cap,
        "floor" => BinaryOperator::Floor,
        "??" => BinaryOperator::Default,
        "==" => BinaryOperator::Equal,
        "!=" => BinaryOperator::NotEqual,
        "<" => BinaryOperator::Less,
        "<=" => BinaryOperator::LessEqual,
        ">" => BinaryOperator::Greater,
        ">=" => BinaryOperator::GreaterEqual,
        "and" => BinaryOperator::And,
        "or" => BinaryOperator::Or,
        other => unreachable!("unknown operator {other}"),
    }
}
