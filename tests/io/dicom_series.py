"""Write a small DICOM series (one file per slice) with SimpleITK, for the io tests."""
from __future__ import annotations

import numpy as np
import SimpleITK as sitk


def write_series(folder, array: np.ndarray, uid: str, description: str, z0: float = 0.0,
                 positions=None) -> None:
    """Slices of ``array`` (z, y, x) 3 mm apart from ``z0``, or at ``positions`` (mm)."""
    positions = [z0 + 3.0 * k for k in range(array.shape[0])] if positions is None else positions
    folder.mkdir(exist_ok=True)
    writer = sitk.ImageFileWriter()
    writer.KeepOriginalImageUIDOn()
    for k, z in enumerate(positions):
        sl = sitk.GetImageFromArray(array[k])
        sl.SetSpacing((0.5, 0.5))
        tags = {"0020|000e": uid, "0008|103e": description, "0020|0013": str(k + 1),
                "0020|0032": f"0\\0\\{z}", "0020|0037": "1\\0\\0\\0\\1\\0",
                "0018|0050": "3.0", "0008|0060": "MR",
                "0008|0018": f"{uid}.{k + 1}"}
        for tag, value in tags.items():
            sl.SetMetaData(tag, value)
        writer.SetFileName(str(folder / f"{uid[-3:]}_{k:03d}.dcm"))
        writer.Execute(sl)
