"""Table models of the regional view (issue 13 §2.2): entities, region × category figures, dimension
means against the national mean, and the entities × dimensions heatmap; the in-memory filter proxy.

The models sort themselves (a Python sort of precomputed keys: 10,000 rows in milliseconds) and the
proxy only filters, from per-row search texts computed once per set of rows, so a keystroke in the
search or region box costs one pass over the rows, not a sort through Qt's item roles.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from datetime import timedelta
from decimal import Decimal
from functools import lru_cache
from typing import Any, ClassVar, cast

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,  # type: ignore[attr-defined]
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QBrush, QColor, QFont

from cityeval_desktop.domain import days, result_text
from cityeval_desktop.domain.regions import codes as region_codes
from cityeval_desktop.domain.regions import region_name, region_warning
from cityeval_desktop.services.region import BY_REGISTRATION, EXPIRING_DAYS, EntityRow, Group, Summary
from cityeval_desktop.ui import i18n, labels
from cityeval_desktop.ui.widgets.charts import score_color
from cityeval_desktop.ui.widgets.table_model import RowsTableModel

Index = QModelIndex | QPersistentModelIndex
ROW_ROLE = Qt.ItemDataRole.UserRole + 1
_DISPLAY = Qt.ItemDataRole.DisplayRole
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
_CENTER = int(Qt.AlignmentFlag.AlignCenter)
UNTRUSTED_FG = QColor("#8a5a00")
SELF_BG = QColor("#eef4ff")
WEAK_BG = QColor("#fde8e7")
WARN_FG = QColor("#b3261e")
MUTED_FG = QColor("#6b7280")


def region_words(code: str) -> tuple[str, str | None]:
    """A region code in words (``福建省福州市``) and the warning of a code not in the list (shown as ``⚠ code``)."""
    return _region_words(code, i18n.lang())


@lru_cache(maxsize=8192)
def _region_words(code: str, lang: str) -> tuple[str, str | None]:
    if not code:
        return "–", None
    name = region_name(code)
    if name is not None:
        return name.get(lang), None
    warning = region_warning(code)
    return f"⚠ {code}", warning.get(lang) if warning else None


@lru_cache(maxsize=2)
def region_choices(lang: str) -> tuple[str, ...]:
    """Every code of the bundled list with its name (``350100 福建省福州市``), for the region box."""
    out = []
    for code in region_codes():
        name = region_name(code)
        out.append(f"{code} {name.get(lang)}" if name else code)
    return tuple(out)


def grade_label(found: Summary | None, category: str, grade: str, *, short: bool = False) -> str:
    """A grade in words: a letter grade with its title (``AA 良好``, ``AA`` when ``short``), any other
    grade by its title alone (its id, e.g. ``fail``, is internal); ``vetoed`` and ``none`` in words."""
    if found is None:
        return grade
    if grade in ("vetoed", "none"):
        return found.grade_words(category, grade, i18n.lang())
    title = found.grade_titles.get((category, grade))
    if title is None or (short and result_text.is_letter_grade(grade)):
        return grade
    return result_text.grade_id_words(grade, title).get(i18n.lang())


def money(value: Decimal | None) -> str:
    return "–" if value is None else f"{value:.2f}"


def _number(value: Decimal | None) -> float:
    return -1.0 if value is None else float(value)


def region_prefix(code: str) -> str:
    """The prefix of a 6-digit code that its parts share (``350000`` → ``35``, ``350100`` → ``3501``), as
    ``services.region`` reads ``--region``; a shorter run of digits is taken as typed."""
    if len(code) == 6:
        while code.endswith("00") and len(code) > 2:
            code = code[:-2]
    return code


_DIGITS = re.compile(r"\s*([0-9]{1,6})(?![0-9])")


def region_query(text: str) -> tuple[str, str]:
    """What the region box asks for: ``("code", prefix)`` for a typed or chosen code (its name may follow),
    ``("name", words)`` for words to find in region names, ``("", "")`` for every region."""
    text = text.strip()
    if not text:
        return "", ""
    match = _DIGITS.match(text)
    if match:
        return "code", region_prefix(match.group(1))
    return "name", text.casefold()


class _RowsModel(RowsTableModel):
    """Rows of :class:`EntityRow` (with whether each is a self-check) that sort themselves and carry the
    texts the filter proxy matches: name and USCC, and the region (code and name) of the view's ``by``."""

    _rows: list[tuple[EntityRow, bool]]
    HEADER_TOOLTIPS = True  # the page narrows headers to a word (ElidingHeader): the full name on hover

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._search: list[str] = []
        self._region_codes: list[str] = []
        self._region_names: list[str] = []
        self._display: dict[tuple[int, int], str] = {}
        self._names: dict[str, tuple[str, str | None]] = {}
        self._sorted: tuple[int, Qt.SortOrder] | None = None
        self._headers: list[str] | None = None

    def headers(self) -> list[str]:
        if self._headers is None:  # asked for on every columnCount(): translated once
            self._headers = [QCoreApplication.translate("RegionModels", c) for c in self.COLUMNS]
        return self._headers

    def set_entity_rows(self, rows: Sequence[tuple[EntityRow, bool]], by: str) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self._display = {}
        self._names = {}
        self._by = by
        self._index_texts()
        if self._sorted is not None:
            self._sort_rows(*self._sorted)
        self.endResetModel()

    def _index_texts(self) -> None:
        key = (lambda r: r.registration_region) if self._by == BY_REGISTRATION else (lambda r: r.service_region)
        self._search = [f"{r.entity_name}\n{r.uscc}".casefold() for r, _ in self._rows]
        self._region_codes = [key(r) or "" for r, _ in self._rows]
        self._region_names = [self.region(code)[0].casefold() for code in self._region_codes]

    def region(self, code: str) -> tuple[str, str | None]:
        """A region in words with its warning (cached per code: a few hundred codes over 10,000 rows)."""
        found = self._names.get(code)
        if found is None:
            found = self._names[code] = region_words(code)
        return found

    def entity(self, row: int) -> EntityRow:
        return self._rows[row][0]

    def is_self_check(self, row: int) -> bool:
        return self._rows[row][1]

    def matches(self, row: int, search: str, region: tuple[str, str]) -> bool:
        if search and search not in self._search[row]:
            return False
        kind, value = region
        if kind == "code":
            return self._region_codes[row].startswith(value)
        if kind == "name":
            return value in self._region_names[row]
        return True

    def column_count(self) -> int:
        return len(self.headers())

    def header(self, section: int) -> str:
        return self.headers()[section]

    def sort_key(self, row: tuple[EntityRow, bool], col: int) -> Any:
        return ""

    def _sort_rows(self, col: int, order: Qt.SortOrder) -> None:
        keyed = sorted(
            range(len(self._rows)),
            key=lambda i: self.sort_key(self._rows[i], col),
            reverse=order == Qt.SortOrder.DescendingOrder,
        )
        self._rows = [self._rows[i] for i in keyed]
        self._display = {}
        self._index_texts()
        self._last_permutation = keyed

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort by ``column`` (numbers as numbers, dates as dates), keeping the selection."""
        if not 0 <= column < self.columnCount():
            return
        self.layoutAboutToBeChanged.emit()
        self._sorted = (column, order)
        self._sort_rows(column, order)
        new_row = {old: new for new, old in enumerate(self._last_permutation)}
        old = self.persistentIndexList()
        self.changePersistentIndexList(old, [self.index(new_row[i.row()], i.column()) for i in old])
        self.layoutChanged.emit()


class EntityTableModel(_RowsModel):
    """The entity table: one row per listed result (counted, untrusted shown, and self-checks beside)."""

    (
        COL_ENTITY,
        COL_USCC,
        COL_REGISTRATION,
        COL_SERVICE,
        COL_CATEGORY,
        COL_TIER,
        COL_GRADE,
        COL_TOTAL,
        COL_MODE,
        COL_ASSESSOR,
        COL_FINALIZED,
        COL_VALID,
        COL_TRUST,
    ) = range(13)
    COLUMNS: ClassVar[list[str]] = cast(
        list[str],  # QT_TRANSLATE_NOOP returns its text (typed as object)
        [
            QT_TRANSLATE_NOOP("RegionModels", "Entity"),
            QT_TRANSLATE_NOOP("RegionModels", "USCC"),
            QT_TRANSLATE_NOOP("RegionModels", "Registered in"),
            QT_TRANSLATE_NOOP("RegionModels", "Service region"),
            QT_TRANSLATE_NOOP("RegionModels", "Category"),
            QT_TRANSLATE_NOOP("RegionModels", "Tier"),
            QT_TRANSLATE_NOOP("RegionModels", "Latest grade"),
            QT_TRANSLATE_NOOP("RegionModels", "Total"),
            QT_TRANSLATE_NOOP("RegionModels", "Mode"),
            QT_TRANSLATE_NOOP("RegionModels", "Assessor organisation"),
            QT_TRANSLATE_NOOP("RegionModels", "Finalized"),
            QT_TRANSLATE_NOOP("RegionModels", "Valid until"),
            QT_TRANSLATE_NOOP("RegionModels", "Trust"),
        ],
    )

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._summary: Summary | None = None
        self._italic = QFont()
        self._italic.setItalic(True)

    def set_summary(self, found: Summary, self_checks: Sequence[EntityRow] = ()) -> None:
        """The summary's entity rows, and ``self_checks`` beside them (marked, never counted)."""
        self._summary = found
        rows = [(r, False) for r in found.entities] + [(r, True) for r in self_checks]
        self.set_entity_rows(rows, found.by)

    def grade_text(self, r: EntityRow) -> str:
        return grade_label(self._summary, r.category, "vetoed" if r.vetoed else (r.grade or "none"))

    def trust_text(self, r: EntityRow, self_check: bool) -> str:
        if self_check:
            return QCoreApplication.translate("RegionModels", "Self-check (not counted)")
        if not r.trusted:
            return (
                QCoreApplication.translate("RegionModels", "Untrusted (counted)")
                if r.counted
                else QCoreApplication.translate("RegionModels", "Untrusted (not counted)")
            )
        return QCoreApplication.translate("RegionModels", "Trusted")

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row, col = index.row(), index.column()
        if not 0 <= row < len(self._rows):
            return None
        if role == _DISPLAY:
            key = (row, col)
            text = self._display.get(key)
            if text is None:
                text = self._display[key] = self._text(*self._rows[row], col)
            return text
        r, self_check = self._rows[row]
        if role == ROW_ROLE:
            return r
        if role == Qt.ItemDataRole.TextAlignmentRole and col == self.COL_TOTAL:
            return _RIGHT
        if role == Qt.ItemDataRole.BackgroundRole and self_check:
            return QBrush(SELF_BG)
        if role == Qt.ItemDataRole.ForegroundRole:
            if not r.trusted and not self_check:
                return UNTRUSTED_FG
            if col in (self.COL_REGISTRATION, self.COL_SERVICE) and self._region_warning(r, col):
                return WARN_FG
            if col == self.COL_VALID and r.valid_until is not None and self._expiring(r):
                return WARN_FG
            return None
        if role == Qt.ItemDataRole.FontRole and (self_check or not r.trusted):
            return self._italic
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(r, self_check, col)
        return None

    def _region_warning(self, r: EntityRow, col: int) -> str | None:
        code = r.registration_region if col == self.COL_REGISTRATION else r.service_region
        return self.region(code)[1]

    def _expiring(self, r: EntityRow) -> bool:
        day = self._summary.as_of if self._summary is not None else days.today()
        return r.valid_until is not None and r.valid_until <= day + timedelta(days=EXPIRING_DAYS)

    def _tooltip(self, r: EntityRow, self_check: bool, col: int) -> str | None:
        if col in (self.COL_REGISTRATION, self.COL_SERVICE):
            code = r.registration_region if col == self.COL_REGISTRATION else r.service_region
            words, warning = self.region(code)
            return f"{code} {words}" if warning is None else warning
        if col == self.COL_TRUST:
            if self_check:
                return QCoreApplication.translate(
                    "RegionModels", "A self-check: shown beside the third-party results, never counted in any figure"
                )
            if not r.trusted:
                return QCoreApplication.translate(
                    "RegionModels",
                    "Imported from a package whose signer is not trusted here: left out of the figures "
                    "unless “Include untrusted” is on",
                )
        if col == self.COL_VALID and self._expiring(r):
            return QCoreApplication.translate("RegionModels", "Expires within %1 days of the as-of date").replace(
                "%1", str(EXPIRING_DAYS)
            )
        if col == self.COL_ENTITY:
            return f"{r.entity_name}\n{r.ref}"
        return self._text(r, self_check, col)  # the full text of a column narrowed to fit the window

    def _text(self, r: EntityRow, self_check: bool, col: int) -> str:
        if col == self.COL_ENTITY:
            return r.entity_name
        if col == self.COL_USCC:
            return r.uscc
        if col == self.COL_REGISTRATION:
            return self.region(r.registration_region)[0]
        if col == self.COL_SERVICE:
            return self.region(r.service_region)[0]
        if col == self.COL_CATEGORY:
            return labels.category(r.category)
        if col == self.COL_TIER:
            return labels.tier(r.tier)
        if col == self.COL_GRADE:
            return self.grade_text(r)
        if col == self.COL_TOTAL:
            return money(r.total)
        if col == self.COL_MODE:
            return labels.mode("self" if self_check else "third-party")
        if col == self.COL_ASSESSOR:
            return r.assessor_org or "–"
        if col == self.COL_FINALIZED:
            return r.finalized_at.astimezone().strftime("%Y-%m-%d") if r.finalized_at else "–"
        if col == self.COL_VALID:
            return r.valid_until.isoformat() if r.valid_until else "–"
        return self.trust_text(r, self_check)

    def sort_key(self, row: tuple[EntityRow, bool], col: int) -> Any:
        r, self_check = row
        if col == self.COL_TOTAL:
            return _number(r.total)
        if col == self.COL_GRADE:  # vetoed last, then by the total the grade follows from
            return (0 if r.vetoed else 1, _number(r.total))
        if col == self.COL_FINALIZED:
            return r.finalized_at.timestamp() if r.finalized_at else -1.0
        if col == self.COL_VALID:
            return r.valid_until.toordinal() if r.valid_until else -1
        if col == self.COL_TRUST:
            return (self_check, r.trusted)
        return self._text(r, self_check, col)


class HeatmapModel(_RowsModel):
    """Entities × dimensions of one category: each cell the cached dimension score, coloured by
    ``charts.score_color``; a dimension excluded at the case's tier is "—"."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._dimensions: list[tuple[str, str]] = []
        self._scores: dict[int, dict[str, Decimal | None]] = {}
        self.category: str | None = None

    def headers(self) -> list[str]:
        if self._headers is None:
            entity = QCoreApplication.translate("RegionModels", "Entity")
            self._headers = [entity, *(title for _, title in self._dimensions)]
        return self._headers

    def set_heatmap(
        self,
        category: str | None,
        rows: Sequence[EntityRow],
        dimensions: list[tuple[str, str]],
        scores: dict[int, dict[str, Decimal | None]],
        by: str,
    ) -> None:
        """``rows`` of ``category``; ``dimensions`` (id, title) in the framework's order; ``scores`` by case row."""
        self.category = category
        self._dimensions = dimensions
        self._headers = None
        self._scores = scores
        self.set_entity_rows([(r, False) for r in rows], by)

    def dimension_ids(self) -> list[str]:
        return [d for d, _ in self._dimensions]

    def score(self, row: int, col: int) -> Decimal | None:
        r = self._rows[row][0]
        return self._scores.get(r.case_id, {}).get(self._dimensions[col - 1][0])

    def _has(self, row: int, col: int) -> bool:
        return self._dimensions[col - 1][0] in self._scores.get(self._rows[row][0].case_id, {})

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row, col = index.row(), index.column()
        if not 0 <= row < len(self._rows):
            return None
        r = self._rows[row][0]
        if role == ROW_ROLE:
            return r
        if col == 0:
            if role == _DISPLAY:
                return r.entity_name
            if role == Qt.ItemDataRole.ToolTipRole:
                return f"{r.uscc}\n{r.ref}"
            if role == Qt.ItemDataRole.FontRole and not r.trusted:
                font = QFont()
                font.setItalic(True)
                return font
            return None
        score = self.score(row, col)
        if role == _DISPLAY:
            if score is None:
                return "—" if self._has(row, col) else ""
            return f"{score:.2f}"
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return _CENTER
        if role == Qt.ItemDataRole.BackgroundRole and score is not None:
            return QBrush(score_color(float(score)))
        if role == Qt.ItemDataRole.ForegroundRole:
            return QColor("#ffffff") if score is not None else MUTED_FG
        if role == Qt.ItemDataRole.ToolTipRole:
            title = self._dimensions[col - 1][1]
            if score is None:
                return (
                    labels.labelled(title, QCoreApplication.translate("RegionModels", "excluded at this tier"))
                    if self._has(row, col)
                    else None
                )
            return labels.labelled(title, f"{score:.2f}")
        return None

    def sort_key(self, row: tuple[EntityRow, bool], col: int) -> Any:
        r = row[0]
        if col == 0:
            return r.entity_name
        value = self._scores.get(r.case_id, {}).get(self._dimensions[col - 1][0])
        return -1.0 if value is None else float(value)


class EntityFilterProxy(QSortFilterProxyModel):
    """Search (entity name or USCC) and region (code prefix or words of its name), in memory."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._search = ""
        self._region: tuple[str, str] = ("", "")

    def set_search(self, text: str) -> None:
        self.beginFilterChange()
        self._search = text.strip().casefold()
        self.endFilterChange()

    def set_region(self, query: tuple[str, str]) -> None:
        self.beginFilterChange()
        self._region = query
        self.endFilterChange()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        source = self.sourceModel()
        if source is not None:
            source.sort(column, order)  # the source sorts its own rows; the proxy only filters

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        model = self.sourceModel()
        assert isinstance(model, _RowsModel)
        return model.matches(source_row, self._search, self._region)


class _ListModel(RowsTableModel):
    """Rows of any kind shown by ``cell(row, col, role)``, sorting by ``_key(row, col)``."""

    CONTEXT = "RegionModels"
    ITEM_ROLE = ROW_ROLE
    HEADER_TOOLTIPS = True

    def set_list(self, rows: list[Any]) -> None:
        self.set_rows(rows)

    def item(self, row: int) -> Any:
        return self._rows[row]

    def _key(self, item: Any, col: int) -> Any:
        return str(self.cell(item, col, _DISPLAY) or "")

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self.layoutAboutToBeChanged.emit()
        before = list(self._rows)
        self._rows.sort(key=lambda x: self._key(x, column), reverse=order == Qt.SortOrder.DescendingOrder)
        where = {id(x): i for i, x in enumerate(self._rows)}
        old = self.persistentIndexList()
        self.changePersistentIndexList(old, [self.index(where[id(before[i.row()])], i.column()) for i in old])
        self.layoutChanged.emit()


def _grades_text(found: Summary | None, g: Group) -> str:
    ranked = [k for cat, k in (found.grade_titles if found else {}) if cat == g.category and k in g.grades]
    order = ranked + [k for k in g.grades if k not in ranked and k not in ("vetoed", "none")]
    order += [k for k in ("vetoed", "none") if k in g.grades]
    parts = []
    for grade in order:  # a grade by its id (AAA, AA, …: the id is the grade's short name), vetoed and none in words
        parts.append(f"{grade_label(found, g.category, grade, short=True)} {g.grades[grade]}")
    return QCoreApplication.translate("RegionModels", ", ").join(parts) if parts else "–"


class GroupStatsModel(_ListModel):
    """Region × category figures of the summary (self-checks shown apart, never mixed in)."""

    (
        COL_REGION,
        COL_CATEGORY,
        COL_ENTITIES,
        COL_GRADES,
        COL_MEAN,
        COL_MEDIAN,
        COL_VETOED,
        COL_EXPIRING,
        COL_LEFT_OUT,
        COL_SELF,
        COL_SELF_MEAN,
    ) = range(11)
    COLUMNS: ClassVar[list[str]] = cast(
        list[str],  # QT_TRANSLATE_NOOP returns its text (typed as object)
        [
            QT_TRANSLATE_NOOP("RegionModels", "Region"),
            QT_TRANSLATE_NOOP("RegionModels", "Category"),
            QT_TRANSLATE_NOOP("RegionModels", "Entities"),
            QT_TRANSLATE_NOOP("RegionModels", "Grades"),
            QT_TRANSLATE_NOOP("RegionModels", "Mean"),
            QT_TRANSLATE_NOOP("RegionModels", "Median"),
            QT_TRANSLATE_NOOP("RegionModels", "Vetoed"),
            QT_TRANSLATE_NOOP("RegionModels", "Expiring ≤ 90 days"),
            QT_TRANSLATE_NOOP("RegionModels", "Untrusted left out"),
            QT_TRANSLATE_NOOP("RegionModels", "Self-checks (apart)"),
            QT_TRANSLATE_NOOP("RegionModels", "Self-check mean"),
        ],
    )

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._summary: Summary | None = None

    def set_summary(self, found: Summary) -> None:
        self._summary = found
        self.set_list(list(found.groups))

    def cell(self, g: Group, col: int, role: int) -> Any:
        if role == Qt.ItemDataRole.TextAlignmentRole and col >= self.COL_ENTITIES and col != self.COL_GRADES:
            return _RIGHT
        if role == Qt.ItemDataRole.BackgroundRole and col in (self.COL_SELF, self.COL_SELF_MEAN):
            return QBrush(SELF_BG)
        if col == self.COL_REGION:
            words, warning = region_words(g.region)
            if role == Qt.ItemDataRole.ForegroundRole and warning:
                return WARN_FG
            if role == Qt.ItemDataRole.ToolTipRole:
                return warning or QCoreApplication.translate(
                    "RegionModels", "Click (or press Enter) to show this region's entities"
                )
            if role == _DISPLAY:
                return f"{g.region} {words}" if warning is None else words
            return None
        if role == Qt.ItemDataRole.ToolTipRole and col in (self.COL_SELF, self.COL_SELF_MEAN):
            return QCoreApplication.translate(
                "RegionModels", "Self-checks are shown apart and never counted in the figures"
            )
        if role != _DISPLAY:
            return None
        values: dict[int, Any] = {
            self.COL_CATEGORY: labels.category(g.category),
            self.COL_ENTITIES: str(g.entities),
            self.COL_GRADES: _grades_text(self._summary, g),
            self.COL_MEAN: money(g.mean_total),
            self.COL_MEDIAN: money(g.median_total),
            self.COL_VETOED: str(g.vetoed),
            self.COL_EXPIRING: str(g.expiring),
            self.COL_LEFT_OUT: str(g.untrusted_left_out),
            self.COL_SELF: str(g.self_checks),
            self.COL_SELF_MEAN: money(g.self_mean_total),
        }
        return values.get(col)

    def _key(self, g: Group, col: int) -> Any:
        numbers: dict[int, Callable[[Group], Any]] = {
            self.COL_REGION: lambda x: x.region,
            self.COL_ENTITIES: lambda x: x.entities,
            self.COL_MEAN: lambda x: _number(x.mean_total),
            self.COL_MEDIAN: lambda x: _number(x.median_total),
            self.COL_VETOED: lambda x: x.vetoed,
            self.COL_EXPIRING: lambda x: x.expiring,
            self.COL_LEFT_OUT: lambda x: x.untrusted_left_out,
            self.COL_SELF: lambda x: x.self_checks,
            self.COL_SELF_MEAN: lambda x: _number(x.self_mean_total),
        }
        pick = numbers.get(col)
        return pick(g) if pick else super()._key(g, col)


class DimensionMeansModel(_ListModel):
    """Per region, category and dimension: the regional mean beside the national one; 短板 highlighted."""

    COL_REGION, COL_CATEGORY, COL_DIMENSION, COL_MEAN, COL_NATIONAL, COL_GAP, COL_WEAK = range(7)
    COLUMNS: ClassVar[list[str]] = cast(
        list[str],  # QT_TRANSLATE_NOOP returns its text (typed as object)
        [
            QT_TRANSLATE_NOOP("RegionModels", "Region"),
            QT_TRANSLATE_NOOP("RegionModels", "Category"),
            QT_TRANSLATE_NOOP("RegionModels", "Dimension"),
            QT_TRANSLATE_NOOP("RegionModels", "Regional mean"),
            QT_TRANSLATE_NOOP("RegionModels", "National mean"),
            QT_TRANSLATE_NOOP("RegionModels", "Difference"),
            QT_TRANSLATE_NOOP("RegionModels", "Weak point"),
        ],
    )

    def set_summary(self, found: Summary) -> None:
        rows: list[tuple[Group, Any, int | None]] = []
        for g in found.groups:
            weak = {d.id: rank for rank, d in enumerate(g.weak, start=1)}
            rows.extend((g, d, weak.get(d.id)) for d in g.dimensions)
        self.set_list(rows)

    def cell(self, item: Any, col: int, role: int) -> Any:
        g, d, weak = item
        if role == Qt.ItemDataRole.BackgroundRole and weak is not None:
            return QBrush(WEAK_BG)
        if role == Qt.ItemDataRole.TextAlignmentRole and col in (self.COL_MEAN, self.COL_NATIONAL, self.COL_GAP):
            return _RIGHT
        if role == Qt.ItemDataRole.ToolTipRole and weak is not None:
            return QCoreApplication.translate(
                "RegionModels", "Weak point %1: below the national mean (the largest gap first)"
            ).replace("%1", str(weak))
        if role != _DISPLAY:
            return None
        if col == self.COL_REGION:
            words, warning = region_words(g.region)
            return f"{g.region} {words}" if warning is None else words
        if col == self.COL_CATEGORY:
            return labels.category(g.category)
        if col == self.COL_DIMENSION:
            return d.title.get(i18n.lang())
        if col == self.COL_MEAN:
            return money(d.mean)
        if col == self.COL_NATIONAL:
            return money(d.national)
        if col == self.COL_GAP:
            return "–" if d.gap is None else f"{d.gap:+.2f}"
        return (
            QCoreApplication.translate("RegionModels", "Weak point %1").replace("%1", str(weak))
            if weak is not None
            else ""
        )

    def _key(self, item: Any, col: int) -> Any:
        g, d, weak = item
        if col == self.COL_REGION:
            return (g.region, g.category, d.id)
        if col == self.COL_MEAN:
            return _number(d.mean)
        if col == self.COL_NATIONAL:
            return _number(d.national)
        if col == self.COL_GAP:
            return -1e9 if d.gap is None else float(d.gap)
        if col == self.COL_WEAK:
            return weak if weak is not None else 1_000_000
        return super()._key(item, col)
