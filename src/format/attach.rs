//! Assigns every comment to a line of the tree. The tree is first
//! described as nested regions (a node's first token, and the braced bodies
//! inside it); then each body hands its comments to its children.

use std::collections::HashSet;

use super::scan::{self, Comment, Token, TokenKind};
use super::*;

pub(super) fn notes(source: &str, file: &PolicyFile) -> Notes {
    let scripts = file
        .declarations
        .iter()
        .filter_map(|declaration| match declaration {
            Declaration::Script(script) if script.source_span.end > script.source_span.start => {
                Some((script.source_span.start, script.source_span.end))
            }
            _ => None,
        })
        .collect();
    let scanned = scan::scan(source, &template_starts(file), &scripts);
    let comments = scanned
        .comments
        .iter()
        .map(|comment| {
            source
                .get(comment.start..comment.end)
                .unwrap_or("")
                .to_string()
        })
        .collect();
    let regions = Regions {
        source,
        tokens: &scanned.tokens,
    };
    let body = regions.file(file);
    let mut attacher = Attacher {
        source,
        tokens: &scanned.tokens,
        comments: &scanned.comments,
        claimed: vec![false; scanned.comments.len()],
        notes: Notes {
            from_source: true,
            comments,
            ..Notes::default()
        },
    };
    attacher.body(&body);
    attacher.notes
}

/// Where every message template starts: the scanner reads their holes as
/// code, which only the parse can tell from plain strings.
fn template_starts(file: &PolicyFile) -> HashSet<usize> {
    let mut starts = HashSet::new();
    for declaration in &file.declarations {
        match declaration {
            Declaration::Exclude(rule) | Declaration::Finding(rule) | Declaration::Revoke(rule) => {
                starts.insert(rule.message.span.start);
            }
            Declaration::GradeRule(rule) => {
                starts.insert(rule.message.span.start);
            }
            Declaration::Indicator(indicator)
            | Declaration::Override(Override::Indicator(indicator))
            | Declaration::Override(Override::Item {
                item: indicator, ..
            }) => block_template_starts(&indicator.body, &mut starts),
            Declaration::Adjustment(adjustment)
            | Declaration::Override(Override::Adjustment(adjustment)) => {
                block_template_starts(&adjustment.body, &mut starts)
            }
            _ => {}
        }
    }
    starts
}

fn block_template_starts(block: &Block, starts: &mut HashSet<usize>) {
    for statement in &block.statements {
        match statement {
            Statement::Zero(rule) | Statement::Finding(rule) => {
                starts.insert(rule.message.span.start);
            }
            Statement::Deduct(line) | Statement::Add(line) => {
                if let Some(message) = &line.message {
                    starts.insert(message.span.start);
                }
            }
            Statement::Let(..) | Statement::Score(_) | Statement::Full { .. } => {}
        }
    }
    for item in &block.items {
        block_template_starts(&item.body, starts);
    }
}

/// A line of the tree: where its first token is, and the bodies inside it
/// whose own lines take their own comments.
struct Region {
    key: Key,
    start: usize,
    bodies: Vec<Body>,
}

/// What lies between a pair of braces (or the whole file).
struct Body {
    key: Key,
    /// Just past the opening brace; `None` for the file.
    open: Option<usize>,
    /// The closing brace.
    close: usize,
    children: Vec<Region>,
}

fn leaf(key: Key, start: usize) -> Region {
    Region {
        key,
        start,
        bodies: Vec::new(),
    }
}

struct Regions<'a> {
    source: &'a str,
    tokens: &'a [Token],
}

impl Regions<'_> {
    fn text(&self, token: &Token) -> &str {
        self.source.get(token.start..token.end).unwrap_or("")
    }

    /// The index of the first token that starts at or after `offset`.
    fn index_from(&self, offset: usize) -> usize {
        self.tokens.partition_point(|token| token.start < offset)
    }

    fn last_token_before(&self, offset: usize) -> Option<&Token> {
        let index = self.index_from(offset);
        index.checked_sub(1).map(|index| &self.tokens[index])
    }

    /// The start of the keyword before a node whose span begins after it:
    /// `let NAME`, `score (…`, `override param`.
    fn keyword_before(&self, offset: usize) -> usize {
        let mut index = self.index_from(offset);
        while index > 0 && self.tokens[index - 1].kind == TokenKind::Punct(b'(') {
            index -= 1;
        }
        index
            .checked_sub(1)
            .map_or(offset, |index| self.tokens[index].start)
    }

    /// The body between the first `{` at or after `from` and the `}`
    /// that is the last token before `end`.
    fn braces(&self, from: usize, end: usize, key: Key, children: Vec<Region>) -> Option<Body> {
        let open = self.tokens[self.index_from(from)..]
            .iter()
            .find(|token| token.kind == TokenKind::Punct(b'{'))?;
        let close = self.last_token_before(end)?;
        let closes = close.kind == TokenKind::Punct(b'}') && close.start >= open.end;
        closes.then_some(Body {
            key,
            open: Some(open.end),
            close: close.start,
            children,
        })
    }

    fn file(&self, file: &PolicyFile) -> Body {
        let mut children = vec![self.header(&file.header)];
        children.extend(file.declarations.iter().map(|d| self.declaration(d)));
        Body {
            key: Key::File,
            open: None,
            close: self.source.len(),
            children,
        }
    }

    fn header(&self, header: &Header) -> Region {
        let mut region = leaf(Key::Header, header.span.start);
        if let Some(mut body) =
            self.braces(header.id.span.end, header.span.end, Key::Header, Vec::new())
        {
            body.children = self.header_fields(header, &body);
            region.bodies.push(body);
        }
        region
    }

    /// Header fields keep no spans of their own: their keywords are found
    /// among the tokens. Unless each present field is found exactly once,
    /// none is, and the header's comments all go before its closing brace.
    fn header_fields(&self, header: &Header, body: &Body) -> Vec<Region> {
        let total = header
            .total
            .as_ref()
            .map_or(0..0, |total| total.span.start..total.span.end);
        let tokens =
            &self.tokens[self.index_from(body.open.unwrap_or(0))..self.index_from(body.close)];
        let mut found: Vec<(HeaderField, usize)> = tokens
            .iter()
            .filter(|token| token.kind == TokenKind::Word && !total.contains(&token.start))
            .filter_map(|token| {
                HeaderField::ALL
                    .into_iter()
                    .find(|field| field.keyword() == self.text(token))
                    .map(|field| (field, token.start))
            })
            .collect();
        found.sort();
        let present: Vec<HeaderField> = HeaderField::ALL
            .into_iter()
            .filter(|field| field.is_in(header))
            .collect();
        if found.iter().map(|(field, _)| *field).ne(present) {
            return Vec::new();
        }
        found
            .into_iter()
            .map(|(field, start)| leaf(Key::HeaderField(field), start))
            .collect()
    }

    fn declaration(&self, declaration: &Declaration) -> Region {
        let key = Key::Node(declaration_anchor(declaration));
        let start = declaration_anchor(declaration);
        let bodies = match declaration {
            Declaration::Input(fields, span) => self.field_body(*span, key, fields),
            Declaration::Record(record) => self.field_body(record.span, key, &record.fields),
            Declaration::Parameter(parameter) | Declaration::Derived(parameter) => {
                self.literals(&parameter.value)
            }
            Declaration::Indicator(indicator) => self.block(indicator).into_iter().collect(),
            Declaration::Exclude(rule) | Declaration::Finding(rule) | Declaration::Revoke(rule) => {
                self.literals(&rule.condition)
            }
            Declaration::Select(select) | Declaration::Flag(select) => self.literals(&select.count),
            Declaration::Override(replacement) => {
                return Region {
                    key,
                    start: self.keyword_before(start),
                    bodies: self.override_bodies(replacement),
                }
            }
            Declaration::Adjustment(adjustment) => self.adjustment(adjustment),
            Declaration::Grades(grades) => self.grades(grades),
            Declaration::GradeRule(rule) => self.literals(&rule.condition),
            Declaration::Group(_)
            | Declaration::Rank(_)
            | Declaration::Remove(_)
            | Declaration::Script(_) => Vec::new(),
        };
        Region { key, start, bodies }
    }

    fn override_bodies(&self, replacement: &Override) -> Vec<Body> {
        match replacement {
            Override::Parameter(parameter) => self.literals(&parameter.value),
            Override::Indicator(indicator)
            | Override::Item {
                item: indicator, ..
            } => self.block(indicator).into_iter().collect(),
            Override::Record(record) | Override::RecordExtension(record) => {
                self.field_body(record.span, Key::Node(record.span.start), &record.fields)
            }
            Override::Adjustment(adjustment) => self.adjustment(adjustment),
            Override::Grades(grades) => self.grades(grades),
            Override::Rank(_) | Override::Group(_) => Vec::new(),
        }
    }

    fn adjustment(&self, adjustment: &Adjustment) -> Vec<Body> {
        let opens_after = adjustment
            .cap
            .as_ref()
            .map_or(adjustment.name.span.end, |cap| cap.span.end);
        self.body_block(adjustment.span, opens_after, &adjustment.body)
            .into_iter()
            .collect()
    }

    /// The bands of a grade scale, each a line. The scale's annotations
    /// follow its closing brace, so the brace is found by matching.
    fn grades(&self, grades: &GradeScale) -> Vec<Body> {
        let opens_after = grades
            .by
            .as_ref()
            .map_or(grades.span.start, |by| by.span.end);
        let children = grades
            .bands
            .iter()
            .map(|band| {
                let mut bodies = Vec::new();
                for expression in band
                    .at_least
                    .iter()
                    .chain(band.quotas.iter().map(|quota| &quota.amount))
                {
                    bodies.extend(self.literals(expression));
                }
                Region {
                    key: Key::Node(band.span.start),
                    start: band.span.start,
                    bodies,
                }
            })
            .collect();
        self.matched_braces(opens_after, Key::Node(grades.span.start), children)
            .into_iter()
            .collect()
    }

    /// The body between the first `{` at or after `from` and the `}` that
    /// matches it.
    fn matched_braces(&self, from: usize, key: Key, children: Vec<Region>) -> Option<Body> {
        let first = self.index_from(from);
        let open = first
            + self.tokens[first..]
                .iter()
                .position(|token| token.kind == TokenKind::Punct(b'{'))?;
        let mut depth = 0usize;
        for token in &self.tokens[open..] {
            match token.kind {
                TokenKind::Punct(b'{') => depth += 1,
                TokenKind::Punct(b'}') => {
                    depth -= 1;
                    if depth == 0 {
                        return Some(Body {
                            key,
                            open: Some(self.tokens[open].end),
                            close: token.start,
                            children,
                        });
                    }
                }
                _ => {}
            }
        }
        None
    }

    fn field_body(&self, span: Span, key: Key, fields: &[FieldDeclaration]) -> Vec<Body> {
        let children = fields.iter().map(|field| self.field(field)).collect();
        self.braces(span.start, span.end, key, children)
            .into_iter()
            .collect()
    }

    fn field(&self, field: &FieldDeclaration) -> Region {
        let key = Key::Node(field.span.start);
        let mut bodies: Vec<Body> = self.type_body(&field.field_type, key).into_iter().collect();
        if let Some(default) = &field.default {
            bodies.extend(self.literals(default));
        }
        Region {
            key,
            start: field.span.start,
            bodies,
        }
    }

    /// The braces a field's type opens, if any: an inline record or an enum,
    /// possibly under `optional` and `list of`.
    fn type_body(&self, field_type: &TypeExpression, key: Key) -> Option<Body> {
        match field_type {
            TypeExpression::Optional(inner, _) => self.type_body(inner, key),
            TypeExpression::List { element, .. } => self.type_body(element, key),
            TypeExpression::Record(fields, span) => {
                let children = fields.iter().map(|field| self.field(field)).collect();
                self.braces(span.start, span.end, key, children)
            }
            TypeExpression::Enum(variants, span) => {
                let children = variants
                    .iter()
                    .map(|(name, _)| leaf(Key::Node(name.span.start), name.span.start))
                    .collect();
                self.braces(span.start, span.end, key, children)
            }
            TypeExpression::Named(_)
            | TypeExpression::Range { .. }
            | TypeExpression::Reference(..) => None,
        }
    }

    fn block(&self, indicator: &Indicator) -> Option<Body> {
        let limit = indicator.scaled_from.as_ref().unwrap_or(&indicator.max);
        self.body_block(indicator.span, limit.span.end, &indicator.body)
    }

    /// The braces of an indicator's, item's or adjustment's body, which open
    /// after `opens_after` inside `span`.
    fn body_block(&self, span: Span, opens_after: usize, block: &Block) -> Option<Body> {
        let anchor = span.start;
        let mut body = self.braces(opens_after, span.end, Key::Node(anchor), Vec::new())?;
        let mut children = self.block_cites(anchor, block, &body);
        children.extend(
            block
                .annotations
                .readings
                .iter()
                .map(|(_, span)| leaf(Key::Node(span.start), span.start)),
        );
        children.extend(
            block
                .statements
                .iter()
                .map(|statement| self.statement(statement)),
        );
        children.extend(block.items.iter().map(|item| Region {
            key: Key::Node(item.span.start),
            start: item.span.start,
            bodies: self.block(item).into_iter().collect(),
        }));
        children.sort_by_key(|child| child.start);
        body.children = children;
        Some(body)
    }

    /// Block citations keep no spans: they are the `cite "…"` token pairs
    /// of the body outside its rules and items. Unless their number is
    /// right, none is found.
    fn block_cites(&self, anchor: usize, block: &Block, body: &Body) -> Vec<Region> {
        let inner: Vec<Span> = block
            .statements
            .iter()
            .filter_map(|statement| match statement {
                Statement::Zero(rule) | Statement::Finding(rule) => Some(rule.span),
                Statement::Deduct(line) | Statement::Add(line) => Some(line.span),
                Statement::Full { span, .. } => Some(*span),
                Statement::Let(..) | Statement::Score(_) => None,
            })
            .chain(block.items.iter().map(|item| item.span))
            .collect();
        let tokens =
            &self.tokens[self.index_from(body.open.unwrap_or(0))..self.index_from(body.close)];
        let starts: Vec<usize> = tokens
            .windows(2)
            .filter(|pair| {
                pair[0].kind == TokenKind::Word
                    && self.text(&pair[0]) == "cite"
                    && pair[1].kind == TokenKind::Quoted
                    && !inner
                        .iter()
                        .any(|span| (span.start..span.end).contains(&pair[0].start))
            })
            .map(|pair| pair[0].start)
            .collect();
        if starts.len() != block.annotations.cites.len() {
            return Vec::new();
        }
        starts
            .into_iter()
            .enumerate()
            .map(|(index, start)| leaf(Key::Cite(anchor, index), start))
            .collect()
    }

    fn statement(&self, statement: &Statement) -> Region {
        let anchor = statement_anchor(statement);
        let (start, bodies) = match statement {
            Statement::Let(_, value) | Statement::Score(value) => {
                (self.keyword_before(anchor), self.literals(value))
            }
            Statement::Zero(rule) | Statement::Finding(rule) => {
                (anchor, self.literals(&rule.condition))
            }
            Statement::Deduct(line) | Statement::Add(line) => {
                let mut bodies = self.literals(&line.amount);
                match &line.basis {
                    PointsBasis::Per { step, quantity } => {
                        if let Some(step) = step {
                            bodies.extend(self.literals(step));
                        }
                        bodies.extend(self.literals(quantity));
                    }
                    PointsBasis::When(condition) | PointsBasis::Each(condition) => {
                        bodies.extend(self.literals(condition))
                    }
                }
                (anchor, bodies)
            }
            Statement::Full { condition, .. } => (anchor, self.literals(condition)),
        };
        Region {
            key: Key::Node(anchor),
            start,
            bodies,
        }
    }

    /// The record literals in an expression, outermost ones only (each
    /// holds its own). Walks with a stack: operator chains can be long.
    fn literals(&self, expression: &Expression) -> Vec<Body> {
        let mut bodies = Vec::new();
        let mut pending = vec![expression];
        while let Some(expression) = pending.pop() {
            match &expression.kind {
                ExpressionKind::Record(entries) => {
                    bodies.extend(self.record_literal(expression.span, entries))
                }
                ExpressionKind::List(items) | ExpressionKind::Call(_, items) => {
                    pending.extend(items)
                }
                ExpressionKind::Method(target, _, arguments) => {
                    pending.push(target);
                    pending.extend(arguments);
                }
                ExpressionKind::Field(target, _) | ExpressionKind::Unary(_, target) => {
                    pending.push(target)
                }
                ExpressionKind::Index(left, right) | ExpressionKind::Binary(_, left, right) => {
                    pending.push(left);
                    pending.push(right);
                }
                ExpressionKind::If(condition, then, otherwise) => {
                    pending.extend([&**condition, &**then, &**otherwise])
                }
                ExpressionKind::Number(_)
                | ExpressionKind::Percent(_)
                | ExpressionKind::Boolean(_)
                | ExpressionKind::Text(_)
                | ExpressionKind::Date(_)
                | ExpressionKind::Name(_) => {}
            }
        }
        bodies
    }

    fn record_literal(&self, span: Span, entries: &[(Name, Expression)]) -> Option<Body> {
        let open = self
            .tokens
            .get(self.index_from(span.start))
            .filter(|token| token.start == span.start && token.kind == TokenKind::Punct(b'{'))?;
        let close = self
            .last_token_before(span.end)
            .filter(|token| token.kind == TokenKind::Punct(b'}'))?;
        let children = entries
            .iter()
            .map(|(name, value)| Region {
                key: Key::Node(name.span.start),
                start: name.span.start,
                bodies: self.literals(value),
            })
            .collect();
        Some(Body {
            key: Key::Literal(span.start),
            open: Some(open.end),
            close: close.start,
            children,
        })
    }
}

struct Attacher<'a> {
    source: &'a str,
    tokens: &'a [Token],
    comments: &'a [Comment],
    claimed: Vec<bool>,
    notes: Notes,
}

/// Where a body's comments go, by child index.
struct Shares {
    gap: Vec<Vec<usize>>,
    moved: Vec<Vec<usize>>,
    trailing: Vec<Vec<usize>>,
    open: Vec<usize>,
    dangling: Vec<usize>,
}

impl Attacher<'_> {
    /// Inner bodies first, so a comment goes to the innermost line that
    /// can hold it.
    fn body(&mut self, body: &Body) {
        for child in &body.children {
            for inner in &child.bodies {
                self.body(inner);
            }
        }
        let mut children: Vec<&Region> = body.children.iter().collect();
        children.sort_by_key(|child| child.start);
        let ends: Vec<usize> = (0..children.len())
            .map(|index| {
                let limit = children
                    .get(index + 1)
                    .map_or(body.close, |next| next.start);
                self.last_token_end(children[index].start, limit)
            })
            .collect();
        let shares = self.share(body, &children, &ends);
        self.store(body, &children, shares);
    }

    fn share(&mut self, body: &Body, children: &[&Region], ends: &[usize]) -> Shares {
        let count = children.len();
        let mut shares = Shares {
            gap: vec![Vec::new(); count],
            moved: vec![Vec::new(); count],
            trailing: vec![Vec::new(); count],
            open: Vec::new(),
            dangling: Vec::new(),
        };
        let mut chain_ends = ends.to_vec();
        let mut open_chain = body.open;
        let first = self
            .comments
            .partition_point(|comment| comment.start < body.open.unwrap_or(0));
        for id in first..self.comments.len() {
            let comment = self.comments[id];
            if comment.start >= body.close {
                break;
            }
            if self.claimed[id] {
                continue;
            }
            self.claimed[id] = true;
            if let Some(index) = (0..count).find(|&index| {
                children[index].start <= comment.start && comment.start < ends[index]
            }) {
                shares.moved[index].push(id);
                continue;
            }
            let previous = (0..count).rev().find(|&index| ends[index] <= comment.start);
            let anchor = match previous {
                Some(index) => Some(chain_ends[index]),
                None => open_chain,
            };
            if anchor.is_some_and(|anchor| self.same_line(anchor, comment.start)) {
                match previous {
                    Some(index) => {
                        shares.trailing[index].push(id);
                        chain_ends[index] = comment.end;
                    }
                    None => {
                        shares.open.push(id);
                        open_chain = Some(comment.end);
                    }
                }
                continue;
            }
            match (0..count).find(|&index| children[index].start > comment.start) {
                Some(index) => shares.gap[index].push(id),
                None => shares.dangling.push(id),
            }
        }
        shares
    }

    /// A comment moved out of a line goes before it; the first one takes
    /// over the line's blank line, so the group stays where it was.
    fn store(&mut self, body: &Body, children: &[&Region], shares: Shares) {
        let Shares {
            gap,
            moved,
            trailing,
            open,
            dangling,
        } = shares;
        for (index, child) in children.iter().enumerate() {
            let mut leading: Vec<Note> = gap[index].iter().map(|&id| self.note(id)).collect();
            let mut blank_before = self.blank_before(child.start);
            for &id in &moved[index] {
                leading.push(Note {
                    comment: id,
                    blank_before,
                });
                blank_before = false;
            }
            self.notes.nodes.insert(
                child.key,
                NodeNotes {
                    leading,
                    blank_before,
                    trailing: trailing[index].clone(),
                },
            );
        }
        let dangling = dangling.iter().map(|&id| self.note(id)).collect();
        self.notes
            .containers
            .insert(body.key, ContainerNotes { open, dangling });
    }

    fn note(&self, id: usize) -> Note {
        Note {
            comment: id,
            blank_before: self.blank_before(self.comments[id].start),
        }
    }

    /// The end of the last token from `start` up to `limit`.
    fn last_token_end(&self, start: usize, limit: usize) -> usize {
        let index = self.tokens.partition_point(|token| token.start < limit);
        match index.checked_sub(1).map(|index| self.tokens[index]) {
            Some(token) if token.start >= start => token.end,
            _ => start,
        }
    }

    fn same_line(&self, from: usize, to: usize) -> bool {
        self.source
            .get(from..to)
            .is_some_and(|between| !between.contains('\n'))
    }

    /// Whether the space just before `offset` holds an empty line.
    fn blank_before(&self, offset: usize) -> bool {
        let before = self.source.get(..offset).unwrap_or("");
        let newlines = before
            .chars()
            .rev()
            .take_while(|&c| is_space(c))
            .filter(|&c| c == '\n')
            .count();
        newlines >= 2
    }
}
