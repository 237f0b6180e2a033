// issue 17 §3: what the server is told about the settings.
import assert from "node:assert/strict";
import { test } from "node:test";

import { factsSetting, initializationOptions, serverArguments } from "../../src/settings";

test("one facts file for every policy is passed as a string", () => {
  assert.deepEqual(initializationOptions("examples/jiangxi-2019/collectives.yaml"), {
    facts: "examples/jiangxi-2019/collectives.yaml",
  });
});

test("an unset facts setting is null, so that the server looks beside the policy", () => {
  assert.equal(factsSetting(""), null);
  assert.equal(factsSetting("   "), null);
  assert.equal(factsSetting(undefined), null);
  assert.equal(factsSetting(["a.yaml"]), null);
  assert.equal(factsSetting({}), null);
});

test("a map from policy to facts keeps its text entries, sorted", () => {
  const facts = factsSetting({
    "policies/river-chief/river-chief.kp": "examples/river-chief/facts.yaml",
    "examples/what-if/weights-2020.kp": "examples/jiangxi-2019/collectives.yaml",
    "policies/broken.kp": 3,
    "policies/empty.kp": " ",
  });
  assert.deepEqual(facts, {
    "examples/what-if/weights-2020.kp": "examples/jiangxi-2019/collectives.yaml",
    "policies/river-chief/river-chief.kp": "examples/river-chief/facts.yaml",
  });
  assert.deepEqual(Object.keys(facts as object), [
    "examples/what-if/weights-2020.kp",
    "policies/river-chief/river-chief.kp",
  ]);
});

test("the server runs as `kaoping lsp` in VS Code's display language", () => {
  assert.deepEqual(serverArguments(undefined, "zh-cn"), ["lsp", "--lang", "zh"]);
  assert.deepEqual(serverArguments([], "en"), ["lsp", "--lang", "en"]);
  assert.deepEqual(serverArguments(["--root", ".."], "zh-tw"), ["lsp", "--lang", "zh", "--root", ".."]);
});

test("a language chosen in kaoping.server.args wins, and non-text arguments are dropped", () => {
  assert.deepEqual(serverArguments(["--lang", "en"], "zh-cn"), ["lsp", "--lang", "en"]);
  assert.deepEqual(serverArguments(["--lang=en", 3, null], "zh-cn"), ["lsp", "--lang=en"]);
});
