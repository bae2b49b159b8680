"""End to end: the programs in tests/progs/dec_fs_*.c under the real strace and
under my_strace (real eBPF), line by line, for the syscalls dec_fs decodes.

Normalised: pids, addresses (0x + 8 or more hex digits), clock readings
(tv_sec/tv_nsec of an absolute sleep, times() and time() results) and the
sysinfo/statfs counters that change between two runs.  Needs root, bcc and
gcc; skipped otherwise.
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

import dec_fs  # noqa: E402

PROGS = os.path.join(ROOT, "tests", "progs")
MY_STRACE = os.path.join(ROOT, "my_strace")


def _can_run():
    if os.geteuid() != 0 or not shutil.which("strace") or not shutil.which("gcc"):
        return False
    r = subprocess.run(["/usr/bin/python3", "-c", "import bcc"], capture_output=True)
    return r.returncode == 0


pytestmark = pytest.mark.skipif(not _can_run(), reason="needs root, strace, gcc and bcc")

MINE = set(dec_fs.SPECS) | {"newfstatat", "fstat", "stat", "lstat", "readlink", "getcwd",
                            "uname"}
VOLATILE = [
    (re.compile(r"0x[0-9a-f]{8,}"), "ADDR"),
    (re.compile(r"(clock_nanosleep\(CLOCK_REALTIME, TIMER_ABSTIME, \{tv_sec=)\d+, tv_nsec=\d+"),
     r"\1T, tv_nsec=T"),
    (re.compile(r"^(times\(.*\) += )\d+$"), r"\1T"),
    (re.compile(r"^(time\(NULL\) += )\d+ \(.*\)$"), r"\1T"),
    (re.compile(r"(uptime|freeram|bufferram|sharedram|procs|f_bfree|f_bavail|f_ffree)=\d+"),
     r"\1=N"),
    (re.compile(r"loads=\[\d+, \d+, \d+\]"), "loads=[N]"),
    (re.compile(r"((?:PGRP|0x540f|0x5410|\*/), )\[\d+\]"), r"\1[PID]"),  # TIOC[SG]PGRP pids
    (re.compile(r"tms_[a-z]+=\d+"), "tms=N"),
    (re.compile(r"((?:F_SETOWN|0x8|\*/), )\d+\)"), r"\1PID)"),      # fcntl owner pids
    (re.compile(r"pid=[1-9]\d*\}"), "pid=PID}"),
    (re.compile(r"^(fcntl\(3, (?:F_GETOWN|0x9|0x9 /\* F_GETOWN \*/)\)\s+= )\d+$"), r"\1PID"),
    (re.compile(r"ru_[a-z]+=\{[^}]*\}"), "ru=T"),
]


CLOCK_READ = re.compile(r"^(clock_gettime\((CLOCK_MONOTONIC|0x1)|gettimeofday\(|clock_nanosleep\(.*(ABSTIME|0x1))")
TV = re.compile(r"(tv_sec|tv_nsec|tv_usec)=\d+")


def normalise(lines):
    out = []
    for ln in lines:
        m = re.match(r"^([a-z0-9_]+)\(", ln)
        if not m or m.group(1) not in MINE:
            continue
        if CLOCK_READ.match(ln):
            ln = TV.sub(r"\1=T", ln)
        for rx, rep in VOLATILE:
            ln = rx.sub(rep, ln)
        out.append(re.sub(r"\)\s+= ", ") = ", ln))
    return out


def trace(tracer, opts, exe, d):
    for f in os.listdir("/tmp"):
        if f.startswith("dec_fs_") and not f.endswith(".c"):
            p = os.path.join("/tmp", f)
            if os.path.isdir(p):
                shutil.rmtree(p, ignore_errors=True)
            else:
                os.unlink(p)
    out = os.path.join(d, "out")
    subprocess.run(["script", "-qc", " ".join([tracer] + opts + ["-o", out, exe]), "/dev/null"],
                   stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL, timeout=120, cwd="/tmp")
    with open(out, errors="replace") as f:
        return normalise(f.read().splitlines())


@pytest.mark.parametrize("prog", ["dec_fs_1", "dec_fs_2", "dec_fs_3", "dec_fs_4", "dec_fs_5",
                                  "dec_fs_6", "dec_fs_7", "dec_fs_8", "dec_fs_9"])
@pytest.mark.parametrize("opts", [[], ["-v"], ["-X", "raw"], ["-v", "-X", "verbose"]])
def test_same_as_strace(prog, opts):
    with tempfile.TemporaryDirectory() as d:
        exe = os.path.join(d, prog)
        subprocess.run(["gcc", "-w", "-o", exe, os.path.join(PROGS, prog + ".c")], check=True)
        ref = trace("strace", opts, exe, d)
        got = trace(MY_STRACE, opts, exe, d)
    assert ref, "strace printed nothing to compare"
    assert got == ref
