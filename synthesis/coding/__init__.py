"""Inductive coding: the UI-free session behind the coding view."""

from .session import CodingSession, Document, Progress, Run

__all__ = ["CodingSession", "Document", "Progress", "Run"]
