"""Harmonised THB statistics on the common standard of the design brief, 6.1."""
