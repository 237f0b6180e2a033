// issue 17 §3: finding the `kaoping` binary before starting the client.
import assert from "node:assert/strict";
import { test } from "node:test";

import { type Environment, resolveServerPath } from "../../src/serverPath";

function environment(files: string[], overrides: Partial<Environment> = {}): Environment {
  return {
    platform: "linux",
    pathVariable: "/usr/bin:/home/author/.cargo/bin",
    pathExtensions: "",
    home: "/home/author",
    workspaceFolder: "/work/kaoping",
    isExecutable: (file) => files.includes(file),
    ...overrides,
  };
}

test("a bare name is looked up on PATH, in PATH's order", () => {
  assert.equal(resolveServerPath("kaoping", environment(["/home/author/.cargo/bin/kaoping"])), "/home/author/.cargo/bin/kaoping");
  assert.equal(
    resolveServerPath("kaoping", environment(["/usr/bin/kaoping", "/home/author/.cargo/bin/kaoping"])),
    "/usr/bin/kaoping",
  );
});

test("an empty setting means kaoping on PATH", () => {
  assert.equal(resolveServerPath("  ", environment(["/usr/bin/kaoping"])), "/usr/bin/kaoping");
});

test("a missing binary is reported as missing", () => {
  assert.equal(resolveServerPath("kaoping", environment([])), undefined);
  assert.equal(resolveServerPath("/opt/kaoping/bin/kaoping", environment([])), undefined);
});

test("a relative path is read against the workspace folder", () => {
  const built = "/work/kaoping/target/release/kaoping";
  assert.equal(resolveServerPath("target/release/kaoping", environment([built])), built);
  assert.equal(resolveServerPath("${workspaceFolder}/target/release/kaoping", environment([built])), built);
  assert.equal(resolveServerPath("target/release/kaoping", environment([built], { workspaceFolder: undefined })), undefined);
});

test("an absolute path and a path under ~ are used as they are", () => {
  assert.equal(resolveServerPath("/opt/kaoping", environment(["/opt/kaoping"])), "/opt/kaoping");
  assert.equal(
    resolveServerPath("~/.cargo/bin/kaoping", environment(["/home/author/.cargo/bin/kaoping"])),
    "/home/author/.cargo/bin/kaoping",
  );
});

test("on Windows the PATH lookup adds PATHEXT's extensions", () => {
  const windows = (files: string[]) =>
    environment(files, {
      platform: "win32",
      pathVariable: "C:\\Windows;C:\\Users\\author\\.cargo\\bin",
      pathExtensions: ".COM;.EXE;.BAT",
      home: "C:\\Users\\author",
      workspaceFolder: "C:\\work\\kaoping",
    });
  const installed = "C:\\Users\\author\\.cargo\\bin\\kaoping.exe";
  assert.equal(resolveServerPath("kaoping", windows([installed])), installed);
  const built = "C:\\work\\kaoping\\target\\release\\kaoping.exe";
  assert.equal(resolveServerPath("target\\release\\kaoping", windows([built])), built);
});
