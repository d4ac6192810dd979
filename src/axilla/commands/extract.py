"""`axilla extract MANIFEST.csv -o features.parquet`: features for a whole cohort."""
from __future__ import annotations

from pathlib import Path

import typer


def register(app: typer.Typer) -> None:
    @app.command()
    def extract(manifest: Path = typer.Argument(..., help="Manifest CSV (patient_id, image, mask, ...)."),
                params: Path = typer.Option(None, "--params", help="PyRadiomics params YAML."),
                output: Path = typer.Option(..., "-o", "--output", help="features.parquet to write."),
                workers: int = typer.Option(1, "--workers", min=1, help="Local worker processes."),
                scheduler: str = typer.Option(None, "--scheduler", help="Dask scheduler address."),
                aggregate: str = typer.Option(
                    None, help="Combine several images of one patient, sequence and ROI: "
                    "mean|max|largest (default: refuse them)."),
                image_root: list[Path] = typer.Option(
                    [], "--image-root", exists=True, file_okay=False,
                    help="A folder outside the manifest's that its paths may "
                    "point into (a PACS mount); repeat for several."),
                cache: Path = typer.Option(None, help="Cache folder (default: beside the output).")):
        """Extract features for every case; failures go to failures.csv, the run goes on."""
        from axilla.cohort.run import extract_manifest

        result = extract_manifest(manifest, params, output, workers=workers,
                                  scheduler=scheduler, aggregate=aggregate, cache=cache,
                                  image_roots=image_root)
        typer.echo(f"{len(result.features)} patients, {result.features.shape[1]} features -> "
                   f"{output} ({result.computed} computed, {result.cached} from cache, "
                   f"{len(result.failures)} failed)")
