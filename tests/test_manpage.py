"""my_strace.1 documents every option the parser accepts, and renders."""
import argparse
import os
import re
import shutil
import subprocess
import sys

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)

import cli  # noqa: E402

MAN = os.path.join(ROOT, "my_strace.1")


def options():
    for a in cli.build_parser()._actions:
        if a.help == argparse.SUPPRESS:
            continue
        yield from a.option_strings


def man_text():
    with open(MAN) as f:
        raw = f.read()
    # troff escapes: \- is a minus, \f? font changes, \& zero-width
    return re.sub(r"\\f[BIRP]|\\&", "", raw.replace("\\-", "-"))


@pytest.mark.parametrize("opt", sorted(set(options())))
def test_every_option_is_in_the_man_page(opt):
    text = man_text()
    assert re.search(r"(?<![\w-])" + re.escape(opt) + r"(?![\w-])", text), \
        f"{opt} is not documented in my_strace.1"


@pytest.mark.skipif(not shutil.which("groff"), reason="groff not installed")
def test_renders_without_errors():
    p = subprocess.run(["groff", "-man", "-Tutf8", "-z", "-wmac", MAN], capture_output=True,
                       text=True)
    assert p.returncode == 0 and "error" not in p.stderr, p.stderr


def test_help_has_examples_for_extras():
    h = cli.build_parser().format_help()
    for s in ("-y cat", "--json", "--record", "--replay", "-k"):
        assert s in h
