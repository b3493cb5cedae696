"""Staff-only parts of the kiosk: the staff PIN (Qt-free) and what it unlocks."""
