#!/usr/bin/env bash
# Pack the PyInstaller .app into a drag-to-install disk image (macOS only: needs hdiutil, ditto).
#
#   build/macos/make_dmg.sh dist/TwitchDesk.app dist/TwitchDesk-0.1.0.dmg 0.1.0
#
# Called by build/build_installer.py after the frozen app passed its --self-test. The image holds
# TwitchDesk.app and a symlink to /Applications, so users drag one onto the other.
#
# Not done here: signing with a Developer ID and notarization (they need the project's Apple
# account). PyInstaller signs the bundle ad hoc, which Apple silicon requires to run at all; an
# un-notarized download still meets Gatekeeper, so users open it the first time with
# right-click > Open (or System Settings > Privacy & Security > Open Anyway).
set -euo pipefail

if [[ $# -ne 3 ]]; then
    echo "usage: $0 APP DMG VERSION" >&2
    exit 2
fi
app=$1
dmg=$2
version=$3
name=$(basename "$app")

if [[ ! -x "$app/Contents/MacOS/TwitchDesk" || ! -f "$app/Contents/Info.plist" ]]; then
    echo "make_dmg: $app is not the TwitchDesk .app built by PyInstaller" >&2
    exit 1
fi
plist_version=$(/usr/libexec/PlistBuddy -c "Print :CFBundleShortVersionString" "$app/Contents/Info.plist")
if [[ "$plist_version" != "$version" ]]; then
    echo "make_dmg: $app is version $plist_version, expected $version" >&2
    exit 1
fi
# The frozen app already ran its --self-test, so it launches; a broken ad-hoc signature would
# still stop it from launching once downloaded (quarantined), so say so loudly.
if ! codesign --verify --deep "$app"; then
    echo "make_dmg: warning: codesign cannot verify $app (was it changed after PyInstaller?)" >&2
fi

staging=$(mktemp -d -t twitchdesk-dmg)
trap 'rm -rf "$staging"' EXIT
# ditto keeps the bundle's symlinks (PyInstaller links Contents/Frameworks <-> Resources),
# extended attributes and signatures; cp -R does not reliably.
ditto "$app" "$staging/$name"
ln -s /Applications "$staging/Applications"

rm -f "$dmg"
# hdiutil on CI runners sometimes fails with "Resource busy": try a few times.
for attempt in 1 2 3; do
    if hdiutil create -volname "TwitchDesk $version" -srcfolder "$staging" -fs HFS+ \
        -format UDZO -imagekey zlib-level=9 -ov "$dmg"; then
        break
    fi
    if [[ $attempt -eq 3 ]]; then
        echo "make_dmg: hdiutil create failed three times" >&2
        exit 1
    fi
    sleep 5
done
hdiutil verify "$dmg"
echo "make_dmg: $dmg"
