import sys, json
import os
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import *
from sections import S, BUILD_BANK, BP, GROUP_INTRO

OUT = os.path.join(REPO, "docs", "diagnostics.md")
problems = []

def fence(lang, text):
    text = text.rstrip("\n")
    f = "````" if "```" in text else "```"
    return f"{f}{lang}\n{text}\n{f}\n"

def run_section(code, sec):
    r = sec.get("run", {})
    files = {}
    if "snippet" in sec:
        files[r.get("snippet_name", "题库.md")] = sec["snippet"]
    out, rc = run(code, files=files, args=r.get("args"), setup=r.get("setup"))
    return out, rc

FILE_KINDS = {".yaml": ("组卷方案", "yaml"), ".md": ("题库", "markdown"), ".csv": ("考生名单", "csv"), ".jsonl": ("答卷", "json")}
SCORE_KINDS = {"答卷.jsonl": ("答卷", "json"), "答卷.csv": ("答卷表", "csv"), "阅卷.csv": ("阅卷分表", "csv")}

def score_example(name, code, ex):
    """Markdown for one `kaofa score` example: papers built for SCORE_ROSTER, `{001}` in the files replaced by that
    examinee's paper id, then `kaofa score --papers papers --responses 答卷.jsonl -o 成绩.csv` plus the example's args
    (a later --papers or --responses replaces the default)."""
    r = ex["run"]
    files = dict(r["files"])
    files.setdefault("题库.md", BUILD_BANK)
    files.setdefault("蓝图.yaml", BP)
    d = os.path.join(ROOT, name)
    if os.path.exists(d):
        shutil.rmtree(d)
    os.makedirs(d)
    for rel, content in files.items():
        open(os.path.join(d, rel), "w", encoding="utf-8").write(content)
    wait_binary()
    built = subprocess.run([K, "build"] + BUILD_ARGS[:-2] + ["--examinees", "名单.csv", "--format", "json", "--out", "papers", "--db", "db.sqlite"],
                           cwd=d, capture_output=True)
    if built.returncode != 0:
        problems.append(f"{name}: build failed: {built.stderr.decode()}")
    ids = {}
    for f in sorted(os.listdir(os.path.join(d, "papers"))):
        if f.endswith(".key.json"):
            key = json.load(open(os.path.join(d, "papers", f), encoding="utf-8"))
            ids[key["examinee"]["id"]] = key["paperId"]
    for rel in files:
        if rel in SCORE_KINDS:
            text = files[rel]
            for examinee, paper in ids.items():
                text = text.replace("{" + examinee + "}", paper)
            files[rel] = text
            open(os.path.join(d, rel), "w", encoding="utf-8").write(text)
    if r.get("setup"):
        subprocess.run(r["setup"], shell=True, cwd=d, check=True)
    args = r.get("args", [])
    base = ["--papers", "papers", "--responses", "答卷.jsonl"]
    for option in ("--papers", "--responses"):
        if option in args:
            i = base.index(option)
            del base[i:i + 2]
    argv = [K, "score"] + base + args + ["-o", "成绩.csv", "--color", "never"]
    result = subprocess.run(argv, cwd=d, capture_output=True)
    out, rc = result.stderr.decode(), result.returncode
    text = shown(out, [code])
    if not any(c == code for c, _ in blocks(out)[0]):
        problems.append(f"{name}: {code} did not fire: {out}")
    summary = [l for l in out.splitlines() if l and not l.startswith(" ") and not HEADER_LINE.match(l)]
    parts = []
    if "demo" in ex:
        parts.append(ex["demo"].strip() + "\n\n")
    for rel, content in files.items():
        if rel in SCORE_KINDS and rel not in r.get("hide", []):
            kind, lang = SCORE_KINDS[rel]
            parts.append(f"{kind} `{rel}`：\n\n")
            parts.append(fence(lang, content))
            parts.append("\n")
    shown_args = [a for a in argv[1:] if a not in ("--color", "never")]
    parts.append(f"运行 `kaofa {' '.join(shown_args)}`，输出：\n\n")
    if summary and summary[-1] not in text:
        text += "\n" + summary[-1]
    parts.append(fence("text", text))
    parts.append(f"\n（退出状态 {rc}）\n\n")
    return "".join(parts)

REPORT_KINDS = {"名单.csv": ("应考人员名单", "csv"), "成绩.csv": ("成绩表", "csv"), "成绩2.csv": ("另一个成绩表", "csv")}

def report_example(name, code, ex):
    """Markdown for one `kaofa report` example: the roster and score tables shown, the blueprint BP (full marks 3,
    pass 2), `kaofa report --roster 名单.csv --scores 成绩.csv --blueprint 蓝图.yaml --out 统计` plus args."""
    r = ex["run"]
    files = dict(r["files"])
    files.setdefault("蓝图.yaml", BP)
    d = os.path.join(ROOT, name)
    if os.path.exists(d):
        shutil.rmtree(d)
    os.makedirs(d)
    for rel, content in files.items():
        open(os.path.join(d, rel), "w", encoding="utf-8").write(content)
    wait_binary()
    args = r.get("args") or ["--scores", "成绩.csv"]
    argv = [K, "report", "--roster", "名单.csv"] + args + ["--blueprint", "蓝图.yaml", "--out", "统计", "--color", "never"]
    result = subprocess.run(argv, cwd=d, capture_output=True)
    out, rc = result.stderr.decode(), result.returncode
    text = shown(out, [code])
    if not any(c == code for c, _ in blocks(out)[0]):
        problems.append(f"{name}: {code} did not fire: {out}")
    summary = [l for l in out.splitlines() if l and not l.startswith(" ") and not HEADER_LINE.match(l)]
    if summary and summary[-1] not in text:
        text += "\n" + summary[-1]
    parts = []
    if "demo" in ex:
        parts.append(ex["demo"].strip() + "\n\n")
    for rel, content in files.items():
        if rel in REPORT_KINDS:
            kind, lang = REPORT_KINDS[rel]
            parts.append(f"{kind} `{rel}`：\n\n")
            parts.append(fence(lang, content))
            parts.append("\n")
    shown_args = [a for a in argv[1:] if a not in ("--color", "never")]
    parts.append(f"运行 `kaofa {' '.join(shown_args)}`，输出：\n\n")
    parts.append(fence("text", text))
    parts.append(f"\n（退出状态 {rc}）\n\n")
    return "".join(parts)

HEADER_LINE = re.compile(r'^\S.*?:\d+:\d+: (error|warning|note)')

def build_example(name, code, ex):
    """Markdown for one `kaofa build` example: its files, the command, the real output and the exit status.
    ex: dict(run=dict(cmd="build", files={...}, args=[...]), show=..., demo=...). A bank missing from the files
    is BUILD_BANK (shown once, in the group's introduction)."""
    r = ex["run"]
    files = dict(r["files"])
    files.setdefault("题库.md", BUILD_BANK)
    out, rc = run(name, files=files, args=r.get("args"), setup=r.get("setup"), cmd="build")
    show = ex.get("show", [code])
    text = shown(out, show)
    if code is None:
        if rc != 0:
            problems.append(f"{name}: build failed")
    elif not any(c == code for c, _ in blocks(out)[0]):
        problems.append(f"{name}: {code} did not fire")
    hidden = [c for c, _ in blocks(out)[0] if show != "all" and c not in show]
    if hidden:
        print("HIDDEN", name, hidden)
    if not text.strip():
        problems.append(f"{name}: empty shown output")
    summary = blocks(out)[1]
    if show != "all" and summary:
        # Every failed build ends with its summary line (“发现 1 个错误，未组卷”): always shown.
        text += "\n" + summary
    parts = []
    if "demo" in ex:
        parts.append(ex["demo"].strip() + "\n\n")
    for rel, content in r["files"].items():
        if rel in r.get("hide", []):
            continue
        kind, lang = FILE_KINDS[os.path.splitext(rel)[1]]
        parts.append(f"{kind} `{rel}`：\n\n")
        parts.append(fence(lang, content))
        parts.append("\n")
    command = " ".join(["kaofa build"] + BUILD_ARGS + r.get("args", []))
    parts.append(f"运行 `{command}`，输出：\n\n")
    parts.append(fence("text", text))
    parts.append(f"\n（退出状态 {rc}）\n\n")
    return "".join(parts)

def import_example(name, code, ex):
    """Markdown for one `kaofa import` example: its table files, the command, the real output and the exit status.
    ex: dict(run=dict(cmd="import", files={...}, args=[...], setup=..., hide=[...]), show=..., demo=...)."""
    r = ex["run"]
    command = r.get("cmd", "import")
    out, rc = run(name, files=r.get("files"), args=r.get("args"), setup=r.get("setup"), cmd=command)
    show = ex.get("show", "all")
    text = out.rstrip("\n") if show == "all" else shown(out, show)
    if code is not None and not any(c == code for c, _ in blocks(out)[0]):
        problems.append(f"{name}: {code} did not fire")
    if not text.strip():
        problems.append(f"{name}: empty shown output")
    parts = []
    if "demo" in ex:
        parts.append(ex["demo"].strip() + "\n\n")
    for rel, content in (r.get("files") or {}).items():
        if rel in r.get("hide", []):
            continue
        kinds = {".md": ("题库", "markdown"), ".txt": ("文本", "text"), ".xml": ("Moodle XML 文件", "xml"), ".gift": ("GIFT 文件", "text"),
                 ".aiken": ("Aiken 文件", "text")}
        kind, language = kinds.get(os.path.splitext(rel)[1], ("表格", "csv"))
        parts.append(f"{kind} `{rel}`：\n\n")
        parts.append(fence(language, content))
        parts.append("\n")
    parts.append(f"运行 `{' '.join(['kaofa ' + command] + r.get('args', []))}`，输出：\n\n")
    parts.append(fence("text", text))
    parts.append(f"\n（退出状态 {rc}）\n\n")
    return "".join(parts)

CODES = codes()
# A code without a section (one being written on another branch) is reported, not documented.
for code in sorted({c for c, _, _ in CODES} - set(S)):
    problems.append(f"{code}: no section in sections.py")
CODES = [entry for entry in CODES if entry[0] in S]
assert set(S) <= {c for c, _, _ in CODES}, set(S) - {c for c, _, _ in CODES}

# ---------------------------------------------------------------- intro examples
ex_out, _ = run("intro-e0202", files={"题库.md": S["E0202"]["snippet"]})
ex_note, _ = run("intro-e0302", files={"题库.md": S["E0302"]["snippet"]})
json_out, json_rc = run("intro-json", files={"题库.md": S["E0302"]["snippet"]}, fmt_json=True)
clean_json, _ = run("intro-clean", files={"题库.md": S["E0002"]["snippet"]}, fmt_json=True)
assert json.loads(json_out) and json.loads(clean_json) == [], (json_out, clean_json)
werror_out, werror_rc = run("intro-werror", files={"题库.md": S["W0501"]["snippet"]}, args=["--werror", "题库.md"])

severity = {"E": "错误（error）", "W": "警告（warning）"}
groups = [
    ("E00", "E00xx 文件与编码"),
    ("E01", "E01xx 语法"),
    ("E02", "E02xx 题目：选项、答案、填空、结构"),
    ("E03", "E03xx 编号与重复题"),
    ("E04", "E04xx 法律、条文、适用对象、难度、分值"),
    ("E05", "W05xx 格式与风格"),
    ("E06", "E06xx 组卷蓝图"),
    ("E07", "E07xx 组卷"),
    ("E08", "E08xx 导入与导出：Excel、CSV、Word 文档和文本、Moodle XML、GIFT、Aiken 和 QTI"),
    ("E09", "E09xx 评分与成绩统计：试卷与答案、答卷、阅卷分、成绩表"),
]
def group_of(code):
    return "E" + code[1:3]

doc = []
w = doc.append
w("""# kaofa 诊断代码说明

`kaofa check` 像编译器检查程序一样逐题检查题库，把发现的每个问题报告为一条**诊断**（diagnostic）：
在哪个文件、第几行第几列，是什么问题，怎样修改。本文说明诊断的读法，并逐一列出每个诊断代码的含义、触发它的最小例子、
kaofa 的实际输出和修改方法。题库的写法见 [题库格式](bank-format.md)。

本文中的输出都是用 `kaofa check --color never 题库.md` 实际运行得到的（`--color never` 只是去掉颜色，内容与平时在终端中看到的相同）。

组卷命令 `kaofa build` 用同样格式的诊断报告组卷方案（蓝图）中的问题和无法组卷的原因，代码为 `E06xx`、`E07xx`；
导入命令 `kaofa import` 用 `E08xx` 报告表格、文本或其他系统的题目文件中没有导入或改写了的内容。这几组的输出分别是 `kaofa build`、`kaofa import` 的实际输出。

## 怎样读一条诊断

每条诊断的第一行是：

```text
路径:行:列: error[E0201]: 消息
```

- **路径**：出问题的题库文件；
- **行、列**：问题所在的位置，从 1 开始数。列按字符数计算，一个汉字算一列，与编辑器状态栏中显示的“行、列”一致；
- **error / warning**：严重程度，见下一节；
- **E0201**：诊断代码。代码是固定的，不会改变含义，可以用它在本文中查找说明；
- **消息**：用一句话说明问题。

接着是出问题的那一行原文，下面用 `^` 指出位置，`~` 划出范围；最后是 `help:`（怎样修改）和 `note:`（补充说明）。
例如：

""")
w(fence("text", shown(ex_out, "all")))
w("""
有的 `note:` 指向另一个位置（例如重复编号第一次出现的地方），这时它有自己的 `路径:行:列: note:` 行和原文：

""")
w(fence("text", shown(ex_note, "all")))
w("""
最后一行是摘要：检查了几个文件、几道题，发现几个错误和警告；没有问题时显示“未发现问题”。
诊断按文件、行、列的顺序排列（路径方面的错误 `E0001`、`E0006` 排在最前面）。很长的行只显示问题附近的一段，两端用 `…` 表示省略。
在终端中运行时，诊断带有颜色；输出到文件或设置了环境变量 `NO_COLOR` 时不带颜色，也可以用 `--color always`、`--color never` 指定。

## 严重程度

| 级别 | 含义 | 对 `kaofa compile` 的影响 |
|---|---|---|
| `error`（错误） | 题目有错，不能使用 | 有任何错误时，`compile` 只报告错误，**不写出**题库 JSON 文件 |
| `warning`（警告） | 题目可以使用，但应当改进（没有编号、相似题、引用了已废止的法律等） | 不影响编译 |

代码以 `E` 开头的是错误，以 `W` 开头的是警告。使用 `--werror`（`kaofa check --werror`、`kaofa compile --werror`）时，警告也当作错误处理：
它们显示为 `error`，代码保持不变，`compile` 也会因此拒绝写出文件。例如：

""")
w(fence("text", shown(werror_out, "all")))
w("""
另外，`kaofa fmt` 不会修改有 `E00xx`、`E01xx` 错误的文件（它无法可靠地读懂这样的文件），请先按 `kaofa check` 的提示改正这些错误。

## 退出状态

`kaofa check` 结束时返回退出状态（exit status），供脚本和自动化流程判断结果：

| 退出状态 | 含义 |
|---|---|
| `0` | 没有错误（可能有警告）。使用 `--werror` 时，有警告也不是 0 |
| `1` | 题库中有错误（包括无法按文本读取的文件：`E0002`、`E0003`、`E0004`、`E0005`） |
| `2` | 用法错误（例如写错了选项名），或者给出的路径不存在、无法读取、目录中没有题库文件（`E0001`、`E0006`） |

`kaofa compile` 的退出状态相同；此外，无法写出输出文件时也返回 `2`。

## 代码的分类

| 范围 | 类别 |
|---|---|
| `E00xx` | 文件与编码：文件找不到、不是 UTF-8、不是文本文件、文件过大 |
| `E01xx` | 语法：文件头、属性块、注释、题目结构中的写法问题 |
| `E02xx` | 题目：选项、答案、填空的空、案例分析题的结构 |
| `E03xx`（含 `W03xx`） | 题目编号、重复题和相似题 |
| `E04xx`（含 `W04xx`） | 法律法规、条文、适用对象、难度、分值 |
| `W05xx` | 格式与风格，例如题号不连续 |
| `E06xx`（含 `W06xx`） | 组卷蓝图：`kaofa build` 读取组卷方案时发现的问题 |
| `E07xx` | 组卷：蓝图没有问题，但无法按它从题库中组出试卷 |
| `E08xx`（含 `W08xx`） | 导入与导出：`kaofa import` 读取 Excel、CSV、Word 文档和文本、Moodle XML、GIFT、Aiken 题库时没有导入或改写了的内容，`kaofa export` 容纳不了的题和内容 |
| `E09xx`（含 `W09xx`） | 评分与成绩统计：`kaofa score` 读取试卷与答案、答卷和阅卷分，`kaofa report` 读取成绩表时发现的问题 |

全部代码一览：

| 代码 | 标题 | 级别 |
|---|---|---|
""")
for code, name, title in CODES:
    w(f"| `{code}` | {title} | {severity[code[0]]} |\n")
w("""
## 重复题和相似题的判断规则

`E0303`（重复的题目）和 `W0304`（高度相似的题目）在**整个题库**中查找，一次检查的所有文件一起比较。比较的内容是题目的
**题干和选项**（案例分析题还包括材料、各小题的题干和选项）；答案、解析、编号和属性都不参加比较。

**第一步：统一写法（normalise）。** 比较之前，先把文字统一：

- 全角的英文字母、数字和符号转为半角（`Ａ`→`A`，`１`→`1`，`（`→`(`）；
- 英文字母一律转为小写；
- 去掉所有空白（包括全角空格）和标点符号：中文标点（`，。、；：？！“”‘’《》【】（）……——` 等）、英文标点、
  Markdown 记号（`*`、`_`、`#` 等）以及各种符号（`√`、`×`、箭头、制表符等）。

剩下的只有汉字、字母和数字。例如 `中华人民共和国的一切权力属于（  ）。` 和 `中华人民共和国的一切权力属于(    )` 统一后完全一样。

**完全相同（`E0303`，错误）：** 统一写法后，两道题的题干相同，并且选项也相同（选项的顺序不计）。

**高度相似（`W0304`，警告）：** 把统一写法后的文字切成“三字组”（character trigram），即相邻的三个字：`根据宪法` 切成 `根据宪`、`据宪法`。
题干和每个选项各自切分（不跨越题干与选项、选项与选项的边界；不足三个字的选项没有三字组），合成一个集合（重复的只算一次）。
两道题的相似度是它们三字组集合的 **Jaccard 相似度**：

> 相似度 = 两道题共有的三字组个数 ÷ 两道题合起来的不同三字组个数

相似度 **大于或等于 0.8（80%）** 时报告 `W0304`，消息中的百分比向下取整。另外：

- 不同的三字组**少于 6 个**的题目太短，不参加相似度比较（例如只有一句 `宪法是根本法。` 的判断题，只有 4 个三字组）；
- 已经报告为完全相同（`E0303`）的题不再重复报告为相似；
- 每道题只报告一次：报告在后出现的题上，与它重复或相似的最早一道题比较，`note:` 指出那道题的位置；
- 为了检查得快，kaofa 内部用 32 位散列值代表三字组，两个不同的三字组被当成相同的可能性极小，对结果的影响可以忽略；
- 题库中有成千上万道几乎一样的题时，为控制检查时间，个别相似的题对可能不被比较；正常的题库不会遇到这种情况。

`W0304` 一节有一个计算示例。

## 机器可读的输出：`--format json`

`kaofa check --format json` 把诊断以 JSON 数组的形式写到标准输出（不输出摘要行），供网页、编辑器插件等程序使用；退出状态与文本输出相同。
数组中每个元素是一条诊断：

| 字段 | 含义 |
|---|---|
| `file` | 文件路径（与命令行上写的一致） |
| `line`、`column` | 开始位置，从 1 开始；列按字符计，一个汉字算一列 |
| `endLine`、`endColumn` | 结束位置（不含该位置本身），即文本输出中 `^~~~` 划出的范围之后 |
| `severity` | `error` 或 `warning`（使用 `--werror` 时警告也是 `error`） |
| `code` | 诊断代码，如 `E0302` |
| `message` | 消息 |
| `notes` | 数组，列出这条诊断的全部 `note:` 和 `help:`：`kind` 为 `note` 或 `help`，`message` 为内容；指向另一个位置的 note 还有 `file`、`line`、`column` |

整个文件的问题（如 `E0001`、`E0005`、`E0006`）位置为第 1 行第 1 列。没有任何问题时输出空数组 `[]`。
下面是对“怎样读一条诊断”中第二个例子运行 `kaofa check --format json 题库.md` 的实际输出：

""")
w(fence("json", json_out))
w("""
## 诊断代码详解

以下按代码顺序逐一说明。每一节给出：含义、触发它的最小题库、`kaofa check 题库.md` 的实际输出（只摘录与本代码有关的部分，
除非其他诊断有助于理解），以及修改方法。`E06xx`、`E07xx` 是 `kaofa build` 的输出，`E08xx` 是 `kaofa import` 的输出，怎样运行见各组开头的说明。
""")

current_group = None
for code, name, title in CODES:
    sec = S[code]
    g = group_of(code)
    if g != current_group:
        current_group = g
        w(f"\n## {dict(groups)[g]}\n")
        intro = GROUP_INTRO.get(g)
        if intro:
            w("\n" + intro["before"].strip() + "\n")
            if "example" in intro:
                w("\n" + build_example(f"intro-{g}", None, intro["example"]))
            if "after" in intro:
                w(("" if "example" in intro else "\n") + intro["after"].strip() + "\n")
    w(f"\n### {code} {title}\n\n")
    w(f"代码标识：`{name}`；级别：{severity[code[0]]}。\n\n")
    w(sec["meaning"].strip() + "\n\n")
    if sec.get("run", {}).get("cmd") in ("score", "report", "import", "export"):
        example = {"score": score_example, "report": report_example, "import": import_example, "export": import_example}[sec["run"]["cmd"]]
        w(example(code, code, sec))
        if "note" in sec:
            w(sec["note"].strip() + "\n\n")
        for number, extra in enumerate(sec.get("also", []), 1):
            w(example(f"{code}-{number}", code, extra))
        w("**怎样修改：**\n\n" + sec["fix"].strip() + "\n")
        continue
    if sec.get("run", {}).get("cmd") == "build":
        w(build_example(code, code, sec))
        if "note" in sec:
            w(sec["note"].strip() + "\n\n")
        for number, extra in enumerate(sec.get("also", []), 1):
            w(build_example(f"{code}-{number}", code, extra))
        w("**怎样修改：**\n\n" + sec["fix"].strip() + "\n")
        continue
    if "static_output" in sec:
        w(sec["demo"].strip() + "\n\n")
        w(fence("text", sec["static_output"]))
        w("\n")
    else:
        out, rc = run_section(code, sec)
        show = sec.get("show", [code])
        text = shown(out, show)
        present = any(c == code for c, _ in blocks(out)[0])
        if sec.get("expect_absent"):
            if present:
                problems.append(f"{code}: now fires; section text says it does not")
        elif not present:
            problems.append(f"{code}: did not fire")
        hidden = [c for c, _ in blocks(out)[0] if show != "all" and c not in show]
        if hidden:
            print("HIDDEN", code, hidden)
        if not text.strip():
            problems.append(f"{code}: empty shown output")
        if "demo" in sec:
            w(sec["demo"].strip() + "\n\n")
        if "snippet" in sec:
            if "demo" not in sec:
                w("示例 `题库.md`：\n\n")
            w(fence("markdown", sec["snippet"]))
            w("\n运行 `kaofa check 题库.md`，输出：\n\n" if "demo" not in sec or "snippet_name" in sec.get("run", {}) else "\n输出：\n\n")
        w(fence("text", text))
        w(f"\n（退出状态 {rc}）\n\n")
    if "note" in sec:
        w(sec["note"].strip() + "\n\n")
    w("**怎样修改：**\n\n" + sec["fix"].strip() + "\n")

open(OUT, "w", encoding="utf-8").write("".join(doc))
print("written", OUT)
for p in problems:
    print("PROBLEM", p)
