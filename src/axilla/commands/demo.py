"""`axilla demo [-o DIR]`: a whole study on a synthetic cohort, start to finish.

``--data-only`` writes the cohort and the study file (``DIR/study.yaml``, the seed study
of ``examples/studies``) and stops, for ``axilla validate`` and ``axilla run``.
"""
from __future__ import annotations

from pathlib import Path

import typer


def register(app: typer.Typer) -> None:
    @app.command()
    def demo(output: Path = typer.Option(Path("demo_output"), "-o", "--output", help="Folder to write."),
             study: str = typer.Option("001_dce_mri", help="Which seed study to run (see examples/studies)."),
             n: int = typer.Option(None, help="Patients in the demo cohort (default: the study's size)."),
             seed: int = typer.Option(2024, help="Seed of the synthetic cohort."),
             data_only: bool = typer.Option(False, "--data-only", help="Write the cohort and study.yaml, run nothing.")):
        """Generate a demo cohort, run its study, and predict an example patient."""
        if data_only:
            from axilla.demo import prepare_demo

            study_file = prepare_demo(output, study, n=n, seed=seed)
            typer.echo(f"study: {study_file}")
            typer.echo(f"cohort: {study_file.parent / 'cohort'}")
            typer.echo(f"next: axilla validate {study_file} && "
                       f"axilla run {study_file} -o {study_file.parent / 'run'}")
            return
        from axilla.demo.run import run_demo

        result = run_demo(output, study, n=n, seed=seed)
        for line in result:
            typer.echo(line)
