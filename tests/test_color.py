"""--color: which lines are painted (unit) and that auto stays off for files (e2e)."""
import io
import os
import subprocess
import sys
import tempfile

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)

import colorout  # noqa: E402
from colorout import RED, RESET, YELLOW  # noqa: E402


@pytest.mark.parametrize("line,color", [
    ('openat(AT_FDCWD, "/x", O_RDONLY)       = -1 ENOENT (No such file or directory)', RED),
    ("close(9)                                = -1 EBADF (Bad file descriptor) <0.000004>", RED),
    ("syscall_0x3e7(0x1, 0x2, 0x3, 0x4, 0x5, 0x6) = -1 (errno 999)", RED),
    ("wait4(-1,  <unfinished ...>) = ? ERESTARTSYS (To be restarted if SA_RESTART is set)", RED),
    ("[pid  1234] --- SIGCHLD {si_signo=SIGCHLD, si_code=CLD_EXITED} ---", YELLOW),
    ("--- stopped by SIGSTOP ---", YELLOW),
    ("+++ killed by SIGKILL +++", YELLOW),
    ("read(3, \"= -1 EPERM\", 10)                 = 10", None),
    ("+++ exited with 1 +++", None),
    ("exit_group(1)                           = ?", None),
])
def test_paint(line, color):
    got = colorout.paint(line)
    assert got == (color + line + RESET if color else line)


def test_modes():
    tty = type("T", (), {"isatty": lambda self: True})()
    assert colorout.enabled("always", io.StringIO())
    assert not colorout.enabled("never", tty)
    assert not colorout.enabled("auto", io.StringIO())
    os.environ.pop("NO_COLOR", None)
    assert colorout.enabled("auto", tty)
    os.environ["NO_COLOR"] = "1"
    try:
        assert not colorout.enabled("auto", tty)
    finally:
        del os.environ["NO_COLOR"]


def test_wrap_multiline():
    out = []
    colorout.wrap(out.append)("a() = 0\nb() = -1 EPERM (Operation not permitted)\n")
    assert out == ["a() = 0\n" + RED + "b() = -1 EPERM (Operation not permitted)" + RESET + "\n"]


@pytest.mark.skipif(os.geteuid() != 0, reason="needs root (eBPF)")
def test_e2e_auto_is_plain_in_a_file_always_paints():
    with tempfile.TemporaryDirectory() as d:
        f = os.path.join(d, "o")
        subprocess.run([os.path.join(ROOT, "my_strace"), "-o", f, "cat", "/nonexistent"],
                       capture_output=True, timeout=120)
        assert "\033[" not in open(f).read()
        subprocess.run([os.path.join(ROOT, "my_strace"), "--color=always", "-o", f, "cat",
                        "/nonexistent"], capture_output=True, timeout=120)
        text = open(f).read()
        assert RED + "openat(AT_FDCWD, \"/nonexistent\"" in text
