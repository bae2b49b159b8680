"""Printing of flags, enumerations, errno values, signals and signal sets,
exactly as strace 6.1 prints them.

The tables themselves live in xlat_data.py, which tools/gen_xlat.py generates.
"""
import xlat_data

XRAW, XABBREV, XVERBOSE = 0, 1, 2   # strace -X raw|abbrev|verbose

_TABLES = {}
for _key, (_kind, _dflt, _entries) in xlat_data.TABLES.items():
    _byval = {}
    for _n, _v in _entries:
        _byval.setdefault(_v, _n)
    _TABLES[_key] = (_kind, _dflt, _entries, _byval)


def table_keys():
    return sorted(_TABLES)


def _val(table, name):
    for n, v in _TABLES[table][2]:
        if n == name:
            return v
    raise KeyError(name)


def lookup(table, value):
    """The name of value in an enumeration table (None if unknown)."""
    return _TABLES[table][3].get(value)


def _u(value, bits=32):
    """Negative ints print as strace's unsigned hex."""
    if value < 0:
        value &= (1 << 64) - 1 if value < -(1 << 31) else (1 << bits) - 1
    return value


def _flag_names(table, value):
    """(names, leftover) for a bit set, in the table's (strace's) order."""
    names = []
    for n, v in _TABLES[table][2]:
        if v and (value & v) == v:
            names.append(n)
            value &= ~v
    return names, value


def _generic_flags(table, value):
    """abbrev string of a plain flags table, or None when nothing matched."""
    if value == 0:
        zero = _TABLES[table][3].get(0)
        return zero
    names, left = _flag_names(table, value)
    if not names:
        return None
    if left:
        names.append("%#x" % left)
    return "|".join(names)


def _open_flags(value):
    acc = value & 3
    s = lookup("open_access", acc)
    rest = value & ~3
    parts = [s]
    if rest:
        names, left = _flag_names("open_flags", rest)
        parts += names
        if left:
            parts.append("%#x" % left)
    return "|".join(parts)


def _mmap_flags(value):
    mtype = value & _val("mmap_misc", "MAP_TYPE")
    shift = _val("mmap_misc", "MAP_HUGE_SHIFT")
    hmask = _val("mmap_misc", "MAP_HUGE_MASK") << shift
    huge = (value & hmask) >> shift
    rest = value & ~_val("mmap_misc", "MAP_TYPE") & ~hmask
    name = lookup("mmap_type", mtype)
    if name is not None:
        parts = [name]
    elif mtype == 0:
        parts = ["MAP_FILE"]
    else:
        parts = ["%#x /* MAP_??? */" % mtype]
    names, left = _flag_names("mmap_flags", rest)
    parts += names
    if left:
        parts.append("%#x" % left)
    if huge:
        parts.append("%u<<MAP_HUGE_SHIFT" % huge)
    return "|".join(parts)


# tables printed with another table's names (open flags without the access
# mode, as pipe2/dup3/eventfd... print them)
ALIASES = {"pipe2_flags": "o_flags", "dup3_flags": "o_flags",
           "o_flags": "open_flags"}


def printflags(table, value, xstyle=XABBREV):
    """A bit-set argument as strace prints it."""
    value = _u(value)
    if table in ALIASES:
        table = ALIASES[table]
        if table in ALIASES:
            table = ALIASES[table]
        s = _generic_flags(table, value)
        if xstyle == XRAW:
            return "%#x" % value if value else "0"
        if s is None:
            return "0" if value == 0 else "%#x /* %s */" % (value, _TABLES[table][1])
        return "%#x /* %s */" % (value, s) if xstyle == XVERBOSE else s
    if table == "clone_flags":
        return _clone_flags(value, xstyle)
    if table in ("socket_type", "socket_types"):
        return _socket_type(value, xstyle)
    if table == "futex_ops":
        return printxval(table, value, xstyle)
    if xstyle == XRAW:
        return "%#x" % value if value else "0"
    if table == "open_flags":
        s = _open_flags(value)
    elif table == "mmap_flags":
        s = _mmap_flags(value)
    elif _TABLES[table][0] == "xval":
        return printxval(table, value, xstyle)
    else:
        s = _generic_flags(table, value)
    if s is None:
        if value == 0:
            return "0"
        s = None
    if xstyle == XVERBOSE:
        if value == 0 and s is None:
            return "0"
        return "%#x /* %s */" % (value, s if s is not None
                                  else _TABLES[table][1]) if value else \
            "0 /* %s */" % s
    if s is None:
        return "%#x /* %s */" % (value, _TABLES[table][1])
    return s


def _flag_part(table, value, xstyle):
    """The flags part of a composite value (clone's flags, a socket type's flags)."""
    names, left = _flag_names(table, value)
    if left:
        names.append("%#x" % left)
    if xstyle == XVERBOSE:
        return "%#x /* %s */" % (value, "|".join(names))
    return "|".join(names)


def _clone_flags(value, xstyle):
    sig = value & 0xff
    rest = value & ~0xff
    out = []
    if xstyle == XRAW:
        if rest:
            out.append("%#x" % rest)
        if sig or not rest:
            out.append("%u" % sig)
        return "|".join(out)
    if rest:
        out.append(_flag_part("clone_flags", rest, xstyle))
    if sig or not rest:
        name = xlat_data.SIGNALS.get(sig) if sig else None
        if sig == 0:
            out.append("0")
        elif name is None:
            out.append("%u" % sig)
        elif xstyle == XVERBOSE:
            out.append("%u /* %s */" % (sig, name))
        else:
            out.append(name)
    return "|".join(out)


def _socket_type(value, xstyle):
    typ = value & 0xf
    rest = value & ~0xf
    out = [printxval("socket_types", typ, xstyle)]
    if rest:
        out.append("%#x" % rest if xstyle == XRAW else _flag_part("socket_type_flags", rest, xstyle))
    return "|".join(out)


def _futex_name(value):
    priv = _val("futex_op_flags", "FUTEX_PRIVATE_FLAG")
    rt = _val("futex_op_flags", "FUTEX_CLOCK_REALTIME")
    cmd = value & ~(priv | rt)
    name = lookup("futex_ops", cmd)
    if name is None:
        return None
    if value & priv:
        name += "_PRIVATE"
    if value & rt:
        name += "|FUTEX_CLOCK_REALTIME"
    return name


def printxval(table, value, xstyle=XABBREV, fmt="%#x"):
    """An enumeration argument as strace prints it."""
    if "x" in fmt:
        value = _u(value)
    if table == "futex_ops":
        name = _futex_name(value)
    else:
        name = lookup(table, value)
    num = "0" if value == 0 and "#" in fmt else fmt % value   # C's %#x prints 0 as "0"
    if xstyle == XRAW:
        return num
    if name is None:
        return "%s /* %s */" % (num, _TABLES[table][1])
    if xstyle == XVERBOSE:
        return "%s /* %s */" % (num, name)
    return name


# --- errno -------------------------------------------------------------------
def errno_name(err):
    e = xlat_data.ERRNO.get(err)
    return e[0] if e else None


def errno_message(err):
    e = xlat_data.ERRNO.get(err)
    return e[1] if e else None


# --- signals -----------------------------------------------------------------
def _sig_abbrev(sig):
    if sig in xlat_data.SIGNALS:
        return xlat_data.SIGNALS[sig]
    rtmin = xlat_data.SIGRTMIN
    if rtmin <= sig < xlat_data.NSIG:
        return "SIGRTMIN" if sig == rtmin else "SIGRT_%d" % (sig - rtmin)
    return None


def signal_name(sig, xstyle=XABBREV):
    """9 -> "SIGKILL", 32 -> "SIGRTMIN", 33 -> "SIGRT_1", unknown -> "65"."""
    name = _sig_abbrev(sig)
    if name is None or xstyle == XRAW:
        return "%d" % sig
    if xstyle == XVERBOSE:
        return "%d /* %s */" % (sig, name)
    return name


def sigset(mask, xstyle=XABBREV, nbytes=8):
    """A signal set as strace prints it: "[HUP INT]", "~[KILL STOP]"."""
    nbits = nbytes * 8
    mask &= (1 << nbits) - 1
    prefix = ""
    if bin(mask).count("1") >= nbits * 2 // 3:
        prefix = "~"
        mask ^= (1 << nbits) - 1
    items = []
    for i in range(nbits):
        if mask >> i & 1:
            sig = i + 1
            name = _sig_abbrev(sig)
            if name is None or xstyle == XRAW:
                items.append("%d" % sig)
            elif xstyle == XVERBOSE:
                items.append("%d /* %s */" % (sig, name[3:]))
            else:
                items.append(name[3:])
    return "%s[%s]" % (prefix, " ".join(items))
