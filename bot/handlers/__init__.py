"""One module per user-facing flow; each exports ``COMMANDS`` and maybe ``HANDLERS``."""
