"""`axilla segment`: region growing from a seed inside a drawn box (automatic threshold by
default), or with given thresholds or a confidence multiplier; leaks are refused."""
from __future__ import annotations

from pathlib import Path

import typer


def _numbers(text: str, count: int, kind: type, what: str) -> tuple:
    parts = text.split(",")
    try:
        if len(parts) != count:
            raise ValueError
        if kind is int:
            if not all(p.strip().lstrip("-").isdigit() for p in parts):
                raise ValueError
            return tuple(int(p) for p in parts)
        return tuple(float(p) for p in parts)
    except ValueError:
        raise typer.BadParameter(f"'{text}' is not {what}") from None


def register(app: typer.Typer) -> None:
    @app.command()
    def segment(
        image: Path = typer.Option(..., "--image", help="Image to segment (NIfTI, NRRD, DICOM...)."),
        output: Path = typer.Option(..., "-o", "--output", help="Mask file to write (.nii.gz); "
                                    "the parameters JSON is written beside it."),
        seed: list[str] = typer.Option(None, "--seed", help="Seed voxel x,y,z (0-based); repeatable."),
        seed_mm: list[str] = typer.Option(None, "--seed-mm", help="Seed point x,y,z in mm (LPS, as "
                                          "SimpleITK reports; 3D Slicer's RAS: negate x and y); repeatable."),
        box: str = typer.Option(None, "--box", help="Box drawn around the lesion, with a margin: "
                                "voxel corners x0,y0,z0,x1,y1,z1 (inclusive); growing stays inside."),
        box_mm: str = typer.Option(None, "--box-mm", help="The box's corners in mm (LPS)."),
        roi: Path = typer.Option(None, "--roi", help="Mask drawn around the lesion; growing stays inside."),
        lower: float = typer.Option(None, "--lower", help="Lower threshold (connected threshold)."),
        upper: float = typer.Option(None, "--upper", help="Upper threshold (connected threshold)."),
        multiplier: float = typer.Option(None, "--multiplier",
                                         help="Confidence-connected: mean ± multiplier × sd."),
        iterations: int = typer.Option(3, "--iterations", help="Confidence-connected iterations."),
        radius: int = typer.Option(1, "--radius", help="Confidence-connected seed neighbourhood radius."),
        classes: int = typer.Option(3, "--classes", help="Automatic threshold: Otsu intensity "
                                    "classes in the box (2 = plain Otsu)."),
        opening_mm: float = typer.Option(0.0, "--opening-mm", help="Morphological opening radius "
                                         "(mm) to cut thin bridges; 0 = none."),
        fill_holes: bool = typer.Option(True, "--fill-holes/--no-fill-holes", help="Fill enclosed holes."),
    ):
        """Grow a lesion mask and save it with the parameters that reproduce it.

        With no --lower/--upper/--multiplier the intensity range is chosen automatically
        inside the --box or --roi. A region that leaks (reaches most sides of the box or
        image, or fills more than half of it) is refused: exit 1, no mask written.
        """
        import SimpleITK as sitk

        from axilla.preprocess.segment import parameters_path, segment_file

        box_corners = None if box is None else _corners(box, int, "x0,y0,z0,x1,y1,z1 (voxels)")
        box_mm_corners = None if box_mm is None else _corners(box_mm, float, "x0,y0,z0,x1,y1,z1 (mm)")
        result = segment_file(
            image, output, roi_path=roi,
            seeds=[_numbers(s, 3, int, "x,y,z (three whole voxel indices, 0-based)") for s in seed]
            if seed else None,
            seeds_mm=[_numbers(s, 3, float, "x,y,z (three numbers, mm)") for s in seed_mm]
            if seed_mm else None,
            box=box_corners, box_mm=box_mm_corners, lower=lower, upper=upper,
            multiplier=multiplier, iterations=iterations, radius=radius, classes=classes,
            opening_mm=opening_mm, fill_holes=fill_holes)
        parameters = result.parameters
        voxels = int(sitk.GetArrayViewFromImage(result.mask).sum())
        detail = parameters["method"]
        if detail == "auto_threshold":
            detail += (f", {parameters['classes']} classes, range {parameters['lower']:g} to "
                       f"{parameters['upper']:g}")
        typer.echo(f"{output}: {voxels} voxels ({detail}); parameters in {parameters_path(output)}")


def _corners(text: str, kind: type, what: str) -> tuple:
    numbers = _numbers(text, 6, kind, what)
    return numbers[:3], numbers[3:]
