"""Every fixed sentence the assistant says, in one place, so tone stays consistent (es-MX)."""

WELCOME = (
    "¡Hola! 👋 Soy el asistente del <b>Seguro Facultativo</b> (el seguro médico del IMSS para "
    "estudiantes). Escríbeme tu duda como quieras, por ejemplo «¿cuándo entrego mi NSS?», "
    "o elige un tema.\n\n🔏 Lo que guardo de ti y cómo borrarlo: /privacidad"
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
MORE_AT_THE_OFFICE = "Si necesitas más detalle, la oficina te puede ayudar:"
MORE_FROM_A_PERSON = "Si necesitas más detalle, puedes preguntarle a una persona de la oficina:"
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
NOT_IN_THIS_CHANNEL = "Eso no lo puedo hacer por aquí; escríbeme en Telegram. Mientras, elige un tema:"
NON_TEXT = "Por ahora solo leo texto ✍️. Escríbeme tu pregunta, por ejemplo «¿qué es el seguro facultativo?»."

QUESTIONNAIRE_BACK = "⬅️ Atrás"
QUESTIONNAIRE_RESTART = "🔄 Reiniciar"
QUESTIONNAIRE_START = "🧭 ¿Qué me toca hacer?"
QUESTIONNAIRE_RESUME = "▶️ Seguir con el cuestionario"
QUESTIONNAIRE_CANCELLED = "Listo, salimos del cuestionario. Puedes escribirme tu duda o elegir un tema:"
QUESTIONNAIRE_NOT_ACTIVE = "No estás en el cuestionario. Puedes empezarlo cuando quieras:"
QUESTIONNAIRE_CHECKLIST = "<b>Tu lista personal</b>"
QUESTIONNAIRE_NOTHING_TO_DO = "No tienes pasos pendientes con el Seguro Facultativo."
QUESTIONNAIRE_DONE_AGAIN = "🔄 Empezar de nuevo"
TOPICS = "📋 Ver temas"
MORE_TOPICS = "📋 Más temas"
MORE_TOPICS_MENU = "Más temas que conozco. Elige uno:"
PRIVACY_NOTE = (
    "🔒 Por cierto: no necesito tu NSS ni tu CURP para ayudarte. Por tu seguridad, no los compartas en chats."
)
THANKS_FOR_FEEDBACK = "¡Gracias por tu opinión! 🙌"
RATE_HINT = "(¿Te sirvió? Escribe +1 o -1)"
NOTHING_TO_RATE = "Escribe +1 o -1 justo después de una respuesta para calificarla."
REMIND_ME = "🔔 Avísame cuando abra"
REMINDERS_ON_TELEGRAM = (
    "Los avisos llegan por Telegram 🔔: búscame ahí, pregunta «¿cuándo entrego mi NSS?» y toca "
    "«Avísame cuando abra». Te escribo el día que abra la recepción."
)

# Telegram only: the adapter says these, the engine never does.
FLOOD_WAIT = "Dame un momento 🙏, me llegaron muchos mensajes seguidos. Escríbeme en unos segundos."
TRY_AGAIN = "Uy, algo falló de mi lado 😓. Intenta de nuevo en un momento, por favor."
ADMINS_ONLY = "Este comando es solo para el personal del Seguro Facultativo."
STAFF_COULD_NOT_DELIVER = "⚠️ No pude entregar la respuesta: el estudiante bloqueó al bot."
STAFF_DELIVERY_FAILED = "⚠️ No pude entregar la respuesta; intenta de nuevo en un momento."
ONLY_TEXT_TO_OFFICE = "Por ahora solo puedo enviarle texto a la oficina ✍️. Escríbeles tu respuesta."
OFFICE_IN_PRIVATE = "Para hablar con la oficina escríbeme en privado 🙂."
RESOLVED_NEEDS_REPLY = "Responde con /resuelto a un mensaje de la pregunta."
CURATION_GONE = "Ese grupo ya se decidió o ya no está; manda /reporte para ver los pendientes."
NO_JOURNAL = "El diario de preguntas está desactivado."

# The office, asked from free text: what is said when staff did not write that detail.
OFFICE_NO_PLACE = "No tengo anotado dónde está la oficina; esto es lo que sé de ella:"
OFFICE_NO_HOURS = "No tengo anotado el horario de la oficina; esto es lo que sé de ella:"
OFFICE_NO_PHONE = "No tengo anotado un teléfono de la oficina; esto es lo que sé de ella:"
OFFICE_NO_EMAIL = "No tengo anotado un correo de la oficina; esto es lo que sé de ella:"
OFFICE_NO_URL = "No tengo anotada una página de la oficina; esto es lo que sé de ella:"

# Follow-ups on the topic just answered.
SAME_AGAIN = (
    "Es lo mismo que te respondí hace un momento. Si buscas otro detalle, dime cuál, o "
    "pregúntale a la oficina con /persona."
)
DATES_AGAIN = "Sobre las fechas, esto es lo que tengo:"
DETAIL_LEAD = "Sobre eso, esto es lo que dice la información que tengo:"
DETAIL_MISSING = "Eso no viene en la información que tengo sobre «{title}»."
ALSO_ASKED = "También preguntaste algo que no alcancé a entender bien. ¿Era alguno de estos?"

# Urgent health situations and other languages.
EMERGENCY = (
    "🚨 <b>Si es una emergencia, llama al 911 ahora</b> o ve a la sala de urgencias más "
    "cercana. Si alguien está en peligro, no esperes: pide ayuda a quien esté cerca."
)
AFTER_HELP_ARRIVED = (
    "Qué bueno que ya tienes ayuda 🙏. Cuídate mucho; cuando estés mejor, aquí "
    "estoy para tus dudas del Seguro Facultativo."
)
AFTER_EMERGENCY = "Cuando estés a salvo, aquí puedo explicarte cómo funciona tu Seguro Facultativo:"
OTHER_LANGUAGE = (
    "Solo hablo español 🙂. Escríbeme tu pregunta en español y con gusto te ayudo.\n"
    "<i>I only speak Spanish: please write your question in Spanish.</i>"
)
NOT_OUR_PROCEDURE_AGAIN = (
    "Sobre ese trámite no tengo información, perdón 🙏: no lo lleva el Seguro Facultativo. "
    "Pregunta en el área de tu escuela que lo atiende; aquí sigo para lo del seguro."
)
NOT_OUR_PROCEDURE = (
    "Eso no es un trámite del Seguro Facultativo, así que no tengo esa información 🙏. Te puede "
    "ayudar el área que atiende ese trámite. Si tu duda es del Seguro Facultativo, elige un tema:"
)
ACKNOWLEDGED = "👍 Aquí estoy si tienes otra duda."
CHOOSE_AN_OPTION = "Elige una de las opciones, por favor:"

# Inline answers (`@bot nss` in any chat) and sharing an answer with a classmate.
ASK_THE_ASSISTANT = "Preguntarle al asistente"
SHARE = "📤 Compartir"

# A pasted NSS, CURP or phone deleted from the private chat (privacidad.borrar_datos_pegados).
PASTED_DELETED = (
    "🔒 Borré tu mensaje porque traía datos personales (NSS, CURP o teléfono): no "
    "los necesito para ayudarte y así no se quedan en este chat. Ya leí tu pregunta."
)
