"""The process side of my_strace: which tasks to trace and where their lines go.

- `-p PID` lists (repeatable, comma or space separated), expanded to threads
  (/proc/PID/task) with -f, and to the whole existing descendant tree with --tree;
- `-u USER`: the credentials the command runs with (set in the child before exec);
- `-ff -o FILE`: one output file per traced task, FILE.TID.
Nothing here needs bcc or root, so it is unit-tested directly.
"""
import os
import pwd
import sys


class ProcError(Exception):
    """A bad -p/-u argument: the message is strace's."""


def parse_pids(values):
    """['12,13', '14 15'] -> [12, 13, 14, 15]; strace's message for a bad one."""
    out = []
    for v in values:
        for part in v.replace(",", " ").split():
            try:
                pid = int(part)
            except ValueError:
                pid = 0
            if pid <= 0:
                raise ProcError(f"Invalid process id: '{part}'")
            if pid not in out:
                out.append(pid)
    return out


def threads_of(pid, proc="/proc"):
    """The tids of process pid (itself first), [] if it is gone."""
    try:
        tids = sorted(int(t) for t in os.listdir(f"{proc}/{pid}/task"))
    except OSError:
        return []
    if pid in tids:
        tids.remove(pid)
        tids.insert(0, pid)
    return tids


def children_map(proc="/proc"):
    """{ppid: [pid, ...]} of every process now."""
    kids = {}
    for name in os.listdir(proc):
        if not name.isdigit():
            continue
        try:
            with open(f"{proc}/{name}/stat", "rb") as f:
                stat = f.read()
        except OSError:
            continue
        # pid (comm) state ppid ...: comm may hold spaces and parentheses
        rest = stat[stat.rfind(b")") + 2:].split()
        if len(rest) >= 2:
            kids.setdefault(int(rest[1]), []).append(int(name))
    return kids


def descendants(pid, proc="/proc"):
    """Every process below pid now (breadth first)."""
    kids = children_map(proc)
    out, todo = [], [pid]
    while todo:
        p = todo.pop(0)
        for c in sorted(kids.get(p, [])):
            if c not in out and c != pid:
                out.append(c)
                todo.append(c)
    return out


def attach_set(pids, follow, tree, proc="/proc"):
    """[(pid, [tids...])] to trace: threads with -f, descendants too with --tree.

    Raises ProcError with strace's message for a pid that does not exist."""
    out = []
    seen = set()
    for pid in pids:
        if not os.path.isdir(f"{proc}/{pid}"):
            raise ProcError(f"attach: ptrace(PTRACE_SEIZE, {pid}): No such process")
        group = [pid] + (descendants(pid, proc) if tree else [])
        for p in group:
            if p in seen:
                continue
            seen.add(p)
            tids = threads_of(p, proc) if (follow or tree) else [p]
            if tids:
                out.append((p, tids))
    return out


def attached_message(pid, tids):
    """strace's line for an attach (stderr)."""
    if len(tids) > 1:
        return f"Process {pid} attached with {len(tids)} threads"
    return f"Process {pid} attached"


def user_credentials(name):
    """(uid, gid, name) for -u; strace's message when the user does not exist."""
    try:
        pw = pwd.getpwnam(name)
    except KeyError:
        try:
            pw = pwd.getpwuid(int(name))
        except (KeyError, ValueError):
            raise ProcError(f"Cannot find user '{name}'") from None
    return pw.pw_uid, pw.pw_gid, pw.pw_name


def become(creds):
    """In the child before exec: take the -u user's groups, gid and uid."""
    uid, gid, name = creds
    os.initgroups(name, gid)
    os.setgid(gid)
    os.setuid(uid)


class SeparateFiles:
    """-ff -o FILE: FILE.TID per traced task, opened on its first line."""

    def __init__(self, base):
        self.base = base
        self.files = {}

    def writer(self, tid):
        f = self.files.get(tid)
        if f is None:
            if tid == 0:     # messages: stderr
                return sys.stderr.write
            f = self.files[tid] = open(f"{self.base}.{tid}", "w", buffering=1 << 16)
        return f.write

    def flush(self):
        for f in self.files.values():
            f.flush()

    def close(self):
        for f in self.files.values():
            f.close()
        self.files.clear()


SF_SPLIT_SHIFT = 8     # strace.c: flags bits 8..11 = arguments printed at entry


def with_split(rows, syscalls):
    """Spec rows with the entry/exit split of each call, so EV_START records
    capture the memory of the arguments strace prints at entry."""
    import render
    out = {}
    for nr, row in rows.items():
        k, needs = render.split_index(syscalls.get(nr))
        if needs and 0 < k <= 15:
            row = row._replace(flags=row.flags | (k << SF_SPLIT_SHIFT))
        out[nr] = row
    return out


def comm(tid, proc="/proc"):
    try:
        with open(f"{proc}/{tid}/comm", "rb") as f:
            return f.read().rstrip(b"\n")
    except OSError:
        return b""


def blocked_call(tid, proc="/proc"):
    """(nr, args) of the call tid is blocked in now, from /proc/TID/syscall; None if
    it is running in user space (or gone)."""
    try:
        with open(f"{proc}/{tid}/syscall") as f:
            parts = f.read().split()
    except OSError:
        return None
    if len(parts) < 7 or parts[0] in ("running", "-1"):
        return None
    try:
        return int(parts[0]), tuple(int(a, 16) for a in parts[1:7])
    except ValueError:
        return None


def read_entry_caps(tid, sc, args, strsize, proc="/proc"):
    """Captures of the arguments strace prints at entry, read from /proc/TID/mem
    (what the BPF side captures for EV_START), for a call in progress at attach."""
    import render
    import syscall_specs
    from tracepoint_raw import (CAP_BUF, CAP_STR, LEN_ARG, LEN_FIXED, ST_FAULT, ST_OK,
                                ST_TRUNC, Capture)
    caps = {}
    if sc is None:
        return caps
    k, needs = render.split_index(sc)
    if not needs:
        return caps
    try:
        mem = open(f"{proc}/{tid}/mem", "rb", buffering=0)
    except OSError:
        return caps
    with mem:
        for i in range(min(k, len(sc.kinds))):
            name, param = syscall_specs.parse_kind(sc.kinds[i])
            f = syscall_specs.CAPTURES.get(name)
            if f is None or not args[i]:
                continue
            c = f(param)
            if c.kind == CAP_STR:
                want = c.len or strsize + 1
            elif c.kind == CAP_BUF and c.lensrc == LEN_FIXED:
                want = c.len
            elif c.kind == CAP_BUF and c.lensrc == LEN_ARG:
                want = min(args[c.lenarg], c.len or strsize + 1, 4096)
            else:
                continue
            try:
                mem.seek(args[i])
                data = mem.read(want)
            except (OSError, OverflowError, ValueError):
                caps[i] = Capture(c.kind, ST_FAULT, b"", 0)
                continue
            status = ST_OK
            if c.kind == CAP_STR:
                n = data.find(b"\0")
                if n >= 0:
                    data = data[:n + 1]
                else:
                    status = ST_TRUNC
            caps[i] = Capture(c.kind, status, data, want)
    return caps
