"""Pure domain core: frameworks, scoring, gaps and 统一社会信用代码 (no Qt, no SQLAlchemy)."""
