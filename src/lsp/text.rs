//! Byte offsets ↔ LSP positions. The protocol counts a line's characters in
//! UTF-16 code units unless client and server agree on UTF-8 bytes; a line of
//! Chinese puts the two far apart (a Chinese character is one UTF-16 unit and
//! three UTF-8 bytes), so every conversion goes through here.

use lsp_types::{Position, Range};

/// How a position's `character` counts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Encoding {
    /// Bytes of UTF-8: the server's own offsets, when the client offers it.
    Utf8,
    /// UTF-16 code units: the protocol's default.
    Utf16,
}

impl Encoding {
    fn width(self, c: char) -> u32 {
        match self {
            Encoding::Utf8 => c.len_utf8() as u32,
            Encoding::Utf16 => c.len_utf16() as u32,
        }
    }
}

/// Where each line of a text starts, for converting many positions.
#[derive(Clone, Debug)]
pub struct LineIndex<'a> {
    text: &'a str,
    starts: Vec<usize>,
    encoding: Encoding,
}

impl<'a> LineIndex<'a> {
    /// Indexes `text`; `\n` ends a line (a `\r` before it is part of the line,
    /// which clients count the same way).
    pub fn new(text: &'a str, encoding: Encoding) -> Self {
        let starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(at, _)| at + 1))
            .collect();
        LineIndex {
            text,
            starts,
            encoding,
        }
    }

    /// The position of a byte offset; an offset past the end is the end, one
    /// inside a character that character's start.
    pub fn position(&self, offset: usize) -> Position {
        let offset = floor_boundary(self.text, offset.min(self.text.len()));
        let line = self.starts.partition_point(|&start| start <= offset) - 1;
        let start = self.starts[line];
        let character = self.text[start..offset]
            .chars()
            .map(|c| self.encoding.width(c))
            .sum();
        Position::new(line as u32, character)
    }

    /// The byte offset of a position. A line past the last is the end of the
    /// text; a character past the line's end is the line's end; a position
    /// inside a character (half a surrogate pair, a byte inside UTF-8) is
    /// that character's start.
    pub fn offset(&self, position: Position) -> usize {
        let Some(&start) = self.starts.get(position.line as usize) else {
            return self.text.len();
        };
        let end = self
            .starts
            .get(position.line as usize + 1)
            .map_or(self.text.len(), |next| next - 1);
        let mut counted = 0u32;
        for (at, c) in self.text[start..end].char_indices() {
            let width = self.encoding.width(c);
            if counted + width > position.character {
                return start + at;
            }
            counted += width;
        }
        end
    }

    /// The range of a byte span.
    pub fn range(&self, span: std::ops::Range<usize>) -> Range {
        Range::new(self.position(span.start), self.position(span.end))
    }

    /// The byte span of a range, start and end in order.
    pub fn span(&self, range: Range) -> std::ops::Range<usize> {
        let start = self.offset(range.start);
        let end = self.offset(range.end);
        start.min(end)..start.max(end)
    }
}

fn floor_boundary(text: &str, mut offset: usize) -> usize {
    while offset > 0 && !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

/// Applies one `didChange` edit: the whole text when `range` is absent.
pub fn apply_change(text: &mut String, range: Option<Range>, new_text: &str, encoding: Encoding) {
    match range {
        None => *text = new_text.to_string(),
        Some(range) => {
            let span = LineIndex::new(text, encoding).span(range);
            text.replace_range(span, new_text);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // issue 17 §1: a position after Chinese characters differs by encoding.
    #[test]
    fn positions_after_chinese_count_by_the_negotiated_encoding() {
        let text = "let a = \"考评\" + b\nx";
        let at = text.find('+').expect("a plus");
        let utf16 = LineIndex::new(text, Encoding::Utf16);
        let utf8 = LineIndex::new(text, Encoding::Utf8);
        assert_eq!(utf16.position(at), Position::new(0, 13));
        assert_eq!(utf8.position(at), Position::new(0, at as u32));
        assert_eq!(utf16.offset(Position::new(0, 13)), at);
        assert_eq!(utf8.offset(Position::new(0, at as u32)), at);
        assert_eq!(utf16.offset(Position::new(1, 0)), text.len() - 1);
    }

    #[test]
    fn out_of_range_positions_are_clamped() {
        let text = "考评\nab";
        let index = LineIndex::new(text, Encoding::Utf16);
        assert_eq!(index.offset(Position::new(0, 99)), "考评".len());
        assert_eq!(index.offset(Position::new(9, 0)), text.len());
        let utf8 = LineIndex::new(text, Encoding::Utf8);
        // A byte inside 考 is 考's start.
        assert_eq!(utf8.offset(Position::new(0, 1)), 0);
        assert_eq!(utf8.position(1), Position::new(0, 0));
        assert_eq!(index.position(999), Position::new(1, 2));
    }

    // issue 17 §1: a span becomes a range and back, across a line and after
    // Chinese characters, in UTF-16 (考 and 评 count one each).
    #[test]
    fn spans_and_ranges_convert_both_ways() {
        let text = "考评 a\nbc";
        let index = LineIndex::new(text, Encoding::Utf16);
        let a = text.find('a').expect("an a");
        let c = text.find('c').expect("a c");
        let range = index.range(a..c);
        assert_eq!(range, Range::new(Position::new(0, 3), Position::new(1, 1)));
        assert_eq!(index.span(range), a..c);
        // A range given end first is read in order.
        assert_eq!(index.span(Range::new(range.end, range.start)), a..c);
    }

    #[test]
    fn an_incremental_change_replaces_its_range() {
        let mut text = "考评 a\nb".to_string();
        let range = Range::new(Position::new(0, 3), Position::new(1, 0));
        apply_change(&mut text, Some(range), "c ", Encoding::Utf16);
        assert_eq!(text, "考评 c b");
        apply_change(&mut text, None, "new", Encoding::Utf16);
        assert_eq!(text, "new");
    }
}
