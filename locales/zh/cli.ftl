# kaoping messages: cli (zh). Every id here exists in every language;
# tests/messages.rs checks it.

cli-errors-and-warnings = {$source}：{$errors} 个错误，{$warnings} 个警告

## --help（中文）。编号见 locales/en/cli.ftl。
help-about = 按政策文件给候选对象评分：政策声明规则并注明版本，事实数据由填报人员提供。
help-after = 退出状态：
    0  成功
    1  政策文件或事实数据有误、政策测试用例未通过、`fmt --check` 发现未按规范排版的文件；
    {"   "}或文件无法读写（不存在、不可读，或已存在而未加 `--force`）
    2  用法错误：未知选项、缺少参数、在不能用 `-` 的地方用了 `-`，或文件扩展名与写出的格式不符

    `-` 代表标准输入（POLICY、FACTS）或标准输出（`-o`）。
help-version = 显示版本
help-help = 显示帮助
help-command-help = 显示本帮助，或所给命令的帮助
help-usage = 用法：
help-heading-options = 选项
help-heading-arguments = 参数
help-heading-commands = 命令
help-option-error-format = 问题的呈现方式：human（彩色，带源文件片段）、plain（无颜色和框线）、json（每个问题一个 JSON 对象）［默认：human］。
help-option-lang = 提示信息和报表的语言：zh（中文）或 en（英文）［默认：按 LC_ALL、LC_MESSAGES 或 LANG；均未指明中文时用英文］。
help-option-root = `extends` 可以读取的政策文件所在的文件夹［默认：当前文件夹］。
help-command-check = 检查政策文件，列出发现的全部问题。
help-check-policy = 政策文件（.kp）；`-` 表示标准输入。
help-check-readings = 同时列出政策所依据的解读。
help-check-explain-cost = 同时列出每个针对整个列表的列表方法如何计算，并标出每个候选对象都要遍历一次列表的写法。
help-command-score = 按政策对事实数据中的候选对象评分。
help-score-policy = 政策文件（.kp）；`-` 表示标准输入。
help-score-facts = 事实数据：YAML 或 JSON（.json）文件、Excel 工作簿（.xlsx）、存放 .csv 文件的文件夹，或 `-`（从标准输入读取；以 `{"{"}` 开头的按 JSON 读，否则按 YAML 读）。
help-score-format = 输出格式：table（表格）、json、markdown、csv、xlsx、html［默认：按 `-o` 文件的扩展名，否则为表格］。
help-score-output = 写入此文件（整体写入，不会留下半个文件），而不是标准输出；`-` 表示标准输出。格式由扩展名（.txt .json .md .csv .xlsx .html）决定。
help-score-force = `-o` 文件已存在时覆盖它。
help-command-diff = 显示规则或事实数据的改动对得分和入选名单的影响。
help-command-diff-long = 显示规则或事实数据的改动对得分和入选名单的影响。

  `kaoping diff 旧政策.kp 新政策.kp 事实数据` 用同一份事实数据比较两版政策；`kaoping diff 政策.kp --facts 旧数据.yaml 新数据.yaml` 在同一政策下比较两份事实数据。
help-diff-paths = 旧政策.kp 新政策.kp 事实数据；或与 --facts 一起给出一个政策文件。
help-diff-facts = 在同一政策下比较这两份事实数据。
help-diff-format = 输出格式：text（文字）或 json［默认：text］。
help-command-test = 运行以数据形式保存的政策测试用例（政策旁的 `tests/*.yaml`）。
help-test-dir = 在此文件夹中查找 `tests/*.yaml` 用例文件，或指定一个用例文件［默认：policies］。
help-test-update = 先显示差异，再按当前结果就地改写用例文件中变了的预期值（保留注释和排版）。
help-test-junit = 同时把 JUnit XML 报告写入此文件（.xml），供持续集成系统使用。
help-test-force = JUnit 文件已存在时覆盖它。
help-command-schema = 输出政策所要求事实数据的 JSON Schema，供编辑器使用。
help-schema-policy = 政策文件（.kp）；`-` 表示标准输入。
help-schema-output = 把 Schema 写入此文件（.json，原子写入），而不是标准输出。
help-schema-force = `-o` 指定的文件已存在时覆盖它。
help-command-template = 输出带注释的事实数据 YAML 模板（含一个候选对象），供填报人员使用；加 `--xlsx 文件` 则写出空白的填报工作簿。
help-template-policy = 政策文件（.kp）；`-` 表示标准输入。
help-template-xlsx = 把空白工作簿（每张表一个工作表，带标注的表头和数据校验）写入此文件（.xlsx）；标准输出不是终端时可用 `-`。
help-template-output = 把 YAML 模板写入此文件（.yaml，原子写入），而不是标准输出。
help-template-force = 工作簿或 `-o` 指定的文件已存在时覆盖它。
help-template-schema = 写在 YAML 第一行（`# yaml-language-server: $schema=…`）的 Schema，编辑器据此检查并补全事实数据［默认：政策文件名加 `.schema.json`，与事实数据文件放在同一文件夹］。
help-command-convert = 在 YAML、Excel 工作簿和 CSV 文件夹之间转换事实数据。
help-command-convert-long = 在 YAML、Excel 工作簿和 CSV 文件夹之间转换事实数据。

  输出以 `.xlsx` 结尾时写成工作簿，否则写成存放 `.csv` 文件的文件夹（每张工作表一个文件）。写出后会读回核对，确保数据不变。
help-convert-policy = 决定事实数据布局的政策文件（.kp）。
help-convert-facts = 事实数据：YAML 或 JSON（.json）文件、Excel 工作簿（.xlsx）、存放 .csv 文件的文件夹，或 `-`（从标准输入读取；以 `{"{"}` 开头的按 JSON 读，否则按 YAML 读）。
help-convert-output = 要写出的工作簿（.xlsx）或文件夹。
help-convert-force = 覆盖已有工作簿，或写入已有文件的文件夹。
help-command-fmt = 按规范格式重排政策文件，保留全部注释。
help-command-fmt-long = 按规范格式重排政策文件，保留全部注释。

  `kaoping fmt -` 把标准输入排版后写到标准输出，供编辑器使用。
help-fmt-paths = 政策文件（.kp），或在其中查找政策文件的文件夹；`-` 表示标准输入。
help-fmt-check = 不做改动：列出未按规范排版的文件，有则退出状态为 1。
help-command-explain = 显示某个候选对象每一项得分的来历，附条款依据和解读。
help-explain-policy = 政策文件（.kp）；`-` 表示标准输入。
help-explain-facts = 事实数据：YAML 或 JSON（.json）文件、Excel 工作簿（.xlsx）、存放 .csv 文件的文件夹，或 `-`（从标准输入读取；以 `{"{"}` 开头的按 JSON 读，否则按 YAML 读）。
help-explain-id = 候选对象的编号，或事实数据中写的名称（如“浔阳区生态环境局”）。
help-explain-format = 输出格式：text（文字）或 json［默认：text］。

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
help-option-all-errors = 显示政策文件或事实数据的全部错误，而不只是第一屏。
help-command-doc = 生成政策的评分细则文本，供评审委员会审定：指标及分值、每条规则及其条款依据、参数、参评条件、等次、排名和评选。
help-doc-policy = 政策文件（.kp）；`-` 表示标准输入。
help-doc-format = 输出格式：md 或 html［默认：按 `-o` 文件的扩展名，否则为 md］。
help-doc-output = 写入此文件（整体写入），而不是标准输出（.md 或 .html）。
help-doc-force = `-o` 文件已存在时覆盖它。

## kaoping check --explain-cost
cost-heading = 针对整个列表的列表方法如何计算（⚠ 表示每个候选对象都要遍历一次，耗时随候选对象数量的平方增长）：
cost-none = 没有针对整个事实列表的列表方法：每个候选对象的规则只读取本对象的事实和固定列表。
cost-once = 每次评分（或每个参评组）只计算一次
cost-rank = 每个参评组排序一次，每个候选对象二分查找
cost-keyed = 按键分组一次；每个键的值只计算一次，每个候选对象查表取值
cost-group-scan = 按键分组一次；每个候选对象再遍历本组全部条目
cost-scan = 每个候选对象遍历整个列表
cost-summary = 共 { $calls } 处，其中 { $scans } 处需要每个候选对象遍历一次。`count`、`any`、`filter` 的条件若用 `and` 把 `city == candidate.city` 这样的等式与只涉及条目本身的条件连接起来，就按键分组计算（见 README.md 的“How rules scale”一节）。

## kaoping lsp：语言服务器的用语（应答、诊断、代码透镜）。
help-command-lsp = 在标准输入输出上运行语言服务器，供编辑器使用（VS Code、Neovim、Helix、Zed）。
help-lsp-stdio = 接受但不起作用：只用标准输入输出通信，有的客户端会自行加上这个参数。
lsp-internal-error = 语言服务器内部错误：{ $reason }
lsp-unknown-method = 语言服务器不支持 `{ $method }`
lsp-invalid-params = 参数无效：{ $reason }
lsp-not-open = 编辑器中没有打开 `{ $uri }`
lsp-help = 建议：{ $help }
lsp-lens-score = 得分 { $low }–{ $high } · { $count } 个候选
lsp-lens-unscored = 未评分
lsp-lens-facts-error = 事实数据 `{ $file }` 无法评分：{ $reason }
lsp-unknown-command = 未知的命令 `{ $command }`
lsp-explain-arguments = `kaoping.explain` 需要一个参数：{"{"} "policy": URI, "facts": 路径, "candidate": 编号 {"}"}
lsp-explain-no-candidate = 事实数据中没有候选对象 `{ $id }`
