"""Third adversarial review, the staff console (defect 1): a student's question is shown to the
admin as text, never as HTML, in every console message."""

from __future__ import annotations

from tests.staff.test_curation import report_groups
from tests.support.harness import ADMIN_ID, Student, bot_running

PHISHING = 'como saco mi kardex <a href="https://phish.example/login">verifica tu NSS aqui</a>'
HEART = "ocupo el papelito del nss <3"


async def test_a_students_html_never_reaches_an_admins_chat(server, settings) -> None:
    server.profiles[ADMIN_ID] = {"first_name": "<b>Lupe</b>"}
    admin = Student(server, ADMIN_ID)
    async with bot_running(settings, server):
        for student in (Student(server, 81), Student(server, 82)):
            await student.say(PHISHING)
        await Student(server, 83).say(HEART)
        groups = await report_groups(admin, server)
        phishing = next(g for g in groups if "phish.example" in g.plain)
        [done] = await admin.tap("🚫 Ignorar", on=phishing)
        hearts = next(g for g in groups if "<3" in g.plain)
        [done_too] = await admin.tap("🚫 Ignorar", on=hearts)
    assert f"ignoré «{PHISHING}»" in done.plain  # the tags shown as typed: no link
    assert "<a href" not in done.text and "&lt;a href=" in done.text
    assert f"«{HEART}»" in done_too.plain
    assert "🚫 Ignorada por <b>Lupe</b>." in server.by_id[phishing.message_id].plain
