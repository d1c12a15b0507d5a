"""Knowledge Security Desk."""

from ksdesk import lazy_parts

lazy_parts.install()
