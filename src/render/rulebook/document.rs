//! The rulebook as a few kinds of block, written out as Markdown or as one
//! self-contained HTML page: the content is decided once, in `mod.rs`, and
//! both formats say the same.

use crate::render::html::escape;

/// A run of text inside a block: plain words, or source text shown as code.
#[derive(Debug, Clone)]
pub enum Inline {
    Text(String),
    Code(String),
}

/// A line of inline runs.
pub type Line = Vec<Inline>;

/// Plain words as a line.
pub fn words(text: impl Into<String>) -> Line {
    vec![Inline::Text(text.into())]
}

#[derive(Debug, Clone)]
pub enum Block {
    /// A heading, level 1 to 6.
    Heading(u8, String),
    Paragraph(Line),
    /// A bulleted list; each entry has a depth (0 for the outermost).
    List(Vec<(usize, Line)>),
    Table {
        header: Vec<String>,
        rows: Vec<Vec<Line>>,
    },
}

/// The blocks as Markdown (CommonMark with GitHub tables).
pub fn markdown(blocks: &[Block]) -> String {
    let mut out = String::new();
    for block in blocks {
        if !out.is_empty() {
            out.push('\n');
        }
        match block {
            Block::Heading(level, text) => {
                out.push_str(&"#".repeat(usize::from(*level).clamp(1, 6)));
                out.push(' ');
                out.push_str(&markdown_text(text));
                out.push('\n');
            }
            Block::Paragraph(line) => {
                out.push_str(&markdown_line(line));
                out.push('\n');
            }
            Block::List(entries) => {
                for (depth, line) in entries {
                    out.push_str(&"  ".repeat(*depth));
                    out.push_str("- ");
                    out.push_str(&markdown_line(line));
                    out.push('\n');
                }
            }
            Block::Table { header, rows } => {
                let cells: Vec<String> = header.iter().map(|h| markdown_text(h)).collect();
                out.push_str(&format!("| {} |\n", cells.join(" | ")));
                out.push_str(&format!("|{}\n", "---|".repeat(header.len())));
                for row in rows {
                    let cells: Vec<String> = row.iter().map(markdown_line).collect();
                    out.push_str(&format!("| {} |\n", cells.join(" | ")));
                }
            }
        }
    }
    out
}

fn markdown_line(line: &Line) -> String {
    line.iter()
        .map(|inline| match inline {
            Inline::Text(text) => markdown_text(text),
            Inline::Code(text) => markdown_code(text),
        })
        .collect()
}

/// Words made safe for Markdown, in running text and in table cells: line
/// breaks folded, `|` and the characters that start markup escaped. An
/// underscore inside a word (`case_files`) starts no emphasis and stays.
fn markdown_text(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    for (index, &ch) in chars.iter().enumerate() {
        match ch {
            '\\' | '*' | '`' | '[' | ']' | '<' | '>' | '|' | '#' => {
                out.push('\\');
                out.push(ch);
            }
            '_' => {
                let before = index > 0 && chars[index - 1].is_alphanumeric();
                let after = chars.get(index + 1).is_some_and(|c| c.is_alphanumeric());
                if !(before && after) {
                    out.push('\\');
                }
                out.push('_');
            }
            '\n' | '\r' => out.push(' '),
            _ => out.push(ch),
        }
    }
    out
}

/// Source text as inline code, safe in table cells: a backtick inside
/// widens the fence, `|` is escaped (GitHub tables split on it even there).
fn markdown_code(text: &str) -> String {
    let text = text.replace('|', "\\|").replace(['\n', '\r'], " ");
    let longest = text.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest + 1);
    if longest > 0 || text.starts_with(' ') || text.ends_with(' ') {
        format!("{fence} {text} {fence}")
    } else {
        format!("{fence}{text}{fence}")
    }
}

/// The blocks as one HTML page: no scripts, no external resources.
pub fn html(title: &str, language: &str, blocks: &[Block]) -> String {
    let mut out = format!(
        "<!DOCTYPE html>\n<html lang=\"{language}\">\n<head>\n<meta charset=\"utf-8\">\n<title>{}</title>\n<style>\n{STYLE}</style>\n</head>\n<body>\n",
        escape(title)
    );
    for block in blocks {
        match block {
            Block::Heading(level, text) => {
                let level = level.clamp(&1, &6);
                out.push_str(&format!("<h{level}>{}</h{level}>\n", escape(text)));
            }
            Block::Paragraph(line) => out.push_str(&format!("<p>{}</p>\n", html_line(line))),
            Block::List(entries) => html_list(entries, &mut out),
            Block::Table { header, rows } => {
                out.push_str("<table>\n<thead><tr>");
                for cell in header {
                    out.push_str(&format!("<th>{}</th>", escape(cell)));
                }
                out.push_str("</tr></thead>\n<tbody>\n");
                for row in rows {
                    out.push_str("<tr>");
                    for cell in row {
                        out.push_str(&format!("<td>{}</td>", html_line(cell)));
                    }
                    out.push_str("</tr>\n");
                }
                out.push_str("</tbody>\n</table>\n");
            }
        }
    }
    out.push_str("</body>\n</html>\n");
    out
}

const STYLE: &str =
    "body { font-family: sans-serif; max-width: 60em; margin: 2em auto; line-height: 1.5; }
table { border-collapse: collapse; margin: 1em 0; }
th, td { border: 1px solid #999; padding: 0.2em 0.6em; vertical-align: top; }
code { background: #f3f3f3; padding: 0 0.2em; }
";

/// Nested lists from entries with depths: a deeper entry opens a list
/// inside the previous entry.
fn html_list(entries: &[(usize, Line)], out: &mut String) {
    let mut open: Vec<usize> = Vec::new();
    for (depth, line) in entries {
        while open.last().is_some_and(|top| top > depth) {
            out.push_str("</li>\n</ul>\n");
            open.pop();
        }
        if open.last() == Some(depth) {
            out.push_str("</li>\n");
        } else {
            out.push_str("<ul>\n");
            open.push(*depth);
        }
        out.push_str(&format!("<li>{}", html_line(line)));
    }
    while open.pop().is_some() {
        out.push_str("</li>\n</ul>\n");
    }
}

fn html_line(line: &Line) -> String {
    line.iter()
        .map(|inline| match inline {
            Inline::Text(text) => escape(text),
            Inline::Code(text) => format!("<code>{}</code>", escape(text)),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nested_lists_close_in_order() {
        let entries = vec![
            (0, words("a")),
            (1, words("b")),
            (2, words("c")),
            (0, words("d")),
        ];
        let mut out = String::new();
        html_list(&entries, &mut out);
        assert_eq!(out.matches("<ul>").count(), out.matches("</ul>").count());
        assert_eq!(out.matches("<li>").count(), out.matches("</li>").count());
    }

    #[test]
    fn code_with_backticks_and_pipes_stays_one_cell() {
        assert_eq!(markdown_code("a | b"), "`a \\| b`");
        assert_eq!(markdown_code("`x`"), "`` `x` ``");
    }
}
