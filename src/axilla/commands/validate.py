"""`axilla validate STUDY.yaml`: list every problem of a study and its inputs."""
from __future__ import annotations

from pathlib import Path

import typer


def register(app: typer.Typer) -> None:
    @app.command()
    def validate(study: Path = typer.Argument(..., help="The study YAML file.")):
        """Check a study file and its inputs; list every problem with its fix."""
        from axilla.study.validate import validate_study

        _, problems = validate_study(study)
        if not problems:
            typer.echo(f"{study}: ok")
            return
        for problem in problems:
            typer.echo(f"- {problem}")
        typer.echo(f"{len(problems)} problem(s) in {study}", err=True)
        raise typer.Exit(1)
