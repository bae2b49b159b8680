"""Shared test set-up.

Unit tests need neither root nor bcc.  End-to-end tests (marker `e2e`) trace
real programs with real eBPF and compare with real strace: they need root,
bcc and strace.  Outside CI they are skipped when those are missing; in CI
(CI=true) a missing piece is a failure, never a silent skip.
"""
import os
import shutil
import subprocess
import sys

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)
sys.path.insert(0, os.path.join(ROOT, "tools"))

MY_STRACE = os.path.join(ROOT, "my_strace")


def _missing():
    if os.geteuid() != 0:
        return "not root"
    if shutil.which("strace") is None:
        return "strace not installed"
    r = subprocess.run(["/usr/bin/python3", "-c", "import bcc"], capture_output=True)
    if r.returncode != 0:
        return "bcc (python3-bpfcc) not importable by /usr/bin/python3"
    if not os.path.isdir(f"/lib/modules/{os.uname().release}/build"):
        return "kernel headers missing (make setup)"
    return None


_MISSING = _missing()


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "e2e" in item.keywords and _MISSING:
            if os.environ.get("CI"):
                item.add_marker(pytest.mark.usefixtures("_require_bpf"))
            else:
                item.add_marker(pytest.mark.skip(reason=f"e2e needs root+bcc+strace: {_MISSING}"))


@pytest.fixture
def _require_bpf():
    pytest.fail(f"CI must run end-to-end tests but: {_MISSING}")


# both tracers get the same environment, so the tracee's envp is the same
ENV = dict(os.environ, MY_STRACE_NO_INSTALL="1")


def run_my_strace(args, **kw):
    return subprocess.run([MY_STRACE] + args, capture_output=True, text=True, timeout=120,
                          env=ENV, stdin=subprocess.DEVNULL, **kw)


def run_strace(args, **kw):
    return subprocess.run(["strace"] + args, capture_output=True, text=True, timeout=120,
                          env=ENV, stdin=subprocess.DEVNULL, **kw)
