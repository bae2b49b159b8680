"""-c / -C: the per-syscall summary table, printed as strace prints it.

The numbers come from the kernel (strace.c's per-CPU `stats` map): calls,
errors, total/min/max time in the syscall.  strace's default times are the
tracee's system CPU time (-w: wall clock); ours are always the wall-clock time
between sys_enter and sys_exit, measured in the kernel, so they carry none of
ptrace's stop overhead.

Columns (-U), sort keys (-S) and the layout follow strace 6.1:
    % time     seconds  usecs/call     calls    errors syscall
    ------ ----------- ----------- --------- --------- ----------------
     41.04    0.000073          73         1           execve
    ------ ----------- ----------- --------- --------- ----------------
    100.00    0.000179           6        29         1 total
"""
import re

# column name -> (title, width); the name column is left-aligned
COLUMNS = {
    "time-percent": ("% time", 6),
    "total-time": ("seconds", 11),
    "min-time": ("shortest", 8),
    "max-time": ("longest", 8),
    "avg-time": ("usecs/call", 11),
    "calls": ("calls", 9),
    "errors": ("errors", 9),
    "name": ("syscall", 16),
}
COLUMN_ALIASES = {
    "time-percent": "time-percent", "percent": "time-percent", "time_percent": "time-percent",
    "total-time": "total-time", "time": "total-time", "time_total": "total-time",
    "total_time": "total-time",
    "min-time": "min-time", "shortest": "min-time", "time_min": "min-time", "min_time": "min-time",
    "max-time": "max-time", "longest": "max-time", "time_max": "max-time", "max_time": "max-time",
    "avg-time": "avg-time", "time_avg": "avg-time", "avg_time": "avg-time",
    "calls": "calls", "count": "calls", "errors": "errors", "error": "errors",
    "name": "name", "syscall": "name", "syscall_name": "name",
}
DEFAULT_COLUMNS = ("time-percent", "total-time", "avg-time", "calls", "errors", "name")
SORT_KEYS = {
    "time": "time", "time_total": "time", "total_time": "time",
    "min-time": "min", "shortest": "min", "time_min": "min", "min_time": "min",
    "max-time": "max", "longest": "max", "time_max": "max", "max_time": "max",
    "avg-time": "avg", "time_avg": "avg", "avg_time": "avg",
    "calls": "calls", "count": "calls", "errors": "errors", "error": "errors",
    "name": "name", "syscall": "name", "syscall_name": "name", "nothing": "nothing",
    "none": "nothing",
}


class SummaryError(Exception):
    """Bad -S/-U value; str() is strace's message."""


def parse_columns(spec):
    cols = []
    for c in spec.split(","):
        canon = COLUMN_ALIASES.get(c)
        if canon is None:
            raise SummaryError(f"unknown column name: '{c}'")
        cols.append(canon)
    return tuple(cols)


def parse_sort(spec):
    key = SORT_KEYS.get(spec)
    if key is None:
        raise SummaryError(f"invalid sortby: '{spec}'")
    return key


def parse_overhead(spec):
    """-O OVERHEAD[UNIT] (units s, ms, us, ns; default us) -> nanoseconds."""
    m = re.fullmatch(r"(\d+(?:\.\d*)?)(s|ms|us|ns)?", spec or "")
    if not m:
        raise SummaryError(f"invalid -O argument: '{spec}'")
    scale = {"s": 10**9, "ms": 10**6, "us": 10**3, "ns": 1}[m.group(2) or "us"]
    return int(float(m.group(1)) * scale)


def subtract_overhead(stats, ns):
    """-O: take a per-call overhead off every call's time (not below zero)."""
    if not ns:
        return stats
    out = {}
    for nr, v in stats.items():
        calls, errors, t = v[:3]
        rest = tuple(max(0, x - ns) for x in v[3:5])
        out[nr] = (calls, errors, max(0, t - calls * ns)) + rest
    return out


def _secs(ns):
    """strace's seconds: a float printed with 6 decimals."""
    return ns / 1e9


def _usecs(ns):
    """strace's usecs: a float number of seconds times 1e6, truncated."""
    return int((ns // 10**9 + (ns % 10**9) / 1e9) * 1e6)


class Row:
    __slots__ = ("nr", "name", "calls", "errors", "time", "min", "max")

    def __init__(self, nr, name, calls, errors, time, tmin=0, tmax=0):
        self.nr, self.name, self.calls, self.errors = nr, name, calls, errors
        self.time, self.min, self.max = time, tmin, tmax

    @property
    def avg(self):
        return self.time // self.calls if self.calls else 0


def _cells(row, total_time, cols):
    out = []
    for c in cols:
        if c == "time-percent":
            pct = 100.0 * row.time / total_time if total_time else 0.0
            out.append(f"{pct:6.2f}")
        elif c == "total-time":
            out.append(f"{_secs(row.time):11.6f}")
        elif c == "min-time":
            out.append(f"{_secs(row.min):8.6f}")
        elif c == "max-time":
            out.append(f"{_secs(row.max):8.6f}")
        elif c == "avg-time":
            out.append(f"{_usecs(row.avg):11d}")
        elif c == "calls":
            out.append(f"{row.calls:9d}")
        elif c == "errors":
            out.append(f"{row.errors:9d}" if row.errors else " " * 9)
        elif c == "name":
            out.append(row.name)
    return out


def _join(cells, cols):
    parts = []
    for i, (cell, c) in enumerate(zip(cells, cols)):
        if c == "name" and i < len(cols) - 1:
            cell = f"{cell:<16}"
        parts.append(cell)
    return " ".join(parts)


def rows_from_stats(stats, syscalls):
    rows = []
    for nr, v in stats.items():
        calls, errors, t = v[:3]
        tmin, tmax = (v[3], v[4]) if len(v) >= 5 else (0, 0)
        sc = syscalls.get(nr)
        name = sc.name if sc is not None else f"syscall_{nr:#x}"
        rows.append(Row(nr, name, calls, errors, t, tmin, tmax))
    return rows


def sort_rows(rows, key):
    rows = sorted(rows, key=lambda r: r.nr)       # ties keep syscall-number order
    if key == "nothing":
        return rows
    if key == "name":
        return sorted(rows, key=lambda r: r.name)
    attr = {"time": "time", "min": "min", "max": "max", "avg": "avg", "calls": "calls",
            "errors": "errors"}[key]
    return sorted(rows, key=lambda r: getattr(r, attr), reverse=True)


def format_table(stats, syscalls, sort="time", columns=DEFAULT_COLUMNS):
    """The table's lines (without newlines); [] when no call was counted."""
    rows = sort_rows(rows_from_stats(stats, syscalls), sort)
    if not rows:
        return []
    cols = tuple(columns)
    total = Row(-1, "total", sum(r.calls for r in rows), sum(r.errors for r in rows),
                sum(r.time for r in rows), min(r.min for r in rows), max(r.max for r in rows))
    header, dashes = [], []
    for c in cols:
        title, width = COLUMNS[c]
        if c == "name":
            header.append(f"{title:<{width}}" if c != cols[-1] else title)
        else:
            header.append(f"{title:>{width}}")
        dashes.append("-" * width)
    lines = [" ".join(header), " ".join(dashes)]
    for r in rows:
        lines.append(_join(_cells(r, total.time, cols), cols))
    lines.append(" ".join(dashes))
    tot = _cells(total, total.time, cols)
    if "time-percent" in cols:
        tot[cols.index("time-percent")] = "100.00"
    lines.append(_join(tot, cols))
    return lines


def print_table(stats, syscalls, write, sort="time", columns=DEFAULT_COLUMNS):
    for ln in format_table(stats, syscalls, sort, columns):
        write(ln + "\n")


def format_histogram(hists, syscalls):
    """--histogram (extension): a log2 latency histogram per syscall, from the kernel."""
    lines = []
    for nr in sorted(hists, key=lambda n: syscalls[n].name if n in syscalls else str(n)):
        counts = hists[nr]
        if not any(counts):
            continue
        name = syscalls[nr].name if nr in syscalls else f"syscall_{nr:#x}"
        lines.append(f"{name}:")
        lines.append(f"{'ns':>24} : count")
        top = max(counts)
        last = max(i for i, c in enumerate(counts) if c)
        first = min(i for i, c in enumerate(counts) if c)
        for b in range(first, last + 1):
            lo, hi = (0 if b == 0 else 1 << b), (1 << (b + 1)) - 1
            bar = "*" * (counts[b] * 40 // top) if top else ""
            lines.append(f"{lo:>10} -> {hi:<10} : {counts[b]:<8} |{bar:<40}|")
    return lines
