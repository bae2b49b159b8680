"""Glue for the output extras (-y, -k, --json, --color, --record): wires them
around the Renderer for cli.trace_command, so cli.py only calls in here."""


def decode_fds_set(opts):
    """The --decode-fds set from -y/-yy/--decode-fds/-e decode-fds=; raises ValueError."""
    import fdtrack
    out = set()
    if opts.yflag == 1:
        out = {"path"}
    elif opts.yflag >= 2:
        out = set(fdtrack.DETAILS)
    specs = [opts.decode_fds] if opts.decode_fds else []
    specs += [e.split("=", 1)[1] for e in getattr(opts, "expr", ()) if e.startswith("decode-fds=")]
    for spec in specs:
        out |= fdtrack.parse_decode_fds(spec)     # ValueError: a usage error
    return out


def record_feed(feed, recorder, tracer=None, kstacks=0):
    """--record: after each record, save the fd lookups it caused (and its -k frames)."""
    st = None
    if kstacks and tracer is not None:
        import stacks
        st = stacks.Stacks(tracer, kernel=kstacks >= 2)

    def feed_rec(rec):
        feed(rec)
        recorder.flush_fdlog()
        if st is not None and rec.caps.get(stacks.STACK_ARG) is not None:
            recorder.stack(st.frames(rec))
    return feed_rec


def fd_tracker(opts, syscalls, seed_pid=None, live=True):
    """-y: the fd tracker, seeded from /proc while the command still waits at the gate."""
    decode = getattr(opts, "_decode_fds", None)
    if not decode and not getattr(opts, "stack_traces", 0):
        return None
    import fdtrack
    # with a syscall filter the kernel drops calls the table needs: /proc fills the gaps
    flt = getattr(opts, "filters", None)
    if flt is not None and hasattr(flt, "trace"):
        filtered = flt.trace is not None and not needed_nrs(syscalls) <= set(flt.trace)
    else:
        exprs = getattr(opts, "expr", ())
        filtered = any(e.split("=", 1)[0] in ("trace", "t") for e in exprs if "=" in e) or \
            any(not e.startswith(("decode-fds", "signal", "quiet", "verbose", "abbrev", "raw",
                                  "read", "write", "status")) and "=" not in e for e in exprs)
    tr = fdtrack.FdTracker(syscalls, decode or set(), live=live, complete=not filtered)
    if seed_pid is not None:
        tr.seed(seed_pid)
    return tr


def output_extras(opts, syscalls, ctx, renderer, write, fds=None, offset_ns=None, tracer=None):
    """Wire -y, -k, --json, --color around the renderer; returns the feed function to use."""
    feed = renderer.feed
    st = None
    if getattr(opts, "stack_traces", 0) and tracer is not None:
        import stacks
        st = stacks.Stacks(tracer, kernel=opts.stack_traces >= 2)
    if opts.json:
        import jsonout
        jo = jsonout.JsonOutput(renderer, syscalls, ctx, write, offset_ns)
        jo.stacks = st
        feed = jo.feed
        out = getattr(write, "__self__", None)
        if out is not None:     # what the main loop writes itself becomes JSON too
            out.write = jo.guard(write)
    else:
        if st is not None:
            feed = stacks.wire(st, renderer, feed, syscalls, fds)
        import colorout
        stream = getattr(getattr(write, "__self__", None), "f", None)
        if colorout.enabled(opts.color, stream):
            renderer.write = colorout.wrap(renderer.write)
    if fds is None:
        return feed
    tr = fds
    tr.xflag = ctx.xflag
    if tr.decode:
        ctx.fds = tr        # else only -k's mmap bookkeeping uses it

    def feed_fds(rec):
        tr.observe(rec)
        feed(rec)
    return feed_fds


def needed_nrs(syscalls):
    """Numbers of the calls fdtrack needs to see to keep fd tables complete (-y)."""
    import fdtrack
    names = fdtrack.needed_syscalls()
    return {nr for nr, sc in syscalls.items() if sc.name in names}
