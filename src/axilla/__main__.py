"""``python -m axilla`` runs the command line."""
from axilla.cli import main

main()
