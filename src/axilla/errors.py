"""Errors that name the patient, the file and the fix.

Hierarchy::

    AxillaError                 base of everything Axilla raises on purpose
    ├── InputError              a file, a table or a value given by the user is wrong
    │   └── GeometryError       image and mask do not share one voxel grid
    ├── SettingsError           an unknown or invalid setting (extraction or study)
    ├── ModelError              a model cannot be fitted as asked (separation, one class)
    ├── StatsError              a statistic is undefined for the data given
    └── BundleError             a model bundle is invalid, tampered or unsafe

Every error renders as one line: ``patient P017: mask.nii.gz: <what>; <fix>``.
"""
from __future__ import annotations


class AxillaError(Exception):
    """Base class; ``str(err)`` is the one line the CLI prints."""

    def __init__(self, message: str, *, patient: str | None = None,
                 file: str | None = None, fix: str | None = None):
        self.message = message
        self.patient = patient
        self.file = None if file is None else str(file)
        self.fix = fix
        super().__init__(self.render())

    def render(self) -> str:
        parts = []
        if self.patient is not None:
            parts.append(f"patient {self.patient}")
        if self.file is not None:
            parts.append(self.file)
        head = ": ".join(parts + [self.message]) if parts else self.message
        return f"{head}; {self.fix}" if self.fix else head

    def with_context(self, *, patient: str | None = None, file: str | None = None):
        """Return a copy of this error that also names ``patient`` and ``file``."""
        return type(self)(self.message, patient=self.patient or patient,
                          file=self.file or file, fix=self.fix)


class InputError(AxillaError):
    """A file, table or value given by the user is wrong."""


class GeometryError(InputError):
    """Image and mask do not share one voxel grid."""


class SettingsError(AxillaError):
    """An unknown or invalid setting."""


class ModelError(AxillaError):
    """A model cannot be fitted as asked."""


class StatsError(AxillaError):
    """A statistic is undefined for the data given."""


class BundleError(AxillaError):
    """A model bundle is invalid, tampered with or unsafe."""
