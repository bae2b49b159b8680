"""--record / --replay: a recording prints again, offline, the same lines.

End-to-end tests (root) trace real commands with --record, then replay the
file without bcc (its import is blocked) and as an unprivileged user.
"""
import json
import os
import pwd
import struct
import subprocess
import sys
import tempfile

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)

import recording  # noqa: E402

MY = os.path.join(ROOT, "my_strace")
needs_root = pytest.mark.skipif(os.geteuid() != 0, reason="needs root (eBPF)")


def replay(args, user=None):
    """Run `my_strace --replay ...` with bcc unimportable; returns (rc, stderr)."""
    code = ("import sys; sys.modules['bcc'] = None; sys.path.insert(0, %r); import cli; "
            "sys.exit(cli.main(sys.argv[1:]))" % ROOT)

    def drop():
        if user:
            pw = pwd.getpwnam(user)
            os.setgid(pw.pw_gid)
            os.setuid(pw.pw_uid)
    p = subprocess.run(["/usr/bin/python3", "-c", code] + args, capture_output=True, text=True,
                       preexec_fn=drop if user else None, cwd="/tmp", timeout=120)
    return p.returncode, p.stderr


def test_not_a_recording(tmp_path):
    f = tmp_path / "x"
    f.write_bytes(b"hello world, not a recording")
    with pytest.raises(recording.ReplayError, match="not a my_strace recording"):
        recording.load(str(f))
    f.write_bytes(recording.MAGIC + struct.pack("<II", 99, 2) + b"{}")
    with pytest.raises(recording.ReplayError, match="version 99"):
        recording.load(str(f))
    f.write_bytes(recording.MAGIC + struct.pack("<II", 1, 50) + b"{")
    with pytest.raises(recording.ReplayError, match="damaged header"):
        recording.load(str(f))
    rc, err = replay(["--replay", str(f)])
    assert rc == 1 and "damaged header" in err and "Traceback" not in err


def test_layout_mismatch_is_refused():
    with pytest.raises(recording.ReplayError, match="layout"):
        recording.decoder_for({"event_fields": ["size"], "capture_fields": []})


@pytest.fixture(scope="module")
def recorded():
    if os.geteuid() != 0:
        pytest.skip("needs root (eBPF)")
    d = tempfile.mkdtemp()
    rec = os.path.join(d, "t.rec")
    live = os.path.join(d, "live.txt")
    p = subprocess.run([MY, "-f", "-y", "-s", "64", "--record", rec, "-o", live, "--", "sh", "-c",
                        "cat /etc/hostname | wc -l; exit 3"], stdin=subprocess.DEVNULL,
                       capture_output=True, cwd="/tmp", timeout=120)
    assert p.returncode == 3
    os.chmod(d, 0o755)
    os.chmod(rec, 0o644)
    return d, rec, live


def test_replay_reproduces_live_output_without_bcc(recorded):
    d, rec, live = recorded
    out = os.path.join(d, "replay.txt")
    rc, err = replay(["--replay", rec, "-y", "-s", "64", "-o", out])
    assert rc == 3, err
    with open(live) as a, open(out) as b:
        assert a.read() == b.read()


def test_replay_as_unprivileged_user(recorded):
    d, rec, live = recorded
    try:
        pwd.getpwnam("nobody")
    except KeyError:
        pytest.skip("no user 'nobody'")
    rc, err = replay(["--replay", rec, "-e", "trace=openat"], user="nobody")
    assert rc == 3, err
    assert "openat(" in err and "read(" not in err


def test_replay_display_options(recorded):
    d, rec, live = recorded
    out = os.path.join(d, "s8.txt")
    rc, err = replay(["--replay", rec, "-s", "8", "-x", "-o", out])
    text = open(out).read()
    assert '"\\x7f\\x45\\x4c\\x46\\x02\\x01\\x01\\x03"...' in text   # the ELF header, -x, -s 8
    assert "</" not in text.split("\n", 1)[1]                       # no -y asked
    rc, err = replay(["--replay", rec, "-s", "1000"])
    assert "more than the 64 bytes captured" in err


def test_replay_json(recorded):
    d, rec, live = recorded
    out = os.path.join(d, "r.json")
    rc, err = replay(["--replay", rec, "--json", "-y", "-o", out])
    objs = [json.loads(ln) for ln in open(out)]
    assert objs[-1]["type"] == "exit" and objs[-1]["exit_code"] == 3
    sys.path.insert(0, os.path.join(ROOT, "tests"))
    from test_json import validate
    for o in objs:
        validate(o)
    assert any(o.get("ret") == "3</etc/hostname>" for o in objs)


@needs_root
def test_replay_keeps_stack_traces(tmp_path):
    rec = str(tmp_path / "k.rec")
    live = str(tmp_path / "live.txt")
    subprocess.run([MY, "-k", "--record", rec, "-o", live, "--", "sh", "-c", "sleep 0.1; echo hi"],
                   stdin=subprocess.DEVNULL, capture_output=True, timeout=120)
    out = str(tmp_path / "replay.txt")
    rc, err = replay(["--replay", rec, "-k", "-o", out])
    text = open(live).read()
    assert " > /" in text
    assert open(out).read() == text
