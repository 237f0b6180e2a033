// The VS Code client of `kaoping lsp` (issue 17 §3): starts the server, keeps
// it told about the `kaoping.*` settings, restarts it on demand, and turns the
// "score on examples" lens into a choice of candidate and an explanation.

import * as fs from "node:fs";
import * as os from "node:os";
import * as vscode from "vscode";
import {
  ExecuteCommandRequest,
  LanguageClient,
  type LanguageClientOptions,
  type ServerOptions,
} from "vscode-languageclient/node";

import {
  CHOOSE_CANDIDATE,
  SERVER_EXPLAIN,
  candidatePicks,
  explainArguments,
  explainDocument,
  parseLensArguments,
} from "./explain";
import { lensMiddleware } from "./middleware";
import { resolveServerPath } from "./serverPath";
import { initializationOptions, serverArguments } from "./settings";

let client: LanguageClient | undefined;
let watcher: vscode.FileSystemWatcher | undefined;
let output: vscode.OutputChannel | undefined;
// Restarts queue behind each other: a settings change during a restart would
// otherwise start two servers.
let pending: Promise<void> = Promise.resolve();

export function activate(context: vscode.ExtensionContext): Promise<void> {
  output = vscode.window.createOutputChannel("kaoping");
  context.subscriptions.push(
    output,
    vscode.commands.registerCommand("kaoping.restartServer", () => queue(restart)),
    vscode.commands.registerCommand(CHOOSE_CANDIDATE, (...args: unknown[]) => chooseCandidate(args)),
    vscode.workspace.onDidChangeConfiguration((event) => {
      // `kaoping.facts` reaches the running server through `synchronize`; a
      // different binary or arguments need a new process.
      if (event.affectsConfiguration("kaoping.server")) {
        void queue(restart);
      }
    }),
  );
  return queue(start);
}

export function deactivate(): Promise<void> {
  return queue(stop);
}

function queue(step: () => Promise<void>): Promise<void> {
  pending = pending.then(step, step);
  return pending;
}

async function restart(): Promise<void> {
  await stop();
  await start();
}

function isExecutable(file: string): boolean {
  try {
    fs.accessSync(file, process.platform === "win32" ? fs.constants.F_OK : fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

function workspaceFolder(): string | undefined {
  const folder = vscode.workspace.workspaceFolders?.find((candidate) => candidate.uri.scheme === "file");
  return folder?.uri.fsPath;
}

async function start(): Promise<void> {
  const configuration = vscode.workspace.getConfiguration("kaoping");
  const setting = configuration.get<string>("server.path", "kaoping");
  const folder = workspaceFolder();
  const command = resolveServerPath(setting, {
    platform: process.platform,
    pathVariable: process.env.PATH ?? "",
    pathExtensions: process.env.PATHEXT ?? "",
    home: os.homedir(),
    workspaceFolder: folder,
    isExecutable,
  });
  if (command === undefined) {
    void showMissingServer(setting);
    return;
  }
  const args = serverArguments(configuration.get("server.args"), vscode.env.language);
  output?.appendLine(`${command} ${args.join(" ")}`);
  // The server reads `extends` only inside `--root`, by default its working
  // directory: the workspace folder.
  const serverOptions: ServerOptions = { command, args, options: folder === undefined ? {} : { cwd: folder } };
  watcher = vscode.workspace.createFileSystemWatcher("**/*.{kp,yaml,yml,json,xlsx}");
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { language: "kaoping", scheme: "file" },
      { language: "kaoping", scheme: "untitled" },
    ],
    initializationOptions: initializationOptions(configuration.get("facts")),
    synchronize: { configurationSection: "kaoping", fileEvents: watcher },
    outputChannel: output,
    middleware: lensMiddleware,
  };
  client = new LanguageClient("kaoping", "kaoping", serverOptions, clientOptions);
  try {
    await client.start();
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const text = vscode.l10n.t(
      "The kaoping language server did not start: {0}. A kaoping installed before it had `kaoping lsp` needs `cargo install --path .` again.",
      message,
    );
    void vscode.window.showErrorMessage(text);
  }
}

async function stop(): Promise<void> {
  const running = client;
  client = undefined;
  watcher?.dispose();
  watcher = undefined;
  if (running !== undefined) {
    try {
      await running.stop();
    } catch (error) {
      output?.appendLine(String(error));
    }
  }
}

async function showMissingServer(setting: string): Promise<void> {
  const message = vscode.l10n.t(
    "The kaoping language server was not found (kaoping.server.path is \"{0}\"). Install it by running `cargo install --path .` in the kaoping repository, or set kaoping.server.path to the kaoping program.",
    setting,
  );
  output?.appendLine(message);
  const openSettings = vscode.l10n.t("Open Settings");
  const choice = await vscode.window.showErrorMessage(message, openSettings);
  if (choice === openSettings) {
    await vscode.commands.executeCommand("workbench.action.openSettings", "kaoping.server.path");
  }
}

async function chooseCandidate(args: unknown[]): Promise<void> {
  const lens = parseLensArguments(args);
  if (typeof lens === "string") {
    void vscode.window.showErrorMessage(vscode.l10n.t("Cannot explain a candidate: {0}", vscode.l10n.t(lens)));
    return;
  }
  const running = client;
  if (running === undefined || !running.isRunning()) {
    void vscode.window.showErrorMessage(vscode.l10n.t("The kaoping language server is not running."));
    return;
  }
  if (lens.candidates.length === 0) {
    void vscode.window.showInformationMessage(vscode.l10n.t("The facts file has no candidates to explain."));
    return;
  }
  const picks = candidatePicks(lens.candidates);
  const picked =
    picks.length === 1
      ? picks[0]
      : await vscode.window.showQuickPick(picks, { placeHolder: vscode.l10n.t("Explain the score of which candidate?") });
  if (picked === undefined) {
    return;
  }
  let result: unknown;
  try {
    result = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Window, title: vscode.l10n.t("Explaining {0}", picked.label) },
      () =>
        running.sendRequest(ExecuteCommandRequest.type, {
          command: SERVER_EXPLAIN,
          arguments: [explainArguments(lens, picked.id)],
        }),
    );
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    void vscode.window.showErrorMessage(vscode.l10n.t("Cannot explain {0}: {1}", picked.label, message));
    return;
  }
  const document = explainDocument(result);
  if (document === undefined) {
    void vscode.window.showErrorMessage(vscode.l10n.t("The server sent no explanation for {0}.", picked.label));
    return;
  }
  const opened = await vscode.workspace.openTextDocument({ content: document.content, language: document.language });
  await vscode.window.showTextDocument(opened, { preview: false, viewColumn: vscode.ViewColumn.Beside });
}
