"""deep stage."""
