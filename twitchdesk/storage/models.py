"""SQLAlchemy table definitions. Changing anything here needs an Alembic migration too.

Times are stored as naive UTC datetimes; an episode also keeps the UTC offset the computer had when
it was logged, so "what local day was this?" stays right after travel or a clock change.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

# Named constraints so Alembic batch migrations on SQLite can find and change them later.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class Episode(Base):
    __tablename__ = "episode"
    __table_args__ = (
        CheckConstraint("intensity BETWEEN 1 AND 10", name="intensity_range"),
        CheckConstraint("duration_s IS NULL OR duration_s >= 0", name="duration_positive"),
        CheckConstraint("side IN ('left', 'right', 'midline', 'both')", name="side_code"),
        # Trends group live episodes by day and region: keep those scans on an index.
        Index("ix_episode_live_started", "deleted_at", "started_at"),
        Index("ix_episode_region", "region_id", "side"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    # Stable identity across export and import (re-importing a file adds nothing twice).
    uid: Mapped[str] = mapped_column(String(32), unique=True)
    started_at: Mapped[datetime] = mapped_column(DateTime)
    utc_offset_min: Mapped[int] = mapped_column(Integer, default=0)
    region_id: Mapped[str] = mapped_column(String(40))
    side: Mapped[str] = mapped_column(String(10))
    kind: Mapped[str] = mapped_column(String(20), default="twitch")
    intensity: Mapped[int] = mapped_column(Integer)
    duration_s: Mapped[int | None] = mapped_column(Integer, nullable=True)
    context: Mapped[str | None] = mapped_column(String(20), nullable=True)
    seen: Mapped[bool | None] = mapped_column(Boolean, nullable=True)
    notes: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime)
    updated_at: Mapped[datetime] = mapped_column(DateTime)
    deleted_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)

    symptoms: Mapped[list[EpisodeSymptom]] = relationship(
        back_populates="episode", cascade="all, delete-orphan", lazy="selectin"
    )


class EpisodeSymptom(Base):
    __tablename__ = "episode_symptom"

    episode_id: Mapped[int] = mapped_column(
        ForeignKey("episode.id", ondelete="CASCADE"), primary_key=True
    )
    symptom: Mapped[str] = mapped_column(String(40), primary_key=True)

    episode: Mapped[Episode] = relationship(back_populates="symptoms")


class DailyLog(Base):
    __tablename__ = "daily_log"
    __table_args__ = (
        CheckConstraint("caffeine_mg IS NULL OR caffeine_mg >= 0", name="caffeine_positive"),
        CheckConstraint("sleep_h IS NULL OR sleep_h BETWEEN 0 AND 24", name="sleep_range"),
        CheckConstraint("stress IS NULL OR stress BETWEEN 0 AND 10", name="stress_range"),
        CheckConstraint("exercise_min IS NULL OR exercise_min >= 0", name="exercise_positive"),
        CheckConstraint("alcohol_units IS NULL OR alcohol_units >= 0", name="alcohol_positive"),
        CheckConstraint("water_l IS NULL OR water_l >= 0", name="water_positive"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    # One row per local calendar day; NULL in a column means "not recorded", not zero.
    day: Mapped[date] = mapped_column(Date, unique=True)
    caffeine_mg: Mapped[float | None] = mapped_column(Float, nullable=True)
    sleep_h: Mapped[float | None] = mapped_column(Float, nullable=True)
    stress: Mapped[int | None] = mapped_column(Integer, nullable=True)
    exercise_min: Mapped[int | None] = mapped_column(Integer, nullable=True)
    exercise_intensity: Mapped[str | None] = mapped_column(String(20), nullable=True)
    alcohol_units: Mapped[float | None] = mapped_column(Float, nullable=True)
    water_l: Mapped[float | None] = mapped_column(Float, nullable=True)
    notes: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[datetime] = mapped_column(DateTime)


class Medication(Base):
    __tablename__ = "medication"
    __table_args__ = (
        CheckConstraint("stopped_on IS NULL OR stopped_on >= started_on", name="stop_after_start"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uid: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    category: Mapped[str] = mapped_column(String(20))
    dose: Mapped[str] = mapped_column(String(200), default="")
    started_on: Mapped[date] = mapped_column(Date)
    stopped_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    notes: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime)
    updated_at: Mapped[datetime] = mapped_column(DateTime)
    deleted_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)


class AdviceState(Base):
    __tablename__ = "advice_state"

    rule_id: Mapped[str] = mapped_column(String(80), primary_key=True)
    dismissed_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    snoozed_until: Mapped[date | None] = mapped_column(Date, nullable=True)


class AppMeta(Base):
    """Small facts about the diary itself, e.g. that it holds generated demo data."""

    __tablename__ = "app_meta"

    key: Mapped[str] = mapped_column(String(40), primary_key=True)
    value: Mapped[str] = mapped_column(Text)
