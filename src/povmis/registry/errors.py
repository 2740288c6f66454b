"""Errors a service raises for the user to read (the page shows them, the API answers 4xx, the CLI exits 1)."""

from __future__ import annotations


class ServiceError(Exception):
    """A refused action; the message is for the user."""


class PermissionDenied(ServiceError):  # noqa: N818  # mirrors django.core.exceptions.PermissionDenied
    """The user's role or area does not allow the action."""


class CycleClosed(ServiceError):  # noqa: N818  # a state, not an error class name
    """The review cycle is closed: its data can no longer change."""
