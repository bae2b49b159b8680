"""Decoders for signals, processes and synchronisation: spec rows (merged by
syscall_specs) and formatters (registered in syscall_formatters.FORMATTERS with
@sf.kind).

Every format below was checked against strace 6.1 on small C programs making
the raw calls (tests/test_dec_proc.py keeps the lines it printed).  Structs are
read with their UAPI layouts (x86_64).  A formatter that returns None prints
nothing: the call's decoder printed that argument elsewhere (clone, futex).
"""
import struct

import syscall_formatters as sf
import xlat
import xlat_data
from tracepoint_raw import (CAP_BUF, CAP_PTRCOUNT, CAP_STRARR, LEN_ARG, LEN_ARGMUL, LEN_FIXED,
                            LEN_RET, LEN_RETMUL, SF_USER_SP, ST_FAULT, ST_OK, ST_TRUNC, WHEN_ENTER,
                            WHEN_EXIT, WHEN_EXIT_OK)


def _cap(kind, when, lensrc=LEN_FIXED, lenarg=0, length=0):
    def make(p):
        from syscall_specs import CapSpec   # late: syscall_specs imports this module
        return CapSpec(kind, when, lensrc, lenarg, length)
    return make


def _in(size):
    """A struct read at exit whatever the result (an input, or written even on error)."""
    return _cap(CAP_BUF, WHEN_EXIT, LEN_FIXED, 0, size)


def _out(size):
    """A struct the call fills: read at exit, only when it succeeded."""
    return _cap(CAP_BUF, WHEN_EXIT_OK, LEN_FIXED, 0, size)


ARGV_ELEM_MAX = 510      # strace.c's cap_strarr reads at most 511 bytes (NUL included) per string
UC_SIGMASK = xlat._val("sigframe_layout", "UC_SIGMASK_OFFSET")
NSIG_BYTES = 8
SA_RESTORER = xlat._val("sa_flags", "SA_RESTORER")
CLONE_PIDFD = xlat._val("clone_flags", "CLONE_PIDFD")
CLONE_PARENT_SETTID = xlat._val("clone_flags", "CLONE_PARENT_SETTID")
CLONE_CHILD_SETTID = xlat._val("clone_flags", "CLONE_CHILD_SETTID")
CLONE_CHILD_CLEARTID = xlat._val("clone_flags", "CLONE_CHILD_CLEARTID")
CLONE_SETTLS = xlat._val("clone_flags", "CLONE_SETTLS")
CLONE_INTO_CGROUP = xlat._val("clone_flags", "CLONE_INTO_CGROUP")
SIGEV_SIGNAL = xlat._val("sigev_notify", "SIGEV_SIGNAL")
SIGEV_THREAD = xlat._val("sigev_notify", "SIGEV_THREAD")
SIGEV_THREAD_ID = xlat._val("sigev_notify", "SIGEV_THREAD_ID")
FUTEX_BITSET_MATCH_ANY = xlat._val("futex_bitset", "FUTEX_BITSET_MATCH_ANY")

# syscall name -> argument kinds (overrides syscall_specs.SPECS)
SPECS = {
    "rt_sigaction": ("signo", "sigaction_in", "sigaction_out", "ulong"),
    "rt_sigprocmask": ("sigprocmask_how", "sigset_in:3", "sigset_out:3", "ulong"),
    "rt_sigpending": ("sigpending_set:1", "ulong"),
    "rt_sigsuspend": ("sigset_in:1", "ulong"),
    "rt_sigtimedwait": ("sigset_in:3", "siginfo_out", "timespec", "ulong"),
    "rt_sigqueueinfo": ("int", "signo", "siginfo_in"),
    "rt_tgsigqueueinfo": ("int", "int", "signo", "siginfo_in"),
    "rt_sigreturn": ("sigreturn_frame",),
    "sigaltstack": ("stack_in", "stack_out"),
    "pidfd_send_signal": ("fd", "signo", "siginfo_in", "hex"),
    "pidfd_open": ("int", "pidfd_flags"),
    "signalfd4": ("fd", "sigset_in:2", "ulong", "signalfd_flags"),
    "signalfd": ("fd", "sigset_in:2", "ulong"),
    "clone": ("clone_call", "none", "clone_ptid", "none", "none"),
    "clone3": ("clone_args", "ulong"),
    "wait4": ("int", "wait_status", "wait_options", "rusage_out"),
    "waitid": ("waitid_type", "int", "siginfo_out", "wait_options", "rusage_out"),
    "futex": ("ptr", "futex_call", "none", "futex_timeout", "none", "none"),
    "get_robust_list": ("int", "ptr_out", "ulong_out"),
    "getrusage": ("rusage_who", "rusage_out"),
    "sched_getaffinity": ("int", "uint", "cpuset_out"),
    "sched_setaffinity": ("int", "uint", "cpuset_in"),
    "sched_getparam": ("int", "sched_param_out"),
    "sched_setparam": ("int", "sched_param_in"),
    "sched_setscheduler": ("int", "sched_policy", "sched_param_in"),
    "sched_getscheduler": ("int",),
    "sched_get_priority_max": ("sched_policy",),
    "sched_get_priority_min": ("sched_policy",),
    "sched_rr_get_interval": ("int", "timespec_out"),
    "sched_getattr": ("int", "sched_attr_out", "uint", "uint"),
    "sched_setattr": ("int", "sched_attr_in", "uint"),
    "getresuid": ("id_out", "id_out", "id_out"),
    "getresgid": ("id_out", "id_out", "id_out"),
    "setresuid": ("id", "id", "id"),
    "setresgid": ("id", "id", "id"),
    "setreuid": ("id", "id"),
    "setregid": ("id", "id"),
    "setfsuid": ("id",),
    "setfsgid": ("id",),
    "getgroups": ("int", "gid_list_out"),
    "setgroups": ("int", "gid_list_in"),
    "setitimer": ("itimer_which", "itimerval_in", "itimerval_out"),
    "getitimer": ("itimer_which", "itimerval_out"),
    "timer_create": ("timer_clockid", "sigevent_in", "int_out"),
    "timer_settime": ("int", "timer_flags", "itimerspec_in", "itimerspec_out"),
    "timer_gettime": ("int", "itimerspec_out"),
    "timer_getoverrun": ("int",),
    "timer_delete": ("int",),
    "unshare": ("ns_flags",),
    "setns": ("fd", "ns_flags"),
    "membarrier": ("membarrier_cmd", "membarrier_flags", "membarrier_cpu"),
    "seccomp": ("seccomp_op", "seccomp_flags", "seccomp_arg"),
    "ptrace": ("ptrace_call", "none", "none", "ptrace_data"),
    "prlimit64": ("int", "rlimit_resource", "rlimit_in", "rlimit_out"),
}

# syscall name -> return kind
RETURNS = {
    "rt_sigtimedwait": "signo_ret",
    "sched_getscheduler": "sched_policy_ret",
    "membarrier": "membarrier_ret",
}

# syscall name -> extra spec flags for strace.c
FLAGS = {"rt_sigreturn": SF_USER_SP}

# -v (set by cli before the BPF rows are built): execve's envp is captured whole
VERBOSE = False


def _envp_capture(p):
    return _cap(CAP_STRARR if VERBOSE else CAP_PTRCOUNT, WHEN_ENTER)(p)


# kind name -> function(param) -> syscall_specs.CapSpec
CAPTURES = {
    "envp": _envp_capture,
    "sigaction_in": _in(32), "sigaction_out": _out(32),
    "sigset_in": _in(NSIG_BYTES), "sigset_out": _out(NSIG_BYTES),
    "sigpending_set": _out(NSIG_BYTES),
    "siginfo_in": _in(128), "siginfo_out": _out(128),
    # rt_sigreturn: args[0] is the user stack pointer (SF_USER_SP), the frame's ucontext
    "sigreturn_frame": _in(UC_SIGMASK + NSIG_BYTES),
    "stack_in": _in(24), "stack_out": _out(24),
    "clone_ptid": _in(4),
    "clone_args": _cap(CAP_BUF, WHEN_EXIT, LEN_ARG, 1, 88),
    "rusage_out": _out(144), "wait_status": _out(4),
    "ptr_out": _out(8), "ulong_out": _out(8), "id_out": _out(4), "int_out": _out(4),
    "cpuset_out": _cap(CAP_BUF, WHEN_EXIT_OK, LEN_RET, 0, 128),
    "cpuset_in": _cap(CAP_BUF, WHEN_EXIT, LEN_ARG, 1, 128),
    "sched_param_out": _out(4), "sched_param_in": _in(4),
    "sched_attr_out": _out(56), "sched_attr_in": _in(56),
    "gid_list_out": _cap(CAP_BUF, WHEN_EXIT_OK, LEN_RETMUL, 0, 4),
    "gid_list_in": _cap(CAP_BUF, WHEN_EXIT, LEN_ARGMUL, 0, 4),
    "ptrace_data": _in(216),      # user_regs_struct, siginfo or a word, per request
    "itimerval_in": _in(32), "itimerval_out": _out(32),
    "itimerspec_in": _in(32), "itimerspec_out": _out(32),
    "sigevent_in": _in(32),
    "seccomp_arg": _in(16),
    "rlimit_in": _in(16), "rlimit_out": _out(16),
}


# ---------------------------------------------------------------- helpers

def _names(table, value):
    """(names, leftover) of a flags table, in the table's order."""
    names = []
    for n, v in xlat_data.TABLES[table][2]:
        if v and value & v == v:
            names.append(n)
            value &= ~v
    return names, value


def flags64(table, value, ctx):
    """A 64-bit flags value: NAME|NAME|0xleft, 0, or 0x.. /* DEFAULT */."""
    value &= (1 << 64) - 1
    if ctx.xstyle == xlat.XRAW or value == 0:
        return f"{value:#x}" if value else "0"
    names, left = _names(table, value)
    if not names:
        return f"{value:#x} /* {xlat_data.TABLES[table][1]} */"
    if left:
        names.append(f"{left:#x}")
    s = "|".join(names)
    return f"{value:#x} /* {s} */" if ctx.xstyle == xlat.XVERBOSE else s


def signame(sig, ctx):
    """A signal number as strace's printsignal: name, or the number."""
    if 0 < sig < xlat_data.NSIG:
        return xlat.signal_name(sig, ctx.xstyle)
    return str(sig)


def sigmask(data, ctx, nbytes=NSIG_BYTES):
    (mask,) = struct.unpack_from("<Q", data)
    return xlat.sigset(mask, ctx.xstyle, nbytes)


def s32(v):
    return sf.s32(v)


def _timeval(d, off):
    sec, usec = struct.unpack_from("<qq", d, off)
    return "{tv_sec=%d, tv_usec=%d}" % (sec, usec)


def _timespec(d, off):
    sec, nsec = struct.unpack_from("<qq", d, off)
    return "{tv_sec=%d, tv_nsec=%d}" % (sec, nsec)


@sf.kind("none")
def _none(rec, i, ctx, p):
    return None


# ---------------------------------------------------------------- signals

def sigaction(d, ctx):
    handler, fl, restorer, mask = struct.unpack_from("<QQQQ", d)
    name = xlat.lookup("sa_handler", sf.s64(handler))
    if name is None or ctx.xstyle == xlat.XRAW:
        h = f"{handler:#x}" if handler else "0"
    elif ctx.xstyle == xlat.XVERBOSE:
        h = f"{handler:#x} /* {name} */" if handler else f"0 /* {name} */"
    else:
        h = name
    out = [f"sa_handler={h}", f"sa_mask={xlat.sigset(mask, ctx.xstyle)}",
           f"sa_flags={flags64('sa_flags', fl, ctx)}"]
    if fl & SA_RESTORER:
        out.append(f"sa_restorer={sf.ptr(restorer)}")
    return "{" + ", ".join(out) + "}"


@sf.kind("sigaction_in")
def _sigaction_in(rec, i, ctx, p):
    return sf.struct_arg(rec, i, 32, sigaction, ctx)


@sf.kind("sigaction_out")
def _sigaction_out(rec, i, ctx, p):
    return sf.struct_arg(rec, i, 32, sigaction, ctx, out=True)


def _sigset_arg(rec, i, ctx, p, out, min_len=NSIG_BYTES):
    """A sigset_t whose size is argument p: strace decodes sizes min_len..8, else the address."""
    v = rec.args[i]
    if v == 0:
        return "NULL"
    try:
        size = rec.args[int(p)] if p else NSIG_BYTES
    except (ValueError, IndexError):
        size = NSIG_BYTES
    if not min_len <= size <= NSIG_BYTES:
        return sf.ptr(v)
    d = sf.captured(rec, i, NSIG_BYTES, out)
    if d is None:
        return sf.ptr(v)
    return xlat.sigset(int.from_bytes(d[:size], "little"), ctx.xstyle, size)


@sf.kind("sigset_in")
def _sigset_in(rec, i, ctx, p):
    return _sigset_arg(rec, i, ctx, p, False)


@sf.kind("sigset_out")
def _sigset_out(rec, i, ctx, p):
    return _sigset_arg(rec, i, ctx, p, True)


@sf.kind("sigpending_set")
def _sigpending_set(rec, i, ctx, p):
    """rt_sigpending accepts (and strace decodes) any size up to sizeof(sigset_t)."""
    return _sigset_arg(rec, i, ctx, p, True, min_len=1)


@sf.kind("sigprocmask_how")
def _sigprocmask_how(rec, i, ctx, p):
    return sf.xval("sigprocmask_how", rec.args[i] & 0xFFFFFFFF, ctx)


@sf.kind("sigreturn_frame")
def _sigreturn_frame(rec, i, ctx, p):
    c = rec.caps.get(i)
    if c is None or c.status != ST_OK or len(c.data) < UC_SIGMASK + NSIG_BYTES:
        return "{mask=%s}" % sf.ptr((rec.args[i] + UC_SIGMASK) & ((1 << 64) - 1))
    return "{mask=%s}" % sigmask(c.data[UC_SIGMASK:], ctx)


_CODE_TABLES = {17: "sigchld_codes", 11: "sigsegv_codes", 7: "sigbus_codes", 4: "sigill_codes",
                8: "sigfpe_codes", 5: "sigtrap_codes", 29: "sigpoll_codes", 31: "sigsys_codes"}
SI_USER, SI_TIMER, SI_TKILL = 0, -2, -6


def si_code_name(signo, code, ctx):
    name = None
    if code > 0 and signo in _CODE_TABLES:
        name = xlat.lookup(_CODE_TABLES[signo], code)
    if name is None:
        name = xlat.lookup("si_codes", code)
    num = f"{code & 0xFFFFFFFF:#x}" if code < 0 else f"{code:#x}" if code else "0"
    if name is None or ctx.xstyle == xlat.XRAW:
        return num
    return f"{num} /* {name} */" if ctx.xstyle == xlat.XVERBOSE else name


def clock_t(v):
    """si_utime / si_stime in waitid: ticks, with seconds in a comment when not 0."""
    return f"{v} /* {v // 100}.{v % 100:02d} s */" if v > 0 else str(v)


def siginfo(d, ctx, clock_comment=False):
    """strace's {si_signo=..., si_code=..., ...} of a UAPI siginfo_t."""
    signo, errno_, code = struct.unpack_from("<iii", d)
    if signo == 0:
        return "{}"            # waitid(WNOHANG) with no child to report
    out = [f"si_signo={signame(signo, ctx)}"]
    out.append(f"si_code={si_code_name(signo, code, ctx)}")
    if errno_:
        out.append(f"si_errno={xlat.errno_name(errno_) or errno_}")
    pid, uid = struct.unpack_from("<iI", d, 16)
    (sival,) = struct.unpack_from("<Q", d, 24)
    sigval = [f"si_int={s32(sival)}", f"si_ptr={sf.ptr(sival)}"]
    if code <= 0:          # sent by a process
        if code in (SI_USER, SI_TKILL):
            out += [f"si_pid={pid}", f"si_uid={uid}"]
        elif code == SI_TIMER:
            tid, overrun = struct.unpack_from("<ii", d, 16)
            out += ["si_timerid=" + (f"{tid & 0xFFFFFFFF:#x}" if tid else "0"),
                    f"si_overrun={overrun}"] + sigval
        else:
            out += [f"si_pid={pid}", f"si_uid={uid}"] + sigval
    elif signo == 17:      # SIGCHLD
        status, = struct.unpack_from("<i", d, 24)
        ut, st = struct.unpack_from("<qq", d, 32)
        stat = str(status) if code == 1 else signame(status, ctx)   # CLD_EXITED: a code
        tfmt = clock_t if clock_comment else str
        out += [f"si_pid={pid}", f"si_uid={uid}", f"si_status={stat}",
                f"si_utime={tfmt(ut)}", f"si_stime={tfmt(st)}"]
    elif signo in (4, 7, 8, 11, 5):
        (addr,) = struct.unpack_from("<Q", d, 16)
        out.append(f"si_addr={sf.ptr(addr)}")
    elif signo == 29:      # SIGPOLL
        band, fd = struct.unpack_from("<qi", d, 16)
        out += [f"si_band={band}", f"si_fd={fd}"]
    elif signo == 31:      # SIGSYS
        addr, nr, arch = struct.unpack_from("<QiI", d, 16)
        out += [f"si_call_addr={sf.ptr(addr)}", f"si_syscall={nr}", f"si_arch={arch:#x}"]
    else:
        out += [f"si_pid={pid}", f"si_uid={uid}"]
    return "{" + ", ".join(out) + "}"


@sf.kind("siginfo_in")
def _siginfo_in(rec, i, ctx, p):
    return sf.struct_arg(rec, i, 128, siginfo, ctx)


@sf.kind("siginfo_out")
def _siginfo_out(rec, i, ctx, p):
    return sf.struct_arg(rec, i, 128, lambda d, c: siginfo(d, c, clock_comment=True), ctx,
                       out=True)


@sf.kind("signo_ret", sf.RET_FORMATTERS)
def _signo_ret(rec, ctx):
    name = xlat.signal_name(rec.ret) if 0 < rec.ret < xlat_data.NSIG else None
    return f"{rec.ret} ({name})" if name and not name.isdigit() else str(rec.ret)


def stack_t(d, ctx):
    sp, fl, size = struct.unpack_from("<QixxxxQ", d)
    return "{ss_sp=%s, ss_flags=%s, ss_size=%d}" % (
        sf.ptr(sp), sf.flags("sigaltstack_flags", fl & 0xFFFFFFFF, ctx), size)


@sf.kind("stack_in")
def _stack_in(rec, i, ctx, p):
    return sf.struct_arg(rec, i, 24, stack_t, ctx)


@sf.kind("stack_out")
def _stack_out(rec, i, ctx, p):
    return sf.struct_arg(rec, i, 24, stack_t, ctx, out=True)


# ---------------------------------------------------------------- clone, wait

@sf.kind("clone_call")
def _clone_call(rec, i, ctx, p):
    """clone(child_stack=, flags=[, parent_tid=[N]][, tls=][, child_tidptr=]):
    x86_64's raw order is flags, stack, parent_tid, child_tid, tls."""
    fl, stack, ptid, ctid, tls = rec.args[:5]
    out = [f"child_stack={sf.ptr(stack)}", "flags=" + xlat.printflags("clone_flags", fl, ctx.xstyle)]
    if fl & (CLONE_PARENT_SETTID | CLONE_PIDFD):
        name = "parent_tid" if fl & CLONE_PARENT_SETTID else "pidfd"
        d = sf.captured(rec, 2, 4)
        val = sf.ptr(ptid) if d is None else "[%d]" % struct.unpack_from(
            "<I" if fl & CLONE_PARENT_SETTID else "<i", d)[0]
        out.append(f"{name}={val}")
    if fl & CLONE_SETTLS:
        out.append(f"tls={sf.ptr(tls)}")
    if fl & (CLONE_CHILD_SETTID | CLONE_CHILD_CLEARTID):
        out.append(f"child_tidptr={sf.ptr(ctid)}")
    return ", ".join(out)


sf.FORMATTERS["clone_ptid"] = sf.FORMATTERS["ptrace_data"] = _none


@sf.kind("clone_args")
def _clone_args(rec, i, ctx, p):
    v, size = rec.args[i], rec.args[1]
    if v == 0:
        return "NULL"
    d = sf.captured(rec, i, 64)
    if d is None or size < 64:
        return sf.ptr(v)
    d = d + bytes(88 - len(d)) if len(d) < 88 else d
    (fl, pidfd, ctid, ptid, esig, stack, ssize, tls, set_tid, set_tid_size,
     cgroup) = struct.unpack_from("<11Q", d)
    out = ["flags=" + flags64("clone_flags", fl, ctx)]
    if fl & CLONE_PIDFD:
        out.append(f"pidfd={sf.ptr(pidfd)}")
    if fl & (CLONE_CHILD_SETTID | CLONE_CHILD_CLEARTID):
        out.append(f"child_tid={sf.ptr(ctid)}")
    if fl & CLONE_PARENT_SETTID:
        out.append(f"parent_tid={sf.ptr(ptid)}")
    out.append("exit_signal=" + (signame(esig, ctx) if esig < 2 ** 31 else str(esig)))
    out.append(f"stack={sf.ptr(stack)}")
    out.append(f"stack_size={ssize:#x}" if ssize else "stack_size=0")
    if fl & CLONE_SETTLS:
        out.append(f"tls={sf.ptr(tls)}")
    if size >= 80 and (set_tid or set_tid_size):
        out.append(f"set_tid={sf.ptr(set_tid)}")
        out.append(f"set_tid_size={set_tid_size}")
    if size >= 88 and (cgroup or fl & CLONE_INTO_CGROUP):
        out.append(f"cgroup={cgroup}")
    s = "{" + ", ".join(out) + "}"
    if not sf.failed(rec) and fl & (CLONE_PIDFD | CLONE_PARENT_SETTID):
        after = []
        if fl & CLONE_PIDFD:
            after.append(f"pidfd={sf.ptr(pidfd)}")     # the fd number is not captured
        if fl & CLONE_PARENT_SETTID:
            after.append(f"parent_tid=[{rec.ret}]")    # the kernel stores the result there
        s += " => {" + ", ".join(after) + "}"
    return s


def wait_status(st, ctx):
    """[{WIFEXITED(s) && WEXITSTATUS(s) == 0}] and the other cases, as strace's printstatus."""
    st &= 0xFFFFFFFF
    low = st & 0x7F
    if st & 0xFF == 0x7F:
        sig = (st >> 8) & 0xFF
        s = "[{WIFSTOPPED(s) && WSTOPSIG(s) == %s%s}" % (
            signame(sig & 0x7F, ctx), " | 0x80" if sig & 0x80 else "")
        st &= ~0xFF7F
    elif low and low != 0x7F:
        s = "[{WIFSIGNALED(s) && WTERMSIG(s) == %s%s}" % (
            signame(low, ctx), " && WCOREDUMP(s)" if st & 0x80 else "")
        st &= ~0xFF
    elif low == 0:
        s = "[{WIFEXITED(s) && WEXITSTATUS(s) == %d}" % ((st >> 8) & 0xFF)
        st &= ~0xFF00
    elif st == 0xFFFF:
        s = "[{WIFCONTINUED(s)}"
        st = 0
    else:
        return f"[{st:#x}]"
    event = st >> 16
    if event:
        s += "|" + sf.xval("ptrace_events", event, ctx) + "<<16"
        st &= 0xFFFF
    if st:
        s += f"|{st:#x}"
    return s + "]"


@sf.kind("wait_status")
def _wait_status(rec, i, ctx, p):
    """wait4's status: printed only when a child was reaped (result > 0)."""
    v = rec.args[i]
    if v == 0:
        return "NULL"
    d = sf.captured(rec, i, 4, out=True)
    if d is None or rec.ret == 0:
        return sf.ptr(v)
    return wait_status(struct.unpack_from("<i", d)[0], ctx)


def rusage(d, ctx):
    out = [f"ru_utime={_timeval(d, 0)}", f"ru_stime={_timeval(d, 16)}"]
    if not ctx.verbose:
        return "{" + ", ".join(out) + ", ...}"
    names = ("maxrss", "ixrss", "idrss", "isrss", "minflt", "majflt", "nswap", "inblock",
             "oublock", "msgsnd", "msgrcv", "nsignals", "nvcsw", "nivcsw")
    vals = struct.unpack_from("<14q", d, 32)
    out += [f"ru_{n}={v}" for n, v in zip(names, vals)]
    return "{" + ", ".join(out) + "}"


@sf.kind("rusage_out")
def _rusage_out(rec, i, ctx, p):
    return sf.struct_arg(rec, i, 144, rusage, ctx, out=True)


for _name, _table in (("rlimit_resource", "rlimit_resources"), ("waitid_type", "waitid_types"),
                      ("itimer_which", "itimer_which"), ("sched_policy", "sched_policies"),
                      ("membarrier_cmd", "membarrier_cmds"), ("seccomp_op", "seccomp_ops")):
    sf._xval_kind(_name, _table)


@sf.kind("rusage_who")
def _rusage_who(rec, i, ctx, p):
    v = s32(rec.args[i])
    name = xlat.lookup("rusage_who", v)            # RUSAGE_CHILDREN is -1
    if name is None:
        return sf.xval("rusage_who", v & 0xFFFFFFFF, ctx)
    u = f"{v & 0xFFFFFFFF:#x}" if v else "0"
    if ctx.xstyle == xlat.XRAW:
        return u
    return f"{u} /* {name} */" if ctx.xstyle == xlat.XVERBOSE else name


# ---------------------------------------------------------------- futex

def _timeout(rec, ctx):
    v = rec.args[3]
    if v == 0:
        return "NULL"
    d = sf.captured(rec, 3, 16)
    return sf.ptr(v) if d is None else _timespec(d, 0)


def _bitset(v, ctx):
    num = f"{v:#x}" if v else "0"
    if v == FUTEX_BITSET_MATCH_ANY and ctx.xstyle != xlat.XRAW:
        return f"{num} /* FUTEX_BITSET_MATCH_ANY */" if ctx.xstyle == xlat.XVERBOSE \
            else "FUTEX_BITSET_MATCH_ANY"
    return num


def _wake_op_part(table, v, shift, ctx):
    """strace 6.1 prints these fields with a comment even in -X raw (after the shift)."""
    if ctx.xstyle == xlat.XRAW:
        return "%s<<%d /* %s */" % (f"{v:#x}" if v else "0", shift, xlat_data.TABLES[table][1])
    return f"{sf.xval(table, v, ctx)}<<{shift}"


def futex_wake_op(v, ctx):
    """FUTEX_OP_ADD<<28|0x1<<12|FUTEX_OP_CMP_GT<<24|0x1 (the fields of val3)."""
    op, cmp = (v >> 28) & 7, (v >> 24) & 15
    s = ""
    if v >> 28 & 8:
        s = {xlat.XRAW: "0x8", xlat.XVERBOSE: "0x8 /* FUTEX_OP_OPARG_SHIFT */"}.get(
            ctx.xstyle, "FUTEX_OP_OPARG_SHIFT") + "<<28|"
    s += _wake_op_part("futex_wake_ops", op, 28, ctx) + "|"
    oparg, cmparg = (v >> 12) & 0xFFF, v & 0xFFF
    s += (f"{oparg:#x}" if oparg else "0") + "<<12|"
    s += _wake_op_part("futex_wake_cmps", cmp, 24, ctx) + "|"
    return s + (f"{cmparg:#x}" if cmparg else "0")


_FUTEX = {n: v for n, v in xlat_data.TABLES["futex_ops"][2]}


@sf.kind("futex_call")
def _futex_call(rec, i, ctx, p):
    """The op and the arguments it uses (strace prints only those)."""
    a = rec.args
    op = a[1] & 0xFFFFFFFF
    cmd = op & 127
    val, val2, val3 = a[2] & 0xFFFFFFFF, a[3] & 0xFFFFFFFF, a[5] & 0xFFFFFFFF
    out = [sf.xval("futex_ops", op, ctx)]
    F = _FUTEX
    if cmd == F["FUTEX_WAIT"]:
        out += [str(val), _timeout(rec, ctx)]
    elif cmd in (F["FUTEX_LOCK_PI"], F.get("FUTEX_LOCK_PI2", -1)):
        out += [_timeout(rec, ctx)]
    elif cmd == F["FUTEX_WAIT_BITSET"]:
        out += [str(val), _timeout(rec, ctx), _bitset(val3, ctx)]
    elif cmd == F["FUTEX_WAKE_BITSET"]:
        out += [str(val), _bitset(val3, ctx)]
    elif cmd == F["FUTEX_REQUEUE"]:
        out += [str(val), str(val2), sf.ptr(a[4])]
    elif cmd in (F["FUTEX_CMP_REQUEUE"], F["FUTEX_CMP_REQUEUE_PI"]):
        out += [str(val), str(val2), sf.ptr(a[4]), str(val3)]
    elif cmd == F["FUTEX_WAKE_OP"]:
        out += [str(val), str(val2), sf.ptr(a[4]), futex_wake_op(val3, ctx)]
    elif cmd == F["FUTEX_WAIT_REQUEUE_PI"]:
        out += [str(val), _timeout(rec, ctx), sf.ptr(a[4])]
    elif cmd in (F["FUTEX_WAKE"], F["FUTEX_FD"]):
        out += [str(val)]
    elif cmd in (F["FUTEX_UNLOCK_PI"], F["FUTEX_TRYLOCK_PI"]):
        pass
    else:
        out += [str(val), f"{a[3]:#x}" if a[3] else "0", sf.ptr(a[4]),
                f"{val3:#x}" if val3 else "0"]
    return ", ".join(out)


sf.FORMATTERS["futex_timeout"] = _none


# ---------------------------------------------------------------- ids, limits

def _num_out(rec, i, ctx, fmt, size, code):
    v = rec.args[i]
    if v == 0:
        return "NULL"
    d = sf.captured(rec, i, size, out=True)
    if d is None:
        return sf.ptr(v)
    return "[" + fmt(struct.unpack_from(code, d)[0]) + "]"


@sf.kind("id_out")
def _id_out(rec, i, ctx, p):
    return _num_out(rec, i, ctx, lambda v: "-1" if v == 0xFFFFFFFF else str(v), 4, "<I")


@sf.kind("int_out")
def _int_out(rec, i, ctx, p):
    return _num_out(rec, i, ctx, str, 4, "<i")


@sf.kind("ptr_out")
def _ptr_out(rec, i, ctx, p):
    return _num_out(rec, i, ctx, sf.ptr, 8, "<Q")


@sf.kind("ulong_out")
def _ulong_out(rec, i, ctx, p):
    return _num_out(rec, i, ctx, str, 8, "<Q")


def _id_list(rec, i, n, ctx):
    """[0, 27, 100]: n ids, at most -s of them then "..." (the capture holds 1024 at most)."""
    v = rec.args[i]
    shown = min(n, ctx.strsize)
    d = sf.captured(rec, i, 4 * shown) if n >= 0 else None
    if d is None:
        return sf.ptr(v)
    ids = struct.unpack_from(f"<{shown}I", d)
    out = ["-1" if g == 0xFFFFFFFF else str(g) for g in ids]
    return "[" + ", ".join(out) + (", ..." if n > shown else "") + "]"


@sf.kind("gid_list_out")
def _gid_list_out(rec, i, ctx, p):
    if rec.args[i] == 0:
        return "NULL"
    if sf.failed(rec):
        return sf.ptr(rec.args[i])
    return _id_list(rec, i, max(rec.ret, 0), ctx)   # strace reads that many, even for size 0


@sf.kind("gid_list_in")
def _gid_list_in(rec, i, ctx, p):
    if rec.args[i] == 0:
        return "NULL"
    return _id_list(rec, i, s32(rec.args[0]), ctx)


def _rlim(v):
    if v == (1 << 64) - 1:
        return "RLIM64_INFINITY"
    if v > 1024 and v % 1024 == 0:
        return f"{v // 1024}*1024"
    return str(v)


def _rlim_styled(v, ctx):
    s = _rlim(v)
    if ctx.xstyle == xlat.XRAW or s == str(v):
        return str(v)
    return f"{v} /* {s} */" if ctx.xstyle == xlat.XVERBOSE else s


def rlimit(d, ctx):
    cur, mx = struct.unpack_from("<QQ", d)
    return "{rlim_cur=%s, rlim_max=%s}" % (_rlim_styled(cur, ctx), _rlim_styled(mx, ctx))


@sf.kind("rlimit_in")
def _rlimit_in(rec, i, ctx, p):
    return sf.struct_arg(rec, i, 16, rlimit, ctx)


@sf.kind("rlimit_out")
def _rlimit_out(rec, i, ctx, p):
    return sf.struct_arg(rec, i, 16, rlimit, ctx, out=True)


def _cpus(d, nbytes):
    cpus = []
    for k, b in enumerate(d[:nbytes]):
        for bit in range(8):
            if b >> bit & 1:
                cpus.append(str(k * 8 + bit))
    return "[" + " ".join(cpus) + "]"


@sf.kind("cpuset_out")
def _cpuset_out(rec, i, ctx, p):
    v = rec.args[i]
    if v == 0:
        return "NULL"
    c = rec.caps.get(i)
    if sf.failed(rec) or c is None or c.status != ST_OK:
        return sf.ptr(v)
    return _cpus(c.data, len(c.data))


@sf.kind("cpuset_in")
def _cpuset_in(rec, i, ctx, p):
    v = rec.args[i]
    if v == 0:
        return "NULL"
    c = rec.caps.get(i)
    if c is None or c.status != ST_OK:
        return sf.ptr(v)
    return _cpus(c.data, len(c.data))


@sf.kind("sched_param_out")
def _sched_param_out(rec, i, ctx, p):
    return _num_out(rec, i, ctx, str, 4, "<i")


@sf.kind("sched_param_in")
def _sched_param_in(rec, i, ctx, p):
    v = rec.args[i]
    if v == 0:
        return "NULL"
    d = sf.captured(rec, i, 4)
    return sf.ptr(v) if d is None else "[%d]" % struct.unpack_from("<i", d)[0]


def sched_attr(d, ctx):
    size, policy, fl, nice, prio, rt, dl, per, umin, umax = struct.unpack_from("<IIQiIQQQII", d)
    out = [f"size={size}", "sched_policy=" + sf.xval("sched_policies", policy, ctx, "%d"),
           "sched_flags=" + flags64("sched_flags", fl, ctx), f"sched_nice={nice}",
           f"sched_priority={prio}", f"sched_runtime={rt}", f"sched_deadline={dl}",
           f"sched_period={per}"]
    if size >= 56:
        out += [f"sched_util_min={umin}", f"sched_util_max={umax}"]
    return "{" + ", ".join(out) + "}"


@sf.kind("sched_attr_out")
def _sched_attr_out(rec, i, ctx, p):
    return sf.struct_arg(rec, i, 56, sched_attr, ctx, out=True)


@sf.kind("sched_attr_in")
def _sched_attr_in(rec, i, ctx, p):
    return sf.struct_arg(rec, i, 56, sched_attr, ctx)


@sf.kind("sched_policy_ret", sf.RET_FORMATTERS)
def _sched_policy_ret(rec, ctx):
    name = xlat.lookup("sched_policies", rec.ret)
    return f"{rec.ret} ({name})" if name else str(rec.ret)


# ---------------------------------------------------------------- timers

def itimerval(d, ctx):
    return "{it_interval=%s, it_value=%s}" % (_timeval(d, 0), _timeval(d, 16))


def itimerspec(d, ctx):
    return "{it_interval=%s, it_value=%s}" % (_timespec(d, 0), _timespec(d, 16))


for _n, _fn, _out_ in (("itimerval_in", itimerval, False), ("itimerval_out", itimerval, True),
                       ("itimerspec_in", itimerspec, False),
                       ("itimerspec_out", itimerspec, True)):
    sf.FORMATTERS[_n] = (lambda fn, o: lambda rec, i, ctx, p: sf.struct_arg(
        rec, i, 32, fn, ctx, out=o))(_fn, _out_)


def sigevent(d, ctx):
    (val,) = struct.unpack_from("<Q", d)
    signo, notify = struct.unpack_from("<ii", d, 8)
    out = []
    if val:
        out.append("sigev_value={sival_int=%d, sival_ptr=%s}" % (s32(val), sf.ptr(val)))
    if notify in (SIGEV_SIGNAL, SIGEV_THREAD_ID, SIGEV_THREAD):
        out.append(f"sigev_signo={signame(signo, ctx)}")
    else:
        out.append(f"sigev_signo={signo}")
    out.append("sigev_notify=" + sf.xval("sigev_notify", notify & 0xFFFFFFFF, ctx))
    if notify == SIGEV_THREAD_ID:
        out.append("sigev_notify_thread_id=%d" % struct.unpack_from("<i", d, 16))
    elif notify == SIGEV_THREAD:
        fn, attr = struct.unpack_from("<QQ", d, 16)
        out += [f"sigev_notify_function={sf.ptr(fn)}", f"sigev_notify_attributes={sf.ptr(attr)}"]
    return "{" + ", ".join(out) + "}"


sf._xval_kind("timer_clockid", "clocks")


@sf.kind("sigevent_in")
def _sigevent_in(rec, i, ctx, p):
    return sf.struct_arg(rec, i, 32, sigevent, ctx)


# ---------------------------------------------------------------- namespaces, misc

@sf.kind("ns_flags")
def _ns_flags(rec, i, ctx, p):
    return flags64("unshare_flags", rec.args[i] & 0xFFFFFFFF, ctx)


@sf.kind("membarrier_cpu")
def _membarrier_cpu(rec, i, ctx, p):
    return str(s32(rec.args[i])) if rec.args[1] & 1 else None   # MEMBARRIER_CMD_FLAG_CPU


@sf.kind("membarrier_ret", sf.RET_FORMATTERS)
def _membarrier_ret(rec, ctx):
    if rec.args[0] & 0xFFFFFFFF or rec.ret <= 0:     # only QUERY returns a set of commands
        return str(rec.ret)
    return "%#x (%s)" % (rec.ret, xlat.printflags("membarrier_cmd_flags", rec.ret, ctx.xstyle))


sf._flags_kind("pidfd_flags", "pidfd_flags")
sf._flags_kind("membarrier_flags", "membarrier_flags")
sf._flags_kind("signalfd_flags", "signalfd_flags")


@sf.kind("seccomp_flags")
def _seccomp_flags(rec, i, ctx, p):
    return sf.flags("seccomp_filter_flags", rec.args[i] & 0xFFFFFFFF, ctx)


@sf.kind("seccomp_arg")
def _seccomp_arg(rec, i, ctx, p):
    op, v = rec.args[0] & 0xFFFFFFFF, rec.args[i]
    if v == 0:
        return "NULL"
    d = sf.captured(rec, i, 4)
    if op == 1 and d is not None and len(d) >= 16:          # SECCOMP_SET_MODE_FILTER
        ln, filt = struct.unpack_from("<H6xQ", d)
        return "{len=%d, filter=%s}" % (ln, sf.ptr(filt))
    if op == 2 and d is not None:                           # SECCOMP_GET_ACTION_AVAIL
        return "[%s]" % sf.xval("seccomp_ret_actions", struct.unpack_from("<I", d)[0], ctx)
    return sf.ptr(v)


_PT = {n: v for n, v in xlat_data.TABLES["ptrace_requests"][2]}
_PT_KNOWN = set(_PT.values())


def _pt(*names):
    return {_PT[n] for n in names if n in _PT}


_PT_RESTART = _pt("PTRACE_CONT", "PTRACE_SYSCALL", "PTRACE_SINGLESTEP", "PTRACE_SYSEMU",
                  "PTRACE_SYSEMU_SINGLESTEP", "PTRACE_SINGLEBLOCK", "PTRACE_DETACH")
_PT_PID_ONLY = _pt("PTRACE_ATTACH", "PTRACE_KILL", "PTRACE_INTERRUPT", "PTRACE_LISTEN")
_PT_PEEK = _pt("PTRACE_PEEKTEXT", "PTRACE_PEEKDATA", "PTRACE_PEEKUSER")
_PT_USER = _pt("PTRACE_PEEKUSER", "PTRACE_POKEUSER")
_PT_NO_ADDR = _pt("PTRACE_GETREGS", "PTRACE_SETREGS", "PTRACE_GETFPREGS", "PTRACE_SETFPREGS",
                  "PTRACE_GETFPXREGS", "PTRACE_SETFPXREGS")
_PT_OPTIONS = _pt("PTRACE_SETOPTIONS", "PTRACE_SEIZE")
_PT_REGSET = _pt("PTRACE_GETREGSET", "PTRACE_SETREGSET")
USER_REGS = [n[2:].lower() for n, _ in xlat_data.TABLES["ptrace_user_offsets"][2]]


def user_regs(d, ctx):
    vals = struct.unpack_from(f"<{len(USER_REGS)}Q", d)
    return "{" + ", ".join(f"{n}={v:#x}" if v else f"{n}=0" for n, v in zip(USER_REGS, vals)) + "}"


def _pt_data(rec, req, data, ctx):
    """What PTRACE_* puts at (or reads from) the data argument."""
    if req in _PT_RESTART:
        return signame(s32(data), ctx) if data else "0"
    if req in _PT_OPTIONS:
        return sf.flags("ptrace_options", data & 0xFFFFFFFF, ctx)
    out = {_PT.get("PTRACE_GETREGS"): (8 * len(USER_REGS), user_regs),
           _PT.get("PTRACE_SETREGS"): (8 * len(USER_REGS), user_regs),
           _PT.get("PTRACE_GETSIGINFO"): (128, siginfo),
           _PT.get("PTRACE_SETSIGINFO"): (128, siginfo),
           _PT.get("PTRACE_GETEVENTMSG"): (8, lambda d, c: "[%d]" % struct.unpack_from("<Q", d)),
           }
    for peek in _PT_PEEK:
        out[peek] = (8, lambda d, c: "[%s]" % sf.ptr(struct.unpack_from("<Q", d)[0]))
    if req in out and data:
        size, fn = out[req]
        d = sf.captured(rec, 3, size, out=req not in _pt("PTRACE_SETREGS", "PTRACE_SETSIGINFO"))
        return sf.ptr(data) if d is None else fn(d, ctx)
    return sf.ptr(data) if req in _PT_KNOWN else (f"{data:#x}" if data else "0")


@sf.kind("ptrace_call")
def _ptrace_call(rec, i, ctx, p):
    """ptrace(REQ[, pid[, addr, data]]): how many and how printed depends on the request."""
    req, pid, addr, data = rec.args[0] & 0xFFFFFFFF, s32(rec.args[1]), rec.args[2], rec.args[3]
    out = [sf.xval("ptrace_requests", req, ctx)]
    if req == _PT.get("PTRACE_TRACEME"):
        return out[0]
    out.append(str(pid))
    if req in _PT_PID_ONLY:
        return ", ".join(out)
    if req in _PT_NO_ADDR:
        pass
    elif req in _PT_USER and ctx.xstyle != xlat.XRAW and xlat.lookup("ptrace_user_offsets", addr):
        out.append(xlat.lookup("ptrace_user_offsets", addr))
    elif req in _PT_REGSET:
        out.append(sf.xval("nt_types", addr & 0xFFFFFFFF, ctx))
    elif req not in _PT_KNOWN:
        out.append(f"{addr:#x}" if addr else "0")
    else:
        out.append(sf.ptr(addr))
    out.append(_pt_data(rec, req, data, ctx))
    return ", ".join(out)


# ---------------------------------------------------------------- execve

@sf.kind("argv")
def _argv(rec, i, ctx, p):
    """["a", "b"...]: -s elements at most, each cut at -s bytes (strace.c reads one
    byte more than -s of each, so a cut string is told from one of exactly -s)."""
    v = rec.args[i]
    if v == 0:
        return "NULL"
    c = rec.caps.get(i)
    if c is None or (c.status == ST_FAULT and not c.data):
        return sf.ptr(v)
    items = c.data.split(b"\0")[:-1] if c.data else []
    n = ctx.strsize
    shown = []
    for s in items[:n]:
        cut = len(s) > n or len(s) >= ARGV_ELEM_MAX
        shown.append(sf.quote(s[:n], ctx, ellipsis=cut))
    more = c.status == ST_TRUNC or len(items) > n
    if more:
        shown.append("...")
    return "[" + ", ".join(shown) + "]"


@sf.kind("envp")
def _envp(rec, i, ctx, p):
    """0x7ffe... /* N vars */, or with -v the strings (all of them, each cut at -s)."""
    v = rec.args[i]
    if v == 0:
        return "NULL"
    c = rec.caps.get(i)
    if c is None or (c.status == ST_FAULT and not c.data):
        return sf.ptr(v)
    if c.kind != CAP_STRARR:
        return f"{v:#x} /* {c.count} var{'s' if c.count != 1 else ''} */"
    items = c.data.split(b"\0")[:-1] if c.data else []
    n = ctx.strsize
    shown = [sf.quote(s[:n], ctx, ellipsis=len(s) > n or len(s) >= ARGV_ELEM_MAX) for s in items]
    if c.status == ST_TRUNC:
        shown.append("...")
    return "[" + ", ".join(shown) + "]"
