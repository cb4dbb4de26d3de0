"""Persistence: SQLAlchemy models, engine/session factory, migrations, evidence store, audit."""
