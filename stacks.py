"""-k / -kk: the stack of each call, in strace's layout.

    write(1, "hi\\n", 3)                     = 3
     > /usr/lib/x86_64-linux-gnu/libc.so.6(__write+0x14) [0x10e1a4]
     > /usr/bin/echo() [0x23ad]

strace.c (built with -DSTACKS) stores bpf_get_stackid() ids in each record;
the addresses come from its BPF_STACK_TRACE map.  Each address is placed in
its module with the process's /proc/PID/maps (cached, re-read when an address
falls outside the cached mappings: libraries mapped since) and named with the
module's own ELF symbol tables (.symtab, else .dynsym), read here: no bcc
symbol cache, so a process that has exited can still be symbolised from the
cached maps.  [0x...] is the offset in the module file, as strace prints it.
"""
import bisect
import os
import struct

STACK_ARG = 7


class Elf:
    """Function symbols of one ELF file, and its PT_LOAD segments."""

    def __init__(self, path):
        self.syms = []          # sorted (value, size, name)
        self.loads = []         # (p_offset, p_vaddr, p_filesz)
        self.values = []
        try:
            with open(path, "rb") as f:
                data = f.read()
        except OSError:
            return
        if data[:4] != b"\x7fELF" or data[4] != 2:
            return
        try:
            self._parse(data)
        except (struct.error, IndexError, UnicodeDecodeError):
            self.syms = []
        self.syms.sort()
        self.values = [s[0] for s in self.syms]

    def _parse(self, data):
        (e_phoff, e_shoff) = struct.unpack_from("<QQ", data, 0x20)
        e_phentsize, e_phnum, e_shentsize, e_shnum = struct.unpack_from("<HHHH", data, 0x36)
        for i in range(e_phnum):
            p_type, _fl, p_offset, p_vaddr, _pa, p_filesz = struct.unpack_from(
                "<IIQQQQ", data, e_phoff + i * e_phentsize)
            if p_type == 1:
                self.loads.append((p_offset, p_vaddr, p_filesz))
        secs = [struct.unpack_from("<IIQQQQIIQQ", data, e_shoff + i * e_shentsize)
                for i in range(e_shnum)]
        tables = {s[1]: s for s in secs if s[1] in (2, 11)}     # SHT_SYMTAB, SHT_DYNSYM
        sec = tables.get(2) or tables.get(11)
        if sec is None:
            return
        _n, _t, _f, _a, off, size, link, _i, _al, entsize = sec
        stroff = secs[link][4]
        seen = set()
        for k in range(size // (entsize or 24)):
            st_name, st_info, _o, shndx, value, ssize = struct.unpack_from(
                "<IBBHQQ", data, off + k * entsize)
            if st_info & 0xF != 2 or shndx == 0 or value == 0:     # STT_FUNC, defined
                continue
            end = data.index(b"\0", stroff + st_name)
            name = data[stroff + st_name:end].decode()
            if value in seen:
                continue
            seen.add(value)
            self.syms.append((value, ssize, name))

    def vaddr(self, file_off):
        for p_offset, p_vaddr, p_filesz in self.loads:
            if p_offset <= file_off < p_offset + max(p_filesz, 1):
                return file_off - p_offset + p_vaddr
        return file_off

    def symbol(self, vaddr):
        """(name, offset) of the function containing vaddr (or the one before it)."""
        i = bisect.bisect_right(self.values, vaddr) - 1
        if i < 0:
            return None
        value, _size, name = self.syms[i]
        return name, vaddr - value


class Symbolizer:
    def __init__(self, proc="/proc"):
        self.proc = proc
        self.maps = {}          # pid -> sorted [(start, end, file offset, path)]
        self.traced = {}        # pid -> [(start, end, file offset, path)] from mmap calls
        self.elves = {}

    def _read_maps(self, pid):
        out = []
        try:
            with open(f"{self.proc}/{pid}/maps") as f:
                for ln in f:
                    p = ln.split(None, 5)
                    if len(p) < 6 or "x" not in p[1]:
                        continue
                    path = p[5].strip()
                    if not path.startswith("/"):
                        continue
                    lo, hi = (int(x, 16) for x in p[0].split("-"))
                    out.append((lo, hi, int(p[2], 16), path))
        except OSError:
            return None
        out.sort()
        return out

    def _mapping(self, pid, addr):
        for attempt in (0, 1):
            maps = self.maps.get(pid)
            if maps is None or attempt:
                fresh = self._read_maps(pid)
                if fresh is None:
                    break
                self.maps[pid] = maps = fresh
            for lo, hi, off, path in maps or ():
                if lo <= addr < hi:
                    return off + addr - lo, path
        # the process is gone: the libraries it mapped with mmap(PROT_EXEC) are known
        for lo, hi, off, path in reversed(self.traced.get(pid, ())):
            if lo <= addr < hi:
                return off + addr - lo, path
        return None

    def mapped(self, pid, start, length, off, path):
        self.traced.setdefault(pid, []).append((start, start + length, off, path))

    def forget(self, pid):
        self.maps.pop(pid, None)
        self.traced.pop(pid, None)

    def exec_done(self, pid):
        """A new image: the cached maps are stale."""
        self.maps.pop(pid, None)
        self.traced.pop(pid, None)

    def frame(self, pid, addr):
        m = self._mapping(pid, addr)
        if m is None:
            return f" > unexpected_backtracing_error [{addr:#x}]"
        file_off, path = m
        elf = self.elves.get(path)
        if elf is None:
            elf = self.elves[path] = Elf(path)
        sym = elf.symbol(elf.vaddr(file_off))
        name = f"{sym[0]}+{sym[1]:#x}" if sym else ""
        return f" > {path}({name}) [{file_off:#x}]"


def kernel_frame(addr):
    """A kernel frame: ' > [kernel] name+0xoff' via /proc/kallsyms."""
    name = _ksym(addr)
    return f" > [kernel] {name}" if name else f" > [kernel] [{addr:#x}]"


_KSYMS = None
_TRACING = tuple(" > [kernel] " + p for p in ("bpf_prog_", "bpf_trace_run", "__bpf_trace_",
                                             "__traceiter_", "["))


def _ksym(addr):
    global _KSYMS
    if _KSYMS is None:
        vals, names = [], []
        try:
            with open("/proc/kallsyms") as f:
                for ln in f:
                    a, t, n = ln.split()[:3]
                    if t in "tTwW":
                        vals.append(int(a, 16))
                        names.append(n)
        except OSError:
            pass
        order = sorted(range(len(vals)), key=vals.__getitem__)
        _KSYMS = ([vals[i] for i in order], [names[i] for i in order])
    vals, names = _KSYMS
    i = bisect.bisect_right(vals, addr) - 1
    if i < 0 or not vals[i]:
        return None
    return f"{names[i]}+{addr - vals[i]:#x}"


class Stacks:
    """Frames of records from the tracer's `stacks` map (kernel=True for -kk)."""

    def __init__(self, tracer, kernel=False):
        self.table = tracer.bpf["stacks"]
        self.kernel = kernel
        self.sym = Symbolizer()

    def ids(self, rec):
        c = rec.caps.get(STACK_ARG)
        if c is None or len(c.data) < 16:
            return None
        return struct.unpack_from("<qq", c.data)

    def frames(self, rec):
        ids = self.ids(rec)
        if ids is None:
            return []
        out = []
        uid, kid = ids
        if self.kernel and kid >= 0:
            frames = [kernel_frame(a) for a in self._walk(kid)]
            # drop the tracing machinery itself (our BPF program, the tracepoint's callers)
            while frames and frames[0].startswith(_TRACING):
                frames.pop(0)
            out += frames
        if uid >= 0:
            out += [self.sym.frame(rec.pid, a) for a in self._walk(uid)]
        return out

    def _walk(self, sid):
        try:
            return [a for a in self.table.walk(sid) if a]
        except (KeyError, OSError):
            return []


def wire(stacks, renderer, feed, syscalls, fds=None):
    """Print each shown syscall line's frames after it; returns the feed function.

    fds: the fdtrack.FdTracker, to learn which file an mmap(PROT_EXEC) maps."""
    from tracepoint_raw import EV_EXIT, EV_SYSCALL
    count = [0]
    write = renderer.write

    def counting(s):
        count[0] += 1
        write(s)
    renderer.write = counting
    exec_nrs = {nr for nr, sc in syscalls.items() if sc.name in ("execve", "execveat")}
    mmap_nrs = {nr for nr, sc in syscalls.items() if sc.name == "mmap"}

    def feed_k(rec):
        n = count[0]
        feed(rec)
        if rec.type == EV_SYSCALL:
            if rec.nr in exec_nrs and rec.ret == 0:
                stacks.sym.exec_done(rec.pid)
            elif rec.nr in mmap_nrs and fds is not None and rec.args[2] & 4 and \
                    not -4096 < rec.ret < 0:
                p = fds.procs.get(rec.pid)
                e = p.fds.get(rec.args[4] & 0xFFFFFFFF) if p is not None else None
                if e is not None and e.link and e.link.startswith("/"):
                    stacks.sym.mapped(rec.pid, rec.ret & (2**64 - 1), rec.args[1], rec.args[5],
                                      e.link)
            if count[0] > n:
                frames = stacks.frames(rec)
                if frames:
                    write("\n".join(frames) + "\n")
        elif rec.type == EV_EXIT and rec.aux:
            stacks.sym.forget(rec.pid)
    return feed_k
