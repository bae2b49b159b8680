"""Unit tests of dec_fs: synthetic records in, strace's exact lines out.

Every expected line below was printed by the real strace 6.1 on this machine
(TZ=UTC) for the programs in tests/progs/ (dec_fs_*.c, compiled with
`gcc -w -o /tmp/x tests/progs/dec_fs_N.c`) with `strace -o OUT /tmp/x`
(`strace -v` where the test says verbose); `script -qc` gave them a tty for the
termios lines.  The records are built with the struct layouts the kernel
writes, so no root and no BPF are needed here.
"""
import os
import struct
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)

import pytest  # noqa: E402
from hypothesis import given, settings, strategies as st  # noqa: E402

import dec_fs  # noqa: E402
import xlat  # noqa: E402
import syscall_formatters as sf  # noqa: E402
import syscall_specs  # noqa: E402
import syscall_table  # noqa: E402
from tracepoint_raw import (CAP_BUF, CAP_DIRENTS, Capture, Record, ST_FAULT,  # noqa: E402
                            ST_OK)

SYSCALLS = syscall_specs.build()
BY_NAME = {sc.name: sc for sc in SYSCALLS.values()}
ADDR = 0x7ffc1c265570


@pytest.fixture(autouse=True)
def utc():
    old = os.environ.get("TZ")
    os.environ["TZ"] = "UTC"
    time.tzset()
    yield
    if old is None:
        del os.environ["TZ"]
    else:
        os.environ["TZ"] = old
    time.tzset()


def rec(name, args, ret=0, caps=None):
    args = tuple(args) + (0,) * (6 - len(args))
    return Record(nr=syscall_table.NUMBERS[name], args=args, ret=ret,
                  caps={i: Capture(CAP_BUF, ST_OK, d, len(d)) if isinstance(d, bytes) else d
                        for i, d in (caps or {}).items()})


def line(r, verbose=False, strsize=32, xstyle=xlat.XABBREV):
    ctx = sf.Ctx(verbose=verbose, strsize=strsize, xstyle=xstyle)
    return sf.format_syscall(r, BY_NAME[syscall_table.SYSCALLS[r.nr][0]], ctx)


def norm(s):
    """strace pads to column 40; compare with one space before '='."""
    import re
    return re.sub(r"\)\s+= ", ") = ", s)


def check(r, expect, **kw):
    assert norm(line(r, **kw)) == norm(expect)


AT_FDCWD = (1 << 64) - 100


# ---------------------------------------------------------------- stat family

def stat_bytes(dev=0xfe00, ino=739, nlink=1, mode=0o100644, uid=0, gid=0, rdev=0, size=1221,
               blksize=4096, blocks=8, at=(1795557895, 287131812), mt=(1779294449, 0),
               ct=(1779294449, 0)):
    return struct.pack("<QQQIIIIQqqqqqqqqq3q", dev, ino, nlink, mode, uid, gid, 0, rdev, size,
                       blksize, blocks, *at, *mt, *ct, 0, 0, 0)


def test_newfstatat_abbrev():
    check(rec("newfstatat", (3, 0x1000, ADDR, 0x1000), 0, {1: b"\0", 2: stat_bytes()}),
          'newfstatat(3, "", {st_mode=S_IFREG|0644, st_size=1221, ...}, AT_EMPTY_PATH) = 0')


def test_newfstatat_chr_device():
    st_ = stat_bytes(mode=0o20666, rdev=0x103, size=0)
    check(rec("newfstatat", (AT_FDCWD, 0x1000, ADDR, 0), 0, {1: b"/dev/null\0", 2: st_}),
          'newfstatat(AT_FDCWD, "/dev/null", {st_mode=S_IFCHR|0666, '
          'st_rdev=makedev(0x1, 0x3), ...}, 0) = 0')


def test_newfstatat_sticky():
    # strace -o OUT touch /tmp/t
    st_ = stat_bytes(mode=0o41777, size=4096)
    check(rec("newfstatat", (AT_FDCWD, 0x1000, ADDR, 0), 0, {1: b"/tmp\0", 2: st_}),
          'newfstatat(AT_FDCWD, "/tmp", {st_mode=S_IFDIR|S_ISVTX|0777, st_size=4096, ...}, 0)'
          ' = 0')


def test_newfstatat_failed_prints_address():
    check(rec("newfstatat", (AT_FDCWD, 0x1000, ADDR, 0x100), -2, {1: b"/etc/nonexist\0"}),
          'newfstatat(AT_FDCWD, "/etc/nonexist", 0x7ffc1c265570, AT_SYMLINK_NOFOLLOW) = -1 '
          'ENOENT (No such file or directory)')


def test_newfstatat_verbose():
    check(rec("newfstatat", (3, 0x1000, ADDR, 0x1000), 0, {1: b"\0", 2: stat_bytes()}),
          'newfstatat(3, "", {st_dev=makedev(0xfe, 0), st_ino=739, st_mode=S_IFREG|0644, '
          'st_nlink=1, st_uid=0, st_gid=0, st_blksize=4096, st_blocks=8, st_size=1221, '
          'st_atime=1795557895 /* 2026-11-24T22:04:55.287131812+0000 */, '
          'st_atime_nsec=287131812, st_mtime=1779294449 /* 2026-05-20T16:27:29+0000 */, '
          'st_mtime_nsec=0, st_ctime=1779294449 /* 2026-05-20T16:27:29+0000 */, '
          'st_ctime_nsec=0}, AT_EMPTY_PATH) = 0', verbose=True)


def statx_bytes(mask=0x17ff, mode=0o100644, size=1221, btime=(0, 0)):
    d = struct.pack("<IIQIIIHxxQQQQ", mask, 4096, 0, 1, 0, 0, mode, 739, size, 8, 0x303874)
    for sec, nsec in ((1795557895, 287131812), btime, (1779294449, 0), (1779294449, 0)):
        d += struct.pack("<qIi", sec, nsec, 0)
    d += struct.pack("<IIIIQ", 0, 0, 254, 0, 0x1b)
    return d.ljust(256, b"\0")


def test_statx_abbrev():
    check(rec("statx", (3, 0x1000, 0x1000, 0x7ff, ADDR), 0, {1: b"\0", 4: statx_bytes()}),
          'statx(3, "", AT_STATX_SYNC_AS_STAT|AT_EMPTY_PATH, STATX_BASIC_STATS, '
          '{stx_mask=STATX_BASIC_STATS|STATX_MNT_ID, stx_attributes=0, stx_mode=S_IFREG|0644, '
          'stx_size=1221, ...}) = 0')


def test_statx_flags_ls():
    # strace -o OUT ls -la /etc/apt
    r = rec("statx", (AT_FDCWD, 0x1000, 0x900, 0x25e, ADDR), -2, {1: b"/x\0"})
    assert line(r).startswith('statx(AT_FDCWD, "/x", AT_STATX_SYNC_AS_STAT|AT_SYMLINK_NOFOLLOW|'
                              'AT_NO_AUTOMOUNT, STATX_MODE|STATX_NLINK|STATX_UID|STATX_GID|'
                              'STATX_MTIME|STATX_SIZE, 0x7ffc1c265570) = -1 ENOENT')


def test_statx_verbose():
    # strace -v: stx_btime only when the mask has STATX_BTIME, no comment for a zero time
    r = rec("statx", (AT_FDCWD, 0x1000, 0, 0xfff, ADDR), 0,
            {1: b"/etc/passwd\0", 4: statx_bytes(mask=0x1fff)})
    check(r, 'statx(AT_FDCWD, "/etc/passwd", AT_STATX_SYNC_AS_STAT, STATX_ALL, '
          '{stx_mask=STATX_ALL|STATX_MNT_ID, stx_blksize=4096, stx_attributes=0, stx_nlink=1, '
          'stx_uid=0, stx_gid=0, stx_mode=S_IFREG|0644, stx_ino=739, stx_size=1221, '
          'stx_blocks=8, stx_attributes_mask=STATX_ATTR_COMPRESSED|STATX_ATTR_IMMUTABLE|'
          'STATX_ATTR_APPEND|STATX_ATTR_NODUMP|STATX_ATTR_ENCRYPTED|STATX_ATTR_AUTOMOUNT|'
          'STATX_ATTR_MOUNT_ROOT|STATX_ATTR_VERITY|STATX_ATTR_DAX, '
          'stx_atime={tv_sec=1795557895, tv_nsec=287131812} /* 2026-11-24T22:04:55.287131812+0000 */, '
          'stx_btime={tv_sec=0, tv_nsec=0}, '
          'stx_ctime={tv_sec=1779294449, tv_nsec=0} /* 2026-05-20T16:27:29+0000 */, '
          'stx_mtime={tv_sec=1779294449, tv_nsec=0} /* 2026-05-20T16:27:29+0000 */, '
          'stx_rdev_major=0, stx_rdev_minor=0, stx_dev_major=254, stx_dev_minor=0, '
          'stx_mnt_id=0x1b}) = 0', verbose=True)


def test_statfs():
    d = struct.pack("<qqQQQQQiiqqq4q", 0xEF53, 4096, 66053021, 60355624, 20900331, 16777216,
                    16358497, 0x5dff6a72, 0x8d78fa6, 255, 4096, 0x1020, 0, 0, 0, 0)
    check(rec("statfs", (0x1000, ADDR), 0, {0: b"/\0", 1: d}),
          'statfs("/", {f_type=EXT2_SUPER_MAGIC, f_bsize=4096, f_blocks=66053021, '
          'f_bfree=60355624, f_bavail=20900331, f_files=16777216, f_ffree=16358497, '
          'f_fsid={val=[0x5dff6a72, 0x8d78fa6]}, f_namelen=255, f_frsize=4096, '
          'f_flags=ST_VALID|ST_RELATIME}) = 0')


# ---------------------------------------------------------------- getdents

def dirent64(ino, off, dtype, name):
    reclen = (19 + len(name) + 1 + 7) & ~7
    return struct.pack("<QqHB", ino, off, reclen, dtype) + name.ljust(reclen - 19, b"\0")


def dirent_old(ino, off, dtype, name):
    reclen = (18 + len(name) + 2 + 7) & ~7
    body = name.ljust(reclen - 18 - 1, b"\0")
    return struct.pack("<QqH", ino, off, reclen) + body + bytes([dtype])


ENTS = [(456, 2624636480446270146, 4, b"."), (19, 6759964080317338775, 4, b".."),
        (477, 9223372036854775807, 8, b"trusted.gpg")]


def test_getdents64_count_from_bpf():
    data = b"".join(dirent64(*e) for e in ENTS)
    # the BPF side counted 994 records of a 32744-byte result; the capture holds 4096
    c = Capture(CAP_DIRENTS, ST_OK, data, 994)
    check(rec("getdents64", (3, 0x55c2e7c532a0, 32768), 32744, {1: c}),
          'getdents64(3, 0x55c2e7c532a0 /* 994 entries */, 32768) = 32744')


def test_getdents64_zero():
    c = Capture(CAP_DIRENTS, 3, b"", 0)
    check(rec("getdents64", (4, ADDR, 8192), 0, {1: c}),
          'getdents64(4, 0x7ffc1c265570 /* 0 entries */, 8192) = 0')
    check(rec("getdents64", (4, ADDR, 8192), 0, {1: c}), 'getdents64(4, [], 8192) = 0',
          verbose=True)


def test_getdents64_verbose():
    data = b"".join(dirent64(*e) for e in ENTS)
    c = Capture(CAP_DIRENTS, ST_OK, data, 3)
    check(rec("getdents64", (4, ADDR, 8192), len(data), {1: c}),
          'getdents64(4, [{d_ino=456, d_off=2624636480446270146, d_reclen=24, d_type=DT_DIR, '
          'd_name="."}, {d_ino=19, d_off=6759964080317338775, d_reclen=24, d_type=DT_DIR, '
          'd_name=".."}, {d_ino=477, d_off=9223372036854775807, d_reclen=32, d_type=DT_REG, '
          'd_name="trusted.gpg"}], 8192) = %d' % len(data), verbose=True)


def test_getdents_old_verbose():
    data = b"".join(dirent_old(*e) for e in ENTS[2:])
    c = Capture(CAP_DIRENTS, ST_OK, data, 1)
    check(rec("getdents", (4, ADDR, 8192), len(data), {1: c}),
          'getdents(4, [{d_ino=477, d_off=9223372036854775807, d_reclen=32, '
          'd_name="trusted.gpg", d_type=DT_REG}], 8192) = %d' % len(data), verbose=True)


# ---------------------------------------------------------------- fcntl

F_GETFD, F_SETFD, F_GETFL, F_SETFL, F_GETLK, F_SETLK = 1, 2, 3, 4, 5, 6


def test_fcntl_results():
    check(rec("fcntl", (3, F_GETFD), 1), "fcntl(3, F_GETFD) = 0x1 (flags FD_CLOEXEC)")
    check(rec("fcntl", (3, F_GETFD), 0), "fcntl(3, F_GETFD) = 0")
    check(rec("fcntl", (3, F_GETFL), 0x8002), "fcntl(3, F_GETFL) = 0x8002 (flags O_RDWR|O_LARGEFILE)")
    check(rec("fcntl", (3, F_GETFL), 0x8c02),
          "fcntl(3, F_GETFL) = 0x8c02 (flags O_RDWR|O_APPEND|O_NONBLOCK|O_LARGEFILE)")
    check(rec("fcntl", (255, F_GETFD), -9), "fcntl(255, F_GETFD) = -1 EBADF (Bad file descriptor)")
    check(rec("fcntl", (3, 1025), 0x2), "fcntl(3, F_GETLEASE) = 0x2 (F_UNLCK)")


def test_fcntl_args():
    check(rec("fcntl", (3, F_SETFD, 1)), "fcntl(3, F_SETFD, FD_CLOEXEC) = 0")
    check(rec("fcntl", (3, F_SETFL, 0o4000 | 0o2000)),
          "fcntl(3, F_SETFL, O_RDONLY|O_APPEND|O_NONBLOCK) = 0")
    check(rec("fcntl", (3, 0, 10), 11), "fcntl(3, F_DUPFD, 10) = 11")
    check(rec("fcntl", (5, 1030, 0), 4), "fcntl(5, F_DUPFD_CLOEXEC, 0) = 4")
    check(rec("fcntl", (3, 10, 10)), "fcntl(3, F_SETSIG, SIGUSR1) = 0")
    check(rec("fcntl", (3, 11), 36), "fcntl(3, F_GETSIG) = 36 (SIGRT_4)")
    check(rec("fcntl", (5, 1034), 6), "fcntl(5, F_GET_SEALS) = 0x6 (seals F_SEAL_SHRINK|F_SEAL_GROW)")
    check(rec("fcntl", (5, 1036, ADDR)), "fcntl(5, 0x40c /* F_??? */, 0x7ffc1c265570) = 0")
    check(rec("fcntl", (5, F_SETFD, 3)), "fcntl(5, F_SETFD, FD_CLOEXEC|0x2) = 0")
    check(rec("fcntl", (3, 9999, 5), -22),
          "fcntl(3, 0x270f /* F_??? */, 0x5) = -1 EINVAL (Invalid argument)")


def flock(t, whence, start, length, pid=0):
    return struct.pack("<hhxxxxqqixxxx", t, whence, start, length, pid)


def test_fcntl_flock():
    check(rec("fcntl", (3, F_SETLK, ADDR), 0, {2: flock(1, 0, 0, 5)}),
          "fcntl(3, F_SETLK, {l_type=F_WRLCK, l_whence=SEEK_SET, l_start=0, l_len=5}) = 0")
    check(rec("fcntl", (3, F_GETLK, ADDR), 0, {2: flock(2, 0, 0, 5)}),
          "fcntl(3, F_GETLK, {l_type=F_UNLCK, l_whence=SEEK_SET, l_start=0, l_len=5, l_pid=0}) = 0")
    check(rec("fcntl", (3, 16, ADDR), 0, {2: struct.pack("<ii", 0, 0)}),
          "fcntl(3, F_GETOWN_EX, {type=F_OWNER_TID, pid=0}) = 0")


# ---------------------------------------------------------------- ioctl

TERMIOS = struct.pack("<IIIIB", 0x500, 0x5, 0xbf, 0x8a3b, 0) + bytes(
    [3, 0x1c, 0x7f, 0x15, 4, 0, 1, 0, 0x11, 0x13, 0x1a, 0, 0x12, 0xf, 0x17, 0x16, 0, 0, 0])


def test_ioctl_tcgets():
    check(rec("ioctl", (0, 0x5401, ADDR), 0, {2: TERMIOS}),
          "ioctl(0, TCGETS, {c_iflag=ICRNL|IXON, c_oflag=NL0|CR0|TAB0|BS0|VT0|FF0|OPOST|ONLCR, "
          "c_cflag=B38400|CS8|CREAD, c_lflag=ISIG|ICANON|ECHO|ECHOE|ECHOK|IEXTEN|ECHOCTL|ECHOKE, "
          "...}) = 0")
    check(rec("ioctl", (4, 0x5401, ADDR), 0, {2: TERMIOS}),
          "ioctl(4, TCGETS, {c_iflag=ICRNL|IXON, c_oflag=NL0|CR0|TAB0|BS0|VT0|FF0|OPOST|ONLCR, "
          "c_cflag=B38400|CS8|CREAD, c_lflag=ISIG|ICANON|ECHO|ECHOE|ECHOK|IEXTEN|ECHOCTL|ECHOKE, "
          "c_line=N_TTY, c_cc=[[VINTR]=0x3, [VQUIT]=0x1c, [VERASE]=0x7f, [VKILL]=0x15, "
          "[VEOF]=0x4, [VTIME]=0, [VMIN]=0x1, [VSWTC]=0, [VSTART]=0x11, [VSTOP]=0x13, "
          "[VSUSP]=0x1a, [VEOL]=0, [VREPRINT]=0x12, [VDISCARD]=0xf, [VWERASE]=0x17, "
          "[VLNEXT]=0x16, [VEOL2]=0, [17]=0, [18]=0]}) = 0", verbose=True)
    check(rec("ioctl", (1, 0x5401, ADDR), -25),
          "ioctl(1, TCGETS, 0x7ffc1c265570) = -1 ENOTTY (Inappropriate ioctl for device)")


def test_ioctl_tcsets_all_bits():
    # tests/progs/dec_fs_4.c: every flag bit set; zero words print as nothing
    t = struct.pack("<IIIIB", 0xffffffff, 0xffffffff, 0x7fffffff, 0xffffffff, 0) + bytes(19)
    check(rec("ioctl", (3, 0x5402, ADDR), 0, {2: t}),
          "ioctl(3, SNDCTL_TMR_START or TCSETS, {c_iflag=IGNBRK|BRKINT|IGNPAR|PARMRK|INPCK|"
          "ISTRIP|INLCR|IGNCR|ICRNL|IUCLC|IXON|IXANY|IXOFF|IMAXBEL|IUTF8|0xffff8000, "
          "c_oflag=NL1|CR3|XTABS|BS1|VT1|FF1|OPOST|OLCUC|ONLCR|OCRNL|ONOCR|ONLRET|OFILL|OFDEL|"
          "0xffff0000, c_cflag=B4000000|B4000000<<IBSHIFT|CS8|CSTOPB|CREAD|PARENB|PARODD|HUPCL|"
          "CLOCAL|CMSPAR|0x2ff0e000, c_lflag=ISIG|ICANON|XCASE|ECHO|ECHOE|ECHOK|ECHONL|NOFLSH|"
          "IEXTEN|ECHOCTL|ECHOPRT|ECHOKE|FLUSHO|PENDIN|TOSTOP|EXTPROC|0xfffe2000, ...}) = 0")
    import termios as T
    cflag = (T.B57600 | T.CS5 | T.CSTOPB | T.CREAD | T.PARENB | T.PARODD | T.HUPCL | T.CLOCAL
             | xlat._val("term_cflags", "CMSPAR") | T.CRTSCTS)
    oflag = T.OPOST | T.OLCUC | T.ONLCR | T.OCRNL | T.ONOCR | T.ONLRET | T.OFILL | T.OFDEL
    t = struct.pack("<IIIIB", 0, oflag, cflag, 0, 0) + bytes(19)
    check(rec("ioctl", (3, 0x5402, ADDR), 0, {2: t}),
          "ioctl(3, SNDCTL_TMR_START or TCSETS, {c_iflag=, c_oflag=NL0|CR0|TAB0|BS0|VT0|FF0|"
          "OPOST|OLCUC|ONLCR|OCRNL|ONOCR|ONLRET|OFILL|OFDEL, c_cflag=B57600|CS5|CSTOPB|CREAD|"
          "PARENB|PARODD|HUPCL|CLOCAL|CMSPAR|CRTSCTS, c_lflag=, ...}) = 0")


def test_ioctl_misc():
    check(rec("ioctl", (0, 0x5413, ADDR), 0, {2: struct.pack("<HHHH", 24, 80, 0, 0)}),
          "ioctl(0, TIOCGWINSZ, {ws_row=24, ws_col=80, ws_xpixel=0, ws_ypixel=0}) = 0")
    check(rec("ioctl", (3, 0x541b, ADDR), 0, {2: struct.pack("<i", 0)}),
          "ioctl(3, FIONREAD, [0]) = 0")
    check(rec("ioctl", (3, 0x5451, 0)), "ioctl(3, FIOCLEX) = 0")
    check(rec("ioctl", (3, 0x5421, ADDR), 0, {2: struct.pack("<i", 1)}),
          "ioctl(3, FIONBIO, [1]) = 0")
    check(rec("ioctl", (4, 0x540b, 0)), "ioctl(4, TCFLSH, TCIFLUSH) = 0")
    check(rec("ioctl", (4, 0x540f, ADDR), -25),
          "ioctl(4, TIOCGPGRP, 0x7ffc1c265570) = -1 ENOTTY (Inappropriate ioctl for device)")
    check(rec("ioctl", (6, 0x40049409, 5), -95),
          "ioctl(6, BTRFS_IOC_CLONE or FICLONE, 5) = -1 EOPNOTSUPP (Operation not supported)")
    check(rec("ioctl", (3, 0x80086601, ADDR), 0, {2: struct.pack("<I", 0x80000)}),
          "ioctl(3, FS_IOC_GETFLAGS, [FS_EXTENT_FL]) = 0")


def test_ioctl_unknown():
    check(rec("ioctl", (3, 0x80047833, ADDR), -25),
          "ioctl(3, _IOC(_IOC_READ, 0x78, 0x33, 0x4), 0x7ffc1c265570) = -1 ENOTTY "
          "(Inappropriate ioctl for device)")
    check(rec("ioctl", (3, 0x1234, 0), -25),
          "ioctl(3, _IOC(_IOC_NONE, 0x12, 0x34, 0), 0) = -1 ENOTTY (Inappropriate ioctl for device)")
    check(rec("ioctl", (5, 0xc0025499, ADDR), -25),
          "ioctl(5, _IOC(_IOC_READ|_IOC_WRITE, 0x54, 0x99, 0x2), 0x7ffc1c265570) = -1 ENOTTY "
          "(Inappropriate ioctl for device)")


# ---------------------------------------------------------------- misc

def test_lseek_fallocate():
    check(rec("lseek", (3, 0, 77), -22),
          "lseek(3, 0, 0x4d /* SEEK_??? */) = -1 EINVAL (Invalid argument)")
    check(rec("lseek", (3, (1 << 64) - 1, 2), 9), "lseek(3, -1, SEEK_END) = 9")
    check(rec("fallocate", (3, 3, 0, 4096)),
          "fallocate(3, FALLOC_FL_KEEP_SIZE|FALLOC_FL_PUNCH_HOLE, 0, 4096) = 0")


def test_utimes():
    ts = struct.pack("<qqqq", 1, 2, 0, (1 << 30) - 2)
    check(rec("utimensat", (AT_FDCWD, 0x1000, ADDR, 0), 0, {1: b"/tmp/dfs/f5\0", 2: ts}),
          'utimensat(AT_FDCWD, "/tmp/dfs/f5", [{tv_sec=1, tv_nsec=2} '
          '/* 1970-01-01T00:00:01.000000002+0000 */, UTIME_OMIT], 0) = 0')
    check(rec("utimensat", (AT_FDCWD, 0x1000, 0, 0), 0, {1: b"/tmp/dfs/f5\0"}),
          'utimensat(AT_FDCWD, "/tmp/dfs/f5", NULL, 0) = 0')
    tv = struct.pack("<qqqq", 1, 2, 3, 4)
    check(rec("futimesat", (AT_FDCWD, 0x1000, ADDR), 0, {1: b"/tmp/dfs/f5\0", 2: tv}),
          'futimesat(AT_FDCWD, "/tmp/dfs/f5", [{tv_sec=1, tv_usec=2} '
          '/* 1970-01-01T00:00:01.000002+0000 */, {tv_sec=3, tv_usec=4} '
          '/* 1970-01-01T00:00:03.000004+0000 */]) = 0')


def test_memory():
    check(rec("msync", (ADDR, 4096, 6)), "msync(0x7ffc1c265570, 4096, MS_SYNC|MS_INVALIDATE) = 0")
    check(rec("mincore", (ADDR, 8192, ADDR), 0, {2: b"\0\0"}),
          "mincore(0x7ffc1c265570, 8192, [0, 0]) = 0")
    check(rec("mlockall", (1,)), "mlockall(MCL_CURRENT) = 0")
    check(rec("mremap", (ADDR, 8192, 16384, 1, 0), -14),
          "mremap(0x7ffc1c265570, 8192, 16384, MREMAP_MAYMOVE) = -1 EFAULT (Bad address)")


def test_offsets():
    check(rec("sendfile", (6, 3, ADDR, 5), 5, {2: struct.pack("<q", 0)}),
          "sendfile(6, 3, [0] => [5], 5) = 5")
    check(rec("sendfile", (6, 3, 0, 5), 5), "sendfile(6, 3, NULL, 5) = 5")
    check(rec("copy_file_range", (3, ADDR, 6, ADDR + 8, 3, 0), 3,
              {1: struct.pack("<q", 0), 3: struct.pack("<q", 0)}),
          "copy_file_range(3, [0], 6, [0], 3, 0) = 3")
    check(rec("splice", (3, ADDR, 8, 0, 4, 3), 4, {1: struct.pack("<q", 3)}),
          "splice(3, [3], 8, NULL, 4, SPLICE_F_MOVE|SPLICE_F_NONBLOCK) = 4")


def test_xattr():
    check(rec("setxattr", (0x1000, 0x2000, ADDR, 7, 1), 0,
              {0: b"/tmp/dfs/f5\0", 1: b"user.foo\0", 2: b"bar\0baz"}),
          'setxattr("/tmp/dfs/f5", "user.foo", "bar\\0baz", 7, XATTR_CREATE) = 0')
    check(rec("fgetxattr", (3, 0x2000, ADDR, 0), 7, {1: b"user.foo\0", 2: b"user.a\0"}),
          'fgetxattr(3, "user.foo", "user.a", 0) = 7')
    check(rec("listxattr", (0x1000, ADDR, 256), 16,
              {0: b"/tmp/dfs/f5\0", 1: b"user.a\0user.foo\0"}),
          'listxattr("/tmp/dfs/f5", "user.a\\0user.foo\\0", 256) = 16')
    check(rec("getxattr", (0x1000, 0x2000, ADDR, 256), -61,
              {0: b"/tmp/dfs/f5\0", 1: b"user.nx\0"}),
          'getxattr("/tmp/dfs/f5", "user.nx", 0x7ffc1c265570, 256) = -1 ENODATA (No data available)')


def test_strsize_limits():
    # strace -v -s 4 -o OUT on dec_fs_1 / dec_fs_5
    check(rec("readlink", (0x1000, ADDR, 8192), 11, {0: b"/proc/self/exe\0", 1: b"/tmp/dfs/t1"}),
          'readlink("/proc/self/exe", "/tmp"..., 8192) = 11', strsize=4)
    check(rec("setxattr", (0x1000, 0x2000, ADDR, 7, 1), 0,
              {0: b"/tmp/dfs/f5\0", 1: b"user.\0", 2: b"bar\0baz"}),
          'setxattr("/tmp/dfs/f5", "user"..., "bar", 7, XATTR_CREATE) = 0', strsize=4)
    check(rec("fgetxattr", (3, 0x2000, ADDR, 0), 7, {1: b"user.\0", 2: b"user.a\0"}),
          'fgetxattr(3, "user"..., "user"..., 0) = 7', strsize=4)
    check(rec("memfd_create", (0x1000, 3), 4, {0: b"mynam"}),
          'memfd_create("myna"..., MFD_CLOEXEC|MFD_ALLOW_SEALING) = 4', strsize=4)


def test_xattr_hex():
    # strace -x / -xx -o OUT on dec_fs_5
    r = rec("fgetxattr", (3, 0x2000, ADDR, 0), 7, {1: b"user.foo\0", 2: b"user.a\0"})
    assert norm(sf.format_syscall(r, BY_NAME["fgetxattr"], sf.Ctx(xflag=1))) == \
        'fgetxattr(3, "user.foo", "\\x75\\x73\\x65\\x72\\x2e\\x61\\x00", 0) = 7'


def test_openat2_ioprio():
    # strace -o OUT on tests/progs/dec_fs_12.c
    how = struct.pack("<QQQ", 0o102, 0o644, 0)
    check(rec("openat2", (AT_FDCWD, 0x1000, ADDR, 24), 3, {1: b"/tmp/dfs/o2\0", 2: how}),
          'openat2(AT_FDCWD, "/tmp/dfs/o2", {flags=O_RDWR|O_CREAT, mode=0644, resolve=0}, 24) = 3')
    how = struct.pack("<QQQ", 0, 0o600, 0x80)
    check(rec("openat2", (AT_FDCWD, 0x1000, ADDR, 24), -22, {1: b"/etc/passwd\0", 2: how}),
          'openat2(AT_FDCWD, "/etc/passwd", {flags=O_RDONLY, mode=0600, resolve=0x80 '
          '/* RESOLVE_??? */}, 24) = -1 EINVAL (Invalid argument)')
    check(rec("openat2", (AT_FDCWD, 0x1000, ADDR, 8), -22, {1: b"/etc/passwd\0", 2: how}),
          'openat2(AT_FDCWD, "/etc/passwd", 0x7ffc1c265570, 8) = -1 EINVAL (Invalid argument)')
    check(rec("ioprio_get", (2, 0), 16388),
          "ioprio_get(IOPRIO_WHO_PGRP, 0) = 16388 (IOPRIO_PRIO_VALUE(IOPRIO_CLASS_BE, 4))")
    check(rec("ioprio_set", (1, 0, (9 << 13) | 7)),
          "ioprio_set(IOPRIO_WHO_PROCESS, 0, IOPRIO_PRIO_VALUE(0x9 /* IOPRIO_CLASS_??? */, 7)) = 0")
    check(rec("fanotify_init", (0, 0), 5), "fanotify_init(FAN_CLASS_NOTIF, O_RDONLY) = 5")


def test_prctl():
    check(rec("prctl", (15, ADDR), 0, {1: b"newcomm\0garbage!"}), 'prctl(PR_SET_NAME, "newcomm") = 0')
    check(rec("prctl", (16, ADDR), 0, {1: b"newcomm\0\0\0\0\0\0\0\0\0"}),
          'prctl(PR_GET_NAME, "newcomm") = 0')
    check(rec("prctl", (1, 15)), "prctl(PR_SET_PDEATHSIG, SIGTERM) = 0")
    check(rec("prctl", (2, ADDR), 0, {1: struct.pack("<i", 15)}),
          "prctl(PR_GET_PDEATHSIG, [SIGTERM]) = 0")
    check(rec("prctl", (23, 21), 1), "prctl(PR_CAPBSET_READ, CAP_SYS_ADMIN) = 1")
    check(rec("prctl", (3, 21, 0, ADDR), 1), "prctl(PR_GET_DUMPABLE) = 1 (SUID_DUMP_USER)")
    check(rec("prctl", (38, 1, 0, 0, 0)), "prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) = 0")


def test_misc():
    check(rec("personality", (0xffffffff,)), "personality(0xffffffff) = 0 (PER_LINUX)")
    check(rec("personality", (0,)), "personality(PER_LINUX) = 0 (PER_LINUX)")
    check(rec("getpriority", (0, 0), 20), "getpriority(PRIO_PROCESS, 0) = 20")
    check(rec("time", (0,), 1795559160), "time(NULL) = 1795559160 (2026-11-24T22:26:00+0000)")
    check(rec("times", (ADDR,), 1718083721, {0: bytes(32)}),
          "times({tms_utime=0, tms_stime=0, tms_cutime=0, tms_cstime=0}) = 1718083721")
    check(rec("mknodat", (AT_FDCWD, 0x1000, 0o10644, 0), 0, {1: b"/tmp/dfs/nod\0"}),
          'mknodat(AT_FDCWD, "/tmp/dfs/nod", S_IFIFO|0644) = 0')
    check(rec("mknodat", (AT_FDCWD, 0x1000, 0o20600, 0x103), 0, {1: b"/tmp/dfs/nod2\0"}),
          'mknodat(AT_FDCWD, "/tmp/dfs/nod2", S_IFCHR|0600, makedev(0x1, 0x3)) = 0')
    check(rec("faccessat2", (AT_FDCWD, 0x1000, 1, 0x200), 0, {1: b"/etc\0"}),
          'faccessat2(AT_FDCWD, "/etc", X_OK, AT_EACCESS) = 0')
    check(rec("umount2", (0x1000, 2), -2, {0: b"/tmp/dfs/nomnt\0"}),
          'umount2("/tmp/dfs/nomnt", MNT_DETACH) = -1 ENOENT (No such file or directory)')
    check(rec("inotify_init1", (0o4000 | 0o2000000,), 5), "inotify_init1(IN_NONBLOCK|IN_CLOEXEC) = 5")
    check(rec("getrandom", (ADDR, 8, 1), 8, {0: bytes.fromhex("fe088778110a397a")}),
          'getrandom("\\xfe\\x08\\x87\\x78\\x11\\x0a\\x39\\x7a", 8, GRND_NONBLOCK) = 8')
    si = struct.pack("<qQQQQQQQQQH6xQQI4x", 960, 49632, 20864, 10112, 25276502016, 24667381760,
                     9084928, 1355776, 0, 0, 111, 0, 0, 1)
    check(rec("sysinfo", (ADDR,), 0, {0: si}),
          "sysinfo({uptime=960, loads=[49632, 20864, 10112], totalram=25276502016, "
          "freeram=24667381760, sharedram=9084928, bufferram=1355776, totalswap=0, freeswap=0, "
          "procs=111, totalhigh=0, freehigh=0, mem_unit=1}) = 0")


def test_capget():
    caps = 0x1fffeffffff   # all but CAP_SYS_RESOURCE (24), as in the sandbox
    hdr = struct.pack("<Ii", 0x20080522, 0)
    data = struct.pack("<IIIIII", caps & 0xffffffff, caps & 0xffffffff, 0, caps >> 32,
                       caps >> 32, 0)
    out = line(rec("capget", (ADDR, ADDR + 8), 0, {0: hdr, 1: data}))
    assert out.startswith("capget({version=_LINUX_CAPABILITY_VERSION_3, pid=0}, "
                          "{effective=1<<CAP_CHOWN|1<<CAP_DAC_OVERRIDE|")
    assert "1<<CAP_SYS_TIME|1<<CAP_SYS_TTY_CONFIG" in out      # no CAP_SYS_RESOURCE
    assert out.endswith("1<<CAP_BPF|1<<CAP_CHECKPOINT_RESTORE, inheritable=0}) = 0")


# ---------------------------------------------------------------- -X raw / verbose
# strace -X raw|verbose -o OUT on tests/progs/dec_fs_{1,2,5}.c

RAW, VERB = xlat.XRAW, xlat.XVERBOSE


def test_xstyles_stat():
    st_ = stat_bytes(mode=0o20666, rdev=0x103, size=0)
    r = rec("newfstatat", (AT_FDCWD, 0x1000, ADDR, 0), 0, {1: b"/dev/null\0", 2: st_})
    check(r, 'newfstatat(-100, "/dev/null", {st_mode=020666, st_rdev=0x103, ...}, 0) = 0',
          xstyle=RAW)
    check(r, 'newfstatat(-100 /* AT_FDCWD */, "/dev/null", {st_mode=020666 /* S_IFCHR|0666 */, '
          'st_rdev=0x103 /* makedev(0x1, 0x3) */, ...}, 0) = 0', xstyle=VERB)


def test_xstyles_statx_flags():
    r = rec("statx", (3, 0x1000, 0x1000, 0x7ff, ADDR), -9, {1: b"\0"})
    assert line(r, xstyle=RAW).startswith('statx(3, "", |0x1000, 0x7ff, ')
    assert line(r, xstyle=VERB).startswith(
        'statx(3, "", 0 /* AT_STATX_SYNC_AS_STAT */|0x1000 /* AT_EMPTY_PATH */, '
        '0x7ff /* STATX_BASIC_STATS */, ')
    r = rec("statx", (3, 0x1000, 0, 0xfff, ADDR), -9, {1: b"\0"})
    assert line(r, xstyle=RAW).startswith('statx(3, "", , 0xfff, ')


def test_xstyles_misc():
    check(rec("fcntl", (3, F_GETFD), 1), "fcntl(3, 0x1) = 0x1 (flags 0x1)", xstyle=RAW)
    check(rec("fcntl", (3, F_GETFD), 1),
          "fcntl(3, 0x1 /* F_GETFD */) = 0x1 (flags 0x1 /* FD_CLOEXEC */)", xstyle=VERB)
    check(rec("fcntl", (3, F_GETFL), 0x8002),
          "fcntl(3, 0x3) = 0x8002 (flags O_RDWR|O_LARGEFILE)", xstyle=RAW)
    check(rec("fcntl", (3, 0, 10), 11), "fcntl(3, 0 /* F_DUPFD */, 10) = 11", xstyle=VERB)
    check(rec("lseek", (3, 2, 0), 2), "lseek(3, 2, 0) = 2", xstyle=RAW)
    check(rec("madvise", (ADDR, 8192, 4)), "madvise(0x7ffc1c265570, 8192, 0x4) = 0", xstyle=RAW)
    check(rec("prctl", (1, 15)), "prctl(0x1 /* PR_SET_PDEATHSIG */, 15 /* SIGTERM */) = 0",
          xstyle=VERB)
    check(rec("personality", (0,)), "personality(0 /* PER_LINUX */) = 0 (0 /* PER_LINUX */)",
          xstyle=VERB)
    ts = struct.pack("<qqqq", 1, 2, 0, (1 << 30) - 2)
    check(rec("utimensat", (AT_FDCWD, 0x1000, ADDR, 0), 0, {1: b"/f\0", 2: ts}),
          'utimensat(-100 /* AT_FDCWD */, "/f", [{tv_sec=1, tv_nsec=2} /* 1970-01-01T00:00:01.000000002+0000 */, '
          '{tv_sec=0, tv_nsec=1073741822} /* UTIME_OMIT */], 0) = 0', xstyle=VERB)
    caps = 0x1fffeffffff
    data = struct.pack("<IIIIII", caps & 0xffffffff, caps & 0xffffffff, 0, caps >> 32,
                       caps >> 32, 0)
    check(rec("capget", (ADDR, ADDR + 8), 0, {0: struct.pack("<Ii", 0x20080522, 0), 1: data}),
          "capget({version=0x20080522, pid=0}, {effective=0xfeffffff|0x1ff, "
          "permitted=0xfeffffff|0x1ff, inheritable=0}) = 0", xstyle=RAW)


def test_xstyles_termios():
    check(rec("ioctl", (0, 0x5401, ADDR), 0, {2: TERMIOS}),
          "ioctl(0, 0x5401, {c_iflag=0x500, c_oflag=0|0|0|0|0|0|0x5, c_cflag=0xf|0x30|0x80, "
          "c_lflag=0x8a3b, ...}) = 0", xstyle=RAW)
    check(rec("ioctl", (0, 0x5401, ADDR), 0, {2: TERMIOS}),
          "ioctl(0, 0x5401 /* TCGETS */, {c_iflag=0x500 /* ICRNL|IXON */, c_oflag=0 /* NL0 */|"
          "0 /* CR0 */|0 /* TAB0 */|0 /* BS0 */|0 /* VT0 */|0 /* FF0 */|0x5 /* OPOST|ONLCR */, "
          "c_cflag=0xf /* B38400 */|0x30 /* CS8 */|0x80 /* CREAD */, c_lflag=0x8a3b /* ISIG|"
          "ICANON|ECHO|ECHOE|ECHOK|IEXTEN|ECHOCTL|ECHOKE */, ...}) = 0", xstyle=VERB)
    check(rec("ioctl", (4, 0x540a, 1)), "ioctl(4, 0x540a /* TCXONC */, 0x1 /* TCOON */) = 0",
          xstyle=VERB)


# ---------------------------------------------------------------- robustness

MY_KINDS = sorted({syscall_specs.parse_kind(k)[0] for kinds in dec_fs.SPECS.values()
                   for k in kinds} | {"stat", "ioctl_arg", "ioctl_req"})
MY_RETS = sorted(set(dec_fs.RETURNS.values()))
MY_SYSCALLS = sorted(n for n in dec_fs.SPECS if n in syscall_table.NUMBERS)

u64 = st.integers(min_value=0, max_value=(1 << 64) - 1)
small = st.sampled_from([0, 1, 2, 3, 5, 6, 15, 16, 23, 38, 0x5401, 0x5402, 0x5413, 0x541b,
                         0x40049409, 0x80086601, 1030, 1024, 1025, 1033, 1034, 0xfff])


@settings(max_examples=300, deadline=None)
@given(name=st.sampled_from(MY_SYSCALLS), args=st.lists(st.one_of(u64, small), min_size=6,
                                                            max_size=6),
       ret=st.one_of(st.integers(min_value=-4200, max_value=1 << 40), small),
       data=st.dictionaries(st.integers(0, 5), st.binary(max_size=300), max_size=6),
       status=st.sampled_from([ST_OK, ST_FAULT, 2, 3]), verbose=st.booleans(),
       count=st.integers(0, 5000))
def test_every_syscall_formats_random_input(name, args, ret, data, status, verbose, count):
    caps = {i: Capture(CAP_DIRENTS if i == 1 else CAP_BUF, status, d, count)
            for i, d in data.items()}
    r = Record(nr=syscall_table.NUMBERS[name], args=tuple(args), ret=ret, caps=caps)
    ctx = sf.Ctx(verbose=verbose)
    sc = BY_NAME[name]
    for i, k in enumerate(sc.kinds):
        kname, _, param = k.partition(":")
        out = sf.FORMATTERS[kname](r, i, ctx, param)
        assert out is None or isinstance(out, str)
    assert isinstance(sf.format_syscall(r, sc, ctx), str)


@settings(max_examples=200, deadline=None)
@given(kind=st.sampled_from(MY_KINDS), args=st.lists(u64, min_size=6, max_size=6),
       ret=st.integers(min_value=-4200, max_value=1 << 40), d=st.binary(max_size=300),
       verbose=st.booleans(), xstyle=st.sampled_from([0, 1, 2]))
def test_every_kind_returns_str(kind, args, ret, d, verbose, xstyle):
    r = Record(nr=0, args=tuple(args), ret=ret,
               caps={i: Capture(CAP_BUF, ST_OK, d, len(d)) for i in range(6)})
    ctx = sf.Ctx(verbose=verbose, xstyle=xstyle)
    for i in range(6):
        out = sf.FORMATTERS[kind](r, i, ctx, "")
        assert out is None or isinstance(out, str)
    for rk in MY_RETS:
        assert isinstance(sf.RET_FORMATTERS[rk](r, ctx), str)
