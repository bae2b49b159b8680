"""dec_net: sockets, sockaddrs, socket options, msghdr, poll/select, epoll, vectored I/O.

Unit tests feed synthetic records to the formatters (no root, no bcc).  Every
expected line was printed by the real strace 6.1 on this machine; the program
behind each group is named beside it:
  sa.c / so.c / so2.c  -- the C programs in E2E_PROGRAMS below (fixed inputs),
  net1.py / net2.py    -- python3 socket/select/os programs over 127.0.0.1, ::1,
                          AF_UNIX socketpairs and pipes, traced with `strace -f`.
The end-to-end tests at the bottom compile and run the C programs under both
strace and my_strace and compare the lines of these syscalls.
"""
import os
import re
import shutil
import socket
import struct
import subprocess
import sys

import pytest
from hypothesis import given, settings, strategies as st

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)
sys.path.insert(0, os.path.join(ROOT, "tools"))

import dec_net  # noqa: E402
import syscall_formatters as sf  # noqa: E402
import syscall_specs  # noqa: E402
from tracepoint_raw import (CAP_BUF, CAP_IOV, CAP_MMSGHDR, CAP_MSGHDR, ENTRY_CAP, EV_SYSCALL,  # noqa: E402
                            MMSG_ARG0, ST_FAULT,
                            ST_NULL, ST_OK, ST_TRUNC, Capture, Record)

SYSCALLS = syscall_specs.build()
NR = {sc.name: nr for nr, sc in SYSCALLS.items()}
CTX = sf.Ctx()
U64 = (1 << 64) - 1
STACK = 0x7ffd0473fe90


def rec(name, args, ret, caps=None):
    a = tuple(x & U64 for x in args) + (0,) * (6 - len(args))
    return Record(EV_SYSCALL, 0, 100, 100, NR[name], 0, 0, a, ret, 0, b"t", caps or {})


def line(r, ctx=CTX):
    sc = SYSCALLS[r.nr]
    return f"{sc.name}({sf.format_args(r, sc, ctx)}) = {sf.format_ret(r, sc, ctx)}"


def buf(data, count=None):
    return Capture(CAP_BUF, ST_OK, data, len(data) if count is None else count)


def sin(port, ip, fam=socket.AF_INET):
    return struct.pack("<H", fam) + struct.pack(">H", port) + socket.inet_aton(ip) + b"\0" * 8


def sin6(port, ip, flow=0, scope=0):
    return (struct.pack("<H", socket.AF_INET6) + struct.pack(">HI", port, flow) +
            socket.inet_pton(socket.AF_INET6, ip) + struct.pack("<I", scope))


def sun(path):
    return struct.pack("<H", socket.AF_UNIX) + path


EBADF = "-1 EBADF (Bad file descriptor)"


# --------------------------------------------------------------- socket, socketpair
# so.c
@pytest.mark.parametrize("args,ret,expect", [
    ((2, 0x80001, 0), 3, "socket(AF_INET, SOCK_STREAM|SOCK_CLOEXEC, IPPROTO_IP) = 3"),
    ((17, 3, 0x0300), 3, "socket(AF_PACKET, SOCK_RAW, htons(ETH_P_ALL)) = 3"),
    ((17, 2, 0x3412), 4, "socket(AF_PACKET, SOCK_DGRAM, htons(0x1234 /* ETH_P_??? */)) = 4"),
    ((2, 3, 1), 5, "socket(AF_INET, SOCK_RAW, IPPROTO_ICMP) = 5"),
    ((10, 2, 1000), -22, "socket(AF_INET6, SOCK_DGRAM, 0x3e8 /* IPPROTO_??? */) = "
                         "-1 EINVAL (Invalid argument)"),
    ((1, 2, 5), -93, "socket(AF_UNIX, SOCK_DGRAM, 5) = -1 EPROTONOSUPPORT (Protocol not supported)"),
    ((16, 3, 9), 6, "socket(AF_NETLINK, SOCK_RAW, NETLINK_AUDIT) = 6"),
    ((16, 3, 100), -93, "socket(AF_NETLINK, SOCK_RAW, 0x64 /* NETLINK_??? */) = "
                        "-1 EPROTONOSUPPORT (Protocol not supported)"),
    ((200, 15, 3), -97, "socket(0xc8 /* AF_??? */, 0xf /* SOCK_??? */, 3) = "
                        "-1 EAFNOSUPPORT (Address family not supported by protocol)"),
    ((2, 0x100001, 0), -22, "socket(AF_INET, SOCK_STREAM|0x100000 /* SOCK_??? */, IPPROTO_IP) = "
                            "-1 EINVAL (Invalid argument)"),
])
def test_socket(args, ret, expect):
    assert line(rec("socket", args, ret)) == expect


def test_socketpair():
    # so.c
    r = rec("socketpair", (1, 2, 0, STACK), 0, {3: buf(struct.pack("<ii", 8, 9))})
    assert line(r) == "socketpair(AF_UNIX, SOCK_DGRAM, 0, [8, 9]) = 0"
    r = rec("socketpair", (2, 1, 0, STACK), -95)
    assert line(r) == ("socketpair(AF_INET, SOCK_STREAM, 0, 0x7ffd0473fe90) = "
                       "-1 EOPNOTSUPP (Operation not supported)")


# --------------------------------------------------------------- sockaddr (sa.c)
@pytest.mark.parametrize("data,length,expect", [
    (sin(80, "127.0.0.1"), 16,
     '{sa_family=AF_INET, sin_port=htons(80), sin_addr=inet_addr("127.0.0.1")}'),
    (sin(80, "127.0.0.1"), 8, r'{sa_family=AF_INET, sa_data="\0P\177\0\0\1"}'),
    (sin(80, "127.0.0.1"), 2, "{sa_family=AF_INET}"),
    (sin(80, "127.0.0.1"), 1, "0x7ffd0473fe90"),
    (sin(80, "127.0.0.1"), 0, "0x7ffd0473fe90"),
    (sin(80, "127.0.0.1") + b"\0" * 4, 20,
     '{sa_family=AF_INET, sin_port=htons(80), sin_addr=inet_addr("127.0.0.1")}'),
    (sin(80, "127.0.0.1"), -1, "0x7ffd0473fe90"),
    (sin6(443, "fe80::1", 5, 1), 28,
     '{sa_family=AF_INET6, sin6_port=htons(443), sin6_flowinfo=htonl(5), '
     'inet_pton(AF_INET6, "fe80::1", &sin6_addr), sin6_scope_id=if_nametoindex("lo")}'),
    (sin6(443, "fe80::1", 5, 1), 24,
     '{sa_family=AF_INET6, sin6_port=htons(443), sin6_flowinfo=htonl(5), '
     'inet_pton(AF_INET6, "fe80::1", &sin6_addr)}'),
    (sin6(443, "fe80::1", 5, 1), 20,
     r'{sa_family=AF_INET6, sa_data="\1\273\0\0\0\5\376\200\0\0\0\0\0\0\0\0\0\0"}'),
    (sin6(443, "::ffff:1.2.3.4", 5, 0), 28,
     '{sa_family=AF_INET6, sin6_port=htons(443), sin6_flowinfo=htonl(5), '
     'inet_pton(AF_INET6, "::ffff:1.2.3.4", &sin6_addr), sin6_scope_id=0}'),
    (sun(b"/run/x".ljust(108, b"\0")), 110, '{sa_family=AF_UNIX, sun_path="/run/x"}'),
    (sun(b"/run/x".ljust(108, b"\0")), 5, '{sa_family=AF_UNIX, sun_path="/ru"}'),
    (sun(b"/run/x".ljust(108, b"\0")), 3, '{sa_family=AF_UNIX, sun_path="/"}'),
    (sun(b"/run/x".ljust(108, b"\0")), 2, "{sa_family=AF_UNIX}"),
    (sun(b"\0abs\0x".ljust(108, b"\0")), 8, r'{sa_family=AF_UNIX, sun_path=@"abs\0x"}'),
    (sun(b"a" * 108 + b"bb"), 112, '{sa_family=AF_UNIX, sun_path="%s"}' % ("a" * 108)),
    (struct.pack("<HHII", 16, 0, 1234, 0x10), 12,
     "{sa_family=AF_NETLINK, nl_pid=1234, nl_groups=0x000010}"),
    (struct.pack("<HHII", 16, 0, 1234, 0x10), 8, r'{sa_family=AF_NETLINK, sa_data="\0\0\322\4\0\0"}'),
    (struct.pack("<HHII", 16, 0, 0, 0), 12, "{sa_family=AF_NETLINK, nl_pid=0, nl_groups=00000000}"),
    (struct.pack("<H", 17) + struct.pack(">H", 3) + struct.pack("<iHBB", 1, 772, 0, 6) + b"\0" * 8,
     20, '{sa_family=AF_PACKET, sll_protocol=htons(ETH_P_ALL), sll_ifindex=if_nametoindex("lo"), '
         'sll_hatype=ARPHRD_LOOPBACK, sll_pkttype=PACKET_HOST, sll_halen=6, '
         'sll_addr=[00, 00, 00, 00, 00, 00]}'),
    (struct.pack("<H", 0) + b"abc".ljust(14, b"\0"), 16,
     r'{sa_family=AF_UNSPEC, sa_data="abc\0\0\0\0\0\0\0\0\0\0\0"}'),
    (struct.pack("<H", 200) + b"abc".ljust(14, b"\0"), 16,
     r'{sa_family=0xc8 /* AF_??? */, sa_data="abc\0\0\0\0\0\0\0\0\0\0\0"}'),
])
def test_bind_sockaddr(data, length, expect):
    r = rec("bind", (-1, STACK, length), -9,
            {1: buf(data[:max(0, min(length, 128))], length)})
    assert line(r) == f"bind(-1, {expect}, {length}) = {EBADF}"


def test_bind_null_and_fault():
    # sa.c: bind(-1, NULL, 16), bind(-1, 0x1, 16)
    assert line(rec("bind", (-1, 0, 16), -9, {1: Capture(CAP_BUF, ST_NULL, b"", 16)})) == \
        f"bind(-1, NULL, 16) = {EBADF}"
    assert line(rec("bind", (-1, 1, 16), -9, {1: Capture(CAP_BUF, ST_FAULT, b"", 16)})) == \
        f"bind(-1, 0x1, 16) = {EBADF}"


def test_value_result_lengths():
    # net1.py: python's accept4 and getsockname
    lo = sin(46087, "127.0.0.1")
    r = rec("getsockname", (5, STACK, STACK + 0x100), 0,
            {1: buf(lo, 16), 2: buf(struct.pack("<I", 16)),
             2 + ENTRY_CAP: buf(struct.pack("<I", 128))})
    assert line(r) == ('getsockname(5, {sa_family=AF_INET, sin_port=htons(46087), '
                       'sin_addr=inet_addr("127.0.0.1")}, [128 => 16]) = 0')
    r = rec("accept4", (3, STACK, STACK + 0x100, 0x80000), 5,
            {1: buf(lo, 16), 2: buf(struct.pack("<I", 16)),
             2 + ENTRY_CAP: buf(struct.pack("<I", 16))})
    assert line(r) == ('accept4(3, {sa_family=AF_INET, sin_port=htons(46087), '
                       'sin_addr=inet_addr("127.0.0.1")}, [16], SOCK_CLOEXEC) = 5')
    # socketpair's getsockname: {sa_family=AF_UNIX}, [128 => 2]
    r = rec("getsockname", (6, STACK, STACK + 0x100), 0,
            {1: buf(b"\1\0", 2), 2: buf(struct.pack("<I", 2)),
             2 + ENTRY_CAP: buf(struct.pack("<I", 128))})
    assert line(r) == "getsockname(6, {sa_family=AF_UNIX}, [128 => 2]) = 0"
    # failed: the address and the length given
    r = rec("getpeername", (3, STACK, STACK + 0x100), -107,
            {2: buf(struct.pack("<I", 16)), 2 + ENTRY_CAP: buf(struct.pack("<I", 16))})
    assert line(r) == ("getpeername(3, 0x7ffd0473fe90, [16]) = "
                       "-1 ENOTCONN (Transport endpoint is not connected)")
    # sa.c
    assert line(rec("accept", (-1, 0, 0), -9)) == f"accept(-1, NULL, NULL) = {EBADF}"
    r = rec("accept4", (-1, STACK, STACK + 8, 0x80800), -9,
            {2: buf(struct.pack("<I", 16)), 2 + ENTRY_CAP: buf(struct.pack("<I", 16))})
    assert line(r) == f"accept4(-1, 0x7ffd0473fe90, [16], SOCK_CLOEXEC|SOCK_NONBLOCK) = {EBADF}"
    assert line(rec("getsockname", (-1, STACK, 0), -9)) == \
        f"getsockname(-1, 0x7ffd0473fe90, NULL) = {EBADF}"


def test_sendto_recvfrom():
    # net1.py
    r = rec("sendto", (4, STACK, 2, 0, 0, 0), 2, {1: buf(b"hi")})
    assert line(r) == 'sendto(4, "hi", 2, 0, NULL, 0) = 2'
    r = rec("recvfrom", (5, STACK, 10, 0, 0, 0), 2, {1: buf(b"hi")})
    assert line(r) == 'recvfrom(5, "hi", 10, 0, NULL, NULL) = 2'
    a6 = sin6(45191, "::1")
    r = rec("recvfrom", (8, STACK, 100, 0, STACK + 64, STACK + 32), 5,
            {1: buf(b"dgram"), 4: buf(a6, 28), 5: buf(struct.pack("<I", 28)),
             5 + ENTRY_CAP: buf(struct.pack("<I", 28))})
    assert line(r) == ('recvfrom(8, "dgram", 100, 0, {sa_family=AF_INET6, sin6_port=htons(45191), '
                       'sin6_flowinfo=htonl(0), inet_pton(AF_INET6, "::1", &sin6_addr), '
                       'sin6_scope_id=0}, [28]) = 5')


def test_listen_shutdown():
    # so.c
    assert line(rec("listen", (7, 5), 0)) == "listen(7, 5) = 0"
    assert line(rec("shutdown", (7, 2), 0)) == "shutdown(7, SHUT_RDWR) = 0"
    assert line(rec("shutdown", (7, 7), -22)) == \
        "shutdown(7, 0x7 /* SHUT_??? */) = -1 EINVAL (Invalid argument)"


# --------------------------------------------------------------- socket options (so.c, so2.c)
I1 = struct.pack("<i", 1)


@pytest.mark.parametrize("level,name,data,optlen,ret,expect", [
    (1, 2, I1, 4, 0, "SOL_SOCKET, SO_REUSEADDR, [1], 4"),
    (1, 13, struct.pack("<ii", 1, 5), 8, 0, "SOL_SOCKET, SO_LINGER, {l_onoff=1, l_linger=5}, 8"),
    (1, 13, I1, 4, -22, "SOL_SOCKET, SO_LINGER, 0x7ffd0473fe90, 4"),
    (1, 20, struct.pack("<qq", 3, 4), 16, 0,
     r'SOL_SOCKET, SO_RCVTIMEO_OLD, "\3\0\0\0\0\0\0\0\4\0\0\0\0\0\0\0", 16'),
    (1, 20, I1, 4, -22, "SOL_SOCKET, SO_RCVTIMEO_OLD, [1], 4"),
    (1, 25, b"lo\0", 3, 0, r'SOL_SOCKET, SO_BINDTODEVICE, "lo\0", 3'),
    (1, 9, I1[:2], 2, -22, "SOL_SOCKET, SO_KEEPALIVE, 0x7ffd0473fe90, 2"),
    (1, 9, I1 + b"\0" * 28, 32, 0, "SOL_SOCKET, SO_KEEPALIVE, [1], 32"),
    (0, 1, I1, 4, 0, "SOL_IP, IP_TOS, [1], 4"),
    (0, 2, I1 + b"\0", 5, 0, r'SOL_IP, IP_TTL, "\1\0\0\0\0", 5'),
    (41, 26, I1, 4, -92, "SOL_IPV6, IPV6_V6ONLY, [1], 4"),
    (6, 4, I1, 4, 0, "SOL_TCP, TCP_KEEPIDLE, [1], 4"),
    (6, 13, b"cubic", 5, 0, 'SOL_TCP, TCP_CONGESTION, "cubic", 5'),
    (6, 1, I1 + b"\0" * 12, 16, 0, r'SOL_TCP, TCP_NODELAY, "\1\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0", 16'),
    (999, 1, I1, 4, -92, "0x3e7 /* SOL_?? */, 1, [1], 4"),
    (999, 1, I1 + b"\0" * 4, 8, -92, r'0x3e7 /* SOL_?? */, 1, "\1\0\0\0\0\0\0\0", 8'),
    (999, 1, b"", 0, -92, '0x3e7 /* SOL_?? */, 1, "", 0'),
    (1, 999, I1, 4, -92, "SOL_SOCKET, 0x3e7 /* SO_??? */, [1], 4"),
    (1, 0, I1 + b"\0" * 4, 8, -9, r'SOL_SOCKET, 0 /* SO_??? */, "\1\0\0\0\0\0\0\0", 8'),
    (0, 42, I1 + b"\0" * 4, 8, -9, "SOL_IP, MCAST_JOIN_GROUP, 0x7ffd0473fe90, 8"),
])
def test_setsockopt(level, name, data, optlen, ret, expect):
    r = rec("setsockopt", (7, level, name, STACK, optlen), ret, {3: buf(data, optlen)})
    assert line(r) == f"setsockopt(7, {expect}) = {sf.format_ret(r, SYSCALLS[r.nr], CTX)}"


def test_setsockopt_null():
    r = rec("setsockopt", (7, 1, 2, 0, 0), -22, {3: Capture(CAP_BUF, ST_NULL, b"", 0)})
    assert line(r) == "setsockopt(7, SOL_SOCKET, SO_REUSEADDR, NULL, 0) = -1 EINVAL (Invalid argument)"


@pytest.mark.parametrize("level,name,data,before,after,ret,expect", [
    (1, 3, I1, 4, 4, 0, "SOL_SOCKET, SO_TYPE, [1], [4]"),
    (1, 8, struct.pack("<i", 131072), 100, 4, 0, "SOL_SOCKET, SO_RCVBUF, [131072], [100 => 4]"),
    (1, 13, struct.pack("<ii", 1, 5), 8, 8, 0, "SOL_SOCKET, SO_LINGER, {l_onoff=1, l_linger=5}, [8]"),
    (1, 13, b"\1\0\0", 3, 3, 0, r'SOL_SOCKET, SO_LINGER, {l_onoff="\x01\x00\x00"}, [3]'),
    (1, 9, b"\1\0", 2, 2, 0, r'SOL_SOCKET, SO_KEEPALIVE, "\x01\x00", [2]'),
    (1, 9, I1, 8, 4, 0, "SOL_SOCKET, SO_KEEPALIVE, [1], [8 => 4]"),
    (1, 17, struct.pack("<iII", 0, 0xFFFFFFFF, 0xFFFFFFFF), 32, 12, 0,
     "SOL_SOCKET, SO_PEERCRED, {pid=0, uid=-1, gid=-1}, [32 => 12]"),
    (1, 21, b"\0" * 16, 16, 16, 0, r'SOL_SOCKET, SO_SNDTIMEO_OLD, "' + r"\0" * 16 + '", [16]'),
    (6, 13, b"cubic".ljust(16, b"\0"), 32, 16, 0,
     r'SOL_TCP, TCP_CONGESTION, "cubic\0\0\0\0\0\0\0\0\0\0\0", [32 => 16]'),
    (6, 2, struct.pack("<i", 536), 4, 4, 0, "SOL_TCP, TCP_MAXSEG, [536], [4]"),
    (0, 2, struct.pack("<i", 64), 4, 4, 0, "SOL_IP, IP_TTL, [64], [4]"),
])
def test_getsockopt(level, name, data, before, after, ret, expect):
    r = rec("getsockopt", (7, level, name, STACK, STACK + 8), ret,
            {3: buf(data, after), 4: buf(struct.pack("<I", after)),
             4 + ENTRY_CAP: buf(struct.pack("<I", before))})
    assert line(r) == f"getsockopt(7, {expect}) = 0"


def test_getsockopt_failed():
    # so.c: getsockopt(-1, SOL_TCP, TCP_MAXSEG, 0x..., [4]) = -1 EBADF
    r = rec("getsockopt", (-1, 6, 2, STACK, STACK + 8), -9,
            {4: buf(struct.pack("<I", 4)), 4 + ENTRY_CAP: buf(struct.pack("<I", 4))})
    assert line(r) == f"getsockopt(-1, SOL_TCP, TCP_MAXSEG, 0x7ffd0473fe90, [4]) = {EBADF}"


# --------------------------------------------------------------- msghdr (net1.py, net2.py)
def msghdr(name=0, namelen=0, iov=0, iovlen=0, control=0, controllen=0, flags=0,
           namedata=b"", ctrldata=b"", iovs=()):
    d = struct.pack("<QI4xQQQQi4x", name, namelen, iov, iovlen, control, controllen, flags)
    d += struct.pack("<HHI", len(namedata), len(ctrldata), 0) + namedata + ctrldata
    for ln, data in iovs:
        d += struct.pack("<Q", ln | (len(data) << 48)) + data
    return d


def test_sendmsg_two_iovecs():
    d = msghdr(iov=STACK, iovlen=2, iovs=[(3, b"abc"), (4, b"defg")])
    r = rec("sendmsg", (6, STACK, 0), 7, {1: Capture(CAP_MSGHDR, ST_OK, d, 2)})
    assert line(r) == ('sendmsg(6, {msg_name=NULL, msg_namelen=0, msg_iov=[{iov_base="abc", '
                       'iov_len=3}, {iov_base="defg", iov_len=4}], msg_iovlen=2, msg_controllen=0, '
                       'msg_flags=0}, 0) = 7')


def test_sendmsg_name_and_rights():
    lo = sin(5555, "127.0.0.1")
    d = msghdr(name=STACK, namelen=16, iov=STACK, iovlen=1, namedata=lo, iovs=[(7, b"to-self")])
    r = rec("sendmsg", (9, STACK, 0), 7, {1: Capture(CAP_MSGHDR, ST_OK, d, 1)})
    assert line(r) == ('sendmsg(9, {msg_name={sa_family=AF_INET, sin_port=htons(5555), '
                       'sin_addr=inet_addr("127.0.0.1")}, msg_namelen=16, msg_iov=[{iov_base='
                       '"to-self", iov_len=7}], msg_iovlen=1, msg_controllen=0, msg_flags=0}, 0) = 7')
    cm = struct.pack("<Qiiii", 24, 1, 1, 5, 6)
    d = msghdr(iov=STACK, iovlen=1, control=STACK, controllen=24, ctrldata=cm,
               iovs=[(6, b"fdpass")])
    r = rec("sendmsg", (3, STACK, 0), 6, {1: Capture(CAP_MSGHDR, ST_OK, d, 1)})
    assert line(r) == ('sendmsg(3, {msg_name=NULL, msg_namelen=0, msg_iov=[{iov_base="fdpass", '
                       'iov_len=6}], msg_iovlen=1, msg_control=[{cmsg_len=24, cmsg_level=SOL_SOCKET, '
                       'cmsg_type=SCM_RIGHTS, cmsg_data=[5, 6]}], msg_controllen=24, msg_flags=0}, '
                       '0) = 6')


def test_recvmsg_namelen_in_out_and_trunc():
    entry = msghdr(name=STACK, namelen=110, iov=STACK, iovlen=1)
    d = msghdr(name=STACK, namelen=0, iov=STACK, iovlen=1, flags=0x20, iovs=[(5, b"01234")])
    r = rec("recvmsg", (4, STACK, 0), 5, {1: Capture(CAP_MSGHDR, ST_OK, d, 1),
                                         1 + ENTRY_CAP: Capture(CAP_MSGHDR, ST_OK, entry, 0)})
    assert line(r) == ('recvmsg(4, {msg_name=0x7ffd0473fe90, msg_namelen=110 => 0, msg_iov=[{'
                       'iov_base="01234", iov_len=5}], msg_iovlen=1, msg_controllen=0, '
                       'msg_flags=MSG_TRUNC}, 0) = 5')
    r = rec("recvmsg", (4, STACK, 0), -11, {1: Capture(CAP_MSGHDR, ST_OK, d, 1)})
    assert line(r).startswith("recvmsg(4, 0x7ffd0473fe90, 0) = -1 EAGAIN")


# --------------------------------------------------------------- poll, select (net1.py, net2.py)
def pollfds(*items):
    return b"".join(struct.pack("<ihh", *it) for it in items)


def test_poll():
    r = rec("poll", (STACK, 1, 1000), 1, {0: buf(pollfds((5, 1, 1)))})
    assert line(r) == "poll([{fd=5, events=POLLIN}], 1, 1000) = 1 ([{fd=5, revents=POLLIN}])"
    r = rec("poll", (STACK, 2, 0), 1, {0: buf(pollfds((5, 3, 0), (6, 4, 4)))})
    assert line(r) == ("poll([{fd=5, events=POLLIN|POLLPRI}, {fd=6, events=POLLOUT}], 2, 0) = 1 "
                       "([{fd=6, revents=POLLOUT}])")
    r = rec("poll", (STACK, 1, 0), 0, {0: buf(pollfds((5, 1, 0)))})
    assert line(r) == "poll([{fd=5, events=POLLIN}], 1, 0) = 0 (Timeout)"


def fdset(*fds):
    v = 0
    for f in fds:
        v |= 1 << f
    return v.to_bytes(8, "little")


def test_pselect6():
    ts_in, ts_out = struct.pack("<qq", 1, 0), struct.pack("<qq", 0, 999997809)
    r = rec("pselect6", (6, STACK, 0, 0, STACK + 64, 0), 1,
            {1: buf(fdset(5)), 1 + ENTRY_CAP: buf(fdset(5)), 4: buf(ts_out),
             4 + ENTRY_CAP: buf(ts_in)})
    assert line(r) == ("pselect6(6, [5], NULL, NULL, {tv_sec=1, tv_nsec=0}, NULL) = 1 "
                       "(in [5], left {tv_sec=0, tv_nsec=999997809})")
    r = rec("pselect6", (10, STACK, STACK + 8, STACK + 16, STACK + 64, 0), 1,
            {1: buf(fdset()), 1 + ENTRY_CAP: buf(fdset(9)), 2: buf(fdset(9)),
             2 + ENTRY_CAP: buf(fdset(9)), 3: buf(fdset()), 3 + ENTRY_CAP: buf(fdset(9)),
             4: buf(struct.pack("<qq", 0, 0)), 4 + ENTRY_CAP: buf(struct.pack("<qq", 0, 0))})
    assert line(r) == ("pselect6(10, [9], [9], [9], {tv_sec=0, tv_nsec=0}, NULL) = 1 "
                       "(out [9], left {tv_sec=0, tv_nsec=0})")
    r = rec("pselect6", (6, STACK, 0, 0, STACK + 64, 0), 0,
            {1: buf(fdset()), 1 + ENTRY_CAP: buf(fdset(5)),
             4: buf(struct.pack("<qq", 0, 0)), 4 + ENTRY_CAP: buf(struct.pack("<qq", 0, 1000000))})
    assert line(r) == "pselect6(6, [5], NULL, NULL, {tv_sec=0, tv_nsec=1000000}, NULL) = 0 (Timeout)"


# --------------------------------------------------------------- epoll (net1.py, net2.py)
def test_epoll():
    ev = struct.pack("<IQ", 0x80000004, 6)
    r = rec("epoll_ctl", (13, 1, 6, STACK), 0, {3: buf(ev)})
    assert line(r) == "epoll_ctl(13, EPOLL_CTL_ADD, 6, {events=EPOLLOUT|EPOLLET, data={u32=6, u64=6}}) = 0"
    r = rec("epoll_ctl", (13, 2, 6, STACK), 0, {3: buf(ev)})
    assert line(r) == "epoll_ctl(13, EPOLL_CTL_DEL, 6, 0x7ffd0473fe90) = 0"
    r = rec("epoll_wait", (13, STACK, 4, 1000), 1, {1: buf(struct.pack("<IQ", 4, 6))})
    assert line(r) == "epoll_wait(13, [{events=EPOLLOUT, data={u32=6, u64=6}}], 4, 1000) = 1"
    r = rec("epoll_wait", (13, STACK, 4, 0), 0, {})
    assert line(r) == "epoll_wait(13, [], 4, 0) = 0"
    assert line(rec("epoll_create1", (0x80000,), 3)) == "epoll_create1(EPOLL_CLOEXEC) = 3"


# --------------------------------------------------------------- vectored I/O, sendfile (net2.py)
def iovs(*items):
    return b"".join(struct.pack("<Q", ln | (len(d) << 48)) + d for ln, d in items)


def test_readv_writev():
    r = rec("writev", (13, STACK, 2), 5,
            {1: Capture(CAP_IOV, ST_OK, iovs((2, b"aa"), (3, b"bbb")), 2)})
    assert line(r) == 'writev(13, [{iov_base="aa", iov_len=2}, {iov_base="bbb", iov_len=3}], 2) = 5'
    r = rec("writev", (6, STACK, 3), 46,
            {1: Capture(CAP_IOV, ST_OK, iovs((40, b"a" * 33), (5, b"b" * 5), (1, b"c")), 3)})
    assert line(r) == ('writev(6, [{iov_base="' + "a" * 32 + '"..., iov_len=40}, '
                       '{iov_base="bbbbb", iov_len=5}, {iov_base="c", iov_len=1}], 3) = 46')
    # readv of 70 bytes into 40 iovecs of 3: 32 elements then "..."
    items = [(3, b"zzz")] * 23 + [(3, b"z")] + [(3, b"")] * 16
    r = rec("readv", (5, STACK, 40), 70, {1: Capture(CAP_IOV, ST_OK, iovs(*items), 40)})
    expect = ('readv(5, [' + '{iov_base="zzz", iov_len=3}, ' * 23 + '{iov_base="z", iov_len=3}, ' +
              '{iov_base="", iov_len=3}, ' * 8 + '...], 40) = 70')
    assert line(r) == expect
    r = rec("preadv2", (11, STACK, 2, 0, 0, 0), 3,
            {1: Capture(CAP_IOV, ST_OK, iovs((4, b"vm\n"), (100, b"")), 2)})
    assert line(r) == ('preadv2(11, [{iov_base="vm\\n", iov_len=4}, {iov_base="", iov_len=100}], '
                       '2, 0, 0) = 3')


# --------------------------------------------------------------- never raise
NET_KINDS = sorted({k.partition(":")[0] for kinds in dec_net.SPECS.values() for k in kinds})
NET_SYSCALLS = sorted(n for n in dec_net.SPECS if n in NR)
caps_st = st.dictionaries(
    st.integers(0, MMSG_ARG0 + 3),
    st.builds(Capture, st.sampled_from([CAP_BUF, CAP_IOV, CAP_MSGHDR, CAP_MMSGHDR]),
              st.sampled_from([ST_OK, ST_FAULT, ST_TRUNC, ST_NULL]),
              st.binary(max_size=300), st.integers(0, 1 << 32)),
    max_size=8)


@settings(max_examples=400, deadline=None)
@given(st.sampled_from(NET_SYSCALLS), st.lists(st.integers(0, U64), min_size=6, max_size=6),
       st.integers(-4200, 1 << 20), caps_st, st.integers(0, 64), st.sampled_from([0, 1, 2]))
def test_net_formatters_never_raise(name, args, ret, caps, strsize, xstyle):
    r = Record(EV_SYSCALL, 0, 1, 1, NR[name], 0, 0, tuple(args), ret, 0, b"t", caps)
    sc = SYSCALLS[NR[name]]
    ctx = sf.Ctx(strsize=strsize, xstyle=xstyle)
    for i, k in enumerate(sc.kinds):
        kname, _, param = k.partition(":")
        assert isinstance(sf.FORMATTERS[kname](r, i, ctx, param), str)
    ret_f = sf.RET_FORMATTERS.get(sc.ret)
    if ret_f is not None and not -4096 < ret < 0:
        assert isinstance(ret_f(r, ctx), str)


def test_every_net_kind_has_a_formatter():
    missing = [k for k in NET_KINDS if k not in sf.FORMATTERS]
    assert not missing


# --------------------------------------------------------------- end to end
E2E_PROGRAMS = {
    "sa.c": r'''
#include <sys/socket.h>
#include <sys/un.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <linux/netlink.h>
#include <linux/if_packet.h>
#include <net/ethernet.h>
#include <string.h>
#include <unistd.h>
#include <sys/syscall.h>
int main(void){
  struct sockaddr_in in = {AF_INET, htons(80)}; inet_pton(AF_INET,"127.0.0.1",&in.sin_addr);
  syscall(SYS_bind,-1,&in,16); syscall(SYS_bind,-1,&in,8); syscall(SYS_bind,-1,&in,2);
  syscall(SYS_bind,-1,&in,1); syscall(SYS_bind,-1,&in,0); syscall(SYS_bind,-1,NULL,16);
  syscall(SYS_bind,-1,(void*)1,16); syscall(SYS_bind,-1,&in,-1);
  struct sockaddr_in6 in6 = {AF_INET6, htons(443)}; inet_pton(AF_INET6,"fe80::1",&in6.sin6_addr);
  in6.sin6_scope_id=1; in6.sin6_flowinfo=htonl(5);
  syscall(SYS_bind,-1,&in6,28); syscall(SYS_bind,-1,&in6,24); syscall(SYS_bind,-1,&in6,20);
  struct sockaddr_un un = {AF_UNIX}; strcpy(un.sun_path, "/run/x");
  syscall(SYS_bind,-1,&un,sizeof(un)); syscall(SYS_bind,-1,&un,5); syscall(SYS_bind,-1,&un,2);
  memset(un.sun_path,0,sizeof(un.sun_path)); memcpy(un.sun_path,"\0abs\0x",6);
  syscall(SYS_bind,-1,&un,8);
  struct sockaddr_nl nl = {AF_NETLINK}; nl.nl_pid=1234; nl.nl_groups=0x10;
  syscall(SYS_bind,-1,&nl,12); syscall(SYS_bind,-1,&nl,8);
  struct sockaddr_ll ll = {AF_PACKET}; ll.sll_protocol=htons(ETH_P_ALL); ll.sll_ifindex=1;
  ll.sll_hatype=772; ll.sll_halen=6; syscall(SYS_bind,-1,&ll,sizeof(ll));
  struct sockaddr sa = {AF_UNSPEC}; memcpy(sa.sa_data,"abc",3); syscall(SYS_bind,-1,&sa,16);
  sa.sa_family=200; syscall(SYS_bind,-1,&sa,16);
  socklen_t l=16; syscall(SYS_getsockname,-1,&in,&l); syscall(SYS_accept,-1,NULL,NULL);
  syscall(SYS_accept4,-1,&in,&l,0x80800);
  return 0;
}''',
    "so.c": r'''
#include <sys/socket.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/un.h>
#include <string.h>
#include <unistd.h>
#include <sys/syscall.h>
int main(void){
  syscall(SYS_socket, AF_INET, SOCK_RAW, IPPROTO_ICMP);
  syscall(SYS_socket, AF_NETLINK, SOCK_RAW, 100);
  syscall(SYS_socket, 200, 15, 3);
  int one=1; struct linger lg={1,5}; long big[4]={1,2,3,4};
  int s = socket(AF_INET, SOCK_STREAM, 0);
  setsockopt(s, SOL_SOCKET, SO_LINGER, &lg, sizeof lg);
  setsockopt(s, SOL_SOCKET, SO_KEEPALIVE, &one, 2);
  setsockopt(s, SOL_IP, IP_TOS, &one, 4);
  setsockopt(s, SOL_TCP, TCP_CONGESTION, "cubic", 5);
  setsockopt(s, 999, 1, big, 8);
  int v=0; socklen_t l=100; getsockopt(s, SOL_SOCKET, SO_RCVBUF, &v, &l);
  char cc[32]; l=32; getsockopt(s, SOL_TCP, TCP_CONGESTION, cc, &l);
  l=2; getsockopt(s, SOL_SOCKET, SO_KEEPALIVE, big, &l);
  int sv[2]; socketpair(AF_UNIX, SOCK_DGRAM, 0, sv);
  l=128; struct sockaddr_un un; getsockname(sv[0], (struct sockaddr *)&un, &l);
  struct msghdr mh = {0}; struct iovec iov[2] = {{"abc", 3}, {"defg", 4}};
  mh.msg_iov = iov; mh.msg_iovlen = 2; sendmsg(sv[0], &mh, 0);
  char rb[5]; struct iovec riov = {rb, sizeof rb}; struct sockaddr_un from;
  mh.msg_name = &from; mh.msg_namelen = sizeof from; mh.msg_iov = &riov; mh.msg_iovlen = 1;
  recvmsg(sv[1], &mh, 0);
  listen(s, 5); shutdown(s, SHUT_RDWR); syscall(SYS_shutdown, s, 7);
  return 0;
}''',
    "io.c": r'''
#include <poll.h>
#include <sys/epoll.h>
#include <sys/select.h>
#include <sys/uio.h>
#include <sys/sendfile.h>
#include <fcntl.h>
#include <unistd.h>
int main(void){
  int p[2]; pipe(p);
  struct pollfd pf[2] = {{p[0], POLLIN|POLLPRI}, {p[1], POLLOUT}};
  poll(pf, 2, 0);
  fd_set r; FD_ZERO(&r); FD_SET(p[0], &r); struct timeval tv = {0, 1000};
  select(p[0] + 1, &r, NULL, NULL, &tv);
  struct iovec w[3] = {{"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", 40}, {"bbbbb", 5}, {"c", 1}};
  writev(p[1], w, 3);
  char b[3 * 40]; struct iovec rv[40];
  for (int i = 0; i < 40; i++) { rv[i].iov_base = b + 3 * i; rv[i].iov_len = 3; }
  readv(p[0], rv, 40);
  int e = epoll_create1(EPOLL_CLOEXEC);
  struct epoll_event ev = {EPOLLOUT|EPOLLET, {.u64 = 6}}, out[4];
  epoll_ctl(e, EPOLL_CTL_ADD, p[1], &ev); epoll_wait(e, out, 4, 0);
  epoll_ctl(e, EPOLL_CTL_DEL, p[1], &ev);
  int f = open("/etc/hostname", O_RDONLY); off_t off = 0;
  sendfile(p[1], f, &off, 2); sendfile(p[1], f, NULL, 2);
  return 0;
}''',
    "mx.c": r'''#define _GNU_SOURCE
#include <poll.h>
#include <signal.h>
#include <sys/epoll.h>
#include <sys/select.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/syscall.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
int main(void){
  int p[2]; pipe(p);
  struct pollfd pf[2] = {{p[0], POLLIN}, {p[1], POLLOUT}};
  struct timespec ts = {1, 5}; sigset_t m; sigemptyset(&m); sigaddset(&m, SIGUSR1);
  ppoll(pf, 2, &ts, &m);
  ts.tv_sec = 0; ts.tv_nsec = 1000; ppoll(pf, 1, &ts, NULL);
  ppoll(pf, 2, NULL, NULL);
  fd_set r, w; FD_ZERO(&r); FD_ZERO(&w); FD_SET(p[0], &r); FD_SET(p[1], &w);
  struct timeval tv = {2, 0};
  syscall(SYS_select, p[1] + 1, &r, &w, NULL, &tv);
  FD_ZERO(&r); FD_SET(p[0], &r); tv.tv_sec = 0; tv.tv_usec = 100;
  syscall(SYS_select, p[1] + 1, &r, NULL, NULL, &tv);
  FD_ZERO(&r); FD_SET(p[1], &r); syscall(SYS_select, p[1] + 1, NULL, &r, NULL, NULL);
  ts.tv_sec=0; ts.tv_nsec=100; FD_ZERO(&r); FD_SET(p[0], &r); pselect(p[1]+1, &r, NULL, NULL, &ts, &m);
  int e = epoll_create1(0); struct epoll_event ev = {EPOLLOUT, {.u64 = 7}}, out[2];
  epoll_ctl(e, EPOLL_CTL_ADD, p[1], &ev);
  epoll_pwait(e, out, 2, 0, &m); epoll_pwait(e, out, 2, 0, NULL);
  epoll_ctl(e, EPOLL_CTL_ADD, 1000, &ev); epoll_wait(-1, out, 2, 0);
  int sv[2]; socketpair(AF_UNIX, SOCK_DGRAM, 0, sv);
  struct mmsghdr mm[2]; memset(mm, 0, sizeof mm);
  struct iovec i1 = {"one", 3}, i2 = {"two!", 4};
  mm[0].msg_hdr.msg_iov = &i1; mm[0].msg_hdr.msg_iovlen = 1;
  mm[1].msg_hdr.msg_iov = &i2; mm[1].msg_hdr.msg_iovlen = 1;
  sendmmsg(sv[0], mm, 2, 0);
  char b1[10], b2[10]; struct iovec r1 = {b1, 10}, r2 = {b2, 10};
  struct mmsghdr rm[2]; memset(rm, 0, sizeof rm);
  rm[0].msg_hdr.msg_iov = &r1; rm[0].msg_hdr.msg_iovlen = 1;
  rm[1].msg_hdr.msg_iov = &r2; rm[1].msg_hdr.msg_iovlen = 1;
  recvmmsg(sv[1], rm, 2, MSG_DONTWAIT, NULL);
  struct timespec rt = {0, 1000};
  recvmmsg(sv[1], rm, 2, MSG_DONTWAIT, &rt);
  struct sockaddr_un un = {AF_UNIX, "/tmp/dec_net_e2e.sock"}; unlink(un.sun_path);
  int ls = socket(AF_UNIX, SOCK_STREAM, 0); bind(ls, (void*)&un, sizeof un); listen(ls, 1);
  int c = socket(AF_UNIX, SOCK_STREAM, 0); bind(c, (void*)&(struct sockaddr_un){AF_UNIX, "/tmp/dec_net_e2e.sock2"}, sizeof un);
  unlink("/tmp/dec_net_e2e.sock2");
  connect(c, (void*)&un, sizeof un);
  struct sockaddr_un pa; socklen_t pl = 5; accept(ls, (void*)&pa, &pl);
  pl = sizeof pa; getpeername(c, (void*)&pa, &pl);
  unlink("/tmp/dec_net_e2e.sock2"); unlink(un.sun_path);
  return 0;
}
''',
    "ep2.c": r'''#define _GNU_SOURCE
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <signal.h>
#include <time.h>
#include <unistd.h>
#include <sys/syscall.h>
int main(void){
  int p[2]; pipe(p); pipe2(p, 04000);
  int ef = eventfd(3, EFD_CLOEXEC|EFD_NONBLOCK); syscall(SYS_eventfd, 5);
  int e = epoll_create(1); struct epoll_event ev = {EPOLLIN|EPOLLOUT, {.fd = ef}}, out[2];
  epoll_ctl(e, EPOLL_CTL_ADD, ef, &ev);
  struct timespec ts = {0, 0}; sigset_t m; sigemptyset(&m);
  syscall(441, e, out, 2, &ts, &m, 8);
  syscall(441, e, out, 2, NULL, NULL, 8);
  return 0;
}
''',
    "er.c": r'''#define _GNU_SOURCE
#include <sys/socket.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/select.h>
#include <sys/epoll.h>
#include <string.h>
#include <unistd.h>
#include <sys/syscall.h>
int main(void){
  int sv[2]; socketpair(AF_UNIX, SOCK_DGRAM, 0, sv);
  char b[10]; struct sockaddr_in a; socklen_t l = sizeof a;
  recvfrom(sv[0], b, 10, MSG_DONTWAIT, (void*)&a, &l);
  struct msghdr mh = {0}; struct iovec iov = {b, 10}; mh.msg_iov = &iov; mh.msg_iovlen = 1;
  mh.msg_name = &a; mh.msg_namelen = sizeof a;
  recvmsg(sv[0], &mh, MSG_DONTWAIT);
  sendmsg(sv[0], (void*)8, 0);
  mh.msg_iov = (void*)16; sendmsg(sv[0], &mh, 0);
  int s = socket(AF_INET, SOCK_STREAM|SOCK_NONBLOCK, 0); listen(s, 1);
  l = sizeof a; accept4(s, (void*)&a, &l, SOCK_NONBLOCK);
  struct pollfd pf[2] = {{100, POLLIN}, {-1, POLLIN}}; poll(pf, 2, 0);
  poll((void*)8, 1, 0);
  fd_set r; FD_ZERO(&r); FD_SET(100, &r); struct timeval tv = {0, 0};
  select(101, &r, NULL, NULL, &tv);
  struct epoll_event ev[2]; epoll_wait(s, ev, 2, 0);
  write(sv[1], "x", 1); char big[3]; 
  recv(sv[0], big, 0, 0);
  sendto(sv[1], (void*)1, 5, 0, NULL, 0);
  setsockopt(s, SOL_SOCKET, SO_REUSEADDR, (void*)1, 4);
  int v; l = 4; getsockopt(s, SOL_SOCKET, SO_TYPE, &v, (void*)1);
  bind(s, (void*)1, 16);
  return 0;
}
''',
    "mc.c": r'''#define _GNU_SOURCE
#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <string.h>
#include <unistd.h>
#include <sys/syscall.h>
int main(void){
  struct ip_mreqn m = {0}; inet_pton(AF_INET, "239.1.2.3", &m.imr_multiaddr); inet_pton(AF_INET, "127.0.0.1", &m.imr_address); m.imr_ifindex = 1;
  syscall(SYS_setsockopt, -1, SOL_IP, IP_ADD_MEMBERSHIP, &m, 8);
  syscall(SYS_setsockopt, -1, SOL_IP, IP_ADD_MEMBERSHIP, &m, 12);
  syscall(SYS_setsockopt, -1, SOL_IP, IP_DROP_MEMBERSHIP, &m, 16);
  syscall(SYS_setsockopt, -1, SOL_IP, IP_MULTICAST_IF, &m, 12);
  syscall(SYS_setsockopt, -1, SOL_IP, IP_MULTICAST_IF, &m, 4);
  struct ipv6_mreq m6 = {0}; inet_pton(AF_INET6, "ff02::1", &m6.ipv6mr_multiaddr); m6.ipv6mr_interface = 1;
  syscall(SYS_setsockopt, -1, SOL_IPV6, IPV6_ADD_MEMBERSHIP, &m6, 20);
  syscall(SYS_setsockopt, -1, SOL_IPV6, IPV6_DROP_MEMBERSHIP, &m6, 24);
  struct group_req g = {0}; g.gr_interface = 1; struct sockaddr_in *sin = (void*)&g.gr_group; sin->sin_family = AF_INET; inet_pton(AF_INET, "239.1.2.3", &sin->sin_addr);
  syscall(SYS_setsockopt, -1, SOL_IP, MCAST_JOIN_GROUP, &g, sizeof g);
  syscall(SYS_setsockopt, -1, SOL_IP, MCAST_JOIN_GROUP, &g, 100);
  return 0;
}
''',
}
NET_LINE = re.compile(r"^(socket|socketpair|bind|connect|listen|accept4?|getsockname|getpeername|"
                      r"sendto|recvfrom|sendm?msg|recvm?msg|setsockopt|getsockopt|shutdown|poll|"
                      r"ppoll|select|pselect6|epoll_\w+|pipe2?|readv|writev|preadv2?|"
                      r"pwritev2?|sendfile|eventfd2?)\(")


def _e2e_missing():
    if os.geteuid() != 0:
        return "not root"
    if shutil.which("strace") is None or shutil.which("gcc") is None:
        return "strace or gcc missing"
    if subprocess.run(["/usr/bin/python3", "-c", "import bcc"], capture_output=True).returncode:
        return "bcc not importable"
    return None


@pytest.mark.e2e
@pytest.mark.skipif(_e2e_missing() is not None, reason=f"e2e: {_e2e_missing()}")
@pytest.mark.parametrize("prog", sorted(E2E_PROGRAMS))
def test_e2e_matches_strace(prog, tmp_path):
    import parity
    src = tmp_path / prog
    src.write_text(E2E_PROGRAMS[prog])
    exe = tmp_path / prog[:-2]
    subprocess.run(["gcc", "-O0", "-o", str(exe), str(src)], check=True)
    out = {}
    for who, cmd in (("strace", ["strace"]), ("mine", [os.path.join(ROOT, "my_strace")])):
        path = tmp_path / who
        subprocess.run(cmd + ["-o", str(path), str(exe)], check=True, timeout=120,
                       capture_output=True, stdin=subprocess.DEVNULL)
        out[who] = [ln for ln in parity.normalise(path.read_text().splitlines())
                    if NET_LINE.match(ln)]
    assert out["strace"], "no network lines traced"
    assert out["mine"] == out["strace"]


# --------------------------------------------------------------- -X raw / -X verbose / -xx (sa.c)
@pytest.mark.parametrize("ctx,data,expect", [
    (sf.Ctx(xstyle=0), sin(80, "127.0.0.1"),
     r'{sa_family=0x2, sin_port="\x00\x50", sin_addr="\x7f\x00\x00\x01"}'),
    (sf.Ctx(xstyle=2), sin(80, "127.0.0.1"),
     r'{sa_family=0x2 /* AF_INET */, sin_port="\x00\x50" /* htons(80) */, '
     r'sin_addr="\x7f\x00\x00\x01" /* inet_addr("127.0.0.1") */}'),
    (sf.Ctx(xflag=2), sin(80, "127.0.0.1"),
     r'{sa_family=AF_INET, sin_port=htons(80), '
     r'sin_addr=inet_addr("\x31\x32\x37\x2e\x30\x2e\x30\x2e\x31")}'),
    (sf.Ctx(xstyle=2), sin6(443, "fe80::1", 5, 1),
     r'{sa_family=0xa /* AF_INET6 */, sin6_port="\x01\xbb" /* htons(443) */, '
     r'sin6_flowinfo="\x00\x00\x00\x05" /* htonl(5) */, sin6_addr="\xfe\x80\x00\x00\x00\x00'
     r'\x00\x00\x00\x00\x00\x00\x00\x00\x00\x01" /* inet_pton(AF_INET6, "fe80::1") */, '
     r'sin6_scope_id=1 /* if_nametoindex("lo") */}'),
    (sf.Ctx(xstyle=0), sin6(443, "::ffff:1.2.3.4", 5, 0),
     r'{sa_family=0xa, sin6_port="\x01\xbb", sin6_flowinfo="\x00\x00\x00\x05", sin6_addr="'
     r'\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\xff\xff\x01\x02\x03\x04", sin6_scope_id=0}'),
    (sf.Ctx(xstyle=2),
     struct.pack("<H", 17) + struct.pack(">H", 3) + struct.pack("<iHBB", 1, 772, 0, 6) + b"\0" * 8,
     r'{sa_family=0x11 /* AF_PACKET */, sll_protocol="\x00\x03" /* htons(ETH_P_ALL) */, '
     r'sll_ifindex=1 /* if_nametoindex("lo") */, sll_hatype=0x304 /* ARPHRD_LOOPBACK */, '
     r'sll_pkttype=0 /* PACKET_HOST */, sll_halen=6, sll_addr=[00, 00, 00, 00, 00, 00]}'),
])
def test_sockaddr_xstyles(ctx, data, expect):
    assert dec_net.format_sockaddr(data, ctx) == expect


def test_arrays_follow_s_and_v():
    # io.c under strace -s 4 / -v: readv of 40 iovecs
    items = [(3, b"aaa")] * 15 + [(3, b"c")] + [(3, b"")] * 24
    r = rec("readv", (3, STACK, 40), 46, {1: Capture(CAP_IOV, ST_OK, iovs(*items), 40)})
    assert line(r, sf.Ctx(strsize=4)) == \
        "readv(3, [" + '{iov_base="aaa", iov_len=3}, ' * 4 + "...], 40) = 46"
    assert line(r, sf.Ctx(verbose=True)).endswith('{iov_base="", iov_len=3}], 40) = 46')


# --------------------------------------------------------------- mx.c: ppoll, select, epoll_pwait, mmsg
USR1 = struct.pack("<Q", 1 << 9)


def test_ppoll():
    fds = pollfds((3, 1, 0), (4, 4, 4))
    r = rec("ppoll", (STACK, 2, STACK + 64, STACK + 128, 8), 1,
            {0: buf(fds), 2: buf(struct.pack("<qq", 0, 999)),
             2 + ENTRY_CAP: buf(struct.pack("<qq", 1, 5)), 3: buf(USR1)})
    assert line(r) == ("ppoll([{fd=3, events=POLLIN}, {fd=4, events=POLLOUT}], 2, {tv_sec=1, "
                       "tv_nsec=5}, [USR1], 8) = 1 ([{fd=4, revents=POLLOUT}], left {tv_sec=0, "
                       "tv_nsec=999})")
    r = rec("ppoll", (STACK, 1, STACK + 64, 0, 8), 0,
            {0: buf(pollfds((3, 1, 0))), 2: buf(struct.pack("<qq", 0, 0)),
             2 + ENTRY_CAP: buf(struct.pack("<qq", 0, 1000))})
    assert line(r) == "ppoll([{fd=3, events=POLLIN}], 1, {tv_sec=0, tv_nsec=1000}, NULL, 8) = 0 (Timeout)"
    r = rec("ppoll", (STACK, 2, 0, 0, 8), 1, {0: buf(fds)})
    assert line(r) == ("ppoll([{fd=3, events=POLLIN}, {fd=4, events=POLLOUT}], 2, NULL, NULL, 8) = 1 "
                       "([{fd=4, revents=POLLOUT}])")


def test_select():
    r = rec("select", (5, STACK, STACK + 8, 0, STACK + 64), 1,
            {1: buf(fdset()), 1 + ENTRY_CAP: buf(fdset(3)), 2: buf(fdset(4)),
             2 + ENTRY_CAP: buf(fdset(4)), 4: buf(struct.pack("<qq", 1, 999990)),
             4 + ENTRY_CAP: buf(struct.pack("<qq", 2, 0))})
    assert line(r) == ("select(5, [3], [4], NULL, {tv_sec=2, tv_usec=0}) = 1 (out [4], left "
                       "{tv_sec=1, tv_usec=999990})")
    r = rec("select", (5, 0, STACK + 8, 0, 0), 1,
            {2: buf(fdset(4)), 2 + ENTRY_CAP: buf(fdset(4))})
    assert line(r) == "select(5, NULL, [4], NULL, NULL) = 1 (out [4])"


def test_pselect6_sigmask():
    sig = struct.pack("<Q", 8 | (8 << 48)) + USR1
    r = rec("pselect6", (5, STACK, 0, 0, STACK + 64, STACK + 128), 0,
            {1: buf(fdset()), 1 + ENTRY_CAP: buf(fdset(3)),
             4: buf(struct.pack("<qq", 0, 0)), 4 + ENTRY_CAP: buf(struct.pack("<qq", 0, 100)),
             5: Capture(CAP_IOV, ST_OK, sig, 1)})
    assert line(r) == ("pselect6(5, [3], NULL, NULL, {tv_sec=0, tv_nsec=100}, {sigmask=[USR1], "
                       "sigsetsize=8}) = 0 (Timeout)")


def test_epoll_pwait():
    ev = struct.pack("<IQ", 4, 7)
    r = rec("epoll_pwait", (5, STACK, 2, 0, STACK + 64, 8), 1, {1: buf(ev), 4: buf(USR1)})
    assert line(r) == "epoll_pwait(5, [{events=EPOLLOUT, data={u32=7, u64=7}}], 2, 0, [USR1], 8) = 1"
    r = rec("epoll_wait", (-1, STACK, 2, 0), -9)
    assert line(r) == f"epoll_wait(-1, 0x7ffd0473fe90, 2, 0) = {EBADF}"


def test_sendmmsg_recvmmsg():
    def entry(data, ln, mlen):
        return msghdr(iov=STACK, iovlen=1, iovs=[(ln, data)])[:60] + struct.pack("<I", mlen) + \
            msghdr(iov=STACK, iovlen=1, iovs=[(ln, data)])[64:]
    caps = {MMSG_ARG0: Capture(CAP_MMSGHDR, ST_OK, entry(b"one", 3, 3), 1),
            MMSG_ARG0 + 1: Capture(CAP_MMSGHDR, ST_OK, entry(b"two!", 4, 4), 1)}
    r = rec("sendmmsg", (6, STACK, 2, 0), 2, caps)
    assert line(r) == (
        'sendmmsg(6, [{msg_hdr={msg_name=NULL, msg_namelen=0, msg_iov=[{iov_base="one", '
        'iov_len=3}], msg_iovlen=1, msg_controllen=0, msg_flags=0}, msg_len=3}, {msg_hdr={'
        'msg_name=NULL, msg_namelen=0, msg_iov=[{iov_base="two!", iov_len=4}], msg_iovlen=1, '
        'msg_controllen=0, msg_flags=0}, msg_len=4}], 2, 0) = 2')
    caps = {MMSG_ARG0: Capture(CAP_MMSGHDR, ST_OK, entry(b"one", 10, 3), 1),
            MMSG_ARG0 + 1: Capture(CAP_MMSGHDR, ST_OK, entry(b"two!", 10, 4), 1)}
    r = rec("recvmmsg", (7, STACK, 2, 0x40, 0), 2, caps)
    assert line(r) == (
        'recvmmsg(7, [{msg_hdr={msg_name=NULL, msg_namelen=0, msg_iov=[{iov_base="one", '
        'iov_len=10}], msg_iovlen=1, msg_controllen=0, msg_flags=0}, msg_len=3}, {msg_hdr={'
        'msg_name=NULL, msg_namelen=0, msg_iov=[{iov_base="two!", iov_len=10}], msg_iovlen=1, '
        'msg_controllen=0, msg_flags=0}, msg_len=4}], 2, MSG_DONTWAIT, NULL) = 2')
    r = rec("recvmmsg", (7, STACK, 2, 0x40, STACK + 64), -11,
            {4 + ENTRY_CAP: buf(struct.pack("<qq", 0, 1000))})
    assert line(r) == ("recvmmsg(7, 0x7ffd0473fe90, 2, MSG_DONTWAIT, {tv_sec=0, tv_nsec=1000}) = "
                       "-1 EAGAIN (Resource temporarily unavailable)")


def test_accept_truncated_name():
    # mx.c: accept(8, {sa_family=AF_UNIX, sun_path="/tm"}, [5 => 16]) = 11
    r = rec("accept", (8, STACK, STACK + 128), 11,
            {1: buf(sun(b"/tmp/dn/sock2\0"), 16), 2: buf(struct.pack("<I", 16)),
             2 + ENTRY_CAP: buf(struct.pack("<I", 5))})
    assert line(r) == 'accept(8, {sa_family=AF_UNIX, sun_path="/tm"}, [5 => 16]) = 11'


# --------------------------------------------------------------- ip, ss, curl
def test_netlink_options_and_negative_nl_pid():
    # strace -f ip addr show lo
    r = rec("setsockopt", (3, 270, 11, STACK, 4), 0, {3: buf(I1)})
    assert line(r) == "setsockopt(3, SOL_NETLINK, NETLINK_EXT_ACK, [1], 4) = 0"
    r = rec("setsockopt", (3, 270, 12, STACK, 4), 0, {3: buf(I1)})
    assert line(r) == "setsockopt(3, SOL_NETLINK, NETLINK_GET_STRICT_CHK, [1], 4) = 0"
    nl = struct.pack("<HHiI", 16, 0, -1185173666, 0)
    r = rec("getsockname", (4, STACK, STACK + 64), 0,
            {1: buf(nl, 12), 2: buf(struct.pack("<I", 12)), 2 + ENTRY_CAP: buf(struct.pack("<I", 12))})
    assert line(r) == ("getsockname(4, {sa_family=AF_NETLINK, nl_pid=-1185173666, "
                       "nl_groups=00000000}, [12]) = 0")


def test_recvmsg_null_iov_base():
    # strace -f ss -tln: recvmsg(3, {..., msg_iov=[{iov_base=NULL, iov_len=0}], ...}, MSG_PEEK|MSG_TRUNC)
    nl = struct.pack("<HHiI", 16, 0, 0, 0)
    d = msghdr(name=STACK, namelen=12, iov=STACK, iovlen=1, flags=0x20, namedata=nl)
    d += struct.pack("<Q", 1 << 63)
    entry = msghdr(name=STACK, namelen=12, iov=STACK, iovlen=1)
    r = rec("recvmsg", (3, STACK, 0x22), 124, {1: Capture(CAP_MSGHDR, ST_OK, d, 1),
                                              1 + ENTRY_CAP: Capture(CAP_MSGHDR, ST_OK, entry, 0)})
    assert line(r) == ("recvmsg(3, {msg_name={sa_family=AF_NETLINK, nl_pid=0, nl_groups=00000000}, "
                       "msg_namelen=12, msg_iov=[{iov_base=NULL, iov_len=0}], msg_iovlen=1, "
                       "msg_controllen=0, msg_flags=MSG_TRUNC}, MSG_PEEK|MSG_TRUNC) = 124")


def test_getsockopt_so_error():
    # strace -f curl -s http://127.0.0.1:1/
    r = rec("getsockopt", (5, 1, 4, STACK, STACK + 8), 0,
            {3: buf(struct.pack("<i", 111), 4), 4: buf(struct.pack("<I", 4)),
             4 + ENTRY_CAP: buf(struct.pack("<I", 4))})
    assert line(r) == "getsockopt(5, SOL_SOCKET, SO_ERROR, [ECONNREFUSED], [4]) = 0"
    r = rec("getsockopt", (5, 1, 4, STACK, STACK + 8), 0,
            {3: buf(struct.pack("<i", 0), 4), 4: buf(struct.pack("<I", 4)),
             4 + ENTRY_CAP: buf(struct.pack("<I", 4))})
    assert line(r) == "getsockopt(4, SOL_SOCKET, SO_ERROR, [0], [4]) = 0".replace("(4,", "(5,")


def test_epoll_pwait2():
    # ep2.c
    ev = struct.pack("<IQ", 5, 7)
    r = rec("epoll_pwait2", (9, STACK, 2, STACK + 64, STACK + 128, 8), 1,
            {1: buf(ev), 3: buf(struct.pack("<qq", 0, 0)),
             3 + ENTRY_CAP: buf(struct.pack("<qq", 0, 0)), 4: buf(b"\0" * 8)})
    assert line(r) == ("epoll_pwait2(9, [{events=EPOLLIN|EPOLLOUT, data={u32=7, u64=7}}], 2, "
                       "{tv_sec=0, tv_nsec=0}, [], 8) = 1")
    assert line(rec("eventfd2", (3, 0o2004000), 7)) == "eventfd2(3, EFD_CLOEXEC|EFD_NONBLOCK) = 7"


# --------------------------------------------------------------- control messages
# python3: x.sendmsg([b'd'], [(level, type, data)]) on an AF_UNIX socketpair, one per line
def cmsg(level, ctype, data):
    clen = 16 + len(data)
    return struct.pack("<Qii", clen, level, ctype) + data + b"\0" * ((-clen) % 8)


@pytest.mark.parametrize("level,ctype,data,ctx,expect", [
    (999, 5, b"abcd", CTX, "{cmsg_len=20, cmsg_level=0x3e7 /* SOL_??? */, cmsg_type=0x5}"),
    (0, 2, b"\x40\0\0\0", CTX, "{cmsg_len=20, cmsg_level=SOL_IP, cmsg_type=IP_TTL, cmsg_data=[64]}"),
    (0, 1, b"\x01", CTX, "{cmsg_len=17, cmsg_level=SOL_IP, cmsg_type=IP_TOS, cmsg_data=[0x1]}"),
    (0, 1, b"\x01\0\0\0", CTX,
     "{cmsg_len=20, cmsg_level=SOL_IP, cmsg_type=IP_TOS, cmsg_data=[0x1, 0, 0, 0]}"),
    (0, 8, b"\1\0\0\0\177\0\0\1\177\0\0\1", CTX,
     '{cmsg_len=28, cmsg_level=SOL_IP, cmsg_type=IP_PKTINFO, cmsg_data={ipi_ifindex='
     'if_nametoindex("lo"), ipi_spec_dst=inet_addr("127.0.0.1"), ipi_addr=inet_addr("127.0.0.1")}}'),
    (0, 8, b"\1\0\0\0\177\0\0\1\177\0\0\1", sf.Ctx(xstyle=0),
     r'{cmsg_len=28, cmsg_level=0, cmsg_type=0x8, cmsg_data={ipi_ifindex=1, '
     r'ipi_spec_dst="\x7f\x00\x00\x01", ipi_addr="\x7f\x00\x00\x01"}}'),
    (0, 11, b"abcd", CTX, "{cmsg_len=20, cmsg_level=SOL_IP, cmsg_type=IP_RECVERR}"),
    (0, 99, b"ab", CTX, "{cmsg_len=18, cmsg_level=SOL_IP, cmsg_type=0x63 /* IP_??? */}"),
    (0, 3, b"abcd", CTX, '{cmsg_len=20, cmsg_level=SOL_IP, cmsg_type=SCM_SECURITY, cmsg_data="abcd"}'),
    (0, 20, b"\2\0\0\x50\177\0\0\1" + b"\0" * 8, CTX,
     '{cmsg_len=32, cmsg_level=SOL_IP, cmsg_type=IP_ORIGDSTADDR, cmsg_data={sa_family=AF_INET, '
     'sin_port=htons(80), sin_addr=inet_addr("127.0.0.1")}}'),
    (41, 50, b"\0" * 20, CTX, "{cmsg_len=36, cmsg_level=SOL_IPV6, cmsg_type=0x32}"),
    (1, 29, b"\1" * 16, CTX,
     "{cmsg_len=32, cmsg_level=SOL_SOCKET, cmsg_type=SO_TIMESTAMP_OLD, cmsg_data={tv_sec="
     "72340172838076673, tv_usec=72340172838076673}}"),
    (1, 29, b"\1" * 8, CTX,
     "{cmsg_len=24, cmsg_level=SOL_SOCKET, cmsg_type=SO_TIMESTAMP_OLD, cmsg_data=???}"),
    (1, 65, b"\1" * 48, CTX,
     "{cmsg_len=64, cmsg_level=SOL_SOCKET, cmsg_type=SO_TIMESTAMPING_NEW, cmsg_data=[" +
     ", ".join(["{tv_sec=72340172838076673, tv_nsec=72340172838076673}"] * 3) + "]}"),
    (1, 1, b"\3\0\0\0\4\0", CTX,
     "{cmsg_len=22, cmsg_level=SOL_SOCKET, cmsg_type=SCM_RIGHTS, cmsg_data=[3]}"),
    (1, 1, b"", CTX, "{cmsg_len=16, cmsg_level=SOL_SOCKET, cmsg_type=SCM_RIGHTS}"),
    (1, 2, b"\1\0\0\0", CTX, "{cmsg_len=20, cmsg_level=SOL_SOCKET, cmsg_type=SCM_CREDENTIALS}"),
    (1, 4, b"\1\0\0\0", CTX, "{cmsg_len=20, cmsg_level=SOL_SOCKET, cmsg_type=0x4 /* SCM_??? */}"),
    (1, 41, b"\1\1\1\1", CTX, "{cmsg_len=20, cmsg_level=SOL_SOCKET, cmsg_type=SO_WIFI_STATUS}"),
    (6, 1, b"zz", CTX, "{cmsg_len=18, cmsg_level=SOL_TCP, cmsg_type=0x1}"),
])
def test_cmsg(level, ctype, data, ctx, expect):
    assert dec_net.format_cmsgs(cmsg(level, ctype, data), ctx) == f"[{expect}]"


def test_failures_and_bad_pointers():
    # er.c
    entry = msghdr(name=STACK, namelen=16, iov=STACK, iovlen=1)
    r = rec("recvmsg", (3, STACK, 0x40), -11, {1 + ENTRY_CAP: Capture(CAP_MSGHDR, ST_OK, entry, 0)})
    assert line(r) == ("recvmsg(3, {msg_namelen=16}, MSG_DONTWAIT) = "
                       "-1 EAGAIN (Resource temporarily unavailable)")
    d = msghdr(name=STACK, namelen=16, iov=0x10, iovlen=1, namedata=b"\0" * 16)
    d = d[:56] + struct.pack("<H", 16 | 0x8000) + d[58:]
    r = rec("sendmsg", (3, STACK, 0), -14, {1: Capture(CAP_MSGHDR, ST_OK, d, 1)})
    assert line(r) == ('sendmsg(3, {msg_name={sa_family=AF_UNSPEC, sa_data="' + "\\0" * 14 +
                       '"}, msg_namelen=16, msg_iov=0x10, msg_iovlen=1, msg_controllen=0, '
                       'msg_flags=0}, 0) = -1 EFAULT (Bad address)')
    r = rec("poll", (STACK, 2, 0), 1, {0: buf(pollfds((100, 1, 0x20), (-1, 1, 0)))})
    assert line(r) == ("poll([{fd=100, events=POLLIN}, {fd=-1}], 2, 0) = 1 "
                       "([{fd=100, revents=POLLNVAL}])")


def test_small_s_limits_int_pairs_and_hex_strings():
    # io.c / so.c under strace -s 0 and -s 1
    r = rec("pipe2", (STACK, 0), 0, {0: buf(struct.pack("<ii", 3, 4))})
    assert line(r, sf.Ctx(strsize=0)) == "pipe2([...], 0) = 0"
    assert line(r, sf.Ctx(strsize=1)) == "pipe2([3, ...], 0) = 0"
    assert line(r) == "pipe2([3, 4], 0) = 0"
    r = rec("getsockopt", (4, 1, 9, STACK, STACK + 8), 0,
            {3: buf(b"\0\0", 2), 4: buf(struct.pack("<I", 2)), 4 + ENTRY_CAP: buf(struct.pack("<I", 2))})
    assert line(r, sf.Ctx(strsize=0)) == 'getsockopt(4, SOL_SOCKET, SO_KEEPALIVE, ""..., [2]) = 0'


def test_multicast_membership_options():
    # mc.c
    m = socket.inet_aton("239.1.2.3") + socket.inet_aton("127.0.0.1") + struct.pack("<i", 1)
    r = rec("setsockopt", (-1, 0, 35, STACK, 12), -9, {3: buf(m, 12)})
    assert line(r) == ('setsockopt(-1, SOL_IP, IP_ADD_MEMBERSHIP, {imr_multiaddr=inet_addr("239.1.2.3"), '
                       f'imr_interface=inet_addr("127.0.0.1")}}, 12) = {EBADF}')
    m6 = socket.inet_pton(socket.AF_INET6, "ff02::1") + struct.pack("<i", 1)
    r = rec("setsockopt", (-1, 41, 20, STACK, 20), -9, {3: buf(m6, 20)})
    assert line(r) == ('setsockopt(-1, SOL_IPV6, IPV6_ADD_MEMBERSHIP, {inet_pton(AF_INET6, "ff02::1", '
                       f'&ipv6mr_multiaddr), ipv6mr_interface=if_nametoindex("lo")}}, 20) = {EBADF}')
    g = struct.pack("<i4x", 1) + sin(0, "239.1.2.3").ljust(128, b"\0")
    r = rec("setsockopt", (-1, 0, 42, STACK, 136), -9, {3: buf(g, 136)})
    assert line(r) == ('setsockopt(-1, SOL_IP, MCAST_JOIN_GROUP, {gr_interface=if_nametoindex("lo"), '
                       'gr_group={sa_family=AF_INET, sin_port=htons(0), sin_addr=inet_addr("239.1.2.3")}}'
                       f', 136) = {EBADF}')


def test_msghdr_with_truncated_capture_does_not_raise():
    # name size claimed in the header but the capture ends early
    d = msghdr(name=STACK, namelen=16, iov=STACK, iovlen=1)[:56] + struct.pack("<HHI", 16, 0, 0)
    for name in ("sendmsg", "recvmsg"):
        r = rec(name, (3, STACK, 0), 1, {1: Capture(CAP_MSGHDR, ST_OK, d, 1)})
        assert line(r).startswith(f"{name}(3, {{msg_name=0x7ffd0473fe90, msg_namelen=16, ")


def test_getsockopt_empty_result_prints_address():
    # gso: getsockopt(3, SOL_SOCKET, SO_BINDTODEVICE, 0x..., [256 => 0]) = 0
    r = rec("getsockopt", (3, 1, 25, STACK, STACK + 8), 0,
            {3: buf(b"", 0), 4: buf(struct.pack("<I", 0)), 4 + ENTRY_CAP: buf(struct.pack("<I", 256))})
    assert line(r) == "getsockopt(3, SOL_SOCKET, SO_BINDTODEVICE, 0x7ffd0473fe90, [256 => 0]) = 0"
