"""Right side of the workspace: live total, result, dimension bars, radar, completeness, vetoes, gaps.

The result reads as the public label (tier, stars and grade title; or the tier conditions not met;
or 未通过), with the failing conditions, the caps that applied and the N/A share under it; the gap
list gives each gap's next step and what it is worth, and every indicator below full marks stays
listed under it. The words come from ``domain/result_text.py``, as in the report.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QFrame,
    QGroupBox,
    QLabel,
    QProgressBar,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from cityeval_desktop.domain import result_text
from cityeval_desktop.services.cases import CaseDetail
from cityeval_desktop.ui import i18n
from cityeval_desktop.ui.widgets.charts import DimensionBars, RadarChart, cap_guides
from cityeval_desktop.ui.workspace.veto_basis import VetoBasisRow

GAPS_SHOWN = 5


class ScorePanel(QScrollArea):
    """Shows the figures of a CaseDetail; emits veto decisions and gap clicks."""

    veto_changed = Signal(str, object)  # veto id, True/False/None
    veto_basis_committed = Signal(str, object)  # veto id, VetoBasis
    veto_files_requested = Signal(str)  # veto id
    gap_clicked = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        body = QWidget(self)
        self.setWidget(body)
        self.total_label = QLabel("–", body)
        self.total_label.setStyleSheet("font-size: 30pt; font-weight: 700;")
        self.total_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.grade_label = QLabel(body)
        self.grade_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.grade_label.setStyleSheet("font-size: 13pt;")
        self.grade_label.setWordWrap(True)
        self.note_label = QLabel(body)
        self.note_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.note_label.setWordWrap(True)
        self.note_label.setStyleSheet("color: #b45309;")
        self.completeness = QProgressBar(body)
        self.completeness.setRange(0, 100)
        self.bars = DimensionBars(body)
        self.radar = RadarChart(body)

        self.veto_box = QGroupBox(self.tr("Veto items"), body)
        self.veto_form = QFormLayout(self.veto_box)
        self.veto_form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self._veto_combos: dict[str, QComboBox] = {}
        self.basis_rows: dict[str, VetoBasisRow] = {}
        self.flag_label = QLabel(self.veto_box)
        self.flag_label.setWordWrap(True)
        self.flag_label.setStyleSheet("color: #b3261e; font-weight: 600;")

        self.gap_box = QGroupBox(self.tr("Largest gaps"), body)
        self.gap_layout = QVBoxLayout(self.gap_box)
        self._gap_labels: list[QLabel] = []
        self.below_box = QGroupBox(body)
        self.below_layout = QVBoxLayout(self.below_box)
        self.below_label = QLabel(self.below_box)
        self.below_label.setWordWrap(True)
        self.below_label.setTextFormat(Qt.TextFormat.RichText)
        self.below_label.linkActivated.connect(self._on_gap_link)
        self.below_layout.addWidget(self.below_label)

        layout = QVBoxLayout(body)
        layout.addWidget(self.total_label)
        layout.addWidget(self.grade_label)
        layout.addWidget(self.note_label)
        layout.addWidget(QLabel(self.tr("Completeness"), body))
        layout.addWidget(self.completeness)
        layout.addWidget(self.bars)
        layout.addWidget(self.radar)
        layout.addWidget(self.veto_box)
        layout.addWidget(self.gap_box)
        layout.addWidget(self.below_box)
        layout.addStretch(1)
        self._read_only = False

    def set_case(self, detail: CaseDetail, read_only: bool) -> None:
        """Build the veto rows for this case's framework, then show its figures."""
        self._read_only = read_only
        while self.veto_form.rowCount():
            self.veto_form.removeRow(0)
        self._veto_combos.clear()
        self.basis_rows.clear()
        self.flag_label = QLabel(self.veto_box)
        self.flag_label.setWordWrap(True)
        self.flag_label.setStyleSheet("color: #b3261e; font-weight: 600;")
        self.veto_form.addRow(self.flag_label)
        for veto in detail.framework.vetoes:
            combo = QComboBox(self.veto_box)
            combo.addItem(self.tr("Not decided"), None)
            combo.addItem(self.tr("No — does not apply"), False)
            combo.addItem(self.tr("YES — veto applies"), True)
            combo.setToolTip(i18n.pick(veto.guidance))
            combo.activated.connect(lambda _i, v=veto.id, c=combo: self.veto_changed.emit(v, c.currentData()))
            label = QLabel(f"{veto.id} {i18n.pick(veto.title)}", self.veto_box)
            label.setWordWrap(True)
            label.setToolTip(i18n.pick(veto.guidance))
            self.veto_form.addRow(label, combo)
            self._veto_combos[veto.id] = combo
            row = VetoBasisRow(veto, self.veto_box)
            row.basis_committed.connect(self.veto_basis_committed)
            row.files_requested.connect(self.veto_files_requested)
            self.veto_form.addRow(row)
            self.basis_rows[veto.id] = row
        self.show_result(detail)

    def show_result(self, detail: CaseDetail) -> None:
        r, fw, s = detail.result, detail.framework, detail.summary
        self.total_label.setText(f"{r.total_shown}")
        done = r.answered + r.not_applicable
        self.total_label.setStyleSheet(
            "font-size: 30pt; font-weight: 700;" + (" color: #6b7280;" if r.provisional else "")
        )
        self.total_label.setToolTip(
            self.tr("A running figure: it changes as answers are given. No grade until the case is complete.")
            if r.provisional
            else ""
        )
        if r.vetoed:
            self.grade_label.setText(self.tr("VETOED (%1)").replace("%1", ", ".join(r.vetoed)))
            self.grade_label.setStyleSheet("font-size: 13pt; color: #b3261e; font-weight: 700;")
        elif r.provisional:
            # DESIGN §4: never a grade word or stars before every answer and veto decision is in
            self.grade_label.setText(
                self.tr("Not rated yet · %1 of %2 answered")
                .replace("%1", str(done))
                .replace("%2", str(r.tier_indicators))
            )
            self.grade_label.setStyleSheet("font-size: 13pt; color: #6b7280;")
        else:
            # the public words: a tier is shown only when met; grade ids stay internal
            self.grade_label.setText(r.label(i18n.lang()))
            self.grade_label.setStyleSheet("font-size: 13pt; color: " + ("#b8860b;" if r.tier_met else "#9a3412;"))
        notes = []
        if s.mode == "self":
            notes.append(self.tr("Self-assessment — not a third-party result"))
        notes += [i18n.pick(line) for line in result_text.lead_lines(fw, r)]
        if r.undecided_vetoes:
            n = len(r.undecided_vetoes)
            notes.append(i18n.plural(n, self.tr("%1 veto item not decided"), self.tr("%1 veto items not decided")))
        self.note_label.setText("\n".join(notes))
        self.completeness.setValue(int(r.completeness * 100))
        self.completeness.setFormat(
            self.tr("%1 of %2 (%3%)")
            .replace("%1", str(done))
            .replace("%2", str(r.tier_indicators))
            .replace("%3", f"{float(r.completeness_shown) * 100:.0f}")
        )
        dims = []
        for d in r.dimensions:
            dim = fw.dimension(d.id)
            title = i18n.pick(dim.title) if dim else d.id
            dims.append((title, float(d.score_shown) if d.score_shown is not None else None))
        self.bars.set_data(dims, self.tr("excluded"))
        self.radar.set_data(dims)  # the axes carry the dimension titles, as the bars do
        guides = [(score, [i18n.pick(rule) for rule in rules]) for score, rules in cap_guides(fw)]
        self.bars.set_guides(guides)
        self.radar.set_guides(guides)
        for veto_id, combo in self._veto_combos.items():
            combo.blockSignals(True)
            combo.setCurrentIndex(combo.findData(detail.vetoes.get(veto_id)) if veto_id in detail.vetoes else 0)
            combo.setEnabled(not self._read_only)
            combo.blockSignals(False)
        for row in self.basis_rows.values():
            row.show_basis(detail, not self._read_only)
        untrue = sorted({v.indicator_id for v in detail.untrue_verifications()})
        fraud = fw.false_evidence_veto()
        self.flag_label.setText(
            self.tr("Evidence of %1 was verified untrue: decide veto %2 or verify the evidence again")
            .replace("%1", ", ".join(untrue))
            .replace("%2", fraud.id if fraud else "–")
            if untrue
            else ""
        )
        self.flag_label.setVisible(bool(untrue))
        for label in self._gap_labels:
            label.deleteLater()
        self._gap_labels.clear()
        for gap in r.gaps[:GAPS_SHOWN]:
            step = i18n.pick(result_text.gap_step(gap))
            label = QLabel(self.gap_box)
            label.setWordWrap(True)
            label.setTextFormat(Qt.TextFormat.RichText)
            label.setText(
                f'<a href="{gap.id}"><b>{gap.id}</b></a> −{gap.lost_shown} '
                f"{_esc(i18n.pick(gap.indicator.title))}<br/><span style='color:#4b5563'>{_esc(step)}</span>"
            )
            label.linkActivated.connect(self._on_gap_link)
            self.gap_layout.addWidget(label)
            self._gap_labels.append(label)
        if not r.gaps:
            text = self.tr("No points lost.") if not r.below_full else self.tr("No indicator is a gap.")
            label = QLabel(text, self.gap_box)
            self.gap_layout.addWidget(label)
            self._gap_labels.append(label)
        # every indicator below full marks, gaps or not: the full list stays visible
        self.below_box.setTitle(self.tr("All indicators below full marks (%1)").replace("%1", str(len(r.below_full))))
        self.below_box.setVisible(bool(r.below_full))
        self.below_label.setText(
            "<br/>".join(
                f'<a href="{g.id}">{g.id}</a> −{g.lost_shown} {_esc(i18n.pick(g.indicator.title))}'
                for g in r.below_full
            )
        )

    @Slot(str)
    def _on_gap_link(self, indicator_id: str) -> None:
        self.gap_clicked.emit(indicator_id)


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
