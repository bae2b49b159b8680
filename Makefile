# my_strace -- common tasks (run as root: eBPF needs it)
PY := /usr/bin/python3

.PHONY: setup test unit e2e parity bench tables

setup:            ## install bcc, kernel headers, strace, pytest (idempotent)
	bash tools/setup.sh

test:             ## every test: unit (no root) and end-to-end against real strace
	./run-tests

unit:             ## unit tests only (no root, no bcc needed)
	$(PY) -m pytest -q -m "not e2e" tests

parity: setup     ## % of strace's lines reproduced on the default corpus
	$(PY) tools/parity.py

bench: setup      ## untraced vs strace vs my_strace, side by side
	$(PY) bench/run.py

tables:           ## regenerate the generated tables
	$(PY) tools/gen_syscall_table.py > syscall_table.py
	$(PY) tools/gen_xlat.py > xlat_data.py
