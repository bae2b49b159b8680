"""Decoders for file-system, memory and miscellaneous syscalls.

Spec rows (merged over syscall_specs' by _merge_decoder_modules) and the
formatters of their kinds (registered in syscall_formatters.FORMATTERS with
@sf.kind).  Every output format here was checked against strace 6.1 on this
machine (the commands are named in tests/test_dec_fs.py).

Struct layouts are the x86_64 UAPI ones (struct stat, statx, statfs,
linux_dirent64, flock, sysinfo, termios, winsize, timespec, ...).
"""
import struct
import time

import syscall_formatters as sf
import xlat
from tracepoint_raw import (CAP_BUF, CAP_DIRENTS, LEN_ARG, LEN_FIXED, LEN_RET, ST_OK, WHEN_ENTER,
                            WHEN_EXIT, WHEN_EXIT_OK)

CAP_MAX = 4096   # strace.c: the most one capture holds


def _capspec(*a):
    # late import: syscall_specs imports this module while it is being built
    import syscall_specs
    return syscall_specs.CapSpec(*a)


def _fixed(size, when=WHEN_EXIT):
    return lambda p: _capspec(CAP_BUF, when, LEN_FIXED, 0, int(p) if p.isdigit() else size)


# kind name -> function(param) -> syscall_specs.CapSpec
CAPTURES = {
    "stat": _fixed(144, WHEN_EXIT_OK),
    "statx": _fixed(256, WHEN_EXIT_OK),
    "statfs": _fixed(120, WHEN_EXIT_OK),
    "sysinfo": _fixed(112, WHEN_EXIT_OK),
    # the result (up to one capture, listed by -v) and the count of all its entries
    "dirents": lambda p: _capspec(CAP_DIRENTS, WHEN_EXIT_OK, LEN_RET, 0, CAP_MAX),
    "dirents_old": lambda p: _capspec(CAP_DIRENTS, WHEN_EXIT_OK, LEN_RET, 0, CAP_MAX),
    "hexbuf_ret": lambda p: _capspec(CAP_BUF, WHEN_EXIT_OK, LEN_RET),
    # fcntl's third argument: struct flock / f_owner_ex / u64 when the command takes one
    "fcntl_arg": _fixed(32),
}

# syscall name -> argument kinds
SPECS = {
    "statx": ("dirfd", "path", "statx_flags", "statx_mask", "statx"),
    "statfs": ("path", "statfs"),
    "fstatfs": ("fd", "statfs"),
    "getdents": ("fd", "dirents_old", "uint"),
    "getdents64": ("fd", "dirents", "uint"),
    "getrandom": ("hexbuf_ret", "ulong", "getrandom_flags"),
    "fcntl": ("fd", "fcntl_cmd", "fcntl_arg"),
}

# syscall name -> return kind
RETURNS = {
    "fcntl": "fcntl_ret",
}


# ---------------------------------------------------------------- modes, times

def file_mode(mode, ctx):
    """st_mode: S_IFREG|S_ISVTX|0644 (-X raw: 0100644; -X verbose: both)."""
    raw = "0%o" % mode if mode else "0"
    if ctx.xstyle == xlat.XRAW:
        return raw
    parts = []
    t = mode & 0o170000
    if t:
        name = xlat.lookup("file_types", t)
        parts.append(name if name else "%#o" % t)
    for n, v in (("S_ISUID", 0o4000), ("S_ISGID", 0o2000), ("S_ISVTX", 0o1000)):
        if mode & v:
            parts.append(n)
    parts.append(sf.octal(mode & 0o777))
    s = "|".join(parts)
    if ctx.xstyle == xlat.XVERBOSE:
        return "%s /* %s */" % (raw, s)
    return s


def time_comment(sec, nsec, digits=9):
    """strace's ' /* 2026-05-20T16:27:29+0000 */': local time, the fraction (nsec, or usec
    with digits=6) only when not zero, nothing for a zero time."""
    if sec == 0 and nsec == 0:
        return ""
    try:
        tm = time.localtime(sec)
    except (OverflowError, OSError, ValueError):
        return ""
    frac = ".%0*d" % (digits, nsec) if nsec else ""
    return " /* %s%s%s */" % (time.strftime("%Y-%m-%dT%H:%M:%S", tm), frac,
                              time.strftime("%z", tm))


def makedev(major, minor):
    return "makedev(%s, %s)" % (_hex0(major), _hex0(minor))


def print_dev(dev, ctx):
    """A dev_t: makedev(0x1, 0x3); -X raw: 0x103; -X verbose: both."""
    if ctx.xstyle == xlat.XRAW:
        return _hex0(dev)
    s = makedev(*_split_dev(dev))
    return "%s /* %s */" % (_hex0(dev), s) if ctx.xstyle == xlat.XVERBOSE else s


def _hex0(v):
    return "%#x" % v if v else "0"


def _split_dev(dev):
    major = ((dev >> 8) & 0xFFF) | ((dev >> 32) & ~0xFFF & 0xFFFFFFFF)
    minor = (dev & 0xFF) | ((dev >> 12) & ~0xFF & 0xFFFFFFFF)
    return major, minor


# ---------------------------------------------------------------- stat family

_STAT = struct.Struct("<QQQIIIIQqqqqqqqqq")


@sf.kind("stat")
def _stat(rec, i, ctx, p):
    d = sf.captured(rec, i, 144, out=True)
    if d is None:
        return sf.ptr(rec.args[i])
    (dev, ino, nlink, mode, uid, gid, _pad, rdev, size, blksize, blocks,
     at, atn, mt, mtn, ct, ctn) = _STAT.unpack_from(d)
    special = mode & 0o170000 in (0o020000, 0o060000)
    size_s = ("st_rdev=%s" % print_dev(rdev, ctx)) if special else "st_size=%d" % size
    if not ctx.verbose:
        return "{st_mode=%s, %s, ...}" % (file_mode(mode, ctx), size_s)
    out = ["st_dev=%s" % print_dev(dev, ctx), "st_ino=%d" % ino,
           "st_mode=%s" % file_mode(mode, ctx), "st_nlink=%d" % nlink, "st_uid=%d" % uid,
           "st_gid=%d" % gid, "st_blksize=%d" % blksize, "st_blocks=%d" % blocks, size_s]
    for name, sec, nsec in (("st_atime", at, atn), ("st_mtime", mt, mtn), ("st_ctime", ct, ctn)):
        out.append("%s=%d%s" % (name, sec, time_comment(sec, nsec)))
        out.append("%s_nsec=%d" % (name, nsec))
    return "{" + ", ".join(out) + "}"


AT_STATX_SYNC_TYPE = 0x6000


@sf.kind("statx_flags")
def _statx_flags(rec, i, ctx, p):
    """AT_STATX_SYNC_AS_STAT|AT_SYMLINK_NOFOLLOW: the sync type first, always."""
    v = rec.args[i] & 0xFFFFFFFF
    sync = v & AT_STATX_SYNC_TYPE
    if ctx.xstyle != xlat.XABBREV and sync == AT_STATX_SYNC_TYPE:
        return xlat.printflags("at_flags", v, ctx.xstyle)
    if ctx.xstyle != xlat.XABBREV:
        # raw: "" for 0, "|0x1000"; verbose: "0 /* AT_STATX_SYNC_AS_STAT */|0x1000 /* ... */"
        parts = [xlat.printxval("statx_flags", sync, ctx.xstyle) if sync or
                 ctx.xstyle == xlat.XVERBOSE else ""]
        if v & ~AT_STATX_SYNC_TYPE:
            parts.append(xlat.printflags("at_flags", v & ~AT_STATX_SYNC_TYPE, ctx.xstyle))
        return "|".join(parts)
    name = xlat.lookup("statx_flags", sync) if sync != AT_STATX_SYNC_TYPE else None
    rest = v & ~AT_STATX_SYNC_TYPE if name else v
    parts = [name] if name else []
    if rest:
        parts.append(xlat.printflags("at_flags", rest, xlat.XABBREV))
    s = "|".join(parts)
    return "%#x /* %s */" % (v, s) if ctx.xstyle == xlat.XVERBOSE and v else s


_STATX = struct.Struct("<IIQIIIHxxQQQQ")
STATX_BTIME, STATX_MNT_ID, STATX_DIOALIGN = 0x800, 0x1000, 0x2000


def _sxts(d, off):
    sec, nsec = struct.unpack_from("<qI", d, off)
    return "{tv_sec=%d, tv_nsec=%d}%s" % (sec, nsec, time_comment(sec, nsec))


@sf.kind("statx")
def _statx(rec, i, ctx, p):
    d = sf.captured(rec, i, 256, out=True)
    if d is None:
        return sf.ptr(rec.args[i])
    (mask, blksize, attrs, nlink, uid, gid, mode, ino, size, blocks,
     amask) = _STATX.unpack_from(d)
    mask_s = sf.flags("statx_mask", mask, ctx)
    attrs_s = sf.flags("statx_attrs", attrs, ctx)
    if not ctx.verbose:
        return "{stx_mask=%s, stx_attributes=%s, stx_mode=%s, stx_size=%d, ...}" % (
            mask_s, attrs_s, file_mode(mode, ctx), size)
    out = ["stx_mask=%s" % mask_s, "stx_blksize=%d" % blksize, "stx_attributes=%s" % attrs_s,
           "stx_nlink=%d" % nlink, "stx_uid=%d" % uid, "stx_gid=%d" % gid,
           "stx_mode=%s" % file_mode(mode, ctx), "stx_ino=%d" % ino, "stx_size=%d" % size,
           "stx_blocks=%d" % blocks, "stx_attributes_mask=%s" % sf.flags("statx_attrs", amask, ctx)]
    # each time only when the kernel says it filled it in
    for name, bit, off in (("atime", 0x20, 64), ("btime", STATX_BTIME, 80), ("ctime", 0x80, 96),
                           ("mtime", 0x40, 112)):
        if mask & bit:
            out.append("stx_%s=%s" % (name, _sxts(d, off)))
    rmaj, rmin, dmaj, dmin, mnt_id, dio_mem, dio_off = struct.unpack_from("<IIIIQII", d, 128)
    out += ["stx_rdev_major=%d" % rmaj, "stx_rdev_minor=%d" % rmin,
            "stx_dev_major=%d" % dmaj, "stx_dev_minor=%d" % dmin]
    if mask & STATX_MNT_ID:
        out.append("stx_mnt_id=%s" % _hex0(mnt_id))
    if mask & STATX_DIOALIGN:
        out += ["stx_dio_mem_align=%d" % dio_mem, "stx_dio_offset_align=%d" % dio_off]
    return "{" + ", ".join(out) + "}"


_STATFS = struct.Struct("<qqQQQQQiiqqq")


@sf.kind("statfs")
def _statfs(rec, i, ctx, p):
    d = sf.captured(rec, i, 120, out=True)
    if d is None:
        return sf.ptr(rec.args[i])
    (ftype, bsize, blocks, bfree, bavail, files, ffree, fsid0, fsid1, namelen, frsize,
     fflags) = _STATFS.unpack_from(d)
    return ("{f_type=%s, f_bsize=%d, f_blocks=%d, f_bfree=%d, f_bavail=%d, f_files=%d, "
            "f_ffree=%d, f_fsid={val=[%s, %s]}, f_namelen=%d, f_frsize=%d, f_flags=%s}") % (
        sf.xval("fs_magic", ftype & 0xFFFFFFFFFFFFFFFF, ctx), bsize, blocks, bfree, bavail, files,
        ffree, _hex0(fsid0 & 0xFFFFFFFF), _hex0(fsid1 & 0xFFFFFFFF), namelen, frsize,
        sf.flags("statfs_flags", fflags, ctx))


# ---------------------------------------------------------------- getdents

def _dirents(rec, i, ctx, old):
    v = rec.args[i]
    if sf.failed(rec):
        return sf.ptr(v)
    c = rec.caps.get(i)
    data = c.data if c is not None and c.status == ST_OK else b""
    if rec.ret > 0 and not data:
        return sf.ptr(v)
    items, pos, n = [], 0, len(data)
    while pos + 19 <= n:
        if old:
            ino, off, reclen = struct.unpack_from("<QqH", data, pos)
        else:
            ino, off, reclen, dtype = struct.unpack_from("<QqHB", data, pos)
        if reclen < 19 or pos + reclen > n:
            break
        if ctx.verbose:
            name_start = pos + (18 if old else 19)
            name = data[name_start:pos + reclen].split(b"\0", 1)[0]
            if old:
                dtype = data[pos + reclen - 1]
            dt = sf.xval("dirent_types", dtype, ctx)
            if old:
                items.append("{d_ino=%d, d_off=%d, d_reclen=%d, d_name=%s, d_type=%s}" % (
                    ino, off, reclen, sf.quote(name, ctx), dt))
            else:
                items.append("{d_ino=%d, d_off=%d, d_reclen=%d, d_type=%s, d_name=%s}" % (
                    ino, off, reclen, dt, sf.quote(name, ctx)))
        else:
            items.append(None)
        pos += reclen
    if not ctx.verbose:
        # the BPF side counted every entry (the capture holds at most CAP_MAX bytes)
        n = c.count if c is not None and c.kind == CAP_DIRENTS and c.status == ST_OK \
            else len(items)
        return "%s /* %d entries */" % (sf.ptr(v), n)
    return "[" + ", ".join(items) + ("]" if pos >= rec.ret else ", ...]")


@sf.kind("dirents")
def _dirents64(rec, i, ctx, p):
    return _dirents(rec, i, ctx, False)


@sf.kind("dirents_old")
def _dirents_old(rec, i, ctx, p):
    return _dirents(rec, i, ctx, True)


# ---------------------------------------------------------------- buffers

def hexquote(data, limit, ellipsis=False):
    if len(data) > limit:
        data, ellipsis = data[:limit], True
    return '"' + "".join("\\x%02x" % b for b in data) + '"' + ("..." if ellipsis else "")


@sf.kind("hexbuf_ret")
def _hexbuf_ret(rec, i, ctx, p):
    """getrandom's bytes: always in hex, -s bytes at most."""
    v = rec.args[i]
    if sf.failed(rec) or v == 0:
        return sf.ptr(v)
    c = rec.caps.get(i)
    if c is None or c.status != ST_OK:
        return sf.ptr(v)
    return hexquote(c.data, ctx.strsize, c.count > len(c.data) and len(c.data) >= ctx.strsize)


# ---------------------------------------------------------------- sysinfo

@sf.kind("sysinfo")
def _sysinfo(rec, i, ctx, p):
    d = sf.captured(rec, i, 112, out=True)
    if d is None:
        return sf.ptr(rec.args[i])
    up, l1, l2, l3, tr, fr, sh, bu, ts, fs_, procs, th, fh, mu = struct.unpack_from(
        "<qQQQQQQQQQH6xQQI", d)
    return ("{uptime=%d, loads=[%d, %d, %d], totalram=%d, freeram=%d, sharedram=%d, "
            "bufferram=%d, totalswap=%d, freeswap=%d, procs=%d, totalhigh=%d, freehigh=%d, "
            "mem_unit=%d}") % (up, l1, l2, l3, tr, fr, sh, bu, ts, fs_, procs, th, fh, mu)


# ---------------------------------------------------------------- fcntl

def _fcntl_val(name):
    return xlat._val("fcntl_cmds", name)


def _cmds(*names):
    out = set()
    for n in names:
        try:
            out.add(_fcntl_val(n))
        except KeyError:
            pass
    return out


_FLOCK_CMDS = _cmds("F_GETLK", "F_SETLK", "F_SETLKW", "F_OFD_GETLK", "F_OFD_SETLK",
                    "F_OFD_SETLKW")
_GETLK_CMDS = _cmds("F_GETLK", "F_OFD_GETLK")
_NOARG_CMDS = _cmds("F_GETFD", "F_GETFL", "F_GETOWN", "F_GETSIG", "F_GETLEASE",
                    "F_GETPIPE_SZ", "F_GET_SEALS")
_OWNEX_CMDS = _cmds("F_GETOWN_EX", "F_SETOWN_EX")
_INT_CMDS = _cmds("F_DUPFD", "F_DUPFD_CLOEXEC", "F_SETOWN", "F_SETPIPE_SZ")


@sf.kind("fcntl_cmd")
def _fcntl_cmd(rec, i, ctx, p):
    return sf.xval("fcntl_cmds", rec.args[i] & 0xFFFFFFFF, ctx)


def _flock(rec, i, ctx, with_pid):
    d = sf.captured(rec, i, 32)
    if d is None:
        return sf.ptr(rec.args[i])
    ltype, whence, start, length, pid = struct.unpack_from("<hhxxxxqqi", d)
    s = "{l_type=%s, l_whence=%s, l_start=%d, l_len=%d" % (
        sf.xval("lock_types", ltype, ctx), sf.xval("seek_whence", whence, ctx), start,
        length)
    return s + (", l_pid=%d}" % pid if with_pid else "}")


@sf.kind("fcntl_arg")
def _fcntl_arg(rec, i, ctx, p):
    cmd = rec.args[1] & 0xFFFFFFFF
    v = rec.args[i]
    name = xlat.lookup("fcntl_cmds", cmd) or ""
    if cmd in _NOARG_CMDS:
        return None
    if cmd in _FLOCK_CMDS:
        if cmd in _GETLK_CMDS:
            return sf.ptr(v) if sf.failed(rec) else _flock(rec, i, ctx, True)
        return _flock(rec, i, ctx, False)
    if cmd in _OWNEX_CMDS:
        if name == "F_GETOWN_EX" and sf.failed(rec):
            return sf.ptr(v)
        d = sf.captured(rec, i, 8)
        if d is None:
            return sf.ptr(v)
        typ, pid = struct.unpack_from("<ii", d)
        return "{type=%s, pid=%d}" % (sf.xval("f_owner_types", typ, ctx), pid)
    if cmd in _INT_CMDS:
        return str(sf.s32(v))
    if name == "F_SETFD":
        return sf.flags("fd_flags", v & 0xFFFFFFFF, ctx)
    if name == "F_SETFL":
        return sf.flags("open_flags", v & 0xFFFFFFFF, ctx)
    if name == "F_SETSIG":
        return sf.FORMATTERS["signo"](rec, i, ctx, "")
    if name == "F_SETLEASE":
        return sf.xval("lock_types", v & 0xFFFFFFFF, ctx)
    if name == "F_NOTIFY":
        return sf.flags("dnotify_flags", v & 0xFFFFFFFF, ctx)
    if name == "F_ADD_SEALS":
        return sf.flags("seal_flags", v & 0xFFFFFFFF, ctx)
    return _hex0(v)


@sf.kind("fcntl_ret", sf.RET_FORMATTERS)
def _fcntl_ret(rec, ctx):
    name = xlat.lookup("fcntl_cmds", rec.args[1] & 0xFFFFFFFF)
    r = rec.ret
    if name == "F_GETFD" and r:
        return "%#x (flags %s)" % (r, xlat.printflags("fd_flags", r, ctx.xstyle))
    if name == "F_GETFL":
        # the access mode and flags are named whatever -X says (as strace)
        return "%s (flags %s)" % (_hex0(r), xlat.printflags("open_flags", r))
    if name == "F_GETLEASE":
        return "%#x (%s)" % (r, xlat.printxval("lock_types", r)) if r else "0 (F_RDLCK)"
    if name == "F_GET_SEALS" and r:
        return "%#x (seals %s)" % (r, xlat.printflags("seal_flags", r, ctx.xstyle))
    if name == "F_GETSIG" and r:
        return "%d (%s)" % (r, xlat.signal_name(r))
    if name == "F_GETOWN" and r:
        return str(r)
    return str(r)


# ---------------------------------------------------------------- ioctl

_IOC_NRBITS, _IOC_TYPEBITS, _IOC_SIZEBITS = 8, 8, 14
_IOC_DIRS = {0: "_IOC_NONE", 1: "_IOC_WRITE", 2: "_IOC_READ", 3: "_IOC_READ|_IOC_WRITE"}


def _ioctl_names(code):
    """Every name strace knows for a request code, sorted: "BTRFS_IOC_CLONE or FICLONE"."""
    names = set()
    for table in ("ioctl_requests", "ioctl_aliases", "ioctl_more", "ioctl_termios2"):
        for n, v in xlat._TABLES[table][2]:
            if v == code:
                names.add(n)
    return sorted(names)


def ioctl_request(code, ctx):
    code &= 0xFFFFFFFF
    names = _ioctl_names(code)
    nr = code & 0xFF
    typ = (code >> 8) & 0xFF
    size = (code >> 16) & 0x3FFF
    d = code >> 30
    ioc = "_IOC(%s, %#x, %#x, %s)" % (_IOC_DIRS[d], typ, nr, _hex0(size))
    if ctx.xstyle == xlat.XRAW:
        return "%#x" % code
    if names:
        s = " or ".join(names)
        return "%#x /* %s */" % (code, s) if ctx.xstyle == xlat.XVERBOSE else s
    return "%#x /* %s */" % (code, ioc) if ctx.xstyle == xlat.XVERBOSE else ioc


@sf.kind("ioctl_req")
def _ioctl_req(rec, i, ctx, p):
    return ioctl_request(rec.args[i], ctx)


def _req(*names):
    out = set()
    for n in names:
        for table in ("ioctl_requests", "ioctl_aliases", "ioctl_more", "ioctl_termios2"):
            try:
                out.add(xlat._val(table, n))
                break
            except KeyError:
                pass
    return out


# request code -> fn(rec, i, ctx) -> str or None (None: no argument printed).
# Other decoder modules may add their requests here (sockets: dec_net).
IOCTL_DECODERS = {}


def _ioctl_int_in(rec, i, ctx):
    d = sf.captured(rec, i, 4)
    return "[%d]" % struct.unpack_from("<i", d)[0] if d is not None else sf.ptr(rec.args[i])


def _ioctl_int_out(rec, i, ctx):
    return sf.ptr(rec.args[i]) if sf.failed(rec) else _ioctl_int_in(rec, i, ctx)


def _ioctl_fsflags(out):
    def f(rec, i, ctx):
        if out and sf.failed(rec):
            return sf.ptr(rec.args[i])
        d = sf.captured(rec, i, 4)
        if d is None:
            return sf.ptr(rec.args[i])
        return "[%s]" % sf.flags("fs_iflags", struct.unpack_from("<I", d)[0], ctx)
    return f


def _ioctl_winsize(out):
    def f(rec, i, ctx):
        if out and sf.failed(rec):
            return sf.ptr(rec.args[i])
        d = sf.captured(rec, i, 8)
        if d is None:
            return sf.ptr(rec.args[i])
        return "{ws_row=%d, ws_col=%d, ws_xpixel=%d, ws_ypixel=%d}" % struct.unpack_from("<HHHH", d)
    return f


def _field(table, v, mask_name, xstyle=xlat.XABBREV):
    mask = xlat._val("term_masks", mask_name)
    return xlat.printxval(table, v & mask, xstyle), v & ~mask


def _tflags(table, v, xstyle=xlat.XABBREV):
    """termios flag words: names then leftover hex; nothing at all for 0 (as strace,
    whatever -X says)."""
    if not v:
        return ""
    if xstyle != xlat.XABBREV:
        return xlat.printflags(table, v, xstyle)
    names, left = xlat._flag_names(table, v)
    if left:
        names.append("%#x" % left)
    return "|".join(names)


def termios(d, ctx):
    """The kernel's struct termios (36 bytes) as strace prints it."""
    iflag, oflag, cflag, lflag, line = struct.unpack_from("<IIIIB", d)
    xs = ctx.xstyle
    cc = d[17:36]
    # c_oflag: every delay field, then the flags
    parts, rest = [], oflag
    for table, mask in (("term_nldly", "NLDLY"), ("term_crdly", "CRDLY"),
                        ("term_tabdly", "TABDLY"), ("term_bsdly", "BSDLY"),
                        ("term_vtdly", "VTDLY"), ("term_ffdly", "FFDLY")):
        s, rest = _field(table, rest, mask, xs)
        parts.append(s)
    if rest:
        parts.append(_tflags("term_oflags", rest, xs))
    o = "|".join(parts)
    # c_cflag: output baud, input baud (shifted), character size, flags
    cbaud = xlat._val("term_masks", "CBAUD")
    cibaud = xlat._val("term_masks", "CIBAUD")
    shift = (cibaud // cbaud).bit_length() - 1
    parts = [xlat.printxval("baud_rates", cflag & cbaud, xs)]
    if cflag & cibaud:
        ibshift = {xlat.XRAW: "%#x" % shift, xlat.XVERBOSE: "%#x /* IBSHIFT */" % shift}.get(
            xs, "IBSHIFT")
        parts.append("%s<<%s" % (xlat.printxval("baud_rates", (cflag & cibaud) >> shift, xs),
                                 ibshift))
    s, rest = _field("term_csize", cflag & ~(cbaud | cibaud), "CSIZE", xs)
    parts.append(s)
    if rest:
        parts.append(_tflags("term_cflags", rest, xs))
    c = "|".join(parts)
    out = "{c_iflag=%s, c_oflag=%s, c_cflag=%s, c_lflag=%s" % (
        _tflags("term_iflags", iflag, xs), o, c, _tflags("term_lflags", lflag, xs))
    if not ctx.verbose:
        return out + ", ...}"
    ccs = []
    for k, b in enumerate(cc):
        name = xlat.lookup("term_cc", k)    # named whatever -X says (as strace)
        ccs.append("[%s]=%s" % (name if name else k, _hex0(b)))
    return out + ", c_line=%s, c_cc=[%s]}" % (xlat.printxval("line_disciplines", line, xs),
                                              ", ".join(ccs))


def _ioctl_termios(out):
    def f(rec, i, ctx):
        if out and sf.failed(rec):
            return sf.ptr(rec.args[i])
        d = sf.captured(rec, i, 36)
        if d is None:
            return sf.ptr(rec.args[i])
        return termios(d, ctx)
    return f


def _ioctl_u64_out(rec, i, ctx):
    if sf.failed(rec):
        return sf.ptr(rec.args[i])
    d = sf.captured(rec, i, 8)
    return "[%d]" % struct.unpack_from("<Q", d)[0] if d is not None else sf.ptr(rec.args[i])


def _ioctl_ptr(rec, i, ctx):
    return sf.ptr(rec.args[i])


def _ioctl_xval(table):
    return lambda rec, i, ctx: sf.xval(table, rec.args[i] & 0xFFFFFFFF, ctx)


def _ioctl_intval(rec, i, ctx):
    return str(sf.s32(rec.args[i]))


def _register_ioctls():
    groups = [
        (("FIOCLEX", "FIONCLEX", "TIOCNOTTY", "TIOCEXCL", "TIOCNXCL", "TIOCSBRK", "TIOCCBRK",
          "TIOCCONS", "TIOCVHANGUP", "FIFREEZE", "FITHAW"), lambda rec, i, ctx: None),
        (("TIOCSPGRP", "FIONBIO", "FIOASYNC", "TIOCSPTLCK", "TIOCSETD", "TIOCPKT", "TIOCMSET",
          "TIOCMBIS", "TIOCMBIC", "TIOCSSOFTCAR"), _ioctl_int_in),
        (("FIONREAD", "TIOCOUTQ", "TIOCGPGRP", "TIOCGSID", "TIOCGPTN", "TIOCGETD",
          "TIOCGEXCL", "TIOCMGET", "TIOCGSOFTCAR"), _ioctl_int_out),
        (("TCSBRK", "TCSBRKP", "TIOCSCTTY", "FICLONE", "TIOCGPTPEER"), _ioctl_intval),
        (("TCFLSH",), _ioctl_xval("tcflsh_args")),
        (("TCXONC",), _ioctl_xval("tcxonc_args")),
        (("KDSETMODE",), _ioctl_xval("kd_modes")),
        (("KDSKBMODE",), _ioctl_xval("kb_modes")),
        (("KVM_CHECK_EXTENSION",), _ioctl_xval("kvm_caps")),
        (("TCGETS",), _ioctl_termios(True)),
        (("TCSETS", "TCSETSW", "TCSETSF"), _ioctl_termios(False)),
        (("TIOCGWINSZ",), _ioctl_winsize(True)),
        (("TIOCSWINSZ",), _ioctl_winsize(False)),
        (("FS_IOC_GETFLAGS",), _ioctl_fsflags(True)),
        (("FS_IOC_SETFLAGS",), _ioctl_fsflags(False)),
        (("BLKSSZGET", "BLKROGET", "BLKIOMIN", "BLKIOOPT", "BLKALIGNOFF", "BLKPBSZGET",
          "BLKBSZGET", "RNDGETENTCNT"), _ioctl_int_out),
        (("BLKGETSIZE64", "BLKGETSIZE"), _ioctl_u64_out),
        # what strace 6.1 prints for the rest, observed with ioctl(-1, REQ, 0) for every
        # request of the tables (tests/progs/dec_fs_14.c): no argument at all ...
        (("BLKRRPART", "BLKFLSBUF", "LOOP_CLR_FD", "LOOP_SET_CAPACITY", "LOOP_CTL_GET_FREE",
          "RNDZAPENTCNT", "RNDCLEARPOOL", "RNDRESEEDCRNG", "TIOCSSERIAL", "RTC_AIE_ON",
          "RTC_AIE_OFF", "RTC_UIE_ON", "RTC_UIE_OFF", "NS_GET_USERNS", "NS_GET_PARENT",
          "NS_GET_NSTYPE", "WDIOC_KEEPALIVE"), lambda rec, i, ctx: None),
        # ... or a pointer it decodes (printed here as the address: NULL, 0x7ff...)
        (("HDIO_GETGEO", "HDIO_GET_IDENTITY", "BLKROSET", "BLKRAGET", "BLKSECTGET",
          "BLKDISCARD", "BLKDISCARDZEROES", "BLKSECDISCARD", "BLKROTATIONAL", "BLKZEROOUT",
          "KDGETLED", "KDGKBTYPE", "KDGETMODE", "KDGKBMODE", "LOOP_SET_STATUS",
          "LOOP_GET_STATUS", "LOOP_SET_STATUS64", "LOOP_GET_STATUS64", "LOOP_CONFIGURE",
          "TCGETA", "TCSETA", "TCSETAW", "TCSETAF", "TIOCSTI", "TIOCGLCKTRMIOS",
          "TIOCSLCKTRMIOS", "NS_GET_OWNER_UID", "RNDADDTOENTCNT", "FS_IOC32_SETFLAGS",
          "BLKBSZSET", "SECCOMP_IOCTL_NOTIF_ID_VALID", "PERF_EVENT_IOC_PERIOD",
          "PERF_EVENT_IOC_SET_FILTER", "EVIOCSREP", "RNDADDENTROPY", "SECCOMP_IOCTL_NOTIF_ADDFD",
          "FS_IOC_FSSETXATTR", "FICLONERANGE", "KVM_SET_USER_MEMORY_REGION", "RTC_ALM_SET",
          "RTC_SET_TIME", "RTC_WKALM_SET", "TCSETS2", "TCSETSW2", "TCSETSF2", "FS_IOC_SETFSLABEL",
          "EVIOCGVERSION", "TIOCGDEV", "WDIOC_GETSTATUS", "WDIOC_GETTIMEOUT", "FS_IOC32_GETFLAGS",
          "PERF_EVENT_IOC_ID", "EVIOCGID", "EVIOCGREP", "UFFDIO_UNREGISTER", "UFFDIO_WAKE",
          "FS_IOC_FSGETXATTR", "RTC_ALM_READ", "RTC_RD_TIME", "RTC_WKALM_RD", "TCGETS2",
          "FS_IOC_GETFSLABEL", "WDIOC_SETTIMEOUT", "SECCOMP_IOCTL_NOTIF_SEND", "FITRIM",
          "FIDEDUPERANGE", "UFFDIO_API", "FS_IOC_FIEMAP", "UFFDIO_REGISTER", "UFFDIO_ZEROPAGE",
          "UFFDIO_COPY", "SECCOMP_IOCTL_NOTIF_RECV"), _ioctl_ptr),
    ]
    for names, fn in groups:
        for code in _req(*names):
            IOCTL_DECODERS.setdefault(code, fn)


_register_ioctls()


@sf.kind("ioctl_arg")
def _ioctl_arg(rec, i, ctx, p):
    fn = IOCTL_DECODERS.get(rec.args[1] & 0xFFFFFFFF)
    if fn is None:
        return _hex0(rec.args[i])
    return fn(rec, i, ctx)


CAPTURES["ioctl_arg"] = _fixed(36)
SPECS["ioctl"] = ("fd", "ioctl_req", "ioctl_arg")


# ---------------------------------------------------------------- misc files, memory, time

def _flags_kind(name, table):
    sf.FORMATTERS[name] = lambda rec, i, ctx, p: sf.flags(table, rec.args[i] & 0xFFFFFFFF, ctx)


for _name, _table in (("fallocate_mode", "fallocate_flags"), ("msync_flags", "msync_flags"),
                      ("mlockall_flags", "mlockall_flags"), ("faccessat_flags", "faccessat_flags"),
                      ("mount_flags", "mount_flags"), ("umount_flags", "umount_flags"),
                      ("inotify_flags", "inotify_flags"), ("inotify_mask", "inotify_mask"),
                      ("splice_flags", "splice_flags"), ("xattr_flags", "xattr_flags"),
                      ("sync_file_range_flags", "sync_file_range_flags"),
                      ("mlock_flags", "mlock_flags")):
    _flags_kind(_name, _table)


@sf.kind("whence")
def _whence(rec, i, ctx, p):
    return sf.xval("seek_whence", rec.args[i] & 0xFFFFFFFF, ctx)


for _name, _table in (("madvise_advice", "madvise_advice"), ("fadvise", "fadvise_advice"),
                      ("prctl_option", "prctl_options")):
    sf.FORMATTERS[_name] = (lambda table: lambda rec, i, ctx, p: sf.xval(
        table, rec.args[i] & 0xFFFFFFFF, ctx))(_table)


@sf.kind("priority_which")
def _priority_which(rec, i, ctx, p):
    return sf.xval("priority_which", rec.args[i] & 0xFFFFFFFF, ctx)


UTIME_NOW, UTIME_OMIT = (1 << 30) - 1, (1 << 30) - 2


def _timespec_utime(d, off, ctx):
    sec, nsec = struct.unpack_from("<qq", d, off)
    special = {UTIME_NOW: "UTIME_NOW", UTIME_OMIT: "UTIME_OMIT"}.get(nsec)
    if special:
        if ctx.xstyle == xlat.XABBREV:
            return special
        s = "{tv_sec=%d, tv_nsec=%d}" % (sec, nsec)
        return s + (" /* %s */" % special if ctx.xstyle == xlat.XVERBOSE else "")
    return "{tv_sec=%d, tv_nsec=%d}%s" % (sec, nsec, time_comment(sec, nsec))


def _timeval_c(d, off):
    sec, usec = struct.unpack_from("<qq", d, off)
    return "{tv_sec=%d, tv_usec=%d}%s" % (sec, usec, time_comment(sec, usec, 6))


@sf.kind("utimens")
def _utimens(rec, i, ctx, p):
    v = rec.args[i]
    if v == 0:
        return "NULL"
    d = sf.captured(rec, i, 32)
    if d is None:
        return sf.ptr(v)
    return "[%s, %s]" % (_timespec_utime(d, 0, ctx), _timespec_utime(d, 16, ctx))


@sf.kind("timevals")
def _timevals(rec, i, ctx, p):
    v = rec.args[i]
    if v == 0:
        return "NULL"
    d = sf.captured(rec, i, 32)
    if d is None:
        return sf.ptr(v)
    return "[%s, %s]" % (_timeval_c(d, 0), _timeval_c(d, 16))


@sf.kind("utimbuf")
def _utimbuf(rec, i, ctx, p):
    v = rec.args[i]
    if v == 0:
        return "NULL"
    d = sf.captured(rec, i, 16)
    if d is None:
        return sf.ptr(v)
    a, m = struct.unpack_from("<qq", d)
    return "{actime=%d%s, modtime=%d%s}" % (a, time_comment(a, 0), m, time_comment(m, 0))


@sf.kind("mincore_vec")
def _mincore_vec(rec, i, ctx, p):
    v = rec.args[i]
    if sf.failed(rec):
        return sf.ptr(v)
    c = rec.caps.get(i)
    if c is None or c.status != ST_OK:
        return sf.ptr(v)
    pages = (rec.args[1] + 4095) // 4096
    vec = c.data[:pages]
    shown = vec[:ctx.strsize]
    more = ", ..." if pages > len(shown) else ""
    return "[" + ", ".join(str(b) for b in shown) + more + "]"


MREMAP_FIXED = 2


@sf.kind("mremap_new")
def _mremap_new(rec, i, ctx, p):
    """mremap's new address: printed only with MREMAP_FIXED."""
    if rec.args[3] & MREMAP_FIXED:
        return sf.ptr(rec.args[i])
    return None


@sf.kind("loff_in")
def _loff_in(rec, i, ctx, p):
    """An loff_t * read at entry: [offset]."""
    v = rec.args[i]
    if v == 0:
        return "NULL"
    d = sf.captured(rec, i, 8)
    if d is None:
        return sf.ptr(v)
    return "[%d]" % struct.unpack_from("<q", d)[0]


@sf.kind("sendfile_off")
def _sendfile_off(rec, i, ctx, p):
    """sendfile's offset: [before] => [after]; the kernel adds the result to it."""
    s = _loff_in(rec, i, ctx, p)
    if not s.startswith("[") or sf.failed(rec):
        return s
    before = struct.unpack_from("<q", sf.captured(rec, i, 8))[0]
    return "%s => [%d]" % (s, before + rec.ret)


@sf.kind("tms")
def _tms(rec, i, ctx, p):
    if rec.args[i] == 0:
        return "NULL"
    d = sf.captured(rec, i, 32, out=True)
    if d is None:
        return sf.ptr(rec.args[i])
    return "{tms_utime=%d, tms_stime=%d, tms_cutime=%d, tms_cstime=%d}" % struct.unpack_from(
        "<qqqq", d)


@sf.kind("time_ret", sf.RET_FORMATTERS)
def _time_ret(rec, ctx):
    return "%d%s" % (rec.ret, time_comment(rec.ret, 0).replace(" /* ", " (").replace(" */", ")"))


@sf.kind("mknod_mode")
def _mknod_mode(rec, i, ctx, p):
    return file_mode(rec.args[i] & 0xFFFFFFFF, ctx)


@sf.kind("mknod_dev")
def _mknod_dev(rec, i, ctx, p):
    """The device number: printed only for S_IFCHR / S_IFBLK nodes."""
    mode = rec.args[int(p) if p.isdigit() else i - 1] & 0o170000
    if mode not in (0o020000, 0o060000):
        return None
    return print_dev(rec.args[i] & 0xFFFFFFFF, ctx)


# ---------------------------------------------------------------- personality, prctl, caps

PER_MASK = 0xFF


def personality(v, ctx):
    v &= 0xFFFFFFFF
    if v == 0xFFFFFFFF or ctx.xstyle == xlat.XRAW:
        return _hex0(v)
    name = xlat.lookup("personality", v & PER_MASK)
    parts = [name if name else "%#x /* PER_??? */" % (v & PER_MASK)]
    rest = v & ~PER_MASK
    if rest:
        parts.append(xlat.printflags("personality_flags", rest))
    s = "|".join(parts)
    return "%s /* %s */" % (_hex0(v), s) if ctx.xstyle == xlat.XVERBOSE else s


@sf.kind("personality")
def _personality(rec, i, ctx, p):
    return personality(rec.args[i], ctx)


@sf.kind("personality_ret", sf.RET_FORMATTERS)
def _personality_ret(rec, ctx):
    return "%s (%s)" % (_hex0(rec.ret), personality(rec.ret, ctx))


def _pr(*names):
    out = {}
    for n in names:
        try:
            out[xlat._val("prctl_options", n)] = n
        except KeyError:
            pass
    return out


_PR = _pr("PR_SET_NAME", "PR_GET_NAME", "PR_SET_PDEATHSIG", "PR_GET_PDEATHSIG",
          "PR_CAPBSET_READ", "PR_CAPBSET_DROP", "PR_GET_DUMPABLE", "PR_SET_DUMPABLE",
          "PR_GET_KEEPCAPS", "PR_SET_KEEPCAPS", "PR_GET_NO_NEW_PRIVS", "PR_SET_NO_NEW_PRIVS",
          "PR_GET_CHILD_SUBREAPER", "PR_SET_CHILD_SUBREAPER", "PR_GET_TIMERSLACK",
          "PR_SET_TIMERSLACK", "PR_GET_SECUREBITS", "PR_GET_THP_DISABLE", "PR_SET_THP_DISABLE",
          "PR_GET_SECCOMP", "PR_GET_TSC", "PR_GET_TIMING", "PR_MCE_KILL_GET", "PR_SET_MM",
          "PR_CAP_AMBIENT", "PR_GET_SPECULATION_CTRL", "PR_SET_SECCOMP", "PR_SET_PTRACER",
          "PR_SET_VMA", "PR_GET_IO_FLUSHER", "PR_SET_TSC")
# options printed with no argument at all
_PR_NOARGS = {"PR_GET_DUMPABLE", "PR_GET_KEEPCAPS", "PR_GET_SECUREBITS", "PR_GET_TIMERSLACK",
              "PR_GET_SECCOMP", "PR_GET_TIMING"}
# options printed with all four arguments in decimal
_PR_FOURARGS = {"PR_GET_NO_NEW_PRIVS", "PR_SET_NO_NEW_PRIVS", "PR_GET_THP_DISABLE",
                "PR_SET_THP_DISABLE", "PR_MCE_KILL_GET", "PR_GET_IO_FLUSHER"}


def _prctl_name(rec):
    return _PR.get(rec.args[0] & 0xFFFFFFFF)


@sf.kind("prctl_arg")
def _prctl_arg(rec, i, ctx, p):
    """prctl's arguments 2..5, as many as the option takes."""
    name = _prctl_name(rec)
    v = rec.args[i]
    if name is None:
        return _hex0(v)
    if name in _PR_NOARGS:
        return None
    if name in _PR_FOURARGS:
        return str(v)
    if name == "PR_SET_MM":
        return sf.xval("pr_set_mm", v & 0xFFFFFFFF, ctx) if i == 1 else _hex0(v)
    if name == "PR_CAP_AMBIENT":
        if i == 1:
            return sf.xval("pr_cap_ambient", v & 0xFFFFFFFF, ctx)
        if i == 2 and rec.args[1] in (1, 2, 3):     # IS_SET / RAISE / LOWER take a capability
            return sf.xval("capabilities", v & 0xFFFFFFFF, ctx)
        return _hex0(v)
    if name == "PR_SET_SECCOMP":
        return sf.xval("seccomp_mode", v & 0xFFFFFFFF, ctx) if i == 1 else _hex0(v)
    if name == "PR_SET_VMA":
        if i == 1:
            return sf.xval("pr_set_vma", v & 0xFFFFFFFF, ctx)
        return sf.ptr(v) if i in (2, 4) else str(v)
    if name == "PR_GET_SPECULATION_CTRL":
        return sf.xval("pr_spec_variants", v & 0xFFFFFFFF, ctx) if i == 1 else None
    if i > 1:
        return None
    if name == "PR_SET_NAME":
        return _comm(rec, i, ctx, False)
    if name == "PR_GET_NAME":
        return sf.ptr(v) if sf.failed(rec) else _comm(rec, i, ctx, True)
    if name == "PR_SET_PDEATHSIG":
        return sf.FORMATTERS["signo"](rec, i, ctx, "")
    if name == "PR_GET_PDEATHSIG":
        d = sf.captured(rec, i, 4, out=True)
        if d is None:
            return sf.ptr(v)
        sig = struct.unpack_from("<i", d)[0]
        return "[%s]" % (xlat.signal_name(sig, ctx.xstyle) if sig else "0")
    if name in ("PR_CAPBSET_READ", "PR_CAPBSET_DROP"):
        return sf.xval("capabilities", v & 0xFFFFFFFF, ctx)
    if name == "PR_SET_DUMPABLE":
        return sf.xval("suid_dump", v & 0xFFFFFFFF, ctx)
    if name in ("PR_GET_CHILD_SUBREAPER", "PR_GET_TSC"):
        d = sf.captured(rec, i, 4, out=True)
        if d is None:
            return sf.ptr(v)
        n = struct.unpack_from("<i", d)[0]
        return "[%s]" % (sf.xval("pr_tsc", n, ctx) if name == "PR_GET_TSC" else n)
    if name == "PR_SET_TSC":
        return sf.xval("pr_tsc", v & 0xFFFFFFFF, ctx)
    return str(v)


def _comm(rec, i, ctx, out):
    d = sf.captured(rec, i, 1)
    if d is None:
        return sf.ptr(rec.args[i])
    d = d[:16]
    nul = d.find(b"\0")
    if nul >= 0:
        return sf.quote(d[:nul], ctx, ctx.strsize)
    return sf.quote(d[:15], ctx, ctx.strsize, ellipsis=True)


@sf.kind("prctl_ret", sf.RET_FORMATTERS)
def _prctl_ret(rec, ctx):
    name = _prctl_name(rec)
    if name == "PR_GET_DUMPABLE":
        return "%d (%s)" % (rec.ret, xlat.printxval("suid_dump", rec.ret))
    if name == "PR_MCE_KILL_GET":
        return "%d (%s)" % (rec.ret, xlat.printxval("pr_mce_kill_policy", rec.ret))
    if name == "PR_GET_SPECULATION_CTRL":
        if ctx.xstyle == xlat.XRAW:
            return _hex0(rec.ret)
        return "%s (%s)" % (_hex0(rec.ret), xlat.printflags("pr_spec_flags", rec.ret))
    return str(rec.ret)


def capset_bits(v):
    if v == 0:
        return "0"
    parts = []
    for b in range(64):
        if v >> b & 1:
            n = xlat.lookup("capabilities", b)
            if n is None:
                break
            parts.append("1<<" + n)
            v &= ~(1 << b)
    if v:
        parts.append("%#x" % v)
    return "|".join(parts)


@sf.kind("cap_header")
def _cap_header(rec, i, ctx, p):
    d = sf.captured(rec, i, 8)
    if d is None:
        return sf.ptr(rec.args[i])
    ver, pid = struct.unpack_from("<Ii", d)
    return "{version=%s, pid=%d}" % (sf.xval("cap_versions", ver, ctx), pid)


@sf.kind("cap_data")
def _cap_data(rec, i, ctx, p):
    """capget (output) / capset (input) data: two 32-bit halves per set."""
    v = rec.args[i]
    if v == 0:
        return "NULL"
    if p == "out" and sf.failed(rec):
        return sf.ptr(v)
    d = sf.captured(rec, i, 24)
    if d is None:
        return sf.ptr(v)
    e0, p0, i0, e1, p1, i1 = struct.unpack_from("<IIIIII", d)
    if ctx.xstyle != xlat.XABBREV:
        return "{effective=%s, permitted=%s, inheritable=%s}" % (
            _capwords(e0, e1, ctx), _capwords(p0, p1, ctx), _capwords(i0, i1, ctx))
    return "{effective=%s, permitted=%s, inheritable=%s}" % (
        capset_bits(e0 | e1 << 32), capset_bits(p0 | p1 << 32), capset_bits(i0 | i1 << 32))


def _capwords(lo, hi, ctx):
    """-X raw: 0xfeffffff|0x1ff; -X verbose: each word with its names."""
    out = []
    for k, w in enumerate((lo, hi)):
        if k and not w:
            break
        s = _hex0(w)
        if ctx.xstyle == xlat.XVERBOSE and w:
            s += " /* %s */" % capset_bits(w << (32 * k))
        out.append(s)
    return "|".join(out)


def _enter(size):
    return lambda p: _capspec(CAP_BUF, WHEN_ENTER, LEN_FIXED, 0, size)


CAPTURES.update({
    "utimens": _fixed(32), "timevals": _fixed(32), "utimbuf": _fixed(16),
    "mincore_vec": lambda p: _capspec(CAP_BUF, WHEN_EXIT_OK, LEN_FIXED, 0, 256),
    "loff_in": _enter(8), "sendfile_off": _enter(8),
    "tms": _fixed(32, WHEN_EXIT_OK),
    "prctl_arg": _fixed(16),
    "cap_header": _fixed(8), "cap_data": _fixed(24),
})

SPECS.update({
    "lseek": ("fd", "long", "whence"),
    "fallocate": ("fd", "fallocate_mode", "long", "long"),
    "utimensat": ("dirfd", "path", "utimens", "at_flags"),
    "futimesat": ("dirfd", "path", "timevals"),
    "utimes": ("path", "timevals"),
    "utime": ("path", "utimbuf"),
    "msync": ("ptr", "ulong", "msync_flags"),
    "mincore": ("ptr", "ulong", "mincore_vec"),
    "mlock": ("ptr", "ulong"), "munlock": ("ptr", "ulong"),
    "mlockall": ("mlockall_flags",), "munlockall": (),
    "mlock2": ("ptr", "ulong", "mlock_flags"),
    "pkey_mprotect": ("ptr", "ulong", "mmap_prot", "int"),
    "mremap": ("ptr", "ulong", "ulong", "mremap_flags", "mremap_new"),
    "faccessat2": ("dirfd", "path", "access_mode", "faccessat_flags"),
    "mount": ("path", "path", "str", "mount_flags", "str"),
    "umount2": ("path", "umount_flags"),
    "inotify_init1": ("inotify_flags",),
    "inotify_add_watch": ("fd", "path", "inotify_mask"),
    "inotify_rm_watch": ("fd", "int"),
    "sendfile": ("fd", "fd", "sendfile_off", "ulong"),
    "copy_file_range": ("fd", "loff_in", "fd", "loff_in", "ulong", "uint"),
    "splice": ("fd", "loff_in", "fd", "loff_in", "ulong", "splice_flags"),
    "tee": ("fd", "fd", "ulong", "splice_flags"),
    "sync_file_range": ("fd", "long", "long", "sync_file_range_flags"),
    "setxattr": ("path", "str", "ibuf:3", "ulong", "xattr_flags"),
    "lsetxattr": ("path", "str", "ibuf:3", "ulong", "xattr_flags"),
    "fsetxattr": ("fd", "str", "ibuf:3", "ulong", "xattr_flags"),
    "getxattr": ("path", "str", "obuf_ret", "ulong"),
    "lgetxattr": ("path", "str", "obuf_ret", "ulong"),
    "fgetxattr": ("fd", "str", "obuf_ret", "ulong"),
    "listxattr": ("path", "obuf_ret", "ulong"),
    "llistxattr": ("path", "obuf_ret", "ulong"),
    "flistxattr": ("fd", "obuf_ret", "ulong"),
    "removexattr": ("path", "str"), "lremovexattr": ("path", "str"),
    "fremovexattr": ("fd", "str"),
    "times": ("tms",),
    "getpriority": ("priority_which", "int"),
    "setpriority": ("priority_which", "int", "int"),
    "personality": ("personality",),
    "prctl": ("prctl_option", "prctl_arg", "prctl_arg", "prctl_arg", "prctl_arg"),
    "capget": ("cap_header", "cap_data:out"),
    "capset": ("cap_header", "cap_data:in"),
    "time": ("ptr",),
    "mknod": ("path", "mknod_mode", "mknod_dev:1"),
    "mknodat": ("dirfd", "path", "mknod_mode", "mknod_dev:2"),
})
RETURNS.update({
    "personality": "personality_ret",
    "prctl": "prctl_ret",
    "time": "time_ret",
})


@sf.kind("xattr_value")
def _xattr_value(rec, i, ctx, p):
    """getxattr's value: the result's bytes, one trailing NUL left out (as strace)."""
    v = rec.args[i]
    if v == 0:
        return "NULL"
    if sf.failed(rec):
        return sf.ptr(v)
    c = rec.caps.get(i)
    if c is None or c.status != ST_OK:
        return sf.ptr(v)
    return xattr_bytes(c.data, rec.ret, ctx)


def xattr_bytes(data, size, ctx):
    """An xattr value of size bytes: at most -s of them, then one trailing NUL left out
    (and with it the "..." of a longer value, as strace 6.1 does)."""
    data = data[:min(size, ctx.strsize)]
    hexed = ctx.xflag == 2 or (ctx.xflag == 1 and any(b < 32 or b >= 127 for b in data))
    if data.endswith(b"\0") and not hexed:     # -x: printed in hex, the NUL too
        return sf.quote(data[:-1], ctx)
    return sf.quote(data, ctx, ellipsis=size > len(data))


@sf.kind("xattr_value_in")
def _xattr_value_in(rec, i, ctx, p):
    v = rec.args[i]
    if v == 0:
        return "NULL"
    c = rec.caps.get(i)
    if c is None or c.status != ST_OK:
        return sf.ptr(v)
    return xattr_bytes(c.data, rec.args[int(p) if p.isdigit() else 3], ctx)


CAPTURES["xattr_value"] = lambda p: _capspec(CAP_BUF, WHEN_EXIT_OK, LEN_RET)
CAPTURES["xattr_value_in"] = lambda p: _capspec(CAP_BUF, WHEN_EXIT, LEN_ARG,
                                                 int(p) if p.isdigit() else 3)
for _sc in ("getxattr", "lgetxattr", "fgetxattr"):
    SPECS[_sc] = SPECS[_sc][:2] + ("xattr_value", "ulong")
for _sc in ("setxattr", "lsetxattr", "fsetxattr"):
    SPECS[_sc] = SPECS[_sc][:2] + ("xattr_value_in:3",) + SPECS[_sc][3:]


# ---------------------------------------------------------------- time, memfd, arch_prctl

@sf.kind("clockid")
def _clockid(rec, i, ctx, p):
    return sf.xval("clocks", rec.args[i] & 0xFFFFFFFF, ctx)


@sf.kind("timezone_out")
def _timezone_out(rec, i, ctx, p):
    if rec.args[i] == 0:
        return "NULL"
    d = sf.captured(rec, i, 8, out=True)
    if d is None:
        return sf.ptr(rec.args[i])
    return "{tz_minuteswest=%d, tz_dsttime=%d}" % struct.unpack_from("<ii", d)


@sf.kind("timespec_rem")
def _timespec_rem(rec, i, ctx, p):
    """nanosleep's remaining time: written (and printed) only when interrupted."""
    v = rec.args[i]
    if v == 0:
        return "NULL"
    if not sf.failed(rec):
        return sf.ptr(v)
    d = sf.captured(rec, i, 16)
    if d is None:
        return sf.ptr(v)
    return "{tv_sec=%d, tv_nsec=%d}" % struct.unpack_from("<qq", d)


@sf.kind("memfd_flags")
def _memfd_flags(rec, i, ctx, p):
    v = rec.args[i] & 0xFFFFFFFF
    shift = xlat._val("memfd_misc", "MFD_HUGE_SHIFT")
    mask = xlat._val("memfd_misc", "MFD_HUGE_MASK") << shift
    huge = (v & mask) >> shift
    if not huge or ctx.xstyle == xlat.XRAW:
        return sf.flags("memfd_flags", v, ctx)
    rest = v & ~mask
    s = (xlat.printflags("memfd_flags", rest) + "|" if rest else "") + \
        "%d<<MFD_HUGE_SHIFT" % huge
    return "%#x /* %s */" % (v, s) if ctx.xstyle == xlat.XVERBOSE else s


@sf.kind("arch_prctl_arg")
def _arch_prctl_arg(rec, i, ctx, p):
    code = rec.args[0] & 0xFFFFFFFF
    if xlat.lookup("arch_prctl_codes", code) in ("ARCH_GET_FS", "ARCH_GET_GS"):
        d = sf.captured(rec, i, 8, out=True)
        if d is None:
            return sf.ptr(rec.args[i])
        return "[%#x]" % struct.unpack_from("<Q", d)[0]
    return _hex0(rec.args[i])


CAPTURES.update({
    "timezone_out": _fixed(8, WHEN_EXIT_OK),
    "timespec_rem": _fixed(16),
})
SPECS.update({
    "clock_gettime": ("clockid", "timespec_out"),
    "clock_getres": ("clockid", "timespec_out"),
    "clock_settime": ("clockid", "timespec"),
    "gettimeofday": ("timeval_out", "timezone_out"),
    "nanosleep": ("timespec", "timespec_rem"),
    "clock_nanosleep": ("clockid", "timer_flags", "timespec", "timespec_rem"),
})


@sf.kind("readlink_buf")
def _readlink_buf(rec, i, ctx, p):
    """readlink's result: ret bytes (no NUL), at most -s of them (getcwd prints whole)."""
    v = rec.args[i]
    if sf.failed(rec):
        return sf.ptr(v)
    c = rec.caps.get(i)
    if c is None or c.status != ST_OK:
        return sf.ptr(v)
    data = c.data[:max(rec.ret, 0)]
    return sf.quote(data, ctx, ctx.strsize)


CAPTURES["readlink_buf"] = lambda p: _capspec(CAP_BUF, WHEN_EXIT_OK, LEN_RET, 0, 4096)
SPECS["readlink"] = ("path", "readlink_buf", "ulong")
SPECS["readlinkat"] = ("dirfd", "path", "readlink_buf", "ulong")


@sf.kind("mount_flags")
def _mount_flags(rec, i, ctx, p):
    """MS_MGC_VAL (the old magic in the top 16 bits) first, then the flags."""
    v = rec.args[i] & 0xFFFFFFFF
    msk = xlat._val("mount_misc", "MS_MGC_MSK")
    mgc = xlat._val("mount_misc", "MS_MGC_VAL")
    if (v & msk) != mgc:
        return sf.flags("mount_flags", v, ctx)
    rest = v & ~msk
    # -X raw: 0xc0ed0000|0x1000; -X verbose: each part with its comment
    head = {xlat.XRAW: "%#x" % mgc, xlat.XVERBOSE: "%#x /* MS_MGC_VAL */" % mgc}.get(
        ctx.xstyle, "MS_MGC_VAL")
    return head + ("|" + xlat.printflags("mount_flags", rest, ctx.xstyle) if rest else "")


@sf.kind("time_ptr")
def _time_ptr(rec, i, ctx, p):
    """time(&t): [seconds /* date */] once the call has written it."""
    v = rec.args[i]
    if v == 0:
        return "NULL"
    d = sf.captured(rec, i, 8, out=True)
    if d is None:
        return sf.ptr(v)
    t = struct.unpack_from("<q", d)[0]
    return "[%d%s]" % (t, time_comment(t, 0))


CAPTURES["time_ptr"] = _fixed(8, WHEN_EXIT_OK)
SPECS["time"] = ("time_ptr",)


# ---------------------------------------------------------------- openat2, ioprio, getcpu, fanotify

@sf.kind("open_how")
def _open_how(rec, i, ctx, p):
    v = rec.args[i]
    if v == 0:
        return "NULL"
    size = rec.args[int(p) if p.isdigit() else 3]
    d = sf.captured(rec, i, 24)
    if d is None or size < 24:
        return sf.ptr(v)
    flags, mode, resolve = struct.unpack_from("<QQQ", d)
    out = "{flags=%s" % sf.flags("open_flags", flags, ctx)
    if mode or flags & sf.O_CREAT or (flags & sf.O_TMPFILE) == sf.O_TMPFILE:
        out += ", mode=%s" % sf.octal(mode)
    return out + ", resolve=%s}" % sf.flags("resolve_flags", resolve, ctx)


def ioprio(v, ctx):
    shift = xlat._val("ioprio_misc", "IOPRIO_CLASS_SHIFT")
    data = v & xlat._val("ioprio_misc", "IOPRIO_PRIO_MASK")
    if ctx.xstyle == xlat.XRAW:
        return str(v)
    s = "IOPRIO_PRIO_VALUE(%s, %d)" % (xlat.printxval("ioprio_class", v >> shift, ctx.xstyle),
                                       data)
    return "%d /* %s */" % (v, s) if ctx.xstyle == xlat.XVERBOSE else s


@sf.kind("ioprio_who")
def _ioprio_who(rec, i, ctx, p):
    return sf.xval("ioprio_who", rec.args[i] & 0xFFFFFFFF, ctx)


@sf.kind("ioprio")
def _ioprio(rec, i, ctx, p):
    return ioprio(rec.args[i] & 0xFFFFFFFF, ctx)


@sf.kind("ioprio_ret", sf.RET_FORMATTERS)
def _ioprio_ret(rec, ctx):
    if ctx.xstyle == xlat.XRAW:
        return str(rec.ret)
    shift = xlat._val("ioprio_misc", "IOPRIO_CLASS_SHIFT")
    data = rec.ret & xlat._val("ioprio_misc", "IOPRIO_PRIO_MASK")
    return "%d (IOPRIO_PRIO_VALUE(%s, %d))" % (
        rec.ret, xlat.printxval("ioprio_class", rec.ret >> shift, ctx.xstyle), data)


@sf.kind("uint_out")
def _uint_out(rec, i, ctx, p):
    v = rec.args[i]
    if v == 0:
        return "NULL"
    d = sf.captured(rec, i, 4, out=True)
    return sf.ptr(v) if d is None else "[%d]" % struct.unpack_from("<I", d)[0]


@sf.kind("fan_init_flags")
def _fan_init_flags(rec, i, ctx, p):
    v = rec.args[i] & 0xFFFFFFFF
    mask = 0xc          # FAN_ALL_CLASS_BITS
    # the class and the flags are printed apart (-X raw: 0x4|0x202)
    parts = [xlat.printxval("fan_classes", v & mask, ctx.xstyle)]
    if v & ~mask:
        parts.append(xlat.printflags("fan_init_flags", v & ~mask, ctx.xstyle))
    return "|".join(parts)


CAPTURES.update({
    "open_how": lambda p: _capspec(CAP_BUF, WHEN_EXIT, LEN_FIXED, 0, 24),
    "uint_out": _fixed(4, WHEN_EXIT_OK),
})
SPECS.update({
    "openat2": ("dirfd", "path", "open_how:3", "ulong"),
    "ioprio_get": ("ioprio_who", "int"),
    "ioprio_set": ("ioprio_who", "int", "ioprio"),
    "getcpu": ("uint_out", "uint_out", "ptr"),
    "fanotify_init": ("fan_init_flags", "open_flags"),
})
RETURNS["ioprio_get"] = "ioprio_ret"
