"""``axilla selftest``: IBSI 1 digital phantom, every feature against its reference value."""
from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    @app.command()
    def selftest(failures_only: bool = typer.Option(
            False, "--failures-only", help="Print only the features that fail.")):
        """Check Axilla's IBSI features on the IBSI digital phantom; exit 1 on any failure."""
        from axilla.features.ibsi.selftest import run_selftest

        rows = run_selftest()
        typer.echo(f"{'result':6}  {'feature (IBSI tag)':32}  {'reference':>12}  {'axilla':>12}  "
                   f"{'tolerance':>9}")
        for row in rows:
            if failures_only and row.passed:
                continue
            typer.echo(f"{'pass' if row.passed else 'FAIL':6}  {row.tag:32}  {row.reference:>12.4g}  "
                       f"{row.value:>12.4g}  {row.tolerance:>9.3g}")
        failed = sum(not row.passed for row in rows)
        typer.echo(f"IBSI digital phantom: {len(rows) - failed} of {len(rows)} features within "
                   f"tolerance, {failed} failed (rule: value rounded to 3 significant digits)")
        if failed:
            # SystemExit, not typer.Exit: cli.main runs click with standalone_mode=False,
            # where click returns typer.Exit's code instead of exiting with it.
            raise SystemExit(1)
