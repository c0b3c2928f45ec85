"""Errors the engine reports to people: each names the field and says what is wrong."""

from __future__ import annotations

from typing import NamedTuple


class FieldError(NamedTuple):
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.field}: {self.message}"


class EuromedError(Exception):
    """Base of every error meant to be shown to a user (already translated)."""


class ValidationError(EuromedError):
    """One or more fields hold values the domain does not accept."""

    def __init__(self, errors: list[FieldError]) -> None:
        self.errors = errors
        super().__init__("; ".join(str(e) for e in errors))

    @classmethod
    def single(cls, field: str, message: str) -> ValidationError:
        return cls([FieldError(field, message)])

    def for_field(self, field: str) -> list[str]:
        return [e.message for e in self.errors if e.field == field]


class NotFoundError(EuromedError):
    """A meeting, agenda item, participant or block that is not there (or no longer)."""


class StoreError(EuromedError):
    """The database cannot be used as it is (newer schema, damaged file)."""
