"""-e read=SET / -e write=SET hex dumps, and the qualifiers my_strace refuses."""
import pytest

import filters
import hexdump
import syscall_specs
from conftest import run_my_strace, run_strace


def test_dump_lines_as_strace():
    # strace -e trace=read -e read=3 -s 4 head -c 40 /etc/services
    assert hexdump.dump_lines(b"# Network services, Internet style\n#\n# U") == [
        " | 00000  23 20 4e 65 74 77 6f 72  6b 20 73 65 72 76 69 63  # Network servic |",
        " | 00010  65 73 2c 20 49 6e 74 65  72 6e 65 74 20 73 74 79  es, Internet sty |",
        " | 00020  6c 65 0a 23 0a 23 20 55                           le.#.# U         |"]
    # strace -e trace=write -e write=1 echo hello
    assert hexdump.dump_lines(b"hello\n") == [
        " | 00000  68 65 6c 6c 6f 0a                                 hello.           |"]


def test_read_write_sets_parsed():
    syscalls = syscall_specs.build()
    f = filters.Filters()
    filters.apply_expr(f, "read=3,4", syscalls)
    filters.apply_expr(f, "write=all", syscalls)
    assert 3 in f.dump_read and 5 not in f.dump_read and 12345 in f.dump_write


@pytest.mark.parametrize("expr", ["inject=write:error=EIO", "fault=openat", "verbose=none",
                                  "raw=all", "read=x"])
def test_unsupported_or_bad_qualifier_is_an_error(expr):
    with pytest.raises(filters.FilterError):
        filters.apply_expr(filters.Filters(), expr, syscall_specs.build())


@pytest.mark.e2e
@pytest.mark.parametrize("args", [["-e", "trace=write", "-e", "write=1", "echo", "hello"],
                                  ["-e", "trace=read", "-e", "read=3", "-s", "4", "head", "-c",
                                   "40", "/etc/services"]])
def test_dumps_equal_strace(args, tmp_path):
    mine = run_my_strace(["-o", str(tmp_path / "m")] + args)
    ref = run_strace(["-o", str(tmp_path / "s")] + args)
    assert mine.returncode == ref.returncode == 0
    got = (tmp_path / "m").read_text().splitlines()
    want = (tmp_path / "s").read_text().splitlines()
    dumps = [ln for ln in want if ln.startswith(" | ")]
    assert dumps and [ln for ln in got if ln.startswith(" | ")] == dumps
    assert got[-6:] == want[-6:]


@pytest.mark.e2e
def test_inject_refused_with_one_line():
    res = run_my_strace(["-e", "inject=write:error=EIO", "true"])
    assert res.returncode == 1
    assert res.stderr.splitlines() == [
        "my_strace: -e inject= is not supported: my_strace observes system calls with eBPF and "
        "cannot change their results (use strace for that)"]
