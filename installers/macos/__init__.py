"""macOS pkg layout."""
