// The client side of the "score on examples" code lens (issue 17 §1).
//
// The server lists `kaoping.explain` in its executeCommandProvider, so
// vscode-languageclient registers that id as a VS Code command that forwards
// its arguments unchanged. A lens click must first ask which candidate to
// explain, so the lenses are rewritten to point at a client command instead,
// which asks and then sends `kaoping.explain` with the chosen id.
//
// Nothing here imports `vscode`: the unit tests run it under plain Node.

/** The command the server puts on its lenses and executes. */
export const SERVER_EXPLAIN = "kaoping.explain";
/** The client command a rewritten lens runs: choose a candidate, then explain. */
export const CHOOSE_CANDIDATE = "kaoping.chooseCandidate";

export interface Candidate {
  id: string;
  name: string;
}

/** What the server puts in a lens's `arguments[0]`. */
export interface LensArguments {
  /** The policy's URI. */
  policy: string;
  /** The facts file the scores were computed on. */
  facts: string;
  candidates: Candidate[];
}

/** What `workspace/executeCommand` `kaoping.explain` receives in `arguments[0]`. */
export interface ExplainArguments {
  policy: string;
  facts: string;
  candidate: string;
}

export interface QuickPickEntry {
  label: string;
  id: string;
}

export interface ExplainDocument {
  content: string;
  language: "markdown" | "plaintext";
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * Why a lens's arguments cannot be used. The client shows them translated
 * (`l10n/bundle.l10n.*.json` has each of them as a key).
 */
export const LENS_PROBLEMS = {
  noArguments: "the code lens carries no arguments",
  noPolicy: "the code lens names no policy",
  noFacts: "the code lens names no facts file",
  noCandidates: "the code lens lists no candidates",
  candidateWithoutId: "a candidate of the code lens has no id",
} as const;

/**
 * Reads a lens's arguments. Returns one of `LENS_PROBLEMS` when they are not
 * what the server is expected to send, so that the user sees why nothing opened.
 */
export function parseLensArguments(args: readonly unknown[]): LensArguments | string {
  const first = args[0];
  if (!isRecord(first)) {
    return LENS_PROBLEMS.noArguments;
  }
  const { policy, facts, candidates } = first;
  if (typeof policy !== "string" || policy === "") {
    return LENS_PROBLEMS.noPolicy;
  }
  if (typeof facts !== "string" || facts === "") {
    return LENS_PROBLEMS.noFacts;
  }
  if (!Array.isArray(candidates)) {
    return LENS_PROBLEMS.noCandidates;
  }
  const read: Candidate[] = [];
  for (const candidate of candidates) {
    if (!isRecord(candidate) || typeof candidate.id !== "string" || candidate.id === "") {
      return LENS_PROBLEMS.candidateWithoutId;
    }
    const name = typeof candidate.name === "string" ? candidate.name : "";
    read.push({ id: candidate.id, name });
  }
  return { policy, facts, candidates: read };
}

/** One quick pick entry per candidate, `name (id)`, in the server's order. */
export function candidatePicks(candidates: readonly Candidate[]): QuickPickEntry[] {
  return candidates.map(({ id, name }) => ({
    label: name === "" || name === id ? id : `${name} (${id})`,
    id,
  }));
}

export function explainArguments(lens: LensArguments, candidate: string): ExplainArguments {
  return { policy: lens.policy, facts: lens.facts, candidate };
}

/**
 * The document to open for the server's answer: the text `kaoping explain`
 * prints, or `{ markdown }` / `{ text }` / `{ content, language }` should the
 * server wrap it. `undefined` when the answer holds no text.
 */
export function explainDocument(result: unknown): ExplainDocument | undefined {
  if (typeof result === "string") {
    return { content: result, language: "plaintext" };
  }
  if (!isRecord(result)) {
    return undefined;
  }
  if (typeof result.markdown === "string") {
    return { content: result.markdown, language: "markdown" };
  }
  const content = typeof result.content === "string" ? result.content : result.text;
  if (typeof content !== "string") {
    return undefined;
  }
  return { content, language: result.language === "markdown" ? "markdown" : "plaintext" };
}

export interface LensLike {
  command?: { command: string; title: string; arguments?: unknown[] };
}

/** Points a lens of the server's explain command at the client's chooser, in place. */
export function rewriteLensCommand<T extends LensLike>(lens: T): T {
  if (lens.command?.command === SERVER_EXPLAIN) {
    lens.command.command = CHOOSE_CANDIDATE;
  }
  return lens;
}
