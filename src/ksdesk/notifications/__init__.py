"""Notices to the people who work the desk: in the app (the bell) and by e-mail, as each chooses."""
