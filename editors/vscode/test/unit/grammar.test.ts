// issue 17 §3: the TextMate grammar follows its source and the language.
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { test } from "node:test";

import { FUNCTIONS, grammar, grammarJson, grammarPath } from "../../syntaxes/grammar";

// out/test/unit → the extension's folder → the repository.
const repository = path.resolve(__dirname, "..", "..", "..", "..", "..");
const inRepository = (file: string) => path.join(repository, file);
const outsideRepository = !fs.existsSync(inRepository("grammar/kaoping.pest"));

test("the committed JSON is what syntaxes/grammar.ts builds (npm run grammar)", () => {
  assert.equal(fs.readFileSync(grammarPath, "utf8"), grammarJson());
});

test("every keyword of the parser's grammar is highlighted", { skip: outsideRepository }, () => {
  const pest = fs.readFileSync(inRepository("grammar/kaoping.pest"), "utf8").replace(/^\s*\/\/.*$/gm, "");
  const keywords = [...new Set([...pest.matchAll(/"([a-z_]{2,})"/g)].map((match) => match[1]))].sort();
  assert.ok(keywords.length > 60, `found ${keywords.length} keywords`);
  const regexes: string[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) {
      node.forEach(walk);
    } else if (typeof node === "object" && node !== null) {
      for (const [key, value] of Object.entries(node)) {
        if (["match", "begin"].includes(key) && typeof value === "string") {
          regexes.push(value);
        } else {
          walk(value);
        }
      }
    }
  };
  walk(grammar.repository);
  const missing = keywords.filter((keyword) => !regexes.some((regex) => new RegExp(`[(|:]${keyword}[)|]`).test(regex)));
  assert.deepEqual(missing, []);
});

test("the built-in functions are the checker's", { skip: outsideRepository }, () => {
  const checker = fs.readFileSync(inRepository("src/check/mod.rs"), "utf8");
  const list = /const FUNCTIONS: \[&str; \d+\] = \[([^\]]*)\]/.exec(checker);
  assert.ok(list, "FUNCTIONS not found in src/check/mod.rs");
  const names = [...list[1].matchAll(/"([^"]+)"/g)].map((match) => match[1]);
  assert.deepEqual([...FUNCTIONS].sort(), names.sort());
});
