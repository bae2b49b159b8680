"""Records -> strace's lines.

FORMATTERS maps an argument kind (syscall_specs.py) to a pure function
`(rec, i, ctx, param) -> str` that prints argument i of a record the way
strace 6.1 does.  They never raise: anything unexpected prints the raw value.
The shared printers (quoting, flags, NULL/address) are at the top; decoders for
specific structs live beside them and are registered with @kind("name").
"""
import re
import struct

import xlat
from tracepoint_raw import SF_NORETURN, ST_FAULT, ST_NULL, ST_OK

FORMATTERS = {}
RET_FORMATTERS = {}


class Ctx:
    """Display options (strace's -s, -x, -X, -v, -a, -y ...)."""

    def __init__(self, strsize=32, xflag=0, xstyle=xlat.XABBREV, verbose=False, acolumn=40,
                 decode_fds=False, fds=None):
        self.strsize = strsize
        self.xflag = xflag            # 0, 1 (-x), 2 (-xx)
        self.xstyle = xstyle          # -X raw|abbrev|verbose
        self.verbose = verbose        # -v
        self.acolumn = acolumn        # -a
        self.decode_fds = decode_fds  # -y
        self.fds = fds                # -y: fdtrack.FdTracker (None: print numbers only)
        self.last_args = None         # (record, [printed args]) of the last format_args


def kind(name, table=None):
    def reg(f):
        (table if table is not None else FORMATTERS)[name] = f
        return f
    return reg


# ---------------------------------------------------------------- printers

_ESC = {9: "\\t", 10: "\\n", 11: "\\v", 12: "\\f", 13: "\\r", 34: '\\"', 92: "\\\\"}


# bytes printed as themselves; everything else is escaped
_PLAIN = bytes(b for b in range(32, 127) if b not in (34, 92))
# per byte: its shortest form (\t, "a", \0, \177 ...)
_SHORT = [_ESC.get(b) or (chr(b) if 32 <= b < 127 else f"\\{b:o}") for b in range(256)]
# an octal escape followed by an octal digit must take three digits
_OCT_BEFORE_DIGIT = re.compile(rb"[\x00-\x08\x0e-\x1f\x7f-\xff](?=[0-7])")


def quote(data, ctx, limit=None, ellipsis=False):
    """strace's quoted string: escapes, octal for other bytes, -x/-xx hex, then "..."."""
    if not isinstance(data, (bytes, bytearray)):
        data = bytes(data)
    if limit is not None and len(data) > limit:
        data, ellipsis = data[:limit], True
    if ctx.xflag == 2 or (ctx.xflag == 1 and any(b < 32 or b >= 127 for b in data)):
        body = "".join(f"\\x{b:02x}" for b in data)
    elif not data.translate(None, _PLAIN):      # the common case: plain text
        body = data.decode("ascii")
    else:
        out = [_SHORT[b] for b in data]
        for m in _OCT_BEFORE_DIGIT.finditer(data):
            j = m.start()
            out[j] = f"\\{data[j]:03o}"
        body = "".join(out)
    return f'"{body}"' + ("..." if ellipsis else "")


def ptr(v):
    return "NULL" if v == 0 else f"{v:#x}"


def s32(v):
    v &= 0xFFFFFFFF
    return v - (1 << 32) if v & 0x80000000 else v


def s64(v):
    v &= 0xFFFFFFFFFFFFFFFF
    return v - (1 << 64) if v & (1 << 63) else v


def failed(rec):
    return -4096 < rec.ret < 0


def cap_or_addr(rec, i):
    """The capture of arg i, or None when the address must be printed instead."""
    c = rec.caps.get(i)
    if c is None or c.status in (ST_FAULT, ST_NULL) and not c.data:
        return None
    return c


def printstr_cap(rec, i, ctx):
    """A NUL-terminated string argument limited by -s."""
    v = rec.args[i]
    if v == 0:
        return "NULL"
    c = rec.caps.get(i)
    if c is None or c.status == ST_FAULT:
        return ptr(v)
    data = c.data
    nul = data.find(b"\0")
    if nul >= 0:
        data = data[:nul]
        return quote(data, ctx, ctx.strsize)
    return quote(data, ctx, ctx.strsize, ellipsis=True)


def printpath_cap(rec, i, ctx):
    v = rec.args[i]
    if v == 0:
        return "NULL"
    c = rec.caps.get(i)
    if c is None or c.status == ST_FAULT:
        return ptr(v)
    data = c.data
    nul = data.find(b"\0")
    if nul >= 0:
        return quote(data[:nul], ctx)
    return quote(data, ctx, ellipsis=True)


def flags(table, v, ctx):
    return xlat.printflags(table, v, ctx.xstyle)


def xval(table, v, ctx, fmt="%#x"):
    return xlat.printxval(table, v, ctx.xstyle, fmt)


# ---------------------------------------------------------------- integers

@kind("int")
def _int(rec, i, ctx, p):
    return str(s32(rec.args[i]))


@kind("uint")
def _uint(rec, i, ctx, p):
    return str(rec.args[i] & 0xFFFFFFFF)


@kind("long")
def _long(rec, i, ctx, p):
    return str(s64(rec.args[i]))


@kind("ulong")
def _ulong(rec, i, ctx, p):
    return str(rec.args[i])


@kind("hex")
def _hex(rec, i, ctx, p):
    v = rec.args[i]
    return f"{v:#x}" if v else "0"


@kind("ptr")
def _ptr(rec, i, ctx, p):
    return ptr(rec.args[i])


@kind("id")
def _id(rec, i, ctx, p):
    v = rec.args[i] & 0xFFFFFFFF
    return "-1" if v == 0xFFFFFFFF else str(v)


def printfd(rec, fd, ctx, after=False):
    """A descriptor: '3', or with -y '3</etc/passwd>' (after: as the call left it)."""
    s = str(fd)
    if ctx.fds is None or fd < 0:
        return s
    return s + ctx.fds.describe(rec, fd, after)


@kind("fd")
def _fd(rec, i, ctx, p):
    return printfd(rec, s32(rec.args[i]), ctx)


@kind("dirfd")
def _dirfd(rec, i, ctx, p):
    v = s32(rec.args[i])
    if v == -100:
        s = {xlat.XRAW: "-100", xlat.XVERBOSE: "-100 /* AT_FDCWD */"}.get(ctx.xstyle, "AT_FDCWD")
        return s + ctx.fds.cwd(rec) if ctx.fds is not None else s
    return printfd(rec, v, ctx)


def octal(v):
    """C's %#03o: a leading 0, at least 3 digits (0 -> 000, 7 -> 007, 0644 -> 0644)."""
    return ("0%o" % v if v else "0").rjust(3, "0")


@kind("mode")
def _mode(rec, i, ctx, p):
    return octal(rec.args[i] & 0xFFFFFFFF)


@kind("signo")
def _signo(rec, i, ctx, p):
    v = s32(rec.args[i])
    if v <= 0 or v > 64:
        return str(v)
    return xlat.signal_name(v, ctx.xstyle)


# ---------------------------------------------------------------- strings, buffers

@kind("path")
def _path(rec, i, ctx, p):
    return printpath_cap(rec, i, ctx)


FORMATTERS["exec_path"] = _path


@kind("str")
def _str(rec, i, ctx, p):
    return printstr_cap(rec, i, ctx)


def printbuf(rec, i, ctx):
    """A buffer of known length: -s bytes then "..." if longer."""
    v = rec.args[i]
    c = rec.caps.get(i)
    if v == 0:
        return "NULL"
    if c is None or c.status == ST_FAULT:
        return ptr(v)
    return quote(c.data, ctx, ctx.strsize, ellipsis=c.count > len(c.data) and len(c.data) >= ctx.strsize)


@kind("ibuf")
def _ibuf(rec, i, ctx, p):
    return printbuf(rec, i, ctx)


@kind("obuf_ret")
def _obuf_ret(rec, i, ctx, p):
    if failed(rec):
        return ptr(rec.args[i])
    return printbuf(rec, i, ctx)


@kind("obuf_path")
def _obuf_path(rec, i, ctx, p):
    """readlink/getcwd: the result, whole (getcwd's length includes the NUL)."""
    if failed(rec):
        return ptr(rec.args[i])
    c = rec.caps.get(i)
    if c is None or c.status == ST_FAULT:
        return ptr(rec.args[i])
    data = c.data
    if data.endswith(b"\0"):
        data = data[:-1]
    return quote(data, ctx)


# ---------------------------------------------------------------- flags

def _flags_kind(name, table):
    FORMATTERS[name] = lambda rec, i, ctx, p: flags(table, rec.args[i] & 0xFFFFFFFF, ctx)


def _xval_kind(name, table, fmt="%#x", signed=False):
    def f(rec, i, ctx, p):
        v = s32(rec.args[i]) if signed else rec.args[i] & 0xFFFFFFFF
        return xval(table, v, ctx, fmt)
    FORMATTERS[name] = f


for _name, _table in [("open_flags", "open_flags"), ("at_flags", "at_flags"),
                      ("access_mode", "access_modes"), ("mmap_prot", "mmap_prot"),
                      ("mmap_flags", "mmap_flags"), ("rename_flags", "renameat2_flags"),
                      ("getrandom_flags", "getrandom_flags"), ("msg_flags", "msg_flags"),
                      ("wait_options", "wait4_options"), ("mremap_flags", "mremap_flags"),
                      ("eventfd_flags", "eventfd_flags"),
                      ("epoll_create_flags", "epoll_create_flags"),
                      ("close_range_flags", "close_range_flags"), ("timer_flags", "timer_flags"),
                      ("statx_mask", "statx_mask"), ("socket_flags", "socket_type_flags"),
                      ("flock_op", "flock_ops"), ("pipe2_flags", "pipe2_flags")]:
    _flags_kind(_name, _table)

for _name, _table, _fmt in [("whence", "seek_whence", "%d"), ("clockid", "clocks", "%d"),
                            ("rlimit_resource", "rlimit_resources", "%d"),
                            ("madvise_advice", "madvise_advice", "%d"),
                            ("fadvise", "fadvise_advice", "%d"),
                            ("arch_prctl_code", "arch_prctl_codes", "%#x"),
                            ("prctl_option", "prctl_options", "%d")]:
    _xval_kind(_name, _table, _fmt)


@kind("open_mode")
def _open_mode(rec, i, ctx, p):
    """openat's mode: printed only with O_CREAT or O_TMPFILE (the caller drops it otherwise)."""
    return octal(rec.args[i] & 0xFFFFFFFF)


O_CREAT, O_TMPFILE = 0o100, 0o20200000


def open_mode_shown(rec, flags_index):
    fl = rec.args[flags_index]
    return bool(fl & O_CREAT) or (fl & O_TMPFILE) == O_TMPFILE


# ---------------------------------------------------------------- structs

def captured(rec, i, size=0, out=False):
    """The captured bytes of argument i (at least `size` of them), or None when its
    address must be printed instead: unreadable, too short, or (out) the call failed."""
    c = rec.caps.get(i)
    if c is None or c.status != ST_OK or len(c.data) < size:
        return None
    if out and failed(rec):
        return None
    return c.data


def struct_arg(rec, i, size, fn, ctx, out=False):
    """A struct argument as strace prints it: NULL, its address (nothing usable was
    captured, or for `out` the call failed), else fn(bytes, ctx)."""
    v = rec.args[i]
    if v == 0:
        return "NULL"
    d = captured(rec, i, size, out)
    return ptr(v) if d is None else fn(d, ctx)


def timespec(d, off=0):
    sec, nsec = struct.unpack_from("<qq", d, off)
    return "{tv_sec=%d, tv_nsec=%d}" % (sec, nsec)


@kind("timespec")
def _timespec(rec, i, ctx, p):
    return struct_arg(rec, i, 16, lambda d, c: timespec(d), ctx)


@kind("timespec_out")
def _timespec_out(rec, i, ctx, p):
    return struct_arg(rec, i, 16, lambda d, c: timespec(d), ctx, out=True)


def timeval(d, off=0):
    sec, usec = struct.unpack_from("<qq", d, off)
    return "{tv_sec=%d, tv_usec=%d}" % (sec, usec)


@kind("timeval_out")
def _timeval_out(rec, i, ctx, p):
    return struct_arg(rec, i, 16, lambda d, c: timeval(d), ctx, out=True)


@kind("utsname")
def _utsname(rec, i, ctx, p):
    d = captured(rec, i, 390)
    if d is None or failed(rec):
        return ptr(rec.args[i])
    f = [d[k * 65:(k + 1) * 65].split(b"\0", 1)[0] for k in range(6)]
    if not ctx.verbose:
        return "{sysname=%s, nodename=%s, ...}" % (quote(f[0], ctx), quote(f[1], ctx))
    names = ("sysname", "nodename", "release", "version", "machine", "domainname")
    return "{" + ", ".join(f"{n}={quote(v, ctx)}" for n, v in zip(names, f)) + "}"


# ---------------------------------------------------------------- results

def errno_str(err):
    name = xlat.errno_name(err)
    msg = xlat.errno_message(err)
    if name is None:
        return f"-1 (errno {err})"
    if 512 <= err <= 516 or err == 530:
        return f"? {name} ({msg})" if msg else f"? {name}"
    return f"-1 {name} ({msg})" if msg else f"-1 {name}"


@kind("int", RET_FORMATTERS)
def _ret_int(rec, ctx):
    return str(rec.ret)


@kind("uint", RET_FORMATTERS)
def _ret_uint(rec, ctx):
    return str(rec.ret)


@kind("hex", RET_FORMATTERS)
def _ret_hex(rec, ctx):
    return f"{rec.ret & 0xFFFFFFFFFFFFFFFF:#x}"


@kind("octal_ret", RET_FORMATTERS)
def _ret_octal(rec, ctx):
    return octal(rec.ret)


def format_ret(rec, sc, ctx):
    if rec.flags & SF_NORETURN:
        return "?"
    if -4096 < rec.ret < 0:
        return errno_str(-rec.ret)
    f = RET_FORMATTERS.get(sc.ret if sc else "int", _ret_int)
    try:
        s = f(rec, ctx)
        return s if ctx.fds is None else ctx.fds.decorate_ret(rec, sc, s)
    except Exception:
        return str(rec.ret)


# ---------------------------------------------------------------- calls

def format_args(rec, sc, ctx):
    """'arg, arg, ...' for a syscall record."""
    args = format_arg_list(rec, sc, ctx)
    ctx.last_args = (rec, args)     # --json reuses them instead of decoding twice
    return ", ".join(args)


def format_arg_list(rec, sc, ctx):
    """The printed arguments of a syscall record, one string each (--json uses them)."""
    if sc is None:
        return [f"{a:#x}" for a in rec.args]
    out = []
    for i, k in enumerate(sc.kinds):
        name, _, param = k.partition(":")
        if name == "open_mode" and not open_mode_shown(rec, int(param)):
            continue
        f = FORMATTERS.get(name, _hex)
        try:
            s = f(rec, i, ctx, param)
        except Exception:
            s = f"{rec.args[i]:#x}"
        if s is not None:   # None: the argument is not printed (fcntl(fd, F_GETFD))
            out.append(s)
    return out


def syscall_name(rec, sc):
    if sc is None:
        return f"syscall_{rec.nr & 0xFFFFFFFFFFFFFFFF:#x}"
    return sc.name


def pad_to(s, column):
    """strace's tabto(): pad so that '=' starts at `column`, else one space."""
    return s.ljust(column) if len(s) < column else s + " "


def format_syscall(rec, sc, ctx, prefix=""):
    """The whole line for one syscall record (without a newline)."""
    head = f"{prefix}{syscall_name(rec, sc)}({format_args(rec, sc, ctx)})"
    return pad_to(head, ctx.acolumn) + "= " + format_ret(rec, sc, ctx)


# decoder modules register their kinds on import
import dec_fs  # noqa: E402,F401
import dec_net  # noqa: E402,F401
import dec_proc  # noqa: E402,F401
