"""Knowledge Security Desk."""
