"""The bundle file itself: a ZIP with a signed manifest, read under strict limits.

Everything a bundle says is checked here before anyone looks at its contents: size limits
(file, manifest, members, compression ratio: a ZIP bomb is refused before it is inflated),
member names (no absolute paths, no ``..``, only the names the format defines), the format
version, the passphrase (AES-256-GCM, key from scrypt), the Ed25519 signature over the
manifest bytes and the SHA-256 of every member. The layout is documented in
docs/bundle-format.md for other programs.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import io
import json
import os
import re
import struct
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from cryptography.exceptions import InvalidSignature, InvalidTag
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

from euromed_desktop.i18n import _
from euromed_desktop.sync.errors import BundleError, PassphraseRequired

FORMAT = "euromed-bundle"
VERSION = 2  # 2: sync bundles may carry versions of the minutes (docs/bundle-format.md)
EXTENSION = ".euromed"
KINDS = ("sync", "review", "comments", "receipt")

MANIFEST = "manifest.json"
SIGNATURE = "manifest.sig"
SEALED = "sealed.bin"
COMMENTS = "comments.json"
UPDATE_PREFIX = "meetings/"
UPDATE_SUFFIX = ".yupdate"
VERSION_PREFIX = "versions/"
VERSION_SUFFIX = ".ystate"

# Reading limits. The large benchmark meeting (2,000 participants, 5,000 blocks) makes a
# bundle of a few MB; these leave room for years of minutes and stop hostile files early.
MAX_FILE_BYTES = 256 * 2**20
MAX_MANIFEST_BYTES = 2**20
MAX_MEMBER_BYTES = 256 * 2**20
MAX_TOTAL_BYTES = 512 * 2**20
MAX_MEMBERS = 1024
MAX_RATIO = 100  # uncompressed / compressed, checked for members above RATIO_FLOOR
RATIO_FLOOR = 2**20

# scrypt: what we write, and the most a file may ask of us (memory is 128 · n · r bytes).
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**15, 8, 1
MAX_SCRYPT_N, MAX_SCRYPT_R, MAX_SCRYPT_P = 2**17, 16, 4

_ZIP_TIME = (1980, 1, 1, 0, 0, 0)  # fixed, so the same content gives the same bytes
_MEMBER_NAME = re.compile(
    r"meetings/[A-Za-z0-9_-]{1,64}\.yupdate|versions/[A-Za-z0-9_-]{1,64}\.ystate"
)


@dataclass(frozen=True)
class Opened:
    """A bundle whose limits, signature and member hashes have been verified."""

    manifest: dict[str, Any]
    manifest_bytes: bytes
    members: dict[str, bytes]
    public_key: bytes
    encrypted: bool


def update_member(meeting_id: str) -> str:
    return f"{UPDATE_PREFIX}{meeting_id}{UPDATE_SUFFIX}"


def version_member(version_id: str) -> str:
    return f"{VERSION_PREFIX}{version_id}{VERSION_SUFFIX}"


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def unb64(value: Any, what: str) -> bytes:
    if not isinstance(value, str):
        raise damaged(what)
    try:
        return base64.b64decode(value.encode("ascii"), validate=True)
    except (binascii.Error, UnicodeEncodeError) as exc:
        raise damaged(what) from exc


def damaged(what: str) -> BundleError:
    return BundleError(
        _("The bundle's manifest is damaged or incomplete ({field}).").format(field=what)
    )


def canonical_json(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode(
        "utf-8"
    )


# -- writing -----------------------------------------------------------------------------------


def _zip(entries: list[tuple[str, bytes, int]]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data, method in entries:
            info = zipfile.ZipInfo(name, date_time=_ZIP_TIME)
            info.compress_type = method
            info.external_attr = 0o644 << 16
            archive.writestr(info, data, compress_type=method, compresslevel=6)
    return buffer.getvalue()


def write(
    manifest: dict[str, Any],
    members: dict[str, bytes],
    sign: Callable[[bytes], bytes],
    passphrase: str | None = None,
) -> bytes:
    """The bundle's bytes: ``manifest`` gains the members' hashes and is signed as written."""
    manifest = {
        **manifest,
        "format": FORMAT,
        "version": VERSION,
        "members": {
            name: {"sha256": hashlib.sha256(data).hexdigest(), "size": len(data)}
            for name, data in sorted(members.items())
        },
    }
    manifest_bytes = canonical_json(manifest)
    entries = [
        (MANIFEST, manifest_bytes, zipfile.ZIP_DEFLATED),
        (SIGNATURE, sign(manifest_bytes), zipfile.ZIP_STORED),
        *((name, data, zipfile.ZIP_DEFLATED) for name, data in sorted(members.items())),
    ]
    inner = _zip(entries)
    if passphrase is None:
        return inner
    return _seal(inner, passphrase)


def _derive(passphrase: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    return Scrypt(salt=salt, length=32, n=n, r=r, p=p).derive(passphrase.encode("utf-8"))


def _seal(inner: bytes, passphrase: str) -> bytes:
    salt, nonce = os.urandom(16), os.urandom(12)
    outer = {
        "format": FORMAT,
        "version": VERSION,
        "encryption": {
            "cipher": "AES-256-GCM",
            "kdf": "scrypt",
            "n": SCRYPT_N,
            "r": SCRYPT_R,
            "p": SCRYPT_P,
            "salt": b64(salt),
            "nonce": b64(nonce),
        },
    }
    outer_bytes = canonical_json(outer)
    key = _derive(passphrase, salt, SCRYPT_N, SCRYPT_R, SCRYPT_P)
    sealed = AESGCM(key).encrypt(nonce, inner, outer_bytes)
    return _zip([(MANIFEST, outer_bytes, zipfile.ZIP_DEFLATED), (SEALED, sealed, 0)])


# -- reading -----------------------------------------------------------------------------------

_ZIP_ERRORS = (
    zipfile.BadZipFile,
    zlib.error,
    EOFError,
    ValueError,
    NotImplementedError,
    OSError,
    struct.error,
    KeyError,
    RuntimeError,
    IndexError,
    OverflowError,
)


def _check_name(name: str) -> None:
    if name.startswith(("/", "\\")) or re.match(r"[A-Za-z]:", name):
        raise BundleError(
            _("The bundle contains a file with an absolute path ({name}); refused.").format(
                name=name
            )
        )
    if ".." in re.split(r"[/\\]", name):
        raise BundleError(
            _("The bundle contains a file that points outside it ({name}); refused.").format(
                name=name
            )
        )
    if name not in (MANIFEST, SIGNATURE, SEALED, COMMENTS) and not _MEMBER_NAME.fullmatch(name):
        raise BundleError(
            _("The bundle contains a file this format does not allow ({name}).").format(name=name)
        )


def _members(data: bytes) -> dict[str, bytes]:
    """Every member of the ZIP, inflated only after its declared sizes passed the limits."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except _ZIP_ERRORS as exc:
        raise BundleError(
            _("This file is not a EUROMED bundle, or it is damaged or truncated.")
        ) from exc
    with archive:
        infos = archive.infolist()
        if len(infos) > MAX_MEMBERS:
            raise BundleError(_("The bundle has too many files in it."))
        names = [info.filename for info in infos]
        for name in names:
            _check_name(name)
        if len(set(names)) != len(names):
            raise BundleError(_("The bundle contains the same file twice; refused."))
        total = 0
        for info in infos:
            limit = MAX_MANIFEST_BYTES if info.filename == MANIFEST else MAX_MEMBER_BYTES
            if info.file_size > limit:
                if info.filename == MANIFEST:
                    raise BundleError(_("The bundle's manifest is too large; refused."))
                raise BundleError(
                    _("A file in the bundle is too large when unpacked ({name}); refused.").format(
                        name=info.filename
                    )
                )
            total += info.file_size
            if info.file_size > RATIO_FLOOR and info.file_size > MAX_RATIO * max(
                info.compress_size, 1
            ):
                raise BundleError(
                    _(
                        "A file in the bundle is compressed suspiciously well ({name}); "
                        "refused as a possible ZIP bomb."
                    ).format(name=info.filename)
                )
            if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
                raise BundleError(_("The bundle uses a compression this version cannot read."))
            if info.flag_bits & 0x1:
                raise BundleError(
                    _("The bundle uses ZIP encryption, which this format does not allow.")
                )
        if total > MAX_TOTAL_BYTES:
            raise BundleError(_("The bundle is too large when unpacked; refused."))
        members: dict[str, bytes] = {}
        try:
            for info in infos:
                with archive.open(info) as stream:
                    content = stream.read(info.file_size + 1)
                if len(content) != info.file_size:
                    raise BundleError(
                        _("A file in the bundle is not the size it declares ({name}).").format(
                            name=info.filename
                        )
                    )
                members[info.filename] = content
        except _ZIP_ERRORS as exc:
            raise BundleError(
                _("The bundle is damaged or truncated; a file in it cannot be unpacked.")
            ) from exc
    return members


def _json_object(data: bytes, what: str) -> dict[str, Any]:
    try:
        value = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise damaged(what) from exc
    if not isinstance(value, dict):
        raise damaged(what)
    return value


def _manifest(members: dict[str, bytes]) -> tuple[dict[str, Any], bytes]:
    raw = members.get(MANIFEST)
    if raw is None:
        raise BundleError(_("This file is not a EUROMED bundle (it has no manifest)."))
    manifest = _json_object(raw, MANIFEST)
    if manifest.get("format") != FORMAT:
        raise BundleError(_("This file is not a EUROMED bundle (unknown format)."))
    version = manifest.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise damaged("version")
    if version > VERSION:
        raise BundleError(
            _(
                "This bundle was written by a newer version of EUROMED Desktop (format "
                "{found}, this version reads {known}). Please update the app."
            ).format(found=version, known=VERSION)
        )
    return manifest, raw


def _int(params: dict[str, Any], name: str, low: int, high: int) -> int:
    value = params.get(name)
    if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
        raise BundleError(_("The bundle asks for encryption settings this version refuses."))
    return value


def _unseal(outer: dict[str, Any], outer_bytes: bytes, sealed: bytes, passphrase: str) -> bytes:
    params = outer.get("encryption")
    if not isinstance(params, dict):
        raise damaged("encryption")
    if params.get("cipher") != "AES-256-GCM" or params.get("kdf") != "scrypt":
        raise BundleError(_("The bundle is encrypted in a way this version cannot read."))
    n = _int(params, "n", 2, MAX_SCRYPT_N)
    if n & (n - 1):
        raise BundleError(_("The bundle asks for encryption settings this version refuses."))
    r = _int(params, "r", 1, MAX_SCRYPT_R)
    p = _int(params, "p", 1, MAX_SCRYPT_P)
    salt = unb64(params.get("salt"), "salt")
    nonce = unb64(params.get("nonce"), "nonce")
    if len(nonce) != 12 or not 8 <= len(salt) <= 64:
        raise damaged("nonce")
    key = _derive(passphrase, salt, n, r, p)
    try:
        return AESGCM(key).decrypt(nonce, sealed, outer_bytes)
    except InvalidTag as exc:
        raise BundleError(
            _("Wrong passphrase, or the encrypted bundle was changed after it was written.")
        ) from exc


def read(data: bytes, passphrase: str | None = None) -> Opened:
    """Open and verify a bundle; raises ``BundleError`` naming the first problem found."""
    if len(data) > MAX_FILE_BYTES:
        raise BundleError(_("The file is too large to be a bundle; refused."))
    members = _members(data)
    manifest, manifest_bytes = _manifest(members)
    encrypted = "encryption" in manifest
    if encrypted:
        if set(members) != {MANIFEST, SEALED}:
            raise BundleError(_("The encrypted bundle has unexpected files in it."))
        if passphrase is None:
            raise PassphraseRequired(_("This bundle is encrypted; a passphrase is needed."))
        inner = _unseal(manifest, manifest_bytes, members[SEALED], passphrase)
        members = _members(inner)
        manifest, manifest_bytes = _manifest(members)
        if "encryption" in manifest:
            raise BundleError(_("The bundle is encrypted twice; refused."))
    elif SEALED in members:
        raise BundleError(_("The bundle has unexpected files in it."))
    public_key = _verify_signature(manifest, manifest_bytes, members)
    _verify_members(manifest, members)
    return Opened(manifest, manifest_bytes, members, public_key, encrypted)


def _verify_signature(
    manifest: dict[str, Any], manifest_bytes: bytes, members: dict[str, bytes]
) -> bytes:
    device = manifest.get("device")
    if not isinstance(device, dict):
        raise damaged("device")
    public_key = unb64(device.get("public_key"), "device.public_key")
    signature = members.get(SIGNATURE)
    if signature is None:
        raise BundleError(_("The bundle is not signed; refused."))
    try:
        Ed25519PublicKey.from_public_bytes(public_key).verify(signature, manifest_bytes)
    except (InvalidSignature, ValueError) as exc:
        raise BundleError(
            _(
                "The bundle's signature does not match the device key it names: it was "
                "changed after it was signed, or signed by another key. Refused."
            )
        ) from exc
    return public_key


def _verify_members(manifest: dict[str, Any], members: dict[str, bytes]) -> None:
    listed = manifest.get("members")
    if not isinstance(listed, dict):
        raise damaged("members")
    present = set(members) - {MANIFEST, SIGNATURE}
    if set(listed) != present:
        missing = sorted(set(listed) - present) or sorted(present - set(listed))
        raise BundleError(
            _("The bundle's files do not match its manifest ({name}).").format(name=missing[0])
        )
    for name, entry in listed.items():
        if not isinstance(entry, dict) or not isinstance(entry.get("sha256"), str):
            raise damaged(f"members.{name}")
        if hashlib.sha256(members[name]).hexdigest() != entry["sha256"].lower():
            raise BundleError(
                _(
                    "A file in the bundle does not match its checksum ({name}): the bundle "
                    "was damaged or changed."
                ).format(name=name)
            )
