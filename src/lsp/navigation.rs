//! Hover, go to definition, find references, completion and rename: the
//! position converted to a byte offset, the question put to the document's
//! [`crate::analysis::Analysis`], and its answer converted back, in whichever
//! file of the `extends` chain it points into.

use std::collections::BTreeMap;

use lsp_server::{ErrorCode, ResponseError};
use lsp_types::{
    CompletionItem, CompletionItemKind, CompletionParams, CompletionResponse, Documentation,
    GotoDefinitionParams, GotoDefinitionResponse, Hover, HoverContents, HoverParams, Location,
    MarkupContent, MarkupKind, PrepareRenameResponse, ReferenceParams, RenameParams,
    TextDocumentPositionParams, TextEdit, Url,
};
use serde_json::{json, Value};

use super::server::{failure, Document, Server};
use super::text::LineIndex;
use crate::analysis::{self, CompletionKind};

fn at<'a>(
    server: &'a Server,
    position: &TextDocumentPositionParams,
) -> Result<(&'a Document, usize), ResponseError> {
    let document = server.document(&position.text_document.uri)?;
    let offset = LineIndex::new(&document.text, server.encoding).offset(position.position);
    Ok((document, offset))
}

/// `textDocument/hover`.
pub fn hover(server: &mut Server, params: HoverParams) -> Result<Option<Hover>, ResponseError> {
    let (document, offset) = at(server, &params.text_document_position_params)?;
    let Some(found) = document.analysis.hover(offset) else {
        return Ok(None);
    };
    let index = LineIndex::new(&document.text, server.encoding);
    Ok(Some(Hover {
        contents: HoverContents::Markup(MarkupContent {
            kind: MarkupKind::Markdown,
            value: found.markdown,
        }),
        range: Some(index.range(found.span)),
    }))
}

/// `textDocument/definition`.
pub fn definition(
    server: &mut Server,
    params: GotoDefinitionParams,
) -> Result<Option<GotoDefinitionResponse>, ResponseError> {
    let (document, offset) = at(server, &params.text_document_position_params)?;
    let found = document.analysis.definition(offset);
    let locations = locations(server, &found);
    Ok((!locations.is_empty()).then_some(GotoDefinitionResponse::Array(locations)))
}

/// `textDocument/references`.
pub fn references(
    server: &mut Server,
    params: ReferenceParams,
) -> Result<Option<Vec<Location>>, ResponseError> {
    let (document, offset) = at(server, &params.text_document_position)?;
    let found = document
        .analysis
        .references(offset, params.context.include_declaration);
    Ok(Some(locations(server, &found)))
}

/// `textDocument/completion`.
pub fn completion(
    server: &mut Server,
    params: CompletionParams,
) -> Result<Option<CompletionResponse>, ResponseError> {
    let (document, offset) = at(server, &params.text_document_position)?;
    let items = document
        .analysis
        .completions(offset)
        .into_iter()
        .map(|completion| CompletionItem {
            kind: Some(completion_kind(completion.kind)),
            detail: completion.detail,
            documentation: completion.documentation.map(|markdown| {
                Documentation::MarkupContent(MarkupContent {
                    kind: MarkupKind::Markdown,
                    value: markdown,
                })
            }),
            label: completion.label,
            ..Default::default()
        })
        .collect();
    Ok(Some(CompletionResponse::Array(items)))
}

fn completion_kind(kind: CompletionKind) -> CompletionItemKind {
    match kind {
        CompletionKind::Field => CompletionItemKind::FIELD,
        CompletionKind::Parameter => CompletionItemKind::CONSTANT,
        CompletionKind::Let => CompletionItemKind::VARIABLE,
        CompletionKind::Function => CompletionItemKind::FUNCTION,
        CompletionKind::Method => CompletionItemKind::METHOD,
        CompletionKind::Keyword => CompletionItemKind::KEYWORD,
        CompletionKind::EnumValue => CompletionItemKind::ENUM_MEMBER,
        CompletionKind::Indicator => CompletionItemKind::CLASS,
    }
}

/// `textDocument/prepareRename`.
pub fn prepare_rename(
    server: &mut Server,
    params: TextDocumentPositionParams,
) -> Result<Option<PrepareRenameResponse>, ResponseError> {
    let (document, offset) = at(server, &params)?;
    let Some(span) = document.analysis.prepare_rename(offset) else {
        return Ok(None);
    };
    let index = LineIndex::new(&document.text, server.encoding);
    Ok(Some(PrepareRenameResponse::Range(index.range(span))))
}

/// `textDocument/rename`: every edit in every file of the chain, files in
/// order, or the analysis's reason as the error a client shows.
pub fn rename(server: &mut Server, params: RenameParams) -> Result<Value, ResponseError> {
    let (document, offset) = at(server, &params.text_document_position)?;
    let edits = document
        .analysis
        .rename(offset, &params.new_name)
        .map_err(|message| failure(ErrorCode::InvalidRequest, message))?;
    let mut changes: BTreeMap<Url, Vec<TextEdit>> = BTreeMap::new();
    for edit in edits {
        let Some(location) = location(server, &edit.location) else {
            continue;
        };
        changes.entry(location.uri).or_default().push(TextEdit {
            range: location.range,
            new_text: edit.new_text,
        });
    }
    let changes: serde_json::Map<String, Value> = changes
        .into_iter()
        .map(|(uri, edits)| (uri.to_string(), json!(edits)))
        .collect();
    Ok(json!({ "changes": changes }))
}

fn locations(server: &Server, found: &[analysis::Location]) -> Vec<Location> {
    found
        .iter()
        .filter_map(|place| location(server, place))
        .collect()
}

/// An analysis location as a protocol one: the file's text (an open
/// document's, else the disk's) is needed to count its columns.
fn location(server: &Server, place: &analysis::Location) -> Option<Location> {
    let uri = server.url_of(&place.path)?;
    let text = match server.documents.get(&uri) {
        Some(document) => document.text.clone(),
        None => server.read_policy(&place.path).ok()?,
    };
    let index = LineIndex::new(&text, server.encoding);
    Some(Location::new(uri, index.range(place.span.clone())))
}
