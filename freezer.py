"""Backpressure nobody can see: the traced command runs in a cgroup we freeze.

Lossless mode has two levels.  The first is this one: the command my_strace
launches is put (before its exec) in a cgroup v2 of its own, and when the ring
buffer passes a quarter full the consumer, woken at once by the BPF program
(BPF_RB_FORCE_WAKEUP from that level on), freezes the cgroup (`cgroup.freeze`)
and thaws it once drained.  A frozen task is not stopped in the job-control
sense: its parent gets no SIGCHLD, wait() reports nothing, a shell shows no
"Stopped" job.  Children inherit the cgroup, so -f workloads are covered.

The second level, the BPF program's SIGSTOP at half full (tracepoint_raw /
strace.c), remains as the guarantee for when the consumer cannot run in time
(a loaded machine, a tiny ring), and for processes we attach to rather than
launch (never moved to another cgroup).

Without a writable cgroup v2 hierarchy, Freezer.create returns None and only
the second level acts.
"""
import os

PREFIX = "my_strace-"


def cgroup2_root():
    """Mount point of the cgroup v2 hierarchy, or None."""
    try:
        with open("/proc/self/mounts") as f:
            for line in f:
                parts = line.split()
                if len(parts) > 2 and parts[2] == "cgroup2":
                    return parts[1]
    except OSError:
        pass
    return None


def own_cgroup():
    try:
        with open("/proc/self/cgroup") as f:
            for line in f:
                if line.startswith("0::"):
                    return line[3:].strip()
    except OSError:
        pass
    return None


class Freezer:
    def __init__(self, path):
        self.path = path
        self.frozen = False
        self.freezes = 0
        self._fd = os.open(os.path.join(path, "cgroup.freeze"), os.O_WRONLY)

    @classmethod
    def create(cls, pid):
        """Move `pid` (not yet exec'd) into a new cgroup; a Freezer, or None if impossible."""
        root, own = cgroup2_root(), own_cgroup()
        if root is None or own is None:
            return None
        path = os.path.join(root, own.lstrip("/"), f"{PREFIX}{os.getpid()}")
        try:
            os.mkdir(path)
        except FileExistsError:
            pass
        except OSError:
            return None
        try:
            with open(os.path.join(path, "cgroup.procs"), "w") as f:
                f.write(str(pid))
            return cls(path)
        except OSError:
            try:
                os.rmdir(path)
            except OSError:
                pass
            return None

    def freeze(self):
        if not self.frozen:
            os.pwrite(self._fd, b"1", 0)
            self.frozen = True
            self.freezes += 1

    def thaw(self):
        if self.frozen:
            os.pwrite(self._fd, b"0", 0)
            self.frozen = False

    def close(self):
        """Thaw, and remove the cgroup if nothing is left in it (else leave it thawed)."""
        try:
            os.pwrite(self._fd, b"0", 0)
        except OSError:
            pass
        self.frozen = False
        os.close(self._fd)
        try:
            os.rmdir(self.path)
        except OSError:
            pass    # processes the command left running keep it; it is thawed
