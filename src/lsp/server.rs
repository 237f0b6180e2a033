//! The server's state (the open documents, each with its check and its
//! analysis) and the dispatch of every message to the module that answers it.

use std::collections::BTreeMap;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};

use lsp_server::{ErrorCode, Message, Notification, Request, RequestId, Response, ResponseError};
use lsp_types::notification::Notification as _;
use lsp_types::{
    notification, request, Diagnostic, InitializeParams, InitializeResult, PositionEncodingKind,
    Url,
};
use serde_json::Value;

use super::lens::{self, FactsSetting};
use super::text::{apply_change, Encoding, LineIndex};
use super::{diagnostics, navigation, symbols, tokens};
use crate::analysis::Analysis;
use crate::inheritance::{normalize, OutsideRoot};
use crate::messages::Language;
use crate::{tr, Checked, Report};

/// One open document.
pub struct Document {
    /// Where the file is, absolute.
    pub path: PathBuf,
    /// The name problems and `extends` use: the path inside the root, else
    /// the absolute path.
    pub name: String,
    /// The editor's text, saved or not.
    pub text: String,
    /// The editor's version of the text.
    pub version: i32,
    /// The last check of the text: the policy with its warnings, or every
    /// problem found.
    pub checked: Result<Checked, Report>,
    /// The last analysis of the text, handed to the next as `previous`.
    pub analysis: Analysis,
}

impl Document {
    /// The policies the last check read through `extends`, with their texts.
    pub fn inherited(&self) -> &[crate::diagnostic::SourceFile] {
        match &self.checked {
            Ok(checked) => &checked.warnings.inherited,
            Err(report) => &report.inherited,
        }
    }
}

/// The language server: every open document and what was last published.
pub struct Server {
    pub(super) root: PathBuf,
    pub(super) encoding: Encoding,
    pub(super) language: Language,
    pub(super) documents: BTreeMap<Url, Document>,
    /// Each open document's diagnostics, by the file they are in (a child's
    /// check also finds problems in its parents).
    found: BTreeMap<Url, BTreeMap<Url, Vec<Diagnostic>>>,
    /// What each file was last sent, so that a file whose problems are gone
    /// is cleared and an unchanged one is not sent again.
    sent: BTreeMap<Url, Vec<Diagnostic>>,
    pub(super) facts: FactsSetting,
    pub(super) lenses: lens::Cache,
    /// Whether the client re-asks for code lenses when told to (after the
    /// facts setting changes).
    refreshes_lenses: bool,
    /// Requests the server has sent the client, for their ids.
    sent_requests: i32,
}

impl Server {
    /// A server for the client that sent `params`; what the command line
    /// gives in `options` overrides what the client says.
    pub fn new(params: &InitializeParams, options: super::Options) -> Server {
        let offers_utf8 = params
            .capabilities
            .general
            .as_ref()
            .and_then(|general| general.position_encodings.as_ref())
            .is_some_and(|encodings| encodings.contains(&PositionEncodingKind::UTF8));
        let language = options
            .language
            .or_else(|| params.locale.as_deref().and_then(Language::from_tag))
            .unwrap_or_else(Language::from_environment);
        let root = options
            .root
            .or_else(|| workspace_folder(params))
            .or_else(|| std::env::current_dir().ok())
            .unwrap_or_else(|| PathBuf::from("."));
        let root = std::fs::canonicalize(&root).unwrap_or(root);
        Server {
            root,
            encoding: if offers_utf8 {
                Encoding::Utf8
            } else {
                Encoding::Utf16
            },
            language,
            documents: BTreeMap::new(),
            found: BTreeMap::new(),
            sent: BTreeMap::new(),
            facts: FactsSetting::from_options(params.initialization_options.as_ref()),
            lenses: lens::Cache::default(),
            refreshes_lenses: params
                .capabilities
                .workspace
                .as_ref()
                .and_then(|workspace| workspace.code_lens.as_ref())
                .and_then(|lens| lens.refresh_support)
                .unwrap_or(false),
            sent_requests: 0,
        }
    }

    /// What the server does, for the `initialize` answer.
    pub fn initialize_result(&self) -> InitializeResult {
        use lsp_types::*;
        let capabilities = ServerCapabilities {
            position_encoding: Some(match self.encoding {
                Encoding::Utf8 => PositionEncodingKind::UTF8,
                Encoding::Utf16 => PositionEncodingKind::UTF16,
            }),
            text_document_sync: Some(TextDocumentSyncCapability::Options(
                TextDocumentSyncOptions {
                    open_close: Some(true),
                    change: Some(TextDocumentSyncKind::INCREMENTAL),
                    save: Some(TextDocumentSyncSaveOptions::Supported(true)),
                    ..Default::default()
                },
            )),
            document_formatting_provider: Some(OneOf::Left(true)),
            document_symbol_provider: Some(OneOf::Left(true)),
            semantic_tokens_provider: Some(
                SemanticTokensServerCapabilities::SemanticTokensOptions(SemanticTokensOptions {
                    legend: tokens::legend(),
                    full: Some(SemanticTokensFullOptions::Bool(true)),
                    range: None,
                    ..Default::default()
                }),
            ),
            hover_provider: Some(HoverProviderCapability::Simple(true)),
            definition_provider: Some(OneOf::Left(true)),
            references_provider: Some(OneOf::Left(true)),
            completion_provider: Some(CompletionOptions {
                trigger_characters: Some(vec![".".to_string()]),
                ..Default::default()
            }),
            rename_provider: Some(OneOf::Right(RenameOptions {
                prepare_provider: Some(true),
                work_done_progress_options: Default::default(),
            })),
            code_lens_provider: Some(CodeLensOptions {
                resolve_provider: Some(false),
            }),
            execute_command_provider: Some(ExecuteCommandOptions {
                commands: vec![lens::EXPLAIN.to_string()],
                ..Default::default()
            }),
            ..Default::default()
        };
        InitializeResult {
            capabilities,
            server_info: Some(ServerInfo {
                name: "kaoping".to_string(),
                version: Some(env!("CARGO_PKG_VERSION").to_string()),
            }),
        }
    }

    /// Handles one message; returns what to send: the answer to a request,
    /// diagnostics after a change. A handler that panics answers an internal
    /// error and leaves the server running.
    pub fn handle(&mut self, message: Message) -> Vec<Message> {
        match message {
            Message::Request(request) => {
                let id = request.id.clone();
                let language = self.language;
                vec![Message::Response(answer(id, language, || {
                    self.dispatch(request)
                }))]
            }
            Message::Notification(notification) => {
                catch_unwind(AssertUnwindSafe(|| self.notified(notification))).unwrap_or_default()
            }
            Message::Response(_) => Vec::new(),
        }
    }

    fn dispatch(&mut self, request: Request) -> Result<Value, ResponseError> {
        use request::*;
        match request.method.as_str() {
            Formatting::METHOD => self.call::<Formatting>(request, Self::formatting),
            DocumentSymbolRequest::METHOD => {
                self.call::<DocumentSymbolRequest>(request, |server, params| {
                    let document = server.document(&params.text_document.uri)?;
                    Ok(Some(lsp_types::DocumentSymbolResponse::Nested(
                        symbols::outline(&document.text, server.encoding),
                    )))
                })
            }
            SemanticTokensFullRequest::METHOD => {
                self.call::<SemanticTokensFullRequest>(request, |server, params| {
                    let document = server.document(&params.text_document.uri)?;
                    let texts = document.inherited().iter().map(|file| &*file.text);
                    let parameters = tokens::parameter_names(
                        std::iter::once(document.text.as_str()).chain(texts),
                    );
                    Ok(Some(lsp_types::SemanticTokensResult::Tokens(
                        tokens::semantic_tokens(&document.text, server.encoding, &parameters),
                    )))
                })
            }
            HoverRequest::METHOD => self.call::<HoverRequest>(request, navigation::hover),
            GotoDefinition::METHOD => self.call::<GotoDefinition>(request, navigation::definition),
            References::METHOD => self.call::<References>(request, navigation::references),
            Completion::METHOD => self.call::<Completion>(request, navigation::completion),
            PrepareRenameRequest::METHOD => {
                self.call::<PrepareRenameRequest>(request, navigation::prepare_rename)
            }
            Rename::METHOD => self.call_value::<Rename>(request, navigation::rename),
            CodeLensRequest::METHOD => self.call::<CodeLensRequest>(request, lens::code_lenses),
            ExecuteCommand::METHOD => self.call::<ExecuteCommand>(request, lens::execute_command),
            method => Err(ResponseError {
                code: ErrorCode::MethodNotFound as i32,
                message: tr!(self.language, "lsp-unknown-method", method = method),
                data: None,
            }),
        }
    }

    fn call<R: request::Request>(
        &mut self,
        request: Request,
        handler: impl FnOnce(&mut Self, R::Params) -> Result<R::Result, ResponseError>,
    ) -> Result<Value, ResponseError> {
        self.call_value::<R>(request, |server, params| {
            let result = handler(server, params)?;
            serde_json::to_value(result)
                .map_err(|error| failure(ErrorCode::InternalError, error.to_string()))
        })
    }

    /// As [`Server::call`], for a handler that builds its JSON itself: a
    /// workspace edit's `changes` is a hash map in `lsp-types`, whose order
    /// would differ from run to run.
    fn call_value<R: request::Request>(
        &mut self,
        request: Request,
        handler: impl FnOnce(&mut Self, R::Params) -> Result<Value, ResponseError>,
    ) -> Result<Value, ResponseError> {
        let params: R::Params = serde_json::from_value(request.params).map_err(|error| {
            failure(
                ErrorCode::InvalidParams,
                tr!(
                    self.language,
                    "lsp-invalid-params",
                    reason = error.to_string()
                ),
            )
        })?;
        handler(self, params)
    }

    fn notified(&mut self, notification: Notification) -> Vec<Message> {
        use notification::*;
        match notification.method.as_str() {
            DidOpenTextDocument::METHOD => {
                let Ok(opened) = serde_json::from_value::<lsp_types::DidOpenTextDocumentParams>(
                    notification.params,
                ) else {
                    return Vec::new();
                };
                let document = opened.text_document;
                self.open(document.uri, document.text, document.version);
            }
            DidChangeTextDocument::METHOD => {
                let Ok(changed) = serde_json::from_value::<lsp_types::DidChangeTextDocumentParams>(
                    notification.params,
                ) else {
                    return Vec::new();
                };
                let encoding = self.encoding;
                let Some(document) = self.documents.get_mut(&changed.text_document.uri) else {
                    return Vec::new();
                };
                for change in changed.content_changes {
                    apply_change(&mut document.text, change.range, &change.text, encoding);
                }
                document.version = changed.text_document.version;
                return self.refresh(Some(&changed.text_document.uri));
            }
            DidCloseTextDocument::METHOD => {
                let Ok(closed) = serde_json::from_value::<lsp_types::DidCloseTextDocumentParams>(
                    notification.params,
                ) else {
                    return Vec::new();
                };
                let uri = closed.text_document.uri;
                self.documents.remove(&uri);
                self.found.remove(&uri);
            }
            DidSaveTextDocument::METHOD => {
                let Ok(saved) = serde_json::from_value::<lsp_types::DidSaveTextDocumentParams>(
                    notification.params,
                ) else {
                    return Vec::new();
                };
                if let (Some(text), Some(document)) =
                    (saved.text, self.documents.get_mut(&saved.text_document.uri))
                {
                    document.text = text;
                }
            }
            DidChangeConfiguration::METHOD => {
                let settings = notification.params;
                let settings = settings.get("settings").unwrap_or(&settings);
                self.facts = FactsSetting::from_options(Some(settings));
                return self.lens_refresh().into_iter().collect();
            }
            DidChangeWatchedFiles::METHOD => {
                // A parent policy or a facts file changed on disk: problems
                // and scores may have changed with it.
                let mut messages = self.refresh(None);
                messages.extend(self.lens_refresh());
                return messages;
            }
            _ => return Vec::new(),
        }
        self.refresh(None)
    }

    /// Asks the client to fetch the code lenses again, when it can.
    fn lens_refresh(&mut self) -> Option<Message> {
        if !self.refreshes_lenses {
            return None;
        }
        self.sent_requests += 1;
        let id = RequestId::from(format!("kaoping-{}", self.sent_requests));
        Some(Message::Request(Request::new(
            id,
            <request::CodeLensRefresh as request::Request>::METHOD.to_string(),
            Value::Null,
        )))
    }

    fn open(&mut self, uri: Url, text: String, version: i32) {
        let path = uri
            .to_file_path()
            .map(|path| normalize(&path))
            .unwrap_or_else(|()| PathBuf::from(uri.path()));
        let name = match path.strip_prefix(&self.root) {
            Ok(inside) => inside.display().to_string(),
            Err(_) => path.display().to_string(),
        };
        let (checked, analysis) = self.examine(&name, &text, None);
        self.documents.insert(
            uri,
            Document {
                path,
                name,
                text,
                version,
                checked,
                analysis,
            },
        );
    }

    /// Checks and analyses one text, reading the policies it extends from
    /// the open documents first.
    fn examine(
        &self,
        name: &str,
        text: &str,
        previous: Option<&Analysis>,
    ) -> (Result<Checked, Report>, Analysis) {
        let read = |wanted: &Path| self.read_policy(wanted);
        let checked = crate::load_policy_reading(name, text, &read);
        let mut analysis = Analysis::new(Path::new(name), text, &read, previous);
        analysis.set_language(self.language);
        (checked, analysis)
    }

    /// Reads a policy that `extends` names: an open document's unsaved text,
    /// else the file; only inside the root either way.
    pub(super) fn read_policy(&self, wanted: &Path) -> std::io::Result<String> {
        let path = normalize(&self.root.join(wanted));
        if let Some(document) = self.documents.values().find(|d| d.path == path) {
            let real = std::fs::canonicalize(&path).unwrap_or_else(|_| path.clone());
            if !real.starts_with(&self.root) {
                return Err(std::io::Error::new(
                    std::io::ErrorKind::PermissionDenied,
                    OutsideRoot {
                        root: self.root.clone(),
                    },
                ));
            }
            return Ok(document.text.clone());
        }
        crate::inheritance::read_inside(&self.root, &path)
    }

    /// Checks and analyses open documents again, and publishes what changed:
    /// after an edit of `edited`, that document and those that extend it (a
    /// child reads its parent's unsaved text); after anything else (a file
    /// opened, closed or changed on disk), every one.
    fn refresh(&mut self, edited: Option<&Url>) -> Vec<Message> {
        let uris: Vec<Url> = self
            .documents
            .iter()
            .filter(|(uri, document)| match edited {
                None => true,
                Some(edited) => *uri == edited || self.extends(document, edited),
            })
            .map(|(uri, _)| uri.clone())
            .collect();
        for uri in uris {
            let document = &self.documents[&uri];
            let (checked, analysis) =
                self.examine(&document.name, &document.text, Some(&document.analysis));
            let found = diagnostics::by_file(&checked, self);
            let document = self.documents.get_mut(&uri).expect("listed above");
            document.checked = checked;
            document.analysis = analysis;
            self.found.insert(uri, found);
        }
        self.publish()
    }

    /// Whether the last check of `document` read the policy at `parent`.
    fn extends(&self, document: &Document, parent: &Url) -> bool {
        document
            .inherited()
            .iter()
            .any(|file| self.url_of(Path::new(&file.name)).as_ref() == Some(parent))
    }

    /// Sends each file its diagnostics from every open document's check,
    /// duplicates dropped, when they differ from what it was last sent.
    fn publish(&mut self) -> Vec<Message> {
        let mut merged: BTreeMap<Url, Vec<Diagnostic>> = BTreeMap::new();
        for found in self.found.values() {
            for (uri, diagnostics) in found {
                let into = merged.entry(uri.clone()).or_default();
                for diagnostic in diagnostics {
                    if !into.contains(diagnostic) {
                        into.push(diagnostic.clone());
                    }
                }
            }
        }
        for diagnostics in merged.values_mut() {
            diagnostics.sort_by_key(|d| (d.range.start, d.range.end));
        }
        let mut messages = Vec::new();
        let targets: Vec<Url> = self.sent.keys().chain(merged.keys()).cloned().collect();
        let mut done = std::collections::BTreeSet::new();
        for uri in targets {
            if !done.insert(uri.clone()) {
                continue;
            }
            let now = merged.remove(&uri).unwrap_or_default();
            let before = self.sent.get(&uri);
            // A file never sent a problem has nothing to clear.
            if before == Some(&now) || (before.is_none() && now.is_empty()) {
                continue;
            }
            let params = lsp_types::PublishDiagnosticsParams {
                uri: uri.clone(),
                version: self.documents.get(&uri).map(|d| d.version),
                diagnostics: now.clone(),
            };
            messages.push(Message::Notification(Notification::new(
                notification::PublishDiagnostics::METHOD.to_string(),
                params,
            )));
            if now.is_empty() {
                self.sent.remove(&uri);
            } else {
                self.sent.insert(uri, now);
            }
        }
        messages
    }

    /// The open document at `uri`, or the error a request about another gets.
    pub(super) fn document(&self, uri: &Url) -> Result<&Document, ResponseError> {
        self.documents.get(uri).ok_or_else(|| {
            failure(
                ErrorCode::InvalidParams,
                tr!(self.language, "lsp-not-open", uri = uri.to_string()),
            )
        })
    }

    /// The file URL of a name problems and analyses use.
    pub(super) fn url_of(&self, name: &Path) -> Option<Url> {
        Url::from_file_path(normalize(&self.root.join(name))).ok()
    }

    fn formatting(
        &mut self,
        params: lsp_types::DocumentFormattingParams,
    ) -> Result<Option<Vec<lsp_types::TextEdit>>, ResponseError> {
        let document = self.document(&params.text_document.uri)?;
        // A file that does not parse has nothing to format: its diagnostics
        // already say why, and a popup would only repeat it.
        let Ok(formatted) = crate::format::format_source(&document.text) else {
            return Ok(None);
        };
        if formatted == document.text {
            return Ok(Some(Vec::new()));
        }
        let index = LineIndex::new(&document.text, self.encoding);
        Ok(Some(vec![lsp_types::TextEdit {
            range: index.range(0..document.text.len()),
            new_text: formatted,
        }]))
    }
}

/// Answers a request with what `handler` returns; a panic in it becomes an
/// internal error, so that one bad request does not end the editor's session.
pub fn answer(
    id: RequestId,
    language: Language,
    handler: impl FnOnce() -> Result<Value, ResponseError>,
) -> Response {
    match catch_unwind(AssertUnwindSafe(handler)) {
        Ok(Ok(value)) => Response::new_ok(id, value),
        Ok(Err(error)) => Response {
            id,
            result: None,
            error: Some(error),
        },
        Err(panic) => {
            let reason = panic
                .downcast_ref::<&str>()
                .map(|text| text.to_string())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_default();
            Response::new_err(
                id,
                ErrorCode::InternalError as i32,
                tr!(language, "lsp-internal-error", reason = reason),
            )
        }
    }
}

/// An error answer.
pub(super) fn failure(code: ErrorCode, message: String) -> ResponseError {
    ResponseError {
        code: code as i32,
        message,
        data: None,
    }
}

fn workspace_folder(params: &InitializeParams) -> Option<PathBuf> {
    #[allow(deprecated)]
    let root_uri = params.root_uri.as_ref();
    params
        .workspace_folders
        .as_ref()
        .and_then(|folders| folders.first())
        .map(|folder| &folder.uri)
        .or(root_uri)
        .and_then(|uri| uri.to_file_path().ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    // issue 17 §1: a handler that panics is answered, not fatal.
    #[test]
    fn a_panicking_handler_answers_an_internal_error() {
        let response = answer(RequestId::from(7), Language::English, || panic!("boom"));
        let error = response.error.expect("an error answer");
        assert_eq!(error.code, ErrorCode::InternalError as i32);
        assert!(error.message.contains("boom"), "{}", error.message);
        assert_eq!(response.id, RequestId::from(7));
        let fine = answer(RequestId::from(8), Language::English, || Ok(Value::from(1)));
        assert_eq!(fine.result, Some(Value::from(1)));
    }
}
