// Where the `kaoping` binary is. Checked before the client starts, so that a
// missing binary shows how to install it instead of a bare "spawn ENOENT".

import * as path from "node:path";

export interface Environment {
  /** `process.platform`. */
  platform: string;
  /** The PATH variable. */
  pathVariable: string;
  /** PATHEXT on Windows (".EXE;.CMD;…"). */
  pathExtensions: string;
  home: string;
  /** The first workspace folder, against which a relative setting is read. */
  workspaceFolder: string | undefined;
  /** Whether a file exists there and may be run. */
  isExecutable: (file: string) => boolean;
}

/** The absolute path of the server binary, or `undefined` when there is none. */
export function resolveServerPath(setting: string, environment: Environment): string | undefined {
  const pathModule = environment.platform === "win32" ? path.win32 : path.posix;
  let command = setting.trim() === "" ? "kaoping" : setting.trim();
  if (command === "~" || command.startsWith("~/") || command.startsWith("~\\")) {
    command = pathModule.join(environment.home, command.slice(1));
  }
  if (environment.workspaceFolder !== undefined) {
    command = command.replace(/\$\{workspaceFolder\}/g, environment.workspaceFolder);
  }
  const candidates = (file: string): string[] => {
    if (environment.platform !== "win32" || pathModule.extname(file) !== "") {
      return [file];
    }
    const extensions = (environment.pathExtensions || ".EXE;.CMD;.BAT;.COM").split(";").filter((e) => e !== "");
    return [file, ...extensions.map((extension) => file + extension.toLowerCase())];
  };
  const first = (files: string[]): string | undefined => files.find((file) => environment.isExecutable(file));

  // A name alone is looked up on PATH, as a shell would.
  const hasSeparator = command.includes("/") || (environment.platform === "win32" && command.includes("\\"));
  if (!hasSeparator) {
    const separator = environment.platform === "win32" ? ";" : ":";
    for (const directory of environment.pathVariable.split(separator)) {
      if (directory === "") {
        continue;
      }
      const found = first(candidates(pathModule.join(directory, command)));
      if (found !== undefined) {
        return found;
      }
    }
    return undefined;
  }
  if (!pathModule.isAbsolute(command)) {
    if (environment.workspaceFolder === undefined) {
      return undefined;
    }
    command = pathModule.join(environment.workspaceFolder, command);
  }
  return first(candidates(command));
}
