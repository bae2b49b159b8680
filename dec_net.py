"""Decoders for network, I/O multiplexing and vectored I/O syscalls.

Spec rows (merged by syscall_specs), return kinds and formatters (registered
in syscall_formatters.FORMATTERS with @sf.kind).  What strace 6.1 prints was
observed with the real strace on small programs (see tests/test_dec_net.py
for the command behind each expected line).

Value-result arguments (socklen_t *, fd_set *, select's timeout, recvmsg's
msg_namelen) are captured twice (WHEN_BOTH): the entry-time capture of
argument i is in rec.caps[i + ENTRY_CAP], the exit-time one in rec.caps[i].
"""
import socket
import struct

import syscall_formatters as sf
import xlat
from syscall_formatters import kind, ptr, quote, s32
from tracepoint_raw import (CAP_BUF, CAP_IOV, CAP_MMSGHDR, CAP_MSGHDR, MMSG_ARG0, ENTRY_CAP, LEN_ARG, LEN_ARGBITS, LEN_ARGMUL,
                            LEN_DEREF, LEN_FIXED, LEN_RET, LEN_RETMUL, ST_OK, WHEN_BOTH,
                            WHEN_EXIT, WHEN_EXIT_OK)

AF_UNIX, AF_INET, AF_INET6, AF_NETLINK, AF_PACKET = 1, 2, 10, 16, 17
SOL_IP, SOL_SOCKET, SOL_TCP, SOL_IPV6, SOL_NETLINK = 0, 1, 6, 41, 270
SOCKADDR_MAX = 128
EPOLL_CTL_DEL = 2


def _cap(*a):
    from syscall_specs import CapSpec   # syscall_specs imports this module
    return CapSpec(*a)


def _p(p):
    return int(p) if p else 0


# kind name -> function(param) -> CapSpec
CAPTURES = {
    # input sockaddr, length in arg N
    "sockaddr": lambda p: _cap(CAP_BUF, WHEN_EXIT, LEN_ARG, _p(p), SOCKADDR_MAX),
    # output sockaddr, length in *(socklen_t *)arg N at exit
    "sockaddr_o": lambda p: _cap(CAP_BUF, WHEN_EXIT_OK, LEN_DEREF, _p(p), SOCKADDR_MAX),
    # socklen_t * read at entry and exit: [in => out]
    "socklen_io": lambda p: _cap(CAP_BUF, WHEN_BOTH, LEN_FIXED, 0, 4),
    "sockopt_in": lambda p: _cap(CAP_BUF, WHEN_EXIT, LEN_ARG, _p(p), 256),
    "sockopt_out": lambda p: _cap(CAP_BUF, WHEN_EXIT_OK, LEN_DEREF, _p(p), 256),
    "msghdr_in": lambda p: _cap(CAP_MSGHDR, WHEN_EXIT, LEN_FIXED, 0, 0),
    "msghdr_out": lambda p: _cap(CAP_MSGHDR, WHEN_BOTH, LEN_RET, 0, 0),
    # struct mmsghdr arrays, count in arg N: entry k lands in caps[MMSG_ARG0 + k]
    "mmsghdr_in": lambda p: _cap(CAP_MMSGHDR, WHEN_EXIT, LEN_FIXED, _p(p), 0),
    "mmsghdr_out": lambda p: _cap(CAP_MMSGHDR, WHEN_EXIT, LEN_RET, _p(p), 0),
    # fd_set of args[0] bits, before and after the call
    "fdset": lambda p: _cap(CAP_BUF, WHEN_BOTH, LEN_ARGBITS, 0, 1024),
    "timeval_io": lambda p: _cap(CAP_BUF, WHEN_BOTH, LEN_FIXED, 0, 16),
    "timespec_io": lambda p: _cap(CAP_BUF, WHEN_BOTH, LEN_FIXED, 0, 16),
    # pselect6's {const sigset_t *ss; size_t ss_len} has an iovec's layout
    "pselect_sig": lambda p: _cap(CAP_IOV, WHEN_EXIT, LEN_FIXED, 0, 1),
    "pollfds_io": lambda p: _cap(CAP_BUF, WHEN_EXIT, LEN_ARGMUL, _p(p), 8),
    "epoll_event": lambda p: _cap(CAP_BUF, WHEN_EXIT, LEN_FIXED, 0, 12),
    "epoll_events": lambda p: _cap(CAP_BUF, WHEN_EXIT_OK, LEN_RETMUL, 0, 12),
    "sigset_arg": lambda p: _cap(CAP_BUF, WHEN_EXIT, LEN_ARG, _p(p), 128),
    # iovec arrays, count in arg N: all the data (in) / as much as the result (out)
    "iovec_in": lambda p: _cap(CAP_IOV, WHEN_EXIT, LEN_ARG, _p(p)),
    "iovec_out": lambda p: _cap(CAP_IOV, WHEN_EXIT_OK, LEN_RET, _p(p)),
    "int_pair_net": lambda p: _cap(CAP_BUF, WHEN_EXIT_OK, LEN_FIXED, 0, 8),
}

SPECS = {
    "socket": ("sock_family", "sock_type", "sock_proto"),
    "socketpair": ("sock_family", "sock_type", "int", "int_pair_net"),
    "bind": ("fd", "sockaddr:2", "int"),
    "connect": ("fd", "sockaddr:2", "int"),
    "listen": ("fd", "int"),
    "accept": ("fd", "sockaddr_o:2", "socklen_io"),
    "accept4": ("fd", "sockaddr_o:2", "socklen_io", "socket_flags"),
    "getsockname": ("fd", "sockaddr_o:2", "socklen_io"),
    "getpeername": ("fd", "sockaddr_o:2", "socklen_io"),
    "sendto": ("fd", "ibuf:2", "ulong", "msg_flags", "sockaddr:5", "int"),
    "recvfrom": ("fd", "obuf_ret", "ulong", "msg_flags", "sockaddr_o:5", "socklen_io"),
    "sendmsg": ("fd", "msghdr_in", "msg_flags"),
    "recvmsg": ("fd", "msghdr_out", "msg_flags"),
    "sendmmsg": ("fd", "mmsghdr_in:2", "uint", "msg_flags"),
    "recvmmsg": ("fd", "mmsghdr_out:2", "uint", "msg_flags", "timespec_io"),
    "setsockopt": ("fd", "sock_level", "sock_optname", "sockopt_in:4", "int"),
    "getsockopt": ("fd", "sock_level", "sock_optname", "sockopt_out:4", "socklen_io"),
    "shutdown": ("fd", "shut_how"),
    "pipe": ("int_pair_net",),
    "pipe2": ("int_pair_net", "pipe2_flags"),
    "poll": ("pollfds_io:1", "uint", "int"),
    "ppoll": ("pollfds_io:1", "uint", "timespec_io", "sigset_arg:4", "ulong"),
    "select": ("int", "fdset", "fdset", "fdset", "timeval_io"),
    "pselect6": ("int", "fdset", "fdset", "fdset", "timespec_io", "pselect_sig"),
    "epoll_create": ("int",),
    "epoll_create1": ("epoll_create_flags",),
    "epoll_ctl": ("fd", "epoll_op", "fd", "epoll_event"),
    "epoll_wait": ("fd", "epoll_events", "int", "int"),
    "epoll_pwait": ("fd", "epoll_events", "int", "int", "sigset_arg:5", "ulong"),
    "epoll_pwait2": ("fd", "epoll_events", "int", "timespec_io", "sigset_arg:5", "ulong"),
    "eventfd": ("uint",),
    "eventfd2": ("uint", "eventfd_flags"),
    "readv": ("fd", "iovec_out:2", "int"),
    "writev": ("fd", "iovec_in:2", "int"),
    "preadv": ("fd", "iovec_out:2", "int", "long"),
    "pwritev": ("fd", "iovec_in:2", "int", "long"),
    # pos_h (arg 4) is not shown: the last kind prints the offset and the flags
    "preadv2": ("fd", "iovec_out:2", "int", "offset_rwf"),
    "pwritev2": ("fd", "iovec_in:2", "int", "offset_rwf"),
}

RETURNS = {
    "poll": "poll_ret", "ppoll": "ppoll_ret",
    "select": "select_ret", "pselect6": "pselect_ret",
}


# ---------------------------------------------------------------- helpers

def cfmt_hex(v):
    """C's %#x: 0 prints as 0."""
    return f"{v:#x}" if v else "0"


def xval_c(table, v, ctx, dflt=None, numfmt=cfmt_hex):
    """An enumeration value with C-style numbers and an optional default comment."""
    name = xlat.lookup(table, v)
    num = numfmt(v)
    if ctx.xstyle == xlat.XRAW:
        return num
    if name is None:
        return f"{num} /* {dflt or xlat._TABLES[table][1]} */"
    if ctx.xstyle == xlat.XVERBOSE:
        return f"{num} /* {name} */"
    return name


def entry_cap(rec, i):
    c = rec.caps.get(i + ENTRY_CAP)
    return c if c is not None and c.status == ST_OK else None


def exit_cap(rec, i):
    c = rec.caps.get(i)
    return c if c is not None and c.status == ST_OK else None


def _u32(data, off=0):
    return struct.unpack_from("<I", data, off)[0]


def _i32(data, off=0):
    return struct.unpack_from("<i", data, off)[0]


def print_array(items, ctx, more=False):
    """strace's array: at most -s elements (all with -v), then "..."."""
    shown = items if ctx.verbose else items[:ctx.strsize]
    more = more or len(items) > len(shown)
    if not shown:
        return "[...]" if more else "[]"
    return "[" + ", ".join(shown) + (", ..." if more else "") + "]"


# ---------------------------------------------------------------- sockaddr

def vfield(raw, abbrev, ctx):
    """A field strace shows raw (-X raw), decoded (default) or both (-X verbose)."""
    if ctx.xstyle == xlat.XRAW:
        return raw
    if ctx.xstyle == xlat.XVERBOSE:
        return f"{raw} /* {abbrev} */"
    return abbrev


def ifindex(idx, ctx):
    try:
        name = socket.if_indextoname(idx) if idx > 0 else None
    except (OSError, OverflowError, ValueError, UnicodeError):
        name = None
    if name is None:
        return str(idx)
    return vfield(str(idx), "if_nametoindex(%s)" % quote(name.encode(), ctx), ctx)


def inet_addr(b, ctx):
    ip = quote(socket.inet_ntop(socket.AF_INET, b).encode(), ctx)
    return vfield(_hexstr(b), f"inet_addr({ip})", ctx)


def _sa_data(fam, data, ctx):
    return "{sa_family=%s, sa_data=%s}" % (fam, quote(data[2:], ctx))


def format_sockaddr(data, ctx):
    """A struct sockaddr of len(data) bytes (len >= 2) as strace prints it."""
    if len(data) < 2:
        return "{}"
    family = struct.unpack_from("<H", data)[0]
    fam = xval_c("address_families", family, ctx)
    n = len(data)
    if n == 2:
        return "{sa_family=%s}" % fam
    if family == AF_UNIX:
        path = data[2:2 + 108]
        if path[:1] == b"\0":
            return "{sa_family=%s, sun_path=@%s}" % (fam, quote(path[1:], ctx))
        return "{sa_family=%s, sun_path=%s}" % (fam, quote(path.split(b"\0", 1)[0], ctx))
    # network-order fields: -X raw prints their bytes, -X verbose both
    if family == AF_INET and n >= 16:
        port = struct.unpack_from(">H", data, 2)[0]
        return "{sa_family=%s, sin_port=%s, sin_addr=%s}" % (
            fam, vfield(_hexstr(data[2:4]), f"htons({port})", ctx), inet_addr(data[4:8], ctx))
    if family == AF_INET6 and n >= 24:
        port, flow = struct.unpack_from(">HI", data, 2)
        addr = data[8:24]
        ip = quote(socket.inet_ntop(socket.AF_INET6, addr).encode(), ctx)
        out = "{sa_family=%s, sin6_port=%s, sin6_flowinfo=%s, " % (
            fam, vfield(_hexstr(data[2:4]), f"htons({port})", ctx),
            vfield(_hexstr(data[4:8]), f"htonl({flow})", ctx))
        if ctx.xstyle == xlat.XABBREV:
            out += f"inet_pton(AF_INET6, {ip}, &sin6_addr)"
        else:
            out += "sin6_addr=" + vfield(_hexstr(addr), f"inet_pton(AF_INET6, {ip})", ctx)
        if n >= 28:
            scope = _u32(data, 24)
            linklocal = addr[0] == 0xfe and addr[1] & 0xc0 == 0x80
            mc_linklocal = addr[0] == 0xff and addr[1] & 0x0f == 2
            out += ", sin6_scope_id=%s" % (ifindex(scope, ctx) if linklocal or mc_linklocal
                                            else str(scope))
        return out + "}"
    if family == AF_NETLINK and n >= 12:
        pid, groups = struct.unpack_from("<iI", data, 4)
        return "{sa_family=%s, nl_pid=%d, nl_groups=%s}" % (
            fam, pid, f"{groups:#08x}" if groups else "00000000")
    if family == AF_PACKET and n >= 20:
        proto = struct.unpack_from(">H", data, 2)[0]
        idx, hatype, pkttype, halen = struct.unpack_from("<iHBB", data, 4)
        hw = ", ".join(f"{b:02x}" for b in data[12:12 + min(halen, 8)])
        pname = xlat.lookup("ethernet_protocols", proto)
        sproto = vfield(_hexstr(data[2:4]), "htons(%s)" % (
            pname or "%#x /* ETH_P_??? */" % proto), ctx)
        return ("{sa_family=%s, sll_protocol=%s, sll_ifindex=%s, sll_hatype=%s, "
                "sll_pkttype=%s, sll_halen=%d, sll_addr=[%s]}") % (
            fam, sproto, ifindex(idx, ctx) if idx > 0 else idx,
            xval_c("arp_hardware_types", hatype, ctx), xval_c("packet_types", pkttype, ctx),
            halen, hw)
    return _sa_data(fam, data, ctx)


def sockaddr_at(rec, i, ctx, length):
    v = rec.args[i]
    if v == 0:
        return "NULL"
    c = rec.caps.get(i)
    if c is None or c.status != ST_OK or length < 2 or len(c.data) < 2:
        return ptr(v)
    return format_sockaddr(c.data[:length], ctx)


@kind("sockaddr")
def _sockaddr(rec, i, ctx, p):
    return sockaddr_at(rec, i, ctx, s32(rec.args[_p(p)]))


@kind("sockaddr_o")
def _sockaddr_o(rec, i, ctx, p):
    if rec.args[i] == 0:
        return "NULL"
    if sf.failed(rec):
        return ptr(rec.args[i])
    c = rec.caps.get(i)
    length = c.count if c is not None else 0
    e = entry_cap(rec, _p(p))
    if e is not None and len(e.data) >= 4:
        length = min(length, _u32(e.data))
    return sockaddr_at(rec, i, ctx, length)


@kind("socklen_io")
def _socklen_io(rec, i, ctx, p):
    v = rec.args[i]
    if v == 0:
        return "NULL"
    e, x = entry_cap(rec, i), exit_cap(rec, i)
    before = _u32(e.data) if e is not None and len(e.data) >= 4 else None
    after = _u32(x.data) if x is not None and len(x.data) >= 4 else None
    if sf.failed(rec) or after is None:
        return ptr(v) if before is None else f"[{before}]"
    if before is None or before == after:
        return f"[{after}]"
    return f"[{before} => {after}]"


@kind("sock_family")
def _sock_family(rec, i, ctx, p):
    return xval_c("address_families", rec.args[i] & 0xFFFFFFFF, ctx)


@kind("shut_how")
def _shut_how(rec, i, ctx, p):
    return xval_c("shutdown_how", rec.args[i] & 0xFFFFFFFF, ctx)


@kind("sock_type")
def _sock_type(rec, i, ctx, p):
    v = rec.args[i] & 0xFFFFFFFF
    out = xval_c("socket_types", v & 0xF, ctx)
    if v & ~0xF:
        out += "|" + sf.flags("socket_type_flags", v & ~0xF, ctx)
    return out


@kind("sock_proto")
def _sock_proto(rec, i, ctx, p):
    fam = rec.args[0] & 0xFFFFFFFF
    v = rec.args[i] & 0xFFFFFFFF
    if fam in (AF_INET, AF_INET6):
        return xval_c("ip_protocols", v, ctx)
    if fam == AF_NETLINK:
        return xval_c("netlink_protocols", v, ctx)
    if fam == AF_PACKET:
        return "htons(%s)" % xval_c("ethernet_protocols", socket.ntohs(v & 0xFFFF), ctx)
    return str(s32(v))


@kind("int_pair_net")
def _int_pair_net(rec, i, ctx, p):
    c = exit_cap(rec, i)
    if c is None or sf.failed(rec) or len(c.data) < 8:
        return ptr(rec.args[i])
    return print_array([sf.printfd(rec, x, ctx, True) for x in struct.unpack_from("<ii", c.data)],
                       ctx)


# ---------------------------------------------------------------- socket options

_OPT_TABLES = {SOL_SOCKET: ("sockopts_socket", "SO_???"), SOL_TCP: ("sockopts_tcp", "TCP_???"),
               SOL_IP: ("sockopts_ip", "IP_???"), SOL_IPV6: ("sockopts_ipv6", "IPV6_???"),
               SOL_NETLINK: ("sockopts_netlink", "NETLINK_???")}

# SOL_SOCKET options strace 6.1 prints as an int whenever optlen >= 4
# (observed: setsockopt(-1, SOL_SOCKET, N, buf, 8) for N in 0..79)
_SO_INTS = {
    "SO_DEBUG", "SO_REUSEADDR", "SO_DONTROUTE", "SO_BROADCAST", "SO_SNDBUF", "SO_RCVBUF",
    "SO_KEEPALIVE", "SO_OOBINLINE", "SO_NO_CHECK", "SO_PRIORITY", "SO_BSDCOMPAT",
    "SO_REUSEPORT", "SO_PASSCRED", "SO_RCVLOWAT", "SO_SNDLOWAT", "SO_DETACH_FILTER",
    "SO_TIMESTAMP_OLD", "SO_ACCEPTCONN", "SO_SNDBUFFORCE", "SO_RCVBUFFORCE", "SO_PASSSEC",
    "SO_TIMESTAMPNS_OLD", "SO_MARK", "SO_TIMESTAMPING_OLD", "SO_RXQ_OVFL", "SO_WIFI_STATUS",
    "SO_PEEK_OFF", "SO_NOFCS", "SO_LOCK_FILTER", "SO_SELECT_ERR_QUEUE", "SO_BUSY_POLL",
    "SO_INCOMING_CPU", "SO_CNX_ADVICE", "SO_INCOMING_NAPI_ID", "SO_ZEROCOPY",
    "SO_TIMESTAMP_NEW", "SO_TIMESTAMPNS_NEW", "SO_TIMESTAMPING_NEW",
    "SO_DETACH_REUSEPORT_BPF", "SO_PREFER_BUSY_POLL", "SO_BUSY_POLL_BUDGET",
    "SO_RESERVE_MEM", "SO_TXREHASH", "SO_RCVMARK"}
# options whose value is a struct: (minimum optlen, printer); shorter -> the address
def _ip_mreq(d, ctx):
    return "{imr_multiaddr=%s, imr_interface=%s}" % (inet_addr(d[0:4], ctx), inet_addr(d[4:8], ctx))


def _ipv6_mreq(d, ctx):
    return "{inet_pton(AF_INET6, %s, &ipv6mr_multiaddr), ipv6mr_interface=%s}" % (
        quote(socket.inet_ntop(socket.AF_INET6, d[0:16]).encode(), ctx), ifindex(_i32(d, 16), ctx))


def _group_req(d, ctx):
    return "{gr_interface=%s, gr_group=%s}" % (ifindex(_i32(d), ctx), format_sockaddr(d[8:136], ctx))


_OPT_STRUCTS = {
    SOL_IP: {"IP_ADD_MEMBERSHIP": (8, _ip_mreq), "IP_DROP_MEMBERSHIP": (8, _ip_mreq),
             "MCAST_JOIN_GROUP": (136, _group_req), "MCAST_LEAVE_GROUP": (136, _group_req)},
    SOL_IPV6: {"IPV6_ADD_MEMBERSHIP": (20, _ipv6_mreq), "IPV6_DROP_MEMBERSHIP": (20, _ipv6_mreq),
               "IPV6_JOIN_ANYCAST": (20, _ipv6_mreq), "IPV6_LEAVE_ANYCAST": (20, _ipv6_mreq),
               "MCAST_JOIN_GROUP": (136, _group_req), "MCAST_LEAVE_GROUP": (136, _group_req)},
}
# options whose value strace prints as the address (structs not decoded here)
_OPT_ADDR = {SOL_SOCKET: {"SO_ATTACH_FILTER", "SO_ATTACH_REUSEPORT_CBPF"}}


@kind("sock_level")
def _sock_level(rec, i, ctx, p):
    return xval_c("socket_levels", rec.args[i] & 0xFFFFFFFF, ctx, "SOL_??")


@kind("sock_optname")
def _sock_optname(rec, i, ctx, p):
    level = rec.args[1] & 0xFFFFFFFF
    v = rec.args[i] & 0xFFFFFFFF
    t = _OPT_TABLES.get(level)
    if t is None:
        return str(s32(v))
    return xval_c(t[0], v, ctx, t[1])


def _optname(rec):
    t = _OPT_TABLES.get(rec.args[1] & 0xFFFFFFFF)
    return xlat.lookup(t[0], rec.args[2] & 0xFFFFFFFF) if t else None


def _hexstr(data, ctx=None):
    """A string in hex escapes; with ctx, at most -s bytes then "..."."""
    more = ctx is not None and len(data) > ctx.strsize
    if more:
        data = data[:ctx.strsize]
    return '"' + "".join(f"\\x{b:02x}" for b in data) + '"' + ("..." if more else "")


def sockopt_value(rec, i, ctx, length, getter):
    v = rec.args[i]
    if v == 0:
        return "NULL"
    c = rec.caps.get(i)
    if c is None or c.status != ST_OK or length < 0 or getter and length == 0:
        return ptr(v)
    data = c.data[:length]
    level = rec.args[1] & 0xFFFFFFFF
    name = _optname(rec)
    if name in _OPT_ADDR.get(level, ()):
        return ptr(v)
    st = _OPT_STRUCTS.get(level, {}).get(name)
    if st is not None:
        return st[1](data, ctx) if length >= st[0] and len(data) >= st[0] else ptr(v)
    if level == SOL_SOCKET and name == "SO_LINGER":
        if length >= 8 and len(data) >= 8:
            return "{l_onoff=%d, l_linger=%d}" % struct.unpack_from("<ii", data)
        if getter and length > 0:
            return "{l_onoff=%s}" % _hexstr(data[:4])
        return ptr(v)
    if level == SOL_SOCKET and name == "SO_PEERCRED" and getter and len(data) >= 12:
        pid, uid, gid = struct.unpack_from("<iII", data)
        return "{pid=%d, uid=%s, gid=%s}" % (
            pid, "-1" if uid == 0xFFFFFFFF else uid, "-1" if gid == 0xFFFFFFFF else gid)
    if level == SOL_SOCKET and name == "SO_ERROR" and getter and length >= 4 and len(data) >= 4:
        err = _i32(data)
        return "[%s]" % (xlat.errno_name(err) or err if err > 0 else err)
    if level == SOL_SOCKET and name in _SO_INTS:
        if length >= 4 and len(data) >= 4:
            return "[%d]" % _i32(data)
        return _hexstr(data, ctx) if getter and length > 0 else ptr(v)
    if length == 4 and len(data) == 4:
        return "[%d]" % _i32(data)
    return quote(data, ctx, ctx.strsize)


@kind("sockopt_in")
def _sockopt_in(rec, i, ctx, p):
    return sockopt_value(rec, i, ctx, s32(rec.args[_p(p)]), False)


@kind("sockopt_out")
def _sockopt_out(rec, i, ctx, p):
    if sf.failed(rec):
        return ptr(rec.args[i]) if rec.args[i] else "NULL"
    c = rec.caps.get(i)
    return sockopt_value(rec, i, ctx, c.count if c is not None else -1, True)


# ---------------------------------------------------------------- msghdr

def parse_iovs(data, pos, ctx, count):
    """CAP_IOV's layout from data[pos:] -> list of '{iov_base=..., iov_len=N}'."""
    items = []
    while pos + 8 <= len(data):
        (h,) = struct.unpack_from("<Q", data, pos)
        ln, got, null = h & 0xFFFFFFFFFFFF, (h >> 48) & 0xFFF, h >> 63
        buf = data[pos + 8:pos + 8 + got]
        pos += 8 + got
        base = "NULL" if null else quote(buf, ctx, ctx.strsize, ellipsis=got > ctx.strsize)
        items.append("{iov_base=%s, iov_len=%d}" % (base, ln))
    return print_array(items, ctx, more=count > len(items))


def _bytes_hex(body):
    return "[" + ", ".join(cfmt_hex(b) for b in body) + "]"


def _ints(body):
    return "[" + ", ".join(str(x) for (x,) in struct.iter_unpack("<i", body[:len(body) // 4 * 4])) + "]"


def _tv(body, frac):
    sec, sub = struct.unpack_from("<qq", body)
    return "{tv_sec=%d, %s=%d}" % (sec, frac, sub)


def _cmsg_socket(name, body, ctx):
    """cmsg_data of a SOL_SOCKET control message; None: not shown."""
    n = len(body)
    if name == "SCM_RIGHTS":
        return _ints(body) if n >= 4 else None
    if name == "SCM_CREDENTIALS":
        if n < 12:
            return None
        pid, uid, gid = struct.unpack_from("<iII", body)
        return "{pid=%d, uid=%d, gid=%d}" % (pid, uid, gid)
    if name == "SCM_SECURITY":
        return quote(body, ctx, ctx.strsize)
    if name in ("SO_TIMESTAMP_OLD", "SO_TIMESTAMP_NEW"):
        return _tv(body, "tv_usec") if n == 16 else "???"
    if name in ("SO_TIMESTAMPNS_OLD", "SO_TIMESTAMPNS_NEW"):
        return _tv(body, "tv_nsec") if n == 16 else "???"
    if name in ("SO_TIMESTAMPING_OLD", "SO_TIMESTAMPING_NEW"):
        if n != 48:
            return "???"
        return "[" + ", ".join(_tv(body[k:k + 16], "tv_nsec") for k in (0, 16, 32)) + "]"
    return None


def _cmsg_ip(name, body, ctx):
    n = len(body)
    if name in ("IP_TOS", "IP_RECVOPTS", "IP_RETOPTS"):
        return _bytes_hex(body)
    if name in ("IP_TTL", "IP_CHECKSUM"):
        return "[%d]" % _i32(body) if n >= 4 else None
    if name == "SCM_SECURITY":
        return quote(body, ctx, ctx.strsize)
    if name == "IP_PKTINFO" and n >= 12:
        idx = _i32(body)
        return "{ipi_ifindex=%s, ipi_spec_dst=%s, ipi_addr=%s}" % (
            ifindex(idx, ctx), inet_addr(body[4:8], ctx), inet_addr(body[8:12], ctx))
    if name == "IP_ORIGDSTADDR" and n >= 16:
        return format_sockaddr(body, ctx)
    return None


def format_cmsgs(data, ctx):
    """The control messages strace shows in msg_control=[...]."""
    items, pos = [], 0
    while pos + 16 <= len(data):
        clen, level, ctype = struct.unpack_from("<Qii", data, pos)
        if clen < 16:
            break
        body = data[pos + 16:pos + min(clen, len(data) - pos)]
        lvl = xval_c("socket_levels", level & 0xFFFFFFFF, ctx, "SOL_???")
        ctype &= 0xFFFFFFFF
        dat = None
        if level == SOL_SOCKET:
            typ = xval_c("scm_types", ctype, ctx)
            dat = _cmsg_socket(xlat.lookup("scm_types", ctype), body, ctx)
        elif level == SOL_IP:
            typ = xval_c("ip_cmsg_types", ctype, ctx)
            dat = _cmsg_ip(xlat.lookup("ip_cmsg_types", ctype), body, ctx)
        else:
            typ = cfmt_hex(ctype)
        item = "{cmsg_len=%d, cmsg_level=%s, cmsg_type=%s" % (clen, lvl, typ)
        if dat is not None:
            item += ", cmsg_data=" + dat
        items.append(item + "}")
        pos += (clen + 7) & ~7
    return "[" + ", ".join(items) + "]"


def format_msghdr(data, ctx, namelen_before=None, out=False):
    name, namelen, iov, iovlen, control, controllen, flags = struct.unpack_from(
        "<QI4xQQQQi", data)
    ngot, cgot = struct.unpack_from("<HH", data, 56)
    iov_fault, ngot = ngot & 0x8000, ngot & 0x7FFF
    pos = 64
    namedata = data[pos:pos + ngot]
    pos += ngot
    ctrldata = data[pos:pos + cgot]
    pos += cgot
    if name == 0:
        sname = "NULL"
    elif namelen >= 2 and len(namedata) >= 2:
        sname = format_sockaddr(namedata[:namelen], ctx)
    else:
        sname = ptr(name)
    snamelen = str(namelen) if namelen_before in (None, namelen) else \
        f"{namelen_before} => {namelen}"
    parts = [f"msg_name={sname}", f"msg_namelen={snamelen}"]
    parts.append("msg_iov=" + ("NULL" if not iov else ptr(iov) if iov_fault else
                               parse_iovs(data, pos, ctx, iovlen)))
    parts.append(f"msg_iovlen={iovlen}")
    if control and controllen:
        parts.append("msg_control=" + (format_cmsgs(ctrldata, ctx) if cgot else ptr(control)))
    parts.append(f"msg_controllen={controllen}")
    parts.append("msg_flags=" + sf.flags("msg_flags", flags & 0xFFFFFFFF, ctx))
    return "{" + ", ".join(parts) + "}"


@kind("msghdr_in")
def _msghdr_in(rec, i, ctx, p):
    return sf.struct_arg(rec, i, 64, format_msghdr, ctx)


@kind("msghdr_out")
def _msghdr_out(rec, i, ctx, p):
    if rec.args[i] == 0:
        return "NULL"
    c = rec.caps.get(i)
    e = entry_cap(rec, i)
    before = _u32(e.data, 8) if e is not None and len(e.data) >= 12 else None
    if sf.failed(rec) and before is not None:
        return "{msg_namelen=%d}" % before
    if sf.failed(rec) or c is None or c.status != ST_OK or len(c.data) < 64:
        return ptr(rec.args[i])
    return format_msghdr(c.data, ctx, before, out=True)


def mmsghdrs(rec, i, ctx):
    v = rec.args[i]
    if v == 0:
        return "NULL"
    if sf.failed(rec) or rec.ret <= 0:
        return ptr(v)
    items = []
    for k in range(rec.ret):
        c = rec.caps.get(MMSG_ARG0 + k)
        if c is None or c.status != ST_OK or len(c.data) < 64:
            break
        items.append("{msg_hdr=%s, msg_len=%d}" % (format_msghdr(c.data, ctx), _u32(c.data, 60)))
    if not items:
        return ptr(v)
    return print_array(items, ctx, more=len(items) < rec.ret)


FORMATTERS = sf.FORMATTERS
FORMATTERS["mmsghdr_in"] = lambda rec, i, ctx, p: mmsghdrs(rec, i, ctx)
FORMATTERS["mmsghdr_out"] = lambda rec, i, ctx, p: mmsghdrs(rec, i, ctx)


# ---------------------------------------------------------------- poll, select

def _pollfds(rec):
    c = rec.caps.get(0)
    if rec.args[0] == 0 or c is None or c.status != ST_OK:
        return None
    return [struct.unpack_from("<ihh", c.data, k) for k in range(0, len(c.data) // 8 * 8, 8)]


def _poll_events(v, ctx):
    return sf.flags("poll_events", v & 0xFFFF, ctx)


@kind("pollfds_io")
def _pollfds_io(rec, i, ctx, p):
    fds = _pollfds(rec)
    if fds is None:
        return "NULL" if rec.args[i] == 0 else ptr(rec.args[i])
    items = ["{fd=%s, events=%s}" % (sf.printfd(rec, fd, ctx), _poll_events(ev, ctx))
             if fd >= 0 else "{fd=%d}" % fd
             for fd, ev, _r in fds]
    return print_array(items, ctx, more=len(fds) < (rec.args[_p(p)] & 0xFFFFFFFF))


def _revents(rec, ctx):
    fds = _pollfds(rec) or []
    items = ["{fd=%d, revents=%s}" % (fd, _poll_events(rv, ctx)) for fd, _e, rv in fds if rv]
    return print_array(items, ctx)


def _left(rec, i, usec):
    x = exit_cap(rec, i)
    if rec.args[i] == 0 or x is None or len(x.data) < 16:
        return None
    sec, frac = struct.unpack_from("<qq", x.data)
    return "{tv_sec=%d, %s=%d}" % (sec, "tv_usec" if usec else "tv_nsec", frac)


@kind("poll_ret", sf.RET_FORMATTERS)
def _poll_ret(rec, ctx):
    if rec.ret == 0:
        return "0 (Timeout)"
    return f"{rec.ret} ({_revents(rec, ctx)})"


@kind("ppoll_ret", sf.RET_FORMATTERS)
def _ppoll_ret(rec, ctx):
    left = _left(rec, 2, False)
    if rec.ret == 0:
        return "0 (Timeout)"
    extra = f", left {left}" if left else ""
    return f"{rec.ret} ({_revents(rec, ctx)}{extra})"


def fdset_str(data, nfds):
    fds = [k for k in range(min(nfds, len(data) * 8)) if data[k >> 3] >> (k & 7) & 1]
    return "[" + " ".join(map(str, fds)) + "]"


@kind("fdset")
def _fdset(rec, i, ctx, p):
    v = rec.args[i]
    if v == 0:
        return "NULL"
    e = entry_cap(rec, i)
    if e is None:
        return ptr(v)
    return fdset_str(e.data, s32(rec.args[0]))


def _select_ret(rec, ctx, usec):
    if rec.ret == 0:
        return "0 (Timeout)"
    nfds = s32(rec.args[0])
    parts = []
    for i, label in ((1, "in"), (2, "out"), (3, "except")):
        x = exit_cap(rec, i)
        if rec.args[i] and x is not None:
            s = fdset_str(x.data, nfds)
            if s != "[]":
                parts.append(f"{label} {s}")
    left = _left(rec, 4, usec)
    if left:
        parts.append(f"left {left}")
    return f"{rec.ret} ({', '.join(parts)})" if parts else str(rec.ret)


sf.RET_FORMATTERS["select_ret"] = lambda rec, ctx: _select_ret(rec, ctx, True)
sf.RET_FORMATTERS["pselect_ret"] = lambda rec, ctx: _select_ret(rec, ctx, False)


def _time_in(rec, i, usec):
    v = rec.args[i]
    if v == 0:
        return "NULL"
    e = entry_cap(rec, i)
    if e is None or len(e.data) < 16:
        return ptr(v)
    sec, frac = struct.unpack_from("<qq", e.data)
    return "{tv_sec=%d, %s=%d}" % (sec, "tv_usec" if usec else "tv_nsec", frac)


FORMATTERS["timeval_io"] = lambda rec, i, ctx, p: _time_in(rec, i, True)
FORMATTERS["timespec_io"] = lambda rec, i, ctx, p: _time_in(rec, i, False)


def _sigset(data, ctx):
    mask = int.from_bytes(data[:8], "little")
    return xlat.sigset(mask, ctx.xstyle, min(len(data), 8) or 8)


@kind("sigset_arg")
def _sigset_arg(rec, i, ctx, p):
    v = rec.args[i]
    if v == 0:
        return "NULL"
    c = exit_cap(rec, i)
    size = rec.args[_p(p)]
    if c is None or size != 8 or len(c.data) < 8:
        return ptr(v)
    return _sigset(c.data, ctx)


@kind("pselect_sig")
def _pselect_sig(rec, i, ctx, p):
    v = rec.args[i]
    if v == 0:
        return "NULL"
    c = exit_cap(rec, i)
    if c is None or len(c.data) < 8:
        return ptr(v)
    (h,) = struct.unpack_from("<Q", c.data)
    size, got, null = h & 0xFFFFFFFFFFFF, (h >> 48) & 0xFFF, h >> 63
    mask = c.data[8:8 + got]
    if null:
        sset = "NULL"
    elif size == 8 and len(mask) == 8:
        sset = _sigset(mask, ctx)
    else:
        return ptr(v)
    return "{sigmask=%s, sigsetsize=%d}" % (sset, size)


# ---------------------------------------------------------------- epoll

@kind("epoll_op")
def _epoll_op(rec, i, ctx, p):
    return xval_c("epoll_ctl_ops", rec.args[i] & 0xFFFFFFFF, ctx)


def epoll_event_str(data, off, ctx):
    ev, d = struct.unpack_from("<IQ", data, off)
    return "{events=%s, data={u32=%d, u64=%d}}" % (
        sf.flags("epoll_events", ev, ctx), d & 0xFFFFFFFF, d)


@kind("epoll_event")
def _epoll_event(rec, i, ctx, p):
    v = rec.args[i]
    if v == 0:
        return "NULL"
    c = exit_cap(rec, i)
    if c is None or len(c.data) < 12 or rec.args[1] & 0xFFFFFFFF == EPOLL_CTL_DEL:
        return ptr(v)
    return epoll_event_str(c.data, 0, ctx)


@kind("epoll_events")
def _epoll_events(rec, i, ctx, p):
    v = rec.args[i]
    if sf.failed(rec):
        return ptr(v)
    if rec.ret == 0:
        return "[]"
    c = exit_cap(rec, i)
    if c is None:
        return ptr(v)
    items = [epoll_event_str(c.data, k, ctx) for k in range(0, len(c.data) // 12 * 12, 12)]
    return print_array(items, ctx, more=len(items) < rec.ret)


# ---------------------------------------------------------------- vectored I/O

def iovec(rec, i, ctx):
    v = rec.args[i]
    if v == 0:
        return "NULL"
    c = rec.caps.get(i)
    if c is None or c.status != ST_OK:
        return ptr(v)
    return parse_iovs(c.data, 0, ctx, c.count)


@kind("iovec_in")
def _iovec_in(rec, i, ctx, p):
    return iovec(rec, i, ctx)


@kind("iovec_out")
def _iovec_out(rec, i, ctx, p):
    if sf.failed(rec):
        return ptr(rec.args[i])
    return iovec(rec, i, ctx)


@kind("offset_rwf")
def _offset_rwf(rec, i, ctx, p):
    return "%d, %s" % (sf.s64(rec.args[i]), sf.flags("rwf_flags", rec.args[5] & 0xFFFFFFFF, ctx))
