#!/usr/bin/env bash
# On a terminal without a network: install the kiosk from a wheelhouse made by build-wheelhouse.sh into a
# fresh virtual environment PREFIX (e.g. /opt/jiangsu-card-kiosk), then check the guide it carries.
#   WHEELHOUSE/install-offline.sh WHEELHOUSE PREFIX
# Nothing is fetched: pip is told --no-index, and every wheel but the kiosk's own must match its hash in
# the lock file. Upgrading: run it again with a newer wheelhouse and a new PREFIX, point the unit at it.
set -euo pipefail
wheelhouse="$(cd "${1:?usage: install-offline.sh WHEELHOUSE PREFIX}" && pwd)"
prefix=${2:?usage: install-offline.sh WHEELHOUSE PREFIX}
"${PYTHON:-python3}" -m venv "$prefix"  # $PYTHON: another Python 3.11, e.g. /usr/bin/python3
"$prefix/bin/python" -m pip install --quiet --no-index --find-links "$wheelhouse" --require-hashes \
  --requirement "$wheelhouse/requirements.lock"
kiosk_wheels=("$wheelhouse"/jiangsu_card_kiosk-*.whl)
"$prefix/bin/python" -m pip install --quiet --no-index --no-deps "${kiosk_wheels[-1]}"
"$prefix/bin/kiosk" --version
"$prefix/bin/kiosk" guide check
