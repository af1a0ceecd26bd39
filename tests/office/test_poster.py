"""`faqbot cartel`: the poster a staff member prints for the office window. What matters is that
a phone scanning it opens the bot on the right link, so the QR is decoded back (zxing-cpp) from
the printed page (the PDF, rendered) and from the PNG, and the page says who, what and where."""

from __future__ import annotations

import asyncio
import os
import sys
from pathlib import Path

import pypdfium2
import zxingcpp
from PIL import Image

from tests.conftest import FAQ_DIR
from tests.support.fake_telegram import BOT_USERNAME, FakeTelegram
from tests.test_cli import faqbot

OFFICE = """\
faq_dir: {faq}
oficina:
  nombre: Oficina del Seguro Facultativo
  lugar: Edificio de Servicios Escolares, planta baja
  horario:
    - dias: lunes a viernes
      de: "9:00"
      a: "14:00"
"""


def office_config(tmp_path: Path) -> dict[str, str]:
    config = tmp_path / "config.yaml"
    config.write_text(OFFICE.format(faq=FAQ_DIR), encoding="utf-8")
    return {"FAQBOT_CONFIG": str(config)}


def decoded(image: Image.Image) -> list[str]:
    return [result.text for result in zxingcpp.read_barcodes(image)]


def pdf_page(path: Path) -> tuple[Image.Image, str, int]:
    """The first page as a printer at 150 dpi would see it, its text, and the page count."""
    document = pypdfium2.PdfDocument(str(path))
    try:
        page = document[0]
        width, height = page.get_size()
        assert (round(width), round(height)) == (612, 792), "carta: 8.5 × 11 in"
        return (page.render(scale=150 / 72).to_pil(), page.get_textpage().get_text_range(), len(document))
    finally:
        document.close()


def test_the_poster_qr_decodes_to_the_deep_link_from_the_pdf_and_the_png(tmp_path: Path) -> None:
    out = tmp_path / "cartel.pdf"
    result = faqbot(
        "cartel",
        "--salida",
        str(out),
        "--png",
        "--inicio",
        "fechas",
        "--usuario",
        "@SeguroEscuelaBot",
        env=office_config(tmp_path),
    )
    assert result.returncode == 0, result.stderr
    link = "https://t.me/SeguroEscuelaBot?start=fechas"
    image, text, pages = pdf_page(out)
    assert pages == 1
    assert decoded(image) == [link]
    assert decoded(Image.open(out.with_suffix(".png"))) == [link]
    flat = " ".join(text.split())
    for expected in (
        "@SeguroEscuelaBot",
        "Edificio de Servicios Escolares, planta baja",
        "Atiende de lunes a viernes de 9:00 a 14:00.",
        "No soy el IMSS",
        "Nunca necesito tu NSS ni tu CURP",
        "Hecho el 3 de diciembre de 2026.",
    ):
        assert expected in flat, expected


def test_without_a_payload_the_qr_opens_the_bot(tmp_path: Path) -> None:
    out = tmp_path / "general.pdf"
    result = faqbot(
        "cartel", "--salida", str(out), "--usuario", "SeguroEscuelaBot", env=office_config(tmp_path)
    )
    assert result.returncode == 0, result.stderr
    assert decoded(pdf_page(out)[0]) == ["https://t.me/SeguroEscuelaBot"]
    assert not out.with_suffix(".png").exists()


def test_an_item_id_is_a_payload_and_a_dead_one_is_refused(tmp_path: Path) -> None:
    out = tmp_path / "cartel.pdf"
    good = faqbot(
        "cartel", "--salida", str(out), "--inicio", "documento_nss", "--usuario", "SeguroEscuelaBot"
    )
    assert good.returncode == 0, good.stderr
    assert decoded(pdf_page(out)[0]) == ["https://t.me/SeguroEscuelaBot?start=documento_nss"]
    out.unlink()
    dead = faqbot("cartel", "--salida", str(out), "--inicio", "documento", "--usuario", "SeguroBot1")
    assert dead.returncode == 2 and "--inicio documento no abre nada" in dead.stderr
    assert not out.exists()


def test_without_a_name_or_a_token_it_says_what_is_missing(tmp_path: Path) -> None:
    result = faqbot("cartel", "--salida", str(tmp_path / "c.pdf"))
    assert result.returncode == 2 and "falta --usuario" in result.stderr
    assert not (tmp_path / "c.pdf").exists()


async def test_the_username_comes_from_the_tokens_getme(server: FakeTelegram, tmp_path: Path) -> None:
    out = tmp_path / "cartel.pdf"
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("FAQBOT_", "TELEGRAM_"))},
        "FAQBOT_CONFIG": office_config(tmp_path)["FAQBOT_CONFIG"],
        "FAQBOT_TODAY": "2026-12-03",
        "TELEGRAM_BOT_TOKEN": server.token,
        "TELEGRAM_API_BASE_URL": server.base_url,
    }
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        "cartel",
        "--salida",
        str(out),
        "--inicio",
        "elegibilidad",
        env=env,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    stdout, stderr = await asyncio.wait_for(process.communicate(), 60)
    assert process.returncode == 0, stderr.decode()
    assert server.token not in (stdout + stderr).decode()
    assert decoded(pdf_page(out)[0]) == [f"https://t.me/{BOT_USERNAME}?start=elegibilidad"]

    rejected = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        "cartel",
        "--salida",
        str(tmp_path / "x.pdf"),
        env={**env, "TELEGRAM_BOT_TOKEN": "999:wrong"},
        stderr=asyncio.subprocess.PIPE,
    )
    _, stderr = await asyncio.wait_for(rejected.communicate(), 60)
    assert rejected.returncode == 2 and "Telegram rechazó el token" in stderr.decode()
    assert "999:wrong" not in stderr.decode()
