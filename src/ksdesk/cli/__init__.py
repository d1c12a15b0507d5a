"""The `ksdesk` command line."""

from ksdesk.cli.main import app

__all__ = ["app"]
