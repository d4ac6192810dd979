"""Ed25519 signatures that prove who exported a model bundle.

A bundle's checksums prove only that its files agree with its ``bundle.json``: anyone
who edits a coefficient can recompute them. A signature made with a private key that
only the exporting site holds proves origin too. What is signed is the exact bytes of
``bundle.json``, which holds the SHA-256 of every other file and of its own content, so
one signature covers the whole bundle. The signature travels as ``bundle.sig`` (JSON:
algorithm, key id, base64 signature) beside ``bundle.json``.

Ed25519 (RFC 8032) through the ``cryptography`` package; keys are PEM files (private
key PKCS#8, public key SubjectPublicKeyInfo) as OpenSSL writes them
(``openssl genpkey -algorithm ed25519``), so a site may also make them with OpenSSL.
"""
from __future__ import annotations

import base64
import hashlib
import json
import os
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from axilla.errors import BundleError

SIGNATURE_FILE = "bundle.sig"
ALGORITHM = "Ed25519"


def _key_id(public: Ed25519PublicKey) -> str:
    """First 16 hex digits of the SHA-256 of the raw public key: names the key in messages."""
    raw = public.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return hashlib.sha256(raw).hexdigest()[:16]


def generate_keypair(private_path, public_path) -> str:
    """Write a new Ed25519 private key (mode 0600) and its public key; return the key id.

    Existing files are never overwritten (a lost private key cannot be recovered, and an
    overwritten one would orphan every bundle it signed)."""
    private_path, public_path = Path(private_path), Path(public_path)
    if private_path.resolve() == public_path.resolve():
        raise BundleError("the private and the public key were given the same file (the "
                          "public key would overwrite the private one)", file=str(private_path),
                          fix="give two names, e.g. --private site.pem --public site.pub.pem")
    for path in (private_path, public_path):
        if path.exists():
            raise BundleError("key file already exists", file=str(path),
                              fix="choose another name or delete it first")
    key = Ed25519PrivateKey.generate()
    pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                            serialization.NoEncryption())
    private_path.parent.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(private_path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(pem)
    public = key.public_key()
    public_path.parent.mkdir(parents=True, exist_ok=True)
    with public_path.open("xb") as handle:   # never overwrites, as promised above
        handle.write(public.public_bytes(serialization.Encoding.PEM,
                                         serialization.PublicFormat.SubjectPublicKeyInfo))
    return _key_id(public)


def read_key(path, private: bool):
    """The Ed25519 key of a PEM file, or a BundleError saying what is wrong with it."""
    path = Path(path)
    kind = "private" if private else "public"
    if not path.is_file():
        raise BundleError(f"{kind} key not found", file=str(path),
                          fix="make a key pair with `axilla bundle-keygen`")
    data = path.read_bytes()
    try:
        key = (serialization.load_pem_private_key(data, password=None) if private
               else serialization.load_pem_public_key(data))
    except (ValueError, TypeError) as exc:
        raise BundleError(f"not a readable PEM {kind} key ({exc})", file=str(path),
                          fix="give the .pem file written by `axilla bundle-keygen`") from None
    wanted = Ed25519PrivateKey if private else Ed25519PublicKey
    if not isinstance(key, wanted):
        raise BundleError(f"the {kind} key is not an Ed25519 key", file=str(path),
                          fix="make a key pair with `axilla bundle-keygen`")
    return key


def signature_of(header: bytes, private_key_path) -> bytes:
    """The ``bundle.sig`` file for the bytes of a ``bundle.json``."""
    key = read_key(private_key_path, private=True)
    record = {"algorithm": ALGORITHM, "key_id": _key_id(key.public_key()),
              "signature": base64.b64encode(key.sign(header)).decode()}
    return json.dumps(record, indent=1, sort_keys=True).encode()


def verify_signature(header: bytes, signature: bytes | None, public_key_path,
                     where: str) -> None:
    """Refuse a bundle that is unsigned or not signed by the holder of ``public_key_path``."""
    key = read_key(public_key_path, private=False)
    if signature is None:
        raise BundleError(f"the bundle is not signed ({SIGNATURE_FILE} is absent) but "
                          f"--verify-key {public_key_path} was given", file=where,
                          fix="ask the exporting site for a bundle signed with "
                              "`axilla bundle-sign` (or `axilla run --sign-key`)")
    try:
        record = json.loads(signature)
        if record.get("algorithm") != ALGORITHM:
            raise ValueError(f"algorithm {record.get('algorithm')!r}")
        key.verify(base64.b64decode(record["signature"], validate=True), header)
    except InvalidSignature:
        # the record's key id is the signer's claim, unproven; it tells which case is likely
        why = ("bundle.json was changed after this key's holder signed it"
               if record.get("key_id") == _key_id(key) else
               f"another key (id {record.get('key_id')}) signed it, or bundle.json was "
               "changed after signing")
        raise BundleError(f"the signature does not match public key {_key_id(key)} "
                          f"({public_key_path}): {why}",
                          file=where, fix="do not use this bundle; ask the exporting "
                                          "site for the original") from None
    except (ValueError, KeyError, TypeError) as exc:
        raise BundleError(f"{SIGNATURE_FILE} is not a valid signature record ({exc})",
                          file=where, fix="ask the exporting site to sign the bundle "
                                          "again") from None
