"""`axilla segment`: threshold or confidence region growing, from seeds or in a drawn ROI."""
from __future__ import annotations

from pathlib import Path

import typer


def _seed(text: str) -> tuple[int, int, int]:
    parts = text.split(",")
    if len(parts) != 3 or not all(p.strip().lstrip("-").isdigit() for p in parts):
        raise typer.BadParameter(f"'{text}' is not x,y,z (three whole voxel indices, 0-based)")
    return tuple(int(p) for p in parts)


def register(app: typer.Typer) -> None:
    @app.command()
    def segment(
        image: Path = typer.Option(..., "--image", help="Image to segment (NIfTI, NRRD, DICOM...)."),
        output: Path = typer.Option(..., "-o", "--output", help="Mask file to write (.nii.gz); "
                                    "the parameters JSON is written beside it."),
        seed: list[str] = typer.Option(None, "--seed", help="Seed voxel x,y,z (0-based); repeatable."),
        roi: Path = typer.Option(None, "--roi", help="Mask drawn around the lesion; growing stays inside."),
        lower: float = typer.Option(None, "--lower", help="Lower threshold (connected threshold)."),
        upper: float = typer.Option(None, "--upper", help="Upper threshold (connected threshold)."),
        multiplier: float = typer.Option(None, "--multiplier",
                                         help="Confidence-connected: mean ± multiplier × sd."),
        iterations: int = typer.Option(3, "--iterations", help="Confidence-connected iterations."),
        radius: int = typer.Option(1, "--radius", help="Confidence-connected seed neighbourhood radius."),
        fill_holes: bool = typer.Option(True, "--fill-holes/--no-fill-holes", help="Fill enclosed holes."),
    ):
        """Grow a lesion mask and save it with the parameters that reproduce it."""
        import SimpleITK as sitk

        from axilla.preprocess.segment import parameters_path, segment_file

        seeds = [_seed(s) for s in seed] if seed else None
        result = segment_file(image, output, roi_path=roi, seeds=seeds, lower=lower, upper=upper,
                              multiplier=multiplier, iterations=iterations, radius=radius,
                              fill_holes=fill_holes)
        voxels = int(sitk.GetArrayViewFromImage(result.mask).sum())
        typer.echo(f"{output}: {voxels} voxels ({result.parameters['method']}); "
                   f"parameters in {parameters_path(output)}")
