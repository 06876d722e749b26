"""Rendering an email from its template folder `templates/<name>/{subject.txt,body.txt,body.html}` (Jinja2).

The HTML part is autoescaped; the text parts are not, since they are never read as markup.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, TemplateNotFound, select_autoescape

from dailypapers.email.message import OutgoingEmail

TEMPLATES = Path(__file__).parent / "templates"


def render_email(name: str, *, to: str, context: dict[str, Any]) -> OutgoingEmail:
    environment = _environment()
    subject = environment.get_template(f"{name}/subject.txt").render(context)
    text = environment.get_template(f"{name}/body.txt").render(context)
    try:
        html: str | None = environment.get_template(f"{name}/body.html").render(context)
    except TemplateNotFound:
        html = None
    # A header cannot hold a line break; a template that ends with one should not fail the send.
    return OutgoingEmail(to=to, subject=" ".join(subject.split()), text=text, html=html)


@cache
def _environment() -> Environment:
    return Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(enabled_extensions=("html",), default_for_string=False),
        undefined=StrictUndefined,  # a missing value is a bug to see in tests, not a blank in someone's inbox
        keep_trailing_newline=True,
    )
