#!/usr/bin/python3
"""Parity: run commands under real strace and under my_strace, diff line by line.

Prints, per command, how many of strace's lines my_strace reproduced exactly
(after normalising only pids, addresses, random bytes, clock readings and sysinfo/statfs counters), and
the total percentage.  Usage:

    sudo tools/parity.py                       # the default corpus
    sudo tools/parity.py -f -- "sh -c 'ls | wc -l'"   # options for both, then commands
    sudo tools/parity.py --show 5              # print the first 5 differing lines per command
"""
import argparse
import difflib
import os
import re
import shlex
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
MY_STRACE = os.path.join(HERE, "my_strace")

CORPUS = [
    "cat /etc/hostname",
    "ls /",
    "ls -la /etc/apt",
    "echo hello",
    "true",
    "date -u +%Y",
    "sleep 0.01",
    "dd if=/dev/zero of=/dev/null bs=512 count=20",
    "cp /etc/hostname /tmp/parity-cp",
    "stat /etc/passwd",
    "find /etc/apt -maxdepth 1",
    "python3 -c pass",
    "head -c 100 /etc/services",
    "wc -l /etc/passwd",
    "uname -a",
    "id",
    "env",
    "mkdir -p /tmp/parity-dir",
    "rm -f /tmp/parity-nonexistent",
    "touch /tmp/parity-touch",
    "sh -c 'exit 3'",
    "readlink /proc/self/exe",
    "gzip -c /etc/hostname",
    "tar -cf /dev/null /etc/hostname",
    "python3 -c \"import socket; s=socket.socket(); s.bind(('127.0.0.1', 0)); s.listen(); "
    "c=socket.create_connection(s.getsockname()); a,_=s.accept(); c.send(b'hi'); a.recv(10)\"",
    "python3 -c \"import threading; t=threading.Thread(target=print); t.start(); t.join()\"",
]

# with -f (no commands given): the corpus plus processes that fork, pipe and spawn threads
FOLLOW_CORPUS = [
    "sh -c 'ls / | wc -l'",
    "sh -c 'true; /bin/true'",
    "sh -c 'cat /etc/hostname | gzip -c | gzip -dc'",
    "sh -c 'find /etc/apt -maxdepth 1 | sort | head -3'",
    "python3 -c \"import subprocess; subprocess.run(['true'])\"",
    "tar -czf /dev/null /etc/hostname",
]

ADDR = re.compile(r"0x[0-9a-f]{8,}")
# -y/-yy: pipe and socket inode numbers differ from run to run, like addresses
INODE = re.compile(r"((?:pipe|socket|[A-Z]+(?:v6)?|UNIX-[A-Z]+):\[)\d+(?=[\]>,-])")
RANDOM = re.compile(r'(getrandom\()"(?:[^"\\]|\\.)*"(\.\.\.)?')
# readings of a changing system, like clock readings: free memory, uptime, load, task count
SYSSTATE = re.compile(r"\b(uptime|freeram|sharedram|bufferram|freeswap|procs|f_bfree|f_bavail|f_ffree)=\d+"
                      r"|loads=\[\d+, \d+, \d+\]")
TIMES = re.compile(r"(tv_sec|tv_nsec|tv_usec|st_[amc]time(?:_nsec)?|si_utime|si_stime)=\d+(?: /\* [^*]* \*/)?")
PIDNUM = re.compile(r"\b\d+\b")


def pids_in(lines):
    """Process ids a trace mentions: prefixes and results of calls that return one."""
    pids = set()
    for ln in lines:
        m = re.match(r"^(?:\[pid\s+(\d+)\] |(\d+) +)", ln)
        if m:
            pids.add(m.group(1) or m.group(2))
        m = re.search(r"\b(?:set_tid_address|getpid|gettid|getppid|clone|clone3|fork|vfork)\(.*= (\d+)$", ln)
        if m:
            pids.add(m.group(1))
        for m in re.finditer(r"si_pid=(\d+)", ln):
            pids.add(m.group(1))
        m = re.search(r"superseded by execve in pid (\d+)", ln)
        if m:
            pids.add(m.group(1))
    return pids


def normalise(lines):
    pids = pids_in(lines)
    out = []
    for ln in lines:
        ln = ADDR.sub("0xADDR", ln)
        ln = INODE.sub(r"\1INO", ln)
        ln = re.sub(r"(UNIX-[A-Z]+:\[INO->)\d+\]", r"\1INO]", ln)
        ln = RANDOM.sub(r'\1"RANDOM"', ln)
        ln = TIMES.sub(r"\1=T", ln)
        ln = SYSSTATE.sub("SYSSTATE", ln)
        if pids:
            ln = PIDNUM.sub(lambda m: "PID" if m.group(0) in pids else m.group(0), ln)
        # the pid column's width follows the pid's digits
        ln = re.sub(r"^\[pid +PID\] ", "[pid PID] ", ln)
        ln = re.sub(r"^PID +", "PID ", ln)
        ln = re.sub(r"\s+= ", " = ", ln)
        out.append(ln)
    return out


def run(tracer, opts, cmd, outfile):
    argv = [tracer] + opts + ["-o", outfile, "--"] + shlex.split(cmd)
    subprocess.run(argv, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL, timeout=120, cwd="/tmp")
    with open(outfile, errors="replace") as f:
        return f.read().splitlines()


SKELETON = re.compile(r"^(.*?)([a-z_0-9]+)\(.*\) += (-?\w+).*$")


def skeleton(lines):
    """Only which calls were printed: prefix, name and result (filters' parity)."""
    return [SKELETON.sub(r"\1\2() = \3", ln) for ln in lines]


def compare(cmd, opts, show=0, merge=False, skel=False):
    with tempfile.TemporaryDirectory() as d:
        ref = run("strace", opts, cmd, os.path.join(d, "strace.out"))
        got = run(MY_STRACE, opts, cmd, os.path.join(d, "my.out"))
    if merge:
        # before normalising: the pids tell whose call resumes
        ref, got = merge_resumed(ref), merge_resumed(got)
    ref, got = normalise(ref), normalise(got)
    if skel:
        ref, got = skeleton(ref), skeleton(got)
    if merge:
        ref, got = sorted(ref), sorted(got)
    sm = difflib.SequenceMatcher(None, ref, got, autojunk=False)
    same = sum(b.size for b in sm.get_matching_blocks())
    diffs = []
    if show:
        for tag, i1, i2, j1, j2 in sm.get_opcodes():
            if tag != "equal":
                diffs.append((ref[i1:i2], got[j1:j2]))
    return same, len(ref), diffs


def merge_resumed(lines):
    """-f: join '<unfinished ...>' with its '<... resumed>' per pid; order-free compare."""
    pending, out = {}, []
    for ln in lines:
        m = re.match(r"^(\[pid +\d+\] |\d+ +)(.*) <unfinished \.\.\.>$", ln)
        if m:
            pending[m.group(1).strip()] = m.group(2)
            continue
        m = re.match(r"^(\[pid +\d+\] |\d+ +)<\.\.\. \S+ resumed>(.*)$", ln)
        if m and m.group(1).strip() in pending:
            ln = m.group(1) + pending.pop(m.group(1).strip()) + m.group(2)
            ln = re.sub(r"\s+= ", " = ", ln)
        out.append(ln)
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--show", type=int, default=0, help="print up to N differing hunks per command")
    ap.add_argument("--merge", action="store_true",
                    help="join unfinished/resumed lines and compare as multisets (-f runs)")
    ap.add_argument("--skeleton", action="store_true",
                    help="compare only which calls were printed (name and result), not arguments")
    ap.add_argument("--min", type=float, default=0, help="exit 1 if the total is below this %%")
    ap.add_argument("rest", nargs="*", help="[tracer options] [-- commands...]")
    # split at "--" before argparse sees it: argparse drops the "--" itself
    argv = sys.argv[1:]
    cmds = []
    if "--" in argv:
        k = argv.index("--")
        argv, cmds = argv[:k], argv[k + 1:]
    args, _ = ap.parse_known_args(argv)
    opts, skip = [], False      # tracer options: argv without ours, in their order
    for a in argv:
        if skip:
            skip = False
        elif a in ("--show", "--min"):
            skip = True
        elif a != "--merge" and not a.startswith(("--show=", "--min=")):
            opts.append(a)
    cmds = cmds or (CORPUS + FOLLOW_CORPUS if "-f" in opts else CORPUS)
    tot_same = tot = 0
    for cmd in cmds:
        same, n, diffs = compare(cmd, opts, args.show, args.merge or "-f" in opts,
                                 args.skeleton)
        tot_same += same
        tot += n
        pct = 100.0 * same / n if n else 100.0
        print(f"{pct:6.1f}%  {same:5d}/{n:<5d}  {cmd}")
        for ref, got in diffs[:args.show]:
            for ln in ref[:4]:
                print(f"      - {ln}")
            for ln in got[:4]:
                print(f"      + {ln}")
    pct = 100.0 * tot_same / tot if tot else 100.0
    print(f"TOTAL {pct:.1f}% of strace's lines reproduced exactly ({tot_same}/{tot}), "
          f"options {opts or '(none)'}")
    return 1 if pct < args.min else 0


if __name__ == "__main__":
    sys.exit(main())
