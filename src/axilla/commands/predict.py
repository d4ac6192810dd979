"""`axilla predict --bundle B (--image I --mask M [--clinical C] | --manifest M) -o out.csv`."""
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
                output: Path = typer.Option(..., "-o", "--output", help="CSV to write.")):
        """Predict ALN metastasis risk for new patients with a saved model bundle."""
        from axilla.study.predict import predict_patients

        result = predict_patients(bundle, image=image, mask=mask, manifest=manifest,
                                  clinical=clinical, patient_id=patient, output=output)
        for pid, row in result.iterrows():
            main = row["main_model"]
            risk = row.get(main)
            shown = "no prediction" if risk != risk else f"{main} risk {risk:.3f} ({row['risk_group']})"
            typer.echo(f"{pid}: {shown}" + (f" — {row['note']}" if row["note"] else ""))
        typer.echo(f"written: {output} and one page per patient in {output.parent / 'patients'}")
