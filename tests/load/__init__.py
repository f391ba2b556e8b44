"""The deadline-rush load test: `make load` or `python -m tests.load.deadline_rush --help`."""
