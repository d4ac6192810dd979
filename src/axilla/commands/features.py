"""`axilla features --image I --mask M -o out.csv`: the features of one image and ROI."""
from __future__ import annotations

import csv
from pathlib import Path

import typer


def register(app: typer.Typer) -> None:
    @app.command()
    def features(image: Path = typer.Option(..., "--image", help="Image file or DICOM folder."),
                 mask: Path = typer.Option(..., "--mask", help="Mask (label map) file."),
                 params: Path = typer.Option(None, "--params",
                                             help="PyRadiomics params YAML/JSON."),
                 label: int = typer.Option(None, "--label", help="ROI label (default 1)."),
                 compat: str = typer.Option(None, "--compat", help="pyradiomics | ibsi."),
                 names: str = typer.Option("pyradiomics", "--names",
                                           help="pyradiomics | ibsi (compliance-sheet tags; "
                                                "needs --compat ibsi)."),
                 output: Path = typer.Option(..., "-o", "--output", help="CSV to write.")):
        """Extract features of one case: one CSV row, `case` then one column per feature."""
        from axilla.errors import SettingsError
        from axilla.features import extract, load_params

        if names not in ("pyradiomics", "ibsi"):
            raise SettingsError(f"unknown --names '{names}'", fix="use pyradiomics or ibsi")
        if names == "ibsi" and compat != "ibsi":
            raise SettingsError("IBSI tag names come with the IBSI pipeline",
                                fix="add --compat ibsi (its columns are the IBSI tags)")
        settings = load_params(params)
        if compat is not None:
            settings = settings.with_setting(compat=compat)
        values = extract(image, mask, settings, label=label)
        case = image.name.split(".")[0] if image.is_file() else image.name
        with open(output, "w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow(["case", *values])
            # float(): values may come boxed as NumPy scalars, whose repr is 'np.float64(...)'
            writer.writerow([case, *(repr(float(v)) for v in values.values())])
        typer.echo(f"{case}: {len(values)} features -> {output}")
