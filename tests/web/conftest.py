from tests.webtools import anonymous, api, app, browser, make_collaboration, partner  # noqa: F401
