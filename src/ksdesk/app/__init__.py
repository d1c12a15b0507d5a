"""The application above the domains: the app factory and the server process, the menu, and the
pages that span domains (the start page, the administration of users and institutions).

The domains (registry, screening, desk, assessment, portfolio) each bring their routers, menu
entries and role sets; web/ is the kit every one of them uses.
"""
