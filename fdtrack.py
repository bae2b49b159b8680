"""File descriptor -> what it refers to, per traced process, as of each call (-y, -yy).

strace stops the tracee at every call and reads /proc/PID/fd/N there and then.
Our tracee runs ahead of the consumer, so a late /proc read can see a later
file behind the same number (fd 3 is reused dozens of times by a program's
start-up).  Instead the fd table of every process is rebuilt from the trace
itself: open/openat/creat results are resolved against the dirfd or the
working directory, dup/dup2/dup3/fcntl(F_DUPFD) copy, close/close_range drop,
pipe/socket/eventfd/... add their kind, a successful execve drops the
close-on-exec descriptors, chdir/fchdir move the working directory, forks copy
the table.  A process seen for the first time is seeded from /proc/PID/fd and
/proc/PID/cwd; a descriptor the trace never explained is looked up in /proc
(late, but the best there is).  Pipe and socket inode numbers are not in the
trace: they are read from /proc the first time the descriptor is printed and
then remembered.

Each descriptor is kept as the text the kernel's readlink of /proc/PID/fd/N
would give ("/etc/passwd", "pipe:[123]", "socket:[456]", "anon_inode:[eventfd]",
"/tmp/x (deleted)"), and printed the way strace prints that text.

The tracker is consulted through Ctx.fds by syscall_formatters.printfd(); the
caller feeds every record to observe() before formatting it.  For the record
being formatted, arguments see the table as it was before the call and the
result sees it after (close(3</x>) = 0, dup2(3</a>, 1</b>) = 1</a>).
"""
import os
import re
import socket as _socket
import struct
import time

from tracepoint_raw import EV_EXIT, EV_FORK, EV_SYSCALL

O_CLOEXEC = 0o2000000
O_NOFOLLOW = 0o400000
AT_FDCWD = -100
F_DUPFD, F_SETFD, F_DUPFD_CLOEXEC = 0, 2, 1030
FIONCLEX, FIOCLEX = 0x5450, 0x5451
CLOSE_RANGE_CLOEXEC = 4
CLONE_FILES, CLONE_FS, CLONE_THREAD = 0x400, 0x200, 0x10000

DETAILS = ("dev", "path", "pidfd", "socket")


def parse_decode_fds(spec):
    """strace's --decode-fds=SET: 'all', 'none' or a comma list of DETAILS -> set."""
    out = set()
    for word in spec.split(","):
        word = word.strip()
        neg = word.startswith("!")
        word = word.lstrip("!")
        if word == "all":
            items = set(DETAILS)
        elif word == "none":
            items = set()
        elif word in DETAILS:
            items = {word}
        else:
            raise ValueError(f"invalid decode-fds '{word}'")
        out = out - items if neg else out | items
    return out


class Entry:
    """One open descriptor: link text (None until known), close-on-exec, extras."""
    __slots__ = ("link", "cloexec", "kind", "rdev", "pidfd_pid", "cell")

    def __init__(self, link, cloexec=False, kind="file", rdev=None, pidfd_pid=None):
        self.link = link
        self.cloexec = cloexec
        self.kind = kind            # file, pipe, socket, anon, unknown
        self.rdev = rdev            # ("char"|"block", major, minor) for device files
        self.pidfd_pid = pidfd_pid
        # a link still unknown (pipe/socket inode): one cell shared by all the copies
        # (dup, fork) of this open file, so any holder still alive can resolve it
        self.cell = [None] if link is None else None

    def copy(self, cloexec=False):
        e = Entry(self.link, cloexec, self.kind, self.rdev, self.pidfd_pid)
        e.cell = self.cell
        return e


class Proc:
    """A process's fd table and working directory (shared by its threads).

    complete: the table was seeded while the process was stopped and every
    call since was seen, so an fd missing from it is not open (no /proc guess).
    """
    __slots__ = ("fds", "cwd", "complete")

    def __init__(self, fds=None, cwd=None, complete=False):
        self.fds = fds if fds is not None else {}
        self.cwd = cwd
        self.complete = complete


# ---------------------------------------------------------------- printing

def escape(data, xflag=0):
    """A path as strace prints it inside <...>: its quoting, no quotes, < and > escaped."""
    if isinstance(data, str):
        data = os.fsencode(data)
    if xflag == 2 or (xflag == 1 and any(b < 32 or b >= 127 for b in data)):
        return "".join(f"\\x{b:02x}" for b in data)
    esc = {9: "\\t", 10: "\\n", 11: "\\v", 12: "\\f", 13: "\\r", 34: '\\"', 92: "\\\\"}
    out = []
    n = len(data)
    for j, b in enumerate(data):
        e = esc.get(b)
        if e:
            out.append(e)
        elif 32 <= b < 127 and b not in (60, 62):
            out.append(chr(b))
        else:
            nxt = data[j + 1] if j + 1 < n else None
            out.append(f"\\{b:03o}" if nxt is not None and 48 <= nxt <= 55 else f"\\{b:o}")
    return "".join(out)


_DELETED = " (deleted)"


def _rdev(st):
    import stat
    if stat.S_ISCHR(st.st_mode):
        return ("char", os.major(st.st_rdev), os.minor(st.st_rdev))
    if stat.S_ISBLK(st.st_mode):
        return ("block", os.major(st.st_rdev), os.minor(st.st_rdev))
    return None


# ---------------------------------------------------------------- sockets (-yy)

_NETFILES = (("TCP", "tcp", _socket.AF_INET), ("TCPv6", "tcp6", _socket.AF_INET6),
             ("UDP", "udp", _socket.AF_INET), ("UDPv6", "udp6", _socket.AF_INET6),
             ("UDPLITE", "udplite", _socket.AF_INET), ("UDPLITEv6", "udplite6", _socket.AF_INET6),
             ("RAW", "raw", _socket.AF_INET), ("RAWv6", "raw6", _socket.AF_INET6))
_NETLINK_PROTOS = {0: "ROUTE", 2: "USERSOCK", 4: "SOCK_DIAG", 5: "NFLOG", 6: "XFRM",
                   7: "SELINUX", 8: "ISCSI", 9: "AUDIT", 10: "FIB_LOOKUP", 11: "CONNECTOR",
                   12: "NETFILTER", 13: "IP6_FW", 14: "DNRTMSG", 15: "KOBJECT_UEVENT",
                   16: "GENERIC", 18: "SCSITRANSPORT", 19: "ECRYPTFS", 20: "RDMA", 21: "CRYPTO",
                   22: "SMC"}


def _inet(hexaddr, family):
    addr, port = hexaddr.split(":")
    raw = bytes.fromhex(addr)
    if family == _socket.AF_INET:
        raw = raw[::-1]
        return f"{_socket.inet_ntop(family, raw)}:{int(port, 16)}"
    raw = b"".join(raw[i:i + 4][::-1] for i in range(0, 16, 4))
    return f"[{_socket.inet_ntop(family, raw)}]:{int(port, 16)}"


class SocketInfo:
    """Socket details from /proc/net/*, keyed by inode; re-read at most every few ms."""

    def __init__(self, proc="/proc"):
        self.proc = proc
        self.stamp = 0.0
        self.table = {}

    def refresh(self, pid):
        now = time.monotonic()
        if now - self.stamp < 0.005:
            return
        self.stamp = now
        t = {}
        base = f"{self.proc}/{pid}/net" if os.path.isdir(f"{self.proc}/{pid}/net") else f"{self.proc}/net"
        for proto, fname, fam in _NETFILES:
            try:
                with open(f"{base}/{fname}") as f:
                    next(f)
                    for ln in f:
                        p = ln.split()
                        if len(p) < 10:
                            continue
                        local, remote, ino = p[1], p[2], int(p[9])
                        try:
                            src = _inet(local, fam)
                            dst = _inet(remote, fam)
                        except (ValueError, OSError):
                            continue
                        zero = dst.endswith(":0") and set(remote.split(":")[0]) == {"0"}
                        lzero = src.endswith(":0") and set(local.split(":")[0]) == {"0"}
                        t[ino] = (proto, None if lzero else src, None if zero else dst)
            except OSError:
                pass
        try:
            with open(f"{base}/unix") as f:
                next(f)
                for ln in f:
                    p = ln.split(None, 7)
                    if len(p) < 7:
                        continue
                    ino = int(p[6])
                    path = p[7].rstrip("\n") if len(p) > 7 else None
                    t[ino] = ("UNIX", path, None)
        except OSError:
            pass
        try:
            with open(f"{base}/netlink") as f:
                next(f)
                for ln in f:
                    p = ln.split()
                    if len(p) < 10:
                        continue
                    t[int(p[9])] = ("NETLINK", int(p[1]), int(p[2]))
        except OSError:
            pass
        self.table = t

    def describe(self, pid, fd, ino, protoname):
        """'TCP:[1.2.3.4:5->6.7.8.9:10]' style text, or None."""
        self.refresh(pid)
        info = self.table.get(ino)
        if protoname is None:
            protoname = info[0] if info else None
        if protoname is None:
            return None
        if info is None:
            return f"{protoname}:[{ino}]"
        kind = info[0]
        if kind == "NETLINK":
            proto, portid = info[1], info[2]
            name = _NETLINK_PROTOS.get(proto, str(proto))
            return f"{protoname}:[{name}:{portid}]" if portid else f"{protoname}:[{ino}]"
        if kind == "UNIX":
            peer = unix_peer(ino)
            if peer:
                return f"{protoname}:[{ino}->{peer}]"
            if info[1]:
                return f'{protoname}:[{ino},"{escape(info[1])}"]'
            return f"{protoname}:[{ino}]"
        src, dst = info[1], info[2]
        if src and dst:
            return f"{protoname}:[{src}->{dst}]"
        if src:
            return f"{protoname}:[{src}]"
        return f"{protoname}:[{ino}]"


def unix_peer(ino):
    """The peer inode of a unix socket, via NETLINK_SOCK_DIAG (UNIX_DIAG_PEER), or None."""
    try:
        s = _socket.socket(_socket.AF_NETLINK, _socket.SOCK_DGRAM, 4)   # NETLINK_SOCK_DIAG
    except OSError:
        return None
    try:
        # nlmsghdr + unix_diag_req{family, protocol, pad, states, ino, show, cookie[2]}
        req = struct.pack("<BBHIIIII", _socket.AF_UNIX, 0, 0, 0xFFFFFFFF, ino, 0x4, 0xFFFFFFFF,
                          0xFFFFFFFF)
        hdr = struct.pack("<IHHII", 16 + len(req), 20, 1, 1, 0)   # SOCK_DIAG_BY_FAMILY, NLM_F_REQUEST
        s.settimeout(0.2)
        s.send(hdr + req)
        data = s.recv(8192)
        if len(data) < 16:
            return None
        ln, typ = struct.unpack_from("<IH", data)
        if typ != 20:
            return None
        pos = 16 + 16        # unix_diag_msg
        while pos + 4 <= min(ln, len(data)):
            alen, atyp = struct.unpack_from("<HH", data, pos)
            if alen < 4:
                break
            if atyp == 2 and alen >= 8:     # UNIX_DIAG_PEER
                return struct.unpack_from("<I", data, pos + 4)[0]
            pos += (alen + 3) & ~3
    except OSError:
        return None
    finally:
        s.close()
    return None


# ---------------------------------------------------------------- system access

class LiveSys:
    """Every look at the live system the tracker makes, by name: sys(op, *args) -> result.

    Results are plain JSON values, so --record can log them (LoggingSys) and
    --replay can answer them again offline (ReplaySys).
    """

    def __init__(self, tracker):
        self.t = tracker

    def __call__(self, op, *args):
        try:
            return getattr(self, "op_" + op)(*args)
        except (OSError, ValueError, UnicodeError):
            return None

    def op_readlink(self, p):
        return os.readlink(p)

    def op_listdir(self, p):
        return sorted(os.listdir(p))

    def op_read(self, p):
        with open(p) as f:
            return f.read()

    def op_realpath(self, p):
        return os.path.realpath(p)

    def op_rdev(self, p):
        r = _rdev(os.stat(p))
        return list(r) if r else None

    def op_socket(self, pid, fd, ino):
        return self.t._socket_text_live(pid, fd, ino)


class LoggingSys(LiveSys):
    """LiveSys that also keeps (seq, op, args, result) for --record."""

    def __init__(self, tracker):
        super().__init__(tracker)
        self.log = []

    def __call__(self, op, *args):
        r = super().__call__(op, *args)
        self.log.append([self.t.seq, op, list(args), r])
        return r

    def take(self):
        out, self.log = self.log, []
        return out


class ReplaySys:
    """Answers recorded by LoggingSys, looked up by (record number, op, args)."""

    def __init__(self, tracker, entries=()):
        self.t = tracker
        self.answers = {}
        self.add(entries)

    def add(self, entries):
        for seq, op, args, r in entries:
            self.answers[(seq, op, repr(list(args)))] = r

    def __call__(self, op, *args):
        return self.answers.get((self.t.seq, op, repr(list(args))))


class NoSys:
    """No system to look at (replay of a recording made without -y)."""

    def __call__(self, op, *args):
        return None


# ---------------------------------------------------------------- the tracker

_STATIC = {
    "eventfd": "anon_inode:[eventfd]", "eventfd2": "anon_inode:[eventfd]",
    "epoll_create": "anon_inode:[eventpoll]", "epoll_create1": "anon_inode:[eventpoll]",
    "timerfd_create": "anon_inode:[timerfd]", "inotify_init": "anon_inode:inotify",
    "inotify_init1": "anon_inode:inotify", "fanotify_init": "anon_inode:[fanotify]",
    "userfaultfd": "anon_inode:[userfaultfd]", "perf_event_open": "anon_inode:[perf_event]",
    "io_uring_setup": "anon_inode:[io_uring]", "memfd_secret": "/secretmem (deleted)",
}
# flags argument index and its close-on-exec bit
_CLOEXEC_ARG = {
    "eventfd2": (1, O_CLOEXEC), "epoll_create1": (0, O_CLOEXEC), "timerfd_create": (1, O_CLOEXEC),
    "inotify_init1": (0, O_CLOEXEC), "fanotify_init": (0, 1), "userfaultfd": (0, O_CLOEXEC),
    "perf_event_open": (4, 8), "memfd_create": (1, 1), "signalfd4": (3, O_CLOEXEC),
    "socket": (1, O_CLOEXEC), "accept4": (3, O_CLOEXEC), "io_uring_setup": None,
}
# calls whose non-negative result is a descriptor (printed with -y)
FD_RETURNING = {"open", "openat", "openat2", "creat", "dup", "dup2", "dup3", "socket", "accept",
                "accept4", "eventfd", "eventfd2", "epoll_create", "epoll_create1", "signalfd",
                "signalfd4", "timerfd_create", "inotify_init", "inotify_init1", "fanotify_init",
                "memfd_create", "memfd_secret", "pidfd_open", "pidfd_getfd", "open_by_handle_at",
                "userfaultfd", "perf_event_open", "io_uring_setup", "open_tree", "fsopen",
                "fsmount", "fspick", "mq_open", "landlock_create_ruleset"}


def _s32(v):
    v &= 0xFFFFFFFF
    return v - (1 << 32) if v & 0x80000000 else v


def _cap_str(rec, i):
    c = rec.caps.get(i)
    if c is None or c.status == 1 or not c.data:
        return None
    d = c.data
    n = d.find(b"\0")
    return d[:n] if n >= 0 else d


class FdTracker:
    """Per-process fd tables built from the record stream; see the module docstring."""

    def __init__(self, syscalls, decode=frozenset({"path"}), live=True, proc="/proc",
                 complete=True):
        self.decode = set(decode)
        self.complete = complete    # False: calls may be missing (-e trace= in the kernel)
        self.live = live            # False: nothing can be looked up (NoSys)
        self.seq = 0                # records observed so far (keys for --record logs)
        self.sys = LiveSys(self) if live else NoSys()
        self.proc = proc
        self.procs = {}             # pid (tgid) -> Proc
        self.names = {nr: sc.name for nr, sc in syscalls.items()}
        self.cur = None             # record being formatted
        self.before = {}            # fd -> Entry|None before the current record
        self.sockets = SocketInfo(proc)
        self.protonames = {}        # socket inode -> system.sockprotoname
        self._texts = {}            # (link, rdev, pidfd pid) -> printed text (files, pipes)

    # ------------------------------------------------------------ /proc
    def _readlink(self, pid, fd):
        return self.sys("readlink", f"{self.proc}/{pid}/fd/{fd}")

    def _entry_from_proc(self, pid, fd):
        link = self._readlink(pid, fd)
        if link is None:
            return None
        e = Entry(link, kind=_kind_of(link))
        info = self.sys("read", f"{self.proc}/{pid}/fdinfo/{fd}") or ""
        try:
            for ln in info.splitlines():
                if ln.startswith("flags:"):
                    e.cloexec = bool(int(ln.split()[1], 8) & O_CLOEXEC)
                elif ln.startswith("Pid:"):
                    e.pidfd_pid = int(ln.split()[1])
        except (ValueError, IndexError):
            pass
        if link.startswith("/"):
            r = self.sys("rdev", f"{self.proc}/{pid}/fd/{fd}")
            e.rdev = tuple(r) if r else None
        return e

    def seed(self, pid, stopped=True):
        """Fill pid's table from /proc now (stopped: it cannot have moved on since)."""
        p = Proc(complete=stopped and self.complete)
        for name in self.sys("listdir", f"{self.proc}/{pid}/fd") or ():
            if name.isdigit():
                e = self._entry_from_proc(pid, int(name))
                if e is not None:
                    p.fds[int(name)] = e
        p.cwd = self.sys("readlink", f"{self.proc}/{pid}/cwd")
        self.procs[pid] = p
        return p

    def proc_of(self, pid):
        p = self.procs.get(pid)
        if p is None:
            p = self.seed(pid, stopped=False)
        return p

    # ------------------------------------------------------------ paths
    def _resolve(self, pid, dirfd, path, nofollow=False):
        """The path the kernel would show for `path` opened relative to dirfd."""
        p = self.proc_of(pid)
        if isinstance(path, bytes):
            path = os.fsdecode(path)
        if not path.startswith("/"):
            if dirfd == AT_FDCWD:
                base = p.cwd
            else:
                e = p.fds.get(dirfd)
                base = e.link if e is not None and e.link and e.link.startswith("/") else None
            if base is None:
                return None
            path = os.path.join(base, path) if path else base
        # a tracee's /proc/self is not ours
        if path == "/proc/self" or path.startswith("/proc/self/"):
            path = f"/proc/{pid}" + path[len("/proc/self"):]
        elif path.startswith("/proc/thread-self"):
            path = f"/proc/{pid}/task/{pid}" + path[len("/proc/thread-self"):]
        m = re.match(r"^/(?:proc/(\d+)|dev)/fd/(\d+)$", path)
        if m and (m.group(1) is None or int(m.group(1)) == pid):
            return ("dup", int(m.group(2)))
        if path in ("/dev/stdin", "/dev/stdout", "/dev/stderr"):
            return ("dup", ("/dev/stdin", "/dev/stdout", "/dev/stderr").index(path))
        if nofollow:
            head, tail = os.path.split(os.path.normpath(path))
            return os.path.join(self.sys("realpath", head) or head, tail)
        return self.sys("realpath", path) or os.path.normpath(path)

    def _new_file(self, rec, dirfd, path, cloexec, nofollow=False):
        pid = rec.pid
        r = self._resolve(pid, dirfd, path, nofollow) if path is not None else None
        p = self.proc_of(pid)
        if isinstance(r, tuple):
            src = p.fds.get(r[1])
            e = src.copy(cloexec) if src is not None else Entry(None, cloexec, "unknown")
        elif r is None:
            e = Entry(None, cloexec, "unknown")
        else:
            e = Entry(r, cloexec)
            if "dev" in self.decode:
                rd = self.sys("rdev", r)
                e.rdev = tuple(rd) if rd else None
        self._set(p, rec.ret, e)

    # ------------------------------------------------------------ updates
    def _set(self, p, fd, e):
        fd = int(fd)
        if fd not in self.before:
            self.before[fd] = p.fds.get(fd)
        p.fds[fd] = e

    def _drop(self, p, fd):
        if fd in p.fds:
            if fd not in self.before:
                self.before[fd] = p.fds.get(fd)
            del p.fds[fd]

    def observe(self, rec):
        """Apply one record to the tables (call before formatting it)."""
        self.seq += 1
        self.cur = rec
        self.before = {}
        t = rec.type
        if t == EV_SYSCALL:
            name = self.names.get(rec.nr)
            h = _HANDLERS.get(name)
            if h is not None and (rec.ret >= 0 or name in ("close",)) and not rec.flags & 1:
                try:
                    h(self, rec, name)
                except (ValueError, OSError, struct.error, IndexError, TypeError):
                    pass
            elif rec.pid not in self.procs:
                self.proc_of(rec.pid)
        elif t == EV_FORK:
            parent = self.proc_of(rec.pid)
            # a process's copy (a thread's is never used: its records carry the tgid)
            self.procs[rec.aux] = Proc({fd: e.copy(e.cloexec) for fd, e in parent.fds.items()},
                                       parent.cwd, parent.complete)
        elif t == EV_EXIT:
            if rec.tid != rec.pid:
                self.procs.pop(rec.tid, None)
            if rec.aux:
                self.procs.pop(rec.pid, None)

    # ------------------------------------------------------------ lookups
    def _lookup(self, rec, fd, after):
        p = self.procs.get(rec.pid)
        if p is None:
            p = self.proc_of(rec.pid)
        if not after and rec is self.cur and fd in self.before:
            e = self.before[fd]
        else:
            e = p.fds.get(fd)
            if e is None and not p.complete and \
                    not (rec is self.cur and fd in self.before):
                e = self._entry_from_proc(rec.pid, fd)
                if e is not None:
                    p.fds[fd] = e
        if e is not None and e.link is None and e.cell is not None:
            self._resolve_cell(rec.pid, fd, e)
        return e

    def _resolve_cell(self, pid, fd, e):
        """An unknown link: ask /proc for this descriptor, else for any other copy of it."""
        cell = e.cell
        if cell[0] is None:
            holders = [(pid, fd)] + [(q, f) for q, p in self.procs.items()
                                     for f, x in p.fds.items()
                                     if x.cell is cell and (q, f) != (pid, fd)]
            for q, f in holders[:8]:
                link = self._readlink(q, f)
                if link is not None and (e.kind == "unknown" or _kind_of(link) == e.kind):
                    cell[0] = link
                    break
            else:
                return
        e.link = cell[0]
        if e.kind == "unknown":
            e.kind = _kind_of(e.link)

    def describe(self, rec, fd, after=False):
        """The '<...>' text for fd in rec's process, or '' when nothing is known."""
        if fd < 0:
            return ""
        e = self._lookup(rec, fd, after)
        if e is None or e.link is None:
            return ""
        return self.render(rec, fd, e)

    def render(self, rec, fd, e, xflag=0):
        key = (e.link, e.rdev, e.pidfd_pid)
        s = self._texts.get(key)
        if s is None:
            s = self._render(rec, fd, e)
            if not e.link.startswith("socket:["):     # socket details change over time
                if len(self._texts) > 4096:
                    self._texts.clear()
                self._texts[key] = s
        return s

    def _render(self, rec, fd, e):
        link = e.link
        d = self.decode
        if link.startswith("/"):
            deleted = link.endswith(_DELETED)
            path = link[:-len(_DELETED)] if deleted else link
            if e.rdev and "dev" in d:
                s = f"<{escape(path, self.xflag)}<{e.rdev[0]} {e.rdev[1]}:{e.rdev[2]}>>"
            elif "path" in d:
                s = f"<{escape(path, self.xflag)}>"
            else:
                return ""
            return s + "(deleted)" if deleted else s
        if link.startswith("socket:["):
            if "socket" in d:
                ino = int(link[8:-1])
                txt = self.sys("socket", rec.pid, fd, ino)
                if txt:
                    return f"<{txt}>"
            return f"<{link}>" if "path" in d else ""
        if e.pidfd_pid is not None and "pidfd" in d:
            return f"<pid:{e.pidfd_pid}>"
        return f"<{link}>" if "path" in d else ""

    xflag = 0

    def _socket_text_live(self, pid, fd, ino):
        name = self.protonames.get(ino)
        if name is None:
            try:
                name = os.getxattr(f"{self.proc}/{pid}/fd/{fd}", "system.sockprotoname").decode()
                name = name.rstrip("\0")
            except OSError:
                name = None
            if name:
                self.protonames[ino] = name
        return self.sockets.describe(pid, fd, ino, name)

    def cwd(self, rec):
        if "path" not in self.decode:
            return ""
        p = self.proc_of(rec.pid)
        if p.cwd is None:
            return ""
        return f"<{escape(p.cwd, self.xflag)}>"

    def returns_fd(self, rec, name):
        if name == "fcntl":
            return rec.args[1] in (F_DUPFD, F_DUPFD_CLOEXEC)
        return name in FD_RETURNING

    def decorate_ret(self, rec, sc, text):
        if rec.ret < 0 or sc is None or not self.returns_fd(rec, sc.name):
            return text
        return text + self.describe(rec, rec.ret, after=True)


def _kind_of(link):
    if link.startswith("/"):
        return "file"
    if link.startswith("pipe:"):
        return "pipe"
    if link.startswith("socket:"):
        return "socket"
    return "anon"


# ---------------------------------------------------------------- handlers

def _h_open(t, rec, name):
    a = rec.args
    if name == "open":
        t._new_file(rec, AT_FDCWD, _cap_str(rec, 0), bool(a[1] & O_CLOEXEC), bool(a[1] & O_NOFOLLOW))
    elif name == "creat":
        t._new_file(rec, AT_FDCWD, _cap_str(rec, 0), False)
    elif name == "openat":
        t._new_file(rec, _s32(a[0]), _cap_str(rec, 1), bool(a[2] & O_CLOEXEC),
                    bool(a[2] & O_NOFOLLOW))
    elif name == "openat2":
        t._new_file(rec, _s32(a[0]), _cap_str(rec, 1), False)
    else:   # open_by_handle_at, open_tree, fsmount, ...: only /proc knows
        t._set(t.proc_of(rec.pid), rec.ret, Entry(None, False, "unknown"))


def _h_dup(t, rec, name):
    p = t.proc_of(rec.pid)
    a = rec.args
    old = _s32(a[0])
    src = p.fds.get(old)
    if src is None:
        src = (None if p.complete else t._entry_from_proc(rec.pid, old)) or \
            Entry(None, False, "unknown")
        p.fds[old] = src
    if name == "fcntl":
        cmd = a[1]
        if cmd in (F_DUPFD, F_DUPFD_CLOEXEC):
            t._set(p, rec.ret, src.copy(cmd == F_DUPFD_CLOEXEC))
        elif cmd == F_SETFD:
            src.cloexec = bool(a[2] & 1)
        return
    if name == "dup3":
        cloexec = bool(a[2] & O_CLOEXEC)
    else:
        cloexec = False
    if rec.ret != old:
        t._set(p, rec.ret, src.copy(cloexec))


def _h_ioctl(t, rec, name):
    req = rec.args[1] & 0xFFFFFFFF
    if req in (FIOCLEX, FIONCLEX):
        e = t.proc_of(rec.pid).fds.get(_s32(rec.args[0]))
        if e is not None:
            e.cloexec = req == FIOCLEX


def _h_close(t, rec, name):
    if rec.ret == -9:          # EBADF: nothing was open
        return
    t._drop(t.proc_of(rec.pid), _s32(rec.args[0]))


def _h_close_range(t, rec, name):
    p = t.proc_of(rec.pid)
    lo, hi, fl = rec.args[0] & 0xFFFFFFFF, rec.args[1] & 0xFFFFFFFF, rec.args[2]
    for fd in [fd for fd in p.fds if lo <= fd <= hi]:
        if fl & CLOSE_RANGE_CLOEXEC:
            p.fds[fd].cloexec = True
        else:
            t._drop(p, fd)


def _pair(rec, i):
    c = rec.caps.get(i)
    if c is None or c.status != 0 or len(c.data) < 8:
        return None
    return struct.unpack_from("<ii", c.data)


def _h_pipe(t, rec, name):
    pr = _pair(rec, 0)
    if pr is None:
        return
    cloexec = name == "pipe2" and bool(rec.args[1] & O_CLOEXEC)
    p = t.proc_of(rec.pid)
    for fd in pr:
        t._set(p, fd, Entry(None, cloexec, "pipe"))


def _h_socketpair(t, rec, name):
    pr = _pair(rec, 3)
    if pr is None:
        return
    cloexec = bool(rec.args[1] & O_CLOEXEC)
    p = t.proc_of(rec.pid)
    for fd in pr:
        t._set(p, fd, Entry(None, cloexec, "socket"))


def _flag_cloexec(rec, name):
    spec = _CLOEXEC_ARG.get(name)
    if not spec:
        return False
    i, bit = spec
    return bool(rec.args[i] & bit)


def _h_socket(t, rec, name):
    cloexec = _flag_cloexec(rec, name)
    t._set(t.proc_of(rec.pid), rec.ret, Entry(None, cloexec, "socket"))


def _h_anon(t, rec, name):
    link = _STATIC.get(name)
    t._set(t.proc_of(rec.pid), rec.ret, Entry(link, _flag_cloexec(rec, name), "anon"))


def _h_signalfd(t, rec, name):
    if _s32(rec.args[0]) == -1:
        cloexec = name == "signalfd4" and bool(rec.args[3] & O_CLOEXEC)
        t._set(t.proc_of(rec.pid), rec.ret, Entry("anon_inode:[signalfd]", cloexec, "anon"))


def _h_memfd(t, rec, name):
    nm = _cap_str(rec, 0)
    link = None if nm is None else f"/memfd:{os.fsdecode(nm)} (deleted)"
    t._set(t.proc_of(rec.pid), rec.ret, Entry(link, bool(rec.args[1] & 1), "file" if link else "unknown"))


def _h_pidfd_open(t, rec, name):
    t._set(t.proc_of(rec.pid), rec.ret,
           Entry("anon_inode:[pidfd]", True, "anon", pidfd_pid=_s32(rec.args[0])))


def _h_pidfd_getfd(t, rec, name):
    t._set(t.proc_of(rec.pid), rec.ret, Entry(None, True, "unknown"))


def _h_unknown_new(t, rec, name):
    t._set(t.proc_of(rec.pid), rec.ret, Entry(None, _flag_cloexec(rec, name), "unknown"))


def _h_execve(t, rec, name):
    if rec.ret != 0:
        return
    p = t.proc_of(rec.pid)
    for fd in [fd for fd, e in p.fds.items() if e.cloexec]:
        t._drop(p, fd)


def _h_chdir(t, rec, name):
    p = t.proc_of(rec.pid)
    if name == "chdir":
        path = _cap_str(rec, 0)
        if path is None:
            p.cwd = None
            return
        r = t._resolve(rec.pid, AT_FDCWD, path)
        p.cwd = r if isinstance(r, str) else None
    else:
        e = p.fds.get(_s32(rec.args[0]))
        p.cwd = e.link if e is not None and e.link and e.link.startswith("/") else None
    if p.cwd is None:
        p.cwd = t.sys("readlink", f"{t.proc}/{rec.pid}/cwd")


def _mark_paths(t, rec, old, new=None):
    """unlink/rename of a path some process has open: '(deleted)' / the new name."""
    for p in t.procs.values():
        for e in p.fds.values():
            if e.link == old:
                e.link = new if new is not None else old + _DELETED


def _h_unlink(t, rec, name):
    if name == "unlink" or name == "rmdir":
        d, path = AT_FDCWD, _cap_str(rec, 0)
    else:
        d, path = _s32(rec.args[0]), _cap_str(rec, 1)
    if path is None:
        return
    p = t.proc_of(rec.pid)
    base = p.cwd if d == AT_FDCWD else (p.fds.get(d).link if p.fds.get(d) else None)
    if not path.startswith(b"/"):
        if base is None:
            return
        path = os.path.join(os.fsencode(base), path)
    head, tail = os.path.split(os.path.normpath(os.fsdecode(path)))
    full = os.path.join(t.sys("realpath", head) or head, tail)
    _mark_paths(t, rec, full)


def _h_rename(t, rec, name):
    if name == "rename":
        pairs = ((AT_FDCWD, _cap_str(rec, 0)), (AT_FDCWD, _cap_str(rec, 1)))
    else:
        pairs = ((_s32(rec.args[0]), _cap_str(rec, 1)), (_s32(rec.args[2]), _cap_str(rec, 3)))
    if pairs[0][1] is None or pairs[1][1] is None:
        return
    p = t.proc_of(rec.pid)
    full = []
    for d, path in pairs:
        base = p.cwd if d == AT_FDCWD else (p.fds.get(d).link if p.fds.get(d) else None)
        path = os.fsdecode(path)
        if not path.startswith("/"):
            if base is None:
                return
            path = os.path.join(base, path)
        head, tail = os.path.split(os.path.normpath(path))
        full.append(os.path.join(t.sys("realpath", head) or head, tail))
    _mark_paths(t, rec, full[0], full[1])


def _h_clone(t, rec, name):
    """clone with CLONE_FILES/CLONE_FS but not CLONE_THREAD: the child shares the table."""
    if name == "clone3" or rec.ret <= 0:
        return
    fl = rec.args[0]
    if fl & CLONE_THREAD or not fl & (CLONE_FILES | CLONE_FS):
        return
    parent = t.proc_of(rec.pid)
    child = t.procs.get(rec.ret)
    if child is None:
        return
    if fl & CLONE_FILES:
        child.fds = parent.fds


_HANDLERS = {}
for _n in ("open", "openat", "openat2", "creat", "open_by_handle_at", "open_tree", "fsopen",
           "fsmount", "fspick"):
    _HANDLERS[_n] = _h_open
for _n in ("dup", "dup2", "dup3", "fcntl"):
    _HANDLERS[_n] = _h_dup
for _n in _STATIC:
    _HANDLERS[_n] = _h_anon
for _n in ("socket", "accept", "accept4"):
    _HANDLERS[_n] = _h_socket
for _n in ("execve", "execveat"):
    _HANDLERS[_n] = _h_execve
for _n in ("chdir", "fchdir"):
    _HANDLERS[_n] = _h_chdir
for _n in ("unlink", "unlinkat", "rmdir"):
    _HANDLERS[_n] = _h_unlink
for _n in ("rename", "renameat", "renameat2"):
    _HANDLERS[_n] = _h_rename
for _n in ("mq_open", "landlock_create_ruleset"):
    _HANDLERS[_n] = _h_unknown_new
_HANDLERS.update({
    "ioctl": _h_ioctl, "close": _h_close, "close_range": _h_close_range, "pipe": _h_pipe,
    "pipe2": _h_pipe, "socketpair": _h_socketpair, "signalfd": _h_signalfd,
    "signalfd4": _h_signalfd, "memfd_create": _h_memfd, "pidfd_open": _h_pidfd_open,
    "pidfd_getfd": _h_pidfd_getfd, "clone": _h_clone,
})


def needed_syscalls():
    """Names of the calls that change fd tables: with -y, a kernel-side trace= filter should
    keep them flowing (and hide them when printing) so the tables stay complete."""
    return set(_HANDLERS)
