"""Reports: the PDF case report (reportlab) and workbooks; no Qt."""
