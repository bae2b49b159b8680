"""strace's -e read=SET / -e write=SET: full hex dumps of the data read or written.

    | 00000  23 20 4e 65 74 77 6f 72  6b 20 73 65 72 76 69 63  # Network servic |

16 bytes a line in two groups of 8, the offset in hex, then the bytes as text
with '.' for anything not printable.
"""

CAPTURE = 4096      # bytes of a dumped buffer the BPF side copies (its largest capture)

# syscall -> (index of the buffer argument, "read" or "write")
DUMPED = {"read": (1, "read"), "pread64": (1, "read"), "recvfrom": (1, "read"),
          "write": (1, "write"), "pwrite64": (1, "write"), "sendto": (1, "write")}


def dump_lines(data):
    out = []
    for off in range(0, len(data), 16):
        chunk = data[off:off + 16]
        hexes = [f"{b:02x}" for b in chunk]
        left = " ".join(hexes[:8])
        right = " ".join(hexes[8:])
        hexpart = f"{left:<23}  {right:<23}"
        text = "".join(chr(b) if 32 <= b < 127 else "." for b in chunk)
        out.append(f" | {off:05x}  {hexpart}  {text:<16} |")
    return out


class Dumper:
    """Which records get a dump: the buffer of a read- or write-like call on a chosen fd."""

    def __init__(self, syscalls, read_fds, write_fds):
        self.read_fds, self.write_fds = read_fds, write_fds
        self.by_nr = {}
        for nr, sc in syscalls.items():
            spec = DUMPED.get(sc.name)
            if spec and (read_fds if spec[1] == "read" else write_fds) is not None:
                self.by_nr[nr] = spec

    @property
    def active(self):
        return bool(self.by_nr)

    def lines(self, rec):
        spec = self.by_nr.get(rec.nr)
        if spec is None or rec.ret <= 0:
            return []
        i, way = spec
        fd = rec.args[0] & 0xFFFFFFFF
        fds = self.read_fds if way == "read" else self.write_fds
        if fd not in fds:
            return []
        c = rec.caps.get(i)
        if c is None or not c.data:
            return []
        return dump_lines(c.data[:rec.ret])
