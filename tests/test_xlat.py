"""Tests of the generated tables (xlat_data.py) and the printing API (xlat.py).

The expected strings were observed with the real strace 6.1 (/usr/bin/strace)
on a small static C program `sc NR ARG...` that calls syscall(NR, ARG...),
traced with `strace -qq -e trace=NAME -e inject=NAME:error=ENOSYS [-X STYLE]`;
the command behind each group is written next to it.  Signal sets were
observed with `strace -e trace=rt_sigprocmask -e inject=rt_sigprocmask:error=ENOSYS
python3 -c 'ctypes ... syscall(14, SIG_BLOCK, &mask, NULL, 8)'`.
"""
import errno
import mmap
import os
import signal
import socket
import subprocess
import sys

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)

import xlat  # noqa: E402
import xlat_data  # noqa: E402
from xlat import XRAW, XABBREV, XVERBOSE, printflags, printxval  # noqa: E402


def val(table, name):
    return dict(xlat_data.TABLES[table][2])[name]


# --- generated values against Python's stdlib ---------------------------------
@pytest.mark.parametrize("name", [n for n in dir(os) if n.startswith("O_")])
def test_open_flags_match_os(name):
    for t in ("open_flags", "open_access"):
        d = dict(xlat_data.TABLES[t][2])
        if name in d and name != "O_LARGEFILE":  # glibc: 0 on x86_64
            assert d[name] == getattr(os, name)
    assert dict(xlat_data.TABLES["open_flags"][2])["O_LARGEFILE"] == 0o100000


def test_stdlib_values():
    assert val("mmap_prot", "PROT_READ") == mmap.PROT_READ
    assert val("mmap_prot", "PROT_WRITE") == mmap.PROT_WRITE
    assert val("mmap_prot", "PROT_EXEC") == mmap.PROT_EXEC
    assert val("mmap_type", "MAP_SHARED") == mmap.MAP_SHARED
    assert val("mmap_type", "MAP_PRIVATE") == mmap.MAP_PRIVATE
    assert val("mmap_flags", "MAP_ANONYMOUS") == mmap.MAP_ANONYMOUS
    assert val("mmap_flags", "MAP_POPULATE") == mmap.MAP_POPULATE
    assert val("madvise_advice", "MADV_DONTNEED") == mmap.MADV_DONTNEED
    for n, v in xlat_data.TABLES["address_families"][2]:
        if hasattr(socket, n):
            assert getattr(socket, n) == v, n
    for n, v in xlat_data.TABLES["socket_types"][2]:
        if hasattr(socket, n):
            assert getattr(socket, n) == v, n
    assert val("socket_type_flags", "SOCK_CLOEXEC") == socket.SOCK_CLOEXEC
    assert val("socket_type_flags", "SOCK_NONBLOCK") == socket.SOCK_NONBLOCK
    for t in ("ip_protocols", "sockopts_socket", "sockopts_tcp", "msg_flags",
              "shutdown_how", "socket_levels", "netlink_protocols"):
        for n, v in xlat_data.TABLES[t][2]:
            if hasattr(socket, n):
                assert getattr(socket, n) == v, n
    for n in ("SEEK_SET", "SEEK_CUR", "SEEK_END", "SEEK_DATA", "SEEK_HOLE"):
        assert val("seek_whence", n) == getattr(os, n)
    for n in ("F_OK", "R_OK", "W_OK", "X_OK"):
        assert val("access_modes", n) == getattr(os, n)
    for n in ("WNOHANG", "WEXITED", "WSTOPPED", "WCONTINUED", "WNOWAIT"):
        assert val("wait4_options", n) == getattr(os, n)
    for n, v in xlat_data.TABLES["clocks"][2]:
        if hasattr(__import__("time"), n):
            assert getattr(__import__("time"), n) == v, n
    for n, v in xlat_data.TABLES["rlimit_resources"][2]:
        import resource
        if hasattr(resource, n):
            assert getattr(resource, n) == v, n
    for n in ("SIG_BLOCK", "SIG_UNBLOCK", "SIG_SETMASK"):
        assert val("sigprocmask_how", n) == getattr(signal, n)
    assert val("getrandom_flags", "GRND_NONBLOCK") == os.GRND_NONBLOCK
    assert val("memfd_flags", "MFD_CLOEXEC") == os.MFD_CLOEXEC
    assert val("xattr_flags", "XATTR_CREATE") == os.XATTR_CREATE
    assert val("fadvise_advice", "POSIX_FADV_DONTNEED") == os.POSIX_FADV_DONTNEED
    assert val("sched_policies", "SCHED_IDLE") == os.SCHED_IDLE


def test_errno_and_signals_match_stdlib():
    for code, name in errno.errorcode.items():
        assert xlat.errno_message(code) == os.strerror(code)
        assert getattr(errno, xlat.errno_name(code)) == code
    for s in signal.Signals:
        if not s.name.startswith("SIGRT"):
            assert xlat.signal_name(int(s)) == s.name


# --- exact strings observed with strace 6.1 ----------------------------------
# sc 257 -100 /nonexist FLAGS 0 under strace -e trace=openat
@pytest.mark.parametrize("value,xs,want", [
    (0x80000, XABBREV, "O_RDONLY|O_CLOEXEC"),
    (0x80000, XVERBOSE, "0x80000 /* O_RDONLY|O_CLOEXEC */"),
    (0, XVERBOSE, "0 /* O_RDONLY */"),
    (0, XRAW, "0"),
    (0x40000000, XABBREV, "O_RDONLY|0x40000000"),
    (0x40000000, XVERBOSE, "0x40000000 /* O_RDONLY|0x40000000 */"),
    (0x90800, XABBREV, "O_RDONLY|O_NONBLOCK|O_CLOEXEC|O_DIRECTORY"),
    (0xffffffff, XABBREV,
     "O_ACCMODE|O_CREAT|O_EXCL|O_NOCTTY|O_TRUNC|O_APPEND|O_NONBLOCK|O_SYNC|"
     "O_DIRECT|O_LARGEFILE|O_NOFOLLOW|O_NOATIME|O_CLOEXEC|O_PATH|O_TMPFILE|"
     "FASYNC|0xff80003c"),
    (0x241, XABBREV, "O_WRONLY|O_CREAT|O_TRUNC"),
])
def test_open_flags_strace(value, xs, want):
    assert printflags("open_flags", value, xs) == want


# sc 293 0 FLAGS (pipe2)
@pytest.mark.parametrize("value,xs,want", [
    (0, XABBREV, "0"), (0x1, XABBREV, "0x1 /* O_??? */"),
    (0x80001, XABBREV, "O_CLOEXEC|0x1"),
    (0x80001, XVERBOSE, "0x80001 /* O_CLOEXEC|0x1 */"),
    (0x1, XVERBOSE, "0x1 /* O_??? */"), (0x80001, XRAW, "0x80001"),
    (0xffffffff, XABBREV,
     "O_CREAT|O_EXCL|O_NOCTTY|O_TRUNC|O_APPEND|O_NONBLOCK|O_SYNC|O_DIRECT|"
     "O_LARGEFILE|O_NOFOLLOW|O_NOATIME|O_CLOEXEC|O_PATH|O_TMPFILE|FASYNC|"
     "0xff80003f"),
])
def test_pipe2_flags_strace(value, xs, want):
    assert printflags("pipe2_flags", value, xs) == want


# sc 9 0 4096 PROT FLAGS -1 0 (mmap)
@pytest.mark.parametrize("table,value,xs,want", [
    ("mmap_prot", 0, XABBREV, "PROT_NONE"),
    ("mmap_prot", 0, XVERBOSE, "0 /* PROT_NONE */"),
    ("mmap_prot", 0, XRAW, "0"),
    ("mmap_prot", 0x80000000, XABBREV, "0x80000000 /* PROT_??? */"),
    ("mmap_prot", 0xffffffff, XABBREV,
     "PROT_READ|PROT_WRITE|PROT_EXEC|PROT_SEM|PROT_GROWSDOWN|PROT_GROWSUP|"
     "0xfcfffff0"),
    ("mmap_flags", 0, XABBREV, "MAP_FILE"),
    ("mmap_flags", 0, XVERBOSE, "0 /* MAP_FILE */"),
    ("mmap_flags", 0x20, XABBREV, "MAP_FILE|MAP_ANONYMOUS"),
    ("mmap_flags", 0x22, XABBREV, "MAP_PRIVATE|MAP_ANONYMOUS"),
    ("mmap_flags", 0x22, XVERBOSE, "0x22 /* MAP_PRIVATE|MAP_ANONYMOUS */"),
    ("mmap_flags", 0x3, XABBREV, "MAP_SHARED_VALIDATE"),
    ("mmap_flags", 0x4, XABBREV, "0x4 /* MAP_??? */"),
    ("mmap_flags", 0x100003, XABBREV,
     "MAP_SHARED_VALIDATE|MAP_FIXED_NOREPLACE"),
    ("mmap_flags", 0x80000000, XABBREV, "MAP_FILE|32<<MAP_HUGE_SHIFT"),
    ("mmap_flags", 0x80000022, XVERBOSE,
     "0x80000022 /* MAP_PRIVATE|MAP_ANONYMOUS|32<<MAP_HUGE_SHIFT */"),
    ("mmap_flags", 0xffffffff, XABBREV,
     "0xf /* MAP_??? */|MAP_FIXED|MAP_ANONYMOUS|MAP_32BIT|MAP_NORESERVE|"
     "MAP_POPULATE|MAP_NONBLOCK|MAP_GROWSDOWN|MAP_DENYWRITE|MAP_EXECUTABLE|"
     "MAP_LOCKED|MAP_STACK|MAP_HUGETLB|MAP_SYNC|MAP_FIXED_NOREPLACE|"
     "0x3e00680|63<<MAP_HUGE_SHIFT"),
])
def test_mmap_strace(table, value, xs, want):
    assert printflags(table, value, xs) == want


# sc 56 FLAGS 0 0 0 0 (clone)
@pytest.mark.parametrize("value,xs,want", [
    (0x11, XABBREV, "SIGCHLD"),
    (0x1200011, XABBREV, "CLONE_CHILD_CLEARTID|CLONE_CHILD_SETTID|SIGCHLD"),
    (0x1200011, XVERBOSE,
     "0x1200000 /* CLONE_CHILD_CLEARTID|CLONE_CHILD_SETTID */|17 /* SIGCHLD */"),
    (0x100, XABBREV, "CLONE_VM"), (0, XABBREV, "0"), (0x41, XABBREV, "65"),
    (0xffffffff, XABBREV,
     "CLONE_VM|CLONE_FS|CLONE_FILES|CLONE_SIGHAND|CLONE_PIDFD|CLONE_PTRACE|"
     "CLONE_VFORK|CLONE_PARENT|CLONE_THREAD|CLONE_NEWNS|CLONE_SYSVSEM|"
     "CLONE_SETTLS|CLONE_PARENT_SETTID|CLONE_CHILD_CLEARTID|CLONE_UNTRACED|"
     "CLONE_CHILD_SETTID|CLONE_NEWCGROUP|CLONE_NEWUTS|CLONE_NEWIPC|"
     "CLONE_NEWUSER|CLONE_NEWPID|CLONE_NEWNET|CLONE_IO|0x400000|255"),
])
def test_clone_flags_strace(value, xs, want):
    assert printflags("clone_flags", value, xs) == want


# sc 41 FAMILY TYPE PROTO (socket)
def test_socket_strace():
    assert printflags("socket_type", 0x80801) == \
        "SOCK_STREAM|SOCK_CLOEXEC|SOCK_NONBLOCK"
    assert printflags("socket_type", 0x80801, XVERBOSE) == \
        "0x1 /* SOCK_STREAM */|0x80800 /* SOCK_CLOEXEC|SOCK_NONBLOCK */"
    assert printflags("socket_type", 0xf) == "0xf /* SOCK_??? */"
    assert printflags("socket_type", 0xfffffff1) == \
        "SOCK_STREAM|SOCK_CLOEXEC|SOCK_NONBLOCK|0xfff7f7f0"
    assert printxval("address_families", 44) == "AF_XDP"
    assert printxval("address_families", 2, XVERBOSE) == "0x2 /* AF_INET */"
    assert printxval("address_families", 44, XRAW) == "0x2c"
    assert printxval("ip_protocols", 0) == "IPPROTO_IP"


# sc 202 0 OP 0 0 0 0 (futex)
def test_futex_strace():
    assert printxval("futex_ops", 0x80) == "FUTEX_WAIT_PRIVATE"
    assert printxval("futex_ops", 0x18b) == \
        "FUTEX_WAIT_REQUEUE_PI_PRIVATE|FUTEX_CLOCK_REALTIME"
    assert printxval("futex_ops", 0x189, XVERBOSE) == \
        "0x189 /* FUTEX_WAIT_BITSET_PRIVATE|FUTEX_CLOCK_REALTIME */"
    assert printxval("futex_ops", 0x7f) == "0x7f /* FUTEX_??? */"
    assert printxval("futex_ops", 0xffffffff) == "0xffffffff /* FUTEX_??? */"


# lseek 8 / fcntl 72 / rt_sigprocmask 14
def test_xval_strace():
    assert printxval("seek_whence", 7) == "0x7 /* SEEK_??? */"
    assert printxval("seek_whence", 7, XVERBOSE) == "0x7 /* SEEK_??? */"
    assert printxval("seek_whence", 7, XRAW) == "0x7"
    assert printxval("fcntl_cmds", 1) == "F_GETFD"
    assert printxval("fcntl_cmds", 1, XVERBOSE) == "0x1 /* F_GETFD */"
    assert printxval("sigprocmask_how", 0) == "SIG_BLOCK"
    assert printxval("sigprocmask_how", 7) == "0x7 /* SIG_??? */"
    assert printxval("membarrier_cmds", 0x1ff) == \
        "0x1ff /* MEMBARRIER_CMD_??? */"
    assert xlat.lookup("arch_prctl_codes", 0x1002) == "ARCH_SET_FS"
    assert xlat.lookup("arch_prctl_codes", 0x3001) == "ARCH_CET_STATUS"
    assert xlat.lookup("rlimit_resources", 3) == "RLIMIT_STACK"
    assert xlat.lookup("fcntl_cmds", 12345) is None


# flag tables whose full order was observed by setting every known bit
@pytest.mark.parametrize("table,value,want", [
    ("msync_flags", 7, "MS_SYNC|MS_ASYNC|MS_INVALIDATE"),          # msync 26
    ("wait4_options", 0xe100000f,                                  # wait4 61
     "WNOHANG|WEXITED|WSTOPPED|WCONTINUED|WNOWAIT|__WCLONE|__WALL|"
     "__WNOTHREAD"),
    ("timerfd_flags", 0x80800, "TFD_CLOEXEC|TFD_NONBLOCK"),        # 283
    ("statx_flags", 0x6900,                                        # statx 332
     "AT_STATX_FORCE_SYNC|AT_STATX_DONT_SYNC|AT_SYMLINK_NOFOLLOW|"
     "AT_NO_AUTOMOUNT"),
    ("statx_flags", 0, "AT_STATX_SYNC_AS_STAT"),
    ("statx_mask", 0x7ff, "STATX_BASIC_STATS"),
    ("statx_mask", 0x3, "STATX_TYPE|STATX_MODE"),
    ("statx_mask", 0x1fff, "STATX_ALL|STATX_MNT_ID"),
    ("statx_mask", 0x80003fff,
     "STATX_ALL|STATX_MNT_ID|STATX_DIOALIGN|0x80000000"),
    ("fstatat_flags", 0xffff,                                      # 262
     "AT_SYMLINK_NOFOLLOW|AT_REMOVEDIR|AT_SYMLINK_FOLLOW|AT_NO_AUTOMOUNT|"
     "AT_EMPTY_PATH|AT_RECURSIVE|0x60ff"),
    ("mremap_flags", 7, "MREMAP_MAYMOVE|MREMAP_FIXED|MREMAP_DONTUNMAP"),
    ("eventfd_flags", 0x80801, "EFD_SEMAPHORE|EFD_CLOEXEC|EFD_NONBLOCK"),
    ("getrandom_flags", 7, "GRND_NONBLOCK|GRND_RANDOM|GRND_INSECURE"),
    ("access_modes", 7, "R_OK|W_OK|X_OK"),
    ("memfd_flags", 7, "MFD_CLOEXEC|MFD_ALLOW_SEALING|MFD_HUGETLB"),
    ("umount_flags", 0xf, "MNT_FORCE|MNT_DETACH|MNT_EXPIRE|UMOUNT_NOFOLLOW"),
    ("splice_flags", 0xf,
     "SPLICE_F_MOVE|SPLICE_F_NONBLOCK|SPLICE_F_MORE|SPLICE_F_GIFT"),
    ("mlockall_flags", 7, "MCL_CURRENT|MCL_FUTURE|MCL_ONFAULT"),
    ("signalfd_flags", 0x80800, "SFD_CLOEXEC|SFD_NONBLOCK"),
    ("close_range_flags", 6, "CLOSE_RANGE_UNSHARE|CLOSE_RANGE_CLOEXEC"),
    ("xattr_flags", 3, "XATTR_CREATE|XATTR_REPLACE"),
    ("timer_flags", 1, "TIMER_ABSTIME"),
    ("unlinkat_flags", 0x200, "AT_REMOVEDIR"),
    ("shm_flags", 0xf000, "SHM_RDONLY|SHM_RND|SHM_REMAP|SHM_EXEC"),
])
def test_flag_order_strace(table, value, want):
    assert printflags(table, value) == want


def test_msg_flags_strace():  # sendto 44 with every MSG_ bit
    full = 0
    for _, v in xlat_data.TABLES["msg_flags"][2]:
        full |= v
    assert printflags("msg_flags", full) == (
        "MSG_OOB|MSG_PEEK|MSG_DONTROUTE|MSG_CTRUNC|MSG_PROBE|MSG_TRUNC|"
        "MSG_DONTWAIT|MSG_EOR|MSG_WAITALL|MSG_FIN|MSG_SYN|MSG_CONFIRM|MSG_RST|"
        "MSG_ERRQUEUE|MSG_NOSIGNAL|MSG_MORE|MSG_WAITFORONE|MSG_BATCH|"
        "MSG_ZEROCOPY|MSG_FASTOPEN|MSG_CMSG_CLOEXEC")


# kill 62 -12345 SIG
@pytest.mark.parametrize("sig,want", [
    (0, "0"), (1, "SIGHUP"), (9, "SIGKILL"), (31, "SIGSYS"),
    (32, "SIGRTMIN"), (33, "SIGRT_1"), (34, "SIGRT_2"), (64, "SIGRT_32"),
    (65, "65"), (100, "100")])
def test_signal_name_strace(sig, want):
    assert xlat.signal_name(sig) == want


# rt_sigprocmask(SIG_BLOCK, &mask, NULL, 8)
@pytest.mark.parametrize("mask,xs,want", [
    (0, XABBREV, "[]"), (1, XABBREV, "[HUP]"), (0x10000, XABBREV, "[CHLD]"),
    (3, XABBREV, "[HUP INT]"), ((1 << 64) - 1, XABBREV, "~[]"),
    (0xfffffffe7ffffeff, XABBREV, "~[KILL RTMIN RT_1]"),
    (0xfffffffc7ffffeff, XABBREV, "~[KILL RTMIN RT_1 RT_2]"),
    (0x8000000000000000, XABBREV, "[RT_32]"),
    (0xfffffffffffffffe, XABBREV, "~[HUP]"),
    (3, XVERBOSE, "[1 /* HUP */ 2 /* INT */]"),
    (3, XRAW, "[1 2]"), (0xfffffffffffffffe, XRAW, "~[1]"),
    ((1 << 41) - 1, XABBREV, "[" + " ".join(
        ["HUP", "INT", "QUIT", "ILL", "TRAP", "ABRT", "BUS", "FPE", "KILL",
         "USR1", "SEGV", "USR2", "PIPE", "ALRM", "TERM", "STKFLT", "CHLD",
         "CONT", "STOP", "TSTP", "TTIN", "TTOU", "URG", "XCPU", "XFSZ",
         "VTALRM", "PROF", "WINCH", "IO", "PWR", "SYS", "RTMIN"] +
        ["RT_%d" % i for i in range(1, 10)]) + "]"),
    ((1 << 42) - 1, XABBREV,
     "~[" + " ".join("RT_%d" % i for i in range(11, 33)) + "]"),
])
def test_sigset_strace(mask, xs, want):
    assert xlat.sigset(mask, xs) == want


def test_errno():
    assert xlat.errno_name(2) == "ENOENT"
    assert xlat.errno_name(11) == "EAGAIN"
    assert xlat.errno_name(35) == "EDEADLK"
    assert xlat.errno_name(95) == "EOPNOTSUPP"
    assert xlat.errno_name(512) == "ERESTARTSYS"
    assert xlat.errno_name(516) == "ERESTART_RESTARTBLOCK"
    assert xlat.errno_name(529) == "EIOCBQUEUED"
    assert xlat.errno_message(38) == "Function not implemented"
    assert xlat.errno_message(512) == "To be restarted if SA_RESTART is set"
    assert xlat.errno_message(514) == "To be restarted if no handler"
    assert xlat.errno_message(513) == "To be restarted"
    assert xlat.errno_message(516) == "Interrupted by signal"
    assert xlat.errno_name(4000) is None


def test_regeneration_is_reproducible():
    out = subprocess.run(["/usr/bin/python3", os.path.join(ROOT, "tools",
                                                            "gen_xlat.py")],
                         capture_output=True, text=True, check=True).stdout
    with open(os.path.join(ROOT, "xlat_data.py")) as f:
        assert f.read() == out


def test_provenance_header():
    with open(os.path.join(ROOT, "xlat_data.py")) as f:
        head = f.read(600)
    assert "GENERATED" in head and "tools/gen_xlat.py" in head
