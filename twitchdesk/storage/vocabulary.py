"""The fixed sets of codes the diary stores, with their plain-English labels.

Codes are what the database, CSV and JSON hold; they never change once released (old diaries and
exports must keep meaning the same thing). Labels are for people and may be reworded.
"""

from __future__ import annotations

from typing import Final

SIDES: Final = {
    "left": "Left",
    "right": "Right",
    "midline": "Middle",
    "both": "Both sides",
}

KINDS: Final = {
    "twitch": "Twitch (small flicker)",
    "ripple": "Ripple (slow, wave-like)",
    "cramp": "Cramp (painful tightening)",
    "tremor": "Tremor (rhythmic shaking)",
    "jerk": "Jerk (sudden movement)",
    "other": "Other",
}

CONTEXTS: Final = {
    "rest": "At rest",
    "activity": "During activity",
    "after_exercise": "After exercise",
    "in_bed": "In bed",
    "other": "Other",
}

SYMPTOMS: Final = {
    "weakness": "Weakness or stiffness",
    "numbness_tingling": "Numbness or tingling",
    "muscle_wasting": "Muscle getting smaller",
    "swallowing_speech_breathing": "Trouble swallowing, speaking or breathing",
    "eyelid_closes_fully": "Eyelid closes fully",
    "spreading": "Spreading to other areas",
}

EXERCISE_INTENSITIES: Final = {
    "light": "Light",
    "moderate": "Moderate",
    "vigorous": "Vigorous",
}

MEDICATION_CATEGORIES: Final = {
    "diuretic": "Diuretic (water tablet)",
    "corticosteroid": "Corticosteroid",
    "stimulant": "Stimulant",
    "antiepileptic": "Epilepsy medicine",
    "magnesium": "Magnesium supplement",
    "b12": "Vitamin B12 supplement",
    "iron": "Iron supplement",
    "supplement": "Other supplement",
    "other": "Other",
}

INTENSITY_MIN: Final = 1
INTENSITY_MAX: Final = 10
# Labels for the 1–10 scale, anchored at its ends and middle like common symptom scales.
INTENSITY_LABELS: Final = {
    1: "Barely noticeable",
    2: "Very mild",
    3: "Mild",
    4: "Noticeable",
    5: "Moderate",
    6: "Distracting",
    7: "Strong",
    8: "Very strong",
    9: "Severe",
    10: "Worst imaginable",
}
# An episode longer than a day is logged as several; "still going" is stored as unknown duration.
DURATION_MAX_S: Final = 24 * 60 * 60

# What a day's check-in can hold: (lowest, highest) per field. The storage refuses anything
# outside; the check-in form uses the same numbers to explain it before saving.
DAILY_LIMITS: Final = {
    "caffeine_mg": (0, 5000),
    "sleep_h": (0, 24),
    "stress": (0, 10),
    "exercise_min": (0, 24 * 60),
    "alcohol_units": (0, 100),
    "water_l": (0, 20),
}
