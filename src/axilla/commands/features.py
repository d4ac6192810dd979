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
                 names: str = typer.Option(None, "--names",
                                           help="pyradiomics | ibsi: the column names asked "
                                                "for; PyRadiomics names come with the "
                                                "PyRadiomics pipeline, IBSI compliance-sheet "
                                                "tags with the IBSI one (--compat ibsi)."),
                 output: Path = typer.Option(..., "-o", "--output", help="CSV to write.")):
        """Extract features of one case: one CSV row, `case` then one column per feature."""
        from axilla.errors import SettingsError
        from axilla.features import extract, load_params

        if names not in (None, "pyradiomics", "ibsi"):
            raise SettingsError(f"unknown --names '{names}'", fix="use pyradiomics or ibsi")
        settings = load_params(params)
        if compat is not None:
            settings = settings.with_setting(compat=compat)
        pipeline = settings.setting["compat"]   # --compat, else the parameter file's
        if names == "ibsi" and pipeline != "ibsi":
            raise SettingsError("IBSI tag names come with the IBSI pipeline",
                                fix="add --compat ibsi (its columns are the IBSI tags)")
        if names == "pyradiomics" and pipeline == "ibsi":
            raise SettingsError("the IBSI pipeline has no PyRadiomics names (its columns are "
                                "the IBSI compliance-sheet tags)",
                                fix="drop --names pyradiomics, or use --compat pyradiomics "
                                    "for PyRadiomics names and values")
        values = extract(image, mask, settings, label=label)
        case = image.name.split(".")[0] if image.is_file() else image.name
        output.parent.mkdir(parents=True, exist_ok=True)
        with open(output, "w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow(["case", *values])
            # float(): values may come boxed as NumPy scalars, whose repr is 'np.float64(...)'
            writer.writerow([case, *(repr(float(v)) for v in values.values())])
        typer.echo(f"{case}: {len(values)} features -> {output}")
