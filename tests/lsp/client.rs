//! A small JSON-RPC client for `kaoping lsp`: spawns the binary, frames
//! messages with `Content-Length` headers, and keeps a transcript.

#![allow(dead_code)]

use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Child, ChildStdin, Command, ExitStatus, Stdio};
use std::sync::mpsc::{channel, Receiver};
use std::time::Duration;

use serde_json::{json, Value};

/// Long enough for a loaded machine; only a hung server reaches it.
const PATIENCE: Duration = Duration::from_secs(120);

pub struct Client {
    child: Child,
    stdin: ChildStdin,
    incoming: Receiver<Value>,
    next_id: i64,
    /// Notifications received while waiting for something else.
    pending: Vec<Value>,
    /// Every message, in order: `→` sent, `←` received.
    pub transcript: Vec<(char, Value)>,
}

impl Client {
    /// Starts `kaoping [arguments] lsp` in `folder` with `LC_ALL=locale`.
    pub fn start(folder: &Path, arguments: &[&str], locale: &str) -> Client {
        Client::start_with(folder, arguments, &[], locale)
    }

    /// Starts `kaoping [arguments] lsp [lsp_arguments]` in `folder` with `LC_ALL=locale`.
    pub fn start_with(
        folder: &Path,
        arguments: &[&str],
        lsp_arguments: &[&str],
        locale: &str,
    ) -> Client {
        let mut child = Command::new(env!("CARGO_BIN_EXE_kaoping"))
            .args(arguments)
            .arg("lsp")
            .args(lsp_arguments)
            .current_dir(folder)
            .env("LC_ALL", locale)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("kaoping starts");
        let stdin = child.stdin.take().expect("a stdin");
        let stdout = child.stdout.take().expect("a stdout");
        let (sender, incoming) = channel();
        std::thread::spawn(move || {
            let mut reader = BufReader::new(stdout);
            while let Some(message) = read_message(&mut reader) {
                if sender.send(message).is_err() {
                    break;
                }
            }
        });
        Client {
            child,
            stdin,
            incoming,
            next_id: 0,
            pending: Vec::new(),
            transcript: Vec::new(),
        }
    }

    pub fn send(&mut self, message: Value) {
        let body = message.to_string();
        write!(self.stdin, "Content-Length: {}\r\n\r\n{body}", body.len()).expect("write");
        self.stdin.flush().expect("flush");
        self.transcript.push(('→', message));
    }

    pub fn notify(&mut self, method: &str, params: Value) {
        self.send(json!({ "jsonrpc": "2.0", "method": method, "params": params }));
    }

    /// Sends a request and returns its whole response; notifications that
    /// arrive first are kept for [`Client::notification`].
    pub fn request(&mut self, method: &str, params: Value) -> Value {
        self.next_id += 1;
        let id = self.next_id;
        self.send(json!({ "jsonrpc": "2.0", "id": id, "method": method, "params": params }));
        loop {
            let message = self.receive();
            if message.get("id") == Some(&json!(id)) && message.get("method").is_none() {
                return message;
            }
            self.pending.push(message);
        }
    }

    /// The result of a request that must succeed.
    pub fn result(&mut self, method: &str, params: Value) -> Value {
        let response = self.request(method, params);
        assert!(response.get("error").is_none(), "{method}: {response}");
        response["result"].clone()
    }

    /// The next notification `method` (kept ones first).
    pub fn notification(&mut self, method: &str) -> Value {
        if let Some(at) = self.pending.iter().position(|m| m["method"] == method) {
            return self.pending.remove(at);
        }
        loop {
            let message = self.receive();
            if message["method"] == method {
                return message;
            }
            self.pending.push(message);
        }
    }

    /// The diagnostics next published for `uri`; those for other files are
    /// kept for later.
    pub fn diagnostics_for(&mut self, uri: &str) -> Vec<Value> {
        let wanted = |message: &Value| {
            message["method"] == "textDocument/publishDiagnostics"
                && message["params"]["uri"] == uri
        };
        let published = match self.pending.iter().position(wanted) {
            Some(at) => self.pending.remove(at),
            None => loop {
                let message = self.receive();
                if wanted(&message) {
                    break message;
                }
                self.pending.push(message);
            },
        };
        published["params"]["diagnostics"]
            .as_array()
            .cloned()
            .unwrap_or_default()
    }

    fn receive(&mut self) -> Value {
        let message = self
            .incoming
            .recv_timeout(PATIENCE)
            .expect("the server answers");
        self.transcript.push(('←', message.clone()));
        message
    }

    /// `shutdown` then `exit`; the server's exit status.
    pub fn stop(&mut self) -> ExitStatus {
        let response = self.request("shutdown", Value::Null);
        assert!(response.get("error").is_none(), "{response}");
        self.notify("exit", Value::Null);
        self.child.wait().expect("the server exits")
    }

    /// The transcript, one message a line, with `root` (a file URL) and the
    /// server's version made stable.
    pub fn transcript_text(&self, root: &str) -> String {
        let mut text = String::new();
        for (direction, message) in &self.transcript {
            let mut message = message.clone();
            if let Some(version) = message.pointer_mut("/result/serverInfo/version") {
                *version = json!("VERSION");
            }
            let line = message.to_string().replace(root, "file:///ROOT");
            text.push_str(&format!("{direction} {line}\n"));
        }
        text
    }
}

fn read_message(reader: &mut impl BufRead) -> Option<Value> {
    let mut length = None;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).ok()? == 0 {
            return None;
        }
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        if let Some(value) = line.strip_prefix("Content-Length: ") {
            length = value.parse::<usize>().ok();
        }
    }
    let mut body = vec![0; length?];
    reader.read_exact(&mut body).ok()?;
    serde_json::from_slice(&body).ok()
}

/// The `initialize` parameters of a client in `root` that offers `encodings`.
pub fn initialize_params(root: &str, encodings: &[&str], locale: &str, options: Value) -> Value {
    json!({
        "processId": null,
        "rootUri": root,
        "locale": if locale.is_empty() { Value::Null } else { json!(locale) },
        "capabilities": { "general": { "positionEncodings": encodings } },
        "workspaceFolders": [{ "uri": root, "name": "kaoping" }],
        "initializationOptions": options,
    })
}
