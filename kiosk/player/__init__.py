"""The patient-facing player: the cycling slides, the detail screen and their window."""
