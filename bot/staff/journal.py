"""What staff need to improve the knowledge base: the questions the bot could not answer
confidently, what students picked instead, and 👍/👎 on answers. One journal for every channel.

Stored in SQLite (WAL, so a crash mid-write loses at most that write); text is redacted before
it is stored; students appear only as a salted hash; rows older than the retention are purged
(at start-up and daily). Reads open their own connection, so a report can be built in a worker
thread while the bot keeps writing.
"""

from __future__ import annotations

import hashlib
import json
import os
import secrets
import sqlite3
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from bot.conversation.turn import Turn
from bot.privacy import redact
from bot.storage import PRIVATE_FILE, migrate, open_database, private_directory, reading

JOURNAL_FILE = "journal.sqlite3"
SALT_FILE = "journal.salt"
DAY = 86_400.0
PICK_WINDOW = 30 * 60.0  # a did-you-mean pick counts for a question asked this recently

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


class Journal:
    """Append-only record of questions and feedback; cheap enough to write on every turn."""

    def __init__(
        self, path: Path, salt: bytes, retention_days: float = 180, now: Callable[[], float] = time.time
    ) -> None:
        self.path = path
        self._salt = salt
        self._retention = retention_days * DAY
        self._now = now
        self._db = open_database(path, _migrate)
        self.purge()

    @classmethod
    def open(cls, data_dir: Path, retention_days: float = 180) -> Journal:
        """The journal of a data directory, with its salt (created on first run, 0600)."""
        private_directory(data_dir)
        salt_path = data_dir / SALT_FILE
        try:
            descriptor = os.open(salt_path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE)
        except FileExistsError:
            pass
        else:
            with os.fdopen(descriptor, "wb") as file:
                file.write(secrets.token_bytes(32))
        return cls(data_dir / JOURNAL_FILE, salt_path.read_bytes(), retention_days)

    @property
    def schema_version(self) -> int:
        return self._db.execute("PRAGMA user_version").fetchone()[0]

    def purge(self) -> int:
        """Delete rows older than the retention; returns how many went."""
        cutoff = self._now() - self._retention
        removed = self._db.execute("DELETE FROM questions WHERE at < ?", (cutoff,)).rowcount
        removed += self._db.execute("DELETE FROM feedback WHERE at < ?", (cutoff,)).rowcount
        return removed

    def student(self, channel: str, user: object) -> str:
        """The salted hash that stands for a student (the id itself is never stored)."""
        digest = hashlib.sha256(self._salt + f"{channel}:{user}".encode()).hexdigest()
        return digest[:20]

    def record(
        self,
        channel: str,
        user: object,
        text: str | None,
        turn: Turn,
        kb_version: str,
        answer: str | None = None,
    ) -> None:
        """Journal what one turn tells staff: a question, a did-you-mean pick, or a vote.

        `answer` names the answer a vote is about (a chat message); a student's later vote on the
        same answer replaces the earlier one, so 40 taps on 👍 are one vote."""
        student = self.student(channel, user)
        now = self._now()
        if turn.match is not None and text is not None:
            match = turn.match
            outcome = match.kind
            unsure = outcome in ("suggest", "none")
            self._db.execute(
                "INSERT INTO questions (at, channel, student, outcome, intent, score, text, "
                "candidates, picked, kb_version, redirect) VALUES (?, ?, ?, ?, ?, ?, ?, ?, NULL, "
                "?, ?)",
                (
                    now,
                    channel,
                    student,
                    outcome,
                    match.intent if outcome in ("answer", "suggest") else "none",
                    match.score,
                    redact(text)[:500] if unsure else None,
                    json.dumps([[c.intent, c.score] for c in match.candidates]),
                    kb_version,
                    match.redirect,
                ),
            )
        if turn.picked is not None:
            self._db.execute(
                "UPDATE questions SET picked = ? WHERE id = (SELECT id FROM questions "
                "WHERE student = ? AND outcome = 'suggest' AND picked IS NULL AND at >= ? "
                "ORDER BY at DESC LIMIT 1)",
                (turn.picked, student, now - PICK_WINDOW),
            )
        if turn.feedback is not None:
            intent, vote = turn.feedback
            self._db.execute(
                "INSERT INTO feedback (at, channel, student, intent, vote, kb_version, answer) "
                "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (student, answer) DO UPDATE SET "
                "at = excluded.at, vote = excluded.vote, kb_version = excluded.kb_version",
                (now, channel, student, intent, vote, kb_version, answer or f"once-{secrets.token_hex(8)}"),
            )

    def questions(
        self, since: float = 0.0, *, unsure_only: bool = False, limit: int | None = None
    ) -> list[QuestionRow]:
        """Questions asked since `since`, oldest first; with `limit`, only the newest ones."""
        where = "at >= ?" + (
            " AND outcome IN ('suggest', 'none') AND text IS NOT NULL" if unsure_only else ""
        )
        with reading(self.path) as db:
            rows = db.execute(
                "SELECT * FROM (SELECT at, channel, student, outcome, intent, score, text, "
                f"candidates, picked, redirect FROM questions WHERE {where} ORDER BY at DESC "
                "LIMIT ?) ORDER BY at",
                (since, -1 if limit is None else limit),
            ).fetchall()
        return [
            QuestionRow(
                at,
                channel,
                student,
                outcome,
                intent,
                score,
                text,
                [(i, s) for i, s in json.loads(candidates)],
                picked,
                redirect,
            )
            for at, channel, student, outcome, intent, score, text, candidates, picked, redirect in rows
        ]

    def feedback(self, since: float = 0.0) -> list[FeedbackRow]:
        with reading(self.path) as db:
            rows = db.execute(
                "SELECT at, intent, vote FROM feedback WHERE at >= ? ORDER BY at", (since,)
            ).fetchall()
        return [FeedbackRow(*row) for row in rows]

    def redirects(self, since: float = 0.0) -> dict[str, int]:
        """How often each fuera_de_tema group caught a question."""
        with reading(self.path) as db:
            rows = db.execute(
                "SELECT redirect, COUNT(*) FROM questions WHERE at >= ? AND "
                "redirect IS NOT NULL GROUP BY redirect ORDER BY 2 DESC",
                (since,),
            )
            return dict(rows.fetchall())

    # ----- staff decisions on unanswered questions --------------------------------------

    def show_group(self, question: str, keys: list[str], questions: int, nearest: str) -> int:
        """Remember a group /reporte offers, so its buttons can name it by a short id."""
        self._db.execute("DELETE FROM shown_groups WHERE at < ?", (self._now() - 30 * DAY,))
        cursor = self._db.execute(
            "INSERT INTO shown_groups (at, question, keys, questions, nearest) VALUES (?, ?, ?, ?, ?)",
            (self._now(), question, json.dumps(keys), questions, nearest),
        )
        return cursor.lastrowid or 0

    def shown_group(self, group_id: int) -> ShownGroup | None:
        """A group /reporte offered, unless it was decided since."""
        row = self._db.execute(
            "SELECT id, question, keys, questions, nearest FROM shown_groups WHERE id = ?", (group_id,)
        ).fetchone()
        if row is None:
            return None
        group = ShownGroup(row[0], row[1], json.loads(row[2]), row[3], row[4])
        decided = self.decided_keys()
        return None if all(key in decided for key in group.keys) else group

    def decide(self, who: str, action: str, target: str | None, group: ShownGroup) -> None:
        """Record a staff decision; the group's questions leave the pending list."""
        with self._db:
            self._db.execute("BEGIN")
            cursor = self._db.execute(
                "INSERT INTO decisions (at, who, action, target, question, questions) VALUES "
                "(?, ?, ?, ?, ?, ?)",
                (self._now(), who, action, target, group.question, group.questions),
            )
            self._db.executemany(
                "INSERT OR REPLACE INTO decided (key, decision) VALUES (?, ?)",
                [(key, cursor.lastrowid) for key in group.keys],
            )

    def decided_keys(self) -> set[str]:
        with reading(self.path) as db:
            return {key for (key,) in db.execute("SELECT key FROM decided")}

    def decisions(self, since: float = 0.0, limit: int = 50) -> list[Decision]:
        """The newest staff decisions first."""
        with reading(self.path) as db:
            rows = db.execute(
                "SELECT at, who, action, target, question, questions FROM "
                "decisions WHERE at >= ? ORDER BY at DESC LIMIT ?",
                (since, limit),
            )
            return [Decision(*row) for row in rows]

    def close(self) -> None:
        self._db.close()


def _migrate(db: sqlite3.Connection) -> None:
    migrate(db, MIGRATIONS)
