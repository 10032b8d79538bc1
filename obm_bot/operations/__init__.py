"""Running the loket for real: the doctor, backups and restore, health and metrics, the demo."""
