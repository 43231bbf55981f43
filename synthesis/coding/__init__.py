"""Inductive coding: the UI-free session behind the coding view."""

from .session import CodingSession, Progress, Run

__all__ = ["CodingSession", "Progress", "Run"]
