"""The Qt toolkit no single feature owns: theme, widget helpers, images, background tasks,
file watchers (live reload, announcements), Qt's log messages. The patient screens, staff mode and
statistics all build on it; it knows none of them (enforced by import-linter in pyproject.toml)."""
