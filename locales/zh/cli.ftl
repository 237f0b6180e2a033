# kaoping messages: cli (zh). Every id here exists in every language;
# tests/messages.rs checks it.

cli-errors-and-warnings = {$source}：{$errors} 个错误，{$warnings} 个警告

## What stops a command before any policy or facts problem.
cli-error = 错误：{$message}
cli-usage-hint = 更多信息请运行 '--help'。
cli-cannot-read = 无法读取 `{$file}`：{$reason}
cli-cannot-read-stdin = 无法读取标准输入：{$reason}
cli-reason-not-found = 没有这个文件或文件夹
cli-reason-not-found-in = 文件夹 `{$folder}` 中没有这个文件或文件夹
cli-reason-permission = 没有读取权限
cli-not-utf8 = `{$file}` 不是 UTF-8 文本（第 {$offset} 字节处无效）；请以 UTF-8 编码保存
cli-one-stdin = 只能有一个输入是 `-`（标准输入）；其余请写文件名
cli-stdin-with-files = `-`（标准输入）不能与文件混用
cli-diff-usage = 请给出 `旧办法.kp 新办法.kp 事实`，或 `考评办法 --facts 旧事实.yaml 新事实.yaml`
cli-no-candidate = `{$facts}` 中没有候选对象 `{$id}`；{$hint}
cli-no-candidate-hint = 运行 `kaoping score` 可列出全部候选对象
cli-did-you-mean = 是否应为 `{$name}`？
cli-more-errors = ……另有 {$count} 个错误；加 `--all-errors` 可全部显示
cli-wrong-policy = 这份事实数据的 {$keys} 个键中有 {$unknown} 个不属于考评办法 `{$policy}`：它看起来不是这个办法的事实数据
cli-wrong-policy-like = 这份事实数据看起来属于考评办法 `{$other}`（{$file}），而不是 `{$policy}`
cli-wrong-policy-help = 请核对考评办法与事实数据是否对应；`kaoping template 考评办法` 可显示该办法需要的事实数据
cli-here = 此处
cli-cannot-convert = 无法把事实数据写成工作簿：{$reason}
