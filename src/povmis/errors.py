"""Errors a service raises for the user to read (the page shows them, the API answers 4xx, the CLI exits 1).

A refusal is written once, in English, marked for translation, with its values apart
(``ServiceError(_("a %(year)s review already exists"), year=2024)``): a page shows it in its reader's
language (:meth:`ServiceError.shown`); the API, the command line and the logs read it in English
(``str``), as they read the API's field names.
"""

from __future__ import annotations

from django.utils import translation
from django.utils.functional import Promise


class ServiceError(Exception):
    """A refused action; the message is for the user."""

    def __init__(self, message: str | Promise, **values: object) -> None:
        super().__init__(message)
        self.message, self.values = message, values

    def shown(self) -> str:
        """The refusal in the active language: the page's, inside a request."""
        text = str(self.message)
        return text % self.values if self.values else text

    def __str__(self) -> str:
        with translation.override("en"):
            return self.shown()


class PermissionDenied(ServiceError):  # noqa: N818  # mirrors django.core.exceptions.PermissionDenied
    """The user's role or area does not allow the action."""


class CycleClosed(ServiceError):  # noqa: N818  # a state, not an error class name
    """The review cycle is closed: its data can no longer change."""


def shown(error: Exception) -> str:
    """Any refusal for a page: a service's in the reader's language, anything else as it says itself."""
    return error.shown() if isinstance(error, ServiceError) else str(error)
