// issue 17 §3: the extension's manifest, translations, language configuration
// and grammar hang together (names that resolve, regexes that compile).
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { test } from "node:test";

import * as oniguruma from "vscode-oniguruma";

import { LENS_PROBLEMS } from "../../src/explain";

// Compiled to out/test/unit: the extension's folder is three levels up.
const root = path.resolve(__dirname, "..", "..", "..");
const read = (file: string): string => fs.readFileSync(path.join(root, file), "utf8");
const json = (file: string): any => JSON.parse(read(file));

const manifest = json("package.json");

test("every %key% of package.json has an English and a Chinese text", () => {
  const keys = [...JSON.stringify(manifest).matchAll(/"%([^%"]+)%"/g)].map((match) => match[1]);
  assert.ok(keys.length >= 8, `found ${keys.length} keys`);
  const english = json("package.nls.json");
  const chinese = json("package.nls.zh-cn.json");
  for (const key of keys) {
    assert.equal(typeof english[key], "string", `package.nls.json lacks ${key}`);
    assert.equal(typeof chinese[key], "string", `package.nls.zh-cn.json lacks ${key}`);
  }
  assert.deepEqual(Object.keys(chinese).sort(), Object.keys(english).sort());
});

test("every message the client shows has a Chinese translation", () => {
  const source = read("src/extension.ts");
  const literals = [...source.matchAll(/l10n\.t\(\s*("(?:[^"\\]|\\.)*")/g)].map((match) => JSON.parse(match[1]) as string);
  assert.ok(literals.length >= 8, `found ${literals.length} messages`);
  const bundle = json("l10n/bundle.l10n.zh-cn.json");
  for (const message of [...literals, ...Object.values(LENS_PROBLEMS)]) {
    assert.equal(typeof bundle[message], "string", `l10n/bundle.l10n.zh-cn.json lacks "${message}"`);
    const placeholders = (text: string) => [...text.matchAll(/\{\d+\}/g)].map((match) => match[0]).sort();
    assert.deepEqual(placeholders(bundle[message]), placeholders(message), `placeholders of "${message}"`);
  }
});

test("the settings and commands the issue names are contributed", () => {
  const properties = manifest.contributes.configuration.properties;
  assert.deepEqual(Object.keys(properties).sort(), [
    "kaoping.facts",
    "kaoping.server.args",
    "kaoping.server.path",
    "kaoping.trace.server",
  ]);
  assert.equal(properties["kaoping.server.path"].default, "kaoping");
  assert.deepEqual(properties["kaoping.facts"].type, ["string", "object"]);
  const commands = manifest.contributes.commands.map((command: { command: string }) => command.command).sort();
  // `kaoping.explain` is the server's: the client registers it from the server's
  // executeCommandProvider, so contributing it too would clash.
  assert.deepEqual(commands, ["kaoping.chooseCandidate", "kaoping.restartServer"]);
  assert.deepEqual(manifest.contributes.languages[0].extensions, [".kp"]);
});

test("a word is a snake_case or Chinese name, a number, a percentage or a date", () => {
  const { pattern, flags } = json("language-configuration.json").wordPattern;
  const words = (text: string) => text.match(new RegExp(pattern, `${flags}g`));
  assert.deepEqual(words("candidate.daily.filing.fill_rate"), ["candidate", "daily", "filing", "fill_rate"]);
  assert.deepEqual(words("param 优秀名额 = 20%"), ["param", "优秀名额", "20%"]);
  assert.deepEqual(words("effective 2019-05-14"), ["effective", "2019-05-14"]);
  assert.deepEqual(words("(earned - lost) floor 0.5"), ["earned", "lost", "floor", "0.5"]);
  assert.deepEqual(words("“附1 一(二)”，"), ["附1", "一", "二"]);
});

test("every bracket of the language configuration closes itself", () => {
  const configuration = json("language-configuration.json");
  const closing = new Map(configuration.autoClosingPairs.map((pair: { open: string; close: string }) => [pair.open, pair.close]));
  for (const [open, close] of configuration.brackets) {
    assert.equal(closing.get(open), close, `${open} is not closed`);
  }
  assert.equal(closing.get("\""), "\"");
  assert.equal(closing.get("“"), "”");
  assert.deepEqual(configuration.comments, { lineComment: "//", blockComment: ["/*", "*/"] });
});

test("the grammar's includes resolve and its regexes compile", async () => {
  const grammar = json("syntaxes/kaoping.tmLanguage.json");
  assert.equal(grammar.scopeName, manifest.contributes.grammars[0].scopeName);
  await oniguruma.loadWASM(fs.readFileSync(require.resolve("vscode-oniguruma/release/onig.wasm")).buffer);
  const regexes: string[] = [];
  const includes: string[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) {
      node.forEach(walk);
    } else if (typeof node === "object" && node !== null) {
      for (const [key, value] of Object.entries(node)) {
        if ((key === "match" || key === "begin" || key === "end") && typeof value === "string") {
          regexes.push(value);
        } else if (key === "include" && typeof value === "string") {
          includes.push(value);
        } else {
          walk(value);
        }
      }
    }
  };
  walk(grammar);
  assert.ok(regexes.length > 50, `found ${regexes.length} regexes`);
  for (const regex of regexes) {
    assert.doesNotThrow(() => new oniguruma.OnigScanner([regex]).dispose(), `does not compile: ${regex}`);
  }
  for (const include of includes.filter((name) => name.startsWith("#"))) {
    assert.ok(include.slice(1) in grammar.repository, `${include} is not in the repository`);
  }
});

// The semantic token types of the LSP specification, which VS Code knows.
const STANDARD_TOKEN_TYPES = [
  "namespace", "type", "class", "enum", "interface", "struct", "typeParameter", "parameter",
  "variable", "property", "enumMember", "event", "function", "method", "macro", "keyword",
  "modifier", "comment", "string", "number", "regexp", "operator", "decorator",
];

test("the server's own semantic token types are declared and coloured like the grammar's", () => {
  const declared = manifest.contributes.semanticTokenTypes.map((type: { id: string }) => type.id).sort();
  assert.deepEqual(declared, ["clause", "label"]);
  const scopes = manifest.contributes.semanticTokenScopes[0];
  assert.equal(scopes.language, "kaoping");
  const grammar = read("syntaxes/kaoping.tmLanguage.json");
  for (const type of declared) {
    for (const scope of scopes.scopes[type]) {
      assert.ok(grammar.includes(`"${scope}"`), `${scope} is not a scope of the grammar`);
    }
  }
  // With the server's sources beside the extension, its legend is checked too.
  const tokens = path.resolve(root, "..", "..", "src", "lsp", "tokens.rs");
  if (fs.existsSync(tokens)) {
    const list = /const TYPES: \[&str; \d+\] = \[([^\]]*)\]/.exec(fs.readFileSync(tokens, "utf8"));
    assert.ok(list, "TYPES not found in src/lsp/tokens.rs");
    const own = [...list[1].matchAll(/"([^"]+)"/g)].map((match) => match[1]).filter((type) => !STANDARD_TOKEN_TYPES.includes(type));
    assert.deepEqual(own.sort(), declared);
  }
});
