"""quote()'s fast paths print exactly what the byte-by-byte reference prints.

The reference below is quote() as it was before the fast paths (a loop over the
bytes, checked against strace 6.1 by the other tests); the fast version must
agree on every input: plain text, every single byte, octal escapes before
digits, random buffers, -x/-xx, limits.
"""
import os
import random
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)

import syscall_formatters as sf  # noqa: E402

_ESC = {9: "\\t", 10: "\\n", 11: "\\v", 12: "\\f", 13: "\\r", 34: '\\"', 92: "\\\\"}


def reference(data, ctx, limit=None, ellipsis=False):
    if limit is not None and len(data) > limit:
        data, ellipsis = data[:limit], True
    if ctx.xflag == 2 or (ctx.xflag == 1 and any(b < 32 or b >= 127 for b in data)):
        body = "".join(f"\\x{b:02x}" for b in data)
    else:
        out = []
        n = len(data)
        for j, b in enumerate(data):
            e = _ESC.get(b)
            if e:
                out.append(e)
            elif 32 <= b < 127:
                out.append(chr(b))
            else:
                nxt = data[j + 1] if j + 1 < n else None
                if nxt is not None and 48 <= nxt <= 55:
                    out.append(f"\\{b:03o}")
                else:
                    out.append(f"\\{b:o}")
        body = "".join(out)
    return f'"{body}"' + ("..." if ellipsis else "")


def inputs():
    yield b""
    yield b"hello, world"
    yield b'a "quoted" \\ back'
    for b in range(256):
        yield bytes([b])
        yield bytes([b]) + b"7"
        yield bytes([b]) + b"8"
        yield b"x" + bytes([b]) + b"0"
    yield b"\0\0\0\0" + b"1234"
    yield b"\177ELF\2\1\1\3\0\0\0\0\0\0\0\0\3\0>\0\1\0\0\0\20t\2\0"
    rnd = random.Random(6)
    for _ in range(3000):
        n = rnd.randrange(0, 80)
        pool = rnd.choice([range(256), range(0, 16), b"01234567\0\n\x7f\xff\"\\ab"])
        yield bytes(rnd.choice(pool) for _ in range(n))


def test_quote_matches_reference():
    for xflag in (0, 1, 2):
        ctx = sf.Ctx(xflag=xflag)
        for data in inputs():
            for limit, ell in ((None, False), (32, False), (4, False), (None, True)):
                assert sf.quote(data, ctx, limit, ell) == reference(data, ctx, limit, ell), \
                    (data, xflag, limit, ell)


def test_quote_accepts_memoryview_and_bytearray():
    ctx = sf.Ctx()
    for data in (b"ab\0\1", b"plain"):
        assert sf.quote(memoryview(data), ctx) == reference(data, ctx)
        assert sf.quote(bytearray(data), ctx) == reference(data, ctx)
