"""What the journal is on disk: its tables (with their migrations) and the records read from
them. Apart from `journal.py` (the journal's operations) so the schema reads in one place."""

from __future__ import annotations

from dataclasses import dataclass

# Each entry upgrades the schema by one version; old rows are always kept.
MIGRATIONS: list[str] = [
    """
    CREATE TABLE questions (
        id INTEGER PRIMARY KEY,
        at REAL NOT NULL,
        channel TEXT NOT NULL,
        student TEXT NOT NULL,
        outcome TEXT NOT NULL,          -- answer | suggest | none | small_talk | empty
        intent TEXT NOT NULL,           -- top intent offered, or 'none'
        score REAL NOT NULL,
        text TEXT,                      -- redacted, kept only when the bot was not sure
        candidates TEXT NOT NULL,       -- JSON [[intent, score], ...]
        picked TEXT,                    -- what the student chose after a did-you-mean
        kb_version TEXT NOT NULL
    );
    CREATE INDEX questions_at ON questions (at);
    CREATE INDEX questions_student ON questions (student, at);
    CREATE TABLE feedback (
        id INTEGER PRIMARY KEY,
        at REAL NOT NULL,
        channel TEXT NOT NULL,
        student TEXT NOT NULL,
        intent TEXT NOT NULL,
        vote INTEGER NOT NULL CHECK (vote IN (-1, 1)),
        kb_version TEXT NOT NULL
    );
    CREATE INDEX feedback_at ON feedback (at);
    """,
    # One vote per student per answer: pressing 👍 again (or 👎 after 👍) changes the vote.
    """
    ALTER TABLE feedback ADD COLUMN answer TEXT;
    UPDATE feedback SET answer = 'row-' || id;
    CREATE UNIQUE INDEX feedback_answer ON feedback (student, answer);
    """,
    # Staff decisions on unanswered questions, and the redirect a question got.
    """
    ALTER TABLE questions ADD COLUMN redirect TEXT;
    CREATE TABLE decisions (
        id INTEGER PRIMARY KEY,
        at REAL NOT NULL,
        who TEXT NOT NULL,
        action TEXT NOT NULL CHECK (action IN ('phrasing', 'redirect', 'ignore')),
        target TEXT,                    -- the item or fuera_de_tema group it went to
        question TEXT NOT NULL,         -- the group's representative question (masked)
        questions INTEGER NOT NULL      -- how many questions the group had
    );
    CREATE TABLE decided (key TEXT PRIMARY KEY, decision INTEGER NOT NULL);
    CREATE TABLE shown_groups (         -- what /reporte offered, for its buttons to refer to
        id INTEGER PRIMARY KEY,
        at REAL NOT NULL,
        question TEXT NOT NULL,
        keys TEXT NOT NULL,             -- JSON list of the folded questions in the group
        questions INTEGER NOT NULL,
        nearest TEXT NOT NULL
    );
    """,
]


@dataclass(frozen=True)
class QuestionRow:
    at: float
    channel: str
    student: str
    outcome: str
    intent: str
    score: float
    text: str | None
    candidates: list[tuple[str, float]]
    picked: str | None
    redirect: str | None = None  # the fuera_de_tema group it matched, if any


@dataclass(frozen=True)
class Decision:
    at: float
    who: str
    action: str  # phrasing | redirect | ignore
    target: str | None
    question: str
    questions: int


@dataclass(frozen=True)
class ShownGroup:
    id: int
    question: str
    keys: list[str]
    questions: int
    nearest: str


@dataclass(frozen=True)
class FeedbackRow:
    at: float
    intent: str
    vote: int
