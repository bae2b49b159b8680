"""--record FILE: save the raw events; --replay FILE: print them again, offline.

A recording holds the records exactly as the BPF program wrote them into the
ring buffer, so a replay goes through the same decoder, renderer and
formatters as a live trace, and can choose other display options: -s (up to
the size captured), -x/-xx, -X, -v, -a, -T, -e trace=/status=, --json, and -y
when the recording was made with -y (the fd lookups made at capture time are
saved with it, so no /proc is needed).  No root and no bcc are needed to replay.

File layout (all integers little-endian):

    magic    8 bytes  b"MYSTRACE"
    version  u32      1
    hlen     u32      length of the header
    header   hlen bytes of UTF-8 JSON: record layout (struct formats and
             field names), capture options (-s, -f, -e, -y), the syscall
             table's identity (sha256 + names), clock offset, command, pid
    frames   each: kind u32, length u32, then length bytes
             kind 1: one raw ring record
             kind 2: JSON list of fd lookups [record number, op, args, result]
             kind 3: JSON trailer {"root_status": wait status, "lost": n}
             kind 4: JSON [record number, [frames]]: the -k stack of a record
"""
import hashlib
import json
import os
import struct
import sys
import time

MAGIC = b"MYSTRACE"
VERSION = 1
FRAME_RECORD, FRAME_FDLOG, FRAME_END, FRAME_STACK = 1, 2, 3, 4
_FRAME = struct.Struct("<II")

EVENT_FIELDS = ["size", "type", "flags", "pid", "tid", "nr", "ts_enter", "ts_exit", "args",
                "ret", "ncaps", "aux", "comm"]
CAPTURE_FIELDS = ["arg", "kind", "status", "len", "count", "pad"]


class ReplayError(Exception):
    pass


def table_identity():
    """(sha256 of the generated syscall table, {nr: name})."""
    import syscall_table
    items = sorted((nr, name) for nr, (name, _args) in syscall_table.SYSCALLS.items())
    h = hashlib.sha256(repr(items).encode()).hexdigest()
    return h, {str(nr): name for nr, name in items}


class Recorder:
    """Writes a recording while tracing; raw(buf) for each ring record."""

    def __init__(self, path, decoder, opts, argv, root_pid, clock_offset_ns, fd_info,
                 fd_complete=True):
        self.f = open(path, "wb", buffering=1 << 20)
        digest, names = table_identity()
        header = {
            "version": VERSION, "created": time.time(), "argv": list(argv), "root_pid": root_pid,
            "clock_offset_ns": clock_offset_ns, "kernel": os.uname().release,
            "machine": os.uname().machine,
            "event_format": decoder.ev.format, "event_fields": EVENT_FIELDS,
            "capture_format": decoder.cap.format, "capture_fields": CAPTURE_FIELDS,
            "options": {"strsize": opts.string_limit, "follow_forks": opts.follow_forks,
                        "expr": list(opts.expr), "decode_fds": sorted(fd_info or ())},
            "fd_info": bool(fd_info), "fd_complete": bool(fd_complete),
            "syscall_table_sha256": digest, "syscall_names": names,
        }
        h = json.dumps(header).encode()
        self.f.write(MAGIC + struct.pack("<II", VERSION, len(h)) + h)
        self.fdlog = None          # fdtrack.LoggingSys when -y is on
        self.n = 0                 # records written

    def stack(self, frames):
        """The -k frames of the record written last."""
        data = json.dumps([self.n, frames]).encode()
        self.f.write(_FRAME.pack(FRAME_STACK, len(data)) + data)

    def raw(self, buf):
        self.n += 1
        self.f.write(_FRAME.pack(FRAME_RECORD, len(buf)))
        self.f.write(buf)

    def flush_fdlog(self):
        if self.fdlog is not None and self.fdlog.log:
            data = json.dumps(self.fdlog.take()).encode()
            self.f.write(_FRAME.pack(FRAME_FDLOG, len(data)) + data)

    def close(self, root_status, lost=0):
        self.flush_fdlog()
        data = json.dumps({"root_status": root_status, "lost": lost}).encode()
        self.f.write(_FRAME.pack(FRAME_END, len(data)) + data)
        self.f.close()


def start(opts, tracer, argv, root_pid, fds):
    """Open the recording for --record; hooks the tracer's raw records and the fd log."""
    import fdtrack
    import jsonout
    offset = jsonout.clock_offset_ns()
    rec = Recorder(opts.record, tracer.decoder, opts, argv, root_pid, offset,
                   fds.decode if fds is not None else None,
                   fds.complete if fds is not None else True)
    if fds is not None:
        log = fdtrack.LoggingSys(fds)
        fds.sys = log
        rec.fdlog = log
    tracer.raw_sink = rec.raw
    return rec


# ---------------------------------------------------------------- reading

class Recording:
    def __init__(self, header, records, fdlog, trailer, stacks=None):
        self.header, self.records, self.fdlog, self.trailer = header, records, fdlog, trailer
        self.stacks = stacks or {}     # record number (from 1) -> frames


def load(path):
    """Parse a recording; raises ReplayError with a readable reason."""
    try:
        with open(path, "rb") as f:
            data = f.read()
    except OSError as e:
        raise ReplayError(f"can't open '{path}': {e.strerror}") from None
    if len(data) < 16 or data[:8] != MAGIC:
        raise ReplayError(f"'{path}' is not a my_strace recording")
    version, hlen = struct.unpack_from("<II", data, 8)
    if version != VERSION:
        raise ReplayError(f"'{path}': recording version {version}, this my_strace reads {VERSION}")
    try:
        header = json.loads(data[16:16 + hlen])
    except ValueError:
        raise ReplayError(f"'{path}': damaged header") from None
    pos = 16 + hlen
    records, fdlog, trailer, stacks = [], [], None, {}
    while pos + 8 <= len(data):
        kind, ln = _FRAME.unpack_from(data, pos)
        pos += 8
        body = data[pos:pos + ln]
        if len(body) < ln:
            break              # cut short (tracer killed): replay what is there
        pos += ln
        if kind == FRAME_RECORD:
            records.append(body)
        elif kind == FRAME_FDLOG:
            fdlog.extend(json.loads(body))
        elif kind == FRAME_END:
            trailer = json.loads(body)
        elif kind == FRAME_STACK:
            n, frames = json.loads(body)
            stacks[n] = frames
    return Recording(header, records, fdlog, trailer, stacks)


def decoder_for(header):
    """A tracepoint_raw.RecordDecoder for the recorded layout (no bcc needed)."""
    from tracepoint_raw import RecordDecoder
    if header.get("event_fields") != EVENT_FIELDS or \
            header.get("capture_fields") != CAPTURE_FIELDS:
        raise ReplayError("the recording's record layout differs from this my_strace's")
    d = RecordDecoder.__new__(RecordDecoder)
    d.ev = struct.Struct(header["event_format"])
    d.cap = struct.Struct(header["capture_format"])
    return d


def syscalls_for(header, warn):
    """The syscall table to decode with; the recorded names win if the tables differ."""
    import syscall_specs
    syscalls = syscall_specs.build()
    digest, _ = table_identity()
    if header.get("syscall_table_sha256") != digest:
        names = header.get("syscall_names", {})
        by_name = {sc.name: sc for sc in syscalls.values()}
        fixed = {}
        for nr, name in names.items():
            sc = by_name.get(name)
            if sc is not None:
                fixed[int(nr)] = sc._replace(nr=int(nr))
        warn("the recording's syscall table differs from this one: decoding by its names")
        syscalls = fixed
    return syscalls


def trace_filter(exprs, syscalls):
    """(set of syscall numbers to show or None, status filter) from -e trace=/status=."""
    import syscall_specs
    show = None
    status = None
    for e in exprs:
        key, _, val = e.partition("=") if "=" in e else ("trace", "", e)
        if key in ("trace", "t"):
            neg = val.startswith("!")
            names = set(v for v in val.lstrip("!").split(",") if v)
            sel = set()
            classes = getattr(syscall_specs, "CLASSES", {})
            for nr, sc in syscalls.items():
                if sc.name in names or "all" in names:
                    sel.add(nr)
                for n in names:
                    if n.startswith("%") and sc.name in classes.get(n[1:], ()):
                        sel.add(nr)
            unknown = [n for n in names if not n.startswith("%") and n != "all"
                       and n not in {sc.name for sc in syscalls.values()}]
            if unknown:
                raise ReplayError(f"invalid system call '{unknown[0]}'")
            if neg:
                sel = set(syscalls) - sel
            show = sel if show is None else show | sel
        elif key == "status":
            status = set(val.split(","))
    return show, status


def _status_ok(rec, status):
    if status is None:
        return True
    failed = -4096 < rec.ret < 0
    if "all" in status:
        return True
    if failed:
        return "failed" in status
    return "successful" in status


def replay(opts, make_ctx, output_cls):
    """--replay: print a recording with this run's display options; returns the exit status."""
    import fdtrack
    import render
    from tracepoint_raw import EV_ENTER, EV_START, EV_SYSCALL

    def warn(msg):
        sys.stderr.write(f"my_strace: {msg}\n")

    try:
        rec_file = load(opts.replay)
        h = rec_file.header
        dec = decoder_for(h)
        syscalls = syscalls_for(h, warn)
        show, status = trace_filter([e for e in opts.expr if not e.startswith("decode-fds")],
                                    syscalls)
    except ReplayError as e:
        warn(str(e))
        return 1
    kstacks = None
    if getattr(opts, "stack_traces", 0):
        if rec_file.stacks:
            kstacks = RecordedStacks(rec_file.stacks)
        else:
            warn("the recording was made without -k: no stack traces")
    captured = h["options"]["strsize"]
    if opts.string_limit > captured:
        warn(f"-s {opts.string_limit} is more than the {captured} bytes captured: using -s {captured}")
        opts.string_limit = captured
    try:
        out = output_cls(opts.output)
    except OSError as e:
        warn(f"can't open '{opts.output}': {e.strerror}")
        return 1
    ctx = make_ctx(opts)
    trailer = rec_file.trailer or {}
    root_status = trailer.get("root_status")
    root_pid = h.get("root_pid")
    r = render.Renderer(syscalls, ctx, out.write, follow=bool(h["options"]["follow_forks"]),
                        output_file=bool(opts.output), always_show_pid=opts.always_show_pid,
                        root_pid=root_pid,
                        root_status=(lambda: root_status) if root_status is not None else None,
                        show_time=opts.syscall_times, quiet=opts.quiet)
    feed = r.feed
    if opts.json:
        import jsonout
        r.immediate = True      # JsonOutput reads each record's lines back during feed()
        jo = jsonout.JsonOutput(r, syscalls, ctx, out.write, h.get("clock_offset_ns", 0))
        jo.stacks = kstacks
        feed = jo.feed
    else:
        import colorout
        if colorout.enabled(getattr(opts, "color", "never"), out.f):
            r.write = colorout.wrap(r.write)
        if kstacks is not None:
            import stacks
            feed = stacks.wire(kstacks, r, feed, syscalls)
    tracker = None
    decode = getattr(opts, "_decode_fds", None)
    if decode:
        if not h.get("fd_info"):
            warn("the recording was made without -y: file descriptors print as numbers")
        else:
            tracker = fdtrack.FdTracker(syscalls, decode, live=False,
                                        complete=h.get("fd_complete", True))
            tracker.sys = fdtrack.ReplaySys(tracker, rec_file.fdlog)
            tracker.xflag = ctx.xflag
            ctx.fds = tracker
            if root_pid is not None:
                tracker.seed(root_pid)
    for n, buf in enumerate(rec_file.records, 1):
        if kstacks is not None:
            kstacks.n = n
        try:
            rec = dec.decode(buf)
        except struct.error:
            warn("a damaged record was skipped")
            continue
        if tracker is not None:
            tracker.observe(rec)
        if rec.type in (EV_START, EV_ENTER) and show is not None and rec.nr not in show:
            continue
        if rec.type == EV_SYSCALL and (show is not None and rec.nr not in show
                                       or not _status_ok(rec, status)):
            r.forget(rec.tid)   # its start (-f) may be waiting in the renderer
            continue
        feed(rec)
        if n % 4096 == 0:
            r.flush()           # lines held behind calls in progress (render.py)
    r.flush(final=True)
    if root_status is not None and r.root_exit is None and root_pid in r.alive:
        line = render.exit_line(root_status)
        if opts.json:
            import jsonout
            m = jsonout._EXIT.search(line)
            out.write(json_exit(root_pid, m))
        else:
            out.write(line + "\n")
    if trailer.get("lost"):
        warn(f"{trailer['lost']} events were lost while recording")
    out.close()
    if root_status is None:
        return 0
    return os.WEXITSTATUS(root_status) if os.WIFEXITED(root_status) else \
        128 + os.WTERMSIG(root_status)


class RecordedStacks:
    """Stands in for stacks.Stacks on replay: the frames saved with each record."""

    class _NoSym:
        def exec_done(self, pid):
            pass

        def forget(self, pid):
            pass

    def __init__(self, frames):
        self.saved = frames
        self.n = 0
        self.sym = self._NoSym()
        self.kernel = False

    def frames(self, rec):
        return self.saved.get(self.n, [])


def json_exit(pid, m):
    return json.dumps({"type": "exit", "time": 0, "pid": pid, "tid": pid, "comm": "",
                       "exit_code": int(m.group(1)) if m.group(1) is not None else None,
                       "signal": m.group(2), "core_dumped": bool(m.group(3)),
                       "superseded_by": None}, separators=(", ", ": ")) + "\n"
