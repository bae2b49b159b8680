"""--json: every line is one object valid against schema/syscall-event.schema.json.

The schema is checked with `jsonschema` when it is installed, else with the
small checker below (the subset of JSON Schema the file uses).  Unit tests
build records by hand; the end-to-end tests trace real commands (root).
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)

import jsonout  # noqa: E402
import render  # noqa: E402
import syscall_formatters as sf  # noqa: E402
import syscall_specs  # noqa: E402
from tracepoint_raw import EV_EXIT, EV_SIGNAL, EV_SYSCALL, Capture, Record  # noqa: E402

with open(os.path.join(ROOT, "schema", "syscall-event.schema.json")) as _f:
    SCHEMA = json.load(_f)
SYSCALLS = syscall_specs.build()
NR = {sc.name: nr for nr, sc in SYSCALLS.items()}

_TYPES = {"object": dict, "array": list, "string": str, "boolean": bool, "null": type(None)}


def _is(v, t):
    if t == "integer":
        return isinstance(v, int) and not isinstance(v, bool)
    if t == "number":
        return isinstance(v, (int, float)) and not isinstance(v, bool)
    return isinstance(v, _TYPES[t])


def check(v, s, root=SCHEMA, where="$"):
    """Raise ValueError if v does not match schema s (subset of draft 2020-12)."""
    if "$ref" in s:
        node = root
        for part in s["$ref"].lstrip("#/").split("/"):
            node = node[part]
        check(v, node, root, where)
    if "oneOf" in s:
        ok = 0
        for sub in s["oneOf"]:
            try:
                check(v, sub, root, where)
                ok += 1
            except ValueError:
                pass
        if ok != 1:
            raise ValueError(f"{where}: matches {ok} of oneOf")
    for sub in s.get("allOf", ()):
        check(v, sub, root, where)
    if "type" in s:
        types = s["type"] if isinstance(s["type"], list) else [s["type"]]
        if not any(_is(v, t) for t in types):
            raise ValueError(f"{where}: {v!r} is not {types}")
    if "const" in s and v != s["const"]:
        raise ValueError(f"{where}: {v!r} != {s['const']!r}")
    if isinstance(v, (int, float)) and not isinstance(v, bool):
        if "minimum" in s and v < s["minimum"]:
            raise ValueError(f"{where}: {v} < {s['minimum']}")
        if "maximum" in s and v > s["maximum"]:
            raise ValueError(f"{where}: {v} > {s['maximum']}")
    if isinstance(v, dict):
        for k in s.get("required", ()):
            if k not in v:
                raise ValueError(f"{where}: missing {k}")
        props = s.get("properties", {})
        for k, x in v.items():
            if k in props:
                check(x, props[k], root, f"{where}.{k}")
            elif s.get("additionalProperties") is False:
                raise ValueError(f"{where}: unexpected {k}")
    if isinstance(v, list) and "items" in s:
        for i, x in enumerate(v):
            check(x, s["items"], root, f"{where}[{i}]")


def validate(obj):
    try:
        import jsonschema
    except ImportError:
        check(obj, SCHEMA)
    else:
        jsonschema.validate(obj, SCHEMA)


def run_json(records, root_status=0):
    out = []
    ctx = sf.Ctx()
    r = render.Renderer(SYSCALLS, ctx, out.append, root_pid=100, root_status=lambda: root_status)
    j = jsonout.JsonOutput(r, SYSCALLS, ctx, out.append, offset_ns=1_700_000_000 * 10**9)
    for rec in records:
        j.feed(rec)
    return [json.loads(ln) for ln in "".join(out).splitlines()]


def rec(name, args=(), ret=0, caps=None, **kw):
    a = tuple(args) + (0,) * (6 - len(args))
    kw.setdefault("pid", 100)
    kw.setdefault("tid", kw["pid"])
    return Record(type=kw.pop("type", EV_SYSCALL), nr=NR.get(name, 0), args=a, ret=ret,
                  caps=caps or {}, comm=b"cat", ts_enter=1_000_000, ts_exit=1_500_000, **kw)


def test_syscall_object():
    cap = {1: Capture(1, 0, b"/etc/hostname\0", 0)}
    objs = run_json([rec("openat", (-100 & (2**64 - 1), 1, 0), -2, cap)])
    assert len(objs) == 1
    o = objs[0]
    validate(o)
    assert o["syscall"] == "openat" and o["nr"] == NR["openat"]
    assert o["args"] == ["AT_FDCWD", '"/etc/hostname"', "O_RDONLY"]
    assert o["args_raw"][0] == 2**64 - 100
    assert o["retval"] == -2 and o["errno"] == "ENOENT" and o["errno_code"] == 2
    assert o["ret"] == "-1 ENOENT (No such file or directory)"
    assert o["duration"] == 0.0005
    assert o["time"] == 1_700_000_000.001
    assert o["comm"] == "cat"


def test_noreturn_signal_exit():
    sig = bytearray(128)
    sig[0] = 17
    sig[8] = 1
    objs = run_json([
        rec("exit_group", (3,), 0, flags=1),
        Record(type=EV_SIGNAL, pid=100, tid=100, aux=17, caps={0: Capture(2, 0, bytes(sig), 128)},
               comm=b"sh"),
        Record(type=EV_EXIT, pid=100, tid=100, aux=1, comm=b"sh"),
    ], root_status=3 << 8)
    for o in objs:
        validate(o)
    assert [o["type"] for o in objs] == ["syscall", "signal", "exit"]
    assert objs[0]["retval"] is None and objs[0]["ret"] == "?"
    assert objs[1]["signal"] == "SIGCHLD" and objs[1]["signo"] == 17
    assert objs[2]["exit_code"] == 3 and objs[2]["signal"] is None


def test_checker_rejects():
    with pytest.raises(ValueError):
        check({"type": "syscall"}, SCHEMA)
    with pytest.raises(ValueError):
        check({"type": "exit", "time": 1, "pid": 1, "tid": 1, "comm": "x", "exit_code": 300,
               "signal": None, "core_dumped": False, "superseded_by": None}, SCHEMA)


needs_root = pytest.mark.skipif(os.geteuid() != 0, reason="needs root (eBPF)")


def trace_json(opts, cmd):
    with tempfile.TemporaryDirectory() as d:
        out = os.path.join(d, "out")
        subprocess.run([os.path.join(ROOT, "my_strace"), "--json"] + opts + ["-o", out, "--"] + cmd,
                       stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL, cwd="/tmp", timeout=120)
        with open(out) as f:
            return [json.loads(ln) for ln in f]


@needs_root
def test_e2e_every_line_valid_and_options_apply():
    objs = trace_json(["-f", "-y", "-s", "8"], ["sh", "-c", "cat /etc/hostname; exit 7"])
    for o in objs:
        validate(o)
    calls = [o for o in objs if o["type"] == "syscall"]
    assert any(o["syscall"] == "execve" for o in calls)
    opens = [o for o in calls if o["syscall"] == "openat" and "hostname" in o["args"][1]]
    assert opens and opens[0]["ret"].startswith(opens[0]["ret"].split("<")[0] + "</etc/hostname>")
    reads = [o for o in calls if o["syscall"] == "read" and o["retval"] and o["retval"] > 8]
    assert all(o["args"][1].endswith('"...') for o in reads)
    exits = [o for o in objs if o["type"] == "exit"]
    assert exits[-1]["exit_code"] == 7
    assert len({o["pid"] for o in calls}) >= 2


def trace_text(opts, cmd):
    with tempfile.TemporaryDirectory() as d:
        out = os.path.join(d, "out")
        subprocess.run([os.path.join(ROOT, "my_strace")] + opts + ["-o", out, "--"] + cmd,
                       stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL, cwd="/tmp", timeout=120)
        with open(out) as f:
            return f.read().splitlines()


@needs_root
def test_e2e_filter_applies_as_in_text():
    """-e trace=: the JSON calls are the text lines' calls, one for one."""
    opts = ["-e", "trace=openat,close"]
    objs = trace_json(opts, ["cat", "/nonexistent"])
    text = trace_text(opts, ["cat", "/nonexistent"])
    calls = [o["syscall"] for o in objs if o["type"] == "syscall"]
    names = [ln.split("(", 1)[0] for ln in text if "(" in ln and not ln.startswith(("+++", "---"))]
    assert calls == names
    assert any(o.get("errno") == "ENOENT" for o in objs)


def test_main_loop_text_becomes_json():
    out = []
    ctx = sf.Ctx()
    r = render.Renderer(SYSCALLS, ctx, out.append, root_pid=100, root_status=lambda: 0)
    j = jsonout.JsonOutput(r, SYSCALLS, ctx, out.append)
    w = j.guard(out.append)
    w("my_strace: 3 events lost (ring buffer full)\n")
    w("+++ killed by SIGKILL +++\n")
    objs = [json.loads(x) for x in out]
    for o in objs:
        validate(o)
    assert objs[0]["type"] == "message" and "3 events lost" in objs[0]["text"]
    assert objs[1]["type"] == "exit" and objs[1]["signal"] == "SIGKILL" and objs[1]["pid"] == 100
