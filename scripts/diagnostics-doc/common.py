import os, re, subprocess, shutil, time

import tempfile

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
K = os.environ.get("KAOFA", os.path.join(REPO, ".build", "debug", "kaofa"))
ROOT = os.path.join(tempfile.gettempdir(), "kaofa-diagnostics-doc")
SRC = os.path.join(REPO, "Sources/KaofaCore/Diagnostics/DiagnosticCode.swift")

def codes():
    text = open(SRC, encoding="utf-8").read()
    cases = re.findall(r'case (\w+) = "([EW]\d{4})"', text)
    titles = dict(re.findall(r'case \.(\w+): "([^"]*)"', text))
    return [(code, name, titles[name]) for name, code in cases]

def wait_binary():
    while not os.access(K, os.X_OK):
        time.sleep(30)

BUILD_ARGS = ["--bank", "题库.md", "--blueprint", "蓝图.yaml", "--seed", "1", "--out", "out"]

def run(name, files=None, args=None, setup=None, fmt_json=False, cmd="check"):
    """files: dict relpath -> str or bytes. Runs kaofa check in ROOT/name. Returns (output, exit).

    cmd="build" runs `kaofa build` with BUILD_ARGS, `--color never` and `args` instead, and returns its stderr;
    cmd="import" (or "export") runs `kaofa import` (`kaofa export`) with `args` and `--color never`, and returns its stderr."""
    d = os.path.join(ROOT, name)
    if os.path.exists(d):
        shutil.rmtree(d)
    os.makedirs(d)
    for rel, content in (files or {}).items():
        p = os.path.join(d, rel)
        os.makedirs(os.path.dirname(p), exist_ok=True)
        mode = "wb" if isinstance(content, bytes) else "w"
        with open(p, mode, **({} if mode == "wb" else {"encoding": "utf-8"})) as f:
            f.write(content)
    if setup:
        subprocess.run(setup, shell=True, cwd=d, check=True)
    wait_binary()
    if cmd == "build":
        argv = [K, "build"] + BUILD_ARGS + ["--color", "never"] + (args or [])
    elif cmd in ("import", "export"):
        argv = [K, cmd] + (args or []) + ["--color", "never"]
    else:
        argv = [K, "check"] + (["--format", "json"] if fmt_json else ["--color", "never"]) + (args or ["题库.md"])
    r = subprocess.run(argv, cwd=d, capture_output=True)
    out = r.stdout.decode() if fmt_json else r.stderr.decode()
    return out, r.returncode

HEADER = re.compile(r'^\S.*?:\d+:\d+: (error|warning)\[([EW]\d{4})\]: ')

def blocks(output):
    """Split text output into (code, text) blocks and the summary line."""
    result, summary, cur = [], None, None
    for line in output.splitlines():
        m = HEADER.match(line)
        if m:
            cur = [m.group(2), [line]]
            result.append(cur)
        elif line.startswith("检查了") or line.startswith("发现"):
            summary = line
            cur = None
        elif cur is not None:
            cur[1].append(line)
        else:
            result.append([None, [line]])
    return [(c, "\n".join(ls)) for c, ls in result], summary

def shown(output, show):
    bl, summary = blocks(output)
    if show == "all":
        parts = [t for _, t in bl] + ([summary] if summary else [])
    else:
        parts = [t for c, t in bl if c in show]
    return "\n".join(parts)
