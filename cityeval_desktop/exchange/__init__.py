"""Exchange formats: Excel checklists and framework workbooks, case packages, import ledger."""
