"""The stream of records -> strace's output lines, per traced process.

Keeps what strace's output needs across records: which processes are alive
(pid prefixes appear while more than one is traced), how each one ended,
execve argv captured at entry, and the calls in progress.

Interleaving: with -f the BPF side also emits an EV_START record when a call
begins.  Each start becomes a *slot* in an output queue; lines of other
processes queue up behind it.  When the call's exit record arrives and nothing
was queued after its slot, the slot becomes the whole line; otherwise it
becomes `name(inputs <unfinished ...>` and `<... name resumed>outputs) = ret`
is queued at the end, as strace prints it.  The queue is written up to the
first slot still open.  A slot whose inputs need no captured memory is closed
as unfinished as soon as something queues behind it (its text is known at
entry); one with strings waits for the exit record (which carries them) up to
DEADLINE seconds, then prints what the entry record has.

Line formatting itself is syscall_formatters'; which arguments strace prints
at entry is split_index().
"""
import os
import re
import struct
import time

import syscall_formatters as sf
import xlat
from tracepoint_raw import (ENTRY_CAP, EV_ENTER, EV_EXEC, EV_EXIT, EV_FORK, EV_SIGGEN, EV_SIGNAL,
                            EV_START, EV_SYSCALL, SF_NORETURN, ST_OK, ST_TRUNC, WHEN_BOTH,
                            WHEN_ENTER, WHEN_EXIT_OK, Capture, Record)

# default action "terminate" or "core" (signal(7)); stop/ignore are not fatal
_FATAL = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 24, 25, 26, 27, 29, 30, 31}
_CORE = {3, 4, 5, 6, 7, 8, 11, 24, 25, 31}
_STOP = {19, 20, 21, 22}      # SIGSTOP SIGTSTP SIGTTIN SIGTTOU
SIGKILL, SIGSTOP, SIGCHLD = 9, 19, 17
EXIT_NRS = {60, 231}          # exit, exit_group
EXIT_GROUP = 231
EXECVE_NRS = {59, 322}        # execve, execveat
RESTART_ERRNOS = {512, 513, 514, 516}   # ERESTARTSYS ... ERESTART_RESTARTBLOCK
DEADLINE = 0.1                # seconds an open slot may hold back other lines


def split_index(sc):
    """(k, needs_caps): strace prints arguments [0, k) at entry, the rest at exit.

    The first argument the kernel writes (a capture taken only on success, a
    value-result one, or a kind named *_out / *_rem) starts the exit part.  needs_caps: an entry argument is read from memory
    at exit, so the entry record alone cannot print it."""
    import syscall_specs
    if sc is None:
        return 6, False
    k, needs = len(sc.kinds), False
    for i, kd in enumerate(sc.kinds):
        name, param = syscall_specs.parse_kind(kd)
        f = syscall_specs.CAPTURES.get(name)
        if f is None:
            continue
        try:
            c = f(param)
        except Exception:
            continue
        # written by the kernel: captured only on success, value-result, or an
        # output kept also on failure (nanosleep's remaining time: "timespec_rem")
        if c.when in (WHEN_EXIT_OK, WHEN_BOTH) or name.endswith(("_out", "_rem")):
            k = i
            break
        if c.when != WHEN_ENTER:
            needs = True
    return k, needs


class Slot:
    """A call in progress: printed when its exit arrives, or as <unfinished ...>."""
    __slots__ = ("tid", "rec", "lead", "text", "recv", "cut", "after", "queued", "end")

    def __init__(self, tid, rec, lead, recv):
        self.tid, self.rec, self.lead, self.recv = tid, rec, lead, recv
        self.text = None      # filled: the text to write
        self.cut = False      # printed as <unfinished ...>
        self.after = []       # lines due right after this call (ignored SIGCHLD)
        self.queued = False   # in the output queue (not with -ff: one file per process)
        self.end = False      # a process's +++ line waiting for its SIGCHLD's status


class Renderer:
    """Feed records with `feed`, then `flush()`; lines go to `write` (a function taking a str).

    With `writer_for` (-ff), lines go to writer_for(tid)(text) instead, with no prefix."""

    def __init__(self, syscalls, ctx, write, *, follow=False, output_file=False,
                 always_show_pid=False, root_pid=None, root_status=None, timefmt=None,
                 show_time=False, quiet=0, signal_filter=None, writer_for=None,
                 decode_pids_comm=False, messages=False, prog="my_strace"):
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
        self.time_digits = 6                # -T precision (--syscall-times=s|ms|us|ns)
        self.quiet = quiet
        self.signal_filter = signal_filter
        self.writer_for = writer_for        # -ff
        self.decode_pids_comm = decode_pids_comm   # -Y
        self.messages = messages            # "Process N attached" on the trace stream
        self.prog = prog
        self.alive = set() if root_pid is None else {root_pid}
        self.several = False                # -o and several processes from the start (-p A -p B)
        self.immediate = False              # every line written during feed() (--json)
        self.hold_restarts = True           # hold ERESTART* results for a kill (not with
                                            # cli's reused lines, which bypass feed())
        self.exit_code = {}                 # tid -> exit() argument
        self.group_exit = {}                # tgid -> exit_group() argument
        self.group_fatal = {}               # tgid -> fatal signal (not SIGKILL) delivered
        self.sigkilled = set()              # tids that got SIGKILL
        self.tgid = {}                      # tid -> tgid
        self.parent = {}                    # tgid -> parent tgid (EV_FORK)
        self.pending_exec = {}              # tid -> EV_ENTER record (execve argv)
        self.open = {}                      # tid -> Slot of the call in progress
        self.held = {}                      # tid -> (exit record, time): ERESTART*, may be a kill
        self.queue = []                     # str / Slot / (tid, str) items, in output order
        self.root_exit = None               # wait status of the root, once known
        self.leader_exit = {}               # tgid -> its leader's EV_EXIT, until its threads end
        self.sent = {}                      # target tid -> EV_SIGGEN of a signal sent to it
        self.own_pid = os.getpid()          # our own signals (e.g. SIGCONT) are not the trace's
        self.child_status = {}              # tgid -> (si_code, si_status) of its SIGCHLD
        self.pending_end = {}               # tgid -> end Slot waiting for that status
        self._split = {}

    # ---------------------------------------------------------------- prefix
    def prefix(self, tid, comm=b""):
        if self.writer_for is not None:
            return ""
        c = ""
        if self.decode_pids_comm:
            c = "<" + comm.decode("utf-8", "replace") + ">"
        if self.output_file and (self.follow or self.several):
            return f"{tid}{c} " if c else f"{tid:<5} "
        if self.always_show_pid or len(self.alive) > 1:
            return f"[pid {tid:5}{c}] "
        return ""

    def lead(self, rec):
        p = self.prefix(rec.tid, rec.comm)
        if self.timefmt:
            p += self.timefmt(rec)
        return p

    def lead_at_exit(self, rec):
        """The prefix of a line printed when a call ends (-t shows that time)."""
        if not self.timefmt:
            return self.prefix(rec.tid, rec.comm)
        return self.lead(_Lead(rec.tid, rec.comm, rec, rec.ts_exit))

    # ---------------------------------------------------------------- queue
    def _put(self, tid, text):
        if self.queue:
            self.queue.append((tid, text))
        else:
            self._target(tid)(text)       # nothing held back: write at once

    def _target(self, tid):
        if self.writer_for is None:
            return self.write
        return self.writer_for(tid)

    def flush(self, now=None, final=False):
        """Write the queue up to the first open slot; close slots held back too long."""
        if now is None:
            now = time.monotonic()
        for tid, (rec, t) in list(self.held.items()):
            if final or now - t > DEADLINE:
                self._finish(rec)
        if final:
            for pid in list(self.leader_exit):
                self._end(self.leader_exit.pop(pid))
        q = self.queue
        i = 0
        while i < len(q):
            it = q[i]
            if isinstance(it, Slot):
                if it.text is None and it.end:
                    if not (final or now - it.recv > DEADLINE):
                        break
                    self._fill_end(it)
                if it.text is None:
                    behind = i + 1 < len(q)
                    if final or (behind and (self._entry_complete(it.rec)
                                             or now - it.recv > DEADLINE)):
                        self._cut(it)
                    else:
                        break
                self._target(it.tid)(it.text)
            else:
                self._target(it[0])(it[1])
            i += 1
        del q[:i]

    def _entry_complete(self, rec):
        """Whether the entry record alone prints the call's entry part as strace does."""
        k, needs = self.split(rec.nr)
        if not needs:
            return True
        sc = self.syscalls.get(rec.nr)
        import syscall_specs
        for i in range(min(k, len(sc.kinds))):
            name, param = syscall_specs.parse_kind(sc.kinds[i])
            if name in syscall_specs.CAPTURES and rec.args[i]:
                c = rec.caps.get(i)
                if c is None or c.status not in (ST_OK, ST_TRUNC):
                    return False
        return True

    def _cut(self, slot):
        """Close an open slot as `name(inputs <unfinished ...>`."""
        slot.text = self._entry_text(slot, slot.rec) + " <unfinished ...>\n"
        slot.cut = True

    def split(self, nr):
        r = self._split.get(nr)
        if r is None:
            r = self._split[nr] = split_index(self.syscalls.get(nr))
        return r

    def _entry_text(self, slot, rec):
        """`lead name(inputs` (with the trailing ", " when outputs follow)."""
        sc = self.syscalls.get(rec.nr)
        head, _ = self._parts(rec, sc)
        return slot.lead + head

    def _parts(self, rec, sc):
        """('name(inputs', 'outputs)') of a call, split as strace prints them."""
        name = sf.syscall_name(rec, sc)
        full = sf.format_args(rec, sc, self.ctx)
        if sc is None:
            return f"{name}({full}", ")"
        k, _ = self.split(rec.nr)
        if k >= len(sc.kinds):
            return f"{name}({full}", ")"
        ent = sf.format_args(rec, sc._replace(kinds=sc.kinds[:k]), self.ctx) if k else ""
        if k == 0:
            return f"{name}(", full + ")"
        if full.startswith(ent + ", "):
            return f"{name}({ent}, ", full[len(ent) + 2:] + ")"
        return f"{name}({full}", ")"

    # ---------------------------------------------------------------- records
    def feed(self, rec):
        t = rec.type
        tid = rec.tid
        self.tgid[tid] = rec.pid
        if tid in self.held:
            held, _ = self.held.pop(tid)
            if t == EV_EXIT or (t == EV_SIGNAL and rec.aux == SIGKILL and
                                self._short_circuited(tid, rec.pid, peek=True) is None):
                self._killed_in_call(held)
            else:
                self._finish(held)
        if t == EV_SYSCALL:
            self.on_syscall(rec)
        elif t == EV_START:
            self.on_start(rec)
        elif t == EV_ENTER:
            self.pending_exec[tid] = rec
            self.on_start(rec)
        elif t == EV_FORK:
            self.on_fork(rec)
        elif t == EV_EXIT:
            self.on_exit(rec)
        elif t == EV_SIGNAL:
            self.on_signal(rec)
        elif t == EV_SIGGEN:
            self.on_siggen(rec)
        elif t == EV_EXEC:
            self.on_exec(rec)

    def on_exec(self, rec):
        """A thread's execve took over the leader's tid: its call moves there."""
        old, new = rec.aux, rec.tid
        for d in (self.open, self.pending_exec, self.held):
            if old in d:
                d[new] = d.pop(old)
        s = self.open.get(new)
        if s is not None:
            s.tid = new
        self.alive.discard(old)
        self.alive.add(new)
        self.tgid[new] = rec.pid
        self.leader_exit.pop(rec.pid, None)

    def on_start(self, rec):
        tid = rec.tid
        self.sent.pop(tid, None)     # back in user space since: the signal was handled
        old = self.open.pop(tid, None)
        if old is not None and old.text is None:
            self._cut(old)
        if self.immediate or (not self.follow and self.writer_for is None
                              and len(self.alive) <= 1 and rec.type == EV_ENTER):
            return      # a single process: the exit record carries everything
        if rec.type == EV_ENTER:
            # formatters find entry-time captures of value-result arguments at i + ENTRY_CAP
            caps = dict(rec.caps)
            caps.update({k + ENTRY_CAP: v for k, v in rec.caps.items() if k < ENTRY_CAP})
            rec = Record(rec.type, rec.flags, rec.pid, rec.tid, rec.nr, rec.ts_enter,
                         rec.ts_exit, rec.args, rec.ret, rec.aux, rec.comm, caps)
        s = Slot(tid, rec, self.lead(rec), time.monotonic())
        self.open[tid] = s
        if self.writer_for is None:
            s.queued = True
            self.queue.append(s)

    def on_syscall(self, rec):
        tid = rec.tid
        entry = self.pending_exec.pop(tid, None)
        if entry is not None and entry.nr == rec.nr:
            caps = dict(entry.caps)
            caps.update(rec.caps)
            caps.update({k + ENTRY_CAP: v for k, v in entry.caps.items()})
            rec.caps = caps
        if rec.nr in EXIT_NRS:
            if rec.nr == EXIT_GROUP:
                self.group_exit[rec.pid] = rec.args[0] & 0xFF
            else:
                self.exit_code[tid] = rec.args[0] & 0xFF
        if not rec.flags & SF_NORETURN and -rec.ret in RESTART_ERRNOS and not self.immediate \
                and self.hold_restarts:
            self.held[tid] = (rec, time.monotonic())   # a kill would end the call here
            return
        self._finish(rec)

    def _finish(self, rec):
        """Queue the line(s) of a finished call."""
        tid = rec.tid
        self.held.pop(tid, None)
        sc = self.syscalls.get(rec.nr)
        slot = self.open.get(tid)
        if slot is not None and slot.rec.nr != rec.nr:
            slot = None
        if slot is not None:
            del self.open[tid]
        tail = ""
        if self.show_time and not rec.flags & SF_NORETURN:
            d = rec.ts_exit - rec.ts_enter
            digits = self.time_digits
            frac = f".{d % 1_000_000_000 // 10 ** (9 - digits):0{digits}d}" if digits else ""
            tail = f" <{d // 1_000_000_000}{frac}>"
        after = slot.after if slot is not None else []
        if slot is None or not slot.queued or \
                (slot.text is None and self.queue and self.queue[-1] is slot):
            lead = slot.lead if slot is not None else self.lead(rec)
            line = sf.format_syscall(rec, sc, self.ctx, lead) + tail + "\n"
            if slot is not None and slot.queued:
                slot.text = line
            else:
                self._put(tid, line)
        else:
            if slot.text is None:
                # something was queued behind the call: print it in two parts
                slot.text = slot.lead + self._parts(rec, sc)[0] + " <unfinished ...>\n"
                slot.cut = True
            _, outs = self._parts(rec, sc)
            head = f"{self.lead_at_exit(rec)}<... {sf.syscall_name(rec, sc)} resumed>{outs}"
            self._put(tid, sf.pad_to(head, self.ctx.acolumn) + "= "
                      + sf.format_ret(rec, sc, self.ctx) + tail + "\n")
        for line in after:
            self._put(tid, line)

    def _killed_in_call(self, rec):
        """The call never returned to user space (SIGKILL): `... <unfinished ...>) = ?`."""
        tid = rec.tid
        self.held.pop(tid, None)
        sc = self.syscalls.get(rec.nr)
        slot = self.open.pop(tid, None)
        if slot is not None and not slot.queued:
            slot = None
        if slot is not None and slot.text is None and self.queue and self.queue[-1] is slot:
            head = slot.lead + self._parts(rec, sc)[0] + " <unfinished ...>)"
            slot.text = sf.pad_to(head, self.ctx.acolumn) + "= ?\n"
            return
        if slot is not None and slot.text is None:
            slot.text = slot.lead + self._parts(rec, sc)[0] + " <unfinished ...>\n"
            slot.cut = True
        if slot is not None:
            # a leader killed by another thread's execve: strace never saw the call end
            cut = "" if self._execing_thread(rec.pid, tid) is not None else " <unfinished ...>"
            head = f"{self.lead_at_exit(rec)}<... {sf.syscall_name(rec, sc)} resumed>{cut})"
        else:
            head = self.lead(rec) + self._parts(rec, sc)[0] + " <unfinished ...>)"
        self._put(tid, sf.pad_to(head, self.ctx.acolumn) + "= ?\n")

    def on_fork(self, rec):
        """A new task (EV_FORK comes from the child: tid/pid are its own, aux its parent)."""
        tid = rec.tid
        if tid in self.alive:
            return
        self.alive.add(tid)
        if rec.pid == tid:
            self.parent[tid] = rec.aux
        if self.messages and self.quiet < 1:
            self.message(f"Process {tid} attached")

    def message(self, text):
        """strace's 'strace: Process N attached' on the trace stream (stderr)."""
        line = f"{self.prog}: {text}\n"
        q = self.queue
        if q and isinstance(q[-1], Slot) and q[-1].text is None and self.writer_for is None:
            # strace writes a call's start at entry, so the message lands inside it
            s = q[-1]
            s.text = self._entry_text(s, s.rec) + line + " <unfinished ...>\n"
            s.cut = True
            return
        self._put(0, line)

    def on_signal(self, rec):
        sig = rec.aux
        handler = rec.args[0]
        tid = rec.tid
        if sig == SIGKILL:
            self.sigkilled.add(tid)
            gen = self._short_circuited(tid, rec.pid)
            if gen is None:
                return
            # a fatal signal the kernel turned into SIGKILL (no ptrace): show it as
            # strace does, with the siginfo its sender gave it
            sig = gen.aux
            self.group_fatal.setdefault(rec.pid, sig)
            data = struct.pack("<iiiiiI", sig, 0, render_s32(gen.args[0]), 0, gen.pid,
                               gen.args[3]) + bytes(24)
            if self.signal_filter is not None and sig not in self.signal_filter:
                return
            if self.quiet < 3:
                self._put(tid, f"{self.lead(rec)}--- {xlat.signal_name(sig)} "
                               f"{sf_siginfo(sig, data, self.ctx)} ---\n")
            return
        self.sent.pop(tid, None)
        if sig in _FATAL and handler == 0:
            self.group_fatal.setdefault(rec.pid, sig)
        if self.signal_filter is not None and sig not in self.signal_filter:
            return
        if self.quiet >= 3:
            return
        c = rec.caps.get(0)
        info = sf_siginfo(sig, c.data if c is not None and c.status == ST_OK else None,
                          self.ctx)
        self._put(tid, f"{self.lead(rec)}--- {xlat.signal_name(sig)} {info} ---\n")
        if sig in _STOP and handler == 0:
            self._put(tid, f"{self.lead(rec)}--- stopped by {xlat.signal_name(sig)} ---\n")

    def on_siggen(self, rec):
        """A SIGCHLD dropped at generation (parent at SIG_DFL): ptrace would show it
        when the parent next leaves the kernel, i.e. after its current call.
        Without a capture: a signal sent to a traced task (see on_signal)."""
        sig = rec.aux
        if 0 not in rec.caps:
            if rec.pid == self.own_pid:
                return
            if rec.args[4] == 0:        # delivered: see on_signal
                self.sent[rec.args[1]] = rec
                return
            # ignored at generation: shown as ptrace would, with the sender's siginfo
            target = rec.args[1]
            data = struct.pack("<iiiiiI", sig, 0, render_s32(rec.args[0]), 0, rec.pid,
                               rec.args[3]) + bytes(24)
            rec.caps = {0: Capture(0, ST_OK, data, 48)}
        else:
            data = rec.caps[0].data
            if len(data) >= 28:
                code, = struct.unpack_from("<i", data, 8)
                spid, = struct.unpack_from("<i", data, 16)
                status, = struct.unpack_from("<i", data, 24)
                if code in (1, 2, 3):      # CLD_EXITED, CLD_KILLED, CLD_DUMPED
                    self.child_status[spid] = (code, status)
                    e = self.pending_end.get(spid)
                    if e is not None:
                        self._fill_end(e)
            if rec.args[4] != 1:           # queued: signal_deliver shows it
                return
            target = self.parent.get(rec.pid)
        if target is None or target not in self.alive:
            return
        if self.signal_filter is not None and sig not in self.signal_filter:
            return
        if self.quiet >= 3:
            return
        c = rec.caps.get(0)
        info = sf_siginfo(sig, c.data if c is not None and c.status == ST_OK else None,
                          self.ctx)
        fake = _Lead(target, rec.comm, rec)
        slot = self.open.get(target)
        line_lead = self.prefix(target, self._comm_of(target))
        if self.timefmt:
            line_lead += self.timefmt(fake)
        line = f"{line_lead}--- {xlat.signal_name(sig)} {info} ---\n"
        if slot is not None:
            slot.after.append(line)
        else:
            self._put(target, line)

    def _execing_thread(self, pid, tid):
        """Another thread of process pid inside execve, if any."""
        for t, s in self.open.items():
            if t != tid and self.tgid.get(t) == pid and s.rec.nr in EXECVE_NRS:
                return t
        for t, r in self.pending_exec.items():
            if t != tid and r.pid == pid:
                return t
        return None

    def _short_circuited(self, tid, pid, peek=False):
        """The fatal, non-core signal sent to tid (or its process) just before a SIGKILL."""
        for t in [tid] + [t for t, g in self.tgid.items() if g == pid and t != tid]:
            gen = self.sent.get(t)
            if gen is not None and (t == tid or gen.args[2]):
                if gen.aux in _FATAL and gen.aux not in _CORE and pid not in self.group_fatal \
                        and pid not in self.group_exit:
                    if not peek:
                        del self.sent[t]
                    return gen
        return None

    def _comm_of(self, tid):
        s = self.open.get(tid)
        return s.rec.comm if s is not None else b""

    def on_exit(self, rec):
        tid = rec.tid
        slot = self.open.pop(tid, None)
        if slot is not None:
            # a call that never returned (e.g. execve in another thread): strace's form
            self.open[tid] = slot
            self._killed_in_call(slot.rec)
        pid = rec.pid
        if tid == pid and self._execing_thread(pid, tid) is not None:
            self._end(rec)          # superseded: the exec'ing thread takes its place
            return
        if tid == pid and any(t != tid and self.tgid.get(t) == pid for t in self.alive):
            # strace reports a leader once its whole thread group is gone
            self.leader_exit[pid] = rec
            return
        self._end(rec)
        if tid != pid and pid in self.leader_exit and \
                not any(t != pid and self.tgid.get(t) == pid for t in self.alive):
            self._end(self.leader_exit.pop(pid))

    def _end(self, rec):
        tid = rec.tid
        if self._status_pending(rec) and not self.immediate:
            # the exact end comes with the SIGCHLD it sends right after
            e = Slot(tid, rec, self.lead(rec), time.monotonic())
            e.end = True
            self.pending_end[rec.pid] = e
            self._queue_slot(e)
        else:
            line = self.end_line(rec)
            if self._show_end(line):
                self._put(tid, f"{self.lead(rec)}{line}\n")
        self.alive.discard(tid)

    def _show_end(self, line):
        """strace: -qq/quiet=exit hides "exited with"; -e signal= hides "killed by"."""
        m = re.match(r"\+\+\+ killed by (SIG\w+|\d+)", line)
        if m is None:
            return self.quiet < 2
        if self.signal_filter is None:
            return True
        return any(xlat.signal_name(n) == m.group(1) for n in self.signal_filter)

    def _queue_slot(self, e):
        if self.writer_for is None:
            e.queued = True
            self.queue.append(e)
        else:
            self._fill_end(e)
            self._put(e.tid, e.text)

    def _status_pending(self, rec):
        """Whether a process's end is uncertain until its SIGCHLD's siginfo arrives."""
        pid = rec.pid
        if rec.tid != pid or pid == self.root_pid or pid in self.child_status \
                or pid not in self.parent or self._execing_thread(pid, pid) is not None:
            return False
        if pid in self.group_fatal:
            return self.group_fatal[pid] in _CORE       # core dumped or not
        return pid not in self.group_exit and pid not in self.exit_code

    def _fill_end(self, e):
        self.pending_end.pop(e.rec.pid, None)
        line = self.end_line(e.rec)
        e.text = f"{e.lead}{line}\n" if self._show_end(line) else ""

    def end_line(self, rec):
        tid, pid = rec.tid, rec.pid
        t = self._execing_thread(pid, tid) if tid == pid else None
        if t is not None:
            # a leader that vanished while another thread of it was in execve
            return f"+++ superseded by execve in pid {t} +++"
        if tid == self.root_pid and self.root_status is not None:
            st = self.root_status()
            self.root_exit = st
            return exit_line(st)
        if tid == pid and pid in self.child_status:
            code, status = self.child_status[pid]
            if code == 1:
                return f"+++ exited with {status & 0xFF} +++"
            core = " (core dumped)" if code == 3 else ""
            return f"+++ killed by {xlat.signal_name(status)}{core} +++"
        if pid in self.group_fatal:
            sig = self.group_fatal[pid]
            return f"+++ killed by {xlat.signal_name(sig)} +++"
        if pid in self.group_exit:
            return f"+++ exited with {self.group_exit[pid]} +++"
        if tid in self.exit_code:
            return f"+++ exited with {self.exit_code[tid]} +++"
        if tid in self.sigkilled:
            return "+++ killed by SIGKILL +++"
        return "+++ exited with 0 +++"


    def forget(self, tid):
        """The call tid started will not be shown (filtered out after its start):
        drop its slot if nothing of it was printed yet."""
        slot = self.open.pop(tid, None)
        self.pending_exec.pop(tid, None)
        if slot is not None and slot.text is None and slot.queued:
            self.queue.remove(slot)
            for line in slot.after:
                self._put(tid, line)

    def detach_all(self, quiet=0):
        """-p and an interrupt: calls in progress end in <detached ...>; returns the tids."""
        for tid, (rec, _) in list(self.held.items()):
            self._finish(rec)
        for tid, slot in list(self.open.items()):
            rec = slot.rec
            sc = self.syscalls.get(rec.nr)
            # strace: the line still being written ends in <detached ...>; calls
            # already cut as <unfinished ...> get nothing more
            if not slot.queued:
                self._put(tid, slot.lead + self._parts(rec, sc)[0] + " <detached ...>\n")
            elif slot.text is None and self.queue and self.queue[-1] is slot:
                slot.text = slot.lead + self._parts(rec, sc)[0] + " <detached ...>\n"
            elif slot.text is None:
                self._cut(slot)
        self.open.clear()
        gone = sorted(self.alive)
        self.flush(final=True)
        if quiet < 1:
            import sys
            for tid in gone:
                sys.stderr.write(f"{self.prog}: Process {tid} detached\n")
        self.alive.clear()
        return gone


class _Lead:
    """Just enough of a record for timefmt (the time of a line that has no record)."""
    __slots__ = ("tid", "comm", "ts_enter", "ts_exit", "pid", "type", "nr", "flags")

    def __init__(self, tid, comm, rec, ts=None):
        self.tid, self.comm, self.pid = tid, comm, tid
        self.ts_enter, self.ts_exit = rec.ts_enter, rec.ts_exit
        if ts is not None:
            self.ts_enter = self.ts_exit = ts
        self.type, self.nr, self.flags = rec.type, rec.nr, rec.flags


def render_s32(v):
    v &= 0xFFFFFFFF
    return v - (1 << 32) if v & 0x80000000 else v


def exit_line(status):
    """'+++ exited with N +++' / '+++ killed by SIG +++' from a wait status."""
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
