"""Every fixed sentence the assistant says, in one place, so tone stays consistent (es-MX)."""

WELCOME = (
    "¡Hola! 👋 Soy el asistente del <b>Seguro Facultativo</b> (el seguro médico del IMSS para "
    "estudiantes). Escríbeme tu duda como quieras, por ejemplo «¿cuándo entrego mi NSS?», "
    "o elige un tema:"
)
HELP = (
    "Puedo ayudarte con el Seguro Facultativo del IMSS:\n"
    "• Escribe tu pregunta con tus palabras.\n"
    "• /preguntas: los temas que conozco.\n"
    "• /fechas: cuándo se reciben las tarjetas del NSS.\n"
    "• /elegibilidad: unas preguntas rápidas para saber qué te toca hacer.\n"
    "• /contacto: dónde está la oficina del Seguro Facultativo y su horario.\n"
    "• /persona: hacerle tu pregunta a una persona de la oficina.\n"
    "• /avisos: tu aviso de cuándo abre la recepción de tarjetas.\n"
    "• /cancelar: salir del cuestionario."
)
MENU = "Estos son los temas que conozco. Elige uno:"
DID_YOU_MEAN = "No estoy seguro de haberte entendido. ¿Quisiste decir…?"
NONE_OF_THESE = "Ninguna de estas"
DONT_KNOW = (
    "Perdón, eso no lo sé 🙏. Solo puedo ayudarte con el Seguro Facultativo del IMSS. "
    "¿Me lo dices de otra forma? Por ejemplo: «¿cómo sé si ya me dieron de alta?». "
    "También puedes elegir un tema:"
)
STILL_DONT_KNOW = "Sigo sin poder ayudarte con eso, perdón 😔."
NOT_THESE = "Va, no era ninguna de esas."
ASK_A_PERSON = "Puedes preguntarle a una persona de la oficina del Seguro Facultativo:"
GO_TO_OFFICE = "Te recomiendo preguntar directamente en la oficina:"
TALK_TO_PERSON = "🙋 Hablar con una persona"
NOT_UNDERSTOOD = (
    "No alcancé a entenderte 😅. Escríbeme tu pregunta con palabras, por ejemplo "
    "«¿cómo sé si ya me dieron de alta?», o elige un tema:"
)
SMALL_TALK = {
    "greeting": "¡Hola! 😊 ¿En qué te ayudo con tu Seguro Facultativo? Escríbeme o elige un tema:",
    "thanks": "¡Con gusto! 😊 Si tienes otra duda, aquí estoy.",
    "goodbye": "¡Hasta luego! 👋 Cuando tengas otra duda del seguro, escríbeme.",
    "about_bot": "Soy el asistente del Seguro Facultativo 🤖: respondo dudas sobre el seguro médico "
                 "del IMSS para estudiantes. Escríbeme tu duda o elige un tema:",
}
STALE_OPTION = "Esa opción ya no está disponible. Elige de nuevo:"
UNKNOWN_COMMAND = "No conozco ese comando. Esto es lo que puedo hacer:"
NON_TEXT = "Por ahora solo leo texto ✍️. Escríbeme tu pregunta, por ejemplo «¿qué es el seguro facultativo?»."

FLOW_BACK = "⬅️ Atrás"
FLOW_RESTART = "🔄 Reiniciar"
FLOW_START = "🧭 ¿Qué me toca hacer?"
FLOW_RESUME = "▶️ Seguir con el cuestionario"
FLOW_CANCELLED = "Listo, salimos del cuestionario. Puedes escribirme tu duda o elegir un tema:"
FLOW_NOT_ACTIVE = "No estás en el cuestionario. Puedes empezarlo cuando quieras:"
FLOW_CHECKLIST = "<b>Tu lista personal</b>"
FLOW_NOTHING_TO_DO = "No tienes pasos pendientes con el Seguro Facultativo."
FLOW_DONE_AGAIN = "🔄 Empezar de nuevo"
TOPICS = "📋 Ver temas"
PRIVACY_NOTE = (
    "🔒 Por cierto: no necesito tu NSS ni tu CURP para ayudarte. Por tu seguridad, no los "
    "compartas en chats."
)
THANKS_FOR_FEEDBACK = "¡Gracias por tu opinión! 🙌"
RATE_HINT = "(¿Te sirvió? Escribe +1 o -1)"
NOTHING_TO_RATE = "Escribe +1 o -1 justo después de una respuesta para calificarla."
REMIND_ME = "🔔 Avísame cuando abra"
REMINDERS_ON_TELEGRAM = (
    "Los avisos llegan por Telegram 🔔: búscame ahí, pregunta «¿cuándo entrego mi NSS?» y toca "
    "«Avísame cuando abra». Te escribo el día que abra la recepción."
)
