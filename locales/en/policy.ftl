# kaoping messages: policy (en). Every id here exists in every language;
# tests/messages.rs checks it.

