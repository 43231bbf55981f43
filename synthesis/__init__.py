"""Synthesis workbench."""
