#!/usr/bin/python3
"""Generate xlat_data.py: the flag / enum / errno / signal tables of my_strace.

Usage (from the repository root):

    /usr/bin/python3 tools/gen_xlat.py > xlat_data.py

Where the values come from:
  * every constant that the system headers define is evaluated by writing a
    small C program per table, compiling it with gcc and running it (so macro
    expressions such as (O_TMPFILE) or _IOR(...) are evaluated by the compiler);
    headers: glibc's (libc6-dev) and the kernel's uapi ones (linux-libc-dev,
    /usr/include/linux, /usr/include/x86_64-linux-gnu/asm);
  * errno names and messages come from Python's errno module and os.strerror
    (glibc's strerror text, which is also what strace prints);
  * signal names come from Python's signal module.

What is data written here by hand:
  * the list of macro NAMES of each table, in the order strace 6.1 prints them
    (the order was observed by running the real strace on a small program that
    calls syscall() with chosen bits, see tests/test_xlat.py);
  * the "PREFIX_???" default each table prints for unknown values;
  * a handful of values that no uapi header exports (kernel-internal errno
    codes 512..530 and their strace texts, ARCH_CET_STATUS); each is marked
    below.

The output is deterministic: running the generator twice gives the same file.
"""
import errno
import os
import signal
import subprocess
import sys
import tempfile

# ---------------------------------------------------------------------------
# header groups
H_FCNTL = ["fcntl.h", "unistd.h", "sys/stat.h"]
H_MMAN = ["sys/mman.h"]
H_SOCK = ["sys/socket.h", "netinet/in.h", "netinet/tcp.h", "linux/netlink.h"]
H_SIG = ["signal.h"]

# Each table: key -> (kind, default-for-unknown, headers, names)
#   kind "flags": bit set, names in strace's print order
#   kind "xval" : enumeration
# A name may be given as ("NAME", "C expression") when the C expression to
# evaluate differs from the name itself.
TABLES = []


def table(key, kind, dflt, headers, names, *, enum=False):
    TABLES.append((key, kind, dflt, headers, names, enum))


# --- files ------------------------------------------------------------------
table("open_access", "xval", "O_???", H_FCNTL,
      ["O_RDONLY", "O_WRONLY", "O_RDWR", "O_ACCMODE"])
# the kernel's header: glibc defines O_LARGEFILE as 0 on x86_64, strace
# prints the kernel's bit (0100000)
table("open_flags", "flags", "O_???", ["asm/fcntl.h"], [
    "O_CREAT", "O_EXCL", "O_NOCTTY", "O_TRUNC", "O_APPEND", "O_NONBLOCK",
    "O_SYNC", "O_DSYNC", "O_DIRECT", "O_LARGEFILE", "O_NOFOLLOW",
    "O_NOATIME", "O_CLOEXEC", "O_PATH", "O_TMPFILE", "O_DIRECTORY",
    "FASYNC"])
table("at_flags", "flags", "AT_???", H_FCNTL, [
    "AT_SYMLINK_NOFOLLOW", "AT_REMOVEDIR", "AT_SYMLINK_FOLLOW",
    "AT_NO_AUTOMOUNT", "AT_EMPTY_PATH", "AT_STATX_FORCE_SYNC",
    "AT_STATX_DONT_SYNC", "AT_RECURSIVE", "AT_EACCESS"])
table("statx_flags", "flags", "AT_???", H_FCNTL, [
    "AT_STATX_SYNC_AS_STAT", "AT_STATX_FORCE_SYNC", "AT_STATX_DONT_SYNC",
    "AT_SYMLINK_NOFOLLOW", "AT_REMOVEDIR", "AT_SYMLINK_FOLLOW",
    "AT_NO_AUTOMOUNT", "AT_EMPTY_PATH", "AT_RECURSIVE"])
table("fstatat_flags", "flags", "AT_???", H_FCNTL, [
    "AT_SYMLINK_NOFOLLOW", "AT_REMOVEDIR", "AT_SYMLINK_FOLLOW",
    "AT_NO_AUTOMOUNT", "AT_EMPTY_PATH", "AT_RECURSIVE"])
table("unlinkat_flags", "flags", "AT_???", H_FCNTL, ["AT_REMOVEDIR"])
table("access_modes", "flags", "?_OK", H_FCNTL,
      ["F_OK", "R_OK", "W_OK", "X_OK"])
table("fcntl_cmds", "xval", "F_???", [H_FCNTL, ["linux/fcntl.h"]], [
    "F_DUPFD", "F_GETFD", "F_SETFD", "F_GETFL", "F_SETFL", "F_GETLK",
    "F_SETLK", "F_SETLKW", "F_SETOWN", "F_GETOWN", "F_SETSIG", "F_GETSIG",
    "F_SETOWN_EX", "F_GETOWN_EX", "F_GETOWNER_UIDS", "F_OFD_GETLK",
    "F_OFD_SETLK", "F_OFD_SETLKW", "F_SETLEASE", "F_GETLEASE", "F_NOTIFY",
    "F_CANCELLK", "F_DUPFD_CLOEXEC", "F_SETPIPE_SZ", "F_GETPIPE_SZ",
    "F_ADD_SEALS", "F_GET_SEALS"])   # strace 6.1 prints the RW_HINT commands as F_???
table("fd_flags", "flags", "FD_???", H_FCNTL, ["FD_CLOEXEC"])
table("seal_flags", "flags", "F_SEAL_???", H_FCNTL, [
    "F_SEAL_SEAL", "F_SEAL_SHRINK", "F_SEAL_GROW", "F_SEAL_WRITE",
    "F_SEAL_FUTURE_WRITE"])
table("lock_types", "xval", "F_???", H_FCNTL, ["F_RDLCK", "F_WRLCK", "F_UNLCK"])
table("flock_ops", "flags", "LOCK_???", ["sys/file.h"], [
    "LOCK_SH", "LOCK_EX", "LOCK_NB", "LOCK_UN", "LOCK_MAND", "LOCK_READ",
    "LOCK_WRITE", "LOCK_RW"])
table("seek_whence", "xval", "SEEK_???", ["unistd.h"], [
    "SEEK_SET", "SEEK_CUR", "SEEK_END", "SEEK_DATA", "SEEK_HOLE"])
table("file_types", "xval", "S_IF???", ["sys/stat.h"], [
    "S_IFREG", "S_IFSOCK", "S_IFIFO", "S_IFLNK", "S_IFDIR", "S_IFBLK",
    "S_IFCHR"])
table("mode_bits", "flags", "S_???", ["sys/stat.h"],
      ["S_ISUID", "S_ISGID", "S_ISVTX"])
table("statx_mask", "flags", "STATX_???", ["linux/stat.h"], [
    "STATX_ALL", "STATX_BASIC_STATS", "STATX_TYPE", "STATX_MODE",
    "STATX_NLINK", "STATX_UID", "STATX_GID", "STATX_ATIME", "STATX_MTIME",
    "STATX_CTIME", "STATX_INO", "STATX_SIZE", "STATX_BLOCKS", "STATX_BTIME",
    "STATX_MNT_ID", "STATX_DIOALIGN"])
table("statx_attrs", "flags", "STATX_ATTR_???", ["linux/stat.h"], [
    "STATX_ATTR_COMPRESSED", "STATX_ATTR_IMMUTABLE", "STATX_ATTR_APPEND",
    "STATX_ATTR_NODUMP", "STATX_ATTR_ENCRYPTED", "STATX_ATTR_AUTOMOUNT",
    "STATX_ATTR_MOUNT_ROOT", "STATX_ATTR_VERITY", "STATX_ATTR_DAX"])
table("renameat2_flags", "flags", "RENAME_???", ["linux/fs.h"], [
    "RENAME_NOREPLACE", "RENAME_EXCHANGE", "RENAME_WHITEOUT"])
table("fallocate_flags", "flags", "FALLOC_FL_???", ["linux/falloc.h"], [
    "FALLOC_FL_KEEP_SIZE", "FALLOC_FL_PUNCH_HOLE", "FALLOC_FL_NO_HIDE_STALE",
    "FALLOC_FL_COLLAPSE_RANGE", "FALLOC_FL_ZERO_RANGE",
    "FALLOC_FL_INSERT_RANGE", "FALLOC_FL_UNSHARE_RANGE"])
table("fadvise_advice", "xval", "POSIX_FADV_???", ["fcntl.h"], [
    "POSIX_FADV_NORMAL", "POSIX_FADV_RANDOM", "POSIX_FADV_SEQUENTIAL",
    "POSIX_FADV_WILLNEED", "POSIX_FADV_DONTNEED", "POSIX_FADV_NOREUSE"])
table("splice_flags", "flags", "SPLICE_F_???", ["fcntl.h"], [
    "SPLICE_F_MOVE", "SPLICE_F_NONBLOCK", "SPLICE_F_MORE", "SPLICE_F_GIFT"])
table("inotify_flags", "flags", "IN_???", ["sys/inotify.h"], [
    "IN_NONBLOCK", "IN_CLOEXEC"])
table("inotify_mask", "flags", "IN_???", ["sys/inotify.h"], [
    "IN_ACCESS", "IN_MODIFY", "IN_ATTRIB", "IN_CLOSE_WRITE",
    "IN_CLOSE_NOWRITE", "IN_OPEN", "IN_MOVED_FROM", "IN_MOVED_TO",
    "IN_CREATE", "IN_DELETE", "IN_DELETE_SELF", "IN_MOVE_SELF",
    "IN_UNMOUNT", "IN_Q_OVERFLOW", "IN_IGNORED", "IN_ONLYDIR",
    "IN_DONT_FOLLOW", "IN_EXCL_UNLINK", "IN_MASK_CREATE", "IN_MASK_ADD",
    "IN_ISDIR", "IN_ONESHOT"])
table("memfd_flags", "flags", "MFD_???", ["linux/memfd.h"], [
    "MFD_CLOEXEC", "MFD_ALLOW_SEALING", "MFD_HUGETLB"])
table("close_range_flags", "flags", "CLOSE_RANGE_???",
      ["linux/close_range.h"], ["CLOSE_RANGE_UNSHARE", "CLOSE_RANGE_CLOEXEC"])
table("xattr_flags", "flags", "XATTR_???", ["sys/xattr.h"], [
    "XATTR_CREATE", "XATTR_REPLACE"])
table("mount_flags", "flags", "MS_???", ["sys/mount.h"], [
    "MS_RDONLY", "MS_NOSUID", "MS_NODEV", "MS_NOEXEC", "MS_SYNCHRONOUS",
    "MS_REMOUNT", "MS_MANDLOCK", "MS_DIRSYNC", "MS_NOSYMFOLLOW",
    "MS_NOATIME", "MS_NODIRATIME", "MS_BIND", "MS_MOVE", "MS_REC",
    "MS_SILENT", "MS_POSIXACL", "MS_UNBINDABLE", "MS_PRIVATE", "MS_SLAVE",
    "MS_SHARED", "MS_RELATIME", "MS_KERNMOUNT", "MS_I_VERSION",
    "MS_STRICTATIME", "MS_LAZYTIME", "MS_ACTIVE", "MS_NOUSER"], enum=True)
table("umount_flags", "flags", "MNT_???", ["sys/mount.h"], [
    "MNT_FORCE", "MNT_DETACH", "MNT_EXPIRE", "UMOUNT_NOFOLLOW"], enum=True)
table("getrandom_flags", "flags", "GRND_???", ["linux/random.h"], [
    "GRND_NONBLOCK", "GRND_RANDOM", "GRND_INSECURE"])
table("dirent_types", "xval", "DT_???", ["dirent.h"], [
    "DT_UNKNOWN", "DT_FIFO", "DT_CHR", "DT_DIR", "DT_BLK", "DT_REG",
    "DT_LNK", "DT_SOCK", "DT_WHT"], enum=True)

# --- memory -----------------------------------------------------------------
table("mmap_prot", "flags", "PROT_???", [H_MMAN, ["linux/mman.h"]], [
    "PROT_NONE", "PROT_READ", "PROT_WRITE", "PROT_EXEC", "PROT_SEM",
    "PROT_GROWSDOWN", "PROT_GROWSUP"])
table("mmap_type", "xval", "MAP_???", ["linux/mman.h"], [
    "MAP_SHARED", "MAP_PRIVATE", "MAP_SHARED_VALIDATE"])
table("mmap_flags", "flags", "MAP_???", ["linux/mman.h"], [
    "MAP_FIXED", "MAP_ANONYMOUS", "MAP_32BIT", "MAP_NORESERVE",
    "MAP_POPULATE", "MAP_NONBLOCK", "MAP_GROWSDOWN", "MAP_DENYWRITE",
    "MAP_EXECUTABLE", "MAP_LOCKED", "MAP_STACK", "MAP_HUGETLB", "MAP_SYNC",
    "MAP_FIXED_NOREPLACE", "MAP_UNINITIALIZED"])
table("mmap_misc", "xval", "MAP_???", ["linux/mman.h"], [
    "MAP_FILE", "MAP_TYPE", "MAP_HUGE_SHIFT", "MAP_HUGE_MASK"])
table("mremap_flags", "flags", "MREMAP_???", ["linux/mman.h"], [
    "MREMAP_MAYMOVE", "MREMAP_FIXED", "MREMAP_DONTUNMAP"])
table("msync_flags", "flags", "MS_???", H_MMAN, [
    "MS_SYNC", "MS_ASYNC", "MS_INVALIDATE"])
table("mlockall_flags", "flags", "MCL_???", H_MMAN, [
    "MCL_CURRENT", "MCL_FUTURE", "MCL_ONFAULT"])
table("madvise_advice", "xval", "MADV_???", ["linux/mman.h"], [
    "MADV_NORMAL", "MADV_RANDOM", "MADV_SEQUENTIAL", "MADV_WILLNEED",
    "MADV_DONTNEED", "MADV_FREE", "MADV_REMOVE", "MADV_DONTFORK",
    "MADV_DOFORK", "MADV_HWPOISON", "MADV_SOFT_OFFLINE", "MADV_MERGEABLE",
    "MADV_UNMERGEABLE", "MADV_HUGEPAGE", "MADV_NOHUGEPAGE", "MADV_DONTDUMP",
    "MADV_DODUMP", "MADV_WIPEONFORK", "MADV_KEEPONFORK", "MADV_COLD",
    "MADV_PAGEOUT", "MADV_POPULATE_READ", "MADV_POPULATE_WRITE",
    "MADV_DONTNEED_LOCKED", "MADV_COLLAPSE"])
table("membarrier_cmds", "xval", "MEMBARRIER_CMD_???", ["linux/membarrier.h"], [
    "MEMBARRIER_CMD_QUERY", "MEMBARRIER_CMD_GLOBAL",
    "MEMBARRIER_CMD_GLOBAL_EXPEDITED",
    "MEMBARRIER_CMD_REGISTER_GLOBAL_EXPEDITED",
    "MEMBARRIER_CMD_PRIVATE_EXPEDITED",
    "MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED",
    "MEMBARRIER_CMD_PRIVATE_EXPEDITED_SYNC_CORE",
    "MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED_SYNC_CORE",
    "MEMBARRIER_CMD_PRIVATE_EXPEDITED_RSEQ",
    "MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED_RSEQ"], enum=True)
table("rseq_flags", "flags", "RSEQ_FLAG_???", ["linux/rseq.h"], [
    "RSEQ_FLAG_UNREGISTER"], enum=True)

# --- processes and signals --------------------------------------------------
table("clone_flags", "flags", "CLONE_???", ["linux/sched.h"], [
    "CLONE_VM", "CLONE_FS", "CLONE_FILES", "CLONE_SIGHAND", "CLONE_PIDFD",
    "CLONE_PTRACE", "CLONE_VFORK", "CLONE_PARENT", "CLONE_THREAD",
    "CLONE_NEWNS", "CLONE_SYSVSEM", "CLONE_SETTLS", "CLONE_PARENT_SETTID",
    "CLONE_CHILD_CLEARTID", "CLONE_UNTRACED", "CLONE_CHILD_SETTID",
    "CLONE_NEWCGROUP", "CLONE_NEWUTS", "CLONE_NEWIPC", "CLONE_NEWUSER",
    "CLONE_NEWPID", "CLONE_NEWNET", "CLONE_IO", "CLONE_CLEAR_SIGHAND",
    "CLONE_INTO_CGROUP"])
table("sigprocmask_how", "xval", "SIG_???", H_SIG, [
    "SIG_BLOCK", "SIG_UNBLOCK", "SIG_SETMASK"])
# order as strace 6.1 prints them (observed: rt_sigaction with sa_flags=~0)
table("sa_flags", "flags", "SA_???", [H_SIG, ["asm/signal.h"]], [
    "SA_RESTORER", "SA_ONSTACK", "SA_RESTART", "SA_INTERRUPT", "SA_NODEFER",
    "SA_RESETHAND", "SA_SIGINFO", "SA_NOCLDSTOP", "SA_NOCLDWAIT"],
    )
table("sa_handler", "xval", "SIG_???", H_SIG, [
    ("SIG_DFL", "(long)SIG_DFL"), ("SIG_IGN", "(long)SIG_IGN"),
    ("SIG_ERR", "(long)SIG_ERR")])
table("sigaltstack_flags", "flags", "SS_???", [H_SIG, ["linux/signal.h"]], [
    "SS_ONSTACK", "SS_DISABLE", "SS_AUTODISARM"], enum=True)
table("wait4_options", "flags", "W???", ["sys/wait.h"], [
    "WNOHANG", "WEXITED", "WSTOPPED", "WCONTINUED", "WNOWAIT",
    "__WCLONE", "__WALL", "__WNOTHREAD"])
table("waitid_types", "xval", "P_???", ["sys/wait.h"], [
    "P_ALL", "P_PID", "P_PGID", "P_PIDFD"], enum=True)
table("futex_ops", "xval", "FUTEX_???", ["linux/futex.h"], [
    "FUTEX_WAIT", "FUTEX_WAKE", "FUTEX_FD", "FUTEX_REQUEUE",
    "FUTEX_CMP_REQUEUE", "FUTEX_WAKE_OP", "FUTEX_LOCK_PI", "FUTEX_UNLOCK_PI",
    "FUTEX_TRYLOCK_PI", "FUTEX_WAIT_BITSET", "FUTEX_WAKE_BITSET",
    "FUTEX_WAIT_REQUEUE_PI", "FUTEX_CMP_REQUEUE_PI", "FUTEX_LOCK_PI2"])
table("pidfd_flags", "flags", "PIDFD_???", ["linux/pidfd.h"], ["PIDFD_NONBLOCK"])
table("ptrace_events", "xval", "PTRACE_EVENT_???", ["linux/ptrace.h"], [
    "PTRACE_EVENT_FORK", "PTRACE_EVENT_VFORK", "PTRACE_EVENT_CLONE",
    "PTRACE_EVENT_EXEC", "PTRACE_EVENT_VFORK_DONE", "PTRACE_EVENT_EXIT",
    "PTRACE_EVENT_SECCOMP", "PTRACE_EVENT_STOP"])
table("ptrace_options", "flags", "PTRACE_O_???", ["linux/ptrace.h"], [
    "PTRACE_O_TRACESYSGOOD", "PTRACE_O_TRACEFORK", "PTRACE_O_TRACEVFORK",
    "PTRACE_O_TRACECLONE", "PTRACE_O_TRACEEXEC", "PTRACE_O_TRACEVFORKDONE",
    "PTRACE_O_TRACEEXIT", "PTRACE_O_TRACESECCOMP", "PTRACE_O_EXITKILL",
    "PTRACE_O_SUSPEND_SECCOMP"])
table("nt_types", "xval", "NT_???", ["elf.h"], [
    "NT_PRSTATUS", "NT_PRFPREG", "NT_PRPSINFO", "NT_TASKSTRUCT", "NT_AUXV",
    "NT_SIGINFO", "NT_FILE", "NT_PRXFPREG", "NT_386_TLS", "NT_386_IOPERM",
    "NT_X86_XSTATE"])
# PTRACE_PEEKUSER/POKEUSER offsets of the registers in struct user (x86_64)
table("ptrace_user_offsets", "xval", "???", ["stddef.h", "sys/user.h"], [
    ("8*R15", "offsetof(struct user, regs.r15)"), ("8*R14", "offsetof(struct user, regs.r14)"),
    ("8*R13", "offsetof(struct user, regs.r13)"), ("8*R12", "offsetof(struct user, regs.r12)"),
    ("8*RBP", "offsetof(struct user, regs.rbp)"), ("8*RBX", "offsetof(struct user, regs.rbx)"),
    ("8*R11", "offsetof(struct user, regs.r11)"), ("8*R10", "offsetof(struct user, regs.r10)"),
    ("8*R9", "offsetof(struct user, regs.r9)"), ("8*R8", "offsetof(struct user, regs.r8)"),
    ("8*RAX", "offsetof(struct user, regs.rax)"), ("8*RCX", "offsetof(struct user, regs.rcx)"),
    ("8*RDX", "offsetof(struct user, regs.rdx)"), ("8*RSI", "offsetof(struct user, regs.rsi)"),
    ("8*RDI", "offsetof(struct user, regs.rdi)"), ("8*ORIG_RAX", "offsetof(struct user, regs.orig_rax)"),
    ("8*RIP", "offsetof(struct user, regs.rip)"), ("8*CS", "offsetof(struct user, regs.cs)"),
    ("8*EFLAGS", "offsetof(struct user, regs.eflags)"), ("8*RSP", "offsetof(struct user, regs.rsp)"),
    ("8*SS", "offsetof(struct user, regs.ss)"), ("8*FS_BASE", "offsetof(struct user, regs.fs_base)"),
    ("8*GS_BASE", "offsetof(struct user, regs.gs_base)"), ("8*DS", "offsetof(struct user, regs.ds)"),
    ("8*ES", "offsetof(struct user, regs.es)"), ("8*FS", "offsetof(struct user, regs.fs)"),
    ("8*GS", "offsetof(struct user, regs.gs)")])
table("unshare_flags", "flags", "CLONE_???", ["linux/sched.h"], [
    "CLONE_NEWTIME", "CLONE_VM", "CLONE_FS", "CLONE_FILES", "CLONE_SIGHAND",
    "CLONE_THREAD", "CLONE_NEWNS", "CLONE_SYSVSEM", "CLONE_NEWCGROUP",
    "CLONE_NEWUTS", "CLONE_NEWIPC", "CLONE_NEWUSER", "CLONE_NEWPID",
    "CLONE_NEWNET"])
table("membarrier_flags", "flags", "MEMBARRIER_CMD_FLAG_???", ["linux/membarrier.h"], [
    "MEMBARRIER_CMD_FLAG_CPU"], enum=True)
table("futex_bitset", "xval", "FUTEX_???", ["linux/futex.h"], [
    ("FUTEX_BITSET_MATCH_ANY", "(unsigned int)FUTEX_BITSET_MATCH_ANY")])
table("futex_wake_ops", "xval", "FUTEX_OP_???", ["linux/futex.h"], [
    "FUTEX_OP_SET", "FUTEX_OP_ADD", "FUTEX_OP_OR", "FUTEX_OP_ANDN",
    "FUTEX_OP_XOR"])
table("futex_wake_op_flags", "flags", "FUTEX_OP_???", ["linux/futex.h"], [
    "FUTEX_OP_OPARG_SHIFT"])
table("futex_wake_cmps", "xval", "FUTEX_OP_CMP_???", ["linux/futex.h"], [
    "FUTEX_OP_CMP_EQ", "FUTEX_OP_CMP_NE", "FUTEX_OP_CMP_LT",
    "FUTEX_OP_CMP_LE", "FUTEX_OP_CMP_GT", "FUTEX_OP_CMP_GE"])
table("sigev_notify", "xval", "SIGEV_???", H_SIG, [
    "SIGEV_SIGNAL", "SIGEV_NONE", "SIGEV_THREAD", "SIGEV_THREAD_ID"])
table("membarrier_cmd_flags", "flags", "MEMBARRIER_CMD_???", ["linux/membarrier.h"], [
    "MEMBARRIER_CMD_GLOBAL", "MEMBARRIER_CMD_GLOBAL_EXPEDITED",
    "MEMBARRIER_CMD_REGISTER_GLOBAL_EXPEDITED",
    "MEMBARRIER_CMD_PRIVATE_EXPEDITED",
    "MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED",
    "MEMBARRIER_CMD_PRIVATE_EXPEDITED_SYNC_CORE",
    "MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED_SYNC_CORE",
    "MEMBARRIER_CMD_PRIVATE_EXPEDITED_RSEQ",
    "MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED_RSEQ"], enum=True)
table("sched_flags", "flags", "SCHED_FLAG_???", ["linux/sched.h"], [
    "SCHED_FLAG_RESET_ON_FORK", "SCHED_FLAG_RECLAIM", "SCHED_FLAG_DL_OVERRUN",
    "SCHED_FLAG_KEEP_POLICY", "SCHED_FLAG_KEEP_PARAMS",
    "SCHED_FLAG_UTIL_CLAMP_MIN", "SCHED_FLAG_UTIL_CLAMP_MAX"])
table("cap_versions", "xval", "_LINUX_CAPABILITY_VERSION_???", ["linux/capability.h"], [
    "_LINUX_CAPABILITY_VERSION_1", "_LINUX_CAPABILITY_VERSION_2",
    "_LINUX_CAPABILITY_VERSION_3"])
# capability numbers (bit positions); printed as 1<<CAP_X
table("capabilities", "xval", "CAP_???", ["linux/capability.h"], [
    "CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_DAC_READ_SEARCH", "CAP_FOWNER",
    "CAP_FSETID", "CAP_KILL", "CAP_SETGID", "CAP_SETUID", "CAP_SETPCAP",
    "CAP_LINUX_IMMUTABLE", "CAP_NET_BIND_SERVICE", "CAP_NET_BROADCAST",
    "CAP_NET_ADMIN", "CAP_NET_RAW", "CAP_IPC_LOCK", "CAP_IPC_OWNER",
    "CAP_SYS_MODULE", "CAP_SYS_RAWIO", "CAP_SYS_CHROOT", "CAP_SYS_PTRACE",
    "CAP_SYS_PACCT", "CAP_SYS_ADMIN", "CAP_SYS_BOOT", "CAP_SYS_NICE",
    "CAP_SYS_RESOURCE", "CAP_SYS_TIME", "CAP_SYS_TTY_CONFIG", "CAP_MKNOD",
    "CAP_LEASE", "CAP_AUDIT_WRITE", "CAP_AUDIT_CONTROL", "CAP_SETFCAP",
    "CAP_MAC_OVERRIDE", "CAP_MAC_ADMIN", "CAP_SYSLOG", "CAP_WAKE_ALARM",
    "CAP_BLOCK_SUSPEND", "CAP_AUDIT_READ", "CAP_PERFMON", "CAP_BPF",
    "CAP_CHECKPOINT_RESTORE"])
table("seccomp_ops", "xval", "SECCOMP_SET_MODE_???", ["linux/seccomp.h"], [
    "SECCOMP_SET_MODE_STRICT", "SECCOMP_SET_MODE_FILTER",
    "SECCOMP_GET_ACTION_AVAIL", "SECCOMP_GET_NOTIF_SIZES"])
table("seccomp_filter_flags", "flags", "SECCOMP_FILTER_FLAG_???", ["linux/seccomp.h"], [
    "SECCOMP_FILTER_FLAG_TSYNC", "SECCOMP_FILTER_FLAG_LOG",
    "SECCOMP_FILTER_FLAG_SPEC_ALLOW", "SECCOMP_FILTER_FLAG_NEW_LISTENER",
    "SECCOMP_FILTER_FLAG_TSYNC_ESRCH"])
table("seccomp_ret_actions", "xval", "SECCOMP_RET_???", ["linux/seccomp.h"], [
    "SECCOMP_RET_KILL_PROCESS", "SECCOMP_RET_KILL_THREAD", "SECCOMP_RET_TRAP",
    "SECCOMP_RET_ERRNO", "SECCOMP_RET_USER_NOTIF", "SECCOMP_RET_TRACE",
    "SECCOMP_RET_LOG", "SECCOMP_RET_ALLOW"])
# where the kernel's rt_sigreturn finds the saved signal mask: the user stack
# pointer at the call points at the frame's struct ucontext (UAPI layout)
table("sigframe_layout", "xval", "???", ["stddef.h", "asm/sigcontext.h", "asm/signal.h",
                                         "asm/ucontext.h"], [
    ("UC_SIGMASK_OFFSET", "offsetof(struct ucontext, uc_sigmask)")])
table("futex_op_flags", "flags", "FUTEX_???", ["linux/futex.h"], [
    "FUTEX_PRIVATE_FLAG", "FUTEX_CLOCK_REALTIME"])
table("prctl_options", "xval", "PR_???", ["linux/prctl.h"], [
    "PR_SET_PDEATHSIG", "PR_GET_PDEATHSIG", "PR_GET_DUMPABLE",
    "PR_SET_DUMPABLE", "PR_GET_UNALIGN", "PR_SET_UNALIGN", "PR_GET_KEEPCAPS",
    "PR_SET_KEEPCAPS", "PR_GET_FPEMU", "PR_SET_FPEMU", "PR_GET_FPEXC",
    "PR_SET_FPEXC", "PR_GET_TIMING", "PR_SET_TIMING", "PR_SET_NAME",
    "PR_GET_NAME", "PR_GET_ENDIAN", "PR_SET_ENDIAN", "PR_GET_SECCOMP",
    "PR_SET_SECCOMP", "PR_CAPBSET_READ", "PR_CAPBSET_DROP", "PR_GET_TSC",
    "PR_SET_TSC", "PR_GET_SECUREBITS", "PR_SET_SECUREBITS",
    "PR_SET_TIMERSLACK", "PR_GET_TIMERSLACK", "PR_TASK_PERF_EVENTS_DISABLE",
    "PR_TASK_PERF_EVENTS_ENABLE", "PR_MCE_KILL", "PR_MCE_KILL_GET",
    "PR_SET_MM", "PR_SET_CHILD_SUBREAPER", "PR_GET_CHILD_SUBREAPER",
    "PR_SET_NO_NEW_PRIVS", "PR_GET_NO_NEW_PRIVS", "PR_GET_TID_ADDRESS",
    "PR_SET_THP_DISABLE", "PR_GET_THP_DISABLE", "PR_MPX_ENABLE_MANAGEMENT",
    "PR_MPX_DISABLE_MANAGEMENT", "PR_SET_FP_MODE", "PR_GET_FP_MODE",
    "PR_CAP_AMBIENT", "PR_SVE_SET_VL", "PR_SVE_GET_VL",
    "PR_GET_SPECULATION_CTRL", "PR_SET_SPECULATION_CTRL", "PR_PAC_RESET_KEYS",
    "PR_SET_TAGGED_ADDR_CTRL", "PR_GET_TAGGED_ADDR_CTRL",
    "PR_SET_IO_FLUSHER", "PR_GET_IO_FLUSHER", "PR_SET_SYSCALL_USER_DISPATCH",
    "PR_PAC_SET_ENABLED_KEYS", "PR_PAC_GET_ENABLED_KEYS", "PR_SCHED_CORE",
    "PR_SME_SET_VL", "PR_SME_GET_VL", "PR_SET_VMA", "PR_SET_PTRACER"])
table("arch_prctl_codes", "xval", "ARCH_???", ["asm/prctl.h"], [
    "ARCH_SET_GS", "ARCH_SET_FS", "ARCH_GET_FS", "ARCH_GET_GS",
    "ARCH_GET_CPUID", "ARCH_SET_CPUID", "ARCH_GET_XCOMP_SUPP",
    "ARCH_GET_XCOMP_PERM", "ARCH_REQ_XCOMP_PERM",
    "ARCH_GET_XCOMP_GUEST_PERM", "ARCH_REQ_XCOMP_GUEST_PERM",
    "ARCH_MAP_VDSO_X32", "ARCH_MAP_VDSO_32", "ARCH_MAP_VDSO_64",
    "ARCH_CET_STATUS"])
table("rlimit_resources", "xval", "RLIMIT_???", ["sys/resource.h"], [
    "RLIMIT_CPU", "RLIMIT_FSIZE", "RLIMIT_DATA", "RLIMIT_STACK",
    "RLIMIT_CORE", "RLIMIT_RSS", "RLIMIT_NPROC", "RLIMIT_NOFILE",
    "RLIMIT_MEMLOCK", "RLIMIT_AS", "RLIMIT_LOCKS", "RLIMIT_SIGPENDING",
    "RLIMIT_MSGQUEUE", "RLIMIT_NICE", "RLIMIT_RTPRIO", "RLIMIT_RTTIME"],
    enum=True)
table("rusage_who", "xval", "RUSAGE_???", ["sys/resource.h"], [
    "RUSAGE_SELF", "RUSAGE_CHILDREN", "RUSAGE_THREAD"], enum=True)
table("priority_which", "xval", "PRIO_???", ["sys/resource.h"], [
    "PRIO_PROCESS", "PRIO_PGRP", "PRIO_USER"], enum=True)
table("sched_policies", "xval", "SCHED_???", [["linux/sched.h"], ["sched.h"]], [
    "SCHED_OTHER", "SCHED_FIFO", "SCHED_RR", "SCHED_BATCH",
    "SCHED_IDLE", "SCHED_DEADLINE"], )
table("personality", "xval", "PER_???", ["sys/personality.h"], [
    "PER_LINUX", "PER_LINUX_32BIT", "PER_LINUX_FDPIC", "PER_SVR4",
    "PER_SVR3", "PER_SCOSVR3", "PER_OSR5", "PER_WYSEV386", "PER_ISCR4",
    "PER_BSD", "PER_SUNOS", "PER_XENIX", "PER_LINUX32", "PER_LINUX32_3GB",
    "PER_IRIX32", "PER_IRIXN32", "PER_IRIX64", "PER_RISCOS", "PER_SOLARIS",
    "PER_UW7", "PER_OSF4", "PER_HPUX"], enum=True)
table("personality_flags", "flags", "???", ["sys/personality.h"], [
    "UNAME26", "ADDR_NO_RANDOMIZE", "FDPIC_FUNCPTRS", "MMAP_PAGE_ZERO",
    "ADDR_COMPAT_LAYOUT", "READ_IMPLIES_EXEC", "ADDR_LIMIT_32BIT",
    "SHORT_INODE", "WHOLE_SECONDS", "STICKY_TIMEOUTS", "ADDR_LIMIT_3GB"],
    enum=True)
table("ptrace_requests", "xval", "PTRACE_???", ["linux/ptrace.h"], [
    # strace prints glibc's PEEKUSER/POKEUSER spelling of the kernel's PEEKUSR/POKEUSR
    "PTRACE_TRACEME", "PTRACE_PEEKTEXT", "PTRACE_PEEKDATA",
    ("PTRACE_PEEKUSER", "PTRACE_PEEKUSR"),
    "PTRACE_POKETEXT", "PTRACE_POKEDATA", ("PTRACE_POKEUSER", "PTRACE_POKEUSR"), "PTRACE_CONT",
    "PTRACE_KILL", "PTRACE_SINGLESTEP", "PTRACE_GETREGS", "PTRACE_SETREGS",
    "PTRACE_GETFPREGS", "PTRACE_SETFPREGS", "PTRACE_ATTACH",
    "PTRACE_DETACH", "PTRACE_GETFPXREGS", "PTRACE_SETFPXREGS",
    "PTRACE_SYSCALL", "PTRACE_GET_THREAD_AREA", "PTRACE_SET_THREAD_AREA",
    "PTRACE_ARCH_PRCTL", "PTRACE_SYSEMU", "PTRACE_SYSEMU_SINGLESTEP",
    "PTRACE_SINGLEBLOCK", "PTRACE_SETOPTIONS", "PTRACE_GETEVENTMSG",
    "PTRACE_GETSIGINFO", "PTRACE_SETSIGINFO", "PTRACE_GETREGSET",
    "PTRACE_SETREGSET", "PTRACE_SEIZE", "PTRACE_INTERRUPT",
    "PTRACE_LISTEN", "PTRACE_PEEKSIGINFO", "PTRACE_GETSIGMASK",
    "PTRACE_SETSIGMASK", "PTRACE_SECCOMP_GET_FILTER",
    "PTRACE_SECCOMP_GET_METADATA", "PTRACE_GET_SYSCALL_INFO",
    "PTRACE_GET_RSEQ_CONFIGURATION"])
table("si_codes", "xval", "SI_???", H_SIG, [
    "SI_USER", "SI_KERNEL", "SI_QUEUE", "SI_TIMER", "SI_MESGQ",
    "SI_ASYNCIO", "SI_SIGIO", "SI_TKILL", "SI_DETHREAD", "SI_ASYNCNL"],
    enum=True)
table("sigchld_codes", "xval", "CLD_???", H_SIG, [
    "CLD_EXITED", "CLD_KILLED", "CLD_DUMPED", "CLD_TRAPPED",
    "CLD_STOPPED", "CLD_CONTINUED"], enum=True)
table("sigsegv_codes", "xval", "SEGV_???", H_SIG, [
    "SEGV_MAPERR", "SEGV_ACCERR", "SEGV_BNDERR", "SEGV_PKUERR",
    "SEGV_ACCADI", "SEGV_ADIDERR", "SEGV_ADIPERR", "SEGV_MTEAERR",
    "SEGV_MTESERR"], enum=True)
table("sigbus_codes", "xval", "BUS_???", H_SIG, [
    "BUS_ADRALN", "BUS_ADRERR", "BUS_OBJERR", "BUS_MCEERR_AR",
    "BUS_MCEERR_AO"], enum=True)
table("sigill_codes", "xval", "ILL_???", H_SIG, [
    "ILL_ILLOPC", "ILL_ILLOPN", "ILL_ILLADR", "ILL_ILLTRP", "ILL_PRVOPC",
    "ILL_PRVREG", "ILL_COPROC", "ILL_BADSTK", "ILL_BADIADDR"], enum=True)
table("sigfpe_codes", "xval", "FPE_???", H_SIG, [
    "FPE_INTDIV", "FPE_INTOVF", "FPE_FLTDIV", "FPE_FLTOVF", "FPE_FLTUND",
    "FPE_FLTRES", "FPE_FLTINV", "FPE_FLTSUB", "FPE_FLTUNK",
    "FPE_CONDTRAP"], enum=True)
table("sigtrap_codes", "xval", "TRAP_???", H_SIG, [
    "TRAP_BRKPT", "TRAP_TRACE", "TRAP_BRANCH", "TRAP_HWBKPT",
    "TRAP_UNK"], enum=True)
table("sigpoll_codes", "xval", "POLL_???", H_SIG, [
    "POLL_IN", "POLL_OUT", "POLL_MSG", "POLL_ERR", "POLL_PRI",
    "POLL_HUP"], enum=True)
table("sigsys_codes", "xval", "SYS_???", [H_SIG, ["linux/signal.h"]], ["SYS_SECCOMP"], enum=True)

# --- time -------------------------------------------------------------------
table("clocks", "xval", "CLOCK_???", ["time.h"], [
    "CLOCK_REALTIME", "CLOCK_MONOTONIC", "CLOCK_PROCESS_CPUTIME_ID",
    "CLOCK_THREAD_CPUTIME_ID", "CLOCK_MONOTONIC_RAW",
    "CLOCK_REALTIME_COARSE", "CLOCK_MONOTONIC_COARSE", "CLOCK_BOOTTIME",
    "CLOCK_REALTIME_ALARM", "CLOCK_BOOTTIME_ALARM", "CLOCK_TAI"])
table("timer_flags", "flags", "TIMER_???", ["time.h"], ["TIMER_ABSTIME"])
table("timerfd_flags", "flags", "TFD_???", ["sys/timerfd.h"], [
    "TFD_CLOEXEC", "TFD_NONBLOCK"], enum=True)
table("timerfd_settime_flags", "flags", "TFD_TIMER_???", ["sys/timerfd.h"], [
    "TFD_TIMER_ABSTIME", "TFD_TIMER_CANCEL_ON_SET"], enum=True)
table("itimer_which", "xval", "ITIMER_???", ["sys/time.h"], [
    "ITIMER_REAL", "ITIMER_VIRTUAL", "ITIMER_PROF"], enum=True)

# --- dec_fs: file systems, fcntl arguments, ioctl, termios ----------------
def header_names(header, suffix, prefix=""):
    """Macro names ending in suffix that a header defines, in the header's order
    (strace prints the first name of values several names share)."""
    import re
    path = os.path.join("/usr/include", header)
    with open(path) as f:
        return [m.group(1) for m in re.finditer(r"^#\s*define\s+(%s\w+%s)\s" % (prefix, suffix),
                                                 f.read(), re.M)]


table("fs_magic", "xval", "???", ["linux/magic.h"], header_names("linux/magic.h", "_MAGIC"))
table("statfs_flags", "flags", "ST_???", ["sys/statvfs.h"], [
    "ST_VALID", "ST_RDONLY", "ST_NOSUID", "ST_NODEV", "ST_NOEXEC", "ST_SYNCHRONOUS",
    "ST_MANDLOCK", "ST_NOATIME", "ST_NODIRATIME", "ST_RELATIME"], enum=True)
table("f_owner_types", "xval", "F_OWNER_???", ["fcntl.h"], [
    "F_OWNER_TID", "F_OWNER_PID", "F_OWNER_PGRP"], enum=True)
table("dnotify_flags", "flags", "DN_???", ["fcntl.h"], [
    "DN_ACCESS", "DN_MODIFY", "DN_CREATE", "DN_DELETE", "DN_RENAME", "DN_ATTRIB",
    "DN_MULTISHOT"])

# ioctl: other names strace prints for a request code ("A or B", sorted)
table("ioctl_aliases", "xval", "_IOC(???)", [["linux/soundcard.h", "linux/btrfs.h"],
                                             ["linux/ioctl.h", "misc/fastrpc.h", "linux/phantom.h"]], [
    "SNDCTL_TMR_START", "SNDCTL_TMR_STOP", "SNDCTL_TMR_CONTINUE", "BTRFS_IOC_CLONE",
    "BTRFS_IOC_CLONE_RANGE", "BTRFS_IOC_FILE_EXTENT_SAME", "FASTRPC_IOCTL_INIT_ATTACH",
    "PHN_NOT_OH"])
# more ioctl requests strace names (values from the kernel's uapi headers)
table("ioctl_more", "xval", "_IOC(???)", ["linux/random.h", "linux/loop.h", "linux/nsfs.h",
                                          "linux/kd.h", "linux/vt.h", "linux/if_tun.h",
                                          "linux/perf_event.h", "linux/input.h", "linux/rtc.h",
                                          "linux/watchdog.h", "linux/userfaultfd.h",
                                          "linux/seccomp.h", "linux/cdrom.h", "linux/hdreg.h",
                                          "linux/fd.h", "linux/kvm.h", "linux/vboxguest.h",
                                          "linux/fs.h", "linux/fiemap.h"], [
    "RNDGETENTCNT", "RNDADDTOENTCNT", "RNDGETPOOL", "RNDADDENTROPY", "RNDZAPENTCNT",
    "RNDCLEARPOOL", "RNDRESEEDCRNG",
    "LOOP_SET_FD", "LOOP_CLR_FD", "LOOP_SET_STATUS", "LOOP_GET_STATUS", "LOOP_SET_STATUS64",
    "LOOP_GET_STATUS64", "LOOP_CHANGE_FD", "LOOP_SET_CAPACITY", "LOOP_SET_DIRECT_IO",
    "LOOP_SET_BLOCK_SIZE", "LOOP_CONFIGURE", "LOOP_CTL_ADD", "LOOP_CTL_REMOVE",
    "LOOP_CTL_GET_FREE",
    "NS_GET_USERNS", "NS_GET_PARENT", "NS_GET_NSTYPE", "NS_GET_OWNER_UID",
    "KDGKBTYPE", "KDGETMODE", "KDSETMODE", "KDGKBMODE", "KDSKBMODE", "KDGETLED", "KDSETLED",
    "VT_OPENQRY", "VT_GETMODE", "VT_SETMODE", "VT_GETSTATE", "VT_ACTIVATE", "VT_WAITACTIVE",
    "VT_DISALLOCATE", "VBG_IOCTL_VMMDEV_REQUEST_BIG",
    "TUNSETIFF", "TUNGETIFF", "TUNSETPERSIST", "TUNSETOWNER", "TUNGETFEATURES",
    "PERF_EVENT_IOC_ENABLE", "PERF_EVENT_IOC_DISABLE", "PERF_EVENT_IOC_REFRESH",
    "PERF_EVENT_IOC_RESET", "PERF_EVENT_IOC_PERIOD", "PERF_EVENT_IOC_SET_OUTPUT",
    "PERF_EVENT_IOC_SET_FILTER", "PERF_EVENT_IOC_ID", "PERF_EVENT_IOC_SET_BPF",
    "PERF_EVENT_IOC_PAUSE_OUTPUT",
    "EVIOCGVERSION", "EVIOCGID", "EVIOCGREP", "EVIOCSREP", "EVIOCGRAB", "EVIOCREVOKE",
    "RTC_RD_TIME", "RTC_SET_TIME", "RTC_ALM_READ", "RTC_ALM_SET", "RTC_AIE_ON", "RTC_AIE_OFF",
    "RTC_UIE_ON", "RTC_UIE_OFF", "RTC_WKALM_RD", "RTC_WKALM_SET",
    "WDIOC_GETSUPPORT", "WDIOC_GETSTATUS", "WDIOC_KEEPALIVE", "WDIOC_SETTIMEOUT",
    "WDIOC_GETTIMEOUT",
    "UFFDIO_API", "UFFDIO_REGISTER", "UFFDIO_UNREGISTER", "UFFDIO_WAKE", "UFFDIO_COPY",
    "UFFDIO_ZEROPAGE",
    "SECCOMP_IOCTL_NOTIF_RECV", "SECCOMP_IOCTL_NOTIF_SEND", "SECCOMP_IOCTL_NOTIF_ID_VALID",
    "SECCOMP_IOCTL_NOTIF_ADDFD",
    "CDROMEJECT", "CDROMCLOSETRAY", "CDROM_DRIVE_STATUS", "CDROM_GET_CAPABILITY",
    "HDIO_GETGEO", "HDIO_GET_IDENTITY",
    "FDGETPRM", "FDSETPRM", "FDFLUSH",
    "KVM_GET_API_VERSION", "KVM_CREATE_VM", "KVM_CHECK_EXTENSION", "KVM_GET_VCPU_MMAP_SIZE",
    "KVM_CREATE_VCPU", "KVM_RUN", "KVM_SET_USER_MEMORY_REGION",
    "BLKROSET", "BLKROGET", "BLKRRPART", "BLKFLSBUF", "BLKRASET", "BLKRAGET", "BLKSECTGET",
    "BLKBSZGET", "BLKBSZSET", "BLKDISCARD", "BLKIOMIN", "BLKIOOPT", "BLKALIGNOFF",
    "BLKPBSZGET", "BLKDISCARDZEROES", "BLKSECDISCARD", "BLKROTATIONAL", "BLKZEROOUT",
    "FS_IOC_GETFSLABEL", "FS_IOC_SETFSLABEL", "FS_IOC32_GETFLAGS", "FS_IOC32_SETFLAGS"])
table("kd_modes", "xval", "KD_???", ["linux/kd.h"], ["KD_TEXT", "KD_GRAPHICS", "KD_TEXT0",
                                                      "KD_TEXT1"])
table("kb_modes", "xval", "K_???", ["linux/kd.h"], ["K_RAW", "K_XLATE", "K_MEDIUMRAW",
                                                   "K_UNICODE", "K_OFF"])
table("kvm_caps", "xval", "KVM_CAP_???", ["linux/kvm.h"],
      header_names("linux/kvm.h", "", "KVM_CAP_"))
table("ioctl_termios2", "xval", "_IOC(???)", ["asm/termbits.h", "asm/ioctls.h"], [
    "TCGETS2", "TCSETS2", "TCSETSW2", "TCSETSF2"])
table("fs_iflags", "flags", "FS_???_FL", ["linux/fs.h"], header_names("linux/fs.h", "_FL"))
table("tcflsh_args", "xval", "TC???", ["termios.h"], ["TCIFLUSH", "TCOFLUSH", "TCIOFLUSH"])
table("tcxonc_args", "xval", "TC???", ["termios.h"], ["TCOOFF", "TCOON", "TCIOFF", "TCION"])
table("line_disciplines", "xval", "N_???", ["linux/tty.h"], header_names("linux/tty.h", "", "N_"))
table("term_iflags", "flags", "???", ["termios.h"], [
    "IGNBRK", "BRKINT", "IGNPAR", "PARMRK", "INPCK", "ISTRIP", "INLCR", "IGNCR", "ICRNL",
    "IUCLC", "IXON", "IXANY", "IXOFF", "IMAXBEL", "IUTF8"])
table("term_oflags", "flags", "???", ["termios.h"], [
    "OPOST", "OLCUC", "ONLCR", "OCRNL", "ONOCR", "ONLRET", "OFILL", "OFDEL"])
table("term_lflags", "flags", "???", ["termios.h"], [
    "ISIG", "ICANON", "XCASE", "ECHO", "ECHOE", "ECHOK", "ECHONL", "NOFLSH", "IEXTEN",
    "ECHOCTL", "ECHOPRT", "ECHOKE", "FLUSHO", "PENDIN", "TOSTOP", "EXTPROC"])
table("term_cflags", "flags", "???", ["termios.h"], [
    "CSTOPB", "CREAD", "PARENB", "PARODD", "HUPCL", "CLOCAL", "CMSPAR", "CRTSCTS"])
# c_oflag delay fields and c_cflag fields: (mask, values) tables
table("term_masks", "xval", "???", ["termios.h"], [
    "NLDLY", "CRDLY", "TABDLY", "BSDLY", "VTDLY", "FFDLY", "CBAUD", "CSIZE", "CIBAUD"])
table("term_nldly", "xval", "???", ["termios.h"], ["NL0", "NL1"])
table("term_crdly", "xval", "???", ["termios.h"], ["CR0", "CR1", "CR2", "CR3"])
table("term_tabdly", "xval", "???", ["termios.h"], ["TAB0", "TAB1", "TAB2", "XTABS", "TAB3"])
table("term_bsdly", "xval", "???", ["termios.h"], ["BS0", "BS1"])
table("term_vtdly", "xval", "???", ["termios.h"], ["VT0", "VT1"])
table("term_ffdly", "xval", "???", ["termios.h"], ["FF0", "FF1"])
table("term_csize", "xval", "???", ["termios.h"], ["CS5", "CS6", "CS7", "CS8"])
table("baud_rates", "xval", "B???", ["termios.h"], [
    "B0", "B50", "B75", "B110", "B134", "B150", "B200", "B300", "B600", "B1200", "B1800",
    "B2400", "B4800", "B9600", "B19200", "B38400", "B57600", "B115200", "B230400",
    "B460800", "B500000", "B576000", "B921600", "B1000000", "B1152000", "B1500000",
    "B2000000", "B2500000", "B3000000", "B3500000", "B4000000"])
# c_cc indices (names printed as [VINTR]=0x3)
table("term_cc", "xval", "???", ["termios.h"], [
    "VINTR", "VQUIT", "VERASE", "VKILL", "VEOF", "VTIME", "VMIN", "VSWTC", "VSTART", "VSTOP",
    "VSUSP", "VEOL", "VREPRINT", "VDISCARD", "VWERASE", "VLNEXT", "VEOL2"])

table("memfd_misc", "xval", "???", ["linux/memfd.h"], ["MFD_HUGE_SHIFT", "MFD_HUGE_MASK"])
# prctl sub-arguments
table("pr_tsc", "xval", "PR_TSC_???", ["linux/prctl.h"], ["PR_TSC_ENABLE", "PR_TSC_SIGSEGV"])
table("pr_mce_kill_policy", "xval", "PR_MCE_KILL_???", ["linux/prctl.h"], [
    "PR_MCE_KILL_LATE", "PR_MCE_KILL_EARLY", "PR_MCE_KILL_DEFAULT"])
table("pr_cap_ambient", "xval", "PR_CAP_AMBIENT_???", ["linux/prctl.h"], [
    "PR_CAP_AMBIENT_IS_SET", "PR_CAP_AMBIENT_RAISE", "PR_CAP_AMBIENT_LOWER",
    "PR_CAP_AMBIENT_CLEAR_ALL"])
table("pr_spec_variants", "xval", "PR_SPEC_???", ["linux/prctl.h"], [
    "PR_SPEC_STORE_BYPASS", "PR_SPEC_INDIRECT_BRANCH", "PR_SPEC_L1D_FLUSH"])
table("pr_spec_flags", "flags", "PR_SPEC_???", ["linux/prctl.h"], [
    "PR_SPEC_NOT_AFFECTED", "PR_SPEC_PRCTL", "PR_SPEC_ENABLE", "PR_SPEC_DISABLE", "PR_SPEC_FORCE_DISABLE",
    "PR_SPEC_DISABLE_NOEXEC"])
table("pr_set_mm", "xval", "PR_SET_MM_???", ["linux/prctl.h"],
      header_names("linux/prctl.h", "", "PR_SET_MM_"))
table("pr_set_vma", "xval", "PR_SET_VMA_???", ["linux/prctl.h"], ["PR_SET_VMA_ANON_NAME"])
table("seccomp_mode", "xval", "SECCOMP_MODE_???", ["linux/seccomp.h"], [
    "SECCOMP_MODE_DISABLED", "SECCOMP_MODE_STRICT", "SECCOMP_MODE_FILTER"])
table("mlock_flags", "flags", "MLOCK_???", ["sys/mman.h"], ["MLOCK_ONFAULT"])
table("mount_misc", "xval", "???", ["sys/mount.h"], ["MS_MGC_VAL", "MS_MGC_MSK"], enum=True)
table("resolve_flags", "flags", "RESOLVE_???", ["linux/openat2.h"],
      header_names("linux/openat2.h", "", "RESOLVE_"))
table("ioprio_who", "xval", "IOPRIO_WHO_???", ["linux/ioprio.h"], [
    "IOPRIO_WHO_PROCESS", "IOPRIO_WHO_PGRP", "IOPRIO_WHO_USER"], enum=True)
table("ioprio_class", "xval", "IOPRIO_CLASS_???", ["linux/ioprio.h"], [
    "IOPRIO_CLASS_NONE", "IOPRIO_CLASS_RT", "IOPRIO_CLASS_BE", "IOPRIO_CLASS_IDLE"], enum=True)
table("ioprio_misc", "xval", "???", ["linux/ioprio.h"], ["IOPRIO_CLASS_SHIFT",
                                                          "IOPRIO_PRIO_MASK"])
table("fan_classes", "xval", "FAN_CLASS_???", ["sys/fanotify.h"], [
    "FAN_CLASS_NOTIF", "FAN_CLASS_CONTENT", "FAN_CLASS_PRE_CONTENT"])
table("fan_init_flags", "flags", "FAN_???", ["sys/fanotify.h"], [
    "FAN_CLOEXEC", "FAN_NONBLOCK", "FAN_UNLIMITED_QUEUE", "FAN_UNLIMITED_MARKS",
    "FAN_ENABLE_AUDIT", "FAN_REPORT_PIDFD", "FAN_REPORT_TID", "FAN_REPORT_FID",
    "FAN_REPORT_DIR_FID", "FAN_REPORT_NAME", "FAN_REPORT_TARGET_FID"])
table("faccessat_flags", "flags", "AT_???", ["fcntl.h"], [
    "AT_SYMLINK_NOFOLLOW", "AT_EACCESS", "AT_EMPTY_PATH"])
table("sync_file_range_flags", "flags", "SYNC_FILE_RANGE_???", ["fcntl.h"], [
    "SYNC_FILE_RANGE_WAIT_BEFORE", "SYNC_FILE_RANGE_WRITE", "SYNC_FILE_RANGE_WAIT_AFTER"])
table("suid_dump", "xval", "SUID_DUMP_???", ["stdio.h"], [
    "SUID_DUMP_DISABLE", "SUID_DUMP_USER", "SUID_DUMP_ROOT"])

# --- fds: poll, epoll, eventfd ----------------------------------------------
table("poll_events", "flags", "POLL???", ["poll.h"], [
    "POLLIN", "POLLPRI", "POLLOUT", "POLLERR", "POLLHUP", "POLLNVAL",
    "POLLRDNORM", "POLLRDBAND", "POLLWRNORM", "POLLWRBAND", "POLLMSG",
    "POLLREMOVE", "POLLRDHUP"])
table("epoll_events", "flags", "EPOLL???", [["sys/epoll.h"], ["linux/eventpoll.h"]], [
    "EPOLLIN", "EPOLLPRI", "EPOLLOUT", "EPOLLERR", "EPOLLHUP", "EPOLLNVAL",
    "EPOLLRDNORM", "EPOLLRDBAND", "EPOLLWRNORM", "EPOLLWRBAND", "EPOLLMSG",
    "EPOLLRDHUP", "EPOLLEXCLUSIVE", "EPOLLWAKEUP",
    "EPOLLONESHOT", "EPOLLET"], enum=True)
table("epoll_ctl_ops", "xval", "EPOLL_CTL_???", ["sys/epoll.h"], [
    "EPOLL_CTL_ADD", "EPOLL_CTL_DEL", "EPOLL_CTL_MOD"])
table("epoll_create_flags", "flags", "EPOLL_???", ["sys/epoll.h"], [
    "EPOLL_CLOEXEC"], enum=True)
table("eventfd_flags", "flags", "EFD_???", ["sys/eventfd.h"], [
    "EFD_SEMAPHORE", "EFD_CLOEXEC", "EFD_NONBLOCK"], enum=True)
table("signalfd_flags", "flags", "SFD_???", ["sys/signalfd.h"], [
    "SFD_CLOEXEC", "SFD_NONBLOCK"], enum=True)

# --- sockets ----------------------------------------------------------------
table("address_families", "xval", "AF_???", H_SOCK, [
    "AF_UNSPEC", "AF_UNIX", "AF_INET", "AF_AX25", "AF_IPX", "AF_APPLETALK",
    "AF_NETROM", "AF_BRIDGE", "AF_ATMPVC", "AF_X25", "AF_INET6", "AF_ROSE",
    "AF_DECnet", "AF_NETBEUI", "AF_SECURITY", "AF_KEY", "AF_NETLINK",
    "AF_PACKET", "AF_ASH", "AF_ECONET", "AF_ATMSVC", "AF_RDS", "AF_SNA",
    "AF_IRDA", "AF_PPPOX", "AF_WANPIPE", "AF_LLC", "AF_IB", "AF_MPLS",
    "AF_CAN", "AF_TIPC", "AF_BLUETOOTH", "AF_IUCV", "AF_RXRPC", "AF_ISDN",
    "AF_PHONET", "AF_IEEE802154", "AF_CAIF", "AF_ALG", "AF_NFC", "AF_VSOCK",
    "AF_KCM", "AF_QIPCRTR", "AF_SMC", "AF_XDP", "AF_MCTP"])
table("socket_types", "xval", "SOCK_???", H_SOCK, [
    "SOCK_STREAM", "SOCK_DGRAM", "SOCK_RAW", "SOCK_RDM", "SOCK_SEQPACKET",
    "SOCK_DCCP", "SOCK_PACKET"], enum=True)
table("socket_type_flags", "flags", "SOCK_???", H_SOCK, [
    "SOCK_CLOEXEC", "SOCK_NONBLOCK"], enum=True)
table("ip_protocols", "xval", "IPPROTO_???", [H_SOCK, ["linux/in.h"]], [
    "IPPROTO_IP", "IPPROTO_ICMP", "IPPROTO_IGMP", "IPPROTO_IPIP",
    "IPPROTO_TCP", "IPPROTO_EGP", "IPPROTO_PUP", "IPPROTO_UDP",
    "IPPROTO_IDP", "IPPROTO_TP", "IPPROTO_DCCP", "IPPROTO_IPV6",
    "IPPROTO_ROUTING", "IPPROTO_FRAGMENT", "IPPROTO_RSVP", "IPPROTO_GRE",
    "IPPROTO_ESP", "IPPROTO_AH", "IPPROTO_ICMPV6", "IPPROTO_NONE",
    "IPPROTO_DSTOPTS", "IPPROTO_MTP", "IPPROTO_BEETPH", "IPPROTO_ENCAP",
    "IPPROTO_PIM", "IPPROTO_COMP", "IPPROTO_L2TP", "IPPROTO_SCTP",
    "IPPROTO_MH", "IPPROTO_UDPLITE", "IPPROTO_MPLS", "IPPROTO_ETHERNET",
    "IPPROTO_RAW", "IPPROTO_MPTCP"], enum=True)
table("socket_levels", "xval", "SOL_???", H_SOCK, [
    "SOL_IP", "SOL_SOCKET", "SOL_TCP", ("SOL_UDP", "IPPROTO_UDP"), "SOL_IPV6",
    "SOL_ICMPV6", ("SOL_SCTP", "IPPROTO_SCTP"),
    ("SOL_UDPLITE", "IPPROTO_UDPLITE"), "SOL_RAW", "SOL_DECNET", "SOL_X25",
    "SOL_PACKET", "SOL_ATM", "SOL_AAL", "SOL_IRDA", "SOL_NETBEUI",
    "SOL_LLC", "SOL_DCCP", "SOL_NETLINK", "SOL_TIPC", "SOL_RXRPC",
    "SOL_PPPOL2TP", "SOL_BLUETOOTH", "SOL_PNPIPE", "SOL_RDS", "SOL_IUCV",
    "SOL_CAIF", "SOL_ALG", "SOL_NFC", "SOL_KCM", "SOL_TLS", "SOL_XDP",
    "SOL_MPTCP", "SOL_MCTP", "SOL_SMC"], enum=True)
table("sockopts_socket", "xval", "SO_???", H_SOCK, [
    "SO_DEBUG", "SO_REUSEADDR", "SO_TYPE", "SO_ERROR", "SO_DONTROUTE",
    "SO_BROADCAST", "SO_SNDBUF", "SO_RCVBUF", "SO_KEEPALIVE",
    "SO_OOBINLINE", "SO_NO_CHECK", "SO_PRIORITY", "SO_LINGER", "SO_BSDCOMPAT",
    "SO_REUSEPORT", "SO_PASSCRED", "SO_PEERCRED", "SO_RCVLOWAT",
    "SO_SNDLOWAT", "SO_RCVTIMEO_OLD", "SO_SNDTIMEO_OLD",
    "SO_SECURITY_AUTHENTICATION", "SO_SECURITY_ENCRYPTION_TRANSPORT",
    "SO_SECURITY_ENCRYPTION_NETWORK", "SO_BINDTODEVICE", "SO_ATTACH_FILTER",
    "SO_DETACH_FILTER", "SO_PEERNAME", "SO_TIMESTAMP_OLD", "SO_ACCEPTCONN",
    "SO_PEERSEC", "SO_SNDBUFFORCE", "SO_RCVBUFFORCE", "SO_PASSSEC",
    "SO_TIMESTAMPNS_OLD", "SO_MARK", "SO_TIMESTAMPING_OLD", "SO_PROTOCOL",
    "SO_DOMAIN", "SO_RXQ_OVFL", "SO_WIFI_STATUS", "SO_PEEK_OFF", "SO_NOFCS",
    "SO_LOCK_FILTER", "SO_SELECT_ERR_QUEUE", "SO_BUSY_POLL",
    "SO_MAX_PACING_RATE", "SO_BPF_EXTENSIONS", "SO_INCOMING_CPU",
    "SO_ATTACH_BPF", "SO_ATTACH_REUSEPORT_CBPF", "SO_ATTACH_REUSEPORT_EBPF",
    "SO_CNX_ADVICE", "SO_MEMINFO", "SO_INCOMING_NAPI_ID", "SO_COOKIE",
    "SO_PEERGROUPS", "SO_ZEROCOPY", "SO_TXTIME", "SO_BINDTOIFINDEX",
    "SO_TIMESTAMP_NEW", "SO_TIMESTAMPNS_NEW", "SO_TIMESTAMPING_NEW",
    "SO_RCVTIMEO_NEW", "SO_SNDTIMEO_NEW", "SO_DETACH_REUSEPORT_BPF",
    "SO_PREFER_BUSY_POLL", "SO_BUSY_POLL_BUDGET", "SO_NETNS_COOKIE",
    "SO_BUF_LOCK", "SO_RESERVE_MEM", "SO_TXREHASH", "SO_RCVMARK"])
table("sockopts_tcp", "xval", "TCP_???", H_SOCK, [
    "TCP_NODELAY", "TCP_MAXSEG", "TCP_CORK", "TCP_KEEPIDLE", "TCP_KEEPINTVL",
    "TCP_KEEPCNT", "TCP_SYNCNT", "TCP_LINGER2", "TCP_DEFER_ACCEPT",
    "TCP_WINDOW_CLAMP", "TCP_INFO", "TCP_QUICKACK", "TCP_CONGESTION",
    "TCP_MD5SIG", "TCP_COOKIE_TRANSACTIONS", "TCP_THIN_LINEAR_TIMEOUTS",
    "TCP_THIN_DUPACK", "TCP_USER_TIMEOUT", "TCP_REPAIR", "TCP_REPAIR_QUEUE",
    "TCP_QUEUE_SEQ", "TCP_REPAIR_OPTIONS", "TCP_FASTOPEN", "TCP_TIMESTAMP",
    "TCP_NOTSENT_LOWAT", "TCP_CC_INFO", "TCP_SAVE_SYN", "TCP_SAVED_SYN",
    "TCP_REPAIR_WINDOW", "TCP_FASTOPEN_CONNECT", "TCP_ULP", "TCP_MD5SIG_EXT",
    "TCP_FASTOPEN_KEY", "TCP_FASTOPEN_NO_COOKIE", "TCP_ZEROCOPY_RECEIVE",
    "TCP_INQ", "TCP_TX_DELAY"])
table("msg_flags", "flags", "MSG_???", H_SOCK, [
    "MSG_OOB", "MSG_PEEK", "MSG_DONTROUTE", "MSG_CTRUNC", ("MSG_PROBE", "MSG_PROXY"),
    "MSG_TRUNC", "MSG_DONTWAIT", "MSG_EOR", "MSG_WAITALL", "MSG_FIN",
    "MSG_SYN", "MSG_CONFIRM", "MSG_RST", "MSG_ERRQUEUE", "MSG_NOSIGNAL",
    "MSG_MORE", "MSG_WAITFORONE", "MSG_BATCH", "MSG_ZEROCOPY",
    "MSG_FASTOPEN", "MSG_CMSG_CLOEXEC"], enum=True)
table("shutdown_how", "xval", "SHUT_???", H_SOCK, [
    "SHUT_RD", "SHUT_WR", "SHUT_RDWR"], enum=True)
table("netlink_protocols", "xval", "NETLINK_???", H_SOCK, [
    "NETLINK_ROUTE", "NETLINK_UNUSED", "NETLINK_USERSOCK",
    "NETLINK_FIREWALL", "NETLINK_SOCK_DIAG", "NETLINK_NFLOG",
    "NETLINK_XFRM", "NETLINK_SELINUX", "NETLINK_ISCSI", "NETLINK_AUDIT",
    "NETLINK_FIB_LOOKUP", "NETLINK_CONNECTOR", "NETLINK_NETFILTER",
    "NETLINK_IP6_FW", "NETLINK_DNRTMSG", "NETLINK_KOBJECT_UEVENT",
    "NETLINK_GENERIC", "NETLINK_SCSITRANSPORT", "NETLINK_ECRYPTFS",
    "NETLINK_RDMA", "NETLINK_CRYPTO", "NETLINK_SMC"])

# names (and their order) as strace 6.1 prints them for setsockopt(-1, LEVEL, N, ...)
table("sockopts_ip", "xval", "IP_???", ["linux/in.h"], [
    "IP_TOS", "IP_TTL", "IP_HDRINCL", "IP_OPTIONS", "IP_ROUTER_ALERT",
    "IP_RECVOPTS", "IP_RETOPTS", "IP_PKTINFO", "IP_PKTOPTIONS",
    "IP_MTU_DISCOVER", "IP_RECVERR", "IP_RECVTTL", "IP_RECVTOS", "IP_MTU",
    "IP_FREEBIND", "IP_IPSEC_POLICY", "IP_XFRM_POLICY", "IP_PASSSEC",
    "IP_TRANSPARENT", "IP_ORIGDSTADDR", "IP_MINTTL", "IP_NODEFRAG",
    "IP_CHECKSUM", "IP_BIND_ADDRESS_NO_PORT", "IP_RECVFRAGSIZE",
    "IP_RECVERR_RFC4884", "IP_MULTICAST_IF", "IP_MULTICAST_TTL",
    "IP_MULTICAST_LOOP", "IP_ADD_MEMBERSHIP", "IP_DROP_MEMBERSHIP",
    "IP_UNBLOCK_SOURCE", "IP_BLOCK_SOURCE", "IP_ADD_SOURCE_MEMBERSHIP",
    "IP_DROP_SOURCE_MEMBERSHIP", "IP_MSFILTER", "MCAST_JOIN_GROUP",
    "MCAST_BLOCK_SOURCE", "MCAST_UNBLOCK_SOURCE", "MCAST_LEAVE_GROUP",
    "MCAST_JOIN_SOURCE_GROUP", "MCAST_LEAVE_SOURCE_GROUP", "MCAST_MSFILTER",
    "IP_MULTICAST_ALL", "IP_UNICAST_IF"], enum=True)
table("sockopts_ipv6", "xval", "IPV6_???", [["linux/in6.h", "linux/in.h"]], [
    "IPV6_ADDRFORM", "IPV6_2292PKTINFO", "IPV6_2292HOPOPTS",
    "IPV6_2292DSTOPTS", "IPV6_2292RTHDR", "IPV6_2292PKTOPTIONS",
    "IPV6_CHECKSUM", "IPV6_2292HOPLIMIT", "IPV6_NEXTHOP", "IPV6_AUTHHDR",
    "IPV6_FLOWINFO", "IPV6_UNICAST_HOPS", "IPV6_MULTICAST_IF",
    "IPV6_MULTICAST_HOPS", "IPV6_MULTICAST_LOOP", "IPV6_ADD_MEMBERSHIP",
    "IPV6_DROP_MEMBERSHIP", "IPV6_ROUTER_ALERT", "IPV6_MTU_DISCOVER",
    "IPV6_MTU", "IPV6_RECVERR", "IPV6_V6ONLY", "IPV6_JOIN_ANYCAST",
    "IPV6_LEAVE_ANYCAST", "IPV6_MULTICAST_ALL", "IPV6_ROUTER_ALERT_ISOLATE",
    "IPV6_RECVERR_RFC4884", "IPV6_FLOWLABEL_MGR", "IPV6_FLOWINFO_SEND",
    "IPV6_IPSEC_POLICY", "IPV6_XFRM_POLICY", "IPV6_HDRINCL",
    "MCAST_JOIN_GROUP", "MCAST_BLOCK_SOURCE", "MCAST_UNBLOCK_SOURCE",
    "MCAST_LEAVE_GROUP", "MCAST_JOIN_SOURCE_GROUP",
    "MCAST_LEAVE_SOURCE_GROUP", "MCAST_MSFILTER", "IPV6_RECVPKTINFO",
    "IPV6_PKTINFO", "IPV6_RECVHOPLIMIT", "IPV6_HOPLIMIT", "IPV6_RECVHOPOPTS",
    "IPV6_HOPOPTS", "IPV6_RTHDRDSTOPTS", "IPV6_RECVRTHDR", "IPV6_RTHDR",
    "IPV6_RECVDSTOPTS", "IPV6_DSTOPTS", "IPV6_RECVPATHMTU", "IPV6_PATHMTU",
    "IPV6_DONTFRAG", "IPV6_RECVTCLASS", "IPV6_TCLASS", "IPV6_AUTOFLOWLABEL",
    "IPV6_ADDR_PREFERENCES", "IPV6_MINHOPCOUNT", "IPV6_ORIGDSTADDR",
    "IPV6_TRANSPARENT", "IPV6_UNICAST_IF", "IPV6_RECVFRAGSIZE",
    "IPV6_FREEBIND"], enum=True)
table("sockopts_netlink", "xval", "NETLINK_???", ["linux/netlink.h"], [
    "NETLINK_ADD_MEMBERSHIP", "NETLINK_DROP_MEMBERSHIP", "NETLINK_PKTINFO",
    "NETLINK_BROADCAST_ERROR", "NETLINK_NO_ENOBUFS", "NETLINK_RX_RING",
    "NETLINK_TX_RING", "NETLINK_LISTEN_ALL_NSID", "NETLINK_LIST_MEMBERSHIPS",
    "NETLINK_CAP_ACK", "NETLINK_EXT_ACK", "NETLINK_GET_STRICT_CHK"])
# control message types (cmsg_type) as strace 6.1 names them, per level
# (observed: sendmsg with one cmsg of each type 0..69 at SOL_SOCKET and SOL_IP)
table("scm_types", "xval", "SCM_???", [H_SOCK + ["asm/socket.h"]], [
    "SCM_RIGHTS", "SCM_CREDENTIALS", "SCM_SECURITY", "SO_TIMESTAMP_OLD",
    "SO_TIMESTAMPNS_OLD", "SO_TIMESTAMPING_OLD", "SO_WIFI_STATUS",
    "SCM_TIMESTAMPING_OPT_STATS", "SCM_TIMESTAMPING_PKTINFO", "SO_TXTIME",
    "SO_TIMESTAMP_NEW", "SO_TIMESTAMPNS_NEW", "SO_TIMESTAMPING_NEW"], enum=True)
table("ip_cmsg_types", "xval", "IP_???", [["linux/in.h"], H_SOCK], [
    "IP_TOS", "IP_TTL", "SCM_SECURITY", "IP_RECVOPTS", "IP_RETOPTS",
    "IP_PKTINFO", "IP_RECVERR", "IP_ORIGDSTADDR", "IP_CHECKSUM"], enum=True)
table("rwf_flags", "flags", "RWF_???", ["linux/fs.h"], [
    "RWF_HIPRI", "RWF_DSYNC", "RWF_SYNC", "RWF_NOWAIT", "RWF_APPEND"])
table("ethernet_protocols", "xval", "ETH_P_???", ["linux/if_ether.h"], [
    "ETH_P_LOOP", "ETH_P_IP", "ETH_P_X25", "ETH_P_ARP", "ETH_P_RARP",
    "ETH_P_8021Q", "ETH_P_IPX", "ETH_P_IPV6", "ETH_P_PAUSE", "ETH_P_MPLS_UC",
    "ETH_P_MPLS_MC", "ETH_P_PPP_DISC", "ETH_P_PPP_SES", "ETH_P_8021AD",
    "ETH_P_802_3", "ETH_P_AX25", "ETH_P_ALL", "ETH_P_802_2", "ETH_P_CAN",
    "ETH_P_CANFD"], enum=True)
table("arp_hardware_types", "xval", "ARPHRD_???", ["linux/if_arp.h"], [
    "ARPHRD_NETROM", "ARPHRD_ETHER", "ARPHRD_EETHER", "ARPHRD_AX25",
    "ARPHRD_IEEE802", "ARPHRD_ARCNET", "ARPHRD_DLCI", "ARPHRD_ATM",
    "ARPHRD_IEEE1394", "ARPHRD_INFINIBAND", "ARPHRD_SLIP", "ARPHRD_PPP",
    "ARPHRD_TUNNEL", "ARPHRD_TUNNEL6", "ARPHRD_LOOPBACK", "ARPHRD_SIT",
    "ARPHRD_IPGRE", "ARPHRD_IEEE80211", "ARPHRD_NONE", "ARPHRD_VOID"],
    enum=True)
table("packet_types", "xval", "PACKET_???", ["linux/if_packet.h"], [
    "PACKET_HOST", "PACKET_BROADCAST", "PACKET_MULTICAST", "PACKET_OTHERHOST",
    "PACKET_OUTGOING", "PACKET_LOOPBACK", "PACKET_USER", "PACKET_KERNEL"],
    enum=True)

# --- ipc ----------------------------------------------------------------------
table("ipc_flags", "flags", "IPC_???", ["sys/ipc.h"], [
    "IPC_CREAT", "IPC_EXCL", "IPC_NOWAIT"])
table("ipc_private", "xval", "IPC_???", ["sys/ipc.h"], [
    ("IPC_PRIVATE", "(long)IPC_PRIVATE")])
table("ipc_cmds", "xval", "IPC_???", ["sys/ipc.h", "sys/shm.h", "sys/sem.h",
                                      "sys/msg.h"], [
    "IPC_RMID", "IPC_SET", "IPC_STAT", "IPC_INFO"])
table("shm_flags", "flags", "SHM_???", ["sys/shm.h"], [
    "SHM_RDONLY", "SHM_RND", "SHM_REMAP", "SHM_EXEC"])

# --- ioctl --------------------------------------------------------------------
table("ioctl_requests", "xval", "_IOC(???)", ["sys/ioctl.h", "termios.h",
                                              "linux/fs.h", "linux/fiemap.h"], [
    "TCGETS", "TCSETS", "TCSETSW", "TCSETSF", "TCGETA", "TCSETA",
    "TCSETAW", "TCSETAF", "TCSBRK", "TCXONC", "TCFLSH", "TIOCEXCL",
    "TIOCNXCL", "TIOCSCTTY", "TIOCGPGRP", "TIOCSPGRP", "TIOCOUTQ", "TIOCSTI",
    "TIOCGWINSZ", "TIOCSWINSZ", "TIOCMGET", "TIOCMBIS", "TIOCMBIC",
    "TIOCMSET", "TIOCGSOFTCAR", "TIOCSSOFTCAR", "FIONREAD", "TIOCLINUX",
    "TIOCCONS", "TIOCGSERIAL", "TIOCSSERIAL", "TIOCPKT", "FIONBIO",
    "TIOCNOTTY", "TIOCSETD", "TIOCGETD", "TCSBRKP", "TIOCSBRK", "TIOCCBRK",
    "TIOCGSID", "TIOCGPTN", "TIOCSPTLCK", "TIOCGDEV", "TIOCSIG",
    "TIOCVHANGUP", "TIOCGPKT", "TIOCGPTLCK", "TIOCGEXCL", "TIOCGPTPEER",
    "FIONCLEX", "FIOCLEX", "FIOASYNC", "TIOCSERCONFIG", "TIOCSERGWILD",
    "TIOCSERSWILD", "TIOCGLCKTRMIOS", "TIOCSLCKTRMIOS", "TIOCSERGSTRUCT",
    "TIOCSERGETLSR", "TIOCSERGETMULTI", "TIOCSERSETMULTI", "TIOCMIWAIT",
    "TIOCGICOUNT", "FIOQSIZE", "FIGETBSZ", "FIBMAP", "FICLONE",
    "FICLONERANGE", "FIDEDUPERANGE", "FIFREEZE", "FITHAW", "FITRIM",
    "BLKGETSIZE64", "BLKGETSIZE", "BLKSSZGET", "FS_IOC_GETFLAGS",
    "FS_IOC_SETFLAGS", "FS_IOC_GETVERSION", "FS_IOC_SETVERSION",
    "FS_IOC_FIEMAP", "FS_IOC_FSGETXATTR", "FS_IOC_FSSETXATTR"])

# --- values no uapi header exports (kernel-internal); facts written as data --
LITERALS = {
    # arch/x86/include/uapi/asm/prctl.h of the CET patch set; strace names it
    "ARCH_CET_STATUS": 0x3001,
    # the kernel's include/linux/socket.h, not exported to uapi; strace names it
    "SCM_SECURITY": 0x03,
    # include/linux/statfs.h (kernel-internal): statfs f_flags "valid" bit
    "ST_VALID": 0x0020,
    # include/linux/sched/coredump.h (kernel-internal): prctl(PR_GET_DUMPABLE) values
    "SUID_DUMP_DISABLE": 0, "SUID_DUMP_USER": 1, "SUID_DUMP_ROOT": 2,
}

# errno codes the kernel uses internally (include/linux/errno.h, not exported
# to userspace) and the texts strace prints for them.
KERNEL_ERRNOS = [
    (512, "ERESTARTSYS", "To be restarted if SA_RESTART is set"),
    (513, "ERESTARTNOINTR", "To be restarted"),
    (514, "ERESTARTNOHAND", "To be restarted if no handler"),
    (515, "ENOIOCTLCMD", "No ioctl command"),
    (516, "ERESTART_RESTARTBLOCK", "Interrupted by signal"),
    (517, "EPROBE_DEFER", "Driver requests probe retry"),
    (518, "EOPENSTALE", "Open found a stale dentry"),
    (519, "ENOPARAM", "Parameter not supported"),
    (521, "EBADHANDLE", "Illegal NFS file handle"),
    (522, "ENOTSYNC", "Update synchronization mismatch"),
    (523, "EBADCOOKIE", "Cookie is stale"),
    (524, "ENOTSUPP", "Operation is not supported"),
    (525, "ETOOSMALL", "Buffer or request is too small"),
    (526, "ESERVERFAULT", "An untranslatable error occurred"),
    (527, "EBADTYPE", "Type not supported by server"),
    (528, "EJUKEBOX", "Request initiated, but will not complete before timeout"),
    (529, "EIOCBQUEUED", "iocb queued, will get completion event"),
    (530, "ERECALLCONFLICT", "Conflict with recalled state"),
    (531, "ENOGRACE", "NFS file lock reclaim refused"),
]
# Python's errno.errorcode keeps one name per value; where glibc has aliases
# strace prints the first of these.
ERRNO_PREFERRED = ["EAGAIN", "EDEADLK", "EOPNOTSUPP"]


def _compile_run(key, headers, items, guard):
    """items: [(name, expr)]; returns {name: value} or None if no compile."""
    lines = ["#define _GNU_SOURCE 1"]
    lines += ["#include <%s>" % h for h in headers]
    lines += ["#include <stdio.h>", "int main(void) {"]
    for name, expr in items:
        g = guard and name == expr
        if g:
            lines.append("#ifdef %s" % name)
        lines.append('printf("%s %%lld\\n", (long long)(%s));' % (name, expr))
        if g:
            lines.append("#endif")
    lines += ["return 0; }"]
    with tempfile.TemporaryDirectory() as d:
        src = os.path.join(d, "t.c")
        exe = os.path.join(d, "t")
        with open(src, "w") as f:
            f.write("\n".join(lines) + "\n")
        r = subprocess.run(["gcc", "-w", "-o", exe, src],
                           capture_output=True, text=True)
        if r.returncode:
            return None
        out = subprocess.run([exe], capture_output=True, text=True,
                             check=True).stdout
    return {n: int(v) for n, v in (l.split() for l in out.splitlines())}


def evaluate(key, headers, names, enum):
    """Evaluate the table's names with each header set in turn (a table's
    headers may be a list of header lists: later ones are tried for the names
    the earlier ones do not define)."""
    if isinstance(headers[0], str):
        headers = [headers]
    items = []
    for n in names:
        name, expr = (n, n) if isinstance(n, str) else n
        if name not in LITERALS:
            items.append((name, expr))
    vals = {}
    for hs in headers:
        todo = [it for it in items if it[0] not in vals]
        if not todo:
            break
        guard = not enum
        got = _compile_run(key, hs, todo, guard)
        if got is None:
            # an enumeration constant that a header set lacks: one at a time
            got = {}
            for it in todo:
                got.update(_compile_run(key, hs, [it], guard) or {})
        vals.update(got)
    result = []
    for n in names:
        name = n if isinstance(n, str) else n[0]
        if name in LITERALS:
            result.append((name, LITERALS[name]))
        elif name in vals:
            result.append((name, vals[name]))
        else:
            print("gen_xlat: %s: %s not defined by the headers, left out"
                  % (key, name), file=sys.stderr)
    return result


def main():
    out = []
    w = out.append
    w("# GENERATED FILE - DO NOT EDIT.")
    w("# Generated by tools/gen_xlat.py; regenerate with:")
    w("#     /usr/bin/python3 tools/gen_xlat.py > xlat_data.py")
    w("# Values: evaluated by gcc from the system headers (glibc libc6-dev,")
    w("# linux-libc-dev uapi headers), errno from Python's errno/os.strerror,")
    w("# signals from Python's signal module.  Name lists and their order")
    w("# (the order strace 6.1 prints flags in) are data in tools/gen_xlat.py.")
    w("")
    w("# key: (kind, default for unknown values, ((name, value), ...))")
    w("TABLES = {")
    for key, kind, dflt, headers, names, enum in TABLES:
        entries = evaluate(key, headers, names, enum)
        w("    %r: (%r, %r, (" % (key, kind, dflt))
        for name, v in entries:
            w("        (%r, %s)," % (name, hex(v) if v >= 0 else str(v)))
        w("    )),")
    w("}")
    w("")
    # errno
    names = {}
    for code, name in sorted(errno.errorcode.items()):
        names[code] = name
    for pref in ERRNO_PREFERRED:
        names[getattr(errno, pref)] = pref
    w("# errno value: (name, strerror text)")
    w("ERRNO = {")
    for code in sorted(names):
        w("    %d: (%r, %r)," % (code, names[code], os.strerror(code)))
    for code, name, text in KERNEL_ERRNOS:
        w("    %d: (%r, %r)," % (code, name, text))
    w("}")
    w("")
    # signals
    w("# signal number: name (standard signals, from Python's signal module)")
    w("SIGNALS = {")
    for s in sorted(signal.Signals, key=int):
        if s.name.startswith("SIGRT"):
            continue
        w("    %d: %r," % (int(s), s.name))
    w("}")
    w("SIGRTMIN = %d  # kernel's SIGRTMIN (glibc reserves the first two)"
      % (int(signal.SIGRTMIN) - 2 if int(signal.SIGRTMIN) == 34 else 32))
    w("NSIG = %d" % 65)
    sys.stdout.write("\n".join(out) + "\n")


if __name__ == "__main__":
    main()
