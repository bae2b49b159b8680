"""The perf buffer path, for kernels without BPF ring buffers (< 5.8).

This kernel has ring buffers, so the end-to-end tests force the fallback with
the hidden --perf-buffer option: the same lines must come out, and what the
perf buffer cannot take is counted and reported, never silent.
"""
import pytest

import parity
import tracepoint_raw
from conftest import run_my_strace, run_strace


@pytest.mark.parametrize("release,ok", [("5.8.0", True), ("6.18.44-fc", True), ("5.7.19", False),
                                        ("4.19.0-21-amd64", False), ("weird", True)])
def test_ringbuf_supported_from_release(release, ok):
    assert tracepoint_raw.ringbuf_supported(release) is ok


@pytest.mark.e2e
def test_perf_buffer_lines_equal_strace(tmp_path):
    mine = run_my_strace(["--perf-buffer", "-o", str(tmp_path / "m"), "cat", "/etc/hostname"])
    ref = run_strace(["-o", str(tmp_path / "s"), "cat", "/etc/hostname"])
    assert mine.returncode == ref.returncode == 0
    got = parity.normalise((tmp_path / "m").read_text().splitlines())
    want = parity.normalise((tmp_path / "s").read_text().splitlines())
    assert got == want


@pytest.mark.e2e
def test_perf_buffer_losses_are_reported(tmp_path):
    # one page per CPU and 400,000 records: the perf buffer overflows
    res = run_my_strace(["--perf-buffer", "--ring-pages", "8", "--fail-on-loss", "-o",
                         str(tmp_path / "m"), "dd", "if=/dev/zero", "of=/dev/null", "bs=1",
                         "count=200000"])
    text = (tmp_path / "m").read_text()
    lines = sum(1 for ln in text.splitlines() if ln.startswith(("read(0,", "write(1,")))
    assert lines < 400000
    assert "events lost in total" in res.stderr
    assert res.returncode == 1
