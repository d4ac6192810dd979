"""features/filters stage."""
