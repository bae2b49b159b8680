"""-t/-tt/-ttt, -r and -T from the kernel's timestamps, in strace's formats.

Records carry CLOCK_MONOTONIC nanoseconds (bpf_ktime_get_ns).  Wall-clock time
is monotonic + an offset sampled at start-up (the tightest of a few samples of
time.time_ns() around time.monotonic_ns()).  A syscall line carries its entry
time, as strace's line starts printing at the syscall's entry.

    -t    21:47:18                    -r         0.000333
    -tt   21:47:18.950006             -t -r     21:47:18 (+     0.000333)
    -ttt  1795556844.331235           -T        ... = 0 <0.000013>
"""
import time

PRECISIONS = {"s": 0, "ms": 3, "us": 6, "ns": 9}


class TimestampError(Exception):
    """A bad timestamp option; str() is the message."""


def wall_offset(samples=5):
    """time.time_ns() - time.monotonic_ns(), from the tightest of a few samples."""
    best = None
    for _ in range(samples):
        m0 = time.monotonic_ns()
        w = time.time_ns()
        m1 = time.monotonic_ns()
        if best is None or m1 - m0 < best[0]:
            best = (m1 - m0, w - (m0 + m1) // 2)
    return best[1]


def parse_precision(p, default):
    if p is None or p == "":
        return default
    if p.startswith("precision:"):
        p = p[len("precision:"):]
    if p not in PRECISIONS:
        raise TimestampError(f"invalid precision: '{p}'")
    return PRECISIONS[p]


def parse_absolute(spec):
    """--absolute-timestamps=[[format:]FORMAT[,[precision:]PRECISION]] -> (format, digits)."""
    fmt, digits = "time", 0
    for part in (spec or "").split(","):
        if not part:
            continue
        if part.startswith("format:"):
            v = part[len("format:"):]
            if v not in ("none", "time", "unix"):
                raise TimestampError(f"invalid format: '{v}'")
            fmt = v
        elif part in ("none", "time", "unix"):
            fmt = part
        else:
            digits = parse_precision(part, 0)
    return fmt, digits


def absolute_from_count(n):
    """-t, -tt, -ttt -> (format, digits)."""
    if n <= 0:
        return "none", 0
    if n == 1:
        return "time", 0
    if n == 2:
        return "time", 6
    return "unix", 6


def _frac(ns, digits):
    return f".{ns // 10 ** (9 - digits):0{digits}d}" if digits else ""


def duration(ns, digits=6):
    """A span of time as '%ld.%06ld' at `digits` precision (used by -r and -T)."""
    return f"{ns // 1_000_000_000}{_frac(ns % 1_000_000_000, digits)}"


class Stamper:
    """callable(rec) -> the line's time prefix ('' when no option asks for one)."""

    def __init__(self, absolute="none", abs_digits=0, relative=False, rel_digits=6,
                 offset=None):
        self.absolute = absolute
        self.abs_digits = abs_digits
        self.relative = relative
        self.rel_digits = rel_digits
        self.offset = wall_offset() if offset is None else offset
        self.prev = None

    @property
    def active(self):
        return self.absolute != "none" or self.relative

    def wall(self, mono_ns):
        ns = mono_ns + self.offset
        sec, sub = divmod(ns, 1_000_000_000)
        if self.absolute == "unix":
            return f"{sec}{_frac(sub, self.abs_digits)}"
        return time.strftime("%H:%M:%S", time.localtime(sec)) + _frac(sub, self.abs_digits)

    def rel(self, mono_ns):
        d = 0 if self.prev is None else max(0, mono_ns - self.prev)
        self.prev = mono_ns
        sec, sub = divmod(d, 1_000_000_000)
        return f"{sec:6d}{_frac(sub, self.rel_digits)}"

    def __call__(self, rec):
        ts = rec.ts_enter
        out = ""
        if self.absolute != "none":
            out = self.wall(ts) + " "
            if self.relative:
                out += f"(+{self.rel(ts)}) "
        elif self.relative:
            out = self.rel(ts) + " "
        return out
