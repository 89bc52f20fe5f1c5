"""The pages: Jinja2 templates with autoescape, the texts of every language handed to the
page's scripts in a data attribute (no inline script: the CSP forbids it)."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

import jinja2
from aiohttp import web

from webapp.context import state_of
from webapp.payload import web_texts

TEMPLATES = Path(__file__).parent / "templates"
STATIC = Path(__file__).parent / "static"
TELEGRAM_JS = "https://telegram.org/js/telegram-web-app.js"


@cache
def environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=True,  # every value, in every template
        trim_blocks=True,
        lstrip_blocks=True,
    )


def texts_json(request: web.Request) -> str:
    return json.dumps(web_texts(state_of(request).services.catalogs), ensure_ascii=False)


def render(request: web.Request, template: str, **values: object) -> web.Response:
    """A page from its template: the base path, Telegram's script and the texts are there."""
    html = (
        environment()
        .get_template(template)
        .render(
            base=state_of(request).base,
            telegram_js=TELEGRAM_JS,
            texts=texts_json(request),
            **values,
        )
    )
    return web.Response(text=html, content_type="text/html", headers={"Cache-Control": "no-cache"})


async def shell(request: web.Request) -> web.Response:
    """The participant's app: one page, its views drawn by the scripts from the API."""
    return render(request, "app.html")


async def console(request: web.Request) -> web.Response:
    """The organisers' console: its data only through /api/org/, checked on every call."""
    return render(request, "org.html")


async def service_worker(request: web.Request) -> web.FileResponse:
    """Served from the base path so that its scope is the whole app."""
    return web.FileResponse(
        STATIC / "sw.js",
        headers={"Content-Type": "text/javascript", "Cache-Control": "no-cache"},
    )


def setup(app: web.Application, base: str) -> None:
    app.router.add_get(base, shell)
    app.router.add_get(base + "org/", console)
    app.router.add_get(base + "sw.js", service_worker)
