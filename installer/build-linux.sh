#!/usr/bin/env bash
# Build the one-folder Linux app dist/cityeval-desktop/ (executables cityeval-desktop and cityeval)
# with PyInstaller from installer/cityeval.spec. Prints the build time and the folder's size.
#   installer/build-linux.sh            uses .venv (PYTHON=/path/to/python to use another interpreter)
# PyInstaller (the pinned `build` extra of pyproject.toml) is installed into that venv when missing.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
PYTHON=${PYTHON:-$ROOT/.venv/bin/python}
if [ ! -x "$PYTHON" ]; then
    echo "error: no Python at $PYTHON; create the venv first (README: quick start) or set PYTHON" >&2
    exit 2
fi
if ! "$PYTHON" -c "import PyInstaller" 2>/dev/null; then
    # only the build extra's own packages: the program's are installed already (pip install . / -e .)
    mapfile -t pins < <("$PYTHON" - <<'PY'
import tomllib
print("\n".join(tomllib.load(open("pyproject.toml", "rb"))["project"]["optional-dependencies"]["build"]))
PY
)
    echo "installing ${pins[*]} into $("$PYTHON" -c 'import sys; print(sys.prefix)')"
    "$PYTHON" -m pip install -q "${pins[@]}"
fi
VERSION=$("$PYTHON" -c 'import tomllib; print(tomllib.load(open("pyproject.toml","rb"))["project"]["version"])')
start=$(date +%s.%N)
# the translations the app loads are the compiled .qm, checked in; the spec reads the version itself
PYTHONPATH=$ROOT${PYTHONPATH:+:$PYTHONPATH} "$PYTHON" -m PyInstaller --noconfirm --clean --log-level WARN \
    --distpath "$ROOT/dist" --workpath "$ROOT/build/pyinstaller" "$ROOT/installer/cityeval.spec"
end=$(date +%s.%N)
APP=$ROOT/dist/cityeval-desktop
for exe in cityeval-desktop cityeval; do
    [ -x "$APP/$exe" ] || { echo "error: $APP/$exe was not built" >&2; exit 1; }
done
size_kb=$(du -sk "$APP" | cut -f1)
files=$(find "$APP" -type f | wc -l)
"$PYTHON" -c 'import sys; v, s, e, app, kb, n = sys.argv[1:]
print(f"built cityeval-desktop {v} in {float(e) - float(s):.1f} s: {app}, {int(kb) / 1024:.1f} MB ({n} files)")' \
    "$VERSION" "$start" "$end" "$APP" "$size_kb" "$files"
