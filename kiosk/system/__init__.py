"""Running as an appliance: logs, one instance, the systemd watchdog, no screen blanking."""
