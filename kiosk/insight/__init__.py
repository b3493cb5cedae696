"""Private usage statistics for staff: which slides patients open, and for how long.

Nothing about a person is ever stored: each event is a kind, a slide id, the hour it happened in
(never the exact time), and for a few kinds a language code, a reading-aid name or a whole number
of seconds. ``store`` and ``report`` have no Qt (import-linter enforces it); ``recorder`` and
``view`` are the Qt parts (the player's signals in, the staff's charts out).
"""
