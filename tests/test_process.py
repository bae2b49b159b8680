"""The process model: -f/-ff, pid prefixes, <unfinished ...>/<... resumed>, signals,
ends, -p attach/detach, -u, pid namespaces, tracing under another tracer.

Unit tests feed synthetic records to render.Renderer (no root, no bcc); every
expected line form was observed with real strace 6.1 on this machine (the
command is noted beside it).  End-to-end tests (marker e2e) run real my_strace
with real eBPF, most of them against real strace.
"""
import difflib
import os
import re
import signal
import subprocess
import sys
import time

import pytest

from conftest import ENV, MY_STRACE, run_my_strace, run_strace
import parity
import procs
import render
import syscall_formatters as sf
import syscall_specs
from tracepoint_raw import (CAP_BUF, EV_EXIT, EV_FORK, EV_SIGGEN, EV_SIGNAL, EV_START,
                            EV_SYSCALL, SF_NORETURN, ST_OK, Capture, Record)

SYSCALLS = syscall_specs.build()
NR = {sc.name: nr for nr, sc in SYSCALLS.items()}


# ------------------------------------------------------------------ unit: renderer

class Sink:
    def __init__(self):
        self.text = []

    def __call__(self, s):
        self.text.append(s)

    def lines(self):
        return "".join(self.text).splitlines()


def mk(typ, tid, name=None, args=(), ret=0, pid=None, aux=0, caps=None, flags=0):
    a = tuple(args) + (0,) * (6 - len(args))
    return Record(typ, flags, pid if pid is not None else tid, tid, NR[name] if name else 0,
                  0, 0, a, ret, aux, b"sh", caps or {})


def renderer(sink, **kw):
    kw.setdefault("follow", True)
    kw.setdefault("output_file", True)
    r = render.Renderer(SYSCALLS, sf.Ctx(), sink, root_pid=kw.pop("root", 10),
                        root_status=kw.pop("root_status", lambda: 0), **kw)
    return r


def feed(r, *recs):
    for x in recs:
        r.feed(x)
    r.flush(final=True)


def siginfo_chld(pid, status=0, code=1):
    import struct
    return struct.pack("<iiiiiIiiqq", 17, 0, code, 0, pid, 0, status, 0, 0, 0)


def test_split_index_inputs_then_outputs():
    # strace -f: "wait4(-1,  <unfinished ...>", "read(3,  <unfinished ...>",
    # "rt_sigprocmask(SIG_SETMASK, [],  <unfinished ...>", "close(3 <unfinished ...>"
    k = lambda name: render.split_index(SYSCALLS[NR[name]])[0]
    assert k("wait4") == 1 and k("read") == 1 and k("close") == 1
    assert k("execve") == 3 and k("pipe2") == 0 and k("prlimit64") == 3
    assert render.split_index(SYSCALLS[NR["clock_nanosleep"]]) == (3, True)


def test_whole_line_when_nothing_intervenes():
    s = Sink()
    r = renderer(s)
    feed(r, mk(EV_START, 10, "close", (3,)), mk(EV_SYSCALL, 10, "close", (3,), 0))
    assert s.lines() == ["10    close(3)                          = 0"]


def test_unfinished_and_resumed_when_another_line_intervenes():
    # strace -f -o F sh -c 'ls / | wc -l':
    #   8647  wait4(-1,  <unfinished ...>
    #   8649  exit_group(0)                     = ?
    #   8647  <... wait4 resumed>[{WIFEXITED(s) && WEXITSTATUS(s) == 0}], 0, NULL) = 8649
    s = Sink()
    r = renderer(s)
    r.alive.add(11)
    caps = {1: Capture(CAP_BUF, ST_OK, b"\0\0\0\0", 4)}
    feed(r, mk(EV_START, 10, "wait4", (2**64 - 1, 0x7ffd0000, 0, 0)),
         mk(EV_SYSCALL, 11, "exit_group", (0,), flags=SF_NORETURN),
         mk(EV_EXIT, 11),
         mk(EV_SYSCALL, 10, "wait4", (2**64 - 1, 0x7ffd0000, 0, 0), 11, caps=caps))
    assert s.lines() == [
        "10    wait4(-1,  <unfinished ...>",
        "11    exit_group(0)                     = ?",
        "11    +++ exited with 0 +++",
        "10    <... wait4 resumed>[{WIFEXITED(s) && WEXITSTATUS(s) == 0}], 0, NULL) = 11",
    ]
    merged = parity.merge_resumed(s.lines())
    assert "10    wait4(-1, [{WIFEXITED(s) && WEXITSTATUS(s) == 0}], 0, NULL) = 11" in merged


def test_open_slot_holds_back_later_lines_until_its_exit():
    s = Sink()
    r = renderer(s)
    r.alive.add(11)
    r.feed(mk(EV_START, 10, "close", (3,)))
    r.feed(mk(EV_START, 11, "close", (4,)))
    r.feed(mk(EV_SYSCALL, 11, "close", (4,), 0))
    # close's entry part needs no memory: cut at once, the other line follows
    r.flush()
    assert s.lines() == ["10    close(3 <unfinished ...>", "11    close(4)                          = 0"]
    r.feed(mk(EV_SYSCALL, 10, "close", (3,), 0))
    r.flush(final=True)
    assert s.lines()[-1] == "10    <... close resumed>)              = 0"


def test_killed_in_a_call():
    # strace -o F sleep 7.5, then kill -9:
    #   clock_nanosleep(CLOCK_REALTIME, 0, {tv_sec=7, tv_nsec=500000000},  <unfinished ...>) = ?
    #   +++ killed by SIGKILL +++
    s = Sink()
    r = renderer(s, follow=False, output_file=False, root=None, root_status=None)
    r.alive.add(10)
    ts = {2: Capture(CAP_BUF, ST_OK, (7).to_bytes(8, "little") + (500000000).to_bytes(8, "little"), 16)}
    feed(r, mk(EV_SYSCALL, 10, "clock_nanosleep", (0, 0, 0x7ffd0000, 0x7ffd0010), -516, caps=ts),
         mk(EV_SIGNAL, 10, aux=9), mk(EV_EXIT, 10))
    assert s.lines() == [
        "clock_nanosleep(CLOCK_REALTIME, 0, {tv_sec=7, tv_nsec=500000000},  <unfinished ...>) = ?",
        "+++ killed by SIGKILL +++"]


def test_restart_then_handled_signal_is_a_normal_line():
    s = Sink()
    r = renderer(s, follow=False, output_file=False, root=None, root_status=None)
    r.alive.add(10)
    info = Capture(CAP_BUF, ST_OK, siginfo_chld(12) + b"\0" * 80, 128)
    feed(r, mk(EV_SYSCALL, 10, "pause", (), -514),
         mk(EV_SIGNAL, 10, aux=17, args=(0x5555,), caps={0: info}))
    assert s.lines() == [
        "pause()                                 = ? ERESTARTNOHAND (To be restarted if no handler)",
        "--- SIGCHLD {si_signo=SIGCHLD, si_code=CLD_EXITED, si_pid=12, si_uid=0, si_status=0, "
        "si_utime=0, si_stime=0} ---"]


def test_thread_killed_by_exit_group_exits_with_the_group_code():
    # strace -f -o F python3 (a thread in sleep, main calls os._exit(3)):
    #   24261 exit_group(3)                     = ?
    #   24262 <... clock_nanosleep resumed> <unfinished ...>) = ?
    #   24262 +++ exited with 3 +++
    #   24261 +++ exited with 3 +++
    s = Sink()
    r = renderer(s)
    r.alive.add(11)
    ts = {2: Capture(CAP_BUF, ST_OK, bytes(16), 16)}
    feed(r, mk(EV_START, 11, "clock_nanosleep", (1, 1, 0x7f00, 0), pid=10, caps=ts),
         mk(EV_SYSCALL, 10, "exit_group", (3,), flags=SF_NORETURN),
         mk(EV_EXIT, 10),
         mk(EV_SYSCALL, 11, "clock_nanosleep", (1, 1, 0x7f00, 0), -516, pid=10, caps=ts),
         mk(EV_SIGNAL, 11, aux=9, pid=10),
         mk(EV_EXIT, 11, pid=10))
    assert s.lines() == [
        "11    clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, {tv_sec=0, tv_nsec=0},  <unfinished ...>",
        "10    exit_group(3)                     = ?",
        "11    <... clock_nanosleep resumed> <unfinished ...>) = ?",
        "11    +++ exited with 3 +++",
        "10    +++ exited with 0 +++",   # the root's line comes from its wait status
    ]


def test_prefixes_stderr_appear_and_disappear():
    # strace -f sh -c '/bin/echo a; echo b': [pid N] while two are traced, none after
    s = Sink()
    r = renderer(s, output_file=False)
    feed(r, mk(EV_SYSCALL, 10, "close", (3,)), mk(EV_FORK, 11, aux=10),
         mk(EV_SYSCALL, 11, "close", (4,)), mk(EV_EXIT, 11), mk(EV_SYSCALL, 10, "close", (5,)))
    assert s.lines() == ["close(3)                                = 0",
                         "[pid    11] close(4)                    = 0",
                         "[pid    11] +++ exited with 0 +++",
                         "close(5)                                = 0"]


def test_attach_message_lands_inside_an_open_call():
    # strace -f sh -c '/bin/true' (stderr): "vfork(strace: Process 22586 attached\n <unfinished ...>"
    s = Sink()
    r = renderer(s, output_file=False, messages=True)
    feed(r, mk(EV_START, 10, "vfork"), mk(EV_FORK, 11, aux=10))
    assert "".join(s.text) == "vfork(my_strace: Process 11 attached\n <unfinished ...>\n"


def test_decode_pids_comm():
    # strace -f -Y: "[pid   959<sh>] ..." on stderr, "971<true> ..." in a file
    s = Sink()
    r = renderer(s, output_file=False, decode_pids_comm=True, always_show_pid=True)
    feed(r, mk(EV_SYSCALL, 959, "close", (3,)))
    assert s.lines()[0].startswith("[pid   959<sh>] close(3)")
    s = Sink()
    r = renderer(s, decode_pids_comm=True)
    feed(r, mk(EV_SYSCALL, 971, "close", (3,)))
    assert s.lines()[0].startswith("971<sh> close(3)")


def test_ignored_sigchld_follows_the_parents_call():
    # strace -f: "<... wait4 resumed>... = 8648" then "--- SIGCHLD {...si_pid=8648...} ---"
    s = Sink()
    r = renderer(s)
    info = Capture(CAP_BUF, ST_OK, siginfo_chld(11), 48)
    caps = {1: Capture(CAP_BUF, ST_OK, b"\0\0\0\0", 4)}
    feed(r, mk(EV_FORK, 11, aux=10), mk(EV_START, 10, "wait4", (2**64 - 1, 0x7f00, 0, 0)),
         mk(EV_EXIT, 11), mk(EV_SIGGEN, 11, aux=17, caps={0: info}, args=(0, 0, 0, 0, 1)),
         mk(EV_SYSCALL, 10, "wait4", (2**64 - 1, 0x7f00, 0, 0), 11, caps=caps))
    got = s.lines()
    assert got[-2].startswith("10    <... wait4 resumed>")
    assert got[-1] == ("10    --- SIGCHLD {si_signo=SIGCHLD, si_code=CLD_EXITED, si_pid=11, "
                       "si_uid=0, si_status=0, si_utime=0, si_stime=0} ---")


def test_child_end_from_its_sigchld():
    # strace -f -e trace=none sh -c 'sh -c "kill -SEGV \$\$"' (ulimit -c unlimited):
    #   +++ killed by SIGSEGV (core dumped) +++ ; the end waits for the SIGCHLD's siginfo
    s = Sink()
    r = renderer(s)
    info = Capture(CAP_BUF, ST_OK, siginfo_chld(11, 11, 3), 48)
    r.feed(mk(EV_FORK, 11, aux=10))
    r.feed(mk(EV_EXIT, 11))
    r.flush()
    assert s.lines() == []
    r.feed(mk(EV_SIGGEN, 11, aux=17, caps={0: info}, args=(0, 0, 0, 0, 0)))
    r.flush(final=True)
    assert s.lines() == ["11    +++ killed by SIGSEGV (core dumped) +++"]


def test_separate_files_have_no_prefix_and_no_unfinished(tmp_path):
    base = str(tmp_path / "t")
    files = procs.SeparateFiles(base)
    r = render.Renderer(SYSCALLS, sf.Ctx(), None, follow=True, output_file=True, root_pid=10,
                        root_status=lambda: 0, writer_for=files.writer)
    feed(r, mk(EV_START, 10, "close", (3,)), mk(EV_FORK, 11, aux=10),
         mk(EV_SYSCALL, 11, "close", (4,)), mk(EV_SYSCALL, 10, "close", (3,)),
         mk(EV_EXIT, 11))
    files.close()
    assert open(base + ".10").read() == "close(3)                                = 0\n"
    assert open(base + ".11").read().splitlines() == [
        "close(4)                                = 0", "+++ exited with 0 +++"]


def test_superseded_by_execve():
    s = Sink()
    r = renderer(s, root=None, root_status=None)
    r.alive.update({10, 11})
    feed(r, mk(render.EV_ENTER if hasattr(render, "EV_ENTER") else 2, 11, "execve",
               (0, 0, 0), pid=10), mk(EV_EXIT, 10))
    assert "10    +++ superseded by execve in pid 11 +++" in s.lines()


# ------------------------------------------------------------------ unit: procs

def test_parse_pids():
    assert procs.parse_pids(["12,13", "14 15", "12"]) == [12, 13, 14, 15]
    with pytest.raises(procs.ProcError, match="Invalid process id: 'abc'"):
        procs.parse_pids(["abc"])


def test_attach_set_threads_and_tree():
    me = os.getpid()
    assert procs.attach_set([me], False, False) == [(me, [me])]
    (pid, tids), = procs.attach_set([me], True, False)
    assert tids[0] == me and set(tids) == {int(t) for t in os.listdir(f"/proc/{me}/task")}
    p = subprocess.Popen(["sleep", "5"])
    try:
        assert p.pid in [q for q, _ in procs.attach_set([me], False, True)]
    finally:
        p.kill()
        p.wait()
    with pytest.raises(procs.ProcError, match=r"attach: ptrace\(PTRACE_SEIZE, 999999999\): "
                                              "No such process"):
        procs.attach_set([999999999], False, False)


def test_user_credentials():
    assert procs.user_credentials("root")[:2] == (0, 0)
    with pytest.raises(procs.ProcError, match="Cannot find user 'nosuchuser'"):
        procs.user_credentials("nosuchuser")


def test_bad_pid_and_user_messages():
    # strace -p abc: "strace: Invalid process id: 'abc'", status 1
    r = run_my_strace(["-p", "abc"])
    assert (r.returncode, r.stderr) == (1, "my_strace: Invalid process id: 'abc'\n")
    r = run_my_strace(["-u", "nosuchuser", "true"])
    assert (r.returncode, r.stderr) == (1, "my_strace: Cannot find user 'nosuchuser'\n")


# ------------------------------------------------------------------ e2e

THREADS = """
import os, threading
os.write(1, b"main=%d\\n" % os.getpid())
b = threading.Barrier(3)
def f():
    b.wait()
    os.write(1, b"tid=%d\\n" % threading.get_native_id())
ts = [threading.Thread(target=f) for _ in range(3)]
for t in ts: t.start()
for t in ts: t.join()
"""


def join_messages(lines):
    """Drop 'Process N attached' messages, also from inside a call's line:
    "vfork(strace: Process 22586 attached" + " <unfinished ...>" (strace -f on stderr)."""
    joined = []
    for ln in lines:
        if ln == " <unfinished ...>" and joined:
            joined[-1] = re.sub(r"(my_)?strace: Process \d+ attached$", "", joined[-1]) + ln
        elif not re.match(r"^(my_)?strace: Process \d+ attached$", ln):
            joined.append(ln)
    return joined


def merged_pairs_ok(lines, pfx, root=None):
    """Every <unfinished ...> of a pid is resumed (or killed) later by the same pid."""
    open_ = {}
    for ln in join_messages(lines):
        m = re.match(pfx + r"(.*)$", ln)
        if m:
            pid, rest = m.group(1), m.group(2)
        else:           # stderr: no prefix while a single task is traced
            pid, rest = root, ln
        r = re.match(r"<\.\.\. (\w+) resumed>", rest)
        if r:
            assert open_.pop(pid, None) == r.group(1), ln
        if rest.endswith(" <unfinished ...>"):
            assert pid not in open_, ln
            open_[pid] = re.match(r"(\w+)\(", rest).group(1)
    assert not open_


@pytest.mark.e2e
def test_threads_prefixes_and_merge(tmp_path):
    prog = tmp_path / "thr.py"
    prog.write_text(THREADS)
    out = tmp_path / "my"
    r = run_my_strace(["-f", "-o", str(out), "/usr/bin/python3", str(prog)])
    assert r.returncode == 0
    lines = out.read_text().splitlines()
    assert all(re.match(r"^\d+ +\S", ln) for ln in lines)
    writes = [ln for ln in lines if "write(1, \"tid=" in ln or
              re.match(r"^\d+ +<\.\.\. write resumed>", ln)]
    merged = parity.merge_resumed(lines)
    tids = sorted(set(re.findall(r"tid=(\d+)", r.stdout)))
    assert len(tids) == 3
    for tid in tids:
        mine = [ln for ln in merged if f'write(1, "tid={tid}\\n"' in ln]
        n = len(f"tid={tid}\n")
        assert len(mine) == 1 and mine[0].startswith(f"{tid} ") and mine[0].endswith(f"= {n}"), writes
        # each thread's own end
        assert any(re.match(rf"^{tid} +\+\+\+ exited with 0 \+\+\+$", ln) for ln in lines)
    merged_pairs_ok(lines, r"^(\d+) +")
    # stderr form: [pid N] prefixes on the threads' lines
    r = run_my_strace(["-f", "/usr/bin/python3", str(prog)])
    for tid in re.findall(r"tid=(\d+)", r.stdout):
        assert re.search(rf"^\[pid +{tid}\] ", r.stderr, re.M)
    merged_pairs_ok(r.stderr.splitlines(), r"^\[pid +(\d+)\] ", root=re.search(r"main=(\d+)", r.stdout).group(1))
    # against strace: the same merged write/exit lines per thread, pids normalised
    ref = tmp_path / "ref"
    run_strace(["-f", "-o", str(ref), "/usr/bin/python3", str(prog)])

    def keep(ls):
        ls = parity.merge_resumed(ls)
        return sorted(ln for ln in parity.normalise(ls)
                      if re.search(r"write\(1|\+\+\+|exit_group", ln))
    mine_k, ref_k = keep(lines), keep(ref.read_text().splitlines())
    assert mine_k == ref_k, "\n".join(difflib.unified_diff(ref_k, mine_k, lineterm=""))


SIGCHLD_CMDS = ["sh -c '/bin/true; /bin/true'",
                "/usr/bin/python3 -c 'import subprocess; subprocess.run([\"true\"])'",
                "sh -c 'sleep 0.1 & wait'"]


@pytest.mark.e2e
@pytest.mark.parametrize("cmd", SIGCHLD_CMDS)
def test_sigchld_lines_equal_strace(tmp_path, cmd):
    import shlex

    def sig_lines(tracer):
        f = tmp_path / tracer
        subprocess.run([MY_STRACE if tracer == "my" else "strace", "-f", "-o", str(f)]
                       + shlex.split(cmd), env=ENV, timeout=120, stdin=subprocess.DEVNULL,
                       capture_output=True)
        return [ln for ln in parity.normalise(f.read_text().splitlines()) if " --- " in ln]
    assert sig_lines("my") == sig_lines("strace")


@pytest.mark.e2e
def test_killed_by_sigterm_exit_status(tmp_path):
    r = subprocess.run(f"{MY_STRACE} sh -c 'kill -TERM $$'; echo status=$?", shell=True,
                       capture_output=True, text=True, timeout=120, env=ENV)
    assert r.stdout.strip().endswith("status=143")
    lines = [ln for ln in r.stderr.splitlines() if ln != "Terminated"]   # the shell's
    assert lines[-1] == "+++ killed by SIGTERM +++"
    assert re.match(r"--- SIGTERM \{si_signo=SIGTERM, si_code=SI_USER, si_pid=\d+, si_uid=0\} ---$",
                    lines[-2])


@pytest.mark.e2e
def test_pid_namespace_trace_is_complete(tmp_path):
    cmd = ["unshare", "--pid", "--fork", "--mount-proc"]
    prog = ["sh", "-c", "echo hi; /bin/true"]
    mine = subprocess.run(cmd + [MY_STRACE, "-f", "-o", str(tmp_path / "my")] + prog,
                          capture_output=True, text=True, timeout=120, env=ENV)
    subprocess.run(cmd + ["strace", "-f", "-o", str(tmp_path / "ref")] + prog,
                   capture_output=True, text=True, timeout=120, env=ENV)
    assert mine.returncode == 0 and mine.stdout == "hi\n"
    my_lines = (tmp_path / "my").read_text().splitlines()

    def names(lines):
        ls = parity.merge_resumed(lines)
        return sorted(re.sub(r"^\d+ +", "", ln).split("(")[0].split(" {")[0] for ln in ls)
    assert names(my_lines) == names((tmp_path / "ref").read_text().splitlines())
    # pids as seen inside the namespace: my_strace is 1 there, the shell 2
    assert re.match(r'^2 +execve\("/usr/bin/sh", \["sh", "-c", "echo hi; /bin/true"\]', my_lines[0])
    assert any(re.match(r'^\d+ +execve\("/bin/true", \["/bin/true"\]', ln) for ln in my_lines)
    assert any(re.match(r'^2 +write\(1, "hi\\n", 3\) += 3$', ln) for ln in my_lines)
    assert my_lines[-1] == "2     +++ exited with 0 +++"


@pytest.mark.e2e
def test_attach_to_a_looping_script_and_detach(tmp_path):
    script = tmp_path / "loop.sh"
    script.write_text("while true; do /bin/true; sleep 0.1; done\n")
    loop = subprocess.Popen(["sh", str(script)])
    try:
        time.sleep(0.2)
        out = tmp_path / "trace"
        my = subprocess.Popen([MY_STRACE, "-f", "-p", str(loop.pid), "-o", str(out)],
                              stderr=subprocess.PIPE, text=True, env=ENV)
        first = my.stderr.readline()     # printed once the BPF programs are attached
        time.sleep(1.5)
        my.send_signal(signal.SIGINT)
        my.wait(timeout=60)
        err = my.stderr.read()     # (communicate() would miss what readline() buffered)
        err = first + err
        assert my.returncode == -signal.SIGINT
        assert loop.poll() is None, "the traced script must survive the detach"
        assert f"my_strace: Process {loop.pid} attached" in err
        assert f"my_strace: Process {loop.pid} detached" in err
        text = out.read_text()
        assert re.search(r'^\d+ +execve\("/bin/true", \["/bin/true"\]', text, re.M)
        assert re.search(rf"^{loop.pid} +--- SIGCHLD ", text, re.M)
        assert re.search(r"^\d+ +\+\+\+ exited with 0 \+\+\+$", text, re.M)
    finally:
        loop.kill()
        loop.wait()


@pytest.mark.e2e
def test_program_under_strace_is_traced_unchanged(tmp_path):
    f = tmp_path / "file.txt"
    f.write_text("hello from the file\n")
    r = run_my_strace(["-f", "strace", "-o", "/dev/null", "cat", str(f)])
    assert r.returncode == 0 and r.stdout == "hello from the file\n"
    assert re.search(rf'^\[pid +\d+\] openat\(AT_FDCWD, "{f}", O_RDONLY\) += 3$', r.stderr, re.M)
    assert re.search(r'^\[pid +\d+\] write\(1, "hello from the file\\n", 20\) += 20$',
                     r.stderr, re.M)


@pytest.mark.e2e
def test_ff_one_file_per_process(tmp_path):
    base = tmp_path / "t"
    r = run_my_strace(["-ff", "-o", str(base), "sh", "-c", "/bin/true"])
    assert r.returncode == 0
    files = sorted(tmp_path.glob("t.*"))
    assert len(files) == 2
    for p in files:
        lines = p.read_text().splitlines()
        assert lines[-1] == "+++ exited with 0 +++"
        assert not any(re.match(r"^(\d+ |\[pid)", ln) or "unfinished" in ln for ln in lines)


@pytest.mark.e2e
def test_run_as_user(tmp_path):
    r = run_my_strace(["-u", "nobody", "id", "-u"])
    assert r.returncode == 0
    import pwd
    assert r.stdout.strip() == str(pwd.getpwnam("nobody").pw_uid)
    assert r.stderr.startswith('execve("/usr/bin/id", ["id", "-u"]')


THREAD_EXEC = """
import threading, os, time
def f():
    os.execv("/bin/true", ["true"])
threading.Thread(target=f).start()
time.sleep(5)
"""


@pytest.mark.e2e
def test_thread_execve_supersedes_the_leader(tmp_path):
    # strace -f: "420 +++ superseded by execve in pid 428 +++", "420 <... execve resumed>) = 0"
    prog = tmp_path / "texec.py"
    prog.write_text(THREAD_EXEC)
    out = tmp_path / "my"
    r = run_my_strace(["-f", "-o", str(out), "/usr/bin/python3", str(prog)])
    assert r.returncode == 0
    text = out.read_text()
    m = re.search(r"^(\d+) +\+\+\+ superseded by execve in pid (\d+) \+\+\+$", text, re.M)
    assert m, text[-2000:]
    leader, thread = m.groups()
    assert re.search(rf'^{thread} +execve\("/bin/true", \["true"\], ', text, re.M)
    assert re.search(rf"^{leader} +<\.\.\. execve resumed>\) += 0$", text, re.M)
    assert text.splitlines()[-1] == f"{leader:<5} +++ exited with 0 +++"


@pytest.mark.e2e
def test_attach_tree_takes_existing_descendants(tmp_path):
    script = tmp_path / "loop.sh"
    script.write_text("while true; do /bin/true; sleep 0.1; done\n")
    outer = subprocess.Popen(["sh", "-c", f"sh {script}; true"])
    try:
        time.sleep(0.3)
        inner = procs.descendants(outer.pid)
        assert inner
        out = tmp_path / "trace"
        my = subprocess.Popen([MY_STRACE, "-p", str(outer.pid), "--tree", "-o", str(out)],
                              stderr=subprocess.PIPE, text=True, env=ENV)
        first = my.stderr.readline()
        time.sleep(1.0)
        my.send_signal(signal.SIGINT)
        my.wait(timeout=60)
        err = my.stderr.read()     # (communicate() would miss what readline() buffered)
        err = first + err
        assert f"my_strace: Process {outer.pid} attached" in err
        assert f"my_strace: Process {inner[0]} attached" in err
        assert outer.poll() is None
        # the inner shell's own calls (it forks and waits), with its pid prefix
        assert re.search(rf"^\[pid +{inner[0]}\] (clone|wait4|vfork)\(", open(out).read(), re.M) \
            or re.search(rf"^{inner[0]} +(clone|wait4|vfork)\(", open(out).read(), re.M)
    finally:
        for p in procs.descendants(outer.pid):
            try:
                os.kill(p, signal.SIGKILL)
            except OSError:
                pass
        outer.kill()
        outer.wait()


@pytest.mark.e2e
def test_attach_inside_a_pid_namespace(tmp_path):
    # /proc there shows the namespace's pids; the BPF side joins them by those ids
    script = tmp_path / "loop.sh"
    script.write_text("while true; do /bin/true; sleep 0.1; done\n")
    out = tmp_path / "trace"
    driver = tmp_path / "drive.sh"
    driver.write_text(f"""
sh {script} & L=$!
sleep 0.3
{MY_STRACE} -f -p $L -o {out} 2>{tmp_path}/err & M=$!
until grep -q attached {tmp_path}/err; do sleep 0.1; done
sleep 1.5
kill -INT $M; wait $M; echo status=$?
kill -0 $L && echo alive
kill $L
""")
    r = subprocess.run(["unshare", "--pid", "--fork", "--mount-proc", "sh", str(driver)],
                       capture_output=True, text=True, timeout=120, env=ENV)
    assert "status=130" in r.stdout and "alive" in r.stdout
    assert "my_strace: Process 2 attached" in (tmp_path / "err").read_text()
    assert re.search(r'^\d+ +execve\("/bin/true", \["/bin/true"\]', out.read_text(), re.M)


def test_detach_forms():
    # strace -f -o F -p PID (3 threads in clock_nanosleep), then SIGINT:
    #   811   clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, {...},  <unfinished ...>
    #   813   clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, {...},  <unfinished ...>
    #   814   clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, {...},  <detached ...>
    s = Sink()
    r = renderer(s, root=None, root_status=None)
    r.alive.update({811, 813, 814})
    ts = {2: Capture(CAP_BUF, ST_OK, bytes(16), 16)}
    for t in (811, 813, 814):
        r.feed(mk(EV_START, t, "clock_nanosleep", (1, 1, 0x7f00, 0), pid=811, caps=ts))
    assert r.detach_all(quiet=1) == [811, 813, 814]
    head = "clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, {tv_sec=0, tv_nsec=0}, "
    assert s.lines() == [f"811   {head} <unfinished ...>", f"813   {head} <unfinished ...>",
                         f"814   {head} <detached ...>"]


def test_blocked_call_and_its_entry_memory():
    p = subprocess.Popen(["sleep", "5"])
    try:
        for _ in range(50):
            call = procs.blocked_call(p.pid)
            if call and call[0] == NR["clock_nanosleep"]:
                break
            time.sleep(0.05)
        nr, args = call
        caps = procs.read_entry_caps(p.pid, SYSCALLS[nr], args, 32)
        assert caps[2].data == (5).to_bytes(8, "little") + bytes(8)
    finally:
        p.kill()
        p.wait()
