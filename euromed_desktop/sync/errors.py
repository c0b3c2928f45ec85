"""The one error a bundle file can cause, so callers need a single ``except``."""

from __future__ import annotations

from euromed_desktop.domain.errors import EuromedError


class BundleError(EuromedError):
    """A bundle cannot be read, verified or imported; the message names the problem and is
    already translated. Raised before anything is written, so the database is unchanged."""


class PassphraseRequired(BundleError):
    """The bundle is encrypted and no passphrase was given: ask the user, then try again."""


class IsReviewCopy(BundleError):
    """The file is a review copy: it is opened for reading and commenting, never merged."""


class KeyChanged(BundleError):
    """A device seen before now signs with another key: ask the user whether to accept it
    (``accept_new_key=True``) after checking the fingerprint with the device's owner."""

    def __init__(self, message: str, device_name: str, fingerprint: str) -> None:
        super().__init__(message)
        self.device_name = device_name
        self.fingerprint = fingerprint
