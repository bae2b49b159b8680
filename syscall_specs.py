"""Per-syscall argument kinds, return kinds and classes: data, not code.

A kind names a formatter in syscall_formatters.FORMATTERS and, for pointers to
user memory, what the BPF program must capture (CAPTURES).  A kind may take one
parameter after a colon, e.g. "ibuf:2" = input buffer whose length is arg 2.
Syscalls without a row here get kinds from their tracefs argument names and C
types (default_kinds), so every syscall is decoded somehow.
"""
from collections import namedtuple

import syscall_table
from tracepoint_raw import (CAP_BUF, CAP_IOV, CAP_PTRCOUNT, CAP_STR, CAP_STRARR, LEN_ARG,
                            LEN_ARGMUL, LEN_DEREF, LEN_FIXED, LEN_RET, LEN_RETMUL, SF_ENTER_CAPS,
                            SF_NORETURN, WHEN_BOTH, WHEN_ENTER, WHEN_EXIT, WHEN_EXIT_OK)

PATH_MAX = 4096

CapSpec = namedtuple("CapSpec", "kind when lensrc lenarg len", defaults=(WHEN_EXIT, LEN_FIXED, 0, 0))


def _param(p):
    return int(p) if p else 0


# kind name -> function(param) -> CapSpec.  len 0 means "-s bytes + 1".
CAPTURES = {
    "path": lambda p: CapSpec(CAP_STR, len=PATH_MAX),
    "exec_path": lambda p: CapSpec(CAP_STR, WHEN_ENTER, len=PATH_MAX),
    "str": lambda p: CapSpec(CAP_STR),
    "ibuf": lambda p: CapSpec(CAP_BUF, WHEN_EXIT, LEN_ARG, _param(p)),
    "obuf_ret": lambda p: CapSpec(CAP_BUF, WHEN_EXIT_OK, LEN_RET),
    "obuf_path": lambda p: CapSpec(CAP_BUF, WHEN_EXIT_OK, LEN_RET, 0, PATH_MAX),
    "argv": lambda p: CapSpec(CAP_STRARR, WHEN_ENTER),
    "envp": lambda p: CapSpec(CAP_PTRCOUNT, WHEN_ENTER),
    "iov_in": lambda p: CapSpec(CAP_IOV, WHEN_EXIT, LEN_ARG, _param(p)),
    "iov_out": lambda p: CapSpec(CAP_IOV, WHEN_EXIT_OK, LEN_RET, _param(p)),
    # fixed-size structs: param = size in bytes; in = read whatever the result,
    # out = read only when the call succeeded
    "struct_in": lambda p: CapSpec(CAP_BUF, WHEN_EXIT, LEN_FIXED, 0, _param(p)),
    "struct_out": lambda p: CapSpec(CAP_BUF, WHEN_EXIT_OK, LEN_FIXED, 0, _param(p)),
    # sockaddr: length from arg N (value) / from *arg N (socklen_t *)
    "sockaddr_in": lambda p: CapSpec(CAP_BUF, WHEN_EXIT, LEN_ARG, _param(p), 128),
    "sockaddr_out": lambda p: CapSpec(CAP_BUF, WHEN_EXIT_OK, LEN_DEREF, _param(p), 128),
    # arrays of fixed-size elements: count from arg N / from the result
    "array_arg": lambda p: CapSpec(CAP_BUF, WHEN_EXIT, LEN_ARGMUL, *map(int, p.split("x"))),
    "array_ret": lambda p: CapSpec(CAP_BUF, WHEN_EXIT_OK, LEN_RETMUL, 0, int(p)),
    "u32_out": lambda p: CapSpec(CAP_BUF, WHEN_EXIT_OK, LEN_FIXED, 0, 4),
    "u64_out": lambda p: CapSpec(CAP_BUF, WHEN_EXIT_OK, LEN_FIXED, 0, 8),
    "int_pair_out": lambda p: CapSpec(CAP_BUF, WHEN_EXIT_OK, LEN_FIXED, 0, 8),
}

# struct kinds: (capture kind, size in bytes)
_STRUCTS = {
    "stat": ("struct_out", 144), "statx": ("struct_out", 256),
    "timespec": ("struct_in", 16), "timespec_out": ("struct_out", 16),
    "timeval_out": ("struct_out", 16), "utsname": ("struct_out", 390),
    "sysinfo": ("struct_out", 112), "rlimit_in": ("struct_in", 16),
    "rlimit_out": ("struct_out", 16), "int_pair": ("struct_out", 8),
    "wait_status": ("struct_out", 4), "socklen_ptr": ("struct_in", 4),
    "loff_ptr": ("struct_in", 8), "futex_timeout": ("struct_in", 16),
    "arch_prctl_arg": ("struct_out", 8),
}
for _k, (_how, _size) in _STRUCTS.items():
    CAPTURES[_k] = (lambda how, size: lambda p: CAPTURES[how](str(size)))(_how, _size)
CAPTURES["dirents"] = CAPTURES["obuf_ret"]
CAPTURES["cpuset_out"] = CAPTURES["obuf_ret"]
CAPTURES["cpuset_in"] = lambda p: CapSpec(CAP_BUF, WHEN_EXIT, LEN_ARG, 1, 128)
CAPTURES["pollfds"] = lambda p: CapSpec(CAP_BUF, WHEN_EXIT, LEN_ARGMUL, _param(p), 8)

# name -> (argument kinds...), return kind optional as "-> kind" in RETURNS
SPECS = {
    "read": ("fd", "obuf_ret", "ulong"),
    "write": ("fd", "ibuf:2", "ulong"),
    "pread64": ("fd", "obuf_ret", "ulong", "long"),
    "pwrite64": ("fd", "ibuf:2", "ulong", "long"),
    "readv": ("fd", "iov_out:2", "int"),
    "writev": ("fd", "iov_in:2", "int"),
    "open": ("path", "open_flags", "open_mode:1"),
    "openat": ("dirfd", "path", "open_flags", "open_mode:2"),
    "creat": ("path", "mode"),
    "close": ("fd",),
    "stat": ("path", "stat"),
    "lstat": ("path", "stat"),
    "fstat": ("fd", "stat"),
    "newfstatat": ("dirfd", "path", "stat", "at_flags"),
    "statx": ("dirfd", "path", "at_flags", "statx_mask", "statx"),
    "access": ("path", "access_mode"),
    "faccessat": ("dirfd", "path", "access_mode"),
    "faccessat2": ("dirfd", "path", "access_mode", "at_flags"),
    "readlink": ("path", "obuf_path", "ulong"),
    "readlinkat": ("dirfd", "path", "obuf_path", "ulong"),
    "lseek": ("fd", "long", "whence"),
    "mmap": ("ptr", "ulong", "mmap_prot", "mmap_flags", "fd", "hex"),
    "mprotect": ("ptr", "ulong", "mmap_prot"),
    "munmap": ("ptr", "ulong"),
    "brk": ("ptr",),
    "execve": ("exec_path", "argv", "envp"),
    "execveat": ("dirfd", "exec_path", "argv", "envp", "at_flags"),
    "exit": ("int",),
    "exit_group": ("int",),
    "getcwd": ("obuf_path", "ulong"),
    "chdir": ("path",),
    "fchdir": ("fd",),
    "mkdir": ("path", "mode"),
    "mkdirat": ("dirfd", "path", "mode"),
    "rmdir": ("path",),
    "unlink": ("path",),
    "unlinkat": ("dirfd", "path", "at_flags"),
    "rename": ("path", "path"),
    "renameat": ("dirfd", "path", "dirfd", "path"),
    "renameat2": ("dirfd", "path", "dirfd", "path", "rename_flags"),
    "link": ("path", "path"),
    "linkat": ("dirfd", "path", "dirfd", "path", "at_flags"),
    "symlink": ("path", "path"),
    "symlinkat": ("path", "dirfd", "path"),
    "chmod": ("path", "mode"),
    "fchmod": ("fd", "mode"),
    "fchmodat": ("dirfd", "path", "mode"),
    "chown": ("path", "id", "id"),
    "lchown": ("path", "id", "id"),
    "fchown": ("fd", "id", "id"),
    "fchownat": ("dirfd", "path", "id", "id", "at_flags"),
    "truncate": ("path", "long"),
    "ftruncate": ("fd", "long"),
    "umask": ("mode",),
    "dup": ("fd",),
    "dup2": ("fd", "fd"),
    "dup3": ("fd", "fd", "pipe2_flags"),
    "pipe": ("int_pair",),
    "pipe2": ("int_pair", "pipe2_flags"),
    "getdents64": ("fd", "dirents", "uint"),
    "getdents": ("fd", "dirents", "uint"),
    "getpid": (), "getppid": (), "gettid": (), "getuid": (), "geteuid": (), "getgid": (),
    "getegid": (), "getpgrp": (), "setsid": (), "sync": (), "sched_yield": (), "pause": (),
    "vfork": (), "fork": (),
    "kill": ("int", "signo"),
    "tkill": ("int", "signo"),
    "tgkill": ("int", "int", "signo"),
    "setuid": ("id",), "setgid": ("id",),
    "setpgid": ("int", "int"),
    "getpgid": ("int",),
    "getsid": ("int",),
    "sethostname": ("ibuf:1", "ulong"),
    "fsync": ("fd",), "fdatasync": ("fd",),
    "syncfs": ("fd",),
    "flock": ("fd", "flock_op"),
    "fadvise64": ("fd", "long", "long", "fadvise"),
    "set_tid_address": ("ptr",),
    "alarm": ("uint",),
    "nanosleep": ("timespec", "timespec_out"),
    "clock_nanosleep": ("clockid", "timer_flags", "timespec", "timespec_out"),
    "clock_gettime": ("clockid", "timespec_out"),
    "clock_getres": ("clockid", "timespec_out"),
    "gettimeofday": ("timeval_out", "ptr"),
    "time": ("ptr",),
    "uname": ("utsname",),
    "sysinfo": ("sysinfo",),
    "getrandom": ("obuf_ret", "ulong", "getrandom_flags"),
    "socket": ("addr_family", "socket_type", "int"),
    "connect": ("fd", "sockaddr_in:2", "int"),
    "bind": ("fd", "sockaddr_in:2", "int"),
    "listen": ("fd", "int"),
    "accept": ("fd", "sockaddr_out:2", "socklen_ptr"),
    "accept4": ("fd", "sockaddr_out:2", "socklen_ptr", "socket_flags"),
    "getsockname": ("fd", "sockaddr_out:2", "socklen_ptr"),
    "getpeername": ("fd", "sockaddr_out:2", "socklen_ptr"),
    "sendto": ("fd", "ibuf:2", "ulong", "msg_flags", "sockaddr_in:5", "int"),
    "recvfrom": ("fd", "obuf_ret", "ulong", "msg_flags", "sockaddr_out:5", "socklen_ptr"),
    "shutdown": ("fd", "shutdown_how"),
    "close_range": ("uint", "uint", "close_range_flags"),
    "sched_getaffinity": ("int", "uint", "cpuset_out"),
    "prlimit64": ("int", "rlimit_resource", "rlimit_in", "rlimit_out"),
    "getrlimit": ("rlimit_resource", "rlimit_out"),
    "setrlimit": ("rlimit_resource", "rlimit_in"),
    "arch_prctl": ("arch_prctl_code", "arch_prctl_arg"),
    "set_robust_list": ("ptr", "ulong"),
    "rseq": ("ptr", "hex", "hex", "hex"),
    "futex": ("ptr", "futex_op", "int", "futex_timeout", "ptr", "int"),
    "wait4": ("int", "wait_status", "wait_options", "ptr"),
    "rt_sigreturn": ("hex",),
    "madvise": ("ptr", "ulong", "madvise_advice"),
    "mremap": ("ptr", "ulong", "ulong", "mremap_flags", "ptr"),
    "poll": ("pollfds:1", "uint", "int"),
    "fcntl": ("fd", "fcntl_cmd", "fcntl_arg"),
    "ioctl": ("fd", "ioctl_req", "ioctl_arg"),
    "sendfile": ("fd", "fd", "loff_ptr", "ulong"),
    "copy_file_range": ("fd", "loff_ptr", "fd", "loff_ptr", "ulong", "uint"),
    "memfd_create": ("str", "memfd_flags"),
    "eventfd2": ("uint", "eventfd_flags"),
    "epoll_create1": ("epoll_create_flags",),
    "sched_setaffinity": ("int", "uint", "cpuset_in"),
    "prctl": ("prctl_option", "hex", "hex", "hex", "hex"),
}

# syscall -> return kind ("int" when absent)
RETURNS = {
    "mmap": "hex", "brk": "hex", "mremap": "hex", "shmat": "hex",
    "getpid": "int", "alarm": "uint", "umask": "octal_ret",
    "fcntl": "fcntl_ret",
}

FLAGS = {"exit": SF_NORETURN, "exit_group": SF_NORETURN}

# tracefs argument name -> kind, for syscalls without a row in SPECS
_NAME_KINDS = {
    "fd": "fd", "oldfd": "fd", "newfd": "fd", "ufd": "fd", "epfd": "fd", "out_fd": "fd",
    "in_fd": "fd", "fd_in": "fd", "fd_out": "fd", "pidfd": "fd", "mqdes": "int",
    "dfd": "dirfd", "olddfd": "dirfd", "newdfd": "dirfd", "dirfd": "dirfd",
    "filename": "path", "pathname": "path", "path": "path", "oldname": "path",
    "newname": "path", "specialfile": "path", "dir_name": "path", "library": "path",
    "new_root": "path", "put_old": "path", "dev_name": "path", "name": "path",
    "mode": "mode", "signal": "signo", "sig": "signo",
}
_UNSIGNED = {"unsigned int", "u32", "uid_t", "gid_t", "qid_t", "unsigned", "__u32", "old_uid_t",
             "old_gid_t"}
_SIGNED = {"int", "pid_t", "clockid_t", "timer_t", "key_serial_t", "mqd_t", "__s32", "rwf_t"}
_LONG_SIGNED = {"long", "off_t", "loff_t", "__s64"}
_LONG_UNSIGNED = {"size_t", "unsigned long", "u64", "__u64", "aio_context_t", "old_time32_t"}


def default_kinds(args):
    """Kinds for a syscall without a spec row, from tracefs (c_type, name) pairs."""
    kinds = []
    for ctype, name in args:
        ctype = ctype.replace("__user", "").strip()
        k = _NAME_KINDS.get(name)
        if k == "path" and not ctype.startswith("const char"):
            k = None
        if k == "mode" and ctype != "umode_t":
            k = None
        if k:
            kinds.append(k)
        elif "*" in ctype:
            kinds.append("ptr")
        elif ctype in _SIGNED:
            kinds.append("int")
        elif ctype in _UNSIGNED:
            kinds.append("uint")
        elif ctype in _LONG_SIGNED:
            kinds.append("long")
        elif ctype in ("unsigned long",) and name in ("flags", "addr", "start", "arg", "arg2",
                                                       "arg3", "arg4", "arg5"):
            kinds.append("hex" if name == "flags" else "ptr")
        elif ctype in _LONG_UNSIGNED:
            kinds.append("ulong")
        elif ctype == "umode_t":
            kinds.append("mode")
        else:
            kinds.append("hex")
    return tuple(kinds)


def _merge_decoder_modules():
    """Decoder modules (dec_*.py) contribute spec rows, return kinds and captures."""
    import dec_fs
    import dec_net
    import dec_proc
    for m in (dec_fs, dec_proc, dec_net):
        SPECS.update(m.SPECS)
        RETURNS.update(m.RETURNS)
        CAPTURES.update(m.CAPTURES)
        FLAGS.update(getattr(m, "FLAGS", {}))


_merge_decoder_modules()

Syscall = namedtuple("Syscall", "nr name kinds ret flags")
Row = namedtuple("Row", "flags traced caps")


def parse_kind(kind):
    name, _, param = kind.partition(":")
    return name, param


def build():
    """{nr: Syscall} for every syscall in the generated table."""
    out = {}
    for nr, (name, args) in syscall_table.SYSCALLS.items():
        kinds = SPECS.get(name)
        if kinds is None:
            kinds = default_kinds(args) if args is not None else ("hex",) * 6
        flags = FLAGS.get(name, 0)
        if any(CAPTURES.get(parse_kind(k)[0]) and
               CAPTURES[parse_kind(k)[0]](parse_kind(k)[1]).when in (WHEN_ENTER, WHEN_BOTH)
               for k in kinds):
            flags |= SF_ENTER_CAPS
        out[nr] = Syscall(nr, name, kinds, RETURNS.get(name, "int"), flags)
    return out


def bpf_rows(syscalls, traced=None):
    """Rows for strace.c's `specs` map: flags, filter bit and captures per argument."""
    rows = {}
    for nr, sc in syscalls.items():
        caps = []
        for k in sc.kinds:
            name, param = parse_kind(k)
            f = CAPTURES.get(name)
            caps.append(f(param) if f else None)
        rows[nr] = Row(sc.flags, traced is None or nr in traced, caps)
    return rows

EXEC_NR = syscall_table.NUMBERS["execve"]
