"""Compile strace.c once; later runs load the cached bytecode without clang.

bcc compiles the C program with its embedded clang/LLVM on every run: about
0.4 s and ~75 MB of resident LLVM before the first event.  The compiled
programs do not change between runs, so the first run saves them:

- every map: name, type, size, flags and bcc's JSON description of its key and
  value types (from which the ctypes types are rebuilt, as bcc does);
- every function's instructions, with the offsets of the 64-bit loads that
  carry a map's file descriptor (bcc patched them in; we patch ours in);
- license and kernel version.

Later runs create the maps, patch and load the programs (the kernel's verifier
still runs), and attach them through libbcc_bpf.so (bcc's small syscall layer,
no LLVM).  The cache key covers the C source, the compiler flags, the kernel
release and bcc's library, so an edit to strace.c recompiles.  The ring
buffer's size is not part of the key: its map is created with the size asked.

The table objects returned mimic the part of bcc's table API the tracer uses
(`t[key]`, `t[key] = v`, `del t[key]`, keys/items/values, Key, Leaf, map_fd).
"""
import base64
import ctypes as ct
import zlib
import json
import os
import struct
import tempfile

FORMAT = 1
CACHE_DIR = os.environ.get("MY_STRACE_CACHE", "/var/cache/my_strace")

MAP_HASH, MAP_ARRAY, MAP_PROG_ARRAY, MAP_PERCPU_HASH, MAP_PERCPU_ARRAY = 1, 2, 3, 5, 6
MAP_RINGBUF = 27
PROG_TRACEPOINT, PROG_RAW_TRACEPOINT = 5, 17
BPF_PSEUDO_MAP_FD = 1

_STR2CTYPE = {
    "_Bool": ct.c_bool, "char": ct.c_char, "wchar_t": ct.c_wchar, "unsigned char": ct.c_ubyte,
    "short": ct.c_short, "unsigned short": ct.c_ushort, "int": ct.c_int,
    "unsigned int": ct.c_uint, "long": ct.c_long, "unsigned long": ct.c_ulong,
    "long long": ct.c_longlong, "unsigned long long": ct.c_ulonglong, "float": ct.c_float,
    "double": ct.c_double, "long double": ct.c_longdouble,
    "__int128": ct.c_int64 * 2, "unsigned __int128": ct.c_uint64 * 2,
}


def decode_type(desc):
    """ctypes type from bcc's JSON type description (as bcc's BPF._decode_table_type)."""
    if isinstance(desc, str):
        return _STR2CTYPE[desc]
    anon, fields = [], []
    for t in desc[1]:
        if len(t) == 2:
            fields.append((t[0], decode_type(t[1])))
        elif isinstance(t[2], list):
            fields.append((t[0], decode_type(t[1]) * t[2][0]))
        elif isinstance(t[2], int):
            fields.append((t[0], decode_type(t[1]), t[2]))
        elif t[2] in ("union", "struct", "struct_packed"):
            name = t[0] or "__anon%d" % len(anon)
            if not t[0]:
                anon.append(name)
            fields.append((name, decode_type(t)))
        else:
            raise ValueError(f"cannot decode type {t}")
    kind = desc[2] if len(desc) > 2 else "struct"
    base = ct.Union if kind == "union" else ct.Structure
    ns = dict(_anonymous_=anon, _fields_=fields)
    if kind == "struct_packed":
        ns["_pack_"] = 1
    return type(str(desc[0]), (base,), ns)


def cache_path(src, cflags):
    # crc32 + adler32 of everything (hashlib would load OpenSSL: 15 ms); only
    # root writes the cache directory, so an accidental match is all to fear
    parts = [b"format %d" % FORMAT]
    with open(src, "rb") as f:
        parts.append(f.read())
    parts += [fl.encode() for fl in cflags if not fl.startswith("-DRINGBUF_PAGES=")]
    parts.append(os.uname().release.encode())
    try:
        st = os.stat("/usr/lib/x86_64-linux-gnu/libbcc.so.0")
        parts.append(b"%d %d" % (st.st_size, int(st.st_mtime)))
    except OSError:
        pass
    blob = b"\0".join(parts)
    key = "%08x%08x%x" % (zlib.crc32(blob), zlib.adler32(blob), len(blob))
    return os.path.join(CACHE_DIR, key + ".json")


# ------------------------------------------------------------------ saving

def save(bpf, path):
    """Write what `bpf` (a bcc.BPF, compiled) needs to be loaded again; atomic."""
    from bcc.libbcc import lib
    for f, res in (("bpf_num_tables", ct.c_ulonglong), ("bpf_table_name", ct.c_char_p),
                   ("bpf_table_fd_id", ct.c_int), ("bpf_table_key_desc_id", ct.c_char_p),
                   ("bpf_table_leaf_desc_id", ct.c_char_p), ("bpf_table_key_size_id", ct.c_size_t),
                   ("bpf_table_leaf_size_id", ct.c_size_t)):
        getattr(lib, f).restype = res
        getattr(lib, f).argtypes = [ct.c_void_p] + ([] if f == "bpf_num_tables" else [ct.c_ulonglong])
    m = bpf.module
    tables, by_fd = [], {}
    for i in range(lib.bpf_num_tables(m)):
        name = lib.bpf_table_name(m, i)
        fd = lib.bpf_table_fd_id(m, i)
        by_fd[fd] = name.decode()
        tables.append(dict(name=name.decode(), type=lib.bpf_table_type_id(m, i),
                           max_entries=lib.bpf_table_max_entries_id(m, i),
                           flags=lib.bpf_table_flags_id(m, i),
                           key=json.loads(lib.bpf_table_key_desc_id(m, i) or b'""'),
                           leaf=json.loads(lib.bpf_table_leaf_desc_id(m, i) or b'""'),
                           key_size=lib.bpf_table_key_size_id(m, i),
                           leaf_size=lib.bpf_table_leaf_size_id(m, i)))
    funcs = []
    for k in range(lib.bpf_num_functions(m)):
        fname = lib.bpf_function_name(m, k)
        size = lib.bpf_function_size(m, fname)
        insns = ct.string_at(lib.bpf_function_start(m, fname), size)
        relocs = []
        for off in range(0, size, 8):
            op, regs, _o, imm = struct.unpack_from("<BBhi", insns, off)
            if op == 0x18 and regs >> 4 == BPF_PSEUDO_MAP_FD:
                if imm not in by_fd:
                    raise ValueError(f"{fname}: map fd {imm} unknown")
                relocs.append([off, by_fd[imm]])
        funcs.append(dict(name=fname.decode(), insns=base64.b64encode(insns).decode(),
                          relocs=relocs))
    doc = dict(format=FORMAT, license=lib.bpf_module_license(m).decode(),
               kern_version=lib.bpf_module_kern_version(m), tables=tables, funcs=funcs)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=os.path.dirname(path), prefix=".tmp-")
    with os.fdopen(fd, "w") as f:
        json.dump(doc, f)
    os.rename(tmp, path)


# ------------------------------------------------------------------ loading

_lib = None


def libbpf():
    global _lib
    if _lib is None:
        lib = ct.CDLL("libbcc_bpf.so.0", use_errno=True)
        lib.bcc_create_map.restype = ct.c_int
        lib.bcc_create_map.argtypes = [ct.c_int, ct.c_char_p, ct.c_int, ct.c_int, ct.c_int, ct.c_int]
        lib.bcc_prog_load.restype = ct.c_int
        lib.bcc_prog_load.argtypes = [ct.c_int, ct.c_char_p, ct.c_void_p, ct.c_int, ct.c_char_p,
                                      ct.c_uint, ct.c_int, ct.c_char_p, ct.c_uint]
        for f in ("bpf_lookup_elem", "bpf_update_elem", "bpf_delete_elem", "bpf_get_next_key"):
            getattr(lib, f).restype = ct.c_int
        lib.bpf_lookup_elem.argtypes = [ct.c_int, ct.c_void_p, ct.c_void_p]
        lib.bpf_update_elem.argtypes = [ct.c_int, ct.c_void_p, ct.c_void_p, ct.c_ulonglong]
        lib.bpf_delete_elem.argtypes = [ct.c_int, ct.c_void_p]
        lib.bpf_get_next_key.argtypes = [ct.c_int, ct.c_void_p, ct.c_void_p]
        lib.bpf_attach_raw_tracepoint.restype = ct.c_int
        lib.bpf_attach_raw_tracepoint.argtypes = [ct.c_int, ct.c_char_p]
        lib.bpf_attach_tracepoint.restype = ct.c_int
        lib.bpf_attach_tracepoint.argtypes = [ct.c_int, ct.c_char_p, ct.c_char_p]
        _lib = lib
    return _lib


def possible_cpus():
    n = 0
    with open("/sys/devices/system/cpu/possible") as f:
        for part in f.read().strip().split(","):
            a, _, b = part.partition("-")
            n = max(n, int(b or a) + 1)
    return n


class Table:
    """A map, with the subset of bcc's table API the tracer uses."""

    def __init__(self, name, fd, mtype, key, leaf):
        self.name, self.map_fd, self.type = name, fd, mtype
        self.Key, self.Leaf = key, leaf
        self.percpu = mtype in (MAP_PERCPU_HASH, MAP_PERCPU_ARRAY)
        if self.percpu:
            self.ncpu = possible_cpus()
            # per-CPU values come as ncpu slots of round_up(size, 8)
            if ct.sizeof(leaf) % 8:
                raise ValueError(f"{name}: per-CPU leaf size not a multiple of 8")
            self.ValueArray = leaf * self.ncpu

    def _key(self, key):
        return key if isinstance(key, ct._SimpleCData) or isinstance(key, ct.Structure) \
            else self.Key(key)

    def __getitem__(self, key):
        k = self._key(key)
        v = self.ValueArray() if self.percpu else self.Leaf()
        if libbpf().bpf_lookup_elem(self.map_fd, ct.byref(k), ct.byref(v)) < 0:
            raise KeyError(key)
        return v

    def __setitem__(self, key, leaf):
        k = self._key(key)
        if libbpf().bpf_update_elem(self.map_fd, ct.byref(k), ct.byref(leaf), 0) < 0:
            e = ct.get_errno()
            raise OSError(e, f"update of map {self.name}: {os.strerror(e)}")

    def __delitem__(self, key):
        k = self._key(key)
        if libbpf().bpf_delete_elem(self.map_fd, ct.byref(k)) < 0:
            raise KeyError(key)

    def keys(self):
        lib = libbpf()
        out = []
        k = self.Key()
        nxt = self.Key()
        prev = None
        while lib.bpf_get_next_key(self.map_fd, prev, ct.byref(nxt)) == 0:
            out.append(nxt)
            k = nxt
            nxt = self.Key()
            prev = ct.byref(k)
        return out

    def items(self):
        out = []
        for k in self.keys():
            try:
                out.append((k, self[k]))
            except KeyError:
                pass
        return out

    def values(self):
        return [v for _, v in self.items()]

    def clear(self):
        for k in self.keys():
            try:
                del self[k]
            except KeyError:
                pass

    def __iter__(self):
        return iter(self.keys())


class Func:
    def __init__(self, name, fd):
        self.name, self.fd = name, fd


class CachedBPF:
    """The programs and maps of a cache file, loaded and attached."""

    cached = True
    RAW_TRACEPOINT = PROG_RAW_TRACEPOINT
    TRACEPOINT = PROG_TRACEPOINT

    def __init__(self, path, ring_bytes):
        with open(path) as f:
            doc = json.load(f)
        if doc.get("format") != FORMAT:
            raise ValueError("cache format")
        lib = libbpf()
        self.tables = {}
        self._fds = []
        self._attach_fds = []
        for t in doc["tables"]:
            key = decode_type(t["key"]) if t["key"] else ct.c_int
            leaf = decode_type(t["leaf"]) if t["leaf"] else ct.c_int
            ks, vs, n = t["key_size"], t["leaf_size"], t["max_entries"]
            if t["type"] == MAP_RINGBUF:
                ks, vs, n = 0, 0, ring_bytes
            fd = lib.bcc_create_map(t["type"], t["name"].encode(), ks, vs, n, t["flags"])
            if fd < 0:
                self.close()
                e = ct.get_errno()
                raise OSError(e, f"creating map {t['name']}: {os.strerror(e)}")
            self._fds.append(fd)
            self.tables[t["name"]] = Table(t["name"], fd, t["type"], key, leaf)
        self.license = doc["license"].encode()
        self.kern_version = doc["kern_version"]
        self.funcs = {}
        self._code = {f["name"]: f for f in doc["funcs"]}
        for name in self._code:
            if name.startswith("raw_tracepoint__"):
                fn = self.load_func(name, PROG_RAW_TRACEPOINT)
                self._attach(lib.bpf_attach_raw_tracepoint(fn.fd, name[16:].encode()), name)
            elif name.startswith("tracepoint__"):
                cat, _, tp = name[12:].partition("__")
                fn = self.load_func(name, PROG_TRACEPOINT)
                self._attach(lib.bpf_attach_tracepoint(fn.fd, cat.encode(), tp.encode()), name)

    def _attach(self, fd, name):
        if fd < 0:
            self.close()
            raise OSError(ct.get_errno(), f"attaching {name} failed")
        self._attach_fds.append(fd)

    def load_func(self, name, prog_type):
        if isinstance(name, bytes):
            name = name.decode()
        if name in self.funcs:
            return self.funcs[name]
        f = self._code[name]
        insns = bytearray(base64.b64decode(f["insns"]))
        for off, tname in f["relocs"]:
            struct.pack_into("<i", insns, off + 4, self.tables[tname].map_fd)
        buf = (ct.c_char * len(insns)).from_buffer(insns)
        lib = libbpf()
        fd = lib.bcc_prog_load(prog_type, name.encode(), buf, len(insns), self.license,
                               self.kern_version, 0, None, 0)
        if fd < 0:
            log = ct.create_string_buffer(1 << 20)
            fd = lib.bcc_prog_load(prog_type, name.encode(), buf, len(insns), self.license,
                                   self.kern_version, 1, log, len(log))
            if fd < 0:
                tail = log.value.decode(errors="replace").strip().splitlines()[-3:]
                self.close()
                raise OSError(ct.get_errno(), f"loading {name}: {' / '.join(tail)}")
        self._fds.append(fd)
        fn = self.funcs[name] = Func(name, fd)
        return fn

    def __getitem__(self, name):
        if isinstance(name, bytes):
            name = name.decode()
        return self.tables[name]

    def close(self, background=False):
        """Detach and free everything.

        Detaching a program waits for an RCU grace period (~20 ms each, over
        0.1 s in all); with background=True a grandchild holding copies of
        the descriptors does that after we are gone, and this returns at once.
        The caller stops all tracing first (nothing is left for the programs
        to do in the meantime).
        """
        fds = self._attach_fds + self._fds
        self._attach_fds, self._fds = [], []
        if background and fds:
            try:
                r, w = os.pipe()
                pid = os.fork()
            except OSError:
                pid = -1
            if pid == 0:                        # child: fork the closer, exit at once
                try:
                    if os.fork() == 0:
                        keep = sorted(set(fds) | {r})
                        lo = 0
                        for fd in keep:          # nothing but the BPF descriptors:
                            os.closerange(lo, fd)  # no pipe or file is held open
                            lo = fd + 1
                        os.closerange(lo, 1 << 16)
                        os.read(r, 1)            # the parent has dropped its copies
                        for fd in reversed(fds):
                            try:
                                os.close(fd)
                            except OSError:
                                pass
                finally:
                    os._exit(0)
            if pid > 0:
                os.waitpid(pid, 0)
                os.close(r)
                for fd in fds:                   # cheap: the closer holds them
                    try:
                        os.close(fd)
                    except OSError:
                        pass
                os.close(w)                      # now the closer may go on
                return
        for fd in fds:
            try:
                os.close(fd)
            except OSError:
                pass

    def cleanup(self):
        self.close()
