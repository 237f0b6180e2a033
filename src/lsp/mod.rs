//! `kaoping lsp`: the language server, over standard input and output.
//!
//! It speaks the Language Server Protocol through `lsp-server` and
//! `lsp-types`, the crates rust-analyzer itself is built on. One thread reads
//! messages and answers each in turn: checking a policy takes milliseconds,
//! so nothing runs in the background, and every answer reflects every edit
//! before it.
//!
//! - [`text`]: byte offsets ↔ positions, in UTF-8 or UTF-16 as negotiated;
//! - [`server`]: the open documents, their checks and analyses, and the
//!   dispatch of every request and notification;
//! - [`diagnostics`]: the checker's problems as published diagnostics, in
//!   every file of an `extends` chain;
//! - [`symbols`], [`tokens`]: the outline and the semantic tokens;
//! - [`navigation`]: hover, definition, references, completion and rename,
//!   from [`crate::analysis`];
//! - [`lens`]: the "score on examples" code lens and its `kaoping.explain` command.

pub mod diagnostics;
pub mod lens;
pub mod navigation;
pub mod server;
pub mod symbols;
pub mod text;
pub mod tokens;

use std::path::PathBuf;

use lsp_server::{Connection, Message};

use crate::messages::Language;

pub use server::Server;

/// What the command line decides for the server.
#[derive(Clone, Debug, Default)]
pub struct Options {
    /// `--root`: the folder tree that `extends` may read; without it, the
    /// workspace folder the client names, else the current folder.
    pub root: Option<PathBuf>,
    /// `--lang`: the language of messages; without it, the client's
    /// locale, else the environment's (`LC_ALL`, `LC_MESSAGES`, `LANG`).
    pub language: Option<Language>,
}

/// Serves one client on standard input and output until it says `exit`.
pub fn run_stdio(options: Options) -> Result<(), String> {
    let (connection, threads) = Connection::stdio();
    serve(&connection, options)?;
    // The writer thread ends once the connection is dropped.
    drop(connection);
    threads.join().map_err(|error| error.to_string())
}

/// Serves one client on `connection`: the initialize handshake, then every
/// message until `shutdown` and `exit`.
pub fn serve(connection: &Connection, options: Options) -> Result<(), String> {
    let (id, params) = connection
        .initialize_start()
        .map_err(|error| error.to_string())?;
    let params: lsp_types::InitializeParams =
        serde_json::from_value(params).map_err(|error| error.to_string())?;
    let mut server = Server::new(&params, options);
    let result = server.initialize_result();
    connection
        .initialize_finish(id, serde_json::to_value(result).map_err(|e| e.to_string())?)
        .map_err(|error| error.to_string())?;
    for message in &connection.receiver {
        if let Message::Request(request) = &message {
            if connection
                .handle_shutdown(request)
                .map_err(|error| error.to_string())?
            {
                return Ok(());
            }
        }
        for outgoing in server.handle(message) {
            connection
                .sender
                .send(outgoing)
                .map_err(|error| error.to_string())?;
        }
    }
    Ok(())
}
