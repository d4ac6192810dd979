"""`axilla bundle-keygen` and `axilla bundle-sign`: prove which site exported a bundle."""
from __future__ import annotations

from pathlib import Path

import typer


def register(app: typer.Typer) -> None:
    @app.command("bundle-keygen")
    def bundle_keygen(private: Path = typer.Option(..., "--private", help="Private key PEM to "
                                                   "write (keep it; mode 0600)."),
                      public: Path = typer.Option(..., "--public", help="Public key PEM to "
                                                  "write (give it to the sites that predict).")):
        """Make an Ed25519 key pair for signing model bundles."""
        from axilla.study.bundle_signature import generate_keypair

        key_id = generate_keypair(private, public)
        typer.echo(f"key {key_id}: private {private} (keep secret), public {public}")

    @app.command("bundle-sign")
    def bundle_sign(bundle: Path = typer.Argument(..., help="The bundle/ folder of a run."),
                    key: Path = typer.Option(..., "--key", help="Private key PEM "
                                             "(from `axilla bundle-keygen`).")):
        """Sign a bundle (writes bundle.sig and rebuilds the bundle's zip)."""
        from axilla.study.bundle import sign_bundle

        sign_bundle(bundle, key)
        typer.echo(f"signed: {bundle} and {bundle.with_suffix('.zip')}")
