"""The load test is a command (`make load`), never part of `make test`: pytest collects nothing here."""

collect_ignore_glob = ["*.py"]
