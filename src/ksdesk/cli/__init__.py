"""The `ksdesk` command line."""

from ksdesk.cli.main import app, main

__all__ = ["app", "main"]
