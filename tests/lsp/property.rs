//! The server driven in-process with random edits of a real policy, every
//! request asked at random positions (issue 17 §8).

use super::*;
use kaoping::lsp::Server;
use lsp_server::{Message, Notification, Request, RequestId};
use proptest::prelude::*;

/// Pieces an author types, half of them what breaks a parse.
const PIECES: [&str; 12] = [
    "考",
    "评分",
    ".",
    "{",
    "}",
    "\"",
    "candidate.",
    "(",
    " ",
    "\n",
    "weight_",
    "= 1",
];

#[derive(Clone, Debug)]
enum Edit {
    Insert {
        line: u32,
        character: u32,
        piece: usize,
    },
    Delete {
        line: u32,
        character: u32,
        length: u32,
    },
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        (0..700u32, 0..80u32, 0..PIECES.len()).prop_map(|(line, character, piece)| {
            Edit::Insert {
                line,
                character,
                piece,
            }
        }),
        (0..700u32, 0..80u32, 0..40u32).prop_map(|(line, character, length)| Edit::Delete {
            line,
            character,
            length
        }),
    ]
}

fn server(root: &Path, encoding: &str) -> Server {
    let params: lsp_types::InitializeParams = serde_json::from_value(initialize_params(
        &url(root),
        &[encoding],
        "zh-cn",
        json!({}),
    ))
    .expect("valid parameters");
    let options = kaoping::lsp::Options {
        root: Some(root.to_path_buf()),
        language: None,
    };
    Server::new(&params, options)
}

fn notify(server: &mut Server, method: &str, params: Value) {
    let _ = server.handle(Message::Notification(Notification::new(
        method.to_string(),
        params,
    )));
}

/// Sends a request; it must be answered, and not with an internal error
/// (a caught panic).
fn ask(server: &mut Server, id: i32, method: &str, params: Value) {
    let request = Request::new(RequestId::from(id), method.to_string(), params);
    let answers = server.handle(Message::Request(request));
    let response = answers
        .into_iter()
        .find_map(|message| match message {
            Message::Response(response) => Some(response),
            _ => None,
        })
        .unwrap_or_else(|| panic!("{method} answered"));
    if let Some(error) = response.error {
        assert_ne!(
            error.code,
            lsp_server::ErrorCode::InternalError as i32,
            "{method}: {}",
            error.message
        );
    }
}

static PANICKED: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// Notices every panic, the server's caught ones included: a panic while
/// handling a notification is caught but has no answer to show it.
fn watch_panics() {
    static WATCHING: std::sync::Once = std::sync::Once::new();
    WATCHING.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            PANICKED.store(true, std::sync::atomic::Ordering::SeqCst);
            previous(info);
        }));
    });
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    // issue 17 §8: random edits of a real policy, every request at random
    // positions: each answers, and nothing panics.
    #[test]
    fn every_request_answers_whatever_the_text(
        edits in proptest::collection::vec((edit(), (0..700u32, 0..80u32)), 1..8),
        utf8 in any::<bool>(),
    ) {
        watch_panics();
        let root = repository();
        let mut server = server(&root, if utf8 { "utf-8" } else { "utf-16" });
        let uri = url(&root.join(COLLECTIVE));
        let child = url(&root.join(WEIGHTS));
        notify(&mut server, "textDocument/didOpen", json!({ "textDocument": {
            "uri": uri, "languageId": "kaoping", "version": 1, "text": read(COLLECTIVE) } }));
        notify(&mut server, "textDocument/didOpen", json!({ "textDocument": {
            "uri": child, "languageId": "kaoping", "version": 1, "text": read(WEIGHTS) } }));
        let mut id = 0;
        for (version, (edit, (line, character))) in edits.into_iter().enumerate() {
            let (range, text) = match edit {
                Edit::Insert { line, character, piece } => {
                    let at = json!({ "line": line, "character": character });
                    (json!({ "start": at, "end": at }), PIECES[piece].to_string())
                }
                Edit::Delete { line, character, length } => (
                    json!({ "start": { "line": line, "character": character },
                            "end": { "line": line, "character": character + length } }),
                    String::new(),
                ),
            };
            notify(&mut server, "textDocument/didChange", json!({
                "textDocument": { "uri": uri, "version": version + 2 },
                "contentChanges": [{ "range": range, "text": text }] }));
            let position = json!({ "line": line, "character": character });
            let document = json!({ "uri": uri });
            let requests = [
                ("textDocument/hover", at(&uri, position.clone())),
                ("textDocument/definition", at(&uri, position.clone())),
                ("textDocument/references", json!({ "textDocument": document, "position": position,
                    "context": { "includeDeclaration": true } })),
                ("textDocument/completion", at(&uri, position.clone())),
                ("textDocument/prepareRename", at(&uri, position.clone())),
                ("textDocument/rename", json!({ "textDocument": document, "position": position,
                    "newName": "renamed" })),
                ("textDocument/formatting", json!({ "textDocument": document,
                    "options": { "tabSize": 2, "insertSpaces": true } })),
                ("textDocument/documentSymbol", json!({ "textDocument": document })),
                ("textDocument/semanticTokens/full", json!({ "textDocument": document })),
                ("textDocument/codeLens", json!({ "textDocument": document })),
                ("textDocument/hover", at(&child, position.clone())),
                ("textDocument/completion", at(&child, position.clone())),
            ];
            for (method, params) in requests {
                id += 1;
                ask(&mut server, id, method, params);
            }
        }
        prop_assert!(!PANICKED.load(std::sync::atomic::Ordering::SeqCst), "a panic, caught or not");
    }
}
