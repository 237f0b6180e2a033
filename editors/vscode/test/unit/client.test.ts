// issue 17 §3: the client's wiring, with stand-ins for `vscode` and for
// vscode-languageclient: how the server is started, what it is told, the
// restart command, and the lens click from the quick pick to the document.
import assert from "node:assert/strict";
import * as fs from "node:fs";
import Module from "node:module";
import * as os from "node:os";
import * as path from "node:path";
import { test } from "node:test";

import { CHOOSE_CANDIDATE, SERVER_EXPLAIN } from "../../src/explain";
import { lensMiddleware } from "../../src/middleware";

const extensionModule = path.resolve(__dirname, "..", "..", "src", "extension.js");
const executeCommandType = { method: "workspace/executeCommand" };

interface FakeClient {
  name: string;
  server: { command: string; args: string[]; options: { cwd?: string } };
  options: any;
  started: number;
  stopped: number;
  requests: unknown[][];
}

function harness(settings: Record<string, unknown>, answer: unknown) {
  const clients: FakeClient[] = [];
  const commands = new Map<string, (...args: unknown[]) => unknown>();
  const errors: string[] = [];
  const picks: unknown[][] = [];
  const opened: unknown[] = [];
  const shown: unknown[] = [];
  const disposable = { dispose() {} };
  const vscode = {
    l10n: { t: (message: string, ...args: unknown[]) => message.replace(/\{(\d+)\}/g, (_, i) => String(args[Number(i)])) },
    env: { language: "zh-cn" },
    ProgressLocation: { Window: 10 },
    ViewColumn: { Beside: -2 },
    window: {
      createOutputChannel: () => ({ appendLine() {}, dispose() {} }),
      showErrorMessage: async (message: string) => {
        errors.push(message);
        return undefined;
      },
      showInformationMessage: async () => undefined,
      showQuickPick: async (items: { id: string }[], options: unknown) => {
        picks.push([items, options]);
        return items[1];
      },
      withProgress: (_options: unknown, task: () => Promise<unknown>) => task(),
      showTextDocument: async (document: unknown, options: unknown) => {
        shown.push([document, options]);
      },
    },
    commands: {
      registerCommand: (name: string, handler: (...args: unknown[]) => unknown) => {
        commands.set(name, handler);
        return disposable;
      },
      executeCommand: async () => undefined,
    },
    workspace: {
      workspaceFolders: [{ uri: { scheme: "file", fsPath: "/work/kaoping" } }],
      getConfiguration: () => ({ get: (key: string, fallback?: unknown) => (key in settings ? settings[key] : fallback) }),
      onDidChangeConfiguration: () => disposable,
      createFileSystemWatcher: (glob: string) => ({ glob, dispose() {} }),
      openTextDocument: async (options: unknown) => {
        opened.push(options);
        return { opened: options };
      },
    },
  };
  class LanguageClient {
    private readonly state: FakeClient;
    constructor(id: string, name: string, server: FakeClient["server"], options: unknown) {
      this.state = { name: `${id}/${name}`, server, options, started: 0, stopped: 0, requests: [] };
      clients.push(this.state);
    }
    async start() {
      this.state.started += 1;
    }
    async stop() {
      this.state.stopped += 1;
    }
    isRunning() {
      return this.state.started > this.state.stopped;
    }
    async sendRequest(...args: unknown[]) {
      this.state.requests.push(args);
      return answer;
    }
  }
  const client = { LanguageClient, ExecuteCommandRequest: { type: executeCommandType } };
  const moduleWithLoad = Module as unknown as { _load: (request: string, ...rest: unknown[]) => unknown };
  const original = moduleWithLoad._load;
  moduleWithLoad._load = (request: string, ...rest: unknown[]) =>
    request === "vscode" ? vscode : request === "vscode-languageclient/node" ? client : original(request, ...rest);
  let extension: { activate: (context: unknown) => Promise<void>; deactivate: () => Promise<void> };
  try {
    delete require.cache[extensionModule];
    extension = require(extensionModule);
  } finally {
    moduleWithLoad._load = original;
  }
  return { extension, clients, commands, errors, picks, opened, shown };
}

function fakeServer(): { file: string; remove: () => void } {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), "kaoping-client-test-"));
  const file = path.join(folder, "kaoping");
  fs.writeFileSync(file, "#!/bin/sh\n", { mode: 0o755 });
  return { file, remove: () => fs.rmSync(folder, { recursive: true, force: true }) };
}

const lens = {
  policy: "file:///work/kaoping/examples/what-if/weights-2020.kp",
  facts: "/work/kaoping/examples/jiangxi-2019/collectives.yaml",
  candidates: [
    { id: "jiujiang", name: "九江市生态环境局" },
    { id: "xunyang", name: "浔阳区生态环境局" },
  ],
};

test("the server starts as `kaoping lsp` in the workspace folder and is told the facts setting", async (t) => {
  const server = fakeServer();
  t.after(server.remove);
  const { extension, clients, errors } = harness(
    { "server.path": server.file, "server.args": ["--root", ".."], facts: " examples/jiangxi-2019/collectives.yaml " },
    null,
  );
  await extension.activate({ subscriptions: [] });
  assert.deepEqual(errors, []);
  assert.equal(clients.length, 1);
  const [client] = clients;
  assert.equal(client.name, "kaoping/kaoping");
  assert.deepEqual(client.server, {
    command: server.file,
    args: ["lsp", "--lang", "zh", "--root", ".."],
    options: { cwd: "/work/kaoping" },
  });
  assert.deepEqual(client.options.initializationOptions, { facts: "examples/jiangxi-2019/collectives.yaml" });
  assert.equal(client.options.synchronize.configurationSection, "kaoping");
  assert.equal(client.options.synchronize.fileEvents.glob, "**/*.{kp,yaml,yml,json,xlsx}");
  assert.deepEqual(client.options.documentSelector, [
    { language: "kaoping", scheme: "file" },
    { language: "kaoping", scheme: "untitled" },
  ]);
  assert.equal(client.options.middleware, lensMiddleware);
  assert.equal(client.started, 1);
  await extension.deactivate();
  assert.equal(client.stopped, 1);
});

test("kaoping.restartServer stops the server and starts a new one", async (t) => {
  const server = fakeServer();
  t.after(server.remove);
  const { extension, clients, commands } = harness({ "server.path": server.file }, null);
  await extension.activate({ subscriptions: [] });
  await commands.get("kaoping.restartServer")!();
  assert.equal(clients.length, 2);
  assert.deepEqual(
    clients.map((client) => [client.started, client.stopped]),
    [
      [1, 1],
      [1, 0],
    ],
  );
  await extension.deactivate();
});

test("a lens click asks for the candidate, sends kaoping.explain and opens the answer", async (t) => {
  const server = fakeServer();
  t.after(server.remove);
  const explanation = "浔阳区生态环境局 总分 66.57\n";
  const { extension, clients, commands, picks, opened, shown, errors } = harness({ "server.path": server.file }, explanation);
  await extension.activate({ subscriptions: [] });
  await commands.get(CHOOSE_CANDIDATE)!(lens);
  assert.deepEqual(errors, []);
  const [items] = picks[0] as [{ label: string }[]];
  assert.deepEqual(
    items.map((item) => item.label),
    ["九江市生态环境局 (jiujiang)", "浔阳区生态环境局 (xunyang)"],
  );
  assert.deepEqual(clients[0].requests, [
    [executeCommandType, { command: SERVER_EXPLAIN, arguments: [{ policy: lens.policy, facts: lens.facts, candidate: "xunyang" }] }],
  ]);
  assert.deepEqual(opened, [{ content: explanation, language: "plaintext" }]);
  assert.equal(shown.length, 1);
  await extension.deactivate();
});

test("a lens click with bad arguments says why and sends nothing", async (t) => {
  const server = fakeServer();
  t.after(server.remove);
  const { extension, clients, commands, errors, opened } = harness({ "server.path": server.file }, "x");
  await extension.activate({ subscriptions: [] });
  await commands.get(CHOOSE_CANDIDATE)!({ policy: lens.policy });
  assert.equal(errors.length, 1);
  assert.match(errors[0], /the code lens names no facts file/);
  assert.deepEqual(clients[0].requests, []);
  assert.deepEqual(opened, []);
  await extension.deactivate();
});
