// issue 17 §3: the bundled extension activates against a stand-in for the
// `vscode` module, registers its commands, and says how to install the server
// when the binary is missing (without starting anything).
import assert from "node:assert/strict";
import Module from "node:module";
import * as path from "node:path";
import { test } from "node:test";

const bundle = path.resolve(__dirname, "..", "..", "extension.js");

interface Shown {
  message: string;
  items: string[];
}

function standIn(settings: Record<string, unknown>) {
  const registered: string[] = [];
  const errors: Shown[] = [];
  const executed: unknown[][] = [];
  const disposable = { dispose() {} };
  // Whatever else vscode-languageclient touches while loading is a class it may extend.
  const anything: any = new Proxy(class {}, { get: (target, key) => (key in target ? (target as any)[key] : anything) });
  const vscode = {
    l10n: { t: (message: string, ...args: unknown[]) => message.replace(/\{(\d+)\}/g, (_, i) => String(args[Number(i)])) },
    env: { language: "zh-cn" },
    window: {
      createOutputChannel: () => ({ appendLine() {}, dispose() {} }),
      showErrorMessage: async (message: string, ...items: string[]) => {
        errors.push({ message, items });
        return items[0];
      },
      showInformationMessage: async () => undefined,
    },
    commands: {
      registerCommand: (name: string) => {
        registered.push(name);
        return disposable;
      },
      executeCommand: async (...args: unknown[]) => {
        executed.push(args);
      },
    },
    workspace: {
      workspaceFolders: undefined,
      getConfiguration: () => ({ get: (key: string, fallback?: unknown) => (key in settings ? settings[key] : fallback) }),
      onDidChangeConfiguration: () => disposable,
    },
  };
  const proxy = new Proxy(vscode, { get: (target, key) => (key in target ? (target as any)[key] : anything) });
  return { proxy, registered, errors, executed };
}

function loadWith(vscode: unknown): { activate: (context: unknown) => Promise<void>; deactivate: () => Promise<void> } {
  const moduleWithLoad = Module as unknown as { _load: (request: string, ...rest: unknown[]) => unknown };
  const original = moduleWithLoad._load;
  moduleWithLoad._load = (request: string, ...rest: unknown[]) => (request === "vscode" ? vscode : original(request, ...rest));
  try {
    delete require.cache[bundle];
    return require(bundle);
  } finally {
    moduleWithLoad._load = original;
  }
}

test("a missing server is reported with how to install it, and the setting opens", async () => {
  const { proxy, registered, errors, executed } = standIn({ "server.path": "/nowhere/kaoping-missing" });
  const extension = loadWith(proxy);
  const context = { subscriptions: [] as unknown[] };
  await extension.activate(context);
  assert.deepEqual(registered.sort(), ["kaoping.chooseCandidate", "kaoping.restartServer"]);
  assert.equal(errors.length, 1);
  assert.match(errors[0].message, /cargo install --path \./);
  assert.match(errors[0].message, /\/nowhere\/kaoping-missing/);
  assert.deepEqual(errors[0].items, ["Open Settings"]);
  // The button's answer is awaited after activation returns.
  await new Promise((resolve) => setImmediate(resolve));
  assert.deepEqual(executed, [["workbench.action.openSettings", "kaoping.server.path"]]);
  await extension.deactivate();
});
