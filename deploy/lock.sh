#!/usr/bin/env bash
# Write deploy/requirements.lock: every package the kiosk needs at run time, pinned, with the sha256 of each
# of its files on PyPI, for Python 3.11. Run it after changing `dependencies` in pyproject.toml, and commit
# the result; tests/e2e/test_install.py fails while the two disagree.
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -m uv pip compile pyproject.toml --generate-hashes --python-version 3.11 \
  --custom-compile-command "deploy/lock.sh" --quiet --output-file deploy/requirements.lock
