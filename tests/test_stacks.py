"""-k: stack frames in strace's ' > module(symbol+0xoff) [0xfileoff]' layout.

The innermost frame is compared with real strace -k on the same command (BPF
walks user stacks by frame pointers, strace by DWARF: deeper frames can
differ, see docs/extras.md).
"""
import os
import re
import shutil
import subprocess
import sys
import tempfile

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)

import stacks  # noqa: E402

FRAME = re.compile(r"^ > (/\S+)\(([^)]*)\) \[0x[0-9a-f]+\]$")


def test_elf_symbols_of_this_python():
    exe = os.path.realpath(sys.executable)
    elf = stacks.Elf(exe)
    assert elf.loads
    libc = "/usr/lib/x86_64-linux-gnu/libc.so.6"
    if os.path.exists(libc):
        e = stacks.Elf(libc)
        names = {n for _v, _s, n in e.syms}
        assert "__write" in names or "write" in names


def test_unknown_address():
    s = stacks.Symbolizer(proc="/nonexistent")
    assert s.frame(123, 0x1234) == " > unexpected_backtracing_error [0x1234]"
    s.mapped(123, 0x1000, 0x1000, 0, "/nonexistent/lib.so")
    assert s.frame(123, 0x1234) == " > /nonexistent/lib.so() [0x234]"


def first_frames(tracer, cmd):
    with tempfile.TemporaryDirectory() as d:
        out = os.path.join(d, "o")
        subprocess.run([tracer, "-k", "-e", "trace=write", "-o", out, "--"] + cmd,
                       stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL, timeout=120)
        lines = open(out).read().splitlines()
    res = []
    for i, ln in enumerate(lines):
        if ln.startswith("write(") and i + 1 < len(lines):
            res.append((ln, lines[i + 1]))
    return res


@pytest.mark.skipif(os.geteuid() != 0 or not shutil.which("strace"), reason="needs root, strace")
def test_e2e_innermost_frame_as_strace():
    cmd = ["sh", "-c", "sleep 0.2; echo hi"]
    ref = first_frames("strace", cmd)
    got = first_frames(os.path.join(ROOT, "my_strace"), cmd)
    assert ref and got
    assert FRAME.match(got[0][1]), got[0][1]
    assert [f for _l, f in got] == [f for _l, f in ref]
