#!/usr/bin/python3
"""-y parity: how exactly my_strace -y/-yy decorates file descriptors, vs strace.

Runs strace and my_strace with the given options on each command (default:
tools/parity.py's corpus).  Of the lines whose undecorated form already
matches (so the decoders are not what is measured), prints the share that
match with the fd decorations too.  Pipe/socket inode numbers differ between
two runs, so they are normalised.  Usage:

    sudo tools/fdparity.py -y
    sudo tools/fdparity.py "-f -yy" "sh -c 'ls | wc -l'"
"""
import sys, re, tempfile, difflib
import os; sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import parity
TOK = re.compile(r"((?:\b\d+|AT_FDCWD))<(?:[^<>]|<[^<>]*>)*>(?:\(deleted\))?")
def strip(l): return TOK.sub(r"\1", l)
def ino(l): return re.sub(r"(pipe|socket|[A-Z]+(?:v6)?|UNIX-\w+):\[\d+\]", r"\1:[INO]", l)
opts = sys.argv[1].split()
cmds = sys.argv[2:] or parity.CORPUS
base = ok = total = 0
for cmd in cmds:
    with tempfile.TemporaryDirectory() as d:
        ref = [ino(l) for l in parity.normalise(parity.run("strace", opts, cmd, d + "/s"))]
        got = [ino(l) for l in parity.normalise(parity.run(parity.MY_STRACE, opts, cmd, d + "/m"))]
    total += len(ref)
    sm = difflib.SequenceMatcher(None, [strip(l) for l in ref], [strip(l) for l in got], autojunk=False)
    for b in sm.get_matching_blocks():
        for k in range(b.size):
            base += 1
            ok += ref[b.a + k] == got[b.b + k]
print(f"{opts}: lines whose undecorated form matches: {base}/{total}; of these identical with fd decorations: {ok} ({100*ok/base:.1f}%)")
