"""`axilla run STUDY.yaml [-o RUN_DIR]`: a whole study to its report and bundle."""
from __future__ import annotations

from pathlib import Path

import typer


def register(app: typer.Typer) -> None:
    @app.command()
    def run(study: Path = typer.Argument(..., help="The study YAML file."),
            output: Path = typer.Option(None, "-o", "--output", help="Run directory (default: run/ beside the study).")):
        """Run a study: extraction, models, statistics, report, bundle."""
        from axilla.study.run import run_study

        result = run_study(study, output)
        typer.echo(f"report: {result.report}")
        typer.echo(f"bundle: {result.bundle}")
