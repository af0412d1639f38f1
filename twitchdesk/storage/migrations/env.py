"""Alembic environment: runs migrations on the connection `schema.upgrade` hands over.

Batch mode is on because SQLite cannot ALTER most things in place; Alembic recreates the table.
"""

from alembic import context
from sqlalchemy import create_engine

from twitchdesk.storage.models import Base

config = context.config
target_metadata = Base.metadata


def run_migrations() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    engine = create_engine(config.get_main_option("sqlalchemy.url"))
    with engine.connect() as connection:
        _run(connection)
    engine.dispose()


def _run(connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=True,
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


run_migrations()
