#!/usr/bin/env bash
# On a machine with access to PyPI: fill WHEELHOUSE with everything a terminal needs to install the kiosk
# without a network: the wheels of deploy/requirements.lock (each checked against its hash) and the
# kiosk's own wheel, beside a copy of the lock file and of install-offline.sh. Copy the folder to the
# terminals (a USB stick), then run install-offline.sh there.
#   deploy/build-wheelhouse.sh WHEELHOUSE
# The wheels are for this machine's Python and architecture: build on the terminals' kind (Debian 12,
# Python 3.11, x86_64 or aarch64), or add pip's --platform/--python-version options below.
set -euo pipefail
wheelhouse=${1:?usage: build-wheelhouse.sh WHEELHOUSE}
here="$(cd "$(dirname "$0")" && pwd)"
mkdir -p "$wheelhouse"
python3 -m pip download --quiet --require-hashes --only-binary=:all: --dest "$wheelhouse" \
  --requirement "$here/requirements.lock"
python3 -m pip wheel --quiet --no-deps --wheel-dir "$wheelhouse" "$here/.."
cp "$here/requirements.lock" "$here/install-offline.sh" "$wheelhouse/"
echo "wheelhouse: $(ls "$wheelhouse"/*.whl | wc -l) wheels in $wheelhouse"
