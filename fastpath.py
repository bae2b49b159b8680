"""The hot loop: ring buffer -> output lines, with a cache of whole lines.

Hot loops repeat the very same call: `dd bs=1` is read(0, "\\0", 1) = 1 and
write(1, "\\0", 1) = 1, 200,000 times each.  A syscall record's line is a pure
function of the record's bytes other than its timestamps (and of the display
options, fixed for the run), so the line made by the normal path (decode,
Renderer.feed, syscall_formatters) is kept under those bytes and reused: the
same string, not a second formatter that could drift.

Only records that are safe to reuse take this path: syscall records of a
whitelist of calls whose formatting reads nothing but the record (no exit or
exec bookkeeping, no /proc look-ups), in runs without per-line timestamps
(-t/-r/-T), fd decoding (-y) or -f (whose process bookkeeping may make a line
depend on other processes).  Everything else goes through Renderer.feed.  The
cache is bounded (cleared when full).
"""
import struct

from tracepoint_raw import EV_SYSCALL, _BUSY, _DISCARD

# calls whose lines depend only on their record (names; numbers from the table)
PURE = ("read", "write", "pread64", "pwrite64", "readv", "writev", "lseek", "close",
        "fstat", "newfstatat", "getpid", "gettid", "getppid", "getuid", "geteuid",
        "getgid", "getegid", "sched_yield", "getrandom", "fsync", "fdatasync",
        "dup", "dup2", "dup3", "fcntl", "ioctl", "poll", "ppoll", "select", "pselect6",
        "sendto", "recvfrom", "sendmsg", "recvmsg", "getdents64", "futex",
        "clock_gettime", "gettimeofday", "nanosleep", "clock_nanosleep",
        "epoll_wait", "epoll_pwait", "mmap", "munmap", "mprotect", "madvise", "brk",
        "rt_sigprocmask", "openat", "access", "faccessat", "faccessat2", "statx")

CACHE_MAX = 4096
_HDR = struct.Struct("<IHHIIq")      # size type flags pid tid nr: the first 24 bytes
_TS_END = 40                         # ts_enter, ts_exit: bytes 24..40, left out of the key


def pure_numbers():
    import syscall_table
    return frozenset(syscall_table.NUMBERS[n] for n in PURE if n in syscall_table.NUMBERS)


class FastConsumer:
    """Drains a Tracer's ring into a Renderer, reusing lines of repeated calls."""

    def __init__(self, tracer, renderer, write, enabled=True, check=False, feed=None):
        self.check = check          # also make every reused line the slow way; count differences
        self.mismatches = []
        self.tracer = tracer
        self.r = renderer
        self.write = write
        self.enabled = enabled
        self.pure = pure_numbers() if enabled else frozenset()
        self.cache = {}
        self.pcache = {}            # tid -> pid prefix its cached lines were made with
        self.hits = self.misses = 0
        self.feed = feed if feed is not None else renderer.feed

    def drain(self, limit):
        """Handle up to `limit` records; returns how many.

        A hit costs a header read, one key and one dict look-up: the key holds
        the record's type, flags, ids and number, so only pure syscall records
        are ever found.  Lines carry the pid prefix of their thread, which only
        the renderer's own bookkeeping (in feed) can change: after every record
        that went through feed, the prefixes behind cached lines are checked.
        """
        ring = self.tracer.ring
        mm, page, mask, view = ring.prod_mm, ring.page, ring.mask, ring.view
        consv = ring.cons
        u32 = struct.Struct("<I").unpack_from
        u64 = struct.Struct("<Q").unpack_from
        hdr_of = _HDR.unpack_from
        decode = self.tracer.decoder.decode
        sink = self.tracer.raw_sink      # --record: every record's raw bytes, before decoding
        if sink is not None:
            plain_decode = decode

            def decode(buf):
                sink(buf)
                return plain_decode(buf)
        feed = self.feed
        cache = self.cache
        pure = self.pure
        out = self.write
        check = self.check
        busy_discard = _BUSY | _DISCARD
        cons = consv.value
        prod = u64(mm, 0)[0]
        n = hits = 0
        while n < limit:
            if cons >= prod:
                consv.value = cons
                prod = u64(mm, 0)[0]
                if cons >= prod:
                    break
            hdr = u32(mm, page + (cons & mask))[0]
            if hdr & _BUSY:
                break
            ln = hdr & ~busy_discard
            if not hdr & _DISCARD:
                start = page + ((cons + 8) & mask)
                n += 1
                # the record minus its size and timestamps (mmap slices are bytes)
                key = mm[start + 4:start + 24] + mm[start + _TS_END:start + ln]
                line = cache.get(key)
                if line is not None:
                    out(line)
                    hits += 1
                    if check:
                        self._verify(line, decode(view[start:start + ln]))
                else:
                    _size, typ, flags, _pid, tid, nr = hdr_of(mm, start)
                    if typ == EV_SYSCALL and not flags and nr in pure:
                        self._miss(key, tid, decode(view[start:start + ln]))
                    else:
                        feed(decode(view[start:start + ln]))
                    self._check_prefixes()
            cons += (ln + 15) & ~7
            if not n & 63:
                consv.value = cons      # publish the space freed, every 64 records
        consv.value = cons
        self.hits += hits
        self.misses += n - hits
        return n

    def _check_prefixes(self):
        pcache = self.pcache
        if pcache:
            prefix = self.r.prefix
            for tid, p in pcache.items():
                if prefix(tid) != p:
                    self.cache.clear()
                    pcache.clear()
                    return

    def _verify(self, line, rec):
        lines = []
        r = self.r
        orig = r.write
        r.write = lines.append
        try:
            self.feed(rec)
        finally:
            r.write = orig
        if lines != [line] and len(self.mismatches) < 100:
            self.mismatches.append((line, lines))

    def _miss(self, key, tid, rec):
        """Feed rec through the renderer; keep its line if it made exactly one."""
        lines = []
        r = self.r
        before = r.prefix(tid)
        orig = r.write
        r.write = lines.append
        try:
            self.feed(rec)
        finally:
            r.write = orig
        for ln in lines:
            self.write(ln)
        if len(lines) == 1 and r.prefix(tid) == before:
            cache = self.cache
            if len(cache) >= CACHE_MAX:
                cache.clear()
                self.pcache.clear()
            cache[key] = lines[0]
            self.pcache[tid] = before


class PlainConsumer:
    """Feeds every record of Tracer.records() (the perf buffer fallback)."""

    def __init__(self, tracer, feed):
        self.tracer, self.feed = tracer, feed
        self.hits = self.misses = 0
        self.mismatches = []

    def drain(self, limit):
        n = 0
        for rec in self.tracer.records(limit):
            self.feed(rec)
            n += 1
        self.misses += n
        return n
