#!/usr/bin/env bash
# Build the one-folder app with PyInstaller: dist/euromed-desktop/ (two executables,
# euromed-desktop and euromed, sharing _internal/), then a .tar.gz of it for Linux.
#
#   packaging/build.sh             a clean build environment in build/venv (pip install . +
#                                  PyInstaller): only the declared dependencies get in
#   packaging/build.sh --current   the Python environment in use (its PyInstaller, quicker;
#                                  anything else installed there may be picked up)
#
# PYTHON chooses the interpreter for the clean environment (default python3, 3.11 or newer).
set -euo pipefail
cd "$(dirname "$0")/.."

if [[ "${1:-}" == "--current" ]]; then
    python="${PYTHON:-python}"
else
    venv=build/venv
    "${PYTHON:-python3}" -m venv --clear "$venv"
    "$venv/bin/python" -m pip install --quiet --upgrade pip
    "$venv/bin/python" -m pip install --quiet . "pyinstaller>=6.10"
    python="$venv/bin/python"
fi

"$python" -m PyInstaller --noconfirm --clean packaging/euromed-desktop.spec

# Beside the executables: the per-user installer and what it puts in place.
if [[ -d dist/euromed-desktop ]]; then
    mkdir -p dist/euromed-desktop/share
    cp packaging/install.sh dist/euromed-desktop/
    cp packaging/eu.euromed.Desktop.desktop packaging/eu.euromed.Desktop.metainfo.xml \
        packaging/application-x-euromed-bundle.xml dist/euromed-desktop/share/
fi

version=$("$python" -c 'import euromed_desktop; print(euromed_desktop.__version__)')
if [[ "$(uname -s)" == "Linux" ]]; then
    archive="dist/euromed-desktop-$version-linux-$(uname -m).tar.gz"
    tar -C dist -czf "$archive" euromed-desktop
    echo "Built dist/euromed-desktop/ and $archive"
else
    echo "Built dist/euromed-desktop/"
fi
