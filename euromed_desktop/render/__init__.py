"""Printed documents: agenda, participant list, sign-in sheets, badges, table tents, minutes
(one language or two side by side), action list and representation statistics, as PDF.

Call ``build`` from any thread; it only reads the store (through ``store.queries``) and
writes the file atomically::

    from euromed_desktop import render
    render.build("minutes", store, meeting_id, "minutes-ar.pdf", lang="ar",
                 second_lang="en", paper="a4", progress=on_progress, cancel=stop_event)

``progress(done, total)`` is called as the document is laid out (``done == total`` at the
end). ``cancel`` is a ``threading.Event`` or a callable returning True to stop; ``build``
then raises ``RenderCancelled`` and leaves no file behind. Documents follow their own
language (``lang``): labels through ``i18n.translator(lang)``, dates, numbers, country and
language names through Babel; right-to-left languages mirror the page (alignment, table
column order).

Options by document: participants ``group_by`` ("country" or "group") and ``contacts``
(contact data of people who consented); signin ``day`` (ISO date; default every day);
minutes ``final`` (print the approved version, see ``store.versions``).
Labels are looked up with ``job.labels("...")`` (and ``labels.plural``): extract them with
``pybabel extract -k labels -k plural:1,2``.

Text goes through ``render.text`` (shaping with HarfBuzz, bidi with python-bidi) and is drawn
by ``render.pdftext`` with embedded, subset fonts.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from euromed_desktop.domain.errors import ValidationError
from euromed_desktop.i18n import _
from euromed_desktop.store import queries
from euromed_desktop.store.store import Store

if TYPE_CHECKING:  # ReportLab and HarfBuzz load only when a document is built
    from euromed_desktop.render.document import Cancel, Job, Progress

KINDS = (
    "agenda",
    "participants",
    "signin",
    "badges",
    "tents",
    "minutes",
    "actions",
    "stats",
    "certificates",
)
PAPERS = ("a4", "letter")

__all__ = ["KINDS", "PAPERS", "RenderCancelled", "build"]


class RenderCancelled(Exception):
    """The caller asked to stop; no file was written."""


def _builder(kind: str) -> Callable[[Store, Job, Path], None]:
    if kind == "minutes":
        from euromed_desktop.render.minutes import build_minutes

        return build_minutes
    from euromed_desktop.render import cards, certificates, lists

    builders: dict[str, Callable[[Store, Job, Path], None]] = {
        "agenda": lists.build_agenda,
        "participants": lists.build_participants,
        "signin": lists.build_signin,
        "actions": lists.build_actions,
        "stats": lists.build_stats,
        "badges": cards.build_badges,
        "tents": cards.build_tents,
        "certificates": certificates.build_certificates,
    }
    return builders[kind]


def _known_language(code: str) -> bool:
    from babel import Locale, UnknownLocaleError

    try:
        Locale.parse(code.replace("-", "_"))
    except (UnknownLocaleError, ValueError):
        return False
    return True


def build(
    kind: str,
    store: Store,
    meeting_id: str,
    path: Path | str,
    *,
    lang: str = "en",
    second_lang: str | None = None,
    paper: str = "a4",
    progress: Progress | None = None,
    cancel: Cancel | None = None,
    **options: Any,
) -> Path:
    """Write one document of a meeting to ``path`` and return the path."""
    if kind not in KINDS:
        raise ValidationError.single("kind", _("Unknown document: {kind}.").format(kind=kind))
    if paper not in PAPERS:
        raise ValidationError.single("paper", _("Unknown paper size: {paper}.").format(paper=paper))
    for field, code in (("lang", lang), ("second-lang", second_lang)):
        if code is not None and not _known_language(code):
            raise ValidationError.single(field, _("Unknown language: {lang}.").format(lang=code))
    source = store
    if kind == "minutes":
        source, approval = _minutes_source(store, meeting_id, bool(options.get("final")))
        options["approval"] = approval
    try:
        return _build(
            kind,
            source,
            meeting_id,
            Path(path),
            lang,
            second_lang,
            paper,
            progress,
            cancel,
            options,
        )
    finally:
        if source is not store:
            source.close()


def _minutes_source(
    store: Store, meeting_id: str, final: bool
) -> tuple[Store, tuple[str, str] | None]:
    """Final minutes print the approved version (from a throw-away in-memory store), with
    who approved them and when; otherwise the minutes as they are now."""
    from euromed_desktop.store import versions

    approved = versions.approved(store, meeting_id)
    if final and approved is None:
        raise ValidationError.single(
            "final", _("The minutes have not been approved yet: there is no final version.")
        )
    approval = (approved.author, approved.created_at) if approved is not None else None
    if not final or approved is None:
        status = queries.meeting(store, meeting_id).status
        return store, approval if status == "approved" else None
    source = Store(":memory:")
    source.apply_update(meeting_id, versions.state(store, approved))
    return source, approval


def _build(
    kind: str,
    store: Store,
    meeting_id: str,
    path: Path,
    lang: str,
    second_lang: str | None,
    paper: str,
    progress: Progress | None,
    cancel: Cancel | None,
    options: dict[str, Any],
) -> Path:
    meeting = queries.meeting(store, meeting_id)
    day = options.get("day")
    if day is not None and str(day) not in {d.isoformat() for d in meeting.days}:
        raise ValidationError.single("day", _("{day} is not a day of the meeting.").format(day=day))
    from euromed_desktop.render.document import Job

    job = Job(meeting, lang, paper, second_lang, progress, cancel, dict(options))
    job.check()
    _builder(kind)(store, job, path)
    return path
