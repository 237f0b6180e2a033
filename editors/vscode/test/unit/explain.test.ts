// issue 17 §3: the client side of the "score on examples" lens.
import assert from "node:assert/strict";
import { test } from "node:test";

import {
  CHOOSE_CANDIDATE,
  LENS_PROBLEMS,
  SERVER_EXPLAIN,
  candidatePicks,
  explainArguments,
  explainDocument,
  parseLensArguments,
  rewriteLensCommand,
} from "../../src/explain";

const lens = {
  policy: "file:///work/examples/what-if/weights-2020.kp",
  facts: "/work/examples/jiangxi-2019/collectives.yaml",
  candidates: [
    { id: "jx-jj", name: "九江市生态环境局" },
    { id: "jx-xy", name: "浔阳区生态环境局" },
  ],
};

test("a lens's arguments are read as the server sends them", () => {
  assert.deepEqual(parseLensArguments([lens]), lens);
});

test("a candidate without a name keeps its id", () => {
  const read = parseLensArguments([{ ...lens, candidates: [{ id: "c1" }] }]);
  assert.deepEqual(read, { ...lens, candidates: [{ id: "c1", name: "" }] });
});

test("arguments the server should not send are refused with the reason", () => {
  assert.equal(parseLensArguments([]), LENS_PROBLEMS.noArguments);
  assert.equal(parseLensArguments(["text"]), LENS_PROBLEMS.noArguments);
  assert.equal(parseLensArguments([{ ...lens, policy: "" }]), LENS_PROBLEMS.noPolicy);
  assert.equal(parseLensArguments([{ ...lens, facts: 3 }]), LENS_PROBLEMS.noFacts);
  assert.equal(parseLensArguments([{ ...lens, candidates: {} }]), LENS_PROBLEMS.noCandidates);
  assert.equal(parseLensArguments([{ ...lens, candidates: [{ name: "无编号" }] }]), LENS_PROBLEMS.candidateWithoutId);
  assert.equal(parseLensArguments([{ ...lens, candidates: [null] }]), LENS_PROBLEMS.candidateWithoutId);
});

test("the quick pick shows `name (id)` in the server's order", () => {
  assert.deepEqual(candidatePicks(lens.candidates), [
    { label: "九江市生态环境局 (jx-jj)", id: "jx-jj" },
    { label: "浔阳区生态环境局 (jx-xy)", id: "jx-xy" },
  ]);
});

test("a candidate without a name, or named by its id, shows the id once", () => {
  assert.deepEqual(candidatePicks([{ id: "c1", name: "" }, { id: "c2", name: "c2" }]), [
    { label: "c1", id: "c1" },
    { label: "c2", id: "c2" },
  ]);
});

test("the explain request carries the policy, the facts and the chosen id", () => {
  const parsed = parseLensArguments([lens]);
  assert.notEqual(typeof parsed, "string");
  assert.deepEqual(explainArguments(parsed as typeof lens, "jx-xy"), {
    policy: lens.policy,
    facts: lens.facts,
    candidate: "jx-xy",
  });
});

test("the server's answer becomes a document", () => {
  assert.deepEqual(explainDocument("总分 87.5"), { content: "总分 87.5", language: "plaintext" });
  assert.deepEqual(explainDocument({ markdown: "# 总分" }), { content: "# 总分", language: "markdown" });
  assert.deepEqual(explainDocument({ text: "总分" }), { content: "总分", language: "plaintext" });
  assert.deepEqual(explainDocument({ content: "# 总分", language: "markdown" }), {
    content: "# 总分",
    language: "markdown",
  });
  assert.equal(explainDocument(null), undefined);
  assert.equal(explainDocument({ score: 3 }), undefined);
  assert.equal(explainDocument(42), undefined);
});

test("only the server's explain lenses are pointed at the chooser", () => {
  const explain = { command: { command: SERVER_EXPLAIN, title: "得分 0–30", arguments: [lens] } };
  const rewritten = rewriteLensCommand(explain);
  assert.equal(rewritten.command?.command, CHOOSE_CANDIDATE);
  assert.deepEqual(rewritten.command?.arguments, [lens], "the arguments go to the chooser unchanged");

  const other = { command: { command: "kaoping.other", title: "x" } };
  assert.equal(rewriteLensCommand(other).command?.command, "kaoping.other");
  const unresolved = {};
  assert.deepEqual(rewriteLensCommand(unresolved), {});
});

test("the client's middleware rewrites provided and resolved lenses", async () => {
  const { lensMiddleware } = await import("../../src/middleware");
  const token = { isCancellationRequested: false, onCancellationRequested: () => ({ dispose() {} }) };
  const document = {} as any;
  const explain = () => ({ range: {}, command: { command: SERVER_EXPLAIN, title: "得分 12–30", arguments: [lens] } });
  const provided = await lensMiddleware.provideCodeLenses!(document, token as any, async () => [explain(), {}] as any);
  assert.deepEqual(
    provided?.map((item) => item.command?.command),
    [CHOOSE_CANDIDATE, undefined],
  );
  // A server that answers synchronously, or with no lenses at all.
  const synchronous = await lensMiddleware.provideCodeLenses!(document, token as any, () => [explain()] as any);
  assert.equal(synchronous?.[0].command?.command, CHOOSE_CANDIDATE);
  assert.equal((await lensMiddleware.provideCodeLenses!(document, token as any, () => null)) ?? null, null);
  const resolved = await lensMiddleware.resolveCodeLens!({} as any, token as any, async () => explain() as any);
  assert.equal(resolved?.command?.command, CHOOSE_CANDIDATE);
  assert.equal(await lensMiddleware.resolveCodeLens!({} as any, token as any, () => undefined), undefined);
});
