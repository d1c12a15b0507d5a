"""Jinja2 rendering: one environment per language, so translations are fixed per environment
and never swapped under a concurrent request.

The kit's own templates (the page frame, the macros, the error and sign-in pages) live here; every
feature keeps its pages in its own package, under `templates/<feature>/`, and the application names
those packages when it builds the templates. A page is found by the same name wherever it lives
("desk/queue.html"), so a feature's pages extend and import the kit's as before."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import partial
from pathlib import Path
from urllib.parse import urlencode

from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import (
    BaseLoader,
    BytecodeCache,
    ChoiceLoader,
    Environment,
    FileSystemLoader,
    PackageLoader,
    StrictUndefined,
    select_autoescape,
)
from jinja2.bccache import Bucket

from ksdesk import vocab
from ksdesk.country_names import name_in, with_country_names
from ksdesk.settings import get_settings
from ksdesk.web import csrf, i18n
from ksdesk.web.deps import language
from ksdesk.web.navigation import NavEntry, main_navigation

TEMPLATES_DIR = Path(__file__).resolve().parent / "templates"

VOCABULARY = {
    "ROLE_LABELS": vocab.ROLE_LABELS,
    "MINISTRY_LABELS": vocab.MINISTRY_LABELS,
    "NAME_KIND_LABELS": vocab.NAME_KIND_LABELS,
    "ORGANISATION_TYPE_LABELS": vocab.ORGANISATION_TYPE_LABELS,
    "FORM_LABELS": vocab.FORM_LABELS,
    "STATUS_LABELS": vocab.STATUS_LABELS,
    "PARTNER_ROLE_LABELS": vocab.PARTNER_ROLE_LABELS,
    "FACILITIES_LABELS": vocab.FACILITIES_LABELS,
    "DIRECTION_LABELS": vocab.DIRECTION_LABELS,
    "AGREEMENT_ITEMS": vocab.AGREEMENT_ITEMS,
    "IKT_LABELS": vocab.IKT_LABELS,
}

# Status badges: the word says the status; the colour only repeats it.
# The Utrecht badge variants; ksdesk.css gives them the Rijkshuisstijl theme's colours.
STATUS_BADGE = {
    "draft": "neutral",
    "under_review": "warning",
    "approved": "success",
    "approved_with_conditions": "success",
    "declined": "danger",
    "active": "active",
    "ended": "neutral",
}


def _label(mapping: dict, key, gettext) -> str:
    label = mapping.get(key)
    if label is None:
        try:
            label = next(v for k, v in mapping.items() if str(k) == str(key))
        except StopIteration:
            return str(key) if key is not None else ""
    return gettext(label)


def _url_with(request: Request, **changes) -> str:
    params = dict(request.query_params)
    for key, value in changes.items():
        if value is None:
            params.pop(key, None)
        else:
            params[key] = str(value)
    return f"{request.url.path}?{urlencode(params)}" if params else request.url.path


def _loader(packages: Sequence[str]) -> BaseLoader:
    """The kit's folder first, then each feature package's `templates` folder."""
    return ChoiceLoader([FileSystemLoader(TEMPLATES_DIR), *(PackageLoader(package) for package in packages)])


class _CompiledOnce(BytecodeCache):
    """Compiled templates shared by the environments of every language: a template compiles
    to the same code whatever language renders it (the words are looked up as it renders),
    so a server compiles each page once at start-up, not once per language."""

    def __init__(self) -> None:
        self._compiled: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        if bucket.key in self._compiled:
            bucket.bytecode_from_string(self._compiled[bucket.key])

    def dump_bytecode(self, bucket: Bucket) -> None:
        self._compiled[bucket.key] = bucket.bytecode_to_string()


def _environment(lang: str, packages: Sequence[str] = (), compiled: BytecodeCache | None = None) -> Environment:
    env = Environment(
        loader=_loader(packages),
        bytecode_cache=compiled,
        autoescape=select_autoescape(["html"]),
        extensions=["jinja2.ext.i18n"],
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        # Templates are part of the release, like the code: an edit shows after a restart. Checking
        # each template file's time stamp on every render (a page and its imports: four or five
        # stat calls) buys nothing in production.
        auto_reload=False,
    )
    translations = i18n.translations(lang)
    env.install_gettext_translations(translations, newstyle=True)  # type: ignore[attr-defined]  # added by jinja2.ext.i18n
    env.globals.update(VOCABULARY)
    env.globals["STATUS_BADGE"] = STATUS_BADGE
    env.globals["lang"] = lang
    env.filters["date"] = partial(i18n.format_date, language=lang)
    env.filters["datetime"] = partial(i18n.format_datetime, language=lang)
    env.filters["number"] = partial(i18n.format_number, language=lang)
    env.filters["fid"] = lambda key: str(key).replace(".", "-")
    env.filters["label"] = lambda key, mapping: _label(mapping, key, translations.gettext)
    # An organisation or institution by the name the page's reader knows it by.
    env.filters["org_name"] = lambda organisation: organisation.name_in(lang)
    # A country by its name in the reader's language, for a code; and the same for the codes among
    # a message's parameters (those named "country" or "…_country"), so that no sentence shows "CN".
    env.filters["country"] = partial(name_in, language=lang)
    env.filters["countries_named"] = partial(with_country_names, language=lang)
    return env


class Templates:
    def __init__(self, navigation: Iterable[NavEntry] = (), packages: Sequence[str] = ()) -> None:
        """`packages`: the packages (dotted names) whose `templates` folder holds pages."""
        compiled = _CompiledOnce()
        self.environments = {lang: _environment(lang, packages, compiled) for lang in i18n.LANGUAGES}
        self.navigation = tuple(navigation)

    def preload(self) -> int:
        """Compiles every page template in every language now, rather than on the first request
        for each (up to a few hundred milliseconds for a large page); returns how many."""
        compiled = 0
        for environment in self.environments.values():
            for name in environment.list_templates(extensions=["html"]):
                environment.get_template(name)
                compiled += 1
        return compiled

    def render(self, request: Request, template: str, context: dict | None = None, status_code: int = 200):
        lang = language(request)
        user = getattr(request.state, "user", None)
        context = dict(context or {})
        context.setdefault("breadcrumbs", [])
        context.setdefault("form_errors", {})
        context.setdefault("values", {})
        page = {
            "request": request,
            "user": user,
            "csrf_token": csrf.form_token(request),
            "navigation": main_navigation(self.navigation, user, request.url.path),
            "url_with": partial(_url_with, request),
            "settings": get_settings(),
            **context,
        }
        html = self.environments[lang].get_template(template).render(page)
        response = HTMLResponse(html, status_code=status_code)
        response.headers["Content-Language"] = lang
        new_cookie = getattr(request.state, "new_csrf_cookie", None)
        if new_cookie and request.cookies.get(csrf.CSRF_COOKIE) != new_cookie:
            set_cookie(response, csrf.CSRF_COOKIE, new_cookie, max_age=None)
        return response


def set_cookie(response, name: str, value: str, *, max_age: int | None, http_only: bool = True) -> None:
    response.set_cookie(
        name, value, max_age=max_age, httponly=http_only, secure=get_settings().cookie_secure,
        samesite="lax", path="/",
    )


def templates(request: Request) -> Templates:
    return request.app.state.templates
