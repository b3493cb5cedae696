"""Composition roots: the one place each program is built and its parts are connected.

``kiosk`` builds the kiosk (window, watchers, statistics, staff mode, appliance services),
``desk`` the desk editor, ``screenshot`` a single picture; ``qt`` makes the QApplication they
share. The parts themselves never reach for each other: they emit signals, and these modules
connect them.
"""
