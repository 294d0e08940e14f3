"""Prints the tree hash of the installed model's data folder, for updating `models/manifest.json`."""

from __future__ import annotations

from dlpguard.engine.model import load_manifest, locate_data_dir, tree_digest


def main() -> None:
    spec = load_manifest()
    path = locate_data_dir(spec)
    digest, files, size = tree_digest(path)
    print(f"{path}\ntree_sha256={digest}\nfiles={files}\nsize_bytes={size}")


if __name__ == "__main__":
    main()
