"""What staff need to improve the knowledge base: the questions the bot could not answer
confidently, what students picked instead, and 👍/👎 on answers. One journal for every channel.

Stored in SQLite (WAL, so a crash mid-write loses at most that write); text is redacted before
it is stored; students appear only as a salted hash; rows older than the retention are purged
(at start-up and daily), and a student's rows on their request. Deleted rows are overwritten in
the file (SQLite's secure_delete) and the write-ahead log is checkpointed after a student's
deletion, so their text leaves the disk too. Reads open their own connection, so a report can
be built in a worker thread while the bot keeps writing.
"""

from __future__ import annotations

import hashlib
import json
import os
import secrets
import sqlite3
import time
from collections.abc import Callable
from pathlib import Path

from bot.conversation.turn import Turn
from bot.privacy import redact
from bot.staff.journal_records import MIGRATIONS, Decision, FeedbackRow, QuestionRow, ShownGroup
from bot.storage import PRIVATE_FILE, migrate, open_database, private_directory, reading

JOURNAL_FILE = "journal.sqlite3"
SALT_FILE = "journal.salt"
DAY = 86_400.0
PICK_WINDOW = 30 * 60.0  # a did-you-mean pick counts for a question asked this recently

__all__ = ["DAY", "Decision", "FeedbackRow", "Journal", "QuestionRow", "ShownGroup"]


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
        self._db.execute("PRAGMA secure_delete = ON")
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

    # ----- the student's own rows (/mis_datos, /borrar_mis_datos) -----------------------

    def of_student(self, channel: str, user: object) -> tuple[int, int]:
        """How many questions and votes of this student the journal holds."""
        student = self.student(channel, user)
        [questions] = self._db.execute(
            "SELECT COUNT(*) FROM questions WHERE student = ?", (student,)
        ).fetchone()
        [votes] = self._db.execute("SELECT COUNT(*) FROM feedback WHERE student = ?", (student,)).fetchone()
        return questions, votes

    def forget_student(self, channel: str, user: object, erased: str) -> int:
        """Delete the student's questions and votes (overwritten on disk); a staff decision or a
        /reporte offer showing one of their questions keeps `erased` in its place. How many rows
        went."""
        student = self.student(channel, user)
        with self._db:
            self._db.execute("BEGIN")
            said = [
                text
                for (text,) in self._db.execute(
                    "SELECT DISTINCT text FROM questions WHERE student = ? AND text IS NOT NULL", (student,)
                )
            ]
            removed = self._db.execute("DELETE FROM questions WHERE student = ?", (student,)).rowcount
            removed += self._db.execute("DELETE FROM feedback WHERE student = ?", (student,)).rowcount
            for text in said:
                self._db.execute("DELETE FROM shown_groups WHERE question = ?", (text,))
                self._db.execute("UPDATE decisions SET question = ? WHERE question = ?", (erased, text))
        self._db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        return removed

    def close(self) -> None:
        self._db.close()


def _migrate(db: sqlite3.Connection) -> None:
    migrate(db, MIGRATIONS)
