#!/usr/bin/env bash
# Refresh the Chinese translation catalogue from the UI sources, then compile it.
#
#   installer/update-translations.sh            (run from anywhere inside the repository)
#   PYSIDE6_BIN=/path/to/bin installer/update-translations.sh
#
# 1. pyside6-lupdate scans every .py file under cityeval_desktop/ui/ and merges the
#    messages into resources/translations/cityeval_zh_CN.ts: existing translations are
#    kept, strings no longer in the code are dropped (-no-obsolete), new ones are added
#    as "unfinished" for a translator (Qt Linguist: .venv/bin/pyside6-linguist).
# 2. pyside6-lrelease compiles the .ts into resources/translations/cityeval_zh_CN.qm,
#    the file the application loads at start-up.
#
# Commit both files. tests/gui/test_translations.py fails while a message is untranslated
# or the .ts/.qm are out of date with the code.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

bin="${PYSIDE6_BIN:-$root/.venv/bin}"
lupdate="$bin/pyside6-lupdate"
lrelease="$bin/pyside6-lrelease"
for tool in "$lupdate" "$lrelease"; do
    if [[ ! -x "$tool" ]]; then
        echo "error: $tool not found; set PYSIDE6_BIN to the folder holding pyside6-lupdate/pyside6-lrelease" >&2
        exit 2
    fi
done

ts="resources/translations/cityeval_zh_CN.ts"
qm="resources/translations/cityeval_zh_CN.qm"
mkdir -p "$(dirname "$ts")"

# Python sources must be named one by one (lupdate does not pick .py files from a folder).
mapfile -t sources < <(find cityeval_desktop/ui -name '*.py' -type f | LC_ALL=C sort)
if [[ ${#sources[@]} -eq 0 ]]; then
    echo "error: no Python sources under cityeval_desktop/ui" >&2
    exit 2
fi

"$lupdate" -no-obsolete -locations relative -source-language en -target-language zh_CN \
    "${sources[@]}" -ts "$ts"
"$lrelease" "$ts" -qm "$qm"

unfinished="$(grep -c 'type="unfinished"' "$ts" || true)"
if [[ "$unfinished" != "0" ]]; then
    echo "note: $unfinished message(s) in $ts still need a Chinese translation" >&2
fi
