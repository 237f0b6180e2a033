# kaoping messages: workbook (zh). Every id here exists in every language;
# tests/messages.rs checks it.

