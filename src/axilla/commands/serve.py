"""`axilla serve --bundle B [--port 8000] [--workdir DIR]`, or `--export calculator.html`.

Serves the nomogram calculator on this computer (127.0.0.1 by default) until Ctrl-C; with
``--export`` writes it as one static HTML file instead and exits.
"""
from __future__ import annotations

from pathlib import Path

import typer


def register(app: typer.Typer) -> None:
    @app.command()
    def serve(bundle: Path = typer.Option(..., "--bundle", help="bundle/ folder or bundle.zip."),
              host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on "
                                       "(127.0.0.1: this computer only)."),
              port: int = typer.Option(8000, "--port", help="Port to listen on."),
              workdir: Path = typer.Option(Path("axilla_serve"), "--workdir",
                                           help="The only folder the server writes in "
                                                "(uploads, temporary files)."),
              verify_key: Path = typer.Option(None, "--verify-key", help="Ed25519 public key "
                                              "(PEM): refuse a bundle its holder did not sign."),
              export: Path = typer.Option(None, "--export", help="Write the calculator as one "
                                          "static HTML file (no server) and exit.")):
        """Nomogram calculator for clinicians: a local web app, or one static HTML file."""
        if export is not None:
            from axilla.serve.static_export import export_calculator

            written = export_calculator(bundle, export, verify_key=verify_key)
            typer.echo(f"written: {written} (open it in a browser; it computes the risk "
                       "in the page)")
            return
        from axilla.serve import serve as run_server

        run_server(bundle, workdir, host=host, port=port, verify_key=verify_key,
                   announce=typer.echo)
