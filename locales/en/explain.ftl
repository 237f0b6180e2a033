# kaoping messages: explain (en). Every id here exists in every language;
# tests/messages.rs checks it.

