"""Clinic Kiosk: a waiting-room information screen for clinics."""

__version__ = "0.1.0"
