"""my_strace's command line: options, checks, launching the command, the main loop.

The command is forked first (so it inherits none of the tracer's descriptors),
waits on a close-on-exec pipe until the BPF programs are attached, then execs.
The kernel side starts tracing it at that execve: none of the launcher's own
calls appear.
"""
import argparse
import os
import shlex
import shutil
import signal
import sys
import time

PROG = "my_strace"
HERE = os.path.dirname(os.path.abspath(__file__))

EXAMPLES = """\
examples:
  sudo ./my_strace "cat /etc/hostname"        trace a command (quoted, as the original tool)
  sudo ./my_strace -- ls -la /tmp             strace's form: arguments after --
  sudo ./my_strace -o trace.txt -s 64 cat f   write the trace to a file, longer strings
  sudo ./my_strace -f sh -c 'ls | wc -l'      follow forks, threads and clones
  sudo ./my_strace -e trace=openat,close cat f   only these syscalls
  sudo ./my_strace -c dd if=/dev/zero of=/dev/null count=1000   summary table
"""


class UsageError(Exception):
    pass


class Parser(argparse.ArgumentParser):
    def error(self, message):
        raise UsageError(message)


def build_parser():
    p = Parser(prog=PROG, add_help=False, formatter_class=argparse.RawDescriptionHelpFormatter,
               usage="%(prog)s [options] COMMAND [ARGS...]  |  %(prog)s [options] \"COMMAND ARGS\"",
               description="strace, rebuilt on eBPF: prints the system calls of a command "
                           "exactly as strace does.",
               epilog=EXAMPLES)
    a = p.add_argument
    a("-h", "--help", action="store_true", help="show this help and exit")
    a("-V", "--version", action="store_true", help="print the version and exit")
    a("-o", "--output", metavar="FILE", help="write the trace to FILE instead of stderr")
    a("-s", "--string-limit", metavar="STRSIZE", type=int, default=32,
      help="print at most STRSIZE bytes of strings (default 32)")
    a("-f", "--follow-forks", action="count", default=0,
      help="trace child processes and threads (-ff with -o: one file per process)")
    a("-a", "--columns", metavar="COLUMN", type=int, default=40,
      help="align return values at COLUMN (default 40)")
    a("-x", action="count", default=0, help="print non-ASCII strings in hex (-xx: all strings)")
    a("-X", "--const-print-style", metavar="FORMAT", choices=["raw", "abbrev", "verbose"],
      default="abbrev", help="constants as raw numbers, abbrev (default) or verbose")
    a("-v", "--no-abbrev", action="store_true", help="print structures whole")
    a("-e", dest="expr", metavar="EXPR", action="append", default=[],
      help="qualifier: trace=SET, status=SET, signal=SET, quiet=SET ...")
    a("-q", "--quiet", action="count", default=0, help="suppress messages (-qq: exit lines too)")
    a("-c", "--summary-only", action="store_true", help="count time, calls and errors per syscall")
    a("-T", "--syscall-times", action="store_true", help="print the time spent in each syscall")
    a("-p", "--attach", metavar="PID", action="append", default=[], help=argparse.SUPPRESS)
    a("--always-show-pid", action="store_true", help="always print the pid prefix")
    a("--ring-pages", type=int, default=4096, help=argparse.SUPPRESS)
    a("--ebpf", action="store_true", help="print the BPF program and exit")
    add_filter_options(p)
    add_process_options(p)
    add_speed_options(p)
    add_output_options(p)
    a("command", nargs=argparse.REMAINDER, help="the command to trace")
    return p


def add_filter_options(p):
    """Filters, timestamps and summaries (-e trace=, -t, -c ...)."""


def add_process_options(p):
    """Process model (-f/-ff, -p, -u, pid namespaces ...)."""


def add_speed_options(p):
    """Loss handling and the fast path (--fail-on-loss, lossless mode ...)."""
    g = p.add_argument_group("loss and backpressure")
    g.add_argument("--lossless", dest="lossless", action="store_true", default=True,
                   help="never lose an event: when the ring buffer passes half full, stop the "
                        "producing process (SIGSTOP) until the trace is drained (default)")
    g.add_argument("--lossy", dest="lossless", action="store_false",
                   help="never stop the traced processes; events the ring buffer cannot take "
                        "are counted and reported as lost")
    g.add_argument("--fail-on-loss", action="store_true",
                   help="exit with status 1 if any event was lost")


def add_output_options(p):
    """Output extras (-y, --json, -k, --record/--replay, --color ...)."""


def error(msg, status=1):
    sys.stderr.write(f"{PROG}: {msg}\n")
    return status


def split_command(argv):
    """The original's quoted form: one argument with spaces that is not a path."""
    if argv and argv[0] == "--":
        argv = argv[1:]
    if len(argv) == 1 and any(c.isspace() for c in argv[0]) and not os.path.exists(argv[0]):
        return shlex.split(argv[0])
    return argv


def resolve(prog):
    """Find prog as strace does (PATH search unless it has a slash); raise OSError."""
    if "/" in prog:
        path = prog
    else:
        path = shutil.which(prog) or (shutil.which(prog, mode=os.F_OK) or None)
        if path is None:
            raise FileNotFoundError(f"Can't stat '{prog}': No such file or directory")
    try:
        os.stat(path)
    except OSError as e:
        raise FileNotFoundError(f"Can't stat '{prog}': {e.strerror}") from None
    return path


# ------------------------------------------------------------------ dependencies

def headers_present():
    rel = os.uname().release
    return os.path.isdir(f"/lib/modules/{rel}/build")


def ensure_dependencies():
    """bcc and kernel headers; installed on first use where we can (Debian, root)."""
    import tracepoint_raw
    missing = []
    if not tracepoint_raw.bcc_available():
        missing.append("bcc (python3-bpfcc)")
    if not headers_present():
        missing.append("kernel headers")
    if not missing:
        return None
    what = " and ".join(missing)
    if os.environ.get("MY_STRACE_NO_INSTALL") or not shutil.which("apt-get"):
        return f"{what} missing: run 'sudo make setup' (or tools/setup.sh) first"
    sys.stderr.write(f"{PROG}: {what} missing: installing with tools/setup.sh "
                     f"(first use only, log in /tmp/my_strace-setup.log)\n")
    import subprocess
    with open("/tmp/my_strace-setup.log", "ab") as log:
        rc = subprocess.call(["bash", os.path.join(HERE, "tools", "setup.sh")],
                             stdout=log, stderr=log)
    if rc != 0:
        return f"installing {what} failed (see /tmp/my_strace-setup.log); run 'sudo make setup'"
    if "bcc (python3-bpfcc)" in missing:
        import importlib
        importlib.invalidate_caches()
        try:
            tracepoint_raw.import_bcc()
        except tracepoint_raw.BccMissing:
            return "bcc still cannot be imported after setup: use /usr/bin/python3"
    return None


# ------------------------------------------------------------------ launching

def launch_environ():
    """The environment we were started with, in its order.  os.environ may have
    been changed by Python itself (PEP 538 adds LC_CTYPE under the C locale);
    /proc/self/environ still holds the block the kernel gave us at exec."""
    try:
        with open("/proc/self/environ", "rb") as f:
            items = [e.partition(b"=") for e in f.read().split(b"\0") if e]
        return {k: v for k, _, v in items}
    except OSError:
        return os.environ


def spawn_gated(path, argv):
    """Fork a child that execs path once the gate opens; returns (pid, gate write fd)."""
    env = launch_environ()
    r, w = os.pipe2(os.O_CLOEXEC)
    pid = os.fork()
    if pid == 0:
        try:
            os.close(w)
            signal.signal(signal.SIGINT, signal.SIG_DFL)
            signal.signal(signal.SIGTERM, signal.SIG_DFL)
            signal.signal(signal.SIGPIPE, signal.SIG_DFL)
            signal.signal(signal.SIGXFSZ, signal.SIG_DFL)   # ignored by Python, inherited over exec
            if os.read(r, 1) != b"g":
                os._exit(127)
            os.execve(path, argv, env)
        except OSError as e:
            os.write(2, f"{PROG}: exec {path}: {e.strerror}\n".encode())
        os._exit(127)
    os.close(r)
    return pid, w


class Output:
    """Buffered trace output; large writes, flushed per batch."""

    def __init__(self, path):
        if path:
            self.f = open(path, "w", buffering=1 << 20)
        else:
            self.f = sys.stderr
        self.parts = []

    def write(self, s):
        self.parts.append(s)

    def flush(self):
        if self.parts:
            self.f.write("".join(self.parts))
            self.parts.clear()
        self.f.flush()

    def close(self):
        self.flush()
        if self.f is not sys.stderr:
            self.f.close()


def parse(argv):
    p = build_parser()
    opts = p.parse_args(argv)
    return p, opts


def main(argv):
    try:
        p, opts = parse(argv)
    except UsageError as e:
        return error(f"{e} (see '{PROG} --help')")
    if opts.help:
        sys.stdout.write(p.format_help())
        return 0
    if opts.version:
        sys.stdout.write(f"{PROG} -- version 0.1 (eBPF; output of strace 6.1)\n")
        return 0
    if opts.ebpf:
        with open(os.path.join(HERE, "strace.c")) as f:
            sys.stdout.write(f.read())
        return 0
    cmd = split_command(opts.command)
    if not cmd and not opts.attach:
        return error("must have PROG [ARGS] or -p PID (see 'my_strace --help')")
    if opts.string_limit < 0:
        return error(f"invalid -s argument: '{opts.string_limit}'")
    if os.geteuid() != 0:
        return error("must be run as root to load eBPF programs: try 'sudo ./my_strace ...'")
    try:
        path = resolve(cmd[0])
    except OSError as e:
        return error(str(e))
    problem = ensure_dependencies()
    if problem:
        return error(problem)
    return trace_command(opts, path, cmd)


def make_ctx(opts):
    import syscall_formatters as sf
    import xlat
    style = {"raw": xlat.XRAW, "abbrev": xlat.XABBREV, "verbose": xlat.XVERBOSE}[opts.const_print_style]
    return sf.Ctx(strsize=opts.string_limit, xflag=min(opts.x, 2), xstyle=style,
                  verbose=opts.no_abbrev, acolumn=opts.columns)


def trace_command(opts, path, argv):
    import render
    import syscall_specs
    import tracepoint_raw

    import dec_proc
    dec_proc.VERBOSE = bool(opts.no_abbrev)   # -v: execve's envp strings are captured
    syscalls = syscall_specs.build()
    rows = syscall_specs.bpf_rows(syscalls)
    try:
        out = Output(opts.output)
    except OSError as e:
        return error(f"can't open '{opts.output}': {e.strerror}")

    child, gate = spawn_gated(path, argv)
    signal.signal(signal.SIGINT, signal.SIG_IGN)     # the tty's ^C goes to the command
    signal.signal(signal.SIGTERM, lambda s, f: os.kill(child, signal.SIGTERM))
    try:
        tracer = tracepoint_raw.Tracer(rows, strsize=opts.string_limit,
                                       follow_forks=bool(opts.follow_forks),
                                       summary_only=opts.summary_only,
                                       ring_pages=opts.ring_pages,
                                       lossless=opts.lossless,
                                       exec_nr=syscall_specs.EXEC_NR)
    except tracepoint_raw.LoadError as e:
        os.kill(child, signal.SIGKILL)
        os.waitpid(child, 0)
        hint = ("kernel headers missing: run 'sudo make setup'" if "kernel headers" in str(e)
                else "is BPF enabled in this kernel (CONFIG_BPF_SYSCALL, tracepoints)?")
        return error(f"cannot load the BPF program: {e} ({hint})")
    tracer.expect_exec(child)
    freezer = None
    if opts.lossless and not os.environ.get("MY_STRACE_NO_FREEZER"):
        import freezer as freezer_mod
        freezer = freezer_mod.Freezer.create(child)     # before its exec: all of it is inside
    os.write(gate, b"g")
    os.close(gate)

    status = {}

    def root_status():
        if "st" not in status:
            _, st = os.waitpid(child, 0)
            status["st"] = st
        return status["st"]

    ctx = make_ctx(opts)
    r = render.Renderer(syscalls, ctx, out.write, follow=bool(opts.follow_forks),
                        output_file=bool(opts.output), always_show_pid=opts.always_show_pid,
                        root_pid=child, root_status=root_status, show_time=opts.syscall_times,
                        quiet=opts.quiet)
    try:
        lost_total = main_loop(opts, tracer, r, out, child, status, freezer)
    finally:
        tracer.resume()     # never leave a process stopped or frozen behind
        if freezer is not None:
            freezer.close()
    # the root's exit line if its exit event never came (e.g. lost)
    if r.root_exit is None and child in r.alive:
        out.write(render.exit_line(status["st"]) + "\n")
    if opts.summary_only:
        import summary
        summary.print_table(tracer.stats(), syscalls, out.write)
    if lost_total:
        msg = f"{PROG}: {lost_total} events lost in total\n"
        out.write(msg)
        if opts.output:
            sys.stderr.write(msg)
    out.close()
    tracer.close()
    st = status["st"]
    if lost_total and opts.fail_on_loss:
        return 1
    if os.WIFSIGNALED(st):
        sig = os.WTERMSIG(st)
        signal.signal(sig, signal.SIG_DFL)
        os.kill(os.getpid(), sig)
        return 128 + sig
    return os.WEXITSTATUS(st)


BATCH = 1024    # records per batch: the freeze check, output flush and resume come after each


def main_loop(opts, tracer, r, out, child, status, freezer=None):
    """Drain, render, flush until the traced processes are gone; returns events lost.

    Idle, it waits on the ring's fd: records are written without wake-ups,
    so that is a timed sleep (0.5 ms doubling to 10 ms) unless the ring passes
    the wake mark, where the BPF side wakes us and, in lossless mode, the
    traced cgroup is frozen until drained (freezer.py).
    """
    import select
    ep = select.epoll()
    ep.register(tracer.ring_fd, select.EPOLLIN)
    import fastpath
    reuse = not (opts.follow_forks or opts.syscall_times or getattr(r, "timefmt", None)
                 or getattr(r.ctx, "decode_fds", False) or not hasattr(r, "prefix"))
    reuse = reuse and not os.environ.get("MY_STRACE_NO_REUSE")
    check = bool(os.environ.get("MY_STRACE_CHECK_REUSE"))
    fast = fastpath.FastConsumer(tracer, r, out.write, enabled=reuse, check=check)
    lost_total = 0
    idle = 0.0005
    while True:
        if freezer is not None and tracer.ring.pending() >= tracer.wake_mark:
            freezer.freeze()
        n = fast.drain(BATCH)
        new = tracer.new_losses()
        if new:
            lost_total += new
            out.write(f"{PROG}: {new} events lost (ring buffer full)\n")
        out.flush()
        if n == BATCH:
            continue
        tracer.resume()
        if freezer is not None:
            freezer.thaw()
        if n:
            idle = 0.0005
            continue
        if "st" in status and not r.alive:
            break
        if "st" not in status:
            pid, st = os.waitpid(child, os.WNOHANG)
            if pid:
                status["st"] = st
                continue     # one more drain: every event is in the ring by now
        elif not r.alive or not opts.follow_forks:
            break
        ep.poll(idle)
        idle = min(idle * 2, 0.01)
    ep.close()
    if os.environ.get("MY_STRACE_STATS"):   # bench: how the run went
        sys.stderr.write(f"{PROG}: stats: records {fast.hits + fast.misses} reused {fast.hits} "
                         f"freezes {freezer.freezes if freezer else 0} "
                         f"sigstops {tracer.pauses()} lost {lost_total}\n")
    if check:       # tests: every reused line must equal the one the slow path makes
        for line, slow in fast.mismatches:
            sys.stderr.write(f"{PROG}: reuse mismatch: {line!r} != {slow!r}\n")
        sys.stderr.write(f"{PROG}: reused {fast.hits} lines, {len(fast.mismatches)} mismatches\n")
    return lost_total
