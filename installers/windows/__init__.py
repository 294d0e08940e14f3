"""Windows MSI sources."""
