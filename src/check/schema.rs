//! The input schema: records, field types, references, and unused-input warnings.

use std::collections::BTreeSet;
use std::sync::Arc;

use super::expressions::compatible;
use super::*;

impl Checker {
    // ------------------------------------------------------------ schema

    pub(super) fn fields(&mut self, declarations: &[ast::FieldDeclaration]) -> Vec<Field> {
        let mut fields: Vec<Field> = Vec::new();
        for declaration in declarations {
            if let Some(first) = fields.iter().find(|f| f.name == declaration.name.text) {
                let first = first.span;
                self.error(
                    Problem::error(
                        "kaoping::check::duplicate_name",
                        format!("field `{}` is declared twice", declaration.name.text),
                        declaration.name.span,
                    )
                    .with_related(first, "first declared here")
                    .with_help("each field of a record needs its own name"),
                );
                continue;
            }
            let schema = self
                .field_type(&declaration.field_type)
                .unwrap_or(FieldType::Unknown);
            let default = declaration.default.as_ref().and_then(|expression| {
                let value = self.constant(expression)?;
                let expected = schema.expression_type();
                let (_, found) = value;
                if !compatible(&self.records, &expected, &found) {
                    self.error(
                        Problem::error(
                            "kaoping::check::type",
                            format!(
                                "the default of `{}` is {}, but the field is {}",
                                declaration.name.text,
                                self.describe(&found),
                                self.describe(&expected)
                            ),
                            expression.span,
                        )
                        .with_help("give a default of the field's type"),
                    );
                    return None;
                }
                Some(value.0)
            });
            fields.push(Field {
                name: declaration.name.text.clone(),
                label: declaration.label.clone(),
                schema,
                default,
                span: declaration.span,
            });
        }
        fields
    }

    pub(super) fn field_type(&mut self, expression: &ast::TypeExpression) -> Option<FieldType> {
        use ast::TypeExpression as T;
        match expression {
            T::Named(name) => match name.text.as_str() {
                "int" => Some(FieldType::Number {
                    integer: true,
                    low: None,
                    high: None,
                }),
                "decimal" => Some(FieldType::Number {
                    integer: false,
                    low: None,
                    high: None,
                }),
                "bool" => Some(FieldType::Bool),
                "text" => Some(FieldType::Text),
                "date" => Some(FieldType::Date),
                other => match self.record_names.get(other) {
                    Some((id, _)) => Some(FieldType::Record(*id)),
                    None => {
                        let names: Vec<String> = SCALAR_TYPES
                            .iter()
                            .map(|s| s.to_string())
                            .chain(self.record_names.keys().cloned())
                            .collect();
                        let mut problem = Problem::error(
                            "kaoping::check::unknown_type",
                            format!("unknown type `{other}`"),
                            name.span,
                        );
                        problem = match did_you_mean(other, names.iter().map(String::as_str)) {
                            Some(help) => problem.with_help(help),
                            None => problem.with_help(
                                "use int, decimal, bool, text, date, or a `record` declared in this policy",
                            ),
                        };
                        self.error(problem);
                        None
                    }
                },
            },
            T::Range {
                scalar,
                low,
                high,
                span,
            } => {
                let integer = scalar.text == "int";
                let written = (low, high);
                let (Ok(low), Ok(high)) = (
                    self.range_bound(written.0.as_ref(), *span),
                    self.range_bound(written.1.as_ref(), *span),
                ) else {
                    return None;
                };
                if !matches!(scalar.text.as_str(), "int" | "decimal") {
                    self.error(
                        Problem::error(
                            "kaoping::check::range",
                            format!(
                                "only `int` and `decimal` take a range, not `{}`",
                                scalar.text
                            ),
                            scalar.span,
                        )
                        .with_help("remove the range"),
                    );
                }
                if let (Some(low), Some(high)) = (&low, &high) {
                    if low > high {
                        self.empty_range(written, (low, high), *span);
                    }
                }
                Some(FieldType::Number { integer, low, high })
            }
            T::Reference(target, _) => self.reference(target),
            T::Optional(inner, _) => Some(FieldType::Optional(Box::new(self.field_type(inner)?))),
            T::List { element, key, .. } => {
                let element = self.field_type(element)?;
                let key = match key {
                    None => None,
                    Some(key) => {
                        let FieldType::Record(id) = element else {
                            self.error(
                                Problem::error(
                                    "kaoping::check::list_key",
                                    "only a list of records can have a `key`",
                                    key.span,
                                )
                                .with_help("remove `key`, or make the elements records"),
                            );
                            return None;
                        };
                        match self.records[id].field_index(&key.text) {
                            Some(index) => Some(index),
                            None => {
                                let names: Vec<String> = self.records[id]
                                    .fields
                                    .iter()
                                    .map(|f| f.name.clone())
                                    .collect();
                                let mut problem = Problem::error(
                                    "kaoping::check::unknown_field",
                                    format!(
                                        "record `{}` has no field `{}` to use as key",
                                        self.records[id].name, key.text
                                    ),
                                    key.span,
                                );
                                if let Some(help) =
                                    did_you_mean(&key.text, names.iter().map(String::as_str))
                                {
                                    problem = problem.with_help(help);
                                } else {
                                    problem = problem
                                        .with_help("name a text field of the element record");
                                }
                                self.error(problem);
                                None
                            }
                        }
                    }
                };
                Some(FieldType::List {
                    element: Box::new(element),
                    key,
                })
            }
            T::Record(fields, _) => {
                let id = self.records.len();
                self.records.push(RecordType {
                    name: String::new(),
                    label: None,
                    fields: Vec::new(),
                });
                let fields = self.fields(fields);
                self.records[id].fields = fields;
                Some(FieldType::Record(id))
            }
            T::Enum(variants, span) => {
                let mut seen: Vec<(String, Option<String>)> = Vec::new();
                for (name, label) in variants {
                    if seen.iter().any(|(v, _)| *v == name.text) {
                        self.error(
                            Problem::error(
                                "kaoping::check::duplicate_name",
                                format!("enum variant `{}` is listed twice", name.text),
                                name.span,
                            )
                            .with_help("list each variant once"),
                        );
                    } else {
                        seen.push((name.text.clone(), label.clone()));
                    }
                }
                // Facts may give a variant by its name or its label, so a label
                // that is another variant's name or label would mean two things.
                for (index, (name, label)) in variants.iter().enumerate() {
                    let Some(label) = label else { continue };
                    let clash =
                        variants
                            .iter()
                            .enumerate()
                            .find_map(|(at, (other, other_label))| {
                                let clashes = other.text != name.text
                                    && (other.text == *label
                                        || (at < index && other_label.as_ref() == Some(label)));
                                let what = if other.text == *label {
                                    "name"
                                } else {
                                    "label"
                                };
                                clashes.then_some((other, what))
                            });
                    if let Some((other, what)) = clash {
                        self.error(
                            Problem::error(
                                "kaoping::check::ambiguous_label",
                                format!(
                                    "the label \"{label}\" of `{}` is also the {what} of `{}`",
                                    name.text, other.text
                                ),
                                name.span,
                            )
                            .with_help(
                                "facts may give a variant by its name or its label; give each variant a label of its own",
                            ),
                        );
                    }
                }
                if seen.is_empty() {
                    self.error(
                        Problem::error("kaoping::check::enum", "an enum needs variants", *span)
                            .with_help("list the allowed values, e.g. `enum { city, county }`"),
                    );
                }
                Some(FieldType::Enum(Arc::new(EnumType { variants: seen })))
            }
        }
    }

    /// A range bound's value: the number written, or the value of the
    /// parameter named (marked as used). `Err` once the problem is reported.
    fn range_bound(
        &mut self,
        bound: Option<&ast::RangeBound>,
        span: Span,
    ) -> Result<Option<Number>, ()> {
        let name = match bound {
            None => return Ok(None),
            Some(ast::RangeBound::Number(text)) => {
                return match Number::parse_decimal(text) {
                    Some(number) => Ok(Some(number)),
                    None => {
                        self.error(
                            Problem::error(
                                "kaoping::check::range",
                                "a range bound is not a number",
                                span,
                            )
                            .with_help("write ranges like `decimal[0..100]` or `int[0..]`"),
                        );
                        Err(())
                    }
                };
            }
            Some(ast::RangeBound::Parameter(name)) => name,
        };
        let Some(index) = self.parameters.iter().position(|p| p.name == name.text) else {
            if self.failed_parameters.contains(&name.text) {
                return Err(());
            }
            let mut problem = Problem::error(
                "kaoping::check::unknown_name",
                format!("unknown parameter `{}` in a range", name.text),
                name.span,
            );
            problem = match did_you_mean(
                &name.text,
                self.parameters.iter().map(|p| p.name.as_str()),
            ) {
                Some(help) => problem.with_help(help),
                None => problem.with_help(format!(
                    "a range bound is a number or the name of a numeric `param`: declare `param {} = …`, or write the number",
                    name.text
                )),
            };
            self.error(problem);
            return Err(());
        };
        self.used_parameters.insert(index);
        match &self.parameters[index].value {
            Value::Number(number) => Ok(Some(number.clone())),
            _ => {
                let ty = self.parameter_types[index].clone();
                let declared = self.parameters[index].span;
                self.error(
                    Problem::error(
                        "kaoping::check::range",
                        format!(
                            "the range bound `{}` is {}, not a number",
                            name.text,
                            self.describe(&ty)
                        ),
                        name.span,
                    )
                    .with_related(declared, "declared here")
                    .with_help("a range bound is a number or the name of a numeric `param`"),
                );
                Err(())
            }
        }
    }

    /// Reports a range whose lower bound exceeds its upper bound. When a
    /// bound names a parameter, the parameter's declaration (perhaps an
    /// `override` in a policy that extends this one) is shown beside it.
    fn empty_range(
        &mut self,
        written: (&Option<ast::RangeBound>, &Option<ast::RangeBound>),
        (low, high): (&Number, &Number),
        span: Span,
    ) {
        let text = |bound: &Option<ast::RangeBound>| {
            bound
                .as_ref()
                .map_or(String::new(), |b| b.text().to_string())
        };
        let mut named = Vec::new();
        for (bound, value) in [(written.0, low), (written.1, high)] {
            if let Some(ast::RangeBound::Parameter(name)) = bound {
                if let Some(parameter) = self.parameters.iter().find(|p| p.name == name.text) {
                    named.push((parameter.span, format!("`{}` is {value} here", name.text)));
                }
            }
        }
        let mut problem = if named.is_empty() {
            Problem::error(
                "kaoping::check::range",
                format!("the range `{low}..{high}` is empty"),
                span,
            )
            .with_help("put the smaller bound first")
        } else {
            Problem::error(
                "kaoping::check::range",
                format!(
                    "the range `{}..{}` is empty: {low} is greater than {high}",
                    text(written.0),
                    text(written.1)
                ),
                span,
            )
            .with_help("the lower bound must not exceed the upper: change the parameter's value or the range")
        };
        for (declared, label) in named {
            problem = problem.with_related(declared, label);
        }
        self.error(problem);
    }

    pub(super) fn reference(&mut self, target: &ast::Name) -> Option<FieldType> {
        match self
            .root_lists
            .iter()
            .position(|(name, _)| *name == target.text)
        {
            Some(index) if self.root_lists[index].1 => {
                Some(FieldType::Reference { root_field: index })
            }
            Some(_) => {
                self.error(
                    Problem::error(
                        "kaoping::check::reference",
                        format!(
                            "`{}` is not a keyed list, so nothing can refer to it",
                            target.text
                        ),
                        target.span,
                    )
                    .with_help(format!(
                        "declare it as `{}: list of RECORD key FIELD` in the input block",
                        target.text
                    )),
                );
                None
            }
            None => {
                let mut problem = Problem::error(
                    "kaoping::check::reference",
                    format!("`{}` is not a field of the input block", target.text),
                    target.span,
                );
                problem = match did_you_mean(
                    &target.text,
                    self.root_lists.iter().map(|(n, _)| n.as_str()),
                ) {
                    Some(help) => problem.with_help(help),
                    None => problem.with_help("refer to a keyed list declared in `input`"),
                };
                self.error(problem);
                None
            }
        }
    }

    pub(super) fn candidate_list(
        &mut self,
        file: &ast::PolicyFile,
    ) -> Option<(usize, RecordId, usize)> {
        let root = self.root?;
        let Some(index) = self.records[root].field_index("candidates") else {
            self.error(
                Problem::error(
                    "kaoping::check::missing_candidates",
                    "the input block has no `candidates` list",
                    file.header.span,
                )
                .with_help("add `candidates: list of RECORD key id` to the input block"),
            );
            return None;
        };
        let field = &self.records[root].fields[index];
        match &field.schema {
            FieldType::List {
                element,
                key: Some(key),
            } => match **element {
                FieldType::Record(record) => Some((index, record, *key)),
                _ => None,
            },
            _ => {
                let span = field.span;
                self.error(
                    Problem::error(
                        "kaoping::check::missing_candidates",
                        "`candidates` must be a keyed list of records",
                        span,
                    )
                    .with_help("declare it as `candidates: list of Candidate key id`"),
                );
                None
            }
        }
    }

    pub(super) fn unused_inputs(
        &mut self,
        candidate: RecordId,
        id_field: usize,
        name_field: Option<usize>,
        _grouping: &Option<Grouping>,
    ) {
        self.used_fields.insert((candidate, id_field));
        if let Some(name_field) = name_field {
            self.used_fields.insert((candidate, name_field));
        }
        // A list's key is read by the loader, which refuses two items with
        // the same key (one rating sheet per rater): that is a use.
        let mut keys = Vec::new();
        for record in &self.records {
            for field in &record.fields {
                let mut schema = &field.schema;
                while let FieldType::Optional(inner) = schema {
                    schema = inner;
                }
                if let FieldType::List {
                    element,
                    key: Some(key),
                } = schema
                {
                    if let FieldType::Record(element) = **element {
                        keys.push((element, *key));
                    }
                }
            }
        }
        self.used_fields.extend(keys);
        let Some(root) = self.root else { return };
        // With errors, fields may look unused only because a broken
        // expression failed to reach them; report those errors alone.
        if self.has_errors() {
            return;
        }
        let mut warnings = Vec::new();
        let mut visited = BTreeSet::new();
        self.collect_unused(root, "", &mut warnings, &mut visited);
        self.problems.extend(warnings);
    }

    /// Returns whether anything under this record is used.
    pub(super) fn collect_unused(
        &self,
        record: RecordId,
        prefix: &str,
        warnings: &mut Vec<Problem>,
        visited: &mut BTreeSet<RecordId>,
    ) -> bool {
        if !visited.insert(record) {
            return true;
        }
        let mut any_used = false;
        for (index, field) in self.records[record].fields.iter().enumerate() {
            let path = if prefix.is_empty() {
                field.name.clone()
            } else {
                format!("{prefix}.{}", field.name)
            };
            let nested = record_of(&field.schema);
            let used_here = self.used_fields.contains(&(record, index));
            let used_below = match nested {
                Some(nested) => {
                    let mut inner = Vec::new();
                    let used = self.collect_unused(nested, &path, &mut inner, visited);
                    if used_here || used {
                        warnings.extend(inner);
                    }
                    used
                }
                None => false,
            };
            if used_here || used_below {
                any_used = true;
            } else {
                warnings.push(
                    Problem::warning(
                        "kaoping::check::unused_input",
                        format!("input field `{path}` is never used"),
                        field.span,
                    )
                    .with_label("declared here")
                    .with_help("use it in a rule, or remove it from the schema"),
                );
            }
        }
        any_used
    }
}

fn record_of(schema: &FieldType) -> Option<RecordId> {
    match schema {
        FieldType::Record(id) => Some(*id),
        FieldType::List { element, .. } => record_of(element),
        FieldType::Optional(inner) => record_of(inner),
        _ => None,
    }
}
