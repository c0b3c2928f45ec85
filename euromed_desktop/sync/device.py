"""This installation's identity: an Ed25519 key that signs every bundle it writes.

The key is made on first use and kept in the user data directory (or ``EUROMED_KEYS``), the
private half readable by its owner only (mode 0600). A readable device name (editable) goes
with it so that colleagues see "Amina's laptop", not a key, in import summaries.
"""

from __future__ import annotations

import getpass
import hashlib
import json
import os
import platform
import uuid
from dataclasses import dataclass
from pathlib import Path

import platformdirs
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from euromed_desktop.i18n import _
from euromed_desktop.store.database import APP_NAME
from euromed_desktop.sync.errors import BundleError

KEY_FILE = "device-key.pem"
INFO_FILE = "device.json"


@dataclass(frozen=True)
class Device:
    """A device as bundles name it: a stable id, a readable name and its public key."""

    id: str
    name: str
    public_key: bytes

    @property
    def fingerprint(self) -> str:
        """Short enough to read out over the phone, long enough to tell keys apart."""
        digest = hashlib.sha256(self.public_key).hexdigest()[:20].upper()
        return " ".join(digest[i : i + 4] for i in range(0, len(digest), 4))


@dataclass(frozen=True)
class DeviceKey:
    device: Device
    person: str
    private_key: Ed25519PrivateKey

    def sign(self, data: bytes) -> bytes:
        return self.private_key.sign(data)


def keys_dir() -> Path:
    """``EUROMED_KEYS`` if set, else ``keys`` in the user data directory."""
    env = os.environ.get("EUROMED_KEYS")
    if env:
        return Path(env)
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)) / "keys"


def _default_person() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no login name (some containers)
        return ""


def load_or_create(directory: Path | None = None) -> DeviceKey:
    """The device key, created (with a new device id) the first time it is asked for."""
    directory = directory or keys_dir()
    key_path, info_path = directory / KEY_FILE, directory / INFO_FILE
    try:
        if not key_path.exists():
            _create(directory)
        private = serialization.load_pem_private_key(key_path.read_bytes(), password=None)
        info = json.loads(info_path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise BundleError(
            _("The device key in {path} cannot be read ({error}).").format(
                path=directory, error=exc
            )
        ) from exc
    if not isinstance(private, Ed25519PrivateKey):
        raise BundleError(
            _("The device key in {path} is not an Ed25519 key.").format(path=directory)
        )
    public = private.public_key().public_bytes(
        serialization.Encoding.Raw, serialization.PublicFormat.Raw
    )
    device = Device(str(info["id"]), str(info.get("name") or ""), public)
    return DeviceKey(device, str(info.get("person") or ""), private)


def _create(directory: Path) -> None:
    directory.mkdir(parents=True, exist_ok=True)
    private = Ed25519PrivateKey.generate()
    pem = private.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    info = {
        "id": str(uuid.uuid4()),
        "name": f"{_default_person() or 'user'}@{platform.node() or 'laptop'}",
        "person": _default_person(),
    }
    _write_private(directory / INFO_FILE, json.dumps(info, ensure_ascii=False).encode("utf-8"))
    # The key last: its presence marks a complete identity.
    _write_private(directory / KEY_FILE, pem)


def _write_private(path: Path, data: bytes) -> None:
    """Write a file readable by its owner only, replacing it atomically."""
    temporary = path.with_suffix(path.suffix + ".tmp")
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        os.write(fd, data)
        os.fsync(fd)
    finally:
        os.close(fd)
    os.chmod(temporary, 0o600)
    os.replace(temporary, path)


def rename(name: str, person: str | None = None, directory: Path | None = None) -> DeviceKey:
    """Change the readable device name (and the person shown as exporter)."""
    directory = directory or keys_dir()
    key = load_or_create(directory)
    info = {
        "id": key.device.id,
        "name": name.strip(),
        "person": key.person if person is None else person.strip(),
    }
    _write_private(directory / INFO_FILE, json.dumps(info, ensure_ascii=False).encode("utf-8"))
    return load_or_create(directory)
