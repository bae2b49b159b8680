"""Load strace.c with bcc, fill its maps, and stream decoded records.

The BPF side writes variable-size records into a BPF ring buffer.  Instead of
bcc's per-record ctypes callback (~1 us a record), the ring is mapped into this
process the way libbpf does it and drained in batches: page 0 holds the
consumer position (ours to write), then the producer page, then the data pages
mapped twice so that no record wraps.  Every record the kernel could not
deliver is counted in the `lost` map and reported, never silent.
"""
import ctypes
import mmap
import os
import struct
import time

HERE = os.path.dirname(os.path.abspath(__file__))
SRC = os.path.join(HERE, "strace.c")

# record types, capture kinds, length sources, ... (mirror strace.c's #defines)
EV_SYSCALL, EV_ENTER, EV_FORK, EV_EXIT, EV_SIGNAL = 1, 2, 3, 4, 5
EV_START, EV_SIGGEN, EV_EXEC = 6, 7, 8
SF_NORETURN, SF_ENTER_CAPS, SF_USER_SP = 1, 2, 4
ST_OK, ST_FAULT, ST_TRUNC, ST_NULL = 0, 1, 2, 3
CAP_NONE, CAP_STR, CAP_BUF, CAP_STRARR, CAP_IOV, CAP_PTRCOUNT, CAP_DIRENTS, CAP_MSGHDR, \
    CAP_MMSGHDR = range(9)
MMSG_ARG0 = 16   # CAP_MMSGHDR: entry k of the array is in caps[MMSG_ARG0 + k]
LEN_FIXED, LEN_ARG, LEN_RET, LEN_DEREF, LEN_ARGMUL, LEN_RETMUL, LEN_ARGBITS = range(7)
WHEN_EXIT, WHEN_ENTER, WHEN_EXIT_OK, WHEN_BOTH = 0, 1, 2, 3
# a capture made at entry of a WHEN_BOTH argument i is found at caps[i + ENTRY_CAP]
ENTRY_CAP = 8
NARGS = 6
SPEC_SLOTS = 512

_BUSY = 1 << 31
_DISCARD = 1 << 30


class BccMissing(Exception):
    """bcc (python3-bpfcc) cannot be imported."""


class LoadError(Exception):
    """The BPF program could not be compiled or loaded."""


RAW_TRACEPOINT = 17     # BPF_PROG_TYPE_RAW_TRACEPOINT


def bcc_available():
    """Whether bcc can be imported, without importing it (that maps all of LLVM)."""
    import importlib.util
    return importlib.util.find_spec("bcc") is not None


def load_program(cflags, ring_bytes, cache=True):
    """strace.c's programs and maps, loaded and attached.

    From the bytecode cache when it has this source (bpf_cache.py: no clang, no
    LLVM in memory); else compiled by bcc, saved to the cache and loaded from
    it; if the cache cannot be written, bcc's own objects are used.
    """
    import bpf_cache
    path = bpf_cache.cache_path(SRC, cflags)
    use_cache = cache and not os.environ.get("MY_STRACE_NO_CACHE")
    if os.path.exists(path) and use_cache:
        try:
            return bpf_cache.CachedBPF(path, ring_bytes)
        except (OSError, ValueError, KeyError) as e:
            try:
                os.unlink(path)     # stale or damaged: compile again
            except OSError:
                pass
            if "loading" in str(e) or "attaching" in str(e):
                raise LoadError(str(e)) from None
    bcc = import_bcc()
    try:
        b = bcc.BPF(src_file=SRC.encode(), cflags=cflags)
    except Exception as e:  # bcc raises plain Exception for compile/load errors
        raise LoadError(str(e).strip().splitlines()[-1] if str(e).strip() else repr(e)) from None
    if not use_cache:       # -k's stack map needs bcc's own objects
        return b
    try:
        bpf_cache.save(b, path)
    except (OSError, ValueError):
        return b
    b.cleanup()
    try:
        return bpf_cache.CachedBPF(path, ring_bytes)
    except (OSError, ValueError, KeyError) as e:
        raise LoadError(str(e)) from None


def import_bcc():
    try:
        import bcc  # noqa: F401  (python3-bpfcc, from the distro)
    except ImportError as e:
        raise BccMissing(str(e)) from None
    return bcc


class Capture:
    """Bytes captured for one argument: data, status (ST_*), count (elements/requested)."""
    __slots__ = ("kind", "status", "data", "count")

    def __init__(self, kind, status, data, count):
        self.kind, self.status, self.data, self.count = kind, status, data, count

    def __repr__(self):
        return f"Capture(kind={self.kind}, status={self.status}, data={self.data!r}, count={self.count})"


class Record:
    """One decoded event.  For EV_SYSCALL: a whole call (args at entry, ret at exit)."""
    __slots__ = ("type", "flags", "pid", "tid", "nr", "ts_enter", "ts_exit", "args", "ret",
                 "aux", "comm", "caps")

    def __init__(self, type=EV_SYSCALL, flags=0, pid=0, tid=0, nr=0, ts_enter=0, ts_exit=0,
                 args=(0,) * NARGS, ret=0, aux=0, comm=b"", caps=None):
        self.type, self.flags, self.pid, self.tid, self.nr = type, flags, pid, tid, nr
        self.ts_enter, self.ts_exit, self.args, self.ret = ts_enter, ts_exit, args, ret
        self.aux, self.comm = aux, comm
        self.caps = caps if caps is not None else {}

    def cap(self, i):
        return self.caps.get(i)

    def __repr__(self):
        return (f"Record(type={self.type}, pid={self.pid}, tid={self.tid}, nr={self.nr}, "
                f"args={self.args}, ret={self.ret}, caps={self.caps})")


def _struct_format(ctype):
    """A struct.Struct reading every field of a bcc ctypes Structure, from its offsets."""
    codes = {ctypes.c_uint8: "B", ctypes.c_ubyte: "B", ctypes.c_uint16: "H", ctypes.c_ushort: "H",
             ctypes.c_uint32: "I", ctypes.c_uint: "I", ctypes.c_int32: "i", ctypes.c_int: "i",
             ctypes.c_uint64: "Q", ctypes.c_ulonglong: "Q", ctypes.c_ulong: "Q",
             ctypes.c_int64: "q", ctypes.c_longlong: "q", ctypes.c_long: "q",
             ctypes.c_char: "c", ctypes.c_int8: "b", ctypes.c_byte: "b"}
    fmt, pos, names = "<", 0, []
    for name, t in ctype._fields_:
        f = getattr(ctype, name)
        if f.offset > pos:
            fmt += f"{f.offset - pos}x"
        if hasattr(t, "_length_"):
            base = t._type_
            if base in (ctypes.c_char, ctypes.c_byte, ctypes.c_ubyte, ctypes.c_int8, ctypes.c_uint8):
                fmt += f"{t._length_}s"
                names.append((name, 1))
            else:
                fmt += codes[base] * t._length_
                names.append((name, t._length_))
        else:
            fmt += codes[t]
            names.append((name, 1))
        pos = f.offset + f.size
    if ctypes.sizeof(ctype) > pos:
        fmt += f"{ctypes.sizeof(ctype) - pos}x"
    return struct.Struct(fmt), names


class RecordDecoder:
    """Turns raw record bytes into Records; its layout comes from bcc's view of strace.c."""

    def __init__(self, event_ctype, capture_ctype):
        self.ev, names = _struct_format(event_ctype)
        expect = [("size", 1), ("type", 1), ("flags", 1), ("pid", 1), ("tid", 1), ("nr", 1),
                  ("ts_enter", 1), ("ts_exit", 1), ("args", NARGS), ("ret", 1), ("ncaps", 1),
                  ("aux", 1), ("comm", 1)]
        if names != expect:
            raise LoadError(f"strace.c's struct event changed: {names}")
        self.cap, cnames = _struct_format(capture_ctype)
        if [n for n, _ in cnames] != ["arg", "kind", "status", "len", "count", "pad"]:
            raise LoadError(f"strace.c's struct capture changed: {cnames}")

    def decode(self, buf):
        v = self.ev.unpack_from(buf, 0)
        (size, typ, flags, pid, tid, nr, ts_enter, ts_exit) = v[:8]
        args = v[8:14]
        ret, ncaps, aux, comm = v[14:18]
        caps = {}
        off = self.ev.size
        capsz = self.cap.size
        for _ in range(ncaps):
            arg, kind, status, ln, count, _pad = self.cap.unpack_from(buf, off)
            data = bytes(buf[off + capsz: off + capsz + ln])
            caps[arg] = Capture(kind, status, data, count)
            off += (capsz + ln + 7) & ~7
        return Record(typ, flags, pid, tid, nr, ts_enter, ts_exit, args, ret, aux,
                      comm.split(b"\0", 1)[0], caps)


class RingReader:
    """Batch consumer of a BPF ring buffer map, mapped into this process."""

    def __init__(self, map_fd, size):
        page = mmap.PAGESIZE
        self.size = size
        self.mask = size - 1
        self.cons_mm = mmap.mmap(map_fd, page, mmap.MAP_SHARED,
                                 mmap.PROT_READ | mmap.PROT_WRITE, offset=0)
        self.prod_mm = mmap.mmap(map_fd, page + 2 * size, mmap.MAP_SHARED,
                                 mmap.PROT_READ, offset=page)
        # one 8-byte store publishes the consumer position
        self.cons = ctypes.c_uint64.from_buffer(self.cons_mm)
        self.view = memoryview(self.prod_mm)
        self.page = page

    def drain(self, limit=1 << 30):
        """Yield memoryviews of the records available now (valid until the next drain)."""
        u32, u64 = struct.unpack_from, struct.unpack_from
        mm, page, mask, view = self.prod_mm, self.page, self.mask, self.view
        cons = self.cons.value
        prod = u64("<Q", mm, 0)[0]
        n = 0
        while cons < prod and n < limit:
            hdr = u32("<I", mm, page + (cons & mask))[0]
            if hdr & _BUSY:
                break
            ln = hdr & ~(_BUSY | _DISCARD)
            if not hdr & _DISCARD:
                start = page + ((cons + 8) & mask)
                yield view[start:start + ln]
                n += 1
            cons += (ln + 8 + 7) & ~7
            self.cons.value = cons
            if cons >= prod:
                prod = u64("<Q", mm, 0)[0]

    def pending(self):
        return struct.unpack_from("<Q", self.prod_mm, 0)[0] - self.cons.value

    def close(self):
        self.view.release()
        del self.cons
        self.cons_mm.close()
        self.prod_mm.close()


def ringbuf_supported(release=None):
    """BPF ring buffers came with Linux 5.8; older kernels get the perf buffer path."""
    import re
    m = re.match(r"(\d+)\.(\d+)", release or os.uname().release)
    return not m or (int(m.group(1)), int(m.group(2))) >= (5, 8)


def own_pidns():
    """(dev, ino) of this process's pid namespace, or None in the initial one."""
    st = os.stat("/proc/self/ns/pid")
    PROC_PID_INIT_INO = 0xEFFFFFFC
    if st.st_ino == PROC_PID_INIT_INO:
        return None
    return st.st_dev, st.st_ino


class Tracer:
    """The BPF program, its maps, and a stream of decoded records."""

    def __init__(self, specs, *, strsize=32, follow_forks=False, summary_only=False,
                 status_mask=0, ring_pages=4096, exec_nr=59, stacks=0, histogram=False,
                 lossless=False, watermark=None, wake_mark=None, emit_start=False,
                 perf_buffer=None):
        cflags = [f"-DRINGBUF_PAGES={ring_pages}", "-Wno-macro-redefined",
                  "-Wno-unused-value", "-Wno-pointer-sign", "-Wno-compare-distinct-pointer-types"]
        if stacks:      # -k: 1 user stacks, 2 user + kernel (stacks.py)
            cflags.append(f"-DSTACKS={int(stacks)}")
        if perf_buffer is None:
            perf_buffer = not ringbuf_supported()
        self.perf = bool(perf_buffer)
        if self.perf:   # kernels < 5.8: no BPF ring buffer, so no backpressure either
            cflags.append("-DPERF_FALLBACK")
            lossless = False
        self.bpf = load_program(cflags, ring_pages * mmap.PAGESIZE,
                                cache=not stacks and not self.perf)
        try:
            fn = self.bpf.load_func(b"capture_step", RAW_TRACEPOINT)
        except Exception as e:
            raise LoadError(str(e).strip().splitlines()[-1] if str(e).strip() else repr(e)) from None
        b = self.bpf
        b["progs"][ctypes.c_int(0)] = ctypes.c_int(fn.fd)
        try:
            fd = b.load_func(b"capture_dirents", RAW_TRACEPOINT)
        except Exception as e:
            raise LoadError(str(e).strip().splitlines()[-1] if str(e).strip() else repr(e)) from None
        b["progs"][ctypes.c_int(1)] = ctypes.c_int(fd.fd)
        self.decoder = RecordDecoder(b["layout_event"].Leaf, b["layout_capture"].Leaf)

        cfg = b["config_map"].Leaf()
        cfg.follow_forks = int(follow_forks)
        cfg.strsize = strsize
        cfg.summary_only = int(summary_only)
        cfg.status_mask = status_mask
        cfg.histogram = int(histogram)
        cfg.exec_nr = exec_nr
        cfg.lossless = int(lossless)
        cfg.self_pid = os.getpid()
        size = ring_pages * mmap.PAGESIZE
        cfg.watermark = watermark if watermark is not None else size // 2
        cfg.wake_mark = wake_mark if wake_mark is not None else size // 4
        self.wake_mark = cfg.wake_mark
        cfg.emit_start = int(emit_start)
        ns = own_pidns()
        if ns:
            cfg.pidns_dev, cfg.pidns_ino = ns
        self._cfg = cfg
        b["config_map"][ctypes.c_int(0)] = cfg

        table = b["specs"]
        for nr, row in specs.items():
            if 0 <= nr < SPEC_SLOTS:
                leaf = table.Leaf()
                leaf.flags = row.flags
                leaf.traced = int(row.traced)
                for i, c in enumerate(row.caps):
                    if c is None:
                        continue
                    leaf.cap[i].kind, leaf.cap[i].when = c.kind, c.when
                    leaf.cap[i].lensrc, leaf.cap[i].lenarg, leaf.cap[i].len = c.lensrc, c.lenarg, c.len
                table[ctypes.c_int(nr)] = leaf
        events = b["events"]
        if self.perf:
            self.ring = self.ring_fd = None
            self._perf_records = []
            self._perf_lost = 0
            events.open_perf_buffer(self._on_perf, page_cnt=max(1, ring_pages // 8),
                                    lost_cb=self._on_perf_lost)
        else:
            self.ring = RingReader(events.map_fd, size)
            self.ring_fd = events.map_fd          # pollable: readable when woken
        self._lost_seen = 0
        self._paused = b["paused"]
        self._lossless = lossless

    def expect_exec(self, pid):
        """Start tracing `pid` at its next execve (pid as this process sees it)."""
        self._cfg.pending_pid = pid
        self.bpf["config_map"][ctypes.c_int(0)] = self._cfg

    def attach(self, tid):
        """Trace host thread `tid` from its next syscall on."""
        if ctypes.c_uint32(tid) not in self.bpf["traced"]:
            self._count(1)
        self.bpf["traced"][ctypes.c_uint32(tid)] = ctypes.c_uint32(1)

    def _count(self, d):
        """Tasks traced now, as the BPF side counts them (EV_START needs more than one)."""
        t = self.bpf["ntasks"]
        t[ctypes.c_int(0)] = ctypes.c_int64(t[ctypes.c_int(0)].value + d)

    def attach_id(self, tid):
        """Trace the task shown as `tid` in this pid namespace, from its next syscall."""
        self.bpf["attach_ids"][ctypes.c_uint32(tid)] = ctypes.c_uint32(1)
        if not self._cfg.attach_ns:
            self._cfg.attach_ns = 1
            self.bpf["config_map"][ctypes.c_int(0)] = self._cfg

    def detach_all(self):
        """Stop tracing every task (their calls in progress are forgotten)."""
        self._cfg.attach_ns = 0
        self._cfg.pending_pid = 0
        self.bpf["config_map"][ctypes.c_int(0)] = self._cfg
        for m in ("traced", "calls", "births", "attach_ids"):
            self.bpf[m].clear()
        self.bpf["ntasks"][ctypes.c_int(0)] = ctypes.c_int64(0)

    def detach(self, tid):
        """Stop tracing host thread `tid` (its call in progress is forgotten)."""
        if ctypes.c_uint32(tid) in self.bpf["traced"]:
            self._count(-1)
        for m in ("traced", "calls", "births"):
            try:
                del self.bpf[m][ctypes.c_uint32(tid)]
            except KeyError:
                pass

    raw_sink = None     # --record: called with each record's raw bytes before decoding

    def records(self, limit=1 << 30):
        dec = self.decoder.decode
        sink = self.raw_sink
        bufs = self._perf_drain(limit) if self.perf else self.ring.drain(limit)
        for buf in bufs:
            if sink is not None:
                sink(buf)
            yield dec(buf)

    # perf buffer fallback: bcc's callbacks collect raw records, drained in order
    def _on_perf(self, cpu, data, size):
        self._perf_records.append(ctypes.string_at(data, size))

    def _on_perf_lost(self, count):
        self._perf_lost += count

    def _perf_drain(self, limit):
        if not self._perf_records:
            self.bpf.perf_buffer_poll(timeout=0)
        recs, self._perf_records = self._perf_records[:limit], self._perf_records[limit:]
        return recs

    def lost(self):
        """Total records the kernel could not deliver so far."""
        return sum(self.bpf["lost"][ctypes.c_int(0)]) + (self._perf_lost if self.perf else 0)

    def new_losses(self):
        total = self.lost()
        new, self._lost_seen = total - self._lost_seen, total
        return new

    def resume(self):
        """Continue the processes stopped for backpressure; returns how many.

        The `paused` entry goes first, then SIGCONT: a stop the BPF side sends
        after our look re-creates the entry and is resumed on the next call.
        """
        if not self._lossless:
            return 0
        keys = list(self._paused.keys())
        for k in keys:
            try:
                del self._paused[k]
            except KeyError:
                pass
            try:
                os.kill(k.value, 18)    # SIGCONT
            except ProcessLookupError:
                pass
        return len(keys)

    def pauses(self):
        """SIGSTOPs sent for backpressure so far (lossless mode)."""
        return self.bpf["pauses"][ctypes.c_int(0)].value

    def stats(self):
        """{nr: (calls, errors, time_ns)} aggregated in the kernel (-c)."""
        out = {}
        for k, per_cpu in self.bpf["stats"].items():
            calls = sum(v.calls for v in per_cpu)
            if calls:
                out[k.value] = (calls, sum(v.errors for v in per_cpu),
                                sum(v.time_ns for v in per_cpu))
        return out

    def stats_full(self):
        """{nr: (calls, errors, time_ns, min_ns, max_ns)} (-c with -U min-time/max-time)."""
        out = {}
        for k, per_cpu in self.bpf["stats"].items():
            calls = sum(v.calls for v in per_cpu)
            if calls:
                mins = [v.min_ns for v in per_cpu if v.calls]
                out[k.value] = (calls, sum(v.errors for v in per_cpu),
                                sum(v.time_ns for v in per_cpu), min(mins),
                                max(v.max_ns for v in per_cpu))
        return out

    def histogram(self, nrs):
        """{nr: [count per log2(ns) bucket]} for --histogram."""
        nb = 32
        table = self.bpf["hist"]
        out = {}
        for nr in nrs:
            counts = []
            for b in range(nb):
                counts.append(sum(table[ctypes.c_int(nr * nb + b)]))
            out[nr] = counts
        return out

    def close(self):
        """Stop tracing and free the programs (their detaching finishes in the background)."""
        if self.ring is not None:
            self.ring.close()
        if getattr(self.bpf, "cached", False):   # loaded from the cache
            try:
                self._cfg.lossless = 0        # no more stops: nobody would resume them
                self.bpf["config_map"][ctypes.c_int(0)] = self._cfg
                self.bpf["traced"].clear()
            except OSError:
                pass
            self.bpf.close(background=True)
        else:
            self.bpf.cleanup()


def wait_readable(seconds):
    time.sleep(seconds)
