"""--json: one JSON object per line for each syscall, signal and process end.

The schema is schema/syscall-event.schema.json, described in docs/json.md.

The text renderer stays in charge of what is shown: JsonOutput feeds each
record to it with its output captured, and turns whatever it would have
printed into JSON instead.  Filters (-e trace=, status=, signal=, quiet=),
-f and the process model therefore apply exactly as they do to text, and -s,
-x, -X, -v, -y shape the decoded argument strings the same way.
"""
import json
import re
import time

import syscall_formatters as sf
import xlat
from tracepoint_raw import EV_EXIT, EV_SIGNAL, EV_SYSCALL, SF_NORETURN

SCHEMA_VERSION = 1

_EXIT = re.compile(r"\+\+\+ (?:exited with (\d+)|killed by (SIG\w+|\d+)( \(core dumped\))?|"
                   r"superseded by execve in pid (\d+)) \+\+\+$")
_SIGNAL = re.compile(r"--- (?:(SIG\w+|\d+) (\{.*\}|.*)|stopped by (SIG\w+)) ---$")


def clock_offset_ns():
    """Add to a CLOCK_MONOTONIC reading (bpf_ktime_get_ns) to get Unix time in ns."""
    return time.time_ns() - time.monotonic_ns()


def _signo(name):
    if name.isdigit():
        return int(name)
    for n in range(1, 65):
        if xlat.signal_name(n) == name:
            return n
    return None


class JsonOutput:
    """Wraps a render.Renderer: feed(rec) writes JSON lines to `write`."""

    def __init__(self, renderer, syscalls, ctx, write, offset_ns=None):
        self.r = renderer
        self.syscalls = syscalls
        self.ctx = ctx
        self.write = write
        self.offset = clock_offset_ns() if offset_ns is None else offset_ns
        self._lines = []
        self.stacks = None      # stacks.Stacks with -k: adds "stack" to syscall objects

    def _capture(self, s):
        self._lines.append(s)

    def feed(self, rec):
        real = self.r.write
        self.r.write = self._capture
        try:
            self.r.feed(rec)
        finally:
            self.r.write = real
        if not self._lines:
            return
        text = "".join(self._lines)
        self._lines.clear()
        call_done = False
        for ln in text.splitlines():
            m = _EXIT.search(ln)
            if m:
                self.emit(self.exit_obj(rec, m))
                continue
            m = _SIGNAL.search(ln)
            if m and rec.type == EV_SIGNAL:
                self.emit(self.signal_obj(rec, m))
                continue
            if rec.type == EV_SYSCALL and not call_done:
                call_done = True
                self.emit(self.syscall_obj(rec))

    def guard(self, write):
        """A write for text the main loop prints itself (loss reports, a missed exit
        line): turned into "exit" / "message" objects so the stream stays JSON."""
        def write_json(s):
            for ln in s.splitlines():
                if ln.startswith("{"):
                    write(ln + "\n")
                    continue
                m = _EXIT.search(ln)
                pid = self.r.root_pid or 0
                if m:
                    o = {"type": "exit", "time": round(time.time(), 6), "pid": pid, "tid": pid,
                         "comm": "", "exit_code": int(m.group(1)) if m.group(1) else None,
                         "signal": m.group(2), "core_dumped": bool(m.group(3)),
                         "superseded_by": int(m.group(4)) if m.group(4) else None}
                else:
                    o = {"type": "message", "time": round(time.time(), 6), "text": ln}
                write(json.dumps(o, ensure_ascii=False, separators=(", ", ": ")) + "\n")
        return write_json

    def emit(self, obj):
        self.write(json.dumps(obj, ensure_ascii=False, separators=(", ", ": ")) + "\n")

    def base(self, rec, typ, ts):
        return {"type": typ, "time": round((ts + self.offset) / 1e9, 6), "pid": rec.pid,
                "tid": rec.tid, "comm": rec.comm.decode("utf-8", "replace")}

    def syscall_obj(self, rec):
        sc = self.syscalls.get(rec.nr)
        ctx = self.ctx
        o = self.base(rec, "syscall", rec.ts_enter)
        o["syscall"] = sf.syscall_name(rec, sc)
        o["nr"] = rec.nr
        last = ctx.last_args
        args = last[1] if last is not None and last[0] is rec else sf.format_arg_list(rec, sc, ctx)
        o["args"] = args
        n = len(sc.kinds) if sc is not None else 6
        o["args_raw"] = [a & 0xFFFFFFFFFFFFFFFF for a in rec.args[:n]]
        if rec.flags & SF_NORETURN:
            o.update(retval=None, ret="?", errno=None, errno_code=None, duration=None)
            return o
        o["retval"] = rec.ret
        o["ret"] = sf.format_ret(rec, sc, ctx)
        if -4096 < rec.ret < 0:
            err = -rec.ret
            o["errno"] = xlat.errno_name(err)
            o["errno_code"] = err
        else:
            o["errno"] = None
            o["errno_code"] = None
        o["duration"] = round((rec.ts_exit - rec.ts_enter) / 1e9, 9)
        if self.stacks is not None:
            o["stack"] = [f[3:] for f in self.stacks.frames(rec)]
        return o

    def signal_obj(self, rec, m):
        o = self.base(rec, "signal", rec.ts_enter)
        if m.group(3):
            o.update(signal=m.group(3), signo=_signo(m.group(3)), siginfo=None, stopped=True)
        else:
            o.update(signal=m.group(1), signo=_signo(m.group(1)), siginfo=m.group(2),
                     stopped=False)
        return o

    def exit_obj(self, rec, m):
        o = self.base(rec, "exit", rec.ts_enter)
        if rec.type != EV_EXIT:
            o["pid"] = o["tid"] = rec.tid
        o["exit_code"] = int(m.group(1)) if m.group(1) is not None else None
        o["signal"] = m.group(2)
        o["core_dumped"] = bool(m.group(3))
        o["superseded_by"] = int(m.group(4)) if m.group(4) else None
        return o
