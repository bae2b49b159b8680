"""End-to-end: real programs traced with real eBPF, compared with real strace.

Normalised only for pids, addresses, random bytes and clock readings
(tools/parity.py's normalise()).
"""
import os
import re
import subprocess

import pytest

from conftest import ENV, MY_STRACE, run_my_strace, run_strace
import parity

pytestmark = pytest.mark.e2e


def trace_lines(res):
    return res.stderr.splitlines()


def test_cat_hostname_matches_strace(tmp_path):
    # sudo ./my_strace "cat /etc/hostname" 2>trace | cat
    res = subprocess.run(f"{MY_STRACE} 'cat /etc/hostname' 2>{tmp_path}/trace | cat",
                         shell=True, capture_output=True, text=True, timeout=120,
                         env=ENV)
    assert res.returncode == 0
    with open("/etc/hostname") as f:
        assert res.stdout == f.read()
    mine = open(f"{tmp_path}/trace").read().splitlines()
    ref = run_strace(["-o", f"{tmp_path}/ref", "cat", "/etc/hostname"])
    assert ref.returncode == 0
    theirs = open(f"{tmp_path}/ref").read().splitlines()
    nm, nt = parity.normalise(mine), parity.normalise(theirs)
    # the first line is cat's execve, exactly as strace prints it: no launcher line before
    assert mine[0].startswith('execve("/usr/bin/cat", ["cat", "/etc/hostname"], 0x')
    assert nm[0] == nt[0]
    assert 'openat(AT_FDCWD, "/etc/hostname", O_RDONLY) = 3' in mine
    host = open("/etc/hostname", "rb").read()
    write = [ln for ln in mine if ln.startswith("write(1, ")]
    assert write == [ln for ln in theirs if ln.startswith("write(1, ")]
    assert len(write) == 1 and str(len(host)) in write[0]
    assert re.match(r"^write\(1, .*\) +=", write[0]) and write[0].index("= ") >= 40 - 1
    assert mine[-2:] == ["exit_group(0)                           = ?", "+++ exited with 0 +++"]
    # nothing from the launcher (python) appears
    assert not any("python" in ln for ln in mine)


def test_exit_status_passes_through():
    res = run_my_strace(["sh -c 'exit 7'"])
    assert res.returncode == 7
    assert res.stderr.splitlines()[-1] == "+++ exited with 7 +++"


def test_output_file(tmp_path):
    out = tmp_path / "t.txt"
    res = run_my_strace(["-o", str(out), "--", "true"])
    assert res.returncode == 0
    assert res.stderr == ""
    lines = out.read_text().splitlines()
    assert lines[0].startswith('execve("/usr/bin/true", ["true"], 0x')
    assert lines[-1] == "+++ exited with 0 +++"


def test_killed_by_signal_exit_status():
    res = run_my_strace(["sh -c 'kill -TERM $$'"])
    assert res.returncode in (-15, 143)
    assert "+++ killed by SIGTERM +++" in res.stderr.splitlines()[-1]


@pytest.mark.parametrize("args,msg", [
    (["nonexistent-cmd-xyz"], "my_strace: Can't stat 'nonexistent-cmd-xyz': No such file or directory"),
    ([], "my_strace: must have PROG [ARGS] or -p PID"),
    (["--no-such-option", "true"], "my_strace: unrecognized arguments: --no-such-option"),
])
def test_bad_input_one_line(args, msg):
    res = run_my_strace(args)
    assert res.returncode == 1
    lines = res.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith(msg), res.stderr
    assert "Traceback" not in res.stderr


def test_not_root_one_line():
    res = subprocess.run(["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups",
                          "/usr/bin/python3", MY_STRACE, "true"],
                         capture_output=True, text=True, timeout=60)
    assert res.returncode == 1
    assert res.stderr.splitlines() == [
        "my_strace: must be run as root to load eBPF programs: try 'sudo ./my_strace ...'"]


CORPUS = ["cat /etc/hostname", "ls /", "echo hello", "true", "date -u +%Y", "sleep 0.01",
          "dd if=/dev/zero of=/dev/null bs=512 count=20", "stat /etc/passwd",
          "find /etc/apt -maxdepth 1", "python3 -c pass", "head -c 100 /etc/services",
          "wc -l /etc/passwd", "uname -a", "id", "readlink /proc/self/exe"]


def test_parity_on_corpus():
    same = total = 0
    for cmd in CORPUS:
        s, n, _ = parity.compare(cmd, [])
        same += s
        total += n
    pct = 100.0 * same / total
    print(f"parity {pct:.1f}% ({same}/{total})")
    assert pct >= 70.0
