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

import extras

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
  sudo ./my_strace -y cat /etc/hostname       fds with their paths: read(3</etc/hostname>, ...)
  sudo ./my_strace -yy curl -s example.org    sockets with addresses: 5<TCP:[10.0.0.2:40000->...]>
  sudo ./my_strace --json -o t.json make      JSON Lines, one object per event (docs/json.md)
  sudo ./my_strace --record t.rec -f make     trace and save the raw events ...
  ./my_strace --replay t.rec -e trace=openat  ... print them again later, no root needed
  sudo ./my_strace -k -e trace=write echo hi  user stack of each call (-kk: kernel stack too)
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
    a("-p", "--attach", metavar="PID", action="append", default=[],
      help="trace process PID (repeatable, or a comma list); Ctrl-C detaches")
    a("--always-show-pid", action="store_true", help="always print the pid prefix")
    a("--ring-pages", type=int, default=4096, help=argparse.SUPPRESS)
    a("--ebpf", action="store_true", help="print the BPF program and exit")
    add_filter_options(p)
    add_process_options(p)
    add_speed_options(p)
    add_output_options(p)
    a("command", nargs=argparse.REMAINDER, help="the command to trace")
    return p


class _Qualify(argparse.Action):
    """--trace=SET etc.: the same as -e trace=SET, in command-line order."""

    def __call__(self, parser, ns, value, option_string=None):
        ns.expr = list(ns.expr or []) + [f"{self.const}={value}"]


class _Append(argparse.Action):
    """Record an option's value in a shared list, in command-line order."""

    def __call__(self, parser, ns, value, option_string=None):
        setattr(ns, self.dest, list(getattr(ns, self.dest) or []) + [self.const or value])


# long options whose argument is optional: strace binds one only with '='
OPTIONAL_ARG = {"--absolute-timestamps": "--absolute-timestamps=",
                "--relative-timestamps": "-r", "--syscall-times": "-T", "--quiet": "-q"}


def normalise_optional_args(argv):
    out = []
    for i, a in enumerate(argv):
        if a == "--" or not a.startswith("-"):
            return out + list(argv[i:])
        out.append(OPTIONAL_ARG.get(a, a))
    return out


def add_filter_options(p):
    """Filters, timestamps and summaries (-e trace=, -t, -c ...)."""
    g = p.add_argument_group("filtering, timestamps and statistics")
    a = g.add_argument
    a("--trace", action=_Qualify, const="trace", metavar="SET", help="-e trace=SET")
    a("--signal", "--signals", action=_Qualify, const="signal", metavar="SET", help="-e signal=SET")
    a("--status", action=_Qualify, const="status", metavar="SET",
      help="-e status=SET: successful, failed, unfinished, unavailable, detached")
    a("--trace-fds", action=_Qualify, const="trace-fds", metavar="SET",
      help="only calls on these descriptors (newer strace's option)")
    a("-z", "--successful-only", dest="zZ", action=_Append, nargs=0, const="successful",
      default=[], help="print only syscalls that returned without an error code")
    a("-Z", "--failed-only", dest="zZ", action=_Append, nargs=0, const="failed",
      help="print only syscalls that returned with an error code")
    a("-P", "--trace-path", dest="paths", action="append", default=[], metavar="PATH",
      help="trace only calls accessing PATH (or descriptors opened on it)")
    a("--syscall-limit", type=int, default=0, metavar="N",
      help="stop tracing after N syscalls were printed (newer strace's option)")
    a("-q", dest="quiet", action="count", default=0,
      help="suppress attach messages (-qq: exit lines too)")
    a("--quiet", dest="_quiet_doc", metavar="SET", help="-e quiet=SET (bare --quiet: -q)")
    a("-t", dest="tflag", action="count", default=0,
      help="absolute timestamps (-tt: with usecs, -ttt: UNIX time)")
    a("--absolute-timestamps", dest="abs_ts", metavar="[format:]FORMAT[,[precision:]PREC]",
      help="time|unix|none, s|ms|us|ns")
    a("-r", dest="rflag", action="store_true", help="relative timestamps")
    a("--relative-timestamps", dest="rel_prec", metavar="PRECISION",
      help="relative timestamps at precision s|ms|us|ns")
    a("-T", dest="Tflag", action="store_true", help="print the time spent in each syscall")
    a("--syscall-times", dest="T_prec", metavar="PRECISION",
      help="-T at precision s|ms|us|ns")
    a("-c", "--summary-only", action="store_true",
      help="count time, calls and errors per syscall (times: wall clock in the kernel)")
    a("-C", "--summary", action="store_true", help="like -c, but also print the regular output")
    a("-w", "--summary-wall-clock", action="store_true",
      help="summarise syscall latency (always: times are wall clock)")
    a("-S", "--summary-sort-by", dest="sortby", default="time", metavar="SORTBY",
      help="time, min-time, max-time, avg-time, calls, errors, name, nothing")
    a("-U", "--summary-columns", dest="columns_u", metavar="COLUMNS",
      help="time-percent, total-time, min-time, max-time, avg-time, calls, errors, name")
    a("-O", "--summary-syscall-overhead", dest="overhead", metavar="OVERHEAD",
      help="accepted for compatibility (in-kernel times carry no tracing overhead)")
    a("--histogram", action="store_true",
      help="with -c/-C: a log2 latency histogram per syscall (extension)")


def _discard(s):
    pass


def parse_filters(opts, syscalls):
    """opts -> (filters.Filters, RecordGate); raises filters.FilterError."""
    import filters
    import summary
    import timestamps
    f = filters.Filters()
    for e in opts.expr:
        filters.apply_expr(f, e, syscalls)
    if opts.zZ:
        if len(set(opts.zZ)) > 1:
            sys.stderr.write(f"{PROG}: Only the last of -z/--successful-only/-Z/--failed-only "
                             "options will take effect. See status qualifier for more complex "
                             "filters.\n")
        f.status = {opts.zZ[-1]}
    f.quiet = f.quiet | filters.quiet_from_count(opts.quiet)
    if opts._quiet_doc:
        f.quiet |= filters.quiet_set(opts._quiet_doc)
    f.paths = list(opts.paths)
    for p in f.paths:
        full = os.path.realpath(p)
        if full != p and "path-resolution" not in f.quiet:
            sys.stderr.write(f'{PROG}: Requested path "{p}" resolved into "{full}"\n')
    try:
        opts.sort_key = summary.parse_sort(opts.sortby)
        opts.overhead_ns = summary.parse_overhead(opts.overhead) if opts.overhead else 0
        opts.summary_cols = (summary.parse_columns(opts.columns_u) if opts.columns_u
                             else summary.DEFAULT_COLUMNS)
        fmt, digits = timestamps.absolute_from_count(opts.tflag)
        if opts.abs_ts is not None:
            fmt, digits = timestamps.parse_absolute(opts.abs_ts)
        rel = opts.rflag or opts.rel_prec is not None
        opts.stamper = timestamps.Stamper(fmt, digits, rel,
                                          timestamps.parse_precision(opts.rel_prec, 6))
        opts.show_time = opts.Tflag or opts.T_prec is not None
        opts.time_digits = timestamps.parse_precision(opts.T_prec, 6)
        opts.syscall_times = opts.show_time
    except (summary.SummaryError, timestamps.TimestampError) as e:
        raise filters.FilterError(str(e)) from None
    if opts.syscall_limit < 0:
        raise filters.FilterError(f"invalid --syscall-limit argument: '{opts.syscall_limit}'")
    gate = filters.RecordGate(f.paths, f.fds, opts.syscall_limit)
    return f, gate


def add_process_options(p):
    """Process model (-f/-ff, -p, -u, pid namespaces ...)."""
    g = p.add_argument_group("processes")
    g.add_argument("-u", "--user", metavar="USERNAME",
                   help="run the command as USERNAME (its uid, gid and groups)")
    g.add_argument("-Y", dest="decode_pids", action="store_const", const="comm",
                   help="print command names with pids (--decode-pids=comm)")
    g.add_argument("--decode-pids", dest="decode_pids", choices=["comm", "pidns"],
                   help="comm: command names with pids; pidns: accepted, pids are "
                        "already shown as seen in my_strace's namespace")
    g.add_argument("--pidns-translation", dest="decode_pids", action="store_const",
                   const="pidns", help=argparse.SUPPRESS)
    g.add_argument("--output-separately", action="store_true",
                   help="with -f -o FILE: one file per process, FILE.PID (same as -ff)")
    g.add_argument("--tree", action="store_true",
                   help="with -p: also trace the process's existing descendants "
                        "(and their threads)")


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
    # the perf buffer path kernels before 5.8 get; forcing it tests it on newer ones
    g.add_argument("--perf-buffer", action="store_true", help=argparse.SUPPRESS)


def add_output_options(p):
    """Output extras (-y, --json, -k, --record/--replay, --color ...)."""
    a = p.add_argument
    a("-y", dest="yflag", action="count", default=0,
      help="print paths of file descriptors (-yy: also socket, device and pidfd details)")
    a("--decode-fds", metavar="SET", nargs="?", const="path",
      help="fd details to print: path, socket, dev, pidfd, all (-y = path, -yy = all)")
    a("--record", metavar="FILE",
      help="also save the raw events to FILE, to print again with --replay")
    a("--replay", metavar="FILE",
      help="print a recording made with --record (no root needed); display options apply")
    a("--color", "--colour", dest="color", nargs="?", const="always", default="auto",
      choices=["auto", "always", "never"], metavar="WHEN",
      help="colour failed calls red and signals yellow: auto (on a terminal), always, never")
    a("-k", "--stack-traces", dest="stack_traces", action="count", default=0,
      help="print the user stack of each call (-kk: the kernel stack too)")
    a("--json", action="store_true",
      help="one JSON object per line for each syscall, signal and exit (docs/json.md)")


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


def spawn_gated(path, argv, creds=None):
    """Fork a child that execs path once the gate opens; returns (pid, gate write fd).

    creds (-u): (uid, gid, name) taken in the child before exec, not traced."""
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
            if creds is not None:
                import procs
                procs.become(creds)
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
    opts = p.parse_args(normalise_optional_args(argv))
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
    if opts.string_limit < 0:
        return error(f"invalid -s argument: '{opts.string_limit}'")
    import filters
    import syscall_specs
    try:
        opts._decode_fds = extras.decode_fds_set(opts)
        opts.filters, opts.gate = parse_filters(opts, syscall_specs.build())
    except (ValueError, filters.FilterError) as e:
        return error(str(e))
    if opts.filters.other.get("abbrev") == "none":
        opts.no_abbrev = True           # -e abbrev=none is -v
    if opts.replay:
        if opts.command or opts.record:
            return error("--replay takes no command and no --record")
        import recording
        return recording.replay(opts, make_ctx, Output)
    cmd = split_command(opts.command)
    if not cmd and not opts.attach:
        return error("must have PROG [ARGS] or -p PID (see 'my_strace --help')")
    import procs
    try:
        procs.parse_pids(opts.attach)
        if opts.user:
            procs.user_credentials(opts.user)
    except procs.ProcError as e:
        return error(str(e))
    if os.geteuid() != 0:
        return error("must be run as root to load eBPF programs: try 'sudo ./my_strace ...'")
    path = None
    if cmd:
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


def shown_only(feed, syscalls, trace, keep, forget=None):
    """Wrap the renderer's feed with the filters decided in user space: syscalls the
    kernel let through only for -y's fd tables (`trace`), and -P/--trace-fds/
    --syscall-limit (`keep`).  Records still reach -y's tracker, which sits before.
    forget(tid): a hidden call's start (-f's EV_START) is dropped from the renderer."""
    if trace is None and keep is None:
        return feed
    import tracepoint_raw
    ev_syscall = tracepoint_raw.EV_SYSCALL
    starts = (tracepoint_raw.EV_START, tracepoint_raw.EV_ENTER)

    def shown(rec):
        if rec.type == ev_syscall:
            if trace is not None and rec.nr not in trace or \
                    keep is not None and not keep(rec, syscalls.get(rec.nr)):
                if forget is not None:
                    forget(rec.tid)
                return
        elif rec.type in starts and trace is not None and rec.nr not in trace:
            return
        feed(rec)
    return shown


def dumping(feed, dumper, r):
    """-e read=/write=: the hex dump lines after the call's line."""
    if not dumper.active:
        return feed

    def dumped(rec):
        feed(rec)
        for ln in dumper.lines(rec):
            r.write(ln + "\n")
    return dumped


def trace_command(opts, path, argv):
    import procs
    import render
    import syscall_specs
    import tracepoint_raw

    import dec_proc
    dec_proc.VERBOSE = bool(opts.no_abbrev)   # -v: execve's envp strings are captured
    follow = bool(opts.follow_forks or opts.output_separately)
    separate = bool(opts.output and (opts.follow_forks >= 2 or opts.output_separately))
    pids = procs.parse_pids(opts.attach)
    creds = procs.user_credentials(opts.user) if opts.user else None
    syscalls = syscall_specs.build()
    flt, rgate = opts.filters, opts.gate
    kernel_trace = flt.trace
    if flt.trace is not None and (getattr(opts, "_decode_fds", None) or opts.stack_traces):
        # -y and -k: the calls that change fd tables and mappings keep flowing from the
        # kernel; only printing hides them
        kernel_trace = set(flt.trace) | extras.needed_nrs(syscalls)
        if opts.stack_traces:
            kernel_trace |= {nr for nr, sc in syscalls.items()
                             if sc.name in ("mmap", "execve", "execveat")}
    rows = syscall_specs.bpf_rows(syscalls, traced=kernel_trace)
    import hexdump
    dumper = hexdump.Dumper(syscalls, flt.dump_read, flt.dump_write)
    for nr, (i, _way) in dumper.by_nr.items():   # -e read=/write=: the whole buffer (4 KiB)
        caps = list(rows[nr].caps)
        caps[i] = caps[i]._replace(len=hexdump.CAPTURE)
        rows[nr] = rows[nr]._replace(caps=caps)
    emit_start = follow or len(pids) > 1 or bool(pids and argv)
    if emit_start:
        rows = procs.with_split(rows, syscalls)
    summary_mode = 1 if opts.summary_only else 2 if opts.summary else 0
    try:
        out = Output(None if separate else opts.output)
        files = procs.SeparateFiles(opts.output) if separate else None
        groups = procs.attach_set(pids, follow, opts.tree) if pids else []
    except procs.ProcError as e:
        return error(str(e))
    except OSError as e:
        return error(f"can't open '{opts.output}': {e.strerror}")

    child = gate = None
    if argv:
        child, gate = spawn_gated(path, argv, creds)
    interrupted = []
    status = {}

    def on_signal(sig, frame):
        if child is not None and not pids and "st" not in status:
            if sig != signal.SIGINT:
                os.kill(child, sig)     # the command decides (strace's behaviour)
            return                      # the tty's ^C reaches the command itself
        interrupted.append(sig)         # -p, or only -f descendants left: detach
    signal.signal(signal.SIGINT, on_signal)
    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGHUP, on_signal)

    def kill_child():
        if child is not None:
            os.kill(child, signal.SIGKILL)
            os.waitpid(child, 0)
    try:
        tracer = tracepoint_raw.Tracer(rows, strsize=opts.string_limit,
                                       follow_forks=follow,
                                       summary_only=summary_mode,
                                       status_mask=flt.status_mask,
                                       histogram=opts.histogram and bool(summary_mode),
                                       ring_pages=opts.ring_pages,
                                       lossless=opts.lossless,
                                       perf_buffer=True if opts.perf_buffer else None,
                                       exec_nr=syscall_specs.EXEC_NR,
                                       stacks=min(opts.stack_traces, 2),
                                       emit_start=emit_start)
    except tracepoint_raw.LoadError as e:
        kill_child()
        hint = ("kernel headers missing: run 'sudo make setup'" if "kernel headers" in str(e)
                else "is BPF enabled in this kernel (CONFIG_BPF_SYSCALL, tracepoints)?")
        return error(f"cannot load the BPF program: {e} ({hint})")
    attached = []
    in_pidns = tracepoint_raw.own_pidns() is not None
    for pid, tids in groups:
        for t in tids:
            # in a pid namespace /proc shows its tids, not the host's the map uses
            (tracer.attach_id if in_pidns else tracer.attach)(t)
            attached.append(t)
        if "attach" not in flt.quiet:
            sys.stderr.write(f"{PROG}: {procs.attached_message(pid, tids)}\n")
    fds = recorder = freezer = None
    if child is not None:
        tracer.expect_exec(child)
        fds = extras.fd_tracker(opts, syscalls)
        if opts.record:
            import recording
            try:
                recorder = recording.start(opts, tracer, argv, child, fds)
            except OSError as e:
                kill_child()
                return error(f"can't open '{opts.record}': {e.strerror}")
        if fds is not None:
            fds.seed(child)     # while the command still waits at the gate
        if opts.lossless and not tracer.perf and not os.environ.get("MY_STRACE_NO_FREEZER"):
            import freezer as freezer_mod
            freezer = freezer_mod.Freezer.create(child)     # before its exec: all of it is inside
        os.write(gate, b"g")
        os.close(gate)

    def root_status():
        if "st" not in status:
            _, st = os.waitpid(child, 0)
            status["st"] = st
        return status["st"]

    ctx = make_ctx(opts)
    r = render.Renderer(syscalls, ctx, out.write, follow=follow,
                        output_file=bool(opts.output), always_show_pid=opts.always_show_pid,
                        root_pid=child, root_status=root_status if child else None,
                        show_time=opts.show_time,
                        writer_for=files.writer if files else None,
                        decode_pids_comm=opts.decode_pids == "comm",
                        messages=follow and not opts.output, prog=PROG,
                        timefmt=opts.stamper if opts.stamper.active else None,
                        quiet=(2 if "exit" in flt.quiet or opts.summary_only
                               else 1 if "attach" in flt.quiet else 0),
                        signal_filter=set() if opts.summary_only else flt.signals)
    r.time_digits = opts.time_digits
    r.alive.update(attached)
    r.several = len(groups) + (child is not None) > 1
    plain_feed, plain_write = r.feed, r.write     # (one bound method object, compared below)
    r.feed = shown_only(dumping(plain_feed, dumper, r), syscalls, flt.trace if kernel_trace is not flt.trace else None,
                        rgate.keep if rgate.active else None, forget=r.forget)
    feed = extras.output_extras(opts, syscalls, ctx, r, out.write, fds, tracer=tracer)
    r.immediate = bool(opts.json)   # its lines are read back during each feed()
    if recorder is not None:
        feed = extras.record_feed(feed, recorder, tracer, opts.stack_traces)
    if rgate.limit:
        limited = feed

        def feed(rec):
            limited(rec)
            if rgate.exhausted and r.write is not _discard:
                r.write = _discard        # --syscall-limit: the tracees are left alone
    # repeated lines may be reused only when nothing sits between records and the renderer
    plain = feed is plain_feed and r.write is plain_write

    def show_blocked(tasks):
        """Calls tasks are blocked in now, from /proc (no EV_START was seen for them)."""
        for pid, t in tasks:
            call = procs.blocked_call(t)
            if call is None:
                continue
            nr, args = call
            caps = procs.read_entry_caps(t, syscalls.get(nr), args, opts.string_limit)
            r.feed(tracepoint_raw.Record(tracepoint_raw.EV_START, 0, pid, t, nr, 0, 0, args,
                                         0, 0, procs.comm(t), caps))

    # calls the attached tasks are blocked in: strace shows them (it restarts them)
    show_blocked([(pid, t) for pid, tids in groups for t in tids])
    try:
        lost_total = main_loop(opts, tracer, r, out, child, status, freezer, feed, plain,
                               interrupted=interrupted, files=files, attached=attached)
    finally:
        tracer.resume()     # never leave a process stopped or frozen behind
        if freezer is not None:
            freezer.close()
    if interrupted:
        # -p (or only -f descendants left): stop tracing, leave everything running
        tracer.detach_all()
        for rec in tracer.records():
            feed(rec)
        show_blocked([(r.tgid.get(t, t), t) for t in sorted(r.alive) if t not in r.open])
        r.detach_all(quiet=1 if "attach" in flt.quiet else 0)
    r.flush(final=True)
    if files:
        files.flush()
    # the root's exit line if its exit event never came (e.g. lost)
    if child is not None and r.root_exit is None and child in r.alive and not interrupted \
            and not opts.summary_only:
        out.write(r.prefix(child) + render.exit_line(root_status()) + "\n")
    if summary_mode:
        import summary
        stats = summary.subtract_overhead(tracer.stats_full(), opts.overhead_ns)
        summary.print_table(stats, syscalls, out.write, opts.sort_key, opts.summary_cols)
        if opts.histogram:
            for ln in summary.format_histogram(tracer.histogram(stats), syscalls):
                out.write(ln + "\n")
    if lost_total:
        msg = f"{PROG}: {lost_total} events lost in total\n"
        out.write(msg)
        if opts.output:
            sys.stderr.write(msg)
    if recorder is not None:
        recorder.close(status.get("st", 0), lost_total)
    out.close()
    if files:
        files.close()
    tracer.close()
    if lost_total and opts.fail_on_loss:
        return 1
    if interrupted:
        sig = interrupted[0]
        signal.signal(sig, signal.SIG_DFL)
        os.kill(os.getpid(), sig)
        return 128 + sig
    if child is None:
        return 0
    st = root_status()
    if os.WIFSIGNALED(st):
        sig = os.WTERMSIG(st)
        signal.signal(sig, signal.SIG_DFL)
        os.kill(os.getpid(), sig)
        return 128 + sig
    return os.WEXITSTATUS(st)


BATCH = 1024    # records per batch: the freeze check, output flush and resume come after each


def main_loop(opts, tracer, r, out, child, status, freezer, feed, plain, interrupted=(),
              files=None, attached=()):
    """Drain, render, flush until the traced processes are gone; returns events lost.

    Idle, it waits on the ring's fd: records are written without wake-ups,
    so that is a timed sleep (0.5 ms doubling to 10 ms) unless the ring passes
    the wake mark, where the BPF side wakes us and, in lossless mode, the
    traced cgroup is frozen until drained (freezer.py).
    """
    import select
    ep = select.epoll()
    if tracer.ring_fd is not None:
        ep.register(tracer.ring_fd, select.EPOLLIN)
    import fastpath
    reuse = plain and not (opts.follow_forks or opts.syscall_times or getattr(r, "timefmt", None)
                           or getattr(r.ctx, "decode_fds", False) or not hasattr(r, "prefix"))
    reuse = reuse and not os.environ.get("MY_STRACE_NO_REUSE")
    check = bool(os.environ.get("MY_STRACE_CHECK_REUSE"))
    if tracer.perf:     # the perf buffer fallback: bcc's reader, no line reuse
        fast = fastpath.PlainConsumer(tracer, feed)
    else:
        fast = fastpath.FastConsumer(tracer, r, out.write, enabled=reuse, check=check, feed=feed)
    # reused lines bypass the renderer: it must not hold a call back (render.py)
    r.hold_restarts = not reuse
    follow = r.follow
    lost_total = 0
    idle = 0.0005
    while not interrupted:
        if freezer is not None and tracer.ring.pending() >= tracer.wake_mark:
            freezer.freeze()
        n = fast.drain(BATCH)
        new = tracer.new_losses()
        if new:
            lost_total += new
            out.write(f"{PROG}: {new} events lost (ring buffer full)\n")
        r.flush()           # lines held behind calls in progress (-f)
        out.flush()
        if files is not None:
            files.flush()
        if n == BATCH:
            continue
        tracer.resume()
        if freezer is not None:
            freezer.thaw()
        if n:
            idle = 0.0005
            continue
        if child is not None and "st" not in status:
            pid, st = os.waitpid(child, os.WNOHANG)
            if pid:
                status["st"] = st
                continue     # one more drain: every event is in the ring by now
        if child is None or "st" in status:
            if not r.alive or (child is not None and not follow and not attached):
                break
            if not any(os.path.exists(f"/proc/{t}") for t in r.alive):
                # every task is gone: one last drain for their exit records
                fast.drain(1 << 30)
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
