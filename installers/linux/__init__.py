"""Debian package builder."""
