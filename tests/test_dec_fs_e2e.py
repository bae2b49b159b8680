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
    (re.compile(r"/dev/pts/\d+"), "/dev/pts/N"),                    # ptys of parallel runs
    (re.compile(r"((?:TIOCGPTN|0x80045430|\*/), )\[\d+\]"), r"\1[N]"),
    (re.compile(r"^(fcntl\(3, (?:F_SETOWN|0x8|0x8 /\* F_SETOWN \*/), )\d+\)"), r"\1PID)"),
    (re.compile(r"pid=[1-9]\d*\}"), "pid=PID}"),
    (re.compile(r"^(fcntl\(3, (?:F_GETOWN|0x9|0x9 /\* F_GETOWN \*/)\)\s+= )\d+$"), r"\1PID"),
    (re.compile(r"ru_[a-z]+=\{[^}]*\}"), "ru=T"),
    # the pty number depends on which ptys other processes hold at the moment
    (re.compile(r"((?:TIOCGPTN|0x80045430|\*/), )\[\d+\]"), r"\1[PTY]"),
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
        if ln.startswith("time("):
            ln = re.sub(r"\d{4}-\d\d-\d\dT[\d:]+\+\d{4}", "D", re.sub(r"\b\d{10}\b", "T", ln))
        for rx, rep in VOLATILE:
            ln = rx.sub(rep, ln)
        out.append(re.sub(r"\)\s+= ", ") = ", ln))
    return out


def trace(tracer, opts, exe, d):
    """Run exe under tracer; the program's files live under d (see test_same_as_strace)."""
    for f in os.listdir(d):
        if f.startswith("dec_fs_"):
            p = os.path.join(d, f)
            if os.path.isdir(p):
                shutil.rmtree(p, ignore_errors=True)
            else:
                os.unlink(p)
    out = os.path.join(d, "out")
    r = subprocess.run(["script", "-qc", " ".join([tracer] + opts + ["-o", out, exe]),
                        "/dev/null"], stdin=subprocess.DEVNULL, capture_output=True,
                       timeout=120, cwd="/tmp")
    assert os.path.exists(out), "%s wrote nothing: %s" % (tracer, r.stdout[-2000:])
    with open(out, errors="replace") as f:
        return normalise(f.read().replace(d + "/dec_fs_", "/tmp/dec_fs_").splitlines())


@pytest.mark.parametrize("prog", ["dec_fs_1", "dec_fs_2", "dec_fs_3", "dec_fs_4", "dec_fs_5",
                                  "dec_fs_6", "dec_fs_7", "dec_fs_8", "dec_fs_9",
                                  "dec_fs_10", "dec_fs_12", "dec_fs_14"])
@pytest.mark.parametrize("opts", [[], ["-v"], ["-X", "raw"], ["-v", "-X", "verbose"], ["-v", "-s", "4"]])
def test_same_as_strace(prog, opts):
    with tempfile.TemporaryDirectory() as d:
        # the program's files go to a directory of this run (tests may run side by side)
        with open(os.path.join(PROGS, prog + ".c")) as f:
            src = f.read().replace("/tmp/dec_fs_", d + "/dec_fs_")
        with open(os.path.join(d, "prog.c"), "w") as f:
            f.write(src)
        exe = os.path.join(d, "prog")
        subprocess.run(["gcc", "-w", "-o", exe, os.path.join(d, "prog.c")], check=True)
        ref = trace("strace", opts, exe, d)
        got = trace(MY_STRACE, opts, exe, d)
    assert ref, "strace printed nothing to compare"
    assert got == ref
