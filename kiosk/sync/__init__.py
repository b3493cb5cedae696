"""Several screens, one content folder, kept in step by Syncthing (no server of our own)."""
