"""One module per ``axilla`` subcommand; each defines ``register(app)``."""
