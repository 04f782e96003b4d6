"""The translation API: domains, placeholders, Jinja newstyle gettext and language choice."""

from __future__ import annotations

import pytest
from jinja2 import DictLoader, Environment, select_autoescape

from app.core.problems import AppError, NotFound
from app.i18n import Domain, install_gettext, negotiate, translations
from app.i18n.catalogues import N_


def test_unknown_domain_or_language_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown message domain"):
        Domain("nowhere")
    with pytest.raises(ValueError, match="no catalogue"):
        translations("fr", "catalogue")


def test_a_message_without_translation_reads_as_its_english_msgid() -> None:
    studio = Domain("studio")
    assert studio.tr("ar", "Not a message of %(name)s", name="x") == "Not a message of x"
    assert studio.both("Plain") == {"ar": "Plain", "en": "Plain"}
    assert N_("marked") == "marked"


def test_jinja_reads_the_language_of_each_render() -> None:
    env = Environment(
        loader=DictLoader({"p.html": "{{ _('Next page') }}|{{ _('%(n)s <b>', n='<i>') }}"}),
        autoescape=select_autoescape(["html"]),
    )
    install_gettext(env, "catalogue")
    page = env.get_template("p.html")
    ar = page.render(lang="ar")
    en = page.render(lang="en")
    assert en.startswith("Next page|")
    assert ar.split("|")[0] == Domain("catalogue").tr("ar", "Next page")
    assert en.endswith("&lt;i&gt; <b>")  # the parameter is escaped, the message is not


@pytest.mark.parametrize(
    ("explicit", "cookie", "header", "lang"),
    [
        ("en", "ar", "ar", "en"),
        (None, "en", "ar", "en"),
        ("fr", "xx", "en-GB,ar;q=0.5", "en"),
        (None, None, "fr, ar;q=0.2, en;q=0.1", "ar"),
        (None, None, None, "ar"),
    ],
)
def test_negotiate_prefers_the_choice_then_the_cookie_then_the_browser(
    explicit: str | None, cookie: str | None, header: str | None, lang: str
) -> None:
    assert negotiate(explicit, header, cookie) == lang


def _subclasses(cls: type[AppError]) -> list[type[AppError]]:
    found: list[type[AppError]] = []
    for sub in cls.__subclasses__():
        found += [sub, *_subclasses(sub)]
    return found


def test_every_problem_title_reads_in_arabic() -> None:
    """A problem class whose title is not marked `P_` (or not translated) fails here."""
    import app.main  # noqa: F401 - defines every problem class of the product

    english = translations("en", "problems")
    classes: list[type[AppError]] = [AppError, *_subclasses(AppError)]
    for cls in classes:
        assert english.gettext(cls.title) == cls.title
        assert cls.title_in("ar") != cls.title, f"{cls.__name__}: {cls.title!r} has no Arabic"
    assert NotFound.title_in("ar") == "غير موجود"
    assert NotFound.title_in("en") == "Not found"
