"""`axilla predict --bundle B (--image I --mask M | --manifest M | --features F) [--clinical C] -o out.csv`.

Exit status 0 when every patient got the main model's probability (image features far
outside the training data are flagged in the note, not refused); 1 when any patient did
not, after writing the CSV and pages for all of them and saying for whom and why.
"""
from __future__ import annotations

from pathlib import Path

import typer


def register(app: typer.Typer) -> None:
    @app.command()
    def predict(bundle: Path = typer.Option(..., "--bundle", help="bundle/ folder or bundle.zip."),
                image: Path = typer.Option(None, "--image", help="Image of one patient."),
                mask: Path = typer.Option(None, "--mask", help="Its ROI mask."),
                patient: str = typer.Option(None, "--patient", help="Patient id (default: image name)."),
                clinical: Path = typer.Option(None, "--clinical", help="Clinical CSV row(s) with patient_id."),
                manifest: Path = typer.Option(None, "--manifest", help="Manifest CSV for many patients."),
                features: Path = typer.Option(None, "--features", help="Feature table (CSV, "
                                              "XLSX, Parquet: patient_id and the bundle's "
                                              "feature columns) instead of images."),
                verify_key: Path = typer.Option(None, "--verify-key", help="Ed25519 public key (PEM) "
                                                "of the exporting site: refuse a bundle it did not sign."),
                output: Path = typer.Option(..., "-o", "--output", help="CSV to write.")):
        """Predict ALN metastasis risk for new patients with a saved model bundle."""
        from axilla.study.predict import describe, predict_patients

        result = predict_patients(bundle, image=image, mask=mask, manifest=manifest,
                                  clinical=clinical, patient_id=patient, output=output,
                                  verify_key=verify_key, features=features)
        for pid, row in result.iterrows():
            typer.echo(f"{pid}: {describe(row)}")
        typer.echo(f"written: {output} and one page per patient in {output.parent / 'patients'}")
        main = result["main_model"].iloc[0] if len(result) else None
        missing = [str(p) for p, risk in result.get(main, {}).items() if risk != risk] if main else []
        if missing:
            typer.echo(f"error: {len(missing)} of {len(result)} patient(s) got no {main} model "
                       f"prediction ({', '.join(missing[:5])}{', ...' if len(missing) > 5 else ''});"
                       " see the note column, fix their inputs and rerun", err=True)
            raise typer.Exit(1)
