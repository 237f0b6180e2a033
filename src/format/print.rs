//! The printer: walks the tree and lays out each line, its comments and its
//! blank lines, aligning runs and breaking long expressions.

use super::*;

/// The text being printed, line by line.
#[derive(Default)]
struct Out {
    text: String,
}

impl Out {
    fn at(indent: usize) -> Out {
        Out {
            text: " ".repeat(indent),
        }
    }

    fn push(&mut self, text: &str) {
        self.text.push_str(text);
    }

    fn column(&self) -> usize {
        let line_start = self.text.rfind('\n').map_or(0, |newline| newline + 1);
        self.text[line_start..].width()
    }

    fn new_line(&mut self, indent: usize, blank: bool) {
        if !self.text.is_empty() {
            if blank {
                self.text.push('\n');
            }
            self.text.push('\n');
        }
        self.text.push_str(&" ".repeat(indent));
    }
}

type Print<'a> = Box<dyn Fn(&Printer, &mut Out, usize) + 'a>;

/// Rows of the same class align with their neighbours.
#[derive(Clone, Copy, PartialEq, Eq)]
enum RowClass {
    Header,
    Parameter,
    OverrideParameter,
    Field,
}

enum Shape<'a> {
    /// Printed as it comes.
    Lines(Print<'a>),
    /// Cells padded to their run's column widths, then the rest.
    Row {
        class: RowClass,
        cells: Vec<String>,
        rest: Print<'a>,
    },
    /// Text that shares a line with the inline entry before it when it fits.
    Inline(String),
}

/// One line of a level (and whatever it prints below itself).
struct Entry<'a> {
    key: Key,
    /// Whether a blank line precedes it when there is no source to say.
    default_blank: bool,
    shape: Shape<'a>,
}

impl<'a> Entry<'a> {
    fn lines(key: Key, print: impl Fn(&Printer, &mut Out, usize) + 'a) -> Self {
        Entry {
            key,
            default_blank: false,
            shape: Shape::Lines(Box::new(print)),
        }
    }
}

pub(super) struct Printer {
    notes: Notes,
    printed: RefCell<Vec<bool>>,
}

impl Printer {
    pub(super) fn new(notes: Notes) -> Self {
        let printed = RefCell::new(vec![false; notes.comments.len()]);
        Printer { notes, printed }
    }

    fn comment(&self, id: usize) -> &str {
        if let Some(printed) = self.printed.borrow_mut().get_mut(id) {
            *printed = true;
        }
        self.notes.comments.get(id).map_or("", String::as_str)
    }

    fn node(&self, key: Key) -> Option<&NodeNotes> {
        self.notes.nodes.get(&key)
    }

    fn open_comments(&self, key: Key) -> &[usize] {
        self.notes
            .containers
            .get(&key)
            .map_or(&[], |notes| &notes.open)
    }

    fn dangling_comments(&self, key: Key) -> &[Note] {
        self.notes
            .containers
            .get(&key)
            .map_or(&[], |notes| &notes.dangling)
    }

    pub(super) fn file(&self, file: &PolicyFile) -> String {
        let mut out = Out::default();
        let mut entries = vec![Entry::lines(Key::Header, |printer, out, _| {
            printer.header(out, &file.header)
        })];
        let mut previous = None;
        for declaration in &file.declarations {
            entries.push(self.declaration_entry(declaration, default_blank(previous, declaration)));
            previous = Some(declaration);
        }
        self.entries(&mut out, 0, &entries, Some(Key::File));
        self.leftovers(&mut out);
        out.text.push('\n');
        out.text
    }

    /// The safety net: a comment no line claimed still appears, at the end.
    fn leftovers(&self, out: &mut Out) {
        let missing: Vec<usize> = self
            .printed
            .borrow()
            .iter()
            .enumerate()
            .filter(|(_, printed)| !**printed)
            .map(|(id, _)| id)
            .collect();
        for (index, id) in missing.into_iter().enumerate() {
            out.new_line(0, index == 0);
            out.push(self.comment(id));
        }
    }

    // ------------------------------------------------------------ levels

    fn blank_before(&self, entry: &Entry) -> bool {
        if self.notes.from_source {
            self.node(entry.key).is_some_and(|notes| notes.blank_before)
        } else {
            entry.default_blank
        }
    }

    /// Prints a level's entries, each on a new line, with their comments, then
    /// the container's closing comments. Returns whether it printed anything.
    fn entries(
        &self,
        out: &mut Out,
        indent: usize,
        entries: &[Entry],
        container: Option<Key>,
    ) -> bool {
        let widths = self.column_widths(indent, entries);
        let mut first = true;
        let mut inline_open = false;
        for (entry, widths) in entries.iter().zip(&widths) {
            let notes = self.node(entry.key);
            let leading = notes.map_or(&[][..], |notes| &notes.leading);
            let trailing = notes.map_or(&[][..], |notes| &notes.trailing);
            let blank = self.blank_before(entry);
            let joins = match &entry.shape {
                Shape::Inline(text) => {
                    inline_open
                        && leading.is_empty()
                        && !blank
                        && out.column() + 1 + text.width() <= MAX_WIDTH
                }
                _ => false,
            };
            if joins {
                out.push(" ");
            } else {
                for note in leading {
                    out.new_line(indent, note.blank_before && !first);
                    out.push(self.comment(note.comment));
                    first = false;
                }
                out.new_line(indent, blank && !first);
            }
            first = false;
            match &entry.shape {
                Shape::Lines(print) => print(self, out, indent),
                Shape::Row { cells, rest, .. } => {
                    pad_cells(out, cells, widths.as_deref());
                    rest(self, out, indent);
                }
                Shape::Inline(text) => out.push(text),
            }
            for &id in trailing {
                out.push(" ");
                out.push(self.comment(id));
            }
            inline_open = matches!(entry.shape, Shape::Inline(_)) && trailing.is_empty();
        }
        for note in container.map_or(&[][..], |key| self.dangling_comments(key)) {
            out.new_line(indent, note.blank_before && !first);
            out.push(self.comment(note.comment));
            first = false;
        }
        !first
    }

    /// Column widths for each row in a run of one-line rows of one class.
    fn column_widths(&self, indent: usize, entries: &[Entry]) -> Vec<Option<Vec<usize>>> {
        let one_line: Vec<bool> = entries
            .iter()
            .map(|entry| match &entry.shape {
                Shape::Row { cells, rest, .. } => {
                    let mut scratch = Out::at(indent);
                    pad_cells(&mut scratch, cells, None);
                    rest(self, &mut scratch, indent);
                    !scratch.text.contains('\n')
                }
                _ => false,
            })
            .collect();
        let mut widths = vec![None; entries.len()];
        let mut start = 0;
        while start < entries.len() {
            let Some(class) = row_class(&entries[start]).filter(|_| one_line[start]) else {
                start += 1;
                continue;
            };
            let mut end = start + 1;
            while end < entries.len()
                && one_line[end]
                && row_class(&entries[end]) == Some(class)
                && !self.separated(&entries[end])
            {
                end += 1;
            }
            let run = run_widths(&entries[start..end]);
            for slot in &mut widths[start..end] {
                *slot = Some(run.clone());
            }
            start = end;
        }
        widths
    }

    /// Whether a blank line comes before the entry or any of its comments.
    fn separated(&self, entry: &Entry) -> bool {
        self.blank_before(entry)
            || self
                .node(entry.key)
                .is_some_and(|notes| notes.leading.iter().any(|note| note.blank_before))
    }

    /// `{`, the entries one level in, and `}`; `{}` when there is nothing inside.
    fn block(&self, out: &mut Out, indent: usize, container: Key, entries: &[Entry]) {
        out.push("{");
        let open = self.open_comments(container);
        for &id in open {
            out.push(" ");
            out.push(self.comment(id));
        }
        let printed = self.entries(out, indent + INDENT, entries, Some(container));
        if printed || !open.is_empty() {
            out.new_line(indent, false);
        }
        out.push("}");
    }

    // ------------------------------------------------------------ header

    fn header(&self, out: &mut Out, header: &Header) {
        out.push("policy ");
        out.push(&header.id.text);
        out.push(" ");
        let mut entries = Vec::new();
        let mut text_field = |field: HeaderField, value: String| {
            entries.push(header_row(
                field,
                Box::new(move |_, out, _| out.push(&value)),
            ));
        };
        if let Some((path, _)) = &header.extends {
            text_field(HeaderField::Extends, quote(path, false));
        }
        if let Some(title) = &header.title {
            text_field(HeaderField::Title, quote(title, false));
        }
        if let Some(version) = &header.version {
            text_field(HeaderField::Version, quote(version, false));
        }
        if let Some((date, _)) = &header.effective {
            text_field(HeaderField::Effective, date.clone());
        }
        if let Some(source) = &header.source {
            text_field(HeaderField::Source, quote(source, false));
        }
        if let Some(rounding) = &header.rounding {
            let mode = match rounding.mode {
                RoundingMode::HalfAwayFromZero => "half_away_from_zero",
                RoundingMode::HalfEven => "half_even",
                RoundingMode::Down => "down",
            };
            text_field(
                HeaderField::Round,
                format!("{} {mode} per indicator", rounding.places),
            );
        }
        if header.final_at_least.is_some() || header.final_at_most.is_some() {
            let mut bounds = Vec::new();
            if let Some((number, _)) = &header.final_at_least {
                bounds.push(format!("at least {number}"));
            }
            if let Some((number, _)) = &header.final_at_most {
                bounds.push(format!("at most {number}"));
            }
            text_field(HeaderField::Final, bounds.join(" "));
        }
        if let Some(total) = &header.total {
            let row = header_row(
                HeaderField::Total,
                Box::new(move |printer, out, indent| printer.expression(out, total, indent)),
            );
            let at = entries.len()
                - usize::from(header.rounding.is_some())
                - usize::from(header.final_at_least.is_some() || header.final_at_most.is_some());
            entries.insert(at, row);
        }
        self.block(out, 0, Key::Header, &entries);
    }

    // ------------------------------------------------------------ declarations

    fn declaration_entry<'a>(
        &self,
        declaration: &'a Declaration,
        default_blank: bool,
    ) -> Entry<'a> {
        let key = Key::Node(declaration_anchor(declaration));
        let shape = match declaration {
            Declaration::Parameter(parameter) => {
                parameter_row("param", RowClass::Parameter, parameter)
            }
            Declaration::Override(Override::Parameter(parameter)) => {
                parameter_row("override param", RowClass::OverrideParameter, parameter)
            }
            _ => Shape::Lines(Box::new(move |printer, out, indent| {
                printer.declaration(out, declaration, indent)
            })),
        };
        Entry {
            key,
            default_blank,
            shape,
        }
    }

    fn declaration(&self, out: &mut Out, declaration: &Declaration, indent: usize) {
        match declaration {
            Declaration::Input(fields, span) => {
                out.push("input ");
                self.block(out, indent, Key::Node(span.start), &field_entries(fields));
            }
            Declaration::Record(record) => self.record(out, "record", record, indent),
            Declaration::Parameter(parameter) => self.parameter(out, "param", parameter, indent),
            Declaration::Derived(parameter) => self.parameter(out, "let", parameter, indent),
            Declaration::Indicator(indicator) => {
                self.indicator(out, "indicator", &indicator.name.text, indicator, indent)
            }
            Declaration::Exclude(rule) => self.rule(out, "exclude when", rule, indent),
            Declaration::Finding(rule) => {
                let keyword = format!("finding {} when", rule.severity.as_str());
                self.rule(out, &keyword, rule, indent)
            }
            Declaration::Revoke(rule) => self.rule(out, "revoke when", rule, indent),
            Declaration::Adjustment(adjustment) => self.adjustment(out, "", adjustment, indent),
            Declaration::Grades(grades) => self.grades(out, "", grades, indent),
            Declaration::GradeRule(rule) => {
                out.push(if rule.at_most {
                    "grade at most "
                } else {
                    "grade "
                });
                out.push(&rule.grade.text);
                out.push(" when ");
                self.expression(out, &rule.condition, indent);
                out.new_line(indent + INDENT, false);
                out.push(&self.template(&rule.message));
                self.annotations(out, &rule.annotations, indent + INDENT);
            }
            Declaration::Group(group) => self.group(out, group, indent),
            Declaration::Rank(rank) => self.rank(out, rank, indent),
            Declaration::Select(select) => {
                out.push("select ");
                self.selection(out, select, indent);
            }
            Declaration::Flag(flag) => {
                out.push("flag ");
                if let Some(name) = &flag.flag {
                    out.push(&name.text);
                }
                out.push(" top ");
                self.selection(out, flag, indent);
            }
            Declaration::Override(replacement) => self.replacement(out, replacement, indent),
            // The rhai text is the script author's: printed as written.
            Declaration::Script(script) => {
                out.push("script {");
                out.push(&script.source);
                out.push("}");
            }
            Declaration::Remove(removal) => {
                out.push("remove ");
                match &removal.removed {
                    Removed::Indicator(indicator) => {
                        out.push("indicator ");
                        out.push(&indicator.text);
                    }
                    Removed::Item(path) => {
                        out.push("item ");
                        out.push(&dotted(path));
                    }
                    Removed::Adjustment(kind, name) => {
                        out.push(adjustment_keyword(*kind));
                        out.push(" ");
                        out.push(&name.text);
                    }
                }
            }
        }
    }

    /// `bonus NAME "label" cap N { … }` or `deduction …`, after `prefix`.
    fn adjustment(&self, out: &mut Out, prefix: &str, adjustment: &Adjustment, indent: usize) {
        out.push(prefix);
        out.push(adjustment_keyword(adjustment.kind));
        out.push(" ");
        out.push(&adjustment.name.text);
        push_label(out, adjustment.label.as_deref());
        if let Some(cap) = &adjustment.cap {
            out.push(" cap ");
            self.expression(out, cap, indent);
        }
        out.push(" ");
        let entries = body_entries(&adjustment.body, adjustment.span.start);
        self.block(out, indent, Key::Node(adjustment.span.start), &entries);
    }

    /// `grades [by EXPRESSION] { BAND … }` after `prefix`, one band a line,
    /// then the scale's annotations.
    fn grades(&self, out: &mut Out, prefix: &str, grades: &GradeScale, indent: usize) {
        out.push(prefix);
        out.push("grades ");
        if let Some(by) = &grades.by {
            out.push("by ");
            self.expression(out, by, indent);
            out.push(" ");
        }
        let entries: Vec<Entry> = grades
            .bands
            .iter()
            .map(|band| {
                Entry::lines(Key::Node(band.span.start), move |printer, out, indent| {
                    printer.band(out, band, indent)
                })
            })
            .collect();
        self.block(out, indent, Key::Node(grades.span.start), &entries);
        self.annotations(out, &grades.annotations, indent + INDENT);
    }

    /// `优秀 "label" >= 90 quota 20% in county`, then its annotations.
    fn band(&self, out: &mut Out, band: &GradeBand, indent: usize) {
        out.push(&band.name.text);
        push_label(out, band.label.as_deref());
        if let Some(bound) = &band.at_least {
            out.push(" >= ");
            self.expression(out, bound, indent);
        }
        for quota in &band.quotas {
            out.push(" quota ");
            self.expression(out, &quota.amount, indent);
            if let Some(group) = &quota.group {
                out.push(" in ");
                out.push(&group.text);
            }
        }
        self.annotations(out, &band.annotations, indent + INDENT);
    }

    fn record(&self, out: &mut Out, keyword: &str, record: &RecordDeclaration, indent: usize) {
        out.push(keyword);
        out.push(" ");
        out.push(&record.name.text);
        push_label(out, record.label.as_deref());
        out.push(" ");
        let entries = field_entries(&record.fields);
        self.block(out, indent, Key::Node(record.span.start), &entries);
    }

    fn replacement(&self, out: &mut Out, replacement: &Override, indent: usize) {
        match replacement {
            Override::Parameter(parameter) => {
                self.parameter(out, "override param", parameter, indent)
            }
            Override::Indicator(indicator) => self.indicator(
                out,
                "override indicator",
                &indicator.name.text,
                indicator,
                indent,
            ),
            Override::Item { parents, item } => {
                let path = format!("{}.{}", dotted(parents), item.name.text);
                self.indicator(out, "override item", &path, item, indent)
            }
            Override::Grades(grades) => self.grades(out, "override ", grades, indent),
            Override::Adjustment(adjustment) => {
                self.adjustment(out, "override ", adjustment, indent)
            }
            Override::Record(record) => self.record(out, "override record", record, indent),
            Override::RecordExtension(record) => self.record(out, "extend record", record, indent),
            Override::Rank(rank) => {
                out.push("override ");
                self.rank(out, rank, indent);
            }
            Override::Group(group) => {
                out.push("override ");
                self.group(out, group, indent);
            }
        }
    }

    /// A `param` or `let` outside a run of aligned rows.
    fn parameter(&self, out: &mut Out, keyword: &str, parameter: &Parameter, indent: usize) {
        out.push(keyword);
        out.push(" ");
        out.push(&parameter.name.text);
        push_label(out, parameter.label.as_deref());
        out.push(" ");
        self.parameter_value(out, parameter, indent);
    }

    fn parameter_value(&self, out: &mut Out, parameter: &Parameter, indent: usize) {
        out.push("= ");
        self.expression(out, &parameter.value, indent);
        self.annotations(out, &parameter.annotations, indent + INDENT);
    }

    fn group(&self, out: &mut Out, group: &GroupRule, indent: usize) {
        out.push("group by ");
        out.push(&group.field.text);
        self.annotations(out, &group.annotations, indent + INDENT);
    }

    fn rank(&self, out: &mut Out, rank: &RankRule, indent: usize) {
        out.push("rank by ");
        let keys: Vec<&str> = rank.keys.iter().map(|key| key.text.as_str()).collect();
        out.push(&keys.join(", "));
        self.annotations(out, &rank.annotations, indent + INDENT);
    }

    /// The count, group and annotations of `select` and `flag`.
    fn selection(&self, out: &mut Out, select: &SelectRule, indent: usize) {
        self.expression(out, &select.count, indent);
        if let Some(group) = &select.group {
            out.push(" in ");
            out.push(&group.text);
        }
        self.annotations(out, &select.annotations, indent + INDENT);
    }

    /// `KEYWORD CONDITION`, the message on the next line, then annotations.
    fn rule(&self, out: &mut Out, keyword: &str, rule: &Rule, indent: usize) {
        out.push(keyword);
        out.push(" ");
        self.expression(out, &rule.condition, indent);
        out.new_line(indent + INDENT, false);
        out.push(&self.template(&rule.message));
        self.annotations(out, &rule.annotations, indent + INDENT);
    }

    /// `deduct A per [S of] Q` or `… when C`, the message after it, then annotations.
    fn points_line(&self, out: &mut Out, keyword: &str, line: &PointsLine, indent: usize) {
        out.push(keyword);
        self.expression(out, &line.amount, indent);
        match &line.basis {
            PointsBasis::Per { step, quantity } => {
                out.push(" per ");
                if let Some(step) = step {
                    self.expression(out, step, indent);
                    out.push(" of ");
                }
                self.expression(out, quantity, indent);
            }
            PointsBasis::When(condition) => {
                out.push(" when ");
                self.expression(out, condition, indent);
            }
            PointsBasis::Each(list) => {
                out.push(" for each ");
                self.expression(out, list, indent);
            }
        }
        // The message follows the line while it fits, and otherwise takes
        // a line of its own, as a rule's message does.
        if let Some(message) = &line.message {
            let message = self.template(message);
            if out.column() + 1 + message.width() <= MAX_WIDTH {
                out.push(" ");
            } else {
                out.new_line(indent + INDENT, false);
            }
            out.push(&message);
        }
        self.annotations(out, &line.annotations, indent + INDENT);
    }

    /// Cites stay together: all on the current line when they fit there,
    /// otherwise from a new line at `indent`, as many per line as fit. Each
    /// reading takes a line of its own.
    fn annotations(&self, out: &mut Out, annotations: &Annotations, indent: usize) {
        let cites: Vec<String> = annotations
            .cites
            .iter()
            .map(|cite| format!("cite {}", quote(cite, false)))
            .collect();
        let together: usize = cites.iter().map(|cite| 1 + cite.width()).sum();
        let mut line_is_new = !cites.is_empty() && out.column() + together > MAX_WIDTH;
        if line_is_new {
            out.new_line(indent, false);
        }
        for cite in &cites {
            if line_is_new {
                line_is_new = false;
            } else if out.column() + 1 + cite.width() <= MAX_WIDTH {
                out.push(" ");
            } else {
                out.new_line(indent, false);
            }
            out.push(cite);
        }
        for (reading, _) in &annotations.readings {
            out.new_line(indent, false);
            out.push(&format!("reading {}", quote(reading, false)));
        }
    }

    // ------------------------------------------------------------ indicators

    fn indicator(
        &self,
        out: &mut Out,
        keyword: &str,
        name: &str,
        indicator: &Indicator,
        indent: usize,
    ) {
        out.push(keyword);
        out.push(" ");
        out.push(name);
        push_label(out, indicator.label.as_deref());
        out.push(" max ");
        self.expression(out, &indicator.max, indent);
        if let Some(scaled_from) = &indicator.scaled_from {
            out.push(" scaled from ");
            self.expression(out, scaled_from, indent);
        }
        out.push(" ");
        let entries = block_entries(indicator);
        self.block(out, indent, Key::Node(indicator.span.start), &entries);
    }

    fn statement(&self, out: &mut Out, statement: &Statement, indent: usize) {
        match statement {
            Statement::Let(name, value) => {
                out.push("let ");
                out.push(&name.text);
                out.push(" = ");
                self.expression(out, value, indent);
            }
            Statement::Score(value) => {
                out.push("score ");
                self.expression(out, value, indent);
            }
            Statement::Zero(rule) => self.rule(out, "zero when", rule, indent),
            Statement::Deduct(line) => self.points_line(out, "deduct ", line, indent),
            Statement::Add(line) => self.points_line(out, "add ", line, indent),
            Statement::Full {
                condition,
                annotations,
                ..
            } => {
                out.push("full when ");
                self.expression(out, condition, indent);
                self.annotations(out, annotations, indent + INDENT);
            }
            Statement::Finding(rule) => {
                let keyword = format!("finding {} when", rule.severity.as_str());
                self.rule(out, &keyword, rule, indent)
            }
        }
    }

    // ------------------------------------------------------------ types

    fn field_rest(&self, out: &mut Out, field: &FieldDeclaration, indent: usize) {
        if let Some(label) = &field.label {
            out.push(&quote(label, false));
            out.push(": ");
        }
        self.type_expression(out, &field.field_type, indent, Key::Node(field.span.start));
        if let Some(default) = &field.default {
            out.push(" = ");
            self.expression(out, default, indent);
        }
    }

    /// `container` names the braces the type opens, if it opens any.
    fn type_expression(
        &self,
        out: &mut Out,
        field_type: &TypeExpression,
        indent: usize,
        container: Key,
    ) {
        match field_type {
            TypeExpression::Named(name) => out.push(&name.text),
            TypeExpression::Range {
                scalar, low, high, ..
            } => out.push(&format!(
                "{}[{}..{}]",
                scalar.text,
                low.as_ref().map_or("", RangeBound::text),
                high.as_ref().map_or("", RangeBound::text)
            )),
            TypeExpression::Reference(list, _) => {
                out.push("text ref ");
                out.push(&list.text);
            }
            TypeExpression::Optional(inner, _) => {
                out.push("optional ");
                self.type_expression(out, inner, indent, container);
            }
            TypeExpression::List { element, key, .. } => {
                out.push("list of ");
                self.type_expression(out, element, indent, container);
                if let Some(key) = key {
                    out.push(" key ");
                    out.push(&key.text);
                }
            }
            TypeExpression::Record(fields, _) => {
                self.block(out, indent, container, &field_entries(fields))
            }
            TypeExpression::Enum(variants, _) => {
                let doc = self.enum_doc(container, variants);
                out.push(&doc::render(&doc, indent, out.column(), MAX_WIDTH));
            }
        }
    }

    fn enum_doc(&self, container: Key, variants: &[(Name, Option<String>)]) -> Doc {
        let name_width = variants
            .iter()
            .filter(|(_, label)| label.is_some())
            .map(|(name, _)| name.text.width())
            .max()
            .unwrap_or(0);
        let entries = variants
            .iter()
            .map(|(name, label)| {
                let mut parts = vec![doc::text(name.text.clone())];
                if let Some(label) = label {
                    let padding = name_width.saturating_sub(name.text.width());
                    parts.push(Doc::BreakOnly(" ".repeat(padding)));
                    parts.push(doc::text(format!(" {}", quote(label, false))));
                }
                (Key::Node(name.span.start), Doc::Concat(parts))
            })
            .collect();
        self.braced_doc("enum {", container, entries)
    }

    // ------------------------------------------------------------ expressions

    fn expression(&self, out: &mut Out, expression: &Expression, indent: usize) {
        let doc = self.expression_doc(expression);
        out.push(&doc::render(&doc, indent, out.column(), MAX_WIDTH));
    }

    fn operand_doc(&self, expression: &Expression, lowest: u8) -> Doc {
        if level(expression) < lowest {
            Doc::Concat(vec![
                doc::text("("),
                self.expression_doc(expression),
                doc::text(")"),
            ])
        } else {
            self.expression_doc(expression)
        }
    }

    fn expression_doc(&self, expression: &Expression) -> Doc {
        match &expression.kind {
            ExpressionKind::Number(digits) | ExpressionKind::Date(digits) => {
                doc::text(digits.clone())
            }
            ExpressionKind::Percent(digits) => doc::text(format!("{digits}%")),
            ExpressionKind::Boolean(value) => doc::text(if *value { "true" } else { "false" }),
            ExpressionKind::Text(text) => doc::text(quote(text, false)),
            ExpressionKind::Name(name) => doc::text(name.text.clone()),
            ExpressionKind::Record(entries) => self.record_doc(expression.span.start, entries),
            ExpressionKind::List(items) => {
                Doc::Concat(vec![doc::text("["), self.list_doc(items), doc::text("]")])
            }
            ExpressionKind::Call(function, arguments) => Doc::Concat(vec![
                doc::text(format!("{}(", function.text)),
                self.list_doc(arguments),
                doc::text(")"),
            ]),
            ExpressionKind::Method(..) | ExpressionKind::Field(..) | ExpressionKind::Index(..) => {
                self.postfix_doc(expression)
            }
            ExpressionKind::Unary(..) => self.unary_doc(expression),
            ExpressionKind::Binary(..) => self.binary_doc(expression, false),
            ExpressionKind::If(..) => self.if_doc(expression),
        }
    }

    /// Arguments and list items, each kept on one line: a break inside a
    /// call's parentheses would bury the operator it splits.
    fn list_doc(&self, items: &[Expression]) -> Doc {
        let mut parts = Vec::new();
        for (index, item) in items.iter().enumerate() {
            if index > 0 {
                parts.push(doc::text(", "));
            }
            let flat = doc::render(&self.expression_doc(item), 0, 0, UNLIMITED);
            parts.push(doc::text(flat));
        }
        Doc::Concat(parts)
    }

    /// `a.b.c(x)[k]`: the chain is walked, not recursed, since it can be long.
    fn postfix_doc(&self, expression: &Expression) -> Doc {
        let mut operations = Vec::new();
        let mut base = expression;
        loop {
            match &base.kind {
                ExpressionKind::Field(target, name) => {
                    operations.push(doc::text(format!(".{}", name.text)));
                    base = target;
                }
                ExpressionKind::Method(target, name, arguments) => {
                    operations.push(Doc::Concat(vec![
                        doc::text(format!(".{}(", name.text)),
                        self.list_doc(arguments),
                        doc::text(")"),
                    ]));
                    base = target;
                }
                ExpressionKind::Index(target, key) => {
                    operations.push(Doc::Concat(vec![
                        doc::text("["),
                        self.expression_doc(key),
                        doc::text("]"),
                    ]));
                    base = target;
                }
                _ => break,
            }
        }
        let mut parts = vec![self.operand_doc(base, PRIMARY)];
        parts.extend(operations.into_iter().rev());
        Doc::Concat(parts)
    }

    /// `not not -x`: prefix operators are walked, not recursed.
    fn unary_doc(&self, expression: &Expression) -> Doc {
        let mut prefix = String::new();
        let mut operand = expression;
        while let ExpressionKind::Unary(operator, inner) = &operand.kind {
            let lowest = match operator {
                UnaryOperator::Not => {
                    prefix.push_str("not ");
                    COMPARISON
                }
                UnaryOperator::Negate => {
                    prefix.push('-');
                    NEGATION
                }
            };
            operand = inner;
            // `not not x` needs no parentheses (the grammar repeats `not`),
            // though a `not` ranks below the comparison it applies to:
            // parenthesising it nested one bracket per `not`, which recursed
            // here and printed text deeper than `syntax` accepts.
            let repeated_not = matches!(operator, UnaryOperator::Not)
                && matches!(operand.kind, ExpressionKind::Unary(UnaryOperator::Not, _));
            if !repeated_not && level(operand) < lowest {
                return Doc::Concat(vec![doc::text(prefix), self.operand_doc(operand, lowest)]);
            }
        }
        Doc::Concat(vec![doc::text(prefix), self.expression_doc(operand)])
    }

    /// A left-associative chain of one precedence level, flattened (walked,
    /// not recursed): `a + b - c` breaks before `+` and `-`, under `a`.
    fn binary_doc(&self, expression: &Expression, nested: bool) -> Doc {
        let ExpressionKind::Binary(operator, _, _) = &expression.kind else {
            return self.expression_doc(expression);
        };
        let chain = precedence(*operator);
        let associative = chain != COMPARISON;
        let mut rights = Vec::new();
        let mut left = expression;
        while let ExpressionKind::Binary(operator, inner_left, right) = &left.kind {
            if precedence(*operator) != chain || (!associative && !rights.is_empty()) {
                break;
            }
            rights.push((*operator, right));
            left = inner_left;
        }
        // `cap` and `floor` bind looser than arithmetic, but `earned - lost
        // floor 0` reads as if the floor applied to `lost`: arithmetic under
        // them keeps its parentheses, as authors write it.
        let (left_lowest, right_lowest) = if chain == BOUNDING {
            (NEGATION, NEGATION)
        } else if associative {
            (chain, chain + 1)
        } else {
            (chain + 1, chain + 1)
        };
        let first = self.chain_operand_doc(left, left_lowest);
        let mut rest = Vec::new();
        for (operator, right) in rights.into_iter().rev() {
            rest.push(Doc::Line);
            rest.push(doc::text(format!("{} ", operator.symbol())));
            rest.push(self.chain_operand_doc(right, right_lowest));
        }
        let rest = Doc::Concat(rest);
        let rest = if nested {
            Doc::Nest(INDENT, Box::new(rest))
        } else {
            rest
        };
        doc::aligned_group(vec![first, rest])
    }

    /// An operand of a chain: a tighter chain inside it, when broken, is
    /// indented under its first operand, so the looser operators stand out.
    fn chain_operand_doc(&self, operand: &Expression, lowest: u8) -> Doc {
        match &operand.kind {
            ExpressionKind::Binary(..) if level(operand) >= lowest => {
                self.binary_doc(operand, true)
            }
            _ => self.operand_doc(operand, lowest),
        }
    }

    /// `if a then b else if c then d else e`, each `else` under the `if`
    /// when broken.
    fn if_doc(&self, expression: &Expression) -> Doc {
        let mut parts = Vec::new();
        let mut rest = expression;
        while let ExpressionKind::If(condition, then, otherwise) = &rest.kind {
            if !parts.is_empty() {
                parts.push(Doc::Line);
                parts.push(doc::text("else "));
            }
            parts.push(doc::text("if "));
            parts.push(self.expression_doc(condition));
            parts.push(doc::text(" then "));
            parts.push(self.expression_doc(then));
            rest = otherwise;
        }
        parts.push(Doc::Line);
        parts.push(doc::text("else "));
        parts.push(self.expression_doc(rest));
        doc::aligned_group(parts)
    }

    fn record_doc(&self, start: usize, entries: &[(Name, Expression)]) -> Doc {
        let container = Key::Literal(start);
        if entries.is_empty()
            && self.open_comments(container).is_empty()
            && self.dangling_comments(container).is_empty()
        {
            return doc::text("{}");
        }
        let name_width = entries
            .iter()
            .map(|(name, _)| name.text.width())
            .max()
            .unwrap_or(0);
        let entries = entries
            .iter()
            .map(|(name, value)| {
                let padding = name_width.saturating_sub(name.text.width());
                let entry = Doc::Concat(vec![
                    doc::text(format!("{}:", name.text)),
                    Doc::BreakOnly(" ".repeat(padding)),
                    doc::text(" "),
                    self.expression_doc(value),
                ]);
                (Key::Node(name.span.start), entry)
            })
            .collect();
        self.braced_doc("{", container, entries)
    }

    /// Comma-separated entries in braces: flat when they fit, otherwise one
    /// per line with a trailing comma; comments force the break.
    fn braced_doc(&self, opening: &str, container: Key, entries: Vec<(Key, Doc)>) -> Doc {
        let mut head = vec![doc::text(opening)];
        head.extend(
            self.open_comments(container)
                .iter()
                .map(|&id| Doc::Trailing(self.comment(id).to_string())),
        );
        let count = entries.len();
        let mut inner = Vec::new();
        for (index, (key, entry)) in entries.into_iter().enumerate() {
            inner.push(Doc::Line);
            let notes = self.node(key);
            for note in notes.map_or(&[][..], |notes| &notes.leading) {
                inner.push(Doc::Comment(self.comment(note.comment).to_string()));
                inner.push(Doc::HardLine);
            }
            inner.push(entry);
            inner.push(if index + 1 == count {
                Doc::BreakOnly(",".to_string())
            } else {
                doc::text(",")
            });
            for &id in notes.map_or(&[][..], |notes| &notes.trailing) {
                inner.push(Doc::Trailing(self.comment(id).to_string()));
            }
        }
        for note in self.dangling_comments(container) {
            inner.push(Doc::Line);
            inner.push(Doc::Comment(self.comment(note.comment).to_string()));
        }
        head.push(Doc::Nest(INDENT, Box::new(Doc::Concat(inner))));
        head.push(Doc::Line);
        head.push(doc::text("}"));
        doc::group(head)
    }

    /// A message template on one line: holes never break.
    fn template(&self, template: &Template) -> String {
        let mut text = String::from("\"");
        for part in &template.parts {
            match part {
                TemplatePart::Text(literal) => text.push_str(&escape(literal, true)),
                TemplatePart::Hole(expression) => {
                    let doc = self.expression_doc(expression);
                    text.push('{');
                    text.push_str(&doc::render(&doc, 0, 0, UNLIMITED));
                    text.push('}');
                }
            }
        }
        text.push('"');
        text
    }
}

fn header_row<'a>(field: HeaderField, rest: Print<'a>) -> Entry<'a> {
    Entry {
        key: Key::HeaderField(field),
        default_blank: false,
        shape: Shape::Row {
            class: RowClass::Header,
            cells: vec![field.keyword().to_string()],
            rest,
        },
    }
}

fn parameter_row<'a>(keyword: &str, class: RowClass, parameter: &'a Parameter) -> Shape<'a> {
    let label = parameter
        .label
        .as_deref()
        .map_or(String::new(), |label| quote(label, false));
    Shape::Row {
        class,
        cells: vec![keyword.to_string(), parameter.name.text.clone(), label],
        rest: Box::new(move |printer, out, indent| printer.parameter_value(out, parameter, indent)),
    }
}

/// A field's name column is `name` before a label and `name:` without one.
fn field_entries(fields: &[FieldDeclaration]) -> Vec<Entry<'_>> {
    fields
        .iter()
        .map(|field| {
            let name = match field.label {
                Some(_) => field.name.text.clone(),
                None => format!("{}:", field.name.text),
            };
            Entry {
                key: Key::Node(field.span.start),
                default_blank: false,
                shape: Shape::Row {
                    class: RowClass::Field,
                    cells: vec![name],
                    rest: Box::new(move |printer, out, indent| {
                        printer.field_rest(out, field, indent)
                    }),
                },
            }
        })
        .collect()
}

/// Cites, readings, statements, items: the order the module documents.
fn block_entries(indicator: &Indicator) -> Vec<Entry<'_>> {
    body_entries(&indicator.body, indicator.span.start)
}

/// The lines of an indicator's, item's or adjustment's body; `anchor` is
/// the start of the declaration, which names its block citations.
fn body_entries(block: &Block, anchor: usize) -> Vec<Entry<'_>> {
    let mut entries: Vec<Entry> = block
        .annotations
        .cites
        .iter()
        .enumerate()
        .map(|(index, cite)| Entry {
            key: Key::Cite(anchor, index),
            default_blank: false,
            shape: Shape::Inline(format!("cite {}", quote(cite, false))),
        })
        .collect();
    for (reading, span) in &block.annotations.readings {
        entries.push(Entry::lines(Key::Node(span.start), move |_, out, _| {
            out.push(&format!("reading {}", quote(reading, false)))
        }));
    }
    for statement in &block.statements {
        entries.push(Entry::lines(
            Key::Node(statement_anchor(statement)),
            move |printer, out, indent| printer.statement(out, statement, indent),
        ));
    }
    for item in &block.items {
        entries.push(Entry::lines(
            Key::Node(item.span.start),
            move |printer, out, indent| {
                printer.indicator(out, "item", &item.name.text, item, indent)
            },
        ));
    }
    entries
}

fn row_class(entry: &Entry) -> Option<RowClass> {
    match &entry.shape {
        Shape::Row { class, .. } => Some(*class),
        Shape::Lines(_) | Shape::Inline(_) => None,
    }
}

fn run_widths(run: &[Entry]) -> Vec<usize> {
    let mut widths: Vec<usize> = Vec::new();
    for entry in run {
        if let Shape::Row { cells, .. } = &entry.shape {
            for (column, cell) in cells.iter().enumerate() {
                if widths.len() <= column {
                    widths.push(0);
                }
                widths[column] = widths[column].max(cell.width());
            }
        }
    }
    widths
}

/// Each cell, padded to its column's width, and a space; a column that is
/// empty throughout is left out.
fn pad_cells(out: &mut Out, cells: &[String], widths: Option<&[usize]>) {
    for (column, cell) in cells.iter().enumerate() {
        let width = widths
            .and_then(|widths| widths.get(column).copied())
            .unwrap_or_else(|| cell.width());
        if width == 0 {
            continue;
        }
        out.push(cell);
        out.push(&" ".repeat(width.saturating_sub(cell.width()) + 1));
    }
}

fn adjustment_keyword(kind: crate::outcome::AdjustmentKind) -> &'static str {
    match kind {
        crate::outcome::AdjustmentKind::Bonus => "bonus",
        crate::outcome::AdjustmentKind::Deduction => "deduction",
    }
}

/// `a.b.c`: an item's path as `override item` and `remove item` write it.
fn dotted(path: &[Name]) -> String {
    let names: Vec<&str> = path.iter().map(|name| name.text.as_str()).collect();
    names.join(".")
}

fn push_label(out: &mut Out, label: Option<&str>) {
    if let Some(label) = label {
        out.push(" ");
        out.push(&quote(label, false));
    }
}

/// Without source there is no author's grouping: a blank line separates the
/// header and declarations, except within a run of `param`s or of `let`s.
fn default_blank(previous: Option<&Declaration>, declaration: &Declaration) -> bool {
    !matches!(
        (previous, declaration),
        (Some(Declaration::Parameter(_)), Declaration::Parameter(_))
            | (Some(Declaration::Derived(_)), Declaration::Derived(_))
    )
}

fn quote(text: &str, template: bool) -> String {
    format!("\"{}\"", escape(text, template))
}

/// Undoes the parser's unescaping; braces are escaped only in templates,
/// where they would open a hole.
fn escape(text: &str, template: bool) -> String {
    let mut escaped = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '"' => escaped.push_str("\\\""),
            '\\' => escaped.push_str("\\\\"),
            '\n' => escaped.push_str("\\n"),
            '\t' => escaped.push_str("\\t"),
            '{' if template => escaped.push_str("\\{"),
            '}' if template => escaped.push_str("\\}"),
            c => escaped.push(c),
        }
    }
    escaped
}

// ---------------------------------------------------------------- precedence

// Binding levels, loosest first, as in the grammar's precedence comment.
const CONDITIONAL: u8 = 0;
const DISJUNCTION: u8 = 1;
const CONJUNCTION: u8 = 2;
const NEGATION_NOT: u8 = 3;
const COMPARISON: u8 = 4;
const DEFAULTING: u8 = 5;
const BOUNDING: u8 = 6;
const ADDITION: u8 = 7;
const MULTIPLICATION: u8 = 8;
const NEGATION: u8 = 9;
const POSTFIX: u8 = 10;
const PRIMARY: u8 = 11;

fn precedence(operator: BinaryOperator) -> u8 {
    match operator {
        BinaryOperator::Or => DISJUNCTION,
        BinaryOperator::And => CONJUNCTION,
        BinaryOperator::Equal
        | BinaryOperator::NotEqual
        | BinaryOperator::Less
        | BinaryOperator::LessEqual
        | BinaryOperator::Greater
        | BinaryOperator::GreaterEqual => COMPARISON,
        BinaryOperator::Default => DEFAULTING,
        BinaryOperator::Cap | BinaryOperator::Floor => BOUNDING,
        BinaryOperator::Add | BinaryOperator::Subtract => ADDITION,
        BinaryOperator::Multiply | BinaryOperator::Divide => MULTIPLICATION,
    }
}

/// How tightly an expression binds: an operand needs parentheses when its
/// level is below what its position requires.
fn level(expression: &Expression) -> u8 {
    match &expression.kind {
        ExpressionKind::If(..) => CONDITIONAL,
        ExpressionKind::Binary(operator, ..) => precedence(*operator),
        ExpressionKind::Unary(UnaryOperator::Not, _) => NEGATION_NOT,
        ExpressionKind::Unary(UnaryOperator::Negate, _) => NEGATION,
        ExpressionKind::Field(..) | ExpressionKind::Method(..) | ExpressionKind::Index(..) => {
            POSTFIX
        }
        ExpressionKind::Number(_)
        | ExpressionKind::Percent(_)
        | ExpressionKind::Boolean(_)
        | ExpressionKind::Text(_)
        | ExpressionKind::Date(_)
        | ExpressionKind::Name(_)
        | ExpressionKind::Record(_)
        | ExpressionKind::List(_)
        | ExpressionKind::Call(..) => PRIMARY,
    }
}
