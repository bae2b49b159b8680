"""The -c table: printer (synthetic stats -> strace's exact layout), then end to end.

Layouts observed with strace 6.1:
  strace -c -w true
  strace -c -w -U name,calls,errors,min-time,max-time,avg-time,total-time,time-percent true
  strace -c -S calls|name|nothing|errors ...; strace -c -S foo -> "invalid sortby: 'foo'"
"""
import os
import re
import shutil
import subprocess
import sys
from collections import namedtuple

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)

import summary  # noqa: E402

SC = namedtuple("SC", "name")
SYSCALLS = {0: SC("read"), 1: SC("write"), 3: SC("close"), 9: SC("mmap"), 59: SC("execve"),
            21: SC("access")}
US = 1000

STATS = {
    59: (1, 0, 73 * US + 400, 73 * US + 400, 73 * US + 400),
    9: (8, 0, 33 * US, 2 * US, 8 * US),
    3: (2, 0, 5 * US, 2 * US, 3 * US),
    21: (1, 1, 3 * US, 3 * US, 3 * US),
    0: (1, 0, 3 * US, 3 * US, 3 * US),
}


def test_default_table():
    total = 73400 + 33000 + 5000 + 3000 + 3000
    pct = lambda ns: f"{100.0 * ns / total:6.2f}"  # noqa: E731
    assert summary.format_table(STATS, SYSCALLS) == [
        "% time     seconds  usecs/call     calls    errors syscall",
        "------ ----------- ----------- --------- --------- ----------------",
        f"{pct(73400)}    0.000073          73         1           execve",
        f"{pct(33000)}    0.000033           4         8           mmap",
        f"{pct(5000)}    0.000005           2         2           close",
        f"{pct(3000)}    0.000003           3         1           read",
        f"{pct(3000)}    0.000003           3         1         1 access",
        "------ ----------- ----------- --------- --------- ----------------",
        "100.00    0.000117           9        13         1 total",
    ]


def test_usecs_truncate_like_strace():
    # strace: seconds rounded to 6 decimals, usecs/call truncated from a float
    lines = summary.format_table({0: (1, 0, 57900)}, SYSCALLS)
    assert lines[2] == "100.00    0.000058          57         1           read"


def test_sort_keys():
    order = lambda key: [ln.split()[-1] for ln in summary.format_table(STATS, SYSCALLS, key)[2:-2]]  # noqa: E731
    assert order("calls") == ["mmap", "close", "read", "access", "execve"]
    assert order("name") == ["access", "close", "execve", "mmap", "read"]
    assert order("nothing") == ["read", "close", "mmap", "access", "execve"]
    assert order("errors")[0] == "access"
    assert order("time") == ["execve", "mmap", "close", "read", "access"]


def test_custom_columns():
    cols = summary.parse_columns("name,calls,errors,min-time,max-time,avg-time,total-time,time-percent")
    lines = summary.format_table({21: STATS[21]}, SYSCALLS, "time", cols)
    assert lines == [
        "syscall              calls    errors shortest  longest  usecs/call     seconds % time",
        "---------------- --------- --------- -------- -------- ----------- ----------- ------",
        "access                   1         1 0.000003 0.000003           3    0.000003 100.00",
        "---------------- --------- --------- -------- -------- ----------- ----------- ------",
        "total                    1         1 0.000003 0.000003           3    0.000003 100.00",
    ]
    assert summary.format_table({0: (1, 0, 0)}, SYSCALLS, "time", ("calls", "name")) == [
        "    calls syscall",
        "--------- ----------------",
        "        1 read",
        "--------- ----------------",
        "        1 total",
    ]


def test_empty_and_errors():
    assert summary.format_table({}, SYSCALLS) == []
    with pytest.raises(summary.SummaryError, match="^invalid sortby: 'foo'$"):
        summary.parse_sort("foo")
    with pytest.raises(summary.SummaryError, match="^unknown column name: 'foo'$"):
        summary.parse_columns("calls,foo")


def test_zero_time_percent():
    lines = summary.format_table({0: (2, 0, 0), 1: (1, 0, 0)}, SYSCALLS)
    assert lines[2] == "  0.00    0.000000           0         2           read"
    assert lines[-1] == "100.00    0.000000           0         3           total"


def test_histogram_lines():
    h = summary.format_histogram({0: [0] * 10 + [4, 2] + [0] * 20}, SYSCALLS)
    assert h[0] == "read:"
    assert "1024 -> 2047" in h[2] and "| 4 " not in h[2] and h[2].count("*") == 40


# ---------------------------------------------------------------- end to end
NEED_ROOT = pytest.mark.skipif(os.geteuid() != 0 or not shutil.which("strace"),
                               reason="needs root (BPF) and the real strace")
ROW = re.compile(r"^\s*[\d.]+\s+[\d.]+\s+\d+\s+(\d+)\s+(\d+)?\s*(\S+)$")


def table(text):
    """{syscall: (calls, errors)} from a -c table."""
    out = {}
    for ln in text.splitlines():
        m = ROW.match(ln)
        if m:
            out[m.group(3)] = (int(m.group(1)), int(m.group(2) or 0))
    return out


@NEED_ROOT
def test_counts_equal_strace_on_dd():
    cmd = ["dd", "if=/dev/zero", "of=/dev/null", "bs=1", "count=5000"]
    ref = subprocess.run(["strace", "-c", *cmd], capture_output=True, text=True, timeout=120)
    got = subprocess.run([os.path.join(ROOT, "my_strace"), "-c", *cmd], capture_output=True,
                         text=True, timeout=120)
    ref_t, got_t = table(ref.stderr), table(got.stderr)
    assert ref_t["read"][0] >= 5000 and ref_t["total"][0] > 10000
    assert got_t == ref_t
    assert "+++" not in got.stderr          # -c prints no exit lines
    hdr = "% time     seconds  usecs/call     calls    errors syscall"
    assert hdr in got.stderr.splitlines()


@NEED_ROOT
def test_summary_with_lines():
    got = subprocess.run([os.path.join(ROOT, "my_strace"), "-C", "-e", "trace=close", "true"],
                         capture_output=True, text=True, timeout=120).stderr.splitlines()
    assert got[:3] == ["close(3)                                = 0"] * 2 + ["+++ exited with 0 +++"]
    assert got[3].startswith("% time")
    assert table("\n".join(got)) == {"close": (2, 0), "total": (2, 0)}
