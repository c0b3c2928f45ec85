#!/usr/bin/env bash
# Install the unpacked app for the current user (no administrator rights needed):
# the folder goes to ~/.local/opt/euromed-desktop, the two commands to ~/.local/bin, and the
# menu entry, icon, AppStream data and the .euromed file type to ~/.local/share.
#   ./install.sh              install (or update) from this folder
#   ./install.sh --uninstall  remove what install.sh put in place (meetings are kept)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
id=eu.euromed.Desktop
opt="$HOME/.local/opt/euromed-desktop"
bin="$HOME/.local/bin"
share="${XDG_DATA_HOME:-$HOME/.local/share}"

remove() {
    rm -rf "$opt"
    rm -f "$bin/euromed-desktop" "$bin/euromed" \
        "$share/applications/$id.desktop" "$share/metainfo/$id.metainfo.xml" \
        "$share/icons/hicolor/scalable/apps/$id.svg" "$share/mime/packages/$id.xml"
}

if [[ "${1:-}" == "--uninstall" ]]; then
    remove
    echo "EUROMED Desktop removed. The meetings in your data folder are still there."
    exit 0
fi

if [[ "$here" != "$opt" ]]; then
    rm -rf "$opt"
    mkdir -p "$(dirname "$opt")"
    cp -a "$here" "$opt"
fi
mkdir -p "$bin" "$share/applications" "$share/metainfo" "$share/icons/hicolor/scalable/apps" \
    "$share/mime/packages"
ln -sf "$opt/euromed-desktop" "$bin/euromed-desktop"
ln -sf "$opt/euromed" "$bin/euromed"
sed "s|^Exec=euromed-desktop|Exec=$opt/euromed-desktop|" "$opt/share/$id.desktop" \
    >"$share/applications/$id.desktop"
cp "$opt/share/$id.metainfo.xml" "$share/metainfo/"
cp "$opt/_internal/euromed_desktop/resources/icons/euromed-desktop.svg" \
    "$share/icons/hicolor/scalable/apps/$id.svg"
cp "$opt/share/application-x-euromed-bundle.xml" "$share/mime/packages/$id.xml"
command -v update-mime-database >/dev/null && update-mime-database "$share/mime" || true
command -v update-desktop-database >/dev/null && update-desktop-database "$share/applications" || true
echo "EUROMED Desktop installed: find it in the applications menu, or run euromed-desktop."
