"""Syscall classes for -e trace=%CLASS: data, derived where the kernel tells us.

strace documents its classes (strace(1), "-e trace=%..."):
  %file     takes a file name as an argument
  %desc     file-descriptor related (takes or returns a descriptor; sockets are %net's)
  %net      network related             %process  process lifecycle (create, exec, end)
  %signal   signal related              %ipc      SysV IPC
  %memory   memory mapping              %creds    user/group ids, capabilities
  %clock    read/modify system clocks   %pure     no arguments, always succeed, no side effect
  %stat %lstat %fstat %%stat  stat variants;  %statfs %fstatfs %%statfs  statfs variants

%file and %desc are derived from the kernel's tracefs argument names and types
(syscall_table), with the documented exceptions listed below; the other classes
are short lists of names.  tests/test_filters.py checks every class against what
real strace 6.1 traces (tests/data/strace_classes.json, made by
tools/probe_classes.py).
"""
import syscall_table

# argument names that carry a path when their type is `const char *`
_PATH_ARGS = {"filename", "pathname", "path", "oldname", "newname", "specialfile",
              "new_root", "put_old", "library", "special"}
# argument names that carry a file descriptor
_FD_ARGS = {"fd", "oldfd", "newfd", "ufd", "epfd", "out_fd", "in_fd", "fd_in", "fd_out",
            "pidfd", "dfd", "olddfd", "newdfd", "dirfd", "fildes", "mqdes", "kernel_fd",
            "from_dfd", "to_dfd", "fs_fd", "mnt_fd", "ruleset_fd", "swap_fd", "targetfd",
            "watch_fd", "tfd", "old_dfd", "new_dfd", "dst_fd", "src_fd", "fanotify_fd",
            "mount_fd", "mountdirfd", "group_fd"}

# what argument types alone get wrong
_FILE_ADD = {"getcwd", "mount", "umount2", "utime", "utimes", "uselib", "fsconfig",
             "move_mount", "acct", "name_to_handle_at"}
_FILE_DEL = {"fsetxattr", "fgetxattr", "fremovexattr"}          # fd + attribute *name*
_DESC_ADD = {  # return a new descriptor, or take descriptor sets/arrays
    "open", "creat", "dup", "pipe", "pipe2", "epoll_create", "epoll_create1", "eventfd",
    "eventfd2", "fanotify_init", "inotify_init", "inotify_init1", "io_uring_setup",
    "memfd_create", "memfd_secret", "mq_open", "pidfd_open", "timerfd_create", "userfaultfd",
    "fsopen", "landlock_create_ruleset", "bpf", "finit_module", "kexec_file_load",
    "poll", "ppoll", "select", "pselect6", "tee"}
_DESC_DEL = {"close_range"}
_DESC_AND_NET = {"sendfile"}     # both: files and sockets

NAMED = {
    "%process": {"clone", "clone3", "execve", "execveat", "exit", "exit_group", "fork",
                 "vfork", "kill", "tkill", "tgkill", "pidfd_send_signal", "rt_sigqueueinfo",
                 "rt_tgsigqueueinfo", "wait4", "waitid"},
    "%net": {"accept", "accept4", "bind", "connect", "getpeername", "getsockname",
             "getsockopt", "setsockopt", "listen", "recvfrom", "recvmsg", "recvmmsg",
             "sendto", "sendmsg", "sendmmsg", "sendfile", "shutdown", "socket", "socketpair",
             "getpmsg", "putpmsg"},
    "%signal": {"kill", "tkill", "tgkill", "pause", "pidfd_send_signal", "rt_sigaction",
                "rt_sigpending", "rt_sigprocmask", "rt_sigqueueinfo", "rt_sigreturn",
                "rt_sigsuspend", "rt_sigtimedwait", "rt_tgsigqueueinfo", "sigaltstack",
                "signalfd", "signalfd4", "io_uring_enter"},
    "%ipc": {"msgctl", "msgget", "msgrcv", "msgsnd", "semctl", "semget", "semop",
             "semtimedop", "shmat", "shmctl", "shmdt", "shmget"},
    "%memory": {"brk", "mmap", "mprotect", "pkey_mprotect", "munmap", "mremap", "msync",
                "mincore", "madvise", "mlock", "mlock2", "mlockall", "munlock", "munlockall",
                "mbind", "get_mempolicy", "set_mempolicy", "set_mempolicy_home_node",
                "migrate_pages", "move_pages", "remap_file_pages", "shmat", "shmdt",
                "io_setup", "io_destroy", "io_uring_register"},
    "%creds": {"capget", "capset", "getuid", "geteuid", "getgid", "getegid", "getgroups",
               "getresuid", "getresgid", "setuid", "setgid", "setreuid", "setregid",
               "setresuid", "setresgid", "setfsuid", "setfsgid", "setgroups", "prctl"},
    "%clock": {"adjtimex", "clock_adjtime", "clock_getres", "clock_gettime",
               "clock_settime", "gettimeofday", "settimeofday", "time"},
    "%pure": {"getpid", "getppid", "gettid", "getpgrp", "getuid", "geteuid", "getgid",
              "getegid"},
    "%stat": {"stat"},
    "%lstat": {"lstat"},
    "%fstat": {"fstat", "newfstatat", "statx"},
    "%statfs": {"statfs"},
    "%fstatfs": {"fstatfs"},
    "%%statfs": {"statfs", "fstatfs", "ustat"},
}
NAMED["%network"] = NAMED["%net"]
NAMED["%%stat"] = NAMED["%stat"] | NAMED["%lstat"] | NAMED["%fstat"]


def _takes(args, names, ctype=None):
    for t, n in args or ():
        if n in names and (ctype is None or t.replace("__user", "").strip().startswith(ctype)):
            return True
    return False


def _derive():
    file_, desc = set(), set()
    for name, args in syscall_table.SYSCALLS.values():
        if _takes(args, _PATH_ARGS, "const char"):
            file_.add(name)
        if _takes(args, _FD_ARGS):
            desc.add(name)
    file_ = (file_ | _FILE_ADD) - _FILE_DEL
    desc = (desc | _DESC_ADD) - _DESC_DEL - (NAMED["%net"] - _DESC_AND_NET)
    return {"%file": file_, "%desc": desc}


CLASSES = dict(NAMED)
CLASSES.update(_derive())


def names(cls):
    """Syscall names of class `cls` ('%file', ...); KeyError if there is no such class."""
    return CLASSES[cls]

# calls whose non-negative result is a new descriptor for the file named by
# their path argument (-P follows the file through them)
OPENS_PATH = {"open", "openat", "openat2", "creat"}
# calls whose result is a copy of their first argument's descriptor
DUPS_FD = {"dup", "dup2", "dup3"}
