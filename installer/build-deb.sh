#!/usr/bin/env bash
# Package the one-folder app (installer/build-linux.sh) as dist/cityeval-desktop_VERSION_amd64.deb:
#   /opt/cityeval-desktop/             the app (both executables, _internal/)
#   /usr/bin/cityeval, cityeval-desktop  symlinks into it (on PATH)
#   /usr/share/applications/cityeval-desktop.desktop   the menu entry; opens .cityeval files (Exec=... %f)
#   /usr/share/mime/packages/cityeval-desktop.xml      the application/x-cityeval-package type (*.cityeval)
#   /usr/share/icons/hicolor/{16..256}x../apps, scalable/apps   the icon
#   /usr/share/doc/cityeval-desktop/copyright          Apache-2.0 and the bundled font's licence
#   /usr/share/doc/cityeval-desktop/                   docs/ (the user guide, formats, command line), changelog
#   /usr/share/man/man1/cityeval.1, cityeval-desktop.1 the manual pages (installer/make-man.py)
#   /usr/share/lintian/overrides/cityeval-desktop      why lintian's remaining tags are expected (a frozen app)
# DEB_MAINTAINER="Name <address>" sets the Maintainer field (a release build gives the team's real address).
# postinst/postrm refresh the MIME, desktop and icon caches. Depends: is derived from the bundled binaries:
# every shared library they need that the app does not carry (ldd), mapped to its Debian package (dpkg -S).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
APP=${APP:-$ROOT/dist/cityeval-desktop}
PYTHON=${PYTHON:-$ROOT/.venv/bin/python}
[ -x "$APP/cityeval" ] && [ -x "$APP/cityeval-desktop" ] || {
    echo "error: no built app in $APP: run installer/build-linux.sh first" >&2
    exit 2
}
command -v python3 >/dev/null 2>&1 && [ ! -x "$PYTHON" ] && PYTHON=python3
VERSION=$("$PYTHON" -c 'import tomllib; print(tomllib.load(open("pyproject.toml","rb"))["project"]["version"])')
ARCH=$(dpkg --print-architecture)
NAME=cityeval-desktop
OUT=$ROOT/dist/${NAME}_${VERSION}_${ARCH}.deb
STAGE=$ROOT/build/deb/$NAME
start=$(date +%s%N)
rm -rf "$STAGE"
mkdir -p "$STAGE/DEBIAN" "$STAGE/opt" "$STAGE/usr/bin" "$STAGE/usr/share/applications" \
    "$STAGE/usr/share/mime/packages" "$STAGE/usr/share/doc/$NAME" "$STAGE/usr/share/icons/hicolor/scalable/apps"

cp -a "$APP" "$STAGE/opt/$NAME"
# Debian policy 10.5: a link between top-level folders is absolute
ln -s "/opt/$NAME/cityeval" "$STAGE/usr/bin/cityeval"
ln -s "/opt/$NAME/cityeval-desktop" "$STAGE/usr/bin/cityeval-desktop"
install -m 644 installer/linux/$NAME.desktop "$STAGE/usr/share/applications/$NAME.desktop"
install -m 644 installer/linux/$NAME.xml "$STAGE/usr/share/mime/packages/$NAME.xml"
install -m 644 resources/icons/cityeval.svg "$STAGE/usr/share/icons/hicolor/scalable/apps/$NAME.svg"
for size in 16 32 48 64 128 256; do
    mkdir -p "$STAGE/usr/share/icons/hicolor/${size}x${size}/apps"
    install -m 644 "resources/icons/cityeval-$size.png" "$STAGE/usr/share/icons/hicolor/${size}x${size}/apps/$NAME.png"
done
{
    echo "Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/"
    echo "Upstream-Name: CityEval Desktop"
    echo
    echo "Files: *"
    echo "Copyright: CityEval Desktop developers"
    echo "License: Apache-2.0"
    echo " On Debian systems the full text is in /usr/share/common-licenses/Apache-2.0."
    echo
    echo "Files: opt/$NAME/_internal/cityeval_desktop/_bundled/resources/fonts/*"
    echo "Copyright: WenQuanYi Project"
    echo "License: Apache-2.0 or GPL-3 with font embedding exception"
    sed 's/^/ /; s/^ $/ ./' resources/fonts/LICENSE-wqy-microhei.txt
} >"$STAGE/usr/share/doc/$NAME/copyright"
# the manual pages (from the programs' own parsers), the documentation, the changelog, lintian's overrides
mkdir -p "$STAGE/usr/share/man/man1" "$STAGE/usr/share/lintian/overrides"
PYTHONPATH=$ROOT${PYTHONPATH:+:$PYTHONPATH} "$PYTHON" installer/make-man.py "$STAGE/usr/share/man/man1" >/dev/null
gzip -9n "$STAGE/usr/share/man/man1/cityeval.1" "$STAGE/usr/share/man/man1/cityeval-desktop.1"
cp -r docs/. "$STAGE/usr/share/doc/$NAME/"
# the generators stay in the repository, and the bytecode a test run compiled of them (docs/__pycache__/) too
find "$STAGE/usr/share/doc/$NAME" \( -name '*.py' -o -name '*.pyc' \) -delete
find "$STAGE/usr/share/doc/$NAME" -depth -type d -name __pycache__ -empty -delete
MAINTAINER=${DEB_MAINTAINER:-"CityEval Desktop developers <cityeval-desktop@localhost>"}
when=$(date -R ${SOURCE_DATE_EPOCH:+-d "@$SOURCE_DATE_EPOCH"})
printf '%s (%s) unstable; urgency=medium\n\n  * Release %s (README.md and docs/ say what it does).\n\n -- %s  %s\n' \
    "$NAME" "$VERSION" "$VERSION" "$MAINTAINER" "$when" | gzip -9n >"$STAGE/usr/share/doc/$NAME/changelog.gz"
install -m 644 installer/linux/lintian-overrides "$STAGE/usr/share/lintian/overrides/$NAME"
if [ -z "${DEB_MAINTAINER:-}" ]; then  # a local build's address; a release build sets a real one
    printf '\n# a local build (DEB_MAINTAINER unset) has no real address\n%s: bogus-mail-host\n%s: bogus-mail-host-in-debian-changelog\n' "$NAME" "$NAME" \
        >>"$STAGE/usr/share/lintian/overrides/$NAME"
fi
# shared objects are read, not run: only the two executables keep their x bit
find "$STAGE/opt/$NAME/_internal" -type f -name '*.so*' -exec chmod 644 {} +
install -m 755 installer/linux/postinst "$STAGE/DEBIAN/postinst"
install -m 755 installer/linux/postrm "$STAGE/DEBIAN/postrm"

# --- Depends: the shared libraries the bundled ELF files need from the system
declare -A packages=() libs=()
missing=()
while IFS= read -r -d '' elf; do
    [ "$(head -c4 "$elf" | od -An -tx1 | tr -d ' \n')" = 7f454c46 ] || continue # ELF files only
    while IFS= read -r line; do
        case $line in
            *"=> not found"*) missing+=("${elf#"$STAGE"}: ${line%% *}") ;;
            *"=> /"*)
                lib=${line#*=> }
                lib=${lib%% (*}
                case $lib in "$STAGE"/*) ;; *) libs[$lib]=1 ;; esac # outside the app: the system's
                ;;
        esac
    done < <(LD_LIBRARY_PATH="$STAGE/opt/$NAME/_internal:$STAGE/opt/$NAME/_internal/PySide6/Qt/lib" ldd "$elf" 2>/dev/null || true)
done < <(find "$STAGE/opt/$NAME" -type f \( -name '*.so*' -o -perm -u+x \) -print0)
for lib in "${!libs[@]}"; do  # each library once: dpkg -S reads the whole file list
    owner=$(dpkg -S "$lib" 2>/dev/null || dpkg -S "$(readlink -f "$lib")" 2>/dev/null ||
        dpkg -S "${lib#/usr}" 2>/dev/null || true)
    if [ -z "$owner" ]; then
        missing+=("$lib (no Debian package owns it)")
    else
        packages[${owner%%:*}]=1
    fi
done
if [ ${#missing[@]} -ne 0 ]; then
    printf 'error: a bundled binary needs a library this machine cannot place:\n' >&2
    printf '  %s\n' "${missing[@]}" | sort -u >&2
    exit 1
fi
# Qt's xcb platform plugin dlopens the X input and GL libraries it does not link against (the README's list)
for pkg in libxkbcommon-x11-0 libxcb-cursor0 libgl1 libegl1; do packages[$pkg]=1; done
depends=$(printf '%s\n' "${!packages[@]}" | sort -u | paste -sd, | sed 's/,/, /g')

installed_kb=$(du -sk --apparent-size "$STAGE" --exclude=DEBIAN | cut -f1)
cat >"$STAGE/DEBIAN/control" <<CONTROL
Package: $NAME
Version: $VERSION
Architecture: $ARCH
Maintainer: $MAINTAINER
Installed-Size: $installed_kb
Depends: $depends
Recommends: shared-mime-info, desktop-file-utils, poppler-utils
Section: misc
Priority: optional
Description: CityEval Desktop — 城市全域数字化转型经营主体评估工作台
 An offline workbench for assessing the companies that plan (规划咨询), build
 (建设实施) and run (运营运维) city-wide digital-transformation projects:
 assessors score cases against the category checklists, attach evidence and
 sign the final report; operators run a guided self-check; agencies import
 and verify signed case packages (.cityeval) and read the regional view.
 .
 离线评估工作台：评估机构按类别核查清单逐项打分、添加证据、签署最终报告；
 经营主体进行引导式自评；主管部门导入并核验签名的案例包（.cityeval），
 查看区域总览。包含图形界面 cityeval-desktop 与命令行 cityeval。
CONTROL
find "$STAGE" -type d -exec chmod 755 {} +
mkdir -p "$(dirname "$OUT")"
rm -f "$OUT"
fakeroot_cmd=()
[ "$(id -u)" -ne 0 ] && command -v fakeroot >/dev/null 2>&1 && fakeroot_cmd=(fakeroot)
# xz (every dpkg reads it) at level 1: measured on the 261 MB app (2 cores), 28 s for 101 MB against 97 s for
# 93 MB at dpkg-deb's usual level 6; DEB_XZ_LEVEL=6 (or 9) for a smaller release file
"${fakeroot_cmd[@]}" dpkg-deb --root-owner-group -Zxz "-z${DEB_XZ_LEVEL:-1}" --build "$STAGE" "$OUT" >/dev/null
end=$(date +%s%N)
"$PYTHON" -c 'import sys; out, kb, dep, s, e = sys.argv[1:]
import os
print(f"built {out}: {os.path.getsize(out) / 1048576:.1f} MB (installed {int(kb) / 1024:.1f} MB) in {(int(e) - int(s)) / 1e9:.1f} s")
print(f"Depends: {dep}")' "$OUT" "$installed_kb" "$depends" "$start" "$end"
