"""Packaging for DLP Guard: the install layout table, generated files and per-platform builders."""
