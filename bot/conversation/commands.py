"""Every slash command, once: who may use it, its line in Telegram's command menu and in the
help text. The menus, the help, the engine's dispatch and the Telegram handlers are all made
from this table, so a new command cannot be listed in one place and forgotten in another."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Audience = Literal["student", "staff", "admin"]
Handler = Literal["engine", "adapter"]


@dataclass(frozen=True)
class Command:
    name: str
    menu: str  # the line in Telegram's command menu
    audience: Audience = "student"
    help: str | None = None  # the line in /ayuda (students' commands only)
    by: Handler = "engine"  # who answers it: the dialog engine, or each adapter itself


COMMANDS: tuple[Command, ...] = (
    Command("start", "Empezar"),
    Command("preguntas", "Ver los temas que conozco", help="los temas que conozco"),
    Command("fechas", "¿Cuándo entrego mi tarjeta del NSS?", help="cuándo se reciben las tarjetas del NSS"),
    Command(
        "elegibilidad",
        "¿Qué me toca hacer? (cuestionario)",
        help="unas preguntas rápidas para saber qué te toca hacer",
    ),
    Command("cancelar", "Salir del cuestionario", help="salir del cuestionario"),
    Command(
        "contacto",
        "Dónde está la oficina y su horario",
        help="dónde está la oficina del Seguro Facultativo y su horario",
    ),
    Command(
        "persona",
        "Hacerle tu pregunta a una persona de la oficina",
        help="hacerle tu pregunta a una persona de la oficina",
    ),
    Command(
        "avisos",
        "Tus avisos: cuándo abre la recepción y los de la oficina",
        help="tus avisos: cuándo abre la recepción de tarjetas y los avisos de la oficina",
    ),
    Command("ayuda", "Cómo usar el asistente"),
    Command(
        "privacidad",
        "Aviso de privacidad: qué guardo y para qué",
        help="qué guardo de ti, para qué y por cuánto tiempo",
        by="adapter",
    ),
    Command("mis_datos", "Lo que guardo sobre ti", help="ver lo que guardo sobre ti", by="adapter"),
    Command(
        "borrar_mis_datos",
        "Borrar lo que guardo sobre ti",
        help="borrar todo lo que guardo sobre ti",
        by="adapter",
    ),
    Command("pendientes", "Preguntas de estudiantes sin resolver", "staff"),
    Command("resuelto", "(respondiendo a una pregunta) Marcarla como resuelta", "staff"),
    Command("recargar", "Recargar la base de conocimiento", "admin"),
    Command("estado", "Versión, tiempo activo, lo pendiente y conteos", "admin"),
    Command("reporte", "Preguntas sin respuesta: agregarlas como frases o redirigirlas", "admin"),
    Command("cambios", "Los cambios hechos desde Telegram, y deshacer el último", "admin"),
    Command("calendario", "Periodos de inscripción y cierres de la recepción", "admin"),
    Command("periodo", "Agregar un periodo: /periodo Nombre: del 11 al 22 de enero", "admin"),
    Command("cierre", "Agregar un cierre: /cierre Nombre: 6 de enero", "admin"),
    Command("guardar", "(respondiendo a una pregunta) Guardar su respuesta para todos", "admin"),
    Command("aviso", "Mandar un aviso a los estudiantes suscritos: /aviso Texto", "admin"),
)


def for_audience(audience: Audience) -> tuple[Command, ...]:
    return tuple(command for command in COMMANDS if command.audience == audience)


STUDENT_COMMANDS = frozenset(command.name for command in for_audience("student"))
ENGINE_COMMANDS = frozenset(c.name for c in for_audience("student") if c.by == "engine")
ADAPTER_COMMANDS = frozenset(c.name for c in for_audience("student") if c.by == "adapter")

HELP = "\n".join(
    [
        "Puedo ayudarte con el Seguro Facultativo del IMSS:",
        "• Escribe tu pregunta con tus palabras.",
        *(f"• /{command.name}: {command.help}." for command in COMMANDS if command.help),
    ]
)
