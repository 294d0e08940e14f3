"""The admin policy: schema, layering, signatures, replay protection and live reload."""
