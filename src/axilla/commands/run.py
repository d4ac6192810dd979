"""`axilla run STUDY.yaml [-o RUN_DIR]`: a whole study to its report and bundle."""
from __future__ import annotations

from pathlib import Path

import typer


def register(app: typer.Typer) -> None:
    @app.command()
    def run(study: Path = typer.Argument(..., help="The study YAML file."),
            output: Path = typer.Option(None, "-o", "--output", help="Run directory (default: run/ beside the study)."),
            sign_key: Path = typer.Option(None, "--sign-key", help="Ed25519 private key (PEM, from "
                                          "`axilla bundle-keygen`) to sign the bundle with.")):
        """Run a study: extraction, models, statistics, report, bundle."""
        from axilla.study.bundle import sign_bundle
        from axilla.study.bundle_signature import read_key
        from axilla.study.run import run_study

        if sign_key is not None:
            read_key(sign_key, private=True)  # a wrong key fails now, not after the run
        result = run_study(study, output)
        if sign_key is not None:
            sign_bundle(result.bundle, sign_key)
        typer.echo(f"report: {result.report}")
        typer.echo(f"bundle: {result.bundle}" + (" (signed)" if sign_key else ""))
