#!/usr/bin/python3
"""Ask real strace which syscalls belong to each -e trace=%CLASS.

Builds tools/probe/allsyscalls.c (a static program that makes every syscall
number once, each made to fail with ENOSYS by a seccomp filter so none runs),
traces it with `strace -e trace=%CLASS` and records the names strace prints.
Numbers strace does not know (syscall_0x...) are left out: strace 6.1 prints
those under every filter.

    /usr/bin/python3 tools/probe_classes.py > tests/data/strace_classes.json
"""
import json
import os
import re
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
CLASSES = ["%file", "%process", "%net", "%network", "%signal", "%ipc", "%desc", "%memory",
           "%creds", "%clock", "%stat", "%lstat", "%fstat", "%%stat", "%statfs", "%fstatfs",
           "%%statfs", "%pure"]


def main():
    with tempfile.TemporaryDirectory() as d:
        exe = os.path.join(d, "allsyscalls")
        subprocess.run(["gcc", "-O1", "-static", "-nostdlib", "-o", exe,
                        os.path.join(HERE, "probe", "allsyscalls.c")], check=True)
        out = {"strace": subprocess.run(["strace", "-V"], capture_output=True, text=True)
               .stdout.splitlines()[0]}
        for cls in CLASSES:
            r = subprocess.run(["strace", "-e", f"trace={cls}", exe], capture_output=True,
                               text=True, timeout=60)
            names = set()
            for ln in r.stderr.splitlines():
                m = re.match(r"^([a-z_0-9]+)\(", ln)
                if m and not m.group(1).startswith("syscall_0x"):
                    names.add(m.group(1))
            out[cls] = sorted(names)
    json.dump(out, sys.stdout, indent=1)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
