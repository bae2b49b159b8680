"""--color: failed calls in red, signals in yellow (auto: only on a terminal).

Works on finished lines, so it needs nothing from the renderer: the write
function it wraps receives whole lines.  NO_COLOR (https://no-color.org) in
the environment turns 'auto' off.
"""
import os
import re

RED, YELLOW, RESET = "\033[31m", "\033[33m", "\033[0m"

_FAILED = re.compile(r"= (?:-1 (?:E[A-Z0-9]+|\(errno \d+\))|\? E[A-Z]+)(?: \(.*\))?(?: <\d+\.\d+>)?$")
_SIGNAL = re.compile(r"^(?:\[pid +\d+\] |\d+ +)?(?:[\d:. ()+]+ )?(?:--- |\+\+\+ killed by )")


def enabled(mode, stream):
    """mode: 'auto', 'always' or 'never'; stream: the file the trace goes to."""
    if mode == "always":
        return True
    if mode == "never":
        return False
    if os.environ.get("NO_COLOR"):
        return False
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def paint(line):
    """One line (without its newline) with colour codes added where they apply."""
    if _SIGNAL.match(line):
        return YELLOW + line + RESET
    if _FAILED.search(line):
        return RED + line + RESET
    return line


def wrap(write):
    def write_color(s):
        if "\n" not in s[:-1]:
            nl = s.endswith("\n")
            write(paint(s[:-1] if nl else s) + ("\n" if nl else ""))
            return
        write("".join(paint(ln) + "\n" for ln in s.splitlines()))
    return write_color
