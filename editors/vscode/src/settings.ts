// What the client tells the server about the `kaoping.*` settings.

/**
 * `kaoping.facts` as the server receives it in `initializationOptions.facts`
 * and in `workspace/didChangeConfiguration`: one facts file for every policy
 * (a string), a map from a policy's path (relative to the workspace folder)
 * to its facts file, or `null` when unset, so that the server falls back to
 * the file next to the policy named by convention.
 */
export type FactsSetting = string | Record<string, string> | null;

export function factsSetting(value: unknown): FactsSetting {
  if (typeof value === "string") {
    return value.trim() === "" ? null : value.trim();
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    return null;
  }
  const map: Record<string, string> = {};
  // Sorted, so that the server sees the same map whatever order the user wrote.
  for (const policy of Object.keys(value).sort()) {
    const facts = (value as Record<string, unknown>)[policy];
    if (typeof facts === "string" && facts.trim() !== "" && policy.trim() !== "") {
      map[policy.trim()] = facts.trim();
    }
  }
  return Object.keys(map).length === 0 ? null : map;
}

export interface InitializationOptions {
  facts: FactsSetting;
}

export function initializationOptions(facts: unknown): InitializationOptions {
  return { facts: factsSetting(facts) };
}

/**
 * The server's arguments: `kaoping lsp`, then what the user adds in
 * `kaoping.server.args`. Messages follow VS Code's display language
 * (`vscode.env.language`: "zh-cn", "en", …) unless the user chose `--lang`.
 */
export function serverArguments(extra: unknown, displayLanguage: string): string[] {
  const added = Array.isArray(extra) ? extra.filter((argument): argument is string => typeof argument === "string") : [];
  const chosen = added.some((argument) => argument === "--lang" || argument.startsWith("--lang="));
  const language = displayLanguage.toLowerCase().startsWith("zh") ? "zh" : "en";
  return chosen ? ["lsp", ...added] : ["lsp", "--lang", language, ...added];
}
