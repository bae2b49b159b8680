"""The stream of records -> strace's output lines, per traced process.

Keeps what strace's output needs across records: which processes are alive
(pid prefixes appear once more than one is traced), how each one ended, and
execve argv captured at entry.  Line formatting itself is syscall_formatters'.
"""
import struct

import syscall_formatters as sf
import xlat
from tracepoint_raw import ENTRY_CAP, EV_ENTER, EV_EXIT, EV_FORK, EV_SIGNAL, EV_SYSCALL, ST_OK

# default action "terminate" or "core" (signal(7)); stop/ignore are not fatal
_FATAL = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 24, 25, 26, 27, 29, 30, 31}
_CORE = {3, 4, 5, 6, 7, 8, 11, 24, 25, 31}
SIGKILL, SIGSTOP = 9, 19
EXIT_NRS = {60, 231}      # exit, exit_group


class Renderer:
    """Feed records with `feed`; lines go to `write` (a function taking a str)."""

    def __init__(self, syscalls, ctx, write, *, follow=False, output_file=False,
                 always_show_pid=False, root_pid=None, root_status=None, timefmt=None,
                 show_time=False, quiet=0, signal_filter=None):
        self.syscalls = syscalls
        self.ctx = ctx
        self.write = write
        self.follow = follow
        self.output_file = output_file
        self.always_show_pid = always_show_pid
        self.root_pid = root_pid
        self.root_status = root_status      # callable -> wait status of the root
        self.timefmt = timefmt              # callable(rec) -> prefix for -t/-r, or None
        self.show_time = show_time          # -T
        self.quiet = quiet
        self.signal_filter = signal_filter
        self.alive = set() if root_pid is None else {root_pid}
        self.exit_code = {}                 # tid -> exit/exit_group argument
        self.fatal = {}                     # tid -> fatal signal delivered
        self.pending_exec = {}              # tid -> EV_ENTER record (execve argv)
        self.root_exit = None               # wait status of the root, once known

    # ---------------------------------------------------------------- prefix
    def prefix(self, tid):
        if self.output_file and self.follow:
            return f"{tid:<5} "
        if self.always_show_pid or len(self.alive) > 1:
            return f"[pid {tid:5}] "
        return ""

    def lead(self, rec):
        p = self.prefix(rec.tid)
        if self.timefmt:
            p += self.timefmt(rec)
        return p

    # ---------------------------------------------------------------- records
    def feed(self, rec):
        t = rec.type
        if t == EV_SYSCALL:
            self.on_syscall(rec)
        elif t == EV_ENTER:
            self.pending_exec[rec.tid] = rec
        elif t == EV_FORK:
            self.alive.add(rec.aux)
        elif t == EV_EXIT:
            self.on_exit(rec)
        elif t == EV_SIGNAL:
            self.on_signal(rec)

    def on_syscall(self, rec):
        sc = self.syscalls.get(rec.nr)
        entry = self.pending_exec.pop(rec.tid, None)
        if entry is not None and entry.nr == rec.nr:
            caps = dict(entry.caps)
            caps.update(rec.caps)
            caps.update({k + ENTRY_CAP: v for k, v in entry.caps.items()})
            rec.caps = caps
        if rec.nr in EXIT_NRS:
            self.exit_code[rec.tid] = rec.args[0] & 0xFF
        line = sf.format_syscall(rec, sc, self.ctx, self.lead(rec))
        if self.show_time and not rec.flags & 1:
            d = rec.ts_exit - rec.ts_enter
            line += f" <{d // 1_000_000_000}.{d % 1_000_000_000 // 1000:06d}>"
        self.write(line + "\n")

    def on_signal(self, rec):
        sig = rec.aux
        handler = rec.args[0]
        if sig in _FATAL and handler == 0:
            self.fatal[rec.tid] = sig
        if sig == SIGKILL:
            return
        if self.signal_filter is not None and sig not in self.signal_filter:
            return
        if self.quiet >= 3:
            return
        c = rec.caps.get(0)
        info = sf_siginfo(sig, c.data if c is not None and c.status == ST_OK else None,
                          self.ctx)
        self.write(f"{self.lead(rec)}--- {xlat.signal_name(sig)} {info} ---\n")

    def on_exit(self, rec):
        tid = rec.tid
        if tid == self.root_pid and self.root_status is not None:
            st = self.root_status()
            self.root_exit = st
            line = exit_line(st)
        elif tid in self.fatal:
            line = f"+++ killed by {xlat.signal_name(self.fatal[tid])} +++"
        else:
            line = f"+++ exited with {self.exit_code.get(tid, 0)} +++"
        if self.quiet < 2:
            self.write(f"{self.prefix(tid)}{line}\n")
        self.alive.discard(tid)


def exit_line(status):
    """'+++ exited with N +++' / '+++ killed by SIG +++' from a wait status."""
    import os
    if os.WIFSIGNALED(status):
        core = " (core dumped)" if os.WCOREDUMP(status) else ""
        return f"+++ killed by {xlat.signal_name(os.WTERMSIG(status))}{core} +++"
    return f"+++ exited with {os.WEXITSTATUS(status)} +++"


def sf_siginfo(sig, data, ctx):
    """strace's {si_signo=..., si_code=..., ...} from a UAPI siginfo."""
    if data is None or len(data) < 48:
        return "{si_signo=%s, si_code=SI_KERNEL}" % xlat.signal_name(sig) if data is None \
            else "{si_signo=%s}" % xlat.signal_name(sig)
    signo, _errno, code = struct.unpack_from("<iii", data, 0)
    name = xlat.signal_name(signo)
    code_name = siginfo_code(signo, code)
    out = [f"si_signo={name}", f"si_code={code_name}"]
    pid, uid = struct.unpack_from("<iI", data, 16)
    if code <= 0 or code == 0x80 and sig not in (4, 7, 8, 11):
        # sent by a process (SI_USER, SI_QUEUE, SI_TKILL, ...) or by the kernel
        if code == 0x80:
            pass
        else:
            out += [f"si_pid={pid}", f"si_uid={uid}"]
            if code in (-1, -2, -3, -4):   # SI_QUEUE, SI_TIMER, SI_MESGQ, SI_ASYNCIO
                val, = struct.unpack_from("<q", data, 24)
                out += [f"si_int={val & 0xFFFFFFFF if val & 0xFFFFFFFF < 0x80000000 else (val & 0xFFFFFFFF) - (1 << 32)}",
                        f"si_ptr={sf.ptr(val)}"]
    elif sig == 17:   # SIGCHLD
        status, = struct.unpack_from("<i", data, 24)
        utime, stime = struct.unpack_from("<qq", data, 32)
        st = xlat.signal_name(status) if code in (2, 3, 5, 6) else str(status)
        out += [f"si_pid={pid}", f"si_uid={uid}", f"si_status={st}",
                f"si_utime={utime}", f"si_stime={stime}"]
    elif sig in (4, 7, 8, 11, 5):   # SIGILL SIGBUS SIGFPE SIGSEGV SIGTRAP
        addr, = struct.unpack_from("<Q", data, 16)
        out.append(f"si_addr={sf.ptr(addr)}")
    return "{" + ", ".join(out) + "}"


_CODE_TABLES = {17: "sigchld_codes", 11: "sigsegv_codes", 7: "sigbus_codes", 4: "sigill_codes",
                8: "sigfpe_codes", 5: "sigtrap_codes", 29: "sigpoll_codes", 31: "sigsys_codes"}


def siginfo_code(sig, code):
    if code > 0 and code != 0x80:
        t = _CODE_TABLES.get(sig)
        if t:
            n = xlat.lookup(t, code)
            if n:
                return n
    n = xlat.lookup("si_codes", code)
    return n if n else str(code)
