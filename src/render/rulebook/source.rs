//! Policy text as the rulebook shows it: one line, comments left out.

/// `text` on one line: `//` comments dropped (not inside a string), runs
/// of white space folded into one space.
pub fn source_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut in_string = false;
    let mut chars = text.chars().peekable();
    let mut space = false;
    while let Some(ch) = chars.next() {
        if !in_string && ch == '/' && chars.peek() == Some(&'/') {
            for rest in chars.by_ref() {
                if rest == '\n' {
                    break;
                }
            }
            space = true;
            continue;
        }
        if !in_string && ch.is_whitespace() {
            space = true;
            continue;
        }
        if space && !out.is_empty() {
            out.push(' ');
        }
        space = false;
        if ch == '"' {
            in_string = !in_string;
        } else if in_string && ch == '\\' {
            out.push(ch);
            if let Some(next) = chars.next() {
                out.push(next);
            }
            continue;
        }
        out.push(ch);
    }
    out
}

/// An expression's text with its brackets balanced: a compiled node's span
/// may start inside an opening parenthesis its text closes (`(a - b) floor
/// 0` spans `a - b) floor 0`), so the missing openers are put back, and
/// closers for any left open.
pub fn balanced(text: String) -> String {
    let (mut depth, mut lowest, mut in_string) = (0i64, 0i64, false);
    let mut chars = text.chars();
    while let Some(ch) = chars.next() {
        match ch {
            '"' => in_string = !in_string,
            '\\' if in_string => {
                chars.next();
            }
            _ if in_string => {}
            '(' => depth += 1,
            ')' => {
                depth -= 1;
                lowest = lowest.min(depth);
            }
            _ => {}
        }
    }
    let openers = usize::try_from(-lowest).unwrap_or(0);
    let closers = usize::try_from(depth - lowest).unwrap_or(0);
    format!("{}{text}{}", "(".repeat(openers), ")".repeat(closers))
}

/// The value of a `param` declaration as written: what follows its first
/// `=`, up to the `cite` or `reading` after it. Empty when there is none.
pub fn parameter_text(declaration: &str) -> String {
    let text = source_text(declaration);
    let mut in_string = false;
    let mut depth = 0i32;
    let mut start = None;
    let mut end = text.len();
    for (index, ch) in text.char_indices() {
        match ch {
            '"' => in_string = !in_string,
            _ if in_string => {}
            '{' | '[' | '(' => depth += 1,
            '}' | ']' | ')' => depth -= 1,
            '=' if start.is_none() && depth == 0 => start = Some(index + 1),
            ' ' if start.is_some() && depth == 0 => {
                let rest = &text[index + 1..];
                let word_end = rest.find(' ').unwrap_or(rest.len());
                if matches!(&rest[..word_end], "cite" | "reading")
                    && rest[word_end..].trim_start().starts_with('"')
                {
                    end = index;
                    break;
                }
            }
            _ => {}
        }
    }
    match start {
        Some(start) if start <= end => text[start..end]
            .trim()
            .replace(", }", " }")
            .replace(", ]", " ]"),
        _ => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comments_and_line_breaks_fold_away() {
        let text = "a +   b // the sum\n  * \"x // y\"";
        assert_eq!(source_text(text), "a + b * \"x // y\"");
    }

    #[test]
    fn brackets_the_span_left_out_are_put_back() {
        assert_eq!(balanced("a - b) floor 0".into()), "(a - b) floor 0");
        assert_eq!(balanced("f(a, \")\")".into()), "f(a, \")\")");
        assert_eq!(balanced("(a".into()), "(a)");
    }

    #[test]
    fn a_parameter_value_stops_at_its_clause() {
        let declaration = "param weight \"权重\" = 20 - 5 cite \"办法·考核方法\"\n  reading \"x\"";
        assert_eq!(parameter_text(declaration), "20 - 5");
        let table = "param p \"p\" = { a: 5, b: 4 }\n  cite \"细则 一1\"";
        assert_eq!(parameter_text(table), "{ a: 5, b: 4 }");
    }
}
