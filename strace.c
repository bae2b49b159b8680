// strace.c -- the BPF side of my_strace.
//
// One generic program on the raw_syscalls sys_enter/sys_exit raw tracepoints.
// It knows argument *capture kinds* (string, buffer, fixed struct, string array,
// iovec array), never syscalls: Python fills `specs` with one row per syscall
// number saying what to capture from which argument.  It emits one record per
// syscall, at exit (at entry for calls that never return); execve's argv is
// captured at entry (the old image is gone at exit) in a record of its own.
//
// All layouts shared with Python are defined here once; Python derives its
// decoders from bcc's view of the `layout_*` maps below.

#include <uapi/linux/ptrace.h>

#define NARGS 6
#define SPEC_SLOTS 512          // syscall numbers 0..511
#define DATA_MAX 16384          // capture bytes in one record (power of two)
#define CAP_MAX 4096            // one capture (power of two)
#define ARGV_MAX 64             // string-array elements read
#define IOV_MAX_CAP 64          // iovecs read (strace prints at most -s of them)

// capture kinds (syscall_specs.py: CAP_*)
#define CAP_NONE 0
#define CAP_STR 1        // NUL-terminated string at args[i], up to len bytes
#define CAP_BUF 2        // buffer at args[i], length from lensrc
#define CAP_STRARR 3     // NULL-terminated array of string pointers (argv)
#define CAP_IOV 4        // iovec array at args[i], count args[lenarg] (or len if LEN_FIXED)
#define CAP_PTRCOUNT 5   // count the entries of a NULL-terminated pointer array (envp)
#define CAP_DIRENTS 6    // getdents buffer: up to len bytes of the result + count of all entries
#define CAP_MSGHDR 7     // struct msghdr at args[i] and what it points to: the 56-byte
                         // header, 8 bytes (u16 name bytes | 0x8000 if the iovec array
                         // is unreadable, u16 control bytes, u32 0), the
                         // name (<= 128), the control data (<= 256), then the iovecs as
                         // CAP_IOV lays them out (total bytes from lensrc: LEN_RET or all).
                         // At entry only the header is read (value-result msg_namelen).
#define CAP_MMSGHDR 8    // array of struct mmsghdr, args[lenarg] entries (at most the result,
                         // MMSG_MAX): one capture per entry, laid out as CAP_MSGHDR with
                         // msg_len in the 4 bytes after the name/control sizes, in arg
                         // MMSG_ARG0 + entry.  LEN_RET: each entry's iovecs hold msg_len bytes.
#define MMSG_MAX 32
#define MMSG_ARG0 16

// where a CAP_BUF's length comes from
#define LEN_FIXED 0      // spec len
#define LEN_ARG 1        // args[lenarg]
#define LEN_RET 2        // the return value (only if > 0)
#define LEN_DEREF 3      // *(u32 *)args[lenarg] read at exit (socklen_t *)
#define LEN_ARGMUL 4     // args[lenarg] * spec len (arrays: pollfd, ...)
#define LEN_RETMUL 5     // ret * spec len (epoll_wait events, ...)
#define LEN_ARGBITS 6    // bytes of a bit set of args[lenarg] bits, in longs (fd_set)

// when to capture
#define WHEN_EXIT 0
#define WHEN_ENTER 1
#define WHEN_EXIT_OK 2   // only when the call succeeded
#define WHEN_BOTH 3      // at entry and again at exit (value-result arguments)
#define WHEN_START 4     // (capstate only) EV_START: the arguments strace prints at entry

// syscall spec flags
#define SF_NORETURN 1    // exit/exit_group: emit at entry, no result
#define SF_ENTER_CAPS 2  // some capture happens at entry: emit an entry record
#define SF_USER_SP 4     // rt_sigreturn: args[0] = the user stack pointer (signal frame)
#define SF_SPLIT_SHIFT 8 // bits 8..11: arguments [0, n) are printed at entry (EV_START captures)

// record types
#define EV_SYSCALL 1
#define EV_ENTER 2       // entry-time captures of a call (execve argv)
#define EV_FORK 3
#define EV_EXIT 4
#define EV_SIGNAL 5
#define EV_START 6       // a call started (-f: lets Python print <unfinished ...>)
#define EV_SIGGEN 7      // SIGCHLD generated but ignored (SIG_DFL): ptrace would show it
#define EV_EXEC 8        // a non-leader thread's execve took over the leader's pid (aux: old tid)

// capture status
#define ST_OK 0
#define ST_FAULT 1       // pointer unreadable
#define ST_TRUNC 2       // string/array longer than captured
#define ST_NULL 3        // NULL pointer

struct cap_spec {
    u8 kind;
    u8 when;
    u8 lensrc;
    u8 lenarg;
    u32 len;             // max bytes (or element size for *MUL)
};

struct syscall_spec {
    u32 flags;
    u32 traced;          // -e trace= filter decided in the kernel
    struct cap_spec cap[NARGS];
};

struct config {
    u32 follow_forks;
    u32 strsize;         // -s: bytes of strings/buffers to capture
    u32 summary_only;    // 1 (-c): aggregate only, emit nothing; 2 (-C): aggregate and emit
    u32 status_mask;     // bit0: successful, bit1: failed, bit2: unfinished (-e status=); 0 = all
    u32 histogram;       // --histogram: log2 latency buckets per syscall (hist map)
    u32 exec_nr;         // execve's number
    u32 pending_pid;     // start tracing this pid (our namespace) at its execve
    u64 pidns_dev;       // nonzero: report pids as seen in this pid namespace
    u64 pidns_ino;
    u32 lossless;        // backpressure: stop a producer when the ring passes `watermark`
    u32 self_pid;        // my_strace's host pid (its SIGCONTs are not the tracee's signals)
    u64 watermark;       // bytes waiting in the ring that trigger a SIGSTOP
    u64 wake_mark;       // bytes waiting past which every record wakes the consumer
    u32 emit_start;      // emit EV_START records at traced syscall entries (while
                         // more than one task is traced, and for fork-like calls)
    u32 attach_ns;       // -p inside a pid namespace: tasks in `attach_ids` join when seen
};

// every record starts with this header
struct event {
    u32 size;            // bytes in the record, header included
    u16 type;
    u16 flags;
    u32 pid;             // thread group id, as shown
    u32 tid;             // thread id, as shown
    s64 nr;
    u64 ts_enter;
    u64 ts_exit;
    u64 args[NARGS];
    s64 ret;
    u32 ncaps;
    u32 aux;             // EV_FORK: child tid; EV_EXIT: group_dead; EV_SIGNAL: signo
    char comm[16];
};

// each capture follows as this header + len bytes, padded to 8
struct capture {
    u8 arg;
    u8 kind;
    u16 status;
    u32 len;             // bytes that follow
    u32 count;           // CAP_STRARR: elements; CAP_IOV: iovecs; CAP_BUF: requested length
    u32 pad;
};

struct inflight {
    u64 ts;
    s64 nr;
    u64 args[NARGS];
};

struct stat_slot {
    u64 calls;
    u64 errors;
    u64 time_ns;
    u64 min_ns;          // 0: no call yet
    u64 max_ns;
};

#define HIST_BUCKETS 32     // --histogram: log2(ns) buckets per syscall

struct capstate {      // progress of capture_step's tail calls
    u32 next;          // next argument to look at
    u32 off;           // bytes of data used
    u32 slot;          // syscall spec row
    u32 strsize;
    u32 when;          // WHEN_ENTER or WHEN_EXIT
    u32 pos;           // loop state of the capture in progress
    u32 count;
    u32 status;
    u32 cur;           // the argument being captured, read back through memory
    u32 elem;          // CAP_MMSGHDR: entry to capture next
    u64 total;
    u64 lim_n;         // loop bounds, read back through memory each iteration
    u32 lim_max;
    u32 lim_str;
};

struct scratch {
    struct capstate st;
    struct event ev;
    u8 data[DATA_MAX + 2 * CAP_MAX + 64];
};

// The ring must stay the first map declared: bcc 0.26 has no ringbuf_query()
// method, and the raw helper needs the map's placeholder, which is the
// declaration index (-1 for the first map).  Moved, the verifier rejects the
// program (wrong map type): never a silent failure.
#ifdef PERF_FALLBACK
// Kernels without BPF ring buffers (< 5.8): a per-CPU perf buffer.  No
// fill level to read, so no backpressure: what it cannot take is counted.
BPF_PERF_OUTPUT(events);
#else
BPF_RINGBUF_OUTPUT(events, RINGBUF_PAGES);
#define EVENTS_MAP ((void *)bpf_pseudo_fd(1, -1))
#endif
BPF_ARRAY(config_map, struct config, 1);
BPF_ARRAY(specs, struct syscall_spec, SPEC_SLOTS);
// Hash maps are not preallocated: 65536 entries each took ~5-12 ms to
// create at every start-up, and the hot path only looks them up (entries are
// added once per thread).
BPF_F_TABLE("hash", u32, u32, traced, 65536, BPF_F_NO_PREALLOC);   // host tid -> 1
BPF_F_TABLE("hash", u32, struct inflight, calls, 65536, BPF_F_NO_PREALLOC);   // host tid -> call in progress
BPF_F_TABLE("hash", u32, u32, births, 4096, BPF_F_NO_PREALLOC);   // new host tid -> parent tgid (as shown)
BPF_ARRAY(ntasks, s64, 1);                      // tasks traced now (EV_START needs > 1)
BPF_ARRAY(zero_inflight, struct inflight, 1);   // an all-zero entry to insert into `calls`
BPF_F_TABLE("hash", u32, u32, attach_ids, 4096, BPF_F_NO_PREALLOC);   // -p in a pid namespace: tid as shown -> 1
BPF_PERCPU_ARRAY(scratch_map, struct scratch, 1);
BPF_PERCPU_ARRAY(lost, u64, 1);                 // records the ring could not take
BPF_PERCPU_ARRAY(stats, struct stat_slot, SPEC_SLOTS);
BPF_PERCPU_ARRAY(hist, u64, SPEC_SLOTS * HIST_BUCKETS);
BPF_PROG_ARRAY(progs, 2);                       // 0: capture_step, 1: capture_dirents
BPF_F_TABLE("hash", u32, u32, paused, 65536, BPF_F_NO_PREALLOC);   // host tgid -> 1: stopped by backpressure
BPF_ARRAY(pauses, u64, 1);                      // SIGSTOPs sent

// layout-only maps: Python reads bcc's ctypes view of these structs
BPF_ARRAY(layout_event, struct event, 1);
BPF_ARRAY(layout_capture, struct capture, 1);

static __always_inline struct config *get_config(void)
{
    int zero = 0;
    return config_map.lookup(&zero);
}

static __always_inline void ids(struct config *cfg, u32 *pid, u32 *tid)
{
    u64 id = bpf_get_current_pid_tgid();
    *pid = id >> 32;
    *tid = (u32)id;
    if (cfg->pidns_dev) {
        struct bpf_pidns_info ns = {};
        if (bpf_get_ns_current_pid_tgid(cfg->pidns_dev, cfg->pidns_ino, &ns, sizeof(ns)) == 0) {
            *pid = ns.tgid;
            *tid = ns.pid;
        }
    }
}

// one helper call for the six argument registers (r10..di lie within the
// first 15 words of x86-64's pt_regs)
static __always_inline void read_regs(struct pt_regs *regs, u64 *a)
{
    struct pt_regs r;
    bpf_probe_read_kernel(&r, offsetof(struct pt_regs, orig_ax), regs);
    a[0] = r.di;
    a[1] = r.si;
    a[2] = r.dx;
    a[3] = r.r10;
    a[4] = r.r8;
    a[5] = r.r9;
}

static __always_inline void lose(void)
{
    int zero = 0;
    u64 *n = lost.lookup(&zero);
    if (n)
        (*n)++;
}

#define MASK_DATA (DATA_MAX - 1)
#define MASK_CAP (2 * CAP_MAX - 1)

// Mask v so the verifier sees the bound: the barrier stops the compiler from
// dropping a mask it can prove redundant (the verifier cannot always).
static __always_inline u64 bound(u64 v, u64 mask)
{
    asm volatile("" : "+r"(v));
    return v & mask;
}

static __always_inline u32 cap_str(u8 *dst, u64 ptr, u32 max, u16 *status)
{
    long n = bpf_probe_read_user_str(dst, bound(max, MASK_CAP), (void *)ptr);
    if (n < 0) {
        *status = ST_FAULT;
        return 0;
    }
    if ((u32)n >= max)
        *status = ST_TRUNC;   // no NUL within the capture
    return n;                 // includes the NUL when it fit
}

static __always_inline u32 buf_want(struct cap_spec *cs, u64 *args, s64 ret)
{
    u64 want = 0;
    u64 la = args[cs->lenarg & 7];
    switch (cs->lensrc) {
    case LEN_FIXED: want = cs->len; break;
    case LEN_ARG: want = la; break;
    case LEN_RET: want = ret > 0 ? ret : 0; break;
    case LEN_DEREF: {
        u32 v = 0;
        if (la && bpf_probe_read_user(&v, sizeof(v), (void *)la) == 0)
            want = v;
        break;
    }
    case LEN_ARGMUL: want = la * cs->len; break;
    case LEN_RETMUL: want = ret > 0 ? ret * cs->len : 0; break;
    case LEN_ARGBITS: want = ((la & 0xffffffff) + 63) / 64 * 8; break;
    }
    return want > 0xffffffff ? 0xffffffff : want;
}

static __always_inline u32 cap_buf(u8 *dst, u64 ptr, u32 want, u32 max, u16 *status)
{
    u32 len = want > max ? max : want;
    if (len && bpf_probe_read_user(dst, bound(len, MASK_CAP), (void *)ptr) < 0) {
        *status = ST_FAULT;
        return 0;
    }
    return len;
}

// The loops below keep their running state (pos, count, status) in the
// per-CPU scratch, through a volatile pointer: values loaded from map memory
// are unknown to the verifier, so iterations collapse into one state instead
// of multiplying.

// argv: the strings one after another, each NUL-terminated
static __always_inline void cap_strarr(u8 *dst, u64 ptr, u32 max, u32 strsize,
                                       volatile struct capstate *st)
{
    // one byte more than -s shows: a longer string is told from one of exactly -s
    u32 elem = strsize + 2 > 511 ? 511 : strsize + 2;
    for (int k = 0; k < ARGV_MAX; k++) {
        u64 p = 0;
        if (bpf_probe_read_user(&p, sizeof(p), (void *)(ptr + (u64)k * 8)) < 0) {
            st->status = ST_FAULT;
            return;
        }
        if (!p)
            return;
        u32 pos = st->pos;
        if (pos + elem > max) {
            st->status = ST_TRUNC;
            return;
        }
        long n = bpf_probe_read_user_str(&dst[bound(pos, CAP_MAX - 1)], bound(elem, 511), (void *)p);
        if (n <= 0) {
            dst[bound(pos, CAP_MAX - 1)] = 0;
            n = 1;
        }
        st->pos = pos + n;
        st->count = k + 1;
    }
    st->status = ST_TRUNC;
}

// envp: only the number of entries.  Read 8 pointers at a time from 64-byte
// aligned blocks (never across a page: a read may not fault pages in, and the
// array may end just before an unmapped page); pointers before the array in
// its first block are skipped.  8x fewer iterations for the verifier to walk.
static __always_inline void count_ptrs(u64 ptr, volatile struct capstate *st)
{
    if (ptr & 7) {
        st->status = ST_FAULT;
        return;
    }
    u64 blk = ptr & ~63ULL;
    u32 lo = (ptr & 63) / 8;
    for (int k = 0; k < 4096 / 8 + 1; k++) {
        u64 p[8];
        if (bpf_probe_read_user(p, sizeof(p), (void *)(blk + (u64)k * 64)) < 0) {
            st->status = ST_FAULT;
            return;
        }
#pragma unroll
        for (int j = 0; j < 8; j++) {
            if (j >= lo && !p[j]) {
                u32 n = k * 8 + j - (ptr & 63) / 8;
                st->count = n > 4096 ? 4096 : n;
                return;
            }
        }
        lo = 0;
    }
    st->count = 4096;
}

// getdents/getdents64 result: count the records of all ret bytes (d_reclen is at
// offset 16 in both struct linux_dirent and linux_dirent64)
#define DIRENTS_MAX 1536   // > 32768 / 24 (glibc's buffer / smallest record); the
                           // verifier's jump history limits the iterations
static __always_inline void count_dirents(u64 ptr, s64 ret, volatile struct capstate *st)
{
    for (int k = 0; k < DIRENTS_MAX; k++) {
        u32 pos = st->pos;
        u16 reclen = 0;
        if ((s64)pos + 19 > ret)
            return;
        if (bpf_probe_read_user(&reclen, sizeof(reclen), (void *)(ptr + pos + 16)) < 0) {
            st->status = ST_FAULT;
            return;
        }
        if (!reclen)
            return;
        st->pos = pos + reclen;
        st->count = k + 1;
    }
}

// iovec array: per iovec a u64 (iov_len | bytes copied << 48 | NULL iov_base << 63)
// then the bytes
static __always_inline void cap_iov(u8 *dst, u64 ptr, u64 n, u64 total, u32 max,
                                    u32 strsize, volatile struct capstate *st)
{
    st->total = total;
    // The bounds are read back from map memory in every iteration: compared
    // with unknown values in registers, the verifier would refine their ranges
    // differently on each branch and could not merge the paths (it walked
    // ~350k instructions for this loop; now a fraction).
    st->lim_n = n;
    st->lim_max = max;
    st->lim_str = strsize;
    for (int k = 0; k < IOV_MAX_CAP; k++) {
        u32 pos = st->pos;
        u32 mx = st->lim_max;
        if (k >= st->lim_n || pos + 8 > mx)
            return;
        u64 iov[2] = {};
        if (bpf_probe_read_user(iov, sizeof(iov), (void *)(ptr + (u64)k * 16)) < 0) {
            st->status = ST_FAULT;
            return;
        }
        u64 left = st->total;
        u64 want = iov[1] < left ? iov[1] : left;
        st->total = left - want;
        u32 ss = st->lim_str;
        if (want > ss + 1)
            want = ss + 1;
        mx = st->lim_max;
        if (want > mx - pos - 8)
            want = mx - pos - 8;
        want = bound(want, CAP_MAX - 1);
        if (want && bpf_probe_read_user(&dst[bound(pos + 8, CAP_MAX - 1)], want, (void *)iov[0]) < 0)
            want = 0;
        u64 h = (iov[1] & 0xffffffffffffULL) | (want << 48) | (iov[0] ? 0 : 1ULL << 63);
        __builtin_memcpy(&dst[bound(pos, CAP_MAX - 1)], &h, 8);
        st->pos = pos + 8 + want;
    }
}

#define SIGSTOP_ 19
#define SIGCONT_ 18

// Lossless mode: while the ring holds more than the watermark, every record
// emitted stops the process that produced it (SIGSTOP, taking effect as it
// returns to user space) and names it in `paused`; my_strace drains the ring,
// removes the entry, then sends SIGCONT.  No "already paused" shortcut: a
// process resumed too early stops again at its next record, so the ring can
// only overflow by the calls in flight when the watermark is crossed.
static __always_inline void backpressure(u64 avail, u64 watermark)
{
    if (avail < watermark)
        return;
    if (bpf_send_signal(SIGSTOP_) < 0)
        return;
    u32 tgid = bpf_get_current_pid_tgid() >> 32;
    u32 one = 1;
    paused.update(&tgid, &one);
    int zero = 0;
    u64 *n = pauses.lookup(&zero);
    if (n)
        __sync_fetch_and_add(n, 1);
}

// Records are written without waking the consumer (it drains every few ms):
// a wake-up costs the traced task ~1.4 us.  Past `wake_mark` (lossless mode's
// first level, see freezer.py) every record wakes it, so that it can freeze
// the producers long before the SIGSTOP watermark.
// struct msghdr: header, name and control data; returns the iovec array to
// capture next (or 0) in *iov / *niov
static __always_inline void cap_msghdr(u8 *dst, u64 ptr, u32 max, u32 when,
                                       volatile struct capstate *st, u64 *iov, u64 *niov)
{
    u64 mh[7] = {};
    *iov = 0;
    *niov = 0;
    if (max < 64 + 128 + 256 + 8) {
        st->status = ST_TRUNC;
        return;
    }
    if (bpf_probe_read_user(mh, sizeof(mh), (void *)ptr) < 0) {
        st->status = ST_FAULT;
        return;
    }
    __builtin_memcpy(dst, mh, sizeof(mh));
    u32 hdr[2] = {};
    st->pos = 64;
    if (when != WHEN_ENTER) {
        u32 nl = mh[1] & 0xffffffff;
        if (nl > 128)
            nl = 128;
        if (mh[0] && nl && bpf_probe_read_user(&dst[64], bound(nl, 255), (void *)mh[0]) == 0)
            hdr[0] = nl;
        u64 cl = mh[5];
        if (cl > 256)
            cl = 256;
        u32 cpos = 64 + hdr[0];
        if (mh[4] && cl &&
            bpf_probe_read_user(&dst[bound(cpos, 255)], bound(cl, 511), (void *)mh[4]) == 0)
            hdr[0] |= cl << 16;
        st->pos = 64 + (hdr[0] & 0xffff) + (hdr[0] >> 16);
        u64 first[2];
        if (mh[2] && mh[3] && bpf_probe_read_user(first, sizeof(first), (void *)mh[2]) < 0)
            hdr[0] |= 0x8000;   // the msghdr is fine, its iovec array is not
        else
            *iov = mh[2];
        *niov = mh[3];
    }
    __builtin_memcpy(&dst[56], hdr, sizeof(hdr));
}

static __always_inline int emit(void *ctx, struct scratch *s, u32 off)
{
    u64 size = sizeof(struct event) + (u64)off;
    asm volatile("" : "+r"(size));   // keep the bound check on this register
    if (size > sizeof(struct event) + DATA_MAX)
        return 0;
    s->ev.size = size;
#ifdef PERF_FALLBACK
    if (events.perf_submit(ctx, &s->ev, size) < 0)
        lose();
#else
    int zero = 0;
    struct config *cfg = config_map.lookup(&zero);
    u64 avail = 0, flags = BPF_RB_NO_WAKEUP;
    if (cfg && cfg->lossless) {
        avail = bpf_ringbuf_query(EVENTS_MAP, BPF_RB_AVAIL_DATA) + size;
        if (cfg->wake_mark && avail >= cfg->wake_mark)
            flags = BPF_RB_FORCE_WAKEUP;
    }
    if (bpf_ringbuf_output(EVENTS_MAP, &s->ev, size, flags) < 0)
        lose();
    if (cfg && cfg->lossless)
        backpressure(avail, cfg->watermark);
#endif
    return 0;
}

// Capture the next argument the spec asks for, then tail-call itself for the
// one after; emit the record when none is left.  One argument per program
// run keeps each verification small (bcc 0.26 cannot use bpf_loop callbacks).
int capture_step(struct bpf_raw_tracepoint_args *ctx)
{
    int zero = 0;
    struct scratch *s = scratch_map.lookup(&zero);
    if (!s)
        return 0;
    u32 slot = s->st.slot;
    struct syscall_spec *sp = specs.lookup(&slot);
    if (!sp)
        return emit(ctx, s, s->st.off);
    u32 next = s->st.next;
    int found = -1;
#pragma unroll
    for (int k = 0; k < NARGS; k++) {
        struct cap_spec *ck = &sp->cap[k];
        if (k < next || ck->kind == CAP_NONE)
            continue;
        if (s->st.when == WHEN_START) {
            if (k >= ((sp->flags >> SF_SPLIT_SHIFT) & 15) || ck->when == WHEN_EXIT_OK)
                continue;
        } else {
            if (ck->when != WHEN_BOTH && (ck->when == WHEN_ENTER) != (s->st.when == WHEN_ENTER))
                continue;
            if (ck->when == WHEN_EXIT_OK && s->ev.ret < 0)
                continue;
        }
        found = k;
        break;
    }
    if (found < 0)
        return emit(ctx, s, s->st.off);
    // Launder the index through map memory: the verifier then checks what
    // follows once for any argument instead of once per constant `found`
    // (6x fewer states: capture_step loads in a fraction of the time).
    volatile struct capstate *vst = &s->st;
    vst->cur = found;
    u32 i = bound(vst->cur, 7);
    if (i >= NARGS)
        return emit(ctx, s, s->st.off);
    struct cap_spec *cs = &sp->cap[i];
    s->st.next = i + 1;
    u64 *args = s->ev.args;
    u64 ptr = args[i];
    s64 ret = s->ev.ret;
    u32 carg = i;
    if (cs->kind == CAP_MMSGHDR) {   // one entry per step: come back to this argument
        u64 n = ret > 0 ? ret : 0;
        if (n > args[cs->lenarg & 7])
            n = args[cs->lenarg & 7];
        if (n > MMSG_MAX)
            n = MMSG_MAX;
        u32 elem = s->st.elem & (MMSG_MAX - 1);
        if (elem + 1 < n) {
            s->st.elem = elem + 1;
            s->st.next = i;
        } else {
            s->st.elem = 0;
        }
        carg = MMSG_ARG0 + elem;
        ptr = n ? ptr + (u64)elem * 64 : 0;
    }

    u32 o = s->st.off;
    if (o > DATA_MAX - 64)
        return emit(ctx, s, o);
    struct capture *c = (struct capture *)&s->data[bound(o, MASK_DATA)];
    u8 *dst = &s->data[bound(o + sizeof(struct capture), MASK_DATA)];
    u32 strsize = s->st.strsize;
    u32 len = 0, count = 0;
    u16 status = ST_OK;
    u32 room = DATA_MAX - 64 - o - sizeof(struct capture);
    // default: one byte more than -s shows, so that a longer string is told from one of
    // exactly -s bytes (bpf_probe_read_user_str spends a byte on the NUL)
    u32 max = cs->len ? cs->len : strsize + 2;
    if (cs->kind == CAP_STRARR || cs->kind == CAP_IOV || cs->kind == CAP_MSGHDR ||
        cs->kind == CAP_MMSGHDR ||
        cs->lensrc == LEN_ARGMUL ||
        cs->lensrc == LEN_RETMUL)
        max = CAP_MAX;
    if (max > CAP_MAX)
        max = CAP_MAX;
    if (max > room)
        max = room;

    c->arg = carg;
    c->kind = cs->kind;
    if (!ptr) {
        status = ST_NULL;
    } else if (cs->kind == CAP_STR) {
        len = cap_str(dst, ptr, max, &status);
    } else if (cs->kind == CAP_BUF) {
        count = buf_want(cs, args, ret);
        len = cap_buf(dst, ptr, count, max, &status);
    } else if (cs->kind == CAP_DIRENTS) {
        len = cap_buf(dst, ptr, ret > 0 ? ret : 0, max, &status);
        // Counting the records is a loop of up to 1536 steps: in a program of
        // its own (capture_dirents), whose exits lead straight to a short
        // tail, the verifier walks it once (~160k fewer instructions here).
        volatile struct capstate *st = &s->st;
        st->pos = 0;
        st->count = 0;
        st->status = status;
        st->total = ptr;
        st->lim_n = ret;
        st->lim_max = len;
        st->cur = o;
        progs.call(ctx, 1);
        return emit(ctx, s, s->st.off);   // tail call failed: without this capture
    } else {
        volatile struct capstate *st = &s->st;
        st->pos = 0;
        st->count = 0;
        st->status = ST_OK;
        if (cs->kind == CAP_STRARR) {
            cap_strarr(dst, ptr, max, strsize, st);
            count = st->count;
        } else if (cs->kind == CAP_PTRCOUNT) {
            count_ptrs(ptr, st);
            count = st->count;
        } else if (cs->kind == CAP_IOV || cs->kind == CAP_MSGHDR || cs->kind == CAP_MMSGHDR) {
            // LEN_FIXED with a len: that many iovecs (pselect6's {sigset *, size})
            u64 iov = ptr, niov = args[cs->lenarg & 7];
            u32 bufsize = strsize;
            if (cs->lensrc == LEN_FIXED && cs->len) {
                niov = cs->len;
                if (bufsize < 8)
                    bufsize = 8;   // a sigset whatever -s says
            }
            u64 total = cs->lensrc == LEN_RET ? (ret > 0 ? ret : 0) : ~0ULL;
            u32 mlen = 0;
            if (cs->kind == CAP_MMSGHDR) {
                if (bpf_probe_read_user(&mlen, sizeof(mlen), (void *)(ptr + 56)) < 0)
                    st->status = ST_FAULT;
                if (cs->lensrc == LEN_RET)
                    total = mlen;
            }
            if (cs->kind != CAP_IOV && st->status == ST_OK)
                cap_msghdr(dst, ptr, max, s->st.when, st, &iov, &niov);
            if (cs->kind == CAP_MMSGHDR && st->status == ST_OK)
                __builtin_memcpy(&dst[60], &mlen, sizeof(mlen));
            if (iov && st->status == ST_OK)
                cap_iov(dst, iov, niov, total, max, bufsize, st);
            count = niov;
        }
        len = st->pos;
        status = st->status;
    }
    c->status = status;
    c->len = len;
    c->count = count;
    c->pad = 0;
    s->st.off = o + ((sizeof(struct capture) + len + 7) & ~7);
    s->ev.ncaps++;
    progs.call(ctx, 0);
    return emit(ctx, s, s->st.off);   // tail call failed: emit what we have
}

// -k (compiled in only with -DSTACKS=1, user stack, or 2, user + kernel):
// the stack ids go first in a record's data, as a capture of argument
// STACK_ARG holding two s64 (user id, kernel id; negative = none).
#ifdef STACKS
#define STACK_ARG 7
#define STACK_BYTES ((sizeof(struct capture) + 16 + 7) & ~7)
BPF_STACK_TRACE(stacks, 16384);
static __always_inline u32 put_stacks(void *ctx, struct scratch *s)
{
    struct capture *c = (struct capture *)&s->data[0];
    s64 *id = (s64 *)&s->data[sizeof(struct capture)];
    id[0] = stacks.get_stackid(ctx, BPF_F_USER_STACK);
    id[1] = STACKS > 1 ? stacks.get_stackid(ctx, 0) : -1;
    c->arg = STACK_ARG;
    c->kind = CAP_BUF;
    c->status = ST_OK;
    c->len = 16;
    c->count = 16;
    c->pad = 0;
    s->ev.ncaps = 1;
    return STACK_BYTES;
}
#define FIRST_OFF(s) ((s)->ev.ncaps ? STACK_BYTES : 0)
#else
#define FIRST_OFF(s) 0
#endif

// The second half of a CAP_DIRENTS capture (see capture_step): count the
// records, finish the capture header, go on with the next argument.
int capture_dirents(struct bpf_raw_tracepoint_args *ctx)
{
    int zero = 0;
    struct scratch *s = scratch_map.lookup(&zero);
    if (!s)
        return 0;
    volatile struct capstate *st = &s->st;
    count_dirents(st->total, st->lim_n, st);
    u32 o = st->cur;
    if (o > DATA_MAX - 64)
        return emit(ctx, s, s->st.off);
    struct capture *c = (struct capture *)&s->data[bound(o, MASK_DATA)];
    u32 len = st->lim_max;
    if (len > CAP_MAX)
        len = CAP_MAX;
    c->status = st->status;
    c->len = len;
    c->count = st->count;
    c->pad = 0;
    s->st.off = o + ((sizeof(struct capture) + len + 7) & ~7);
    s->ev.ncaps++;
    progs.call(ctx, 0);
    return emit(ctx, s, s->st.off);
}

static __always_inline int start_capture(void *ctx, struct scratch *s, u32 slot,
                                         u32 strsize, u32 when)
{
    s->st.next = 0;
    s->st.elem = 0;
    s->st.off = FIRST_OFF(s);
    s->st.slot = slot;
    s->st.strsize = strsize;
    s->st.when = when;
    progs.call(ctx, 0);
    return emit(ctx, s, s->st.off);
}

static __always_inline struct scratch *fill_header(struct config *cfg, u16 type, s64 nr)
{
    int zero = 0;
    struct scratch *s = scratch_map.lookup(&zero);
    if (!s)
        return 0;
    s->ev.type = type;
    s->ev.flags = 0;
    s->ev.nr = nr;
    s->ev.ncaps = 0;
    s->ev.aux = 0;
    s->ev.ret = 0;
    ids(cfg, &s->ev.pid, &s->ev.tid);
    bpf_get_current_comm(s->ev.comm, sizeof(s->ev.comm));
    return s;
}

// The siginfo of a signal as the record's one capture (argument 0): struct
// kernel_siginfo is the UAPI siginfo's 48 bytes of fields, without its padding.
// SEND_SIG_NOINFO / SEND_SIG_PRIV are small constants, not pointers.
#define SIGINFO_BYTES 48
static __always_inline u32 put_siginfo(struct scratch *s, u64 info)
{
    struct capture *c = (struct capture *)&s->data[0];
    c->arg = 0;
    c->kind = CAP_BUF;
    c->count = 128;
    c->pad = 0;
    c->len = 0;
    c->status = ST_NULL;
    if (info > 4096) {
        if (bpf_probe_read_kernel(&s->data[sizeof(struct capture)], SIGINFO_BYTES, (void *)info) == 0) {
            c->len = SIGINFO_BYTES;
            c->status = ST_OK;
        } else {
            c->status = ST_FAULT;
        }
    }
    s->ev.ncaps = 1;
    return sizeof(struct capture) + c->len;
}

// A record about a task rather than a call (fork, exit, exec, signal): the
// header, aux, the time, no arguments.
static __always_inline struct scratch *task_event(struct config *cfg, u16 type, u32 aux)
{
    struct scratch *s = fill_header(cfg, type, 0);
    if (!s)
        return 0;
    s->ev.aux = aux;
    s->ev.ts_enter = s->ev.ts_exit = bpf_ktime_get_ns();
    __builtin_memset(s->ev.args, 0, sizeof(s->ev.args));
    return s;
}


// The launcher's child is registered at its execve: the trace starts there,
// with none of the launcher's own calls.
static __always_inline void count_tasks(s64 d)
{
    int zero = 0;
    s64 *n = ntasks.lookup(&zero);
    if (n)
        __sync_fetch_and_add(n, d);
}

// EV_START only matters when another task's line may come between a call's
// start and its end; fork-like calls always get one (the child is born inside).
static __always_inline int want_start(s64 nr)
{
    if (nr == 56 || nr == 57 || nr == 58 || nr == 435)   // clone fork vfork clone3
        return 1;
    int zero = 0;
    s64 *n = ntasks.lookup(&zero);
    return n && *n > 1;
}

// -p from inside a pid namespace: /proc gives the namespace's tids, the
// traced map is keyed by host tids; a listed task joins at its next syscall
// entry or exit.
static __always_inline int attach_by_id(struct config *cfg, u32 tid)
{
    if (!cfg->attach_ns)
        return 0;
    u32 pid, t;
    ids(cfg, &pid, &t);
    if (!attach_ids.lookup(&t))
        return 0;
    attach_ids.delete(&t);
    u32 one = 1;
    traced.update(&tid, &one);
    count_tasks(1);
    return 1;
}

static __always_inline int register_child(struct config *cfg, u32 tid)
{
    u32 pid, t;
    ids(cfg, &pid, &t);
    if (pid != cfg->pending_pid)
        return 0;
    cfg->pending_pid = 0;
    u32 one = 1;
    traced.update(&tid, &one);
    count_tasks(1);
    return 1;
}

RAW_TRACEPOINT_PROBE(sys_enter)
{
    u32 tid = (u32)bpf_get_current_pid_tgid();
    s64 nr = ctx->args[1];
    struct config *cfg;
    if (!traced.lookup(&tid)) {
        cfg = get_config();
        if (!cfg)
            return 0;
        if (!attach_by_id(cfg, tid) &&
            (!cfg->pending_pid || nr != cfg->exec_nr || !register_child(cfg, tid)))
            return 0;
    } else {
        cfg = get_config();
        if (!cfg)
            return 0;
    }
    u32 slot = nr;
    struct syscall_spec *sp = specs.lookup(&slot);   // NULL for nr >= SPEC_SLOTS
    if (sp && !sp->traced)
        return 0;

    // The thread's in-flight slot is written in place: a hash update and a
    // delete per call cost more than the rest of the bookkeeping.  ts == 0
    // marks a free slot; sched_process_exit removes it.
    struct inflight *f = calls.lookup(&tid);
    if (!f) {
        struct inflight z = {};
        calls.update(&tid, &z);
        f = calls.lookup(&tid);
        if (!f)
            return 0;
    }
    u64 ts = bpf_ktime_get_ns();
    f->ts = ts;
    f->nr = nr;
    if (cfg->summary_only == 1)
        return 0;            // -c needs no arguments (-C prints lines too)
    read_regs((struct pt_regs *)ctx->args[0], f->args);
    if (sp && (sp->flags & SF_USER_SP))
        bpf_probe_read_kernel(&f->args[0], sizeof(u64), &((struct pt_regs *)ctx->args[0])->sp);

    // calls that never return are "unfinished" for -e status=
    if (sp && (sp->flags & SF_NORETURN) && cfg->status_mask && !(cfg->status_mask & 4))
        return 0;
    if (sp && (sp->flags & (SF_NORETURN | SF_ENTER_CAPS))) {
        struct scratch *s = fill_header(cfg, (sp->flags & SF_NORETURN) ? EV_SYSCALL : EV_ENTER, nr);
        if (!s)
            return 0;
        s->ev.ts_enter = ts;
        s->ev.ts_exit = ts;
        __builtin_memcpy(s->ev.args, f->args, sizeof(f->args));
        if (sp->flags & SF_NORETURN)
            s->ev.flags = SF_NORETURN;
        return start_capture(ctx, s, slot, cfg->strsize, WHEN_ENTER);
    }
    // (-e status=: strace holds each line until the result is known, no <unfinished ...>)
    if (cfg->emit_start && !cfg->summary_only && !cfg->status_mask && want_start(nr)) {
        struct scratch *s = fill_header(cfg, EV_START, nr);
        if (!s)
            return 0;
        s->ev.ts_enter = ts;
        s->ev.ts_exit = ts;
        __builtin_memcpy(s->ev.args, f->args, sizeof(f->args));
        if (!sp || !(sp->flags >> SF_SPLIT_SHIFT))
            return emit(ctx, s, 0);
        return start_capture(ctx, s, slot, cfg->strsize, WHEN_START);
    }
    return 0;
}

// A new task's first return to user space (from fork/clone): announce it from
// its own context, so its ids are the ones its records will carry (pid
// namespaces translate there, not in the parent's fork tracepoint).
static __always_inline int announce_birth(void *ctx, u32 tid)
{
    u32 *parent = births.lookup(&tid);
    if (!parent)
        return 0;
    u32 ptgid = *parent;
    births.delete(&tid);
    struct config *cfg = get_config();
    if (!cfg)
        return 1;
    struct scratch *s = task_event(cfg, EV_FORK, ptgid);
    if (!s)
        return 1;
    emit(ctx, s, 0);
    return 1;
}

// A traced task leaving a call it entered before tracing began (-p attaches
// to a task in wait4 or read): its arguments are still in the saved registers.
static __always_inline int adopt_call(struct bpf_raw_tracepoint_args *ctx, u32 tid)
{
    if (!traced.lookup(&tid)) {
        struct config *cfg = get_config();
        if (!cfg || !attach_by_id(cfg, tid))
            return 0;
    }
    struct pt_regs *regs = (struct pt_regs *)ctx->args[0];
    s64 nr = 0;
    bpf_probe_read_kernel(&nr, sizeof(nr), &regs->orig_ax);
    u32 slot = nr;
    struct syscall_spec *sp = specs.lookup(&slot);
    if (sp && !sp->traced)
        return 0;
    // the entry is built in map memory: sys_exit's stack has no room for it
    struct inflight *f = calls.lookup(&tid);
    if (!f) {
        int zero = 0;
        struct inflight *z = zero_inflight.lookup(&zero);
        if (!z)
            return 0;
        calls.update(&tid, z);
        f = calls.lookup(&tid);
        if (!f)
            return 0;
    }
    f->nr = nr;
    f->ts = bpf_ktime_get_ns();
    read_regs(regs, f->args);
    return 1;
}

RAW_TRACEPOINT_PROBE(sys_exit)
{
    u32 tid = (u32)bpf_get_current_pid_tgid();
    struct inflight *f = calls.lookup(&tid);
    if (!f || !f->ts) {
        if (announce_birth(ctx, tid) || !adopt_call(ctx, tid))
            return 0;
        f = calls.lookup(&tid);
        if (!f || !f->ts)
            return 0;
    }
    struct config *cfg = get_config();
    if (!cfg)
        return 0;
    u64 now = bpf_ktime_get_ns();
    s64 ret = ctx->args[1];
    s64 nr = f->nr;
    u32 slot = nr;

    if (cfg->summary_only) {     // -c counts every call, whatever -e status= says
        u64 d = now - f->ts;
        struct stat_slot *st = stats.lookup(&slot);
        if (st) {
            st->calls++;
            if (ret < 0 && ret >= -4095)
                st->errors++;
            st->time_ns += d;
            if (!st->min_ns || d < st->min_ns)
                st->min_ns = d;
            if (d > st->max_ns)
                st->max_ns = d;
        }
        if (cfg->histogram && slot < SPEC_SLOTS) {
            u32 b = 0;
            u64 v = d;
            #pragma unroll
            for (int i = 0; i < HIST_BUCKETS - 1; i++) {
                if (v > 1) {
                    v >>= 1;
                    b++;
                }
            }
            u32 k = slot * HIST_BUCKETS + b;
            u64 *h = hist.lookup(&k);
            if (h)
                (*h)++;
        }
        if (cfg->summary_only == 1) {
            f->ts = 0;
            return 0;
        }
    }
    if (cfg->status_mask) {
        u32 bit = (ret < 0 && ret >= -4095) ? 2 : 1;
        if (!(cfg->status_mask & bit)) {
            f->ts = 0;
            return 0;
        }
    }
    struct syscall_spec *sp = specs.lookup(&slot);
    struct scratch *s = fill_header(cfg, EV_SYSCALL, nr);
    if (!s)
        return 0;
    s->ev.ts_enter = f->ts;
    s->ev.ts_exit = now;
    s->ev.ret = ret;
    __builtin_memcpy(s->ev.args, f->args, sizeof(f->args));
    f->ts = 0;
#ifdef STACKS
    put_stacks(ctx, s);
#endif
    if (!sp)
        return emit(ctx, s, FIRST_OFF(s));
    return start_capture(ctx, s, slot, cfg->strsize, WHEN_EXIT);
}

TRACEPOINT_PROBE(sched, sched_process_fork)
{
    u32 parent = args->parent_pid;
    u32 child = args->child_pid;
    u32 *t = traced.lookup(&parent);
    if (!t)
        return 0;
    struct config *cfg = get_config();
    if (!cfg || !cfg->follow_forks)
        return 0;
    u32 one = 1;
    if (!traced.lookup(&child))
        count_tasks(1);
    traced.update(&child, &one);
    u32 ptgid, ptid;
    ids(cfg, &ptgid, &ptid);
    births.update(&child, &ptgid);   // EV_FORK comes from the child itself
    return 0;
}

TRACEPOINT_PROBE(sched, sched_process_exit)
{
    u32 tid = (u32)bpf_get_current_pid_tgid();
    u32 *tr = traced.lookup(&tid);
    if (!tr || *tr == 2)
        return 0;
    u32 exiting = 2;   // kept until sched_process_free: its SIGCHLD comes later
    traced.update(&tid, &exiting);
    count_tasks(-1);
    calls.delete(&tid);
    births.delete(&tid);
    struct config *cfg = get_config();
    if (!cfg)
        return 0;
    struct scratch *s = task_event(cfg, EV_EXIT, args->group_dead);
    if (!s)
        return 0;
    return emit(args, s, 0);
}

// signal delivery: the siginfo (UAPI layout) and the handler in use
RAW_TRACEPOINT_PROBE(signal_deliver)
{
    u32 tid = (u32)bpf_get_current_pid_tgid();
    if (!traced.lookup(&tid))
        return 0;
    struct config *cfg = get_config();
    if (!cfg || cfg->summary_only == 1)
        return 0;
    u32 sig = ctx->args[0];
    // our own backpressure stops (bpf_send_signal: SI_KERNEL) and resumes
    // (kill() from my_strace) are not the tracee's signals
    if ((sig == SIGSTOP_ || sig == SIGCONT_) && cfg->lossless && ctx->args[1] > 4096) {
        s32 who[6] = {};
        bpf_probe_read_kernel(who, sizeof(who), (void *)ctx->args[1]);
        if (sig == SIGSTOP_ && who[2] == 0x80)
            return 0;
        if (sig == SIGCONT_ && who[2] == 0 && (u32)who[4] == cfg->self_pid)
            return 0;
    }
    struct scratch *s = task_event(cfg, EV_SIGNAL, ctx->args[0]);
    if (!s)
        return 0;
    u64 info = ctx->args[1];
    u64 ka = ctx->args[2];
    if (ka)
        bpf_probe_read_kernel(&s->ev.args[0], sizeof(u64), (void *)ka);   // sa_handler
    return emit(ctx, s, put_siginfo(s, info));
}

// SIGCHLD sent by a traced task (its exit, from its own context: the target
// task's layout is kernel-internal; Python knows the parent from EV_FORK).
// Its siginfo gives the exact end of every child (exit code, signal, core
// dump) even when exit_group is filtered out; and when the parent leaves
// SIGCHLD at SIG_DFL the kernel drops it (result TRACE_SIGNAL_IGNORED = 1)
// where ptrace would have queued it, so Python shows it then.
RAW_TRACEPOINT_PROBE(signal_generate)
{
    int sig = ctx->args[0];
    int result = ctx->args[4];
    if (sig != 17)
        return 0;
    u32 tid = (u32)bpf_get_current_pid_tgid();
    if (!traced.lookup(&tid))
        return 0;
    struct config *cfg = get_config();
    if (!cfg || cfg->summary_only || !cfg->follow_forks)
        return 0;
    struct scratch *s = task_event(cfg, EV_SIGGEN, sig);
    if (!s)
        return 0;
    s->ev.args[4] = result;
    u64 info = ctx->args[1];
    return emit(ctx, s, put_siginfo(s, info));
}

// execve in a non-leader thread: the thread takes over the leader's pid, so its
// call in progress and its tracing move to the new tid.
TRACEPOINT_PROBE(sched, sched_process_exec)
{
    u32 pid = args->pid, old = args->old_pid;
    if (pid == old || !traced.lookup(&old))
        return 0;
    u32 one = 1;
    traced.update(&pid, &one);
    traced.delete(&old);
    struct inflight *f = calls.lookup(&old);
    if (f) {
        struct inflight copy = *f;
        calls.update(&pid, &copy);
        calls.delete(&old);
    }
    struct config *cfg = get_config();
    if (!cfg || cfg->summary_only)
        return 0;
    struct scratch *s = task_event(cfg, EV_EXEC, old);
    if (!s)
        return 0;
    return emit(args, s, 0);
}

TRACEPOINT_PROBE(sched, sched_process_free)
{
    u32 tid = args->pid;
    traced.delete(&tid);
    return 0;
}

// A signal sent to a traced task (not SIGKILL/SIGCHLD), delivered or ignored.
// Without ptrace, a fatal signal at SIG_DFL that cannot dump core is turned
// into a group SIGKILL at once and never dequeued, and an ignored one (SIGCONT,
// SIGWINCH at SIG_DFL, anything at SIG_IGN) is dropped: ptrace would queue
// both and strace shows them.  The target comes from the tracepoint's own pid
// field; siginfo fields from the sender's context.
TRACEPOINT_PROBE(signal, signal_generate)
{
    int sig = args->sig;
    if (sig == 9 || sig == 17 || args->result > 1)
        return 0;
    u32 target = args->pid;
    if (!traced.lookup(&target))
        return 0;
    struct config *cfg = get_config();
    if (!cfg || cfg->summary_only)
        return 0;
    struct scratch *s = task_event(cfg, EV_SIGGEN, sig);
    if (!s)
        return 0;
    s->ev.args[0] = (u32)args->code;
    s->ev.args[1] = target;
    s->ev.args[2] = args->group;
    s->ev.args[3] = (u32)bpf_get_current_uid_gid();
    s->ev.args[4] = args->result;
    return emit(args, s, 0);
}
