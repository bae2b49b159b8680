"""strace's filter expressions -> what the kernel and the renderer decide on.

    -e trace=SET / --trace=SET      which syscalls (set of numbers, decided at sys_enter)
    -e status=SET / -z / -Z         which results (bit mask, decided at sys_exit)
    -e signal=SET                   which signals are printed
    -e quiet=SET / -q / -qq         which informational messages are suppressed
    -P PATH                         only calls touching PATH (or fds opened on it)
    --trace-fds=SET                 only calls on these descriptors (newer strace; extension)

A SET is `[!]ELEM[,ELEM]...`; a syscall ELEM is a name, a number, `%class`,
`/regex`, `all` or `none`, optionally `?`-prefixed (unknown: ignored) and
`@64`/`@32`/`@x32`-suffixed (personality; only 64-bit exists here).
Bad input raises FilterError with strace's message ("invalid system call 'foo'").
"""
import re

import syscall_classes
import xlat
import xlat_data

# qualifier spellings strace accepts -> canonical name
QUALIFIERS = {
    "trace": "trace", "t": "trace", "signal": "signal", "signals": "signal", "s": "signal",
    "status": "status", "quiet": "quiet", "silent": "quiet", "silence": "quiet", "q": "quiet",
    "abbrev": "abbrev", "a": "abbrev", "verbose": "verbose", "v": "verbose", "raw": "raw",
    "x": "raw", "read": "read", "reads": "read", "r": "read", "write": "write",
    "writes": "write", "w": "write", "fault": "fault", "inject": "inject", "kvm": "kvm",
    "decode-fds": "decode-fds", "trace-fds": "trace-fds", "trace-fd": "trace-fds",
    "fd": "trace-fds", "fds": "trace-fds",
}
STATUSES = ("successful", "failed", "unfinished", "unavailable", "detached")
# strace.c's config.status_mask bits
ST_SUCCESSFUL, ST_FAILED, ST_UNFINISHED = 1, 2, 4
QUIET = ("attach", "exit", "path-resolution", "personality", "thread-execve", "superseded")
MAX_SIGNAL = 255


class FilterError(Exception):
    """A bad expression; str() is strace's one-line message."""


def _split_set(spec):
    """'!a,b' -> (negated, ['a', 'b'])."""
    neg = False
    while spec.startswith("!"):
        neg = not neg
        spec = spec[1:]
    return neg, spec.split(",")


def syscall_set(spec, syscalls):
    """Numbers of the syscalls SET names.  syscalls: {nr: object with .name}."""
    by_name = {}
    for nr, sc in syscalls.items():
        by_name.setdefault(sc.name, set()).add(nr)
    neg, elems = _split_set(spec)
    chosen = set()
    if spec in ("", "!") or neg and elems == [""]:
        raise FilterError(f"invalid system call '{spec}'")
    for raw in elems:
        e = raw
        optional = e.startswith("?")
        if optional:
            e = e[1:]
        m = re.fullmatch(r"(.*)@(64|32|x32)", e)
        if m:
            e = m.group(1)
            if m.group(2) != "64":      # no other personality on this machine
                continue
        if e == "all":
            chosen |= set(syscalls)
        elif e == "none":
            pass
        elif e.startswith("/"):
            try:
                rx = re.compile(e[1:])
            except re.error as err:
                raise FilterError(f"regcomp: {e[1:]}: {err}") from None
            chosen |= {nr for nr, sc in syscalls.items() if rx.search(sc.name)}
        elif e.startswith("%"):
            cls = syscall_classes.CLASSES.get(e)
            if cls is None:
                if optional:
                    continue
                raise FilterError(f"invalid system call '{raw}'")
            chosen |= {nr for n in cls for nr in by_name.get(n, ())}
        elif e.isdigit() and int(e) in syscalls:
            chosen.add(int(e))
        elif e in by_name:
            chosen |= by_name[e]
        elif not optional:
            raise FilterError(f"invalid system call '{raw}'")
    return set(syscalls) - chosen if neg else chosen


def status_set(spec):
    neg, elems = _split_set(spec)
    chosen = set()
    for e in elems:
        if e == "all":
            chosen |= set(STATUSES)
        elif e == "none":
            pass
        elif e in STATUSES:
            chosen.add(e)
        else:
            raise FilterError(f"invalid status '{e}'")
    return set(STATUSES) - chosen if neg else chosen


def status_mask(statuses):
    """The kernel's mask for a status set; 0 means 'print everything'."""
    if statuses is None or set(STATUSES) <= statuses:
        return 0
    m = 0
    if "successful" in statuses:
        m |= ST_SUCCESSFUL
    if "failed" in statuses:
        m |= ST_FAILED
    if "unfinished" in statuses:
        m |= ST_UNFINISHED
    return m or 8       # nothing selected: a bit no call has


def _signal_number(e):
    if e.isdigit():
        n = int(e)
        return n if n <= MAX_SIGNAL else None
    name = e.upper()
    if not name.startswith("SIG"):
        name = "SIG" + name
    for nr in range(1, xlat_data.NSIG):
        if xlat._sig_abbrev(nr) == name:
            return nr
    return None


def signal_set(spec):
    neg, elems = _split_set(spec)
    everything = set(range(0, MAX_SIGNAL + 1))
    chosen = set()
    for e in elems:
        if e == "all":
            chosen |= everything
        elif e == "none":
            pass
        else:
            n = _signal_number(e)
            if n is None:
                raise FilterError(f"invalid signal '{e}'")
            chosen.add(n)
    return everything - chosen if neg else chosen


def quiet_set(spec):
    if spec == "all":
        return set(QUIET)
    neg, elems = _split_set(spec)
    chosen = set()
    for e in elems:
        if e == "none":
            continue
        if e not in QUIET:
            raise FilterError(f"invalid quiet '{e}'")
        chosen.add(e)
    return set(QUIET) - chosen if neg else chosen


def fd_set(spec):
    neg, elems = _split_set(spec)
    chosen = set()
    for e in elems:
        if e == "all":
            return None if not neg else set()
        if e == "none":
            continue
        if not e.isdigit():
            raise FilterError(f"invalid descriptor '{e}'")
        chosen.add(int(e))
    if neg:
        return _Complement(chosen)
    return chosen


class _Complement:
    """All descriptors but some."""

    def __init__(self, excluded):
        self.excluded = excluded

    def __contains__(self, fd):
        return fd not in self.excluded


class Filters:
    """Everything the filter options decided.  None means 'no filter'."""

    def __init__(self):
        self.trace = None           # set of syscall numbers, or None: all
        self.trace_given = False
        self.status = None          # set of status names, or None: all
        self.signals = None         # set of signal numbers, or None: all
        self.quiet = set()          # suppressed messages
        self.fds = None             # --trace-fds: descriptors, or None: all
        self.paths = []             # -P
        self.other = {}             # qualifiers parsed by other parts (abbrev, raw, ...)
        self.dump_read = None       # -e read=SET: fds whose reads are hex-dumped
        self.dump_write = None      # -e write=SET

    @property
    def status_mask(self):
        return status_mask(self.status)


def apply_expr(f, expr, syscalls):
    """One -e EXPR into Filters f.  `QUAL=SET`, or a bare SET meaning trace=SET."""
    qual, eq, value = expr.partition("=")
    canon = QUALIFIERS.get(qual) if eq else None
    if canon is None:
        canon, value = "trace", expr
    if canon == "trace":
        f.trace = syscall_set(value, syscalls)
        f.trace_given = True
    elif canon == "status":
        f.status = status_set(value)
    elif canon == "signal":
        f.signals = signal_set(value)
    elif canon == "quiet":
        f.quiet = quiet_set(value)
    elif canon == "trace-fds":
        f.fds = fd_set(value)
    elif canon in ("read", "write"):
        fds = fd_set(value)
        setattr(f, "dump_" + canon, _Complement(set()) if fds is None else fds)
    elif canon in ("inject", "fault", "kvm"):
        raise FilterError(f"-e {canon}= is not supported: my_strace observes system calls "
                          "with eBPF and cannot change their results (use strace for that)")
    elif canon in ("abbrev", "verbose", "raw") and value not in (
            {"abbrev": ("all", "none"), "verbose": ("all",), "raw": ("none",)}[canon]):
        raise FilterError(f"-e {canon}={value}: only -e abbrev=all|none, -e verbose=all and "
                          "-e raw=none are supported (or -v and -X raw for every call)")
    else:
        f.other[canon] = value
    return f


def quiet_from_count(n):
    """-q: attach,personality; -qq: and exit; -qqq: all."""
    if n <= 0:
        return set()
    if n == 1:
        return {"attach", "personality"}
    if n == 2:
        return {"attach", "personality", "exit"}
    return set(QUIET)


class RecordGate:
    """Filters that need more than a syscall number: -P, --trace-fds, --syscall-limit.

    keep(rec, sc) says whether a syscall record is printed.  -P remembers, per
    process, the descriptors opened on a traced path (open*, creat, dup*) so that
    later calls on them are printed too, as strace does; close forgets them.
    """

    def __init__(self, paths=(), fds=None, limit=0):
        import os
        self.paths = set()
        for p in paths:
            self.paths.add(p)
            self.paths.add(os.path.realpath(p))
        self.fds = fds
        self.limit = limit
        self.count = 0
        self.open_fds = {}          # pid -> {fd}

    @property
    def active(self):
        return bool(self.paths) or self.fds is not None or self.limit > 0

    @property
    def exhausted(self):
        return self.limit > 0 and self.count >= self.limit

    def _fd_args(self, rec, sc):
        for i, k in enumerate(sc.kinds[:6]):
            base = k.split(":", 1)[0]
            if base == "fd" or base == "dirfd":
                v = rec.args[i] & 0xFFFFFFFF
                v = v - (1 << 32) if v >= 1 << 31 else v
                if v >= 0:
                    yield v

    def _path_args(self, rec, sc):
        for i, k in enumerate(sc.kinds[:6]):
            if k.split(":", 1)[0] in ("path", "exec_path"):
                c = rec.caps.get(i)
                if c is not None and c.data is not None:
                    yield c.data.split(b"\0", 1)[0].decode("utf-8", "surrogateescape")

    def _path_match(self, rec, sc):
        if any(p in self.paths for p in self._path_args(rec, sc)):
            return True
        mine = self.open_fds.get(rec.pid, ())
        return any(fd in mine for fd in self._fd_args(rec, sc))

    def keep(self, rec, sc):
        if sc is None:
            return not self.paths and self.fds is None
        if self.exhausted:
            return False
        if self.fds is not None and not any(fd in self.fds for fd in self._fd_args(rec, sc)):
            return False
        if self.paths:
            if not self._path_match(rec, sc):
                return False
            mine = self.open_fds.setdefault(rec.pid, set())
            if rec.ret >= 0 and (sc.name in syscall_classes.OPENS_PATH or
                                 sc.name in syscall_classes.DUPS_FD):
                mine.add(rec.ret)
            elif sc.name == "close" and rec.ret == 0:
                mine.discard(rec.args[0] & 0xFFFFFFFF)
        self.count += 1
        return True
