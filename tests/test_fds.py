"""-y / -yy: the fd table rebuilt from the trace (fdtrack.py).

Unit tests feed synthetic records (no root, no bcc); the expected texts are
what strace 6.1 -y printed for the same calls (observed with /usr/bin/strace
-y/-yy on small python3 scripts, see the comments).  The end-to-end test runs
real strace and my_strace -y on the same command and compares the fd texts.
"""
import os
import re
import shutil
import struct
import subprocess
import sys
import tempfile

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)

import fdtrack  # noqa: E402
import syscall_formatters as sf  # noqa: E402
import syscall_specs  # noqa: E402
from tracepoint_raw import EV_EXIT, EV_FORK, EV_SYSCALL, Capture, Record  # noqa: E402

SYSCALLS = syscall_specs.build()
NR = {sc.name: nr for nr, sc in SYSCALLS.items()}
PID = 4242


def rec(name, args=(), ret=0, caps=None, pid=PID, type=EV_SYSCALL, aux=0):
    a = tuple(args) + (0,) * (6 - len(args))
    return Record(type=type, pid=pid, tid=pid, nr=NR.get(name, 0), args=a, ret=ret, aux=aux,
                  caps=caps or {})


def path(i, s):
    return {i: Capture(1, 0, s.encode() + b"\0", 0)}


def tracker(decode=("path",), cwd="/tmp"):
    t = fdtrack.FdTracker(SYSCALLS, set(decode), live=False)
    p = fdtrack.Proc(cwd=cwd, complete=True)
    p.fds[0] = fdtrack.Entry("/dev/null")
    p.fds[1] = fdtrack.Entry("/dev/pts/0", rdev=("char", 136, 0))
    p.fds[2] = fdtrack.Entry("/dev/pts/0", rdev=("char", 136, 0))
    t.procs[PID] = p
    return t


def line(t, r):
    t.observe(r)
    ctx = sf.Ctx(fds=t)
    return sf.format_syscall(r, SYSCALLS[r.nr], ctx).replace("  ", " ")


def squeeze(s):
    return re.sub(r" +", " ", s)


def test_open_read_close():
    t = tracker()
    r = rec("openat", (-100 & 0xFFFFFFFFFFFFFFFF, 1, 0o2000000), 3, path(1, "/etc/hostname"))
    assert squeeze(line(t, r)) == \
        'openat(AT_FDCWD</tmp>, "/etc/hostname", O_RDONLY|O_CLOEXEC) = 3</etc/hostname>'
    r = rec("close", (3,), 0)
    assert squeeze(line(t, r)) == "close(3</etc/hostname>) = 0"
    r = rec("close", (3,), -9)
    assert squeeze(line(t, r)) == "close(3) = -1 EBADF (Bad file descriptor)"


def test_relative_to_cwd_and_dirfd():
    t = tracker(cwd="/etc")
    r = rec("openat", (-100 & 0xFFFFFFFFFFFFFFFF, 1, 0), 3, path(1, "apt"))
    assert line(t, r).endswith("= 3</etc/apt>")
    r = rec("openat", (3, 1, 0), 4, path(1, "sources.list"))
    assert squeeze(line(t, r)) == \
        'openat(3</etc/apt>, "sources.list", O_RDONLY) = 4</etc/apt/sources.list>'
    t.observe(rec("chdir", (1,), 0, path(0, "/usr")))
    r = rec("openat", (-100 & 0xFFFFFFFFFFFFFFFF, 1, 0), 5, path(1, "lib"))
    assert squeeze(line(t, r)) == 'openat(AT_FDCWD</usr>, "lib", O_RDONLY) = 5</usr/lib>'
    t.observe(rec("fchdir", (3,), 0))
    assert t.procs[PID].cwd == "/etc/apt"


def test_dup2_shows_before_and_after():
    # strace -y: dup2(3</root/.pyenv/shims/python3>, 255) = 255</root/.pyenv/shims/python3>
    t = tracker()
    t.observe(rec("openat", (-100 & 0xFFFFFFFFFFFFFFFF, 1, 0), 3, path(1, "/x/a")))
    assert squeeze(line(t, rec("dup2", (3, 1), 1))) == "dup2(3</x/a>, 1</dev/pts/0>) = 1</x/a>"
    assert squeeze(line(t, rec("dup2", (3, 255), 255))) == "dup2(3</x/a>, 255) = 255</x/a>"
    assert squeeze(line(t, rec("fcntl", (3, 1030, 10), 10))).endswith("= 10</x/a>")
    assert t.procs[PID].fds[10].cloexec


def test_unknown_fd_in_complete_table_is_bare():
    t = tracker()
    assert squeeze(line(t, rec("close", (7,), -9))) == "close(7) = -1 EBADF (Bad file descriptor)"


def test_pipe_and_exec_cloexec():
    t = tracker()
    t.procs[PID].fds[5] = fdtrack.Entry("/etc/x", cloexec=True)
    cap = {0: Capture(2, 0, struct.pack("<ii", 3, 4), 8)}
    t.observe(rec("pipe2", (1, 0), 0, cap))
    assert t.procs[PID].fds[3].kind == "pipe"
    t.observe(rec("execve", (0, 0, 0), 0))
    assert 5 not in t.procs[PID].fds and 3 in t.procs[PID].fds
    t.observe(rec("execve", (0, 0, 0), -2))     # failed exec: nothing dropped
    assert 3 in t.procs[PID].fds


def test_fork_copies_table():
    t = tracker()
    t.observe(rec("openat", (-100 & 0xFFFFFFFFFFFFFFFF, 1, 0), 3, path(1, "/a")))
    t.observe(rec("", type=EV_FORK, aux=PID + 1))
    t.observe(rec("close", (3,), 0))
    assert t.procs[PID + 1].fds[3].link == "/a"
    assert 3 not in t.procs[PID].fds
    t.observe(rec("", type=EV_EXIT, pid=PID + 1, aux=1))
    assert PID + 1 not in t.procs


def test_unlink_marks_deleted_and_escapes():
    # strace -y: write(0</tmp/a\74b\76c\tx>(deleted), "y", 1) = 1
    t = tracker()
    t.observe(rec("openat", (-100 & 0xFFFFFFFFFFFFFFFF, 1, 0o101), 0, path(1, "/tmp/a<b>c\tx")))
    t.observe(rec("unlink", (1,), 0, path(0, "/tmp/a<b>c\tx")))
    r = rec("write", (0, 1, 1), 1, {1: Capture(2, 0, b"y", 1)})
    assert squeeze(line(t, r)) == 'write(0</tmp/a\\74b\\76c\\tx>(deleted), "y", 1) = 1'


def test_rename_follows():
    t = tracker()
    t.observe(rec("openat", (-100 & 0xFFFFFFFFFFFFFFFF, 1, 0), 3, path(1, "/tmp/old")))
    t.observe(rec("rename", (1, 2), 0, {**path(0, "/tmp/old"), **path(1, "/tmp/new")}))
    assert t.procs[PID].fds[3].link == "/tmp/new"


def test_escape():
    # strace -y: 3</tmp/q\"u\\o\303\251te>;  -x: 3<\x2f\x74...>
    assert fdtrack.escape('/tmp/q"u\\o\xe9te'.encode("utf-8")) == '/tmp/q\\"u\\\\o\\303\\251te'
    assert fdtrack.escape(b"/t\xe9", 1) == "\\x2f\\x74\\xe9"
    assert fdtrack.escape(b"/a b") == "/a b"


def test_devices_and_anon_with_yy():
    # strace -yy: 14</dev/null<char 1:3>>, 9<anon_inode:[eventfd]>, 11<pid:21663>
    t = tracker(decode=fdtrack.DETAILS)
    t.procs[PID].fds[0].rdev = ("char", 1, 3)
    assert t.describe(rec("close", (0,)), 0) == "</dev/null<char 1:3>>"
    t.observe(rec("eventfd2", (0, 0o2000000), 9))
    assert t.describe(rec("close", (9,)), 9) == "<anon_inode:[eventfd]>"
    t.observe(rec("pidfd_open", (21663, 0), 11))
    assert t.describe(rec("close", (11,)), 11) == "<pid:21663>"
    t2 = tracker()
    t2.observe(rec("pidfd_open", (21663, 0), 11))
    assert t2.describe(rec("close", (11,)), 11) == "<anon_inode:[pidfd]>"
    t2.observe(rec("memfd_create", (1, 1), 12, path(0, "hello")))
    assert t2.describe(rec("close", (12,)), 12) == "</memfd:hello>(deleted)"


def test_decode_fds_parsing():
    assert fdtrack.parse_decode_fds("all") == set(fdtrack.DETAILS)
    assert fdtrack.parse_decode_fds("path,dev") == {"path", "dev"}
    assert fdtrack.parse_decode_fds("all,!socket") == {"path", "dev", "pidfd"}
    with pytest.raises(ValueError):
        fdtrack.parse_decode_fds("bogus")


def test_dev_only_leaves_cwd_bare():
    # strace --decode-fds=dev: openat(AT_FDCWD, "/dev/null", ...) = 3</dev/null<char 1:3>>
    t = tracker(decode=("dev",))
    r = rec("openat", (-100 & 0xFFFFFFFFFFFFFFFF, 1, 0), 0, path(1, "/dev/null"))
    assert squeeze(line(t, r)).startswith('openat(AT_FDCWD, "/dev/null"')


# ---------------------------------------------------------------- end to end

needs_root = pytest.mark.skipif(os.geteuid() != 0 or not shutil.which("strace"),
                                reason="needs root and strace")
TOK = re.compile(r"(?:\b\d+|AT_FDCWD)<(?:[^<>]|<[^<>]*>)*>(?:\(deleted\))?")


def fd_tokens(cmd, tracer, opts):
    with tempfile.TemporaryDirectory() as d:
        out = os.path.join(d, "out")
        subprocess.run([tracer] + opts + ["-o", out, "--"] + cmd, stdin=subprocess.DEVNULL,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd="/tmp",
                       timeout=120)
        with open(out, errors="replace") as f:
            text = f.read()
    return [re.sub(r":\[\d+\]", ":[INO]", t) for t in TOK.findall(text)]


@needs_root
@pytest.mark.parametrize("opts", [["-y"], ["-yy"]])
def test_e2e_same_fd_texts_as_strace(opts):
    cmd = ["cat", "/etc/hostname", "/etc/passwd"]
    ref = fd_tokens(cmd, "strace", opts)
    got = fd_tokens(cmd, os.path.join(ROOT, "my_strace"), opts)
    assert len(ref) > 20
    assert got == ref


def test_thread_exit_and_pid_reuse():
    t = tracker()
    t.observe(rec("", type=EV_FORK, aux=PID + 7))          # a thread
    t.observe(Record(type=EV_EXIT, pid=PID, tid=PID + 7, aux=0))
    assert PID + 7 not in t.procs and PID in t.procs
    t.procs[PID + 9] = fdtrack.Proc({5: fdtrack.Entry("/stale")}, "/", True)
    t.observe(rec("", type=EV_FORK, aux=PID + 9))          # a new process reusing a number
    assert 5 not in t.procs[PID + 9].fds and 0 in t.procs[PID + 9].fds
