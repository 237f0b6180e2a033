// The lens rewriting of `explain.ts`, hooked into vscode-languageclient.
// Only types come from the client library, so the unit tests load this
// module under plain Node.

import type { Middleware } from "vscode-languageclient";

import { rewriteLensCommand } from "./explain";

// The lenses name the server's `kaoping.explain`, which the client registered
// as a command forwarding the lens's arguments as they are; the chooser must
// run first, so the lenses are pointed at it, whether they come with their
// command or get it when resolved.
export const lensMiddleware: Middleware = {
  provideCodeLenses: async (document, token, next) => {
    const lenses = await next(document, token);
    return lenses?.map(rewriteLensCommand);
  },
  resolveCodeLens: async (lens, token, next) => {
    const resolved = await next(lens, token);
    return resolved ? rewriteLensCommand(resolved) : resolved;
  },
};
