// The source of kaoping.tmLanguage.json (issue 17 §3): TextMate grammars are
// JSON, which holds no comments and repeats its regexes; this file says why
// each rule is there and builds the JSON. After a change:
//   npm run grammar      (writes syntaxes/kaoping.tmLanguage.json)
// The unit tests fail while the JSON and this file disagree.

import * as fs from "node:fs";
import * as path from "node:path";

// Name characters, as the parser's `identifier` (grammar/kaoping.pest): letters
// of any script, digits after the first character, and `_`. TextMate's `\b`
// knows only ASCII words, so keywords are bounded by lookarounds instead.
const B = "(?<![\\p{L}\\p{N}_])";
const E = "(?![\\p{L}\\p{N}_])";
const IDENT = "[\\p{L}_][\\p{L}\\p{N}_]*";
const words = (list: string[]): string => `${B}(?:${list.join("|")})${E}`;
// A label right after a declaration's name: groups (whole, open quote, text, close quote).
const LABEL = `((")((?:[^"\\\\\\n]|\\\\.)*)("))`;
const labelCaptures = (first: number): Record<number, object> => ({
  [first]: { name: "string.quoted.double.label.kaoping" },
  [first + 1]: { name: "punctuation.definition.string.begin.kaoping" },
  // vscode-textmate drops the enclosing capture's scope when it retokenizes a capture: name it again.
  [first + 2]: { name: "string.quoted.double.label.kaoping", patterns: [{ include: "#escape" }] },
  [first + 3]: { name: "punctuation.definition.string.end.kaoping" },
});
const keywordScope = (word: string) => ({ name: `storage.type.${word}.kaoping` });
// A string argument after a keyword (cite, reading, source, ...), on the same line.
const stringAfter = (keywords: string[], keywordName: string, stringName: string) => ({
  match: `${B}(${keywords.join("|")})${E}\\s*${LABEL}`,
  captures: {
    1: { name: keywordName },
    2: { name: stringName },
    3: { name: "punctuation.definition.string.begin.kaoping" },
    4: { name: stringName, patterns: [{ include: "#escape" }] },
    5: { name: "punctuation.definition.string.end.kaoping" },
  },
});

// A line that starts a top-level declaration ends an unclosed `enum {` or
// `grades {` above it, so that a half-typed block does not swallow the file.
const RECOVER = `^(?=\\s*(?:policy|param|let|indicator|record|input|bonus|deduction|override|extend|remove|script|exclude|finding|revoke|grades|grade|group|rank|select|flag)${E})`;

// The checker's FUNCTIONS (src/check/mod.rs); a unit test keeps the two lists equal.
export const FUNCTIONS = ["min", "max", "round_down", "round_up", "round", "abs", "present", "days_between", "date", "characters", "contains_any", "extension", "grouped"];

export const grammar = {
  $schema: "https://raw.githubusercontent.com/martinring/tmlanguage/master/tmlanguage.json",
  name: "kaoping",
  scopeName: "source.kaoping",
  fileTypes: ["kp"],
  // Where two rules match at the same place, the earlier wins: a clause after
  // `cite` before any other string; a declaration before the bare keywords, so
  // that `param NAME "label"` colours the name and the label; a field
  // (`name "label": type`) before an expression, whose words are keywords or names.
  patterns: [
    { include: "#comments" },
    { include: "#script" },
    { include: "#annotations" },
    { include: "#declarations" },
    { include: "#enum" },
    { include: "#grades" },
    { include: "#field-declaration" },
    { include: "#expression" },
  ],
  repository: {
    comments: {
      patterns: [
        {
          name: "comment.block.kaoping",
          begin: "/\\*",
          end: "\\*/",
          beginCaptures: { 0: { name: "punctuation.definition.comment.begin.kaoping" } },
          endCaptures: { 0: { name: "punctuation.definition.comment.end.kaoping" } },
        },
        {
          name: "comment.line.double-slash.kaoping",
          begin: "//",
          end: "$",
          beginCaptures: { 0: { name: "punctuation.definition.comment.kaoping" } },
        },
      ],
    },
    escape: {
      patterns: [
        { name: "constant.character.escape.kaoping", match: "\\\\[\"\\\\nt{}]" },
        { name: "invalid.illegal.escape.kaoping", match: "\\\\." },
      ],
    },
    annotations: {
      patterns: [
        stringAfter(["cite", "source"], "keyword.other.$1.kaoping", "string.quoted.double.clause.kaoping"),
        stringAfter(["reading"], "keyword.other.reading.kaoping", "string.quoted.double.reading.kaoping"),
        stringAfter(["extends"], "keyword.other.extends.kaoping", "string.quoted.double.path.kaoping"),
        stringAfter(["title", "version"], "keyword.other.$1.kaoping", "string.quoted.double.$1.kaoping"),
      ],
    },
    declarations: {
      patterns: [
        {
          match: `${B}(policy)\\s+(${IDENT})`,
          captures: { 1: keywordScope("policy"), 2: { name: "entity.name.namespace.policy.kaoping" } },
        },
        {
          match: `${B}(extend)\\s+(record)\\s+(${IDENT})(?:\\s*${LABEL})?`,
          captures: {
            1: keywordScope("extend"),
            2: keywordScope("record"),
            3: { name: "entity.name.type.record.kaoping" },
            ...labelCaptures(4),
          },
        },
        {
          match: `${B}(record)\\s+(${IDENT})(?:\\s*${LABEL})?`,
          captures: { 1: keywordScope("record"), 2: { name: "entity.name.type.record.kaoping" }, ...labelCaptures(3) },
        },
        {
          match: `${B}(param)\\s+(${IDENT})(?:\\s*${LABEL})?`,
          captures: { 1: keywordScope("param"), 2: { name: "entity.name.variable.parameter.kaoping" }, ...labelCaptures(3) },
        },
        {
          match: `${B}(let)\\s+(${IDENT})`,
          captures: { 1: keywordScope("let"), 2: { name: "entity.name.variable.let.kaoping" } },
        },
        {
          match: `${B}(per)\\s+(indicator)${E}`,
          captures: { 1: { name: "keyword.other.per.kaoping" }, 2: { name: "keyword.other.indicator.kaoping" } },
        },
        {
          match: `${B}(indicator)\\s+(${IDENT})(?:\\s*${LABEL})?`,
          captures: { 1: keywordScope("indicator"), 2: { name: "entity.name.function.indicator.kaoping" }, ...labelCaptures(3) },
        },
        {
          match: `${B}(item)\\s+(${IDENT}(?:\\.${IDENT})*)(?:\\s*${LABEL})?`,
          captures: { 1: keywordScope("item"), 2: { name: "entity.name.function.item.kaoping" }, ...labelCaptures(3) },
        },
        {
          match: `${B}(bonus|deduction)\\s+(${IDENT})(?:\\s*${LABEL})?`,
          captures: { 1: { name: "storage.type.$1.kaoping" }, 2: { name: "entity.name.function.adjustment.kaoping" }, ...labelCaptures(3) },
        },
        {
          match: `${B}(flag)\\s+(${IDENT})`,
          captures: { 1: { name: "keyword.other.flag.kaoping" }, 2: { name: "entity.name.variable.flag.kaoping" } },
        },
        {
          // `grade 不合格 when …` and `grade at most 良好 when …`
          match: `${B}(grade)\\s+(?:(at)\\s+(most)\\s+)?(${IDENT})(?=\\s+when${E})`,
          captures: {
            1: { name: "keyword.other.grade.kaoping" },
            2: { name: "keyword.other.at.kaoping" },
            3: { name: "keyword.other.most.kaoping" },
            4: { name: "constant.other.grade.kaoping" },
          },
        },
        {
          match: `${B}(group)\\s+(by)\\s+(${IDENT})`,
          captures: { 1: { name: "keyword.other.group.kaoping" }, 2: { name: "keyword.other.by.kaoping" }, 3: { name: "variable.other.property.kaoping" } },
        },
        {
          // `select 2 in city`, `quota 20% in county`, `flag top 3 in county`: a group's value.
          match: `${B}(in)\\s+(${IDENT})`,
          captures: { 1: { name: "keyword.other.in.kaoping" }, 2: { name: "constant.other.group.kaoping" } },
        },
      ],
    },
    enum: {
      begin: `${B}(enum)\\s*(\\{)`,
      beginCaptures: { 1: { name: "storage.type.enum.kaoping" }, 2: { name: "punctuation.section.braces.begin.kaoping" } },
      end: `\\}|${RECOVER}`,
      endCaptures: { 0: { name: "punctuation.section.braces.end.kaoping" } },
      name: "meta.enum.kaoping",
      patterns: [
        { include: "#comments" },
        {
          match: `(${IDENT})(?:\\s*${LABEL})?`,
          captures: { 1: { name: "variable.other.enummember.kaoping" }, ...labelCaptures(2) },
        },
        { name: "punctuation.separator.comma.kaoping", match: "," },
      ],
    },
    grades: {
      begin: `${B}(grades)${E}`,
      beginCaptures: { 1: { name: "storage.type.grades.kaoping" } },
      end: `(?<=\\})|${RECOVER}`,
      name: "meta.grades.kaoping",
      patterns: [
        { include: "#comments" },
        {
          begin: "\\{",
          beginCaptures: { 0: { name: "punctuation.section.braces.begin.kaoping" } },
          end: `\\}|${RECOVER}`,
          endCaptures: { 0: { name: "punctuation.section.braces.end.kaoping" } },
          patterns: [
            { include: "#comments" },
            { include: "#annotations" },
            {
              match: `${B}(in)\\s+(${IDENT})`,
              captures: { 1: { name: "keyword.other.in.kaoping" }, 2: { name: "constant.other.group.kaoping" } },
            },
            {
              // A band's name: `优秀 "优秀等次" >= 90 quota 20%`, or `不合格` alone.
              match: `(?<!>=)(?<!>=\\s)(?<!>=\\s\\s)(?<![.\\p{L}\\p{N}_])(?!(?:quota|cite|reading|in)${E})(${IDENT})(?:\\s*${LABEL})?(?=\\s*(?:>=|quota${E}|cite${E}|reading${E}|\\}|//|$))`,
              captures: { 1: { name: "constant.other.grade.kaoping" }, ...labelCaptures(2) },
            },
            { include: "#expression" },
          ],
        },
        { include: "#expression" },
      ],
    },
    "field-declaration": {
      // `score "专家评分": decimal[0..100]` in a record or input, `city: 2` in a record literal.
      match: `(${IDENT})(?:\\s*${LABEL})?(?=\\s*:)`,
      captures: { 1: { name: "variable.other.property.field.kaoping" }, ...labelCaptures(2) },
    },
    script: {
      // The text between the braces is rhai's, coloured here with rhai's few words
      // and with its strings and comments, which may hold braces.
      begin: `${B}(script)\\s*(\\{)`,
      beginCaptures: { 1: { name: "storage.type.script.kaoping" }, 2: { name: "punctuation.section.braces.begin.kaoping" } },
      end: "\\}",
      endCaptures: { 0: { name: "punctuation.section.braces.end.kaoping" } },
      contentName: "meta.embedded.block.rhai source.rhai",
      patterns: [{ include: "#rhai" }],
    },
    rhai: {
      patterns: [
        { include: "#comments" },
        {
          name: "string.quoted.double.rhai",
          begin: "\"",
          end: "\"",
          patterns: [{ name: "constant.character.escape.rhai", match: "\\\\." }],
        },
        { name: "string.quoted.single.rhai", match: "'(?:[^'\\\\]|\\\\.)*'" },
        { name: "string.interpolated.rhai", begin: "`", end: "`" },
        {
          match: `${B}(fn)\\s+(${IDENT})`,
          captures: { 1: { name: "storage.type.function.rhai" }, 2: { name: "entity.name.function.rhai" } },
        },
        { name: "keyword.control.rhai", match: words(["let", "const", "if", "else", "return", "while", "for", "in", "loop", "break", "continue", "switch", "do", "until", "throw", "try", "catch"]) },
        { name: "constant.language.rhai", match: words(["true", "false", "this"]) },
        { name: "constant.numeric.rhai", match: `${B}\\d+(?:\\.\\d+)?${E}` },
        { begin: "\\{", end: "\\}", patterns: [{ include: "#rhai" }] },
      ],
    },
    expression: {
      patterns: [
        { include: "#comments" },
        { include: "#string" },
        { include: "#numbers" },
        { include: "#candidate-path" },
        { include: "#calls" },
        { include: "#keywords" },
        { include: "#operators" },
        { include: "#identifiers" },
      ],
    },
    string: {
      name: "string.quoted.double.kaoping",
      begin: "\"",
      beginCaptures: { 0: { name: "punctuation.definition.string.begin.kaoping" } },
      // Strings end on their line, as in the parser: an unclosed quote stays on its line.
      end: "(\")|$",
      endCaptures: { 1: { name: "punctuation.definition.string.end.kaoping" } },
      patterns: [
        { include: "#escape" },
        {
          // A message template's hole: "{candidate.city}未发布名录".
          name: "meta.interpolation.kaoping",
          begin: "\\{",
          beginCaptures: { 0: { name: "punctuation.section.interpolation.begin.kaoping" } },
          end: "\\}|(?=\"|$)",
          endCaptures: { 0: { name: "punctuation.section.interpolation.end.kaoping" } },
          contentName: "source.kaoping.embedded",
          patterns: [{ include: "#expression" }],
        },
      ],
    },
    numbers: {
      patterns: [
        { name: "constant.numeric.date.kaoping", match: `${B}\\d{4}-\\d{2}-\\d{2}${E}` },
        { name: "constant.numeric.percentage.kaoping", match: `${B}\\d+(?:\\.\\d+)?%` },
        { name: "constant.numeric.decimal.kaoping", match: `${B}\\d+\\.\\d+${E}` },
        { name: "constant.numeric.integer.kaoping", match: `${B}\\d+${E}` },
      ],
    },
    "candidate-path": {
      // `candidate.daily.filing.fill_rate`: the fact path as one piece.
      name: "meta.path.candidate.kaoping",
      begin: `${B}(candidate)${E}(?=\\s*\\.)`,
      beginCaptures: { 1: { name: "variable.language.candidate.kaoping" } },
      end: `(?!\\s*\\.\\s*${IDENT})`,
      patterns: [
        {
          match: `(\\.)\\s*(${IDENT})(?=\\()`,
          captures: { 1: { name: "punctuation.accessor.kaoping" }, 2: { name: "support.function.method.kaoping" } },
        },
        {
          match: `(\\.)\\s*(${IDENT})`,
          captures: { 1: { name: "punctuation.accessor.kaoping" }, 2: { name: "variable.other.property.kaoping" } },
        },
      ],
    },
    calls: {
      // A call has its parenthesis right after the name, as the formatter writes it:
      // `score (earned - lost)` is a statement, `max(a, b)` a call.
      patterns: [
        {
          match: `(\\.)\\s*(${IDENT})(?=\\()`,
          captures: { 1: { name: "punctuation.accessor.kaoping" }, 2: { name: "support.function.method.kaoping" } },
        },
        {
          match: `(\\.)\\s*(${IDENT})`,
          captures: { 1: { name: "punctuation.accessor.kaoping" }, 2: { name: "variable.other.property.kaoping" } },
        },
        {
          match: `${B}(${FUNCTIONS.join("|")})(?=\\()`,
          captures: { 1: { name: "support.function.builtin.kaoping" } },
        },
        {
          // A function of the policy's `script`.
          match: `${B}(?!(?:if|and|or|not)${E})(${IDENT})(?=\\()`,
          captures: { 1: { name: "entity.name.function.call.kaoping" } },
        },
      ],
    },
    keywords: {
      patterns: [
        { name: "keyword.control.conditional.kaoping", match: words(["if", "then", "else"]) },
        { name: "keyword.operator.logical.kaoping", match: words(["and", "or", "not"]) },
        { name: "keyword.operator.bound.kaoping", match: words(["cap", "floor"]) },
        { name: "constant.language.boolean.kaoping", match: words(["true", "false"]) },
        { name: "constant.language.severity.kaoping", match: words(["info", "warning", "error"]) },
        { name: "constant.language.rounding.kaoping", match: words(["half_away_from_zero", "half_even", "down"]) },
        { name: "support.type.primitive.kaoping", match: words(["int", "decimal", "bool", "text", "date"]) },
        { name: "variable.language.kaoping", match: words(["candidate", "peers", "it", "items"]) },
        {
          match: `${B}(policy|input|record|param|let|indicator|item|bonus|deduction|script|override|extend|remove|grades|enum)${E}`,
          captures: { 1: { name: "storage.type.$1.kaoping" } },
        },
        {
          match: `${B}(extends|title|version|effective|source|round|per|final|at|least|most|cite|reading|max|scaled|from|score|zero|when|deduct|add|for|each|full|by|quota|exclude|finding|revoke|select|flag|top|in|of|ref|optional|list)${E}`,
          captures: { 1: { name: "keyword.other.$1.kaoping" } },
        },
        {
          // Words that are also values in expressions (`{key}` in a group, `total`, `rank`
          // and `grade` of an outcome): keywords only where a declaration puts them.
          match: `(?:${B}(key)(?=\\s+${IDENT})|${B}(rank|group)(?=\\s+by${E})|^\\s*(total)(?=\\s+[^\\s,)\\]}]))`,
          captures: { 1: { name: "keyword.other.key.kaoping" }, 2: { name: "keyword.other.$2.kaoping" }, 3: { name: "keyword.other.total.kaoping" } },
        },
      ],
    },
    operators: {
      patterns: [
        { name: "keyword.operator.comparison.kaoping", match: "==|!=|<=|>=|<|>" },
        { name: "keyword.operator.default.kaoping", match: "\\?\\?" },
        { name: "keyword.operator.range.kaoping", match: "\\.\\." },
        { name: "keyword.operator.arithmetic.kaoping", match: "[-+*/]" },
        { name: "keyword.operator.assignment.kaoping", match: "=" },
        { name: "punctuation.separator.key-value.kaoping", match: ":" },
        { name: "punctuation.separator.comma.kaoping", match: "," },
        { name: "punctuation.accessor.kaoping", match: "\\." },
        { name: "punctuation.section.braces.begin.kaoping", match: "\\{" },
        { name: "punctuation.section.braces.end.kaoping", match: "\\}" },
        { name: "punctuation.section.brackets.begin.kaoping", match: "\\[" },
        { name: "punctuation.section.brackets.end.kaoping", match: "\\]" },
        { name: "punctuation.section.parens.begin.kaoping", match: "\\(" },
        { name: "punctuation.section.parens.end.kaoping", match: "\\)" },
      ],
    },
    identifiers: {
      patterns: [
        // Records are named in PascalCase by the house style: `list of Candidate`.
        { name: "entity.name.type.kaoping", match: `${B}[A-Z][\\p{L}\\p{N}_]*` },
        { name: "variable.other.kaoping", match: `${B}${IDENT}` },
      ],
    },
  },
};

/** The JSON text of the grammar, as committed. */
export function grammarJson(): string {
  return JSON.stringify(grammar, null, 2) + "\n";
}

/** Where the JSON lives, from this file compiled to out/syntaxes/ or run from syntaxes/. */
export const grammarPath = path.resolve(__dirname, __dirname.includes(`${path.sep}out${path.sep}`) ? "../.." : "..", "syntaxes", "kaoping.tmLanguage.json");

if (require.main === module) {
  fs.writeFileSync(grammarPath, grammarJson());
}
