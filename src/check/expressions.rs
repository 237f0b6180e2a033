//! Expressions: name resolution, type inference, and compilation to `Code`.

use std::sync::Arc;

use super::*;

impl Checker {
    // ------------------------------------------------------------ expressions

    pub(super) fn expect(
        &mut self,
        expression: &ast::Expression,
        scope: &mut Scope,
        expected: &Type,
    ) -> Option<Code> {
        let (code, found) = self.expression(expression, scope)?;
        if compatible(&self.records, expected, &found) {
            Some(code)
        } else {
            let help = match (expected, &found) {
                (Type::Bool, Type::Number) => "compare the number, e.g. `x > 0`".to_string(),
                (Type::Number, Type::Optional(_)) | (Type::Bool, Type::Optional(_)) => {
                    "the field is optional: give a fallback with `?? VALUE`".to_string()
                }
                _ => format!("this needs {}", self.describe(expected)),
            };
            self.error(
                Problem::error(
                    "kaoping::check::type",
                    format!(
                        "expected {}, found {}",
                        self.describe(expected),
                        self.describe(&found)
                    ),
                    expression.span,
                )
                .with_help(help),
            );
            None
        }
    }

    /// What a list holds, as a plural: "a list of numbers", not "of a number".
    fn describe_plural(&self, ty: &Type) -> String {
        match ty {
            Type::Number => "numbers".into(),
            Type::Bool => "bools".into(),
            Type::Text | Type::Reference(_) => "text".into(),
            Type::Date => "dates".into(),
            Type::Enum(variants) => format!(
                "values of an enum of {}",
                variants.names().collect::<Vec<_>>().join("|")
            ),
            Type::List(element) => format!("lists of {}", self.describe_plural(element)),
            Type::Record(id) => {
                let name = &self.records[*id].name;
                if name.is_empty() {
                    "records".into()
                } else {
                    format!("`{name}` records")
                }
            }
            Type::Optional(inner) => format!("optional {}", self.describe_plural(inner)),
            Type::Nothing | Type::Unknown => "values".into(),
        }
    }

    pub(super) fn describe(&self, ty: &Type) -> String {
        match ty {
            Type::Number => "a number".into(),
            Type::Bool => "a bool".into(),
            Type::Text => "text".into(),
            Type::Date => "a date".into(),
            Type::Enum(variants) => format!(
                "an enum of {}",
                variants.names().collect::<Vec<_>>().join("|")
            ),
            Type::Reference(_) => "text (a reference)".into(),
            Type::List(element) => format!("a list of {}", self.describe_plural(element)),
            Type::Record(id) => {
                let name = &self.records[*id].name;
                if name.is_empty() {
                    "a record".into()
                } else {
                    format!("a `{name}` record")
                }
            }
            Type::Optional(inner) => format!("an optional {}", self.describe(inner)),
            Type::Nothing => "an empty list".into(),
            Type::Unknown => "a value of unknown type".into(),
        }
    }

    pub(super) fn expression(
        &mut self,
        expression: &ast::Expression,
        scope: &mut Scope,
    ) -> Option<Typed> {
        // Checked code is what the interpreter walks recursively: bounding its
        // depth here bounds evaluation too.
        if self.depth >= MAX_EXPRESSION_DEPTH {
            if !self.too_deep_reported {
                self.too_deep_reported = true;
                self.error(
                    Problem::error(
                        "kaoping::check::too_deep",
                        format!("expression nested more than {MAX_EXPRESSION_DEPTH} levels deep"),
                        expression.span,
                    )
                    .with_help("split it into named `let` steps"),
                );
            }
            return None;
        }
        self.depth += 1;
        let result = self.expression_at_depth(expression, scope);
        self.depth -= 1;
        match result {
            Some((code, Type::Optional(inner))) if self.present.contains(expression) => {
                Some((code, *inner))
            }
            other => other,
        }
    }

    /// Checks `expression` knowing that each of `present` holds a value, as a
    /// test of them guards it.
    pub(super) fn expression_where_present(
        &mut self,
        present: Vec<ast::Expression>,
        expression: &ast::Expression,
        scope: &mut Scope,
    ) -> Option<Typed> {
        let known = self.present.len();
        self.present.extend(present);
        let result = self.expression(expression, scope);
        self.present.truncate(known);
        result
    }

    fn expression_at_depth(
        &mut self,
        expression: &ast::Expression,
        scope: &mut Scope,
    ) -> Option<Typed> {
        let span = expression.span;
        let code = |kind| Code { kind, span };
        match &expression.kind {
            ExpressionKind::Number(text) => match Number::parse_decimal(text) {
                Some(number) => Some((Code::constant(Value::Number(number), span), Type::Number)),
                None => {
                    self.error(Problem::error(
                        "kaoping::check::number",
                        format!("`{text}` is not a number"),
                        span,
                    ));
                    None
                }
            },
            ExpressionKind::Percent(text) => {
                let number = Number::parse_decimal(text)?
                    .divide(&Number::from_integer(100))
                    .expect("100 is not zero");
                Some((Code::constant(Value::Number(number), span), Type::Number))
            }
            ExpressionKind::Boolean(value) => {
                Some((Code::constant(Value::Bool(*value), span), Type::Bool))
            }
            ExpressionKind::Text(text) => {
                Some((Code::constant(Value::text(text), span), Type::Text))
            }
            ExpressionKind::Date(text) => match Date::parse(text) {
                Some(date) => Some((Code::constant(Value::Date(date), span), Type::Date)),
                None => {
                    self.error(
                        Problem::error(
                            "kaoping::check::date",
                            format!("`{text}` is not a calendar date"),
                            span,
                        )
                        .with_help("write dates as YYYY-MM-DD"),
                    );
                    None
                }
            },
            ExpressionKind::Name(name) => self.name(name, scope),
            ExpressionKind::Record(entries) => {
                let mut fields = Vec::new();
                let mut codes = Vec::new();
                let mut ok = true;
                for (key, value) in entries {
                    if fields.iter().any(|f: &Field| f.name == key.text) {
                        self.error(
                            Problem::error(
                                "kaoping::check::duplicate_name",
                                format!("`{}` appears twice in this record", key.text),
                                key.span,
                            )
                            .with_help("give each entry its own name"),
                        );
                        ok = false;
                        continue;
                    }
                    match self.expression(value, scope) {
                        Some((value_code, ty)) => {
                            fields.push(Field {
                                name: key.text.clone(),
                                label: None,
                                schema: field_type_of(&ty),
                                default: None,
                                span: key.span,
                            });
                            codes.push(value_code);
                        }
                        None => ok = false,
                    }
                }
                if !ok {
                    return None;
                }
                let id = self.records.len();
                self.records.push(RecordType {
                    name: String::new(),
                    label: None,
                    fields,
                });
                Some((code(CodeKind::Record(codes)), Type::Record(id)))
            }
            ExpressionKind::List(elements) => {
                let mut element_type = Type::Nothing;
                let mut codes = Vec::new();
                for element in elements {
                    let (element_code, ty) = self.expression(element, scope)?;
                    match unify(&self.records, &element_type, &ty) {
                        Some(unified) => element_type = unified,
                        None => {
                            self.error(
                                Problem::error(
                                    "kaoping::check::type",
                                    format!(
                                        "list elements must have one type: expected {}, found {}",
                                        self.describe(&element_type),
                                        self.describe(&ty)
                                    ),
                                    element.span,
                                )
                                .with_help("make every element the same type"),
                            );
                            return None;
                        }
                    }
                    codes.push(element_code);
                }
                Some((
                    code(CodeKind::List(codes)),
                    Type::List(Box::new(element_type)),
                ))
            }
            ExpressionKind::Field(target, field) => {
                if let Some(result) = self.section_path(expression, scope) {
                    return result;
                }
                let (target_code, target_type) = self.expression(target, scope)?;
                self.field_access(target_code, &target_type, field, span)
            }
            ExpressionKind::Index(target, key) => {
                let (target_code, target_type) = self.expression(target, scope)?;
                let (key_code, key_type) = self.expression(key, scope)?;
                self.index(
                    target_code,
                    &target_type,
                    key_code,
                    &key_type,
                    key.span,
                    span,
                )
            }
            ExpressionKind::Unary(operator, operand) => {
                let expected = match operator {
                    UnaryOperator::Negate => Type::Number,
                    UnaryOperator::Not => Type::Bool,
                };
                let operand_code = self.expect(operand, scope, &expected)?;
                Some((
                    code(CodeKind::Unary(*operator, Box::new(operand_code))),
                    expected,
                ))
            }
            ExpressionKind::Binary(operator, left, right) => {
                self.binary(*operator, left, right, scope, span)
            }
            ExpressionKind::If(condition, then, otherwise) => {
                let condition_code = self.expect(condition, scope, &Type::Bool);
                let then_typed =
                    self.expression_where_present(present_when(condition, true), then, scope);
                let otherwise_typed =
                    self.expression_where_present(present_when(condition, false), otherwise, scope);
                let ((then_code, then_type), (otherwise_code, otherwise_type)) =
                    (then_typed?, otherwise_typed?);
                let Some(ty) = unify(&self.records, &then_type, &otherwise_type) else {
                    self.error(
                        Problem::error(
                            "kaoping::check::type",
                            format!(
                                "the branches of `if` differ: {} and {}",
                                self.describe(&then_type),
                                self.describe(&otherwise_type)
                            ),
                            otherwise.span,
                        )
                        .with_related(then.span, "the `then` branch")
                        .with_help("both branches must give the same type"),
                    );
                    return None;
                };
                Some((
                    code(CodeKind::If(
                        Box::new(condition_code?),
                        Box::new(then_code),
                        Box::new(otherwise_code),
                    )),
                    ty,
                ))
            }
            ExpressionKind::Call(function, arguments) => {
                self.call(function, arguments, scope, span)
            }
            ExpressionKind::Method(target, method, arguments) => {
                let (target_code, target_type) = self.expression(target, scope)?;
                self.method(
                    target_code,
                    &target_type,
                    target.span,
                    method,
                    arguments,
                    scope,
                    span,
                )
            }
        }
    }

    pub(super) fn name(&mut self, name: &ast::Name, scope: &mut Scope) -> Option<Typed> {
        let span = name.span;
        let code = |kind| Code { kind, span };
        for entry in scope.entries.iter().rev() {
            match entry {
                Entry::Named {
                    name: bound,
                    slot,
                    ty,
                } if *bound == name.text => {
                    return Some((code(CodeKind::Local(*slot)), ty.clone()));
                }
                Entry::Item { slot, ty } => {
                    if name.text == "it" {
                        return Some((code(CodeKind::Local(*slot)), ty.clone()));
                    }
                    if let Type::Record(record) = ty {
                        if let Some(index) = self.records[*record].field_index(&name.text) {
                            self.used_fields.insert((*record, index));
                            let ty = self.records[*record].fields[index].schema.expression_type();
                            return Some((
                                code(CodeKind::Field(
                                    Box::new(code(CodeKind::Local(*slot))),
                                    index,
                                    Arc::from(name.text.as_str()),
                                )),
                                ty,
                            ));
                        }
                    }
                }
                _ => {}
            }
        }
        if name.text == "max" {
            if let Some(max) = &scope.own_max {
                return Some((
                    Code::constant(Value::Number(max.clone()), span),
                    Type::Number,
                ));
            }
        }
        let candidate_context = matches!(scope.context, Context::Candidate { .. });
        if candidate_context && name.text == "candidate" {
            let record = self.candidate_record?;
            return Some((code(CodeKind::Candidate), Type::Record(record)));
        }
        if name.text == "peers" {
            return match scope.context {
                Context::Candidate { peers: true } => Some((
                    code(CodeKind::Peers),
                    Type::List(Box::new(Type::Record(self.candidate_record?))),
                )),
                _ => {
                    self.error(
                        Problem::error(
                            "kaoping::check::peers_outside_indicator",
                            "`peers` is only available inside indicators",
                            span,
                        )
                        .with_help("peers are the eligible candidates of the same group, known after eligibility"),
                    );
                    None
                }
            };
        }
        if candidate_context {
            if let Some(index) = self.derived[..scope.visible_derived.min(self.derived.len())]
                .iter()
                .position(|d| d.name == name.text)
            {
                let needs = self.derived[index].phase;
                if needs > self.phase {
                    self.too_early(name, needs, self.derived[index].span);
                    return None;
                }
                self.phase_read = self.phase_read.max(needs);
                return Some((
                    code(CodeKind::Derived(index)),
                    self.derived_types[index].clone(),
                ));
            }
        }
        if let Some(index) = self.parameters.iter().position(|p| p.name == name.text) {
            self.used_parameters.insert(index);
            let value = self.parameters[index].value.clone();
            return Some((
                Code::constant(value, span),
                self.parameter_types[index].clone(),
            ));
        }
        if self.failed_parameters.contains(&name.text) {
            // Its own error is reported; reading it is not another.
            self.read_failed_parameter = true;
            return Some((Code::constant(Value::Absent, span), Type::Unknown));
        }
        if candidate_context {
            if let Some(root) = self.root {
                if let Some(index) = self.records[root].field_index(&name.text) {
                    self.used_fields.insert((root, index));
                    let ty = self.records[root].fields[index].schema.expression_type();
                    return Some((code(CodeKind::Root(index)), ty));
                }
            }
        }
        if candidate_context {
            if let Some(result) = self.late_name(name) {
                return result;
            }
        }
        if let Some(problem) = self.unreadable_name(name, scope) {
            self.error(problem);
            return None;
        }
        // Nothing matched: suggest the closest visible name.
        let mut visible: Vec<String> = Vec::new();
        for entry in &scope.entries {
            match entry {
                Entry::Named { name, .. } => visible.push(name.clone()),
                Entry::Item { ty, .. } => {
                    visible.push("it".into());
                    if let Type::Record(record) = ty {
                        visible.extend(self.records[*record].fields.iter().map(|f| f.name.clone()));
                    }
                }
            }
        }
        visible.extend(self.parameters.iter().map(|p| p.name.clone()));
        if candidate_context {
            visible.push("candidate".into());
            visible.extend(self.derived.iter().map(|d| d.name.clone()));
            if let Some(root) = self.root {
                visible.extend(self.records[root].fields.iter().map(|f| f.name.clone()));
            }
        }
        let mut problem = Problem::error(
            "kaoping::check::unknown_name",
            format!("unknown name `{}`", name.text),
            span,
        );
        problem = match did_you_mean(&name.text, visible.iter().map(String::as_str)) {
            Some(help) => problem.with_help(help),
            None if scope.context == Context::Constant => {
                problem.with_help("a constant can use numbers and earlier parameters only")
            }
            None => problem.with_help("declare it with `let` or `param`, or reach the facts through `candidate.` or an input field"),
        };
        self.error(problem);
        None
    }

    pub(super) fn field_access(
        &mut self,
        target: Code,
        target_type: &Type,
        field: &ast::Name,
        span: Span,
    ) -> Option<Typed> {
        match target_type {
            Type::Unknown => Some((target, Type::Unknown)),
            Type::Record(record) => match self.records[*record].field_index(&field.text) {
                Some(index) => {
                    self.used_fields.insert((*record, index));
                    let ty = self.records[*record].fields[index].schema.expression_type();
                    Some((
                        Code {
                            kind: CodeKind::Field(
                                Box::new(target),
                                index,
                                Arc::from(field.text.as_str()),
                            ),
                            span,
                        },
                        ty,
                    ))
                }
                None => {
                    let record_type = &self.records[*record];
                    let names: Vec<String> =
                        record_type.fields.iter().map(|f| f.name.clone()).collect();
                    let owner = if Some(*record) == self.candidate_record {
                        "`candidate`".to_string()
                    } else if record_type.name.is_empty() {
                        "this record".to_string()
                    } else {
                        format!("`{}`", record_type.name)
                    };
                    let mut problem = Problem::error(
                        "kaoping::check::unknown_field",
                        format!("{owner} has no field `{}`", field.text),
                        field.span,
                    );
                    problem = match did_you_mean(&field.text, names.iter().map(String::as_str)) {
                        Some(help) => problem.with_help(help),
                        None => problem.with_help(format!("its fields are: {}", names.join(", "))),
                    };
                    self.error(problem);
                    None
                }
            },
            Type::Optional(_) => {
                self.error(
                    Problem::error(
                        "kaoping::check::optional",
                        format!("cannot read `{}` of a value that may be absent", field.text),
                        field.span,
                    )
                    .with_help("test it with `present(…)` or give a fallback with `??`"),
                );
                None
            }
            other => {
                let described = self.describe(other);
                self.error(
                    Problem::error(
                        "kaoping::check::unknown_field",
                        format!("{described} has no field `{}`", field.text),
                        field.span,
                    )
                    .with_help("only records have fields"),
                );
                None
            }
        }
    }

    pub(super) fn index(
        &mut self,
        target: Code,
        target_type: &Type,
        key: Code,
        key_type: &Type,
        key_span: Span,
        span: Span,
    ) -> Option<Typed> {
        if matches!(target_type, Type::Unknown) || matches!(key_type, Type::Unknown) {
            return Some((target, Type::Unknown));
        }
        // A keyed root list indexed by a reference to it: always found,
        // because loading the facts checks every reference.
        if let (CodeKind::Root(root_field), Type::List(element)) = (&target.kind, target_type) {
            if let (Some(root), Type::Record(element_record)) = (self.root, element.as_ref()) {
                if let FieldType::List {
                    key: Some(key_field),
                    ..
                } = &self.records[root].fields[*root_field].schema
                {
                    if *key_type == Type::Reference(*root_field) {
                        self.used_fields.insert((*element_record, *key_field));
                        return Some((
                            Code {
                                kind: CodeKind::Lookup {
                                    list: Box::new(target),
                                    key_field: *key_field,
                                    key: Box::new(key),
                                },
                                span,
                            },
                            Type::Record(*element_record),
                        ));
                    }
                    let field_name = self.records[root].fields[*root_field].name.clone();
                    self.error(
                        Problem::error(
                            "kaoping::check::index",
                            format!("`{field_name}` can only be indexed by a field declared `text ref {field_name}`"),
                            key_span,
                        )
                        .with_help(format!(
                            "declare the key field as `text ref {field_name}` so that loading checks it exists"
                        )),
                    );
                    return None;
                }
            }
        }
        if let (Type::Record(record), Type::Enum(variants)) = (target_type, key_type) {
            let record_type = &self.records[*record];
            let mut fields = Vec::new();
            let mut field_type: Option<Type> = None;
            for variant in variants.names() {
                match record_type.field_index(variant) {
                    Some(index) => {
                        let ty = record_type.fields[index].schema.expression_type();
                        match &field_type {
                            Some(previous) if unify(&self.records, previous, &ty).is_none() => {
                                self.error(
                                    Problem::error(
                                        "kaoping::check::index",
                                        "the record's fields have different types, so indexing it has no single type",
                                        span,
                                    )
                                    .with_help("give every field the same type"),
                                );
                                return None;
                            }
                            _ => field_type = Some(ty),
                        }
                        fields.push(index);
                    }
                    None => {
                        self.error(
                            Problem::error(
                                "kaoping::check::index",
                                format!("the record has no entry for `{variant}`"),
                                span,
                            )
                            .with_help(format!(
                                "indexing by an enum needs one entry per variant: {}",
                                variants.names().collect::<Vec<_>>().join(", ")
                            )),
                        );
                        return None;
                    }
                }
            }
            return Some((
                Code {
                    kind: CodeKind::Select {
                        record: Box::new(target),
                        variants: Arc::clone(variants),
                        fields,
                        key: Box::new(key),
                    },
                    span,
                },
                field_type.unwrap_or(Type::Nothing),
            ));
        }
        let described = self.describe(target_type);
        let key_described = self.describe(key_type);
        self.error(
            Problem::error(
                "kaoping::check::index",
                format!("cannot index {described} by {key_described}"),
                span,
            )
            .with_help(
                "index a keyed input list by a `text ref` field, or a record by an enum value",
            ),
        );
        None
    }

    pub(super) fn binary(
        &mut self,
        operator: BinaryOperator,
        left: &ast::Expression,
        right: &ast::Expression,
        scope: &mut Scope,
        span: Span,
    ) -> Option<Typed> {
        use BinaryOperator as B;
        let make = |kind| Code { kind, span };
        match operator {
            B::Add | B::Subtract | B::Multiply | B::Divide | B::Cap | B::Floor => {
                let left_code = self.expect_operand(operator, left, scope, &Type::Number);
                let right_code = self.expect_operand(operator, right, scope, &Type::Number);
                Some((
                    make(CodeKind::Binary(
                        operator,
                        Box::new(left_code?),
                        Box::new(right_code?),
                    )),
                    Type::Number,
                ))
            }
            B::And | B::Or => {
                let left_code = self.expect_operand(operator, left, scope, &Type::Bool);
                // The right operand is read only when the left is true (`and`)
                // or false (`or`), so what that tells is known there.
                let known = self.present.len();
                self.present.extend(present_when(left, operator == B::And));
                let right_code = self.expect_operand(operator, right, scope, &Type::Bool);
                self.present.truncate(known);
                Some((
                    make(CodeKind::Binary(
                        operator,
                        Box::new(left_code?),
                        Box::new(right_code?),
                    )),
                    Type::Bool,
                ))
            }
            B::Default => {
                let (left_code, left_type) = self.expression(left, scope)?;
                let Type::Optional(inner) = left_type else {
                    self.error(
                        Problem::error(
                            "kaoping::check::type",
                            format!(
                                "`??` needs an optional value on its left, found {}",
                                self.describe(&left_type)
                            ),
                            left.span,
                        )
                        .with_help("the value is always present: remove `?? …`"),
                    );
                    return None;
                };
                let right_code = self.expect(right, scope, &inner)?;
                Some((
                    make(CodeKind::Binary(
                        operator,
                        Box::new(left_code),
                        Box::new(right_code),
                    )),
                    *inner,
                ))
            }
            B::Equal | B::NotEqual | B::Less | B::LessEqual | B::Greater | B::GreaterEqual => {
                let left_typed = self.expression(left, scope);
                let right_typed = self.expression(right, scope);
                let ((left_code, left_type), (right_code, right_type)) =
                    (left_typed?, right_typed?);
                let ordered = !matches!(operator, B::Equal | B::NotEqual);
                // An enum compared with a text literal: the literal must be a variant.
                for (ty, other, other_span) in [
                    (&left_type, &right_code, right.span),
                    (&right_type, &left_code, left.span),
                ] {
                    if let (Type::Enum(variants), CodeKind::Constant(Value::Text(text))) =
                        (ty, &other.kind)
                    {
                        if !variants.has(text) {
                            let mut problem = Problem::error(
                                "kaoping::check::unknown_variant",
                                format!("`{text}` is not a value of this enum"),
                                other_span,
                            );
                            problem = match did_you_mean(text, variants.names()) {
                                Some(help) => problem.with_help(help),
                                None => problem.with_help(format!(
                                    "its values are: {}",
                                    variants.names().collect::<Vec<_>>().join(", ")
                                )),
                            };
                            self.error(problem);
                            return None;
                        }
                    }
                }
                let comparable = match (&left_type, &right_type) {
                    // A side whose own error is reported compares with anything.
                    (Type::Unknown, _) | (_, Type::Unknown) => true,
                    (Type::Number, Type::Number) | (Type::Date, Type::Date) => true,
                    (a, b) if a.is_text_like() && b.is_text_like() => !ordered,
                    (Type::Bool, Type::Bool) => !ordered,
                    _ => false,
                };
                if !comparable {
                    let help = if ordered {
                        "`<`, `<=`, `>`, `>=` compare two numbers or two dates"
                    } else {
                        "compare two values of the same type"
                    };
                    self.error(
                        Problem::error(
                            "kaoping::check::type",
                            format!(
                                "cannot compare {} with {} using `{}`",
                                self.describe(&left_type),
                                self.describe(&right_type),
                                operator.symbol()
                            ),
                            span,
                        )
                        .with_help(help),
                    );
                    return None;
                }
                Some((
                    make(CodeKind::Binary(
                        operator,
                        Box::new(left_code),
                        Box::new(right_code),
                    )),
                    Type::Bool,
                ))
            }
        }
    }

    pub(super) fn expect_operand(
        &mut self,
        operator: BinaryOperator,
        operand: &ast::Expression,
        scope: &mut Scope,
        expected: &Type,
    ) -> Option<Code> {
        let (code, found) = self.expression(operand, scope)?;
        if compatible(&self.records, expected, &found) {
            return Some(code);
        }
        let help = match (expected, &found) {
            (Type::Number, Type::Bool) => {
                "use `if CONDITION then 1 else 0` to count a condition".to_string()
            }
            (_, Type::Optional(_)) => {
                "the value may be absent: give a fallback with `?? VALUE`".to_string()
            }
            _ => format!(
                "`{}` works on {}",
                operator.symbol(),
                self.describe(expected)
            ),
        };
        self.error(
            Problem::error(
                "kaoping::check::type",
                format!(
                    "`{}` expects {}, found {}",
                    operator.symbol(),
                    self.describe(expected),
                    self.describe(&found)
                ),
                operand.span,
            )
            .with_help(help),
        );
        None
    }

    pub(super) fn call(
        &mut self,
        function: &ast::Name,
        arguments: &[ast::Expression],
        scope: &mut Scope,
        span: Span,
    ) -> Option<Typed> {
        let make = |kind| Code { kind, span };
        let (which, arity): (Function, std::ops::RangeInclusive<usize>) =
            match function.text.as_str() {
                "min" => (Function::Min, 1..=usize::MAX),
                "max" => (Function::Max, 1..=usize::MAX),
                "round_down" => (Function::RoundDown, 1..=2),
                "round_up" => (Function::RoundUp, 1..=2),
                "round" => (Function::Round(self.rounding_mode), 2..=2),
                "abs" => (Function::Abs, 1..=1),
                "present" => (Function::Present, 1..=1),
                "days_between" => (Function::DaysBetween, 2..=2),
                "date" => (Function::Date, 3..=3),
                "characters" => (Function::Characters, 1..=1),
                "contains_any" => (Function::ContainsAny, 2..=2),
                "extension" => (Function::Extension, 1..=1),
                "grouped" => (Function::Grouped, 1..=1),
                other if self.scripts.functions.iter().any(|f| f.name == other) => {
                    return self.script_call(function, arguments, scope, span);
                }
                other if self.uncompiled_functions.iter().any(|name| name == other) => {
                    // Its script's error is reported already.
                    for argument in arguments {
                        self.expression(argument, scope);
                    }
                    return Some((Code::constant(Value::Absent, span), Type::Unknown));
                }
                other => {
                    // The arguments are still checked, so their own mistakes show.
                    for argument in arguments {
                        self.expression(argument, scope);
                    }
                    let mut problem = Problem::error(
                        "kaoping::check::unknown_function",
                        format!("unknown function `{other}`"),
                        function.span,
                    );
                    let methods_hint = LIST_METHODS.contains(&other);
                    problem = match did_you_mean(other, FUNCTIONS) {
                        Some(help) => problem.with_help(help),
                        None if methods_hint => problem.with_help(format!(
                            "`{other}` is a list method: write `LIST.{other}(…)`"
                        )),
                        None => problem
                            .with_help(format!("the functions are: {}", FUNCTIONS.join(", "))),
                    };
                    self.error(problem);
                    return None;
                }
            };
        if !arity.contains(&arguments.len()) {
            let expected = if arity.end() == &usize::MAX {
                format!("at least {}", arity.start())
            } else if arity.start() == arity.end() {
                arity.start().to_string()
            } else {
                format!("{} or {}", arity.start(), arity.end())
            };
            self.error(
                Problem::error(
                    "kaoping::check::arity",
                    format!(
                        "`{}` takes {expected} argument(s), found {}",
                        function.text,
                        arguments.len()
                    ),
                    span,
                )
                .with_help("check the function's arguments in the language tour"),
            );
            return None;
        }
        match which {
            Function::Present => {
                let (code, ty) = self.expression(&arguments[0], scope)?;
                if !matches!(ty, Type::Optional(_)) {
                    self.error(
                        Problem::error(
                            "kaoping::check::type",
                            format!(
                                "`present` needs an optional value, found {}",
                                self.describe(&ty)
                            ),
                            arguments[0].span,
                        )
                        .with_help("this value is always present"),
                    );
                    return None;
                }
                Some((make(CodeKind::Call(which, vec![code])), Type::Bool))
            }
            Function::DaysBetween => {
                let from = self.expect(&arguments[0], scope, &Type::Date);
                let to = self.expect(&arguments[1], scope, &Type::Date);
                Some((make(CodeKind::Call(which, vec![from?, to?])), Type::Number))
            }
            Function::Date => {
                let parts: Vec<Option<Code>> = arguments
                    .iter()
                    .map(|argument| self.expect(argument, scope, &Type::Number))
                    .collect();
                let parts: Option<Vec<Code>> = parts.into_iter().collect();
                Some((make(CodeKind::Call(which, parts?)), Type::Date))
            }
            Function::Characters => {
                let text = self.expect(&arguments[0], scope, &Type::Text)?;
                Some((make(CodeKind::Call(which, vec![text])), Type::Number))
            }
            Function::Extension => {
                let text = self.expect(&arguments[0], scope, &Type::Text)?;
                Some((make(CodeKind::Call(which, vec![text])), Type::Text))
            }
            Function::Grouped => {
                let number = self.expect(&arguments[0], scope, &Type::Number)?;
                Some((make(CodeKind::Call(which, vec![number])), Type::Text))
            }
            Function::ContainsAny => {
                let text = self.expect(&arguments[0], scope, &Type::Text);
                let names_type = Type::List(Box::new(Type::Text));
                let names = self.expect(&arguments[1], scope, &names_type);
                Some((make(CodeKind::Call(which, vec![text?, names?])), names_type))
            }
            Function::Round(_) => {
                let value = self.expect(&arguments[0], scope, &Type::Number);
                let places = self.expect(&arguments[1], scope, &Type::Number);
                Some((
                    make(CodeKind::Call(which, vec![value?, places?])),
                    Type::Number,
                ))
            }
            _ => {
                let mut codes = Vec::new();
                let mut ok = true;
                for argument in arguments {
                    match self.expect(argument, scope, &Type::Number) {
                        Some(code) => codes.push(code),
                        None => ok = false,
                    }
                }
                ok.then(|| (make(CodeKind::Call(which, codes)), Type::Number))
            }
        }
    }

    /// A call of a function defined in a `script` block: numbers in, a number out.
    fn script_call(
        &mut self,
        function: &ast::Name,
        arguments: &[ast::Expression],
        scope: &mut Scope,
        span: Span,
    ) -> Option<Typed> {
        let index = self
            .scripts
            .functions
            .iter()
            .position(|f| f.name == function.text)?;
        let arity = self.scripts.functions[index].arity;
        let codes: Vec<Option<Code>> = arguments
            .iter()
            .map(|argument| self.expect(argument, scope, &Type::Number))
            .collect();
        if arguments.len() != arity {
            self.error(
                Problem::error(
                    "kaoping::check::arity",
                    format!(
                        "script function `{}` takes {arity} argument(s), found {}",
                        function.text,
                        arguments.len()
                    ),
                    span,
                )
                .with_help("check the function's parameters in its `script` block"),
            );
            return None;
        }
        if scope.context == Context::Constant {
            self.error(
                Problem::error(
                    "kaoping::check::script",
                    format!(
                        "script function `{}` cannot be called here: parameters, maxima and quotas are constants",
                        function.text
                    ),
                    span,
                )
                .with_help("call it in an indicator, a `let` or a rule"),
            );
            return None;
        }
        let codes: Option<Vec<Code>> = codes.into_iter().collect();
        Some((
            Code {
                kind: CodeKind::Script(index, codes?),
                span,
            },
            Type::Number,
        ))
    }

    #[allow(clippy::too_many_arguments)]
    pub(super) fn method(
        &mut self,
        list: Code,
        list_type: &Type,
        list_span: Span,
        method: &ast::Name,
        arguments: &[ast::Expression],
        scope: &mut Scope,
        span: Span,
    ) -> Option<Typed> {
        let element = match list_type {
            Type::List(element) => (**element).clone(),
            Type::Unknown => return Some((list, Type::Unknown)),
            Type::Optional(_) => {
                self.error(
                    Problem::error(
                        "kaoping::check::optional",
                        format!(
                            "cannot call `{}` on a value that may be absent",
                            method.text
                        ),
                        list_span,
                    )
                    .with_help("give a fallback first, e.g. `(x ?? [])`"),
                );
                return None;
            }
            other => {
                let described = self.describe(other);
                self.error(
                    Problem::error(
                        "kaoping::check::type",
                        format!("`{}` is a list method, but this is {described}", method.text),
                        list_span,
                    )
                    .with_help("list methods apply to lists, e.g. `candidate.supervision.deductions.sum(points)`"),
                );
                return None;
            }
        };
        let which = match method.text.as_str() {
            "count" => ListMethod::Count,
            "sum" => ListMethod::Sum,
            "max" => ListMethod::Max,
            "min" => ListMethod::Min,
            "mean" => ListMethod::Mean,
            "filter" => ListMethod::Filter,
            "map" => ListMethod::Map,
            "any" => ListMethod::Any,
            "all" => ListMethod::All,
            "group_by" => ListMethod::GroupBy,
            "distinct_by" => ListMethod::DistinctBy,
            "duplicates_by" => ListMethod::DuplicatesBy,
            "take_per" => ListMethod::TakePer,
            "drop_per" => ListMethod::DropPer,
            "take" => ListMethod::Take,
            "drop" => ListMethod::Drop,
            "contains" => ListMethod::Contains,
            "rank_desc" => ListMethod::RankDescending,
            other => {
                let mut problem = Problem::error(
                    "kaoping::check::unknown_method",
                    format!("lists have no method `{other}`"),
                    method.span,
                );
                problem = match did_you_mean(other, LIST_METHODS) {
                    Some(help) => problem.with_help(help),
                    None => problem
                        .with_help(format!("the list methods are: {}", LIST_METHODS.join(", "))),
                };
                self.error(problem);
                return None;
            }
        };
        let (min_arguments, max_arguments) = match which {
            ListMethod::Count
            | ListMethod::Sum
            | ListMethod::Max
            | ListMethod::Min
            | ListMethod::Mean => (0, 1),
            ListMethod::TakePer | ListMethod::DropPer => (2, 2),
            _ => (1, 1),
        };
        if arguments.len() < min_arguments || arguments.len() > max_arguments {
            let expected = if min_arguments == max_arguments {
                min_arguments.to_string()
            } else {
                format!("{min_arguments} or {max_arguments}")
            };
            self.error(
                Problem::error(
                    "kaoping::check::arity",
                    format!(
                        "`{}` takes {expected} argument(s), found {}",
                        method.text,
                        arguments.len()
                    ),
                    span,
                )
                .with_help("check the method in the language tour"),
            );
            return None;
        }
        // `take`, `drop` and `contains` evaluate their argument once, outside
        // the per-item scope.
        if matches!(
            which,
            ListMethod::Take | ListMethod::Drop | ListMethod::Contains
        ) {
            let expected = if which == ListMethod::Contains {
                element.clone()
            } else {
                Type::Number
            };
            let argument = self.expect(&arguments[0], scope, &expected)?;
            let result = if which == ListMethod::Contains {
                Type::Bool
            } else {
                list_type.clone()
            };
            return Some((
                Code {
                    kind: CodeKind::Method {
                        method: which,
                        list: Box::new(list),
                        slot: usize::MAX,
                        arguments: vec![argument],
                    },
                    span,
                },
                result,
            ));
        }
        if which == ListMethod::RankDescending
            && Some(&element) != self.candidate_record.map(Type::Record).as_ref()
        {
            self.error(
                Problem::error(
                    "kaoping::check::type",
                    "`rank_desc` ranks the current candidate among a list of candidates",
                    list_span,
                )
                .with_help("use it as `peers.rank_desc(EXPRESSION)`"),
            );
            return None;
        }
        let slot = scope.allocate();
        scope.entries.push(Entry::Item {
            slot,
            ty: element.clone(),
        });
        // Inside a per-item argument the item's fields shadow outer names, so
        // an outer `present(x)` says nothing about an `x` written here.
        let outer_present = std::mem::take(&mut self.present);
        let compiled: Vec<Option<Typed>> = arguments
            .iter()
            .map(|a| self.expression(a, scope))
            .collect();
        self.present = outer_present;
        scope.entries.pop();
        let mut codes = Vec::new();
        let mut types = Vec::new();
        for typed in compiled {
            let (code, ty) = typed?;
            codes.push(code);
            types.push(ty);
        }
        let number_argument = |checker: &mut Checker, index: usize| -> bool {
            match types.get(index) {
                Some(Type::Number | Type::Unknown) => true,
                Some(other) => {
                    let described = checker.describe(other);
                    checker.error(
                        Problem::error(
                            "kaoping::check::type",
                            format!("`{}` needs a number here, found {described}", method.text),
                            arguments[index].span,
                        )
                        .with_help("give an expression that yields a number for each item"),
                    );
                    false
                }
                None => {
                    if matches!(element, Type::Number | Type::Nothing | Type::Unknown) {
                        true
                    } else {
                        let described = checker.describe(&element);
                        checker.error(
                            Problem::error(
                                "kaoping::check::type",
                                format!(
                                    "`{}()` needs a list of numbers, found a list of {described}",
                                    method.text
                                ),
                                span,
                            )
                            .with_help(format!(
                                "say what to {} for each item, e.g. `.{}(points)`",
                                method.text, method.text
                            )),
                        );
                        false
                    }
                }
            }
        };
        let bool_argument = |checker: &mut Checker, index: usize| -> bool {
            match types.get(index) {
                Some(Type::Bool | Type::Unknown) => true,
                Some(other) => {
                    let described = checker.describe(other);
                    checker.error(
                        Problem::error(
                            "kaoping::check::type",
                            format!("`{}` needs a condition, found {described}", method.text),
                            arguments[index].span,
                        )
                        .with_help("give a true/false expression over the item's fields"),
                    );
                    false
                }
                None => true,
            }
        };
        let key_argument = |checker: &mut Checker, index: usize| -> bool {
            match &types[index] {
                Type::Number
                | Type::Unknown
                | Type::Text
                | Type::Enum(_)
                | Type::Reference(_)
                | Type::Date
                | Type::Bool => true,
                other => {
                    let described = checker.describe(other);
                    checker.error(
                        Problem::error(
                            "kaoping::check::type",
                            format!(
                                "`{}` needs a key to compare, found {described}",
                                method.text
                            ),
                            arguments[index].span,
                        )
                        .with_help("use a text, number, date, bool or enum field as the key"),
                    );
                    false
                }
            }
        };
        let result = match which {
            ListMethod::Count => bool_argument(self, 0).then_some(Type::Number),
            ListMethod::Sum
            | ListMethod::Max
            | ListMethod::Min
            | ListMethod::Mean
            | ListMethod::RankDescending => number_argument(self, 0).then_some(Type::Number),
            ListMethod::Filter => bool_argument(self, 0).then(|| list_type.clone()),
            ListMethod::Any | ListMethod::All => bool_argument(self, 0).then_some(Type::Bool),
            ListMethod::Map => Some(Type::List(Box::new(types[0].clone()))),
            ListMethod::DistinctBy | ListMethod::DuplicatesBy => {
                key_argument(self, 0).then(|| list_type.clone())
            }
            ListMethod::TakePer | ListMethod::DropPer => {
                (key_argument(self, 0) && number_argument(self, 1)).then(|| list_type.clone())
            }
            ListMethod::GroupBy => {
                if key_argument(self, 0) {
                    let id = self.records.len();
                    self.records.push(RecordType {
                        name: "group".into(),
                        label: None,
                        fields: vec![
                            Field {
                                name: "key".into(),
                                label: None,
                                schema: field_type_of(&types[0]),
                                default: None,
                                span,
                            },
                            Field {
                                name: "items".into(),
                                label: None,
                                schema: field_type_of(list_type),
                                default: None,
                                span,
                            },
                        ],
                    });
                    Some(Type::List(Box::new(Type::Record(id))))
                } else {
                    None
                }
            }
            ListMethod::Take | ListMethod::Drop | ListMethod::Contains => {
                unreachable!("handled above")
            }
        }?;
        Some((
            Code {
                kind: CodeKind::Method {
                    method: which,
                    list: Box::new(list),
                    slot,
                    arguments: codes,
                },
                span,
            },
            result,
        ))
    }
}

/// Whether a value of type `found` may stand where `expected` is needed.
pub(super) fn compatible(records: &[RecordType], expected: &Type, found: &Type) -> bool {
    if matches!(found, Type::Unknown) || matches!(expected, Type::Unknown) {
        return true;
    }
    unify(records, expected, found).is_some_and(|unified| {
        same_shape(records, &unified, expected) || matches!(expected, Type::Text)
    })
}

/// The common type of two branches or list elements, if they have one.
pub(super) fn unify(records: &[RecordType], a: &Type, b: &Type) -> Option<Type> {
    match (a, b) {
        (Type::Unknown, other) | (other, Type::Unknown) => Some(other.clone()),
        (Type::Nothing, other) | (other, Type::Nothing) => Some(other.clone()),
        (Type::List(x), Type::List(y)) => Some(Type::List(Box::new(unify(records, x, y)?))),
        (Type::Optional(x), Type::Optional(y)) => {
            Some(Type::Optional(Box::new(unify(records, x, y)?)))
        }
        (x, y) if same_shape(records, x, y) => Some(x.clone()),
        (x, y) if x.is_text_like() && y.is_text_like() => Some(Type::Text),
        _ => None,
    }
}

/// Structural equality: two record types with the same field names and
/// field types are the same type, wherever they were written.
pub(super) fn same_shape(records: &[RecordType], a: &Type, b: &Type) -> bool {
    match (a, b) {
        (Type::Record(x), Type::Record(y)) => {
            x == y || {
                let (x, y) = (&records[*x].fields, &records[*y].fields);
                x.len() == y.len()
                    && x.iter().zip(y).all(|(f, g)| {
                        f.name == g.name
                            && same_shape(
                                records,
                                &f.schema.expression_type(),
                                &g.schema.expression_type(),
                            )
                    })
            }
        }
        (Type::List(x), Type::List(y)) | (Type::Optional(x), Type::Optional(y)) => {
            same_shape(records, x, y)
        }
        _ => a == b,
    }
}

pub(super) fn field_type_of(ty: &Type) -> FieldType {
    match ty {
        Type::Number => FieldType::Number {
            integer: false,
            low: None,
            high: None,
        },
        Type::Bool => FieldType::Bool,
        Type::Text | Type::Nothing | Type::Unknown => FieldType::Text,
        Type::Date => FieldType::Date,
        Type::Enum(variants) => FieldType::Enum(Arc::clone(variants)),
        Type::Reference(root_field) => FieldType::Reference {
            root_field: *root_field,
        },
        Type::List(element) => FieldType::List {
            element: Box::new(field_type_of(element)),
            key: None,
        },
        Type::Record(id) => FieldType::Record(*id),
        Type::Optional(inner) => FieldType::Optional(Box::new(field_type_of(inner))),
    }
}

/// Calls `f` on every node of `code`, parents before children.
pub fn visit(code: &Code, f: &mut dyn FnMut(&Code)) {
    f(code);
    for child in code.children() {
        visit(child, f);
    }
}

/// The optional values that are present whenever `condition` is `holds`:
/// `present(x)` and `a and b` when true, `not present(x)` and `a or b` when
/// false.
pub(super) fn present_when(condition: &ast::Expression, holds: bool) -> Vec<ast::Expression> {
    match (&condition.kind, holds) {
        (ExpressionKind::Call(function, arguments), true)
            if function.text == "present" && arguments.len() == 1 =>
        {
            vec![arguments[0].clone()]
        }
        (ExpressionKind::Unary(UnaryOperator::Not, operand), _) => present_when(operand, !holds),
        (ExpressionKind::Binary(ast::BinaryOperator::And, left, right), true)
        | (ExpressionKind::Binary(ast::BinaryOperator::Or, left, right), false) => {
            let mut present = present_when(left, holds);
            present.extend(present_when(right, holds));
            present
        }
        _ => Vec::new(),
    }
}
