# kaoping messages: cli (zh). Every id here exists in every language;
# tests/messages.rs checks it.

cli-errors-and-warnings = {$source}：{$errors} 个错误，{$warnings} 个警告
