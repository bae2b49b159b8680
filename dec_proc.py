"""Decoders for proc syscalls: spec rows (merged by syscall_specs) and formatters
(registered in syscall_formatters.FORMATTERS with @sf.kind)."""
import syscall_formatters as sf  # noqa: F401

# syscall name -> argument kinds (overrides syscall_specs.SPECS)
SPECS = {}
# syscall name -> return kind
RETURNS = {}
# kind name -> function(param) -> syscall_specs.CapSpec, for new kinds that capture memory
CAPTURES = {}
