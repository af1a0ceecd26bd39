"""Staff reports over a large journal: how long `faqbot report` and `--html` take, and whether an
admin's /reporte makes students wait. Prints figures; asserts nothing.

    .venv/bin/python benchmarks/bench_report.py [--rows 10000 50000] [--bot-rows 5000]

The journal is filled with synthetic unanswered questions the way students write them (a few
dozen recurring topics in many forms, typos, extra words, a long tail of one-off questions, one
student who sends a fifth of everything), spread over the last 6 days, so /reporte (the last 7
days) reads them all. Targets (issue 11): `faqbot report` and `--html` <= 5 s for 50,000 rows; a
student's reply time during /reporte unchanged (+-0.5 s).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.students import ask  # noqa: E402
from bot.staff.journal import Journal  # noqa: E402
from bot.telegram.application import build_application  # noqa: E402
from tests.support.fake_telegram import FakeTelegram  # noqa: E402
from tests.support.harness import ADMIN_ID, bot_settings, running  # noqa: E402

THINGS = """kardex beca credencial constancia-de-estudios servicio-social titulacion inscripcion
certificado colegiatura calificaciones horario biblioteca estacionamiento wifi cafeteria
examen-extraordinario modalidad-40 pension incapacidad semanas-cotizadas afore infonavit
curp rfc ine acta-de-nacimiento cita-medica urgencias dentista lentes psicologo guarderia
bolsa-de-trabajo practicas-profesionales movilidad intercambio idiomas deportes gimnasio
seguro-de-auto seguro-de-vida gastos-medicos tarjeta-bancaria transporte pase-de-abordar
uniforme locker laboratorio tutorias asesorias vacaciones calendario graduacion toga""".split()
FORMS = [
    "como saco mi {x}",
    "donde tramito {x}",
    "cuando sale {x}",
    "info de {x} porfa",
    "me ayudas con {x}",
    "{x} donde",
    "necesito {x} urgente",
    "hola q onda con {x}",
    "a quien le pregunto por {x}",
    "cuanto cuesta {x}",
    "requisitos de {x}",
    "como le hago para {x}",
    "ya no se que hacer con {x}",
    "{x}??",
]
EXTRA = ["plis", "hoy", "ayuda", "oigan", "xfa", "rapido", "profe", "de la uni", "en linea", "ya"]
TAIL = """maestro salon grupo turno matutino vespertino examen parcial tarea proyecto equipo
laptop impresora copias papeleria mochila cuaderno camion metro bicicleta lluvia comida agua
baño llave puerta ventana aire clima ruido fiesta concierto torneo futbol basquet natacion
danza musica teatro pintura taller curso diplomado ingles frances aleman japones robotica
programacion mate fisica quimica biologia historia filosofia etica derecho medicina
enfermeria contaduria arquitectura diseño sistemas electronica mecanica civil industrial
correo plataforma contraseña usuario sistema pagina link video zoom classroom moodle teams
profesor director coordinador secretaria orientador prefecto vigilante conserje cajero""".split()


def synthetic_questions(count: int, seed: int = 7) -> list[tuple[float, str, str, str, float, str]]:
    rng = random.Random(seed)
    now = time.time()
    rows = []
    for _ in range(count):
        if rng.random() < 0.3:  # the long tail: something nobody else asks
            words = rng.sample(TAIL, rng.randint(2, 4))
            rows.append(
                (
                    now - rng.uniform(0, 6) * 86400,
                    f"s{rng.randrange(3000)}",
                    "none",
                    f"{rng.choice(['donde', 'como', 'cuando', 'quien', 'por que'])} {' '.join(words)}",
                    rng.uniform(5, 40),
                    "que_es",
                )
            )
            continue
        thing = rng.choice(THINGS).replace("-", " ")
        if rng.random() < 0.5:  # a typo
            position = rng.randrange(len(thing) - 1)
            thing = thing[:position] + thing[position + 1] + thing[position] + thing[position + 2 :]
        text = rng.choice(FORMS).format(x=thing)
        if rng.random() < 0.4:
            text += " " + rng.choice(EXTRA)
        if rng.random() < 0.2:
            text += f" {rng.randrange(100)}"
        student = "heavy" if rng.random() < 0.2 else f"s{rng.randrange(3000)}"
        outcome = rng.choice(["none", "none", "suggest"])
        rows.append(
            (
                now - rng.uniform(0, 6) * 86400,
                student,
                outcome,
                text,
                rng.uniform(20, 79),
                rng.choice(["documento_nss", "que_es", "verificar_alta"]),
            )
        )
    return rows


def fill_journal(data_dir: Path, count: int) -> None:
    journal = Journal.open(data_dir)
    db = journal._db
    with db:
        db.execute("BEGIN")
        db.executemany(
            "INSERT INTO questions (at, channel, student, outcome, intent, score, text, candidates, "
            "picked, kb_version) VALUES (?, 'telegram', ?, ?, ?, ?, ?, ?, NULL, 'bench')",
            [
                (
                    at,
                    student,
                    outcome,
                    intent if outcome == "suggest" else "none",
                    score,
                    text,
                    json.dumps([[intent, round(score, 1)]]),
                )
                for at, student, outcome, text, score, intent in synthetic_questions(count)
            ],
        )
    journal.close()


def time_command(data_dir: Path, *extra: str, timeout: float) -> str:
    env = {**os.environ, "FAQBOT_DATA_DIR": str(data_dir), "FAQBOT_CONFIG": str(ROOT / "config.yaml")}
    started = time.perf_counter()
    try:
        subprocess.run(
            [sys.executable, "-m", "bot", "report", *extra],
            env=env,
            cwd=ROOT,
            check=True,
            capture_output=True,
            timeout=timeout,
        )
    except subprocess.TimeoutExpired:
        return f"> {timeout:.0f} s (stopped)"
    return f"{time.perf_counter() - started:.2f} s"


async def student_latencies(server: FakeTelegram, user: int, questions: int) -> list[float]:
    latencies = []
    for number in range(questions):
        took = await ask(server, user, ["que es el seguro facultativo", "como saco mi nss"][number % 2], 300)
        assert took is not None, "a student got no answer within 5 minutes"
        latencies.append(took)
        await asyncio.sleep(1.5)  # a student, not a flood
    return latencies


async def during_report(rows: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp)
        fill_journal(data, rows)
        server = await FakeTelegram(enforce_rates=False).start()
        server.inbox = {}
        try:
            application = build_application(bot_settings(server, ROOT / "faq", data), server.token)
            async with running(application):
                quiet = await student_latencies(server, 500, 6)
                admin_inbox = server.inbox.setdefault(ADMIN_ID, asyncio.Queue())
                started = time.monotonic()
                server.user_text(ADMIN_ID, "/reporte")
                report = asyncio.create_task(asyncio.wait_for(admin_inbox.get(), 600))
                busy = await student_latencies(server, 501, 6)
                report_seconds = (await report).at - started
        finally:
            await server.stop()
    print(
        f"/reporte over {rows:,} rows took {report_seconds:.2f} s; a student meanwhile: "
        f"p50 {statistics.median(busy) * 1000:.0f} ms, max {max(busy) * 1000:.0f} ms "
        f"(without /reporte: p50 {statistics.median(quiet) * 1000:.0f} ms, "
        f"max {max(quiet) * 1000:.0f} ms)"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, nargs="+", default=[10_000, 50_000])
    parser.add_argument("--bot-rows", type=int, default=5_000)
    parser.add_argument("--timeout", type=float, default=300.0)
    args = parser.parse_args()
    logging.basicConfig(level=logging.CRITICAL)
    for rows in args.rows:
        with tempfile.TemporaryDirectory() as tmp:
            fill_journal(Path(tmp), rows)
            text = time_command(Path(tmp), timeout=args.timeout)
            page = time_command(Path(tmp), "--html", str(Path(tmp) / "r.html"), timeout=args.timeout)
        print(f"{rows:>7,} journal rows: faqbot report {text:>10}   --html {page:>10}")
    asyncio.run(during_report(args.bot_rows))


if __name__ == "__main__":
    main()
