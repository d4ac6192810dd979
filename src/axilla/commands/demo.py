"""`axilla demo [-o DIR]`: a whole study on a synthetic cohort, start to finish."""
from __future__ import annotations

from pathlib import Path

import typer


def register(app: typer.Typer) -> None:
    @app.command()
    def demo(output: Path = typer.Option(Path("demo_output"), "-o", "--output", help="Folder to write."),
             study: str = typer.Option("001_dce_mri", help="Which seed study to run (see examples/studies)."),
             n: int = typer.Option(None, help="Patients in the demo cohort (default: the study's size)."),
             seed: int = typer.Option(2024, help="Seed of the synthetic cohort.")):
        """Generate a demo cohort, run its study, and predict an example patient."""
        from axilla.demo.run import run_demo

        result = run_demo(output, study, n=n, seed=seed)
        for line in result:
            typer.echo(line)
