"""Every fixed sentence about a student's data (es-MX): the notice, /mis_datos and
/borrar_mis_datos, and what the staff group reads when a student deletes their data."""

# ----- the notice (/privacidad) ----------------------------------------------------------
NOTICE_TITLE = "🔏 <b>Aviso de privacidad</b> (versión corta)"
NO_RESPONSIBLE = (
    "la escuela a la que pertenece la oficina del Seguro Facultativo; pregunta en la oficina su "
    "nombre y domicilio."
)
KEPT_JOURNAL = (
    "Las preguntas que no supe contestar y tus 👍/👎, con los datos personales tapados y sin tu "
    "nombre ni tu número de Telegram (solo un código que no se puede revertir): {days} días."
)
KEPT_TICKETS = (
    "Si le escribes a la oficina (/persona): tu nombre y @usuario de Telegram, lo que le "
    "escribes (con datos personales tapados) y las fechas. Lo ven las personas de la oficina en "
    "su grupo de Telegram. Se borra {days} días después de su última actividad."
)
KEPT_REMINDERS = (
    "Si pides un aviso 🔔: tu chat y el día que lo pediste, hasta que te llega; que te llegó, {days} días."
)
KEPT_PLACE = (
    "Dónde vas en la conversación (el cuestionario, tu última pregunta por unos minutos), "
    "solo mientras estás en ella. No guardo tu NSS ni tu CURP: no los necesito."
)
PURPOSE = (
    "contestar tus dudas del Seguro Facultativo, hacerle llegar tus preguntas a la oficina, "
    "avisarte cuando abra la recepción de tarjetas y mejorar las respuestas del asistente."
)
RIGHTS = (
    "<b>Tus derechos ARCO</b> (acceso, rectificación, cancelación y oposición): /mis_datos te "
    "muestra lo que guardo de ti y /borrar_mis_datos lo borra."
)
RIGHTS_AT_THE_OFFICE = "Para cualquier otra solicitud, pregunta en la oficina del Seguro Facultativo."
NO_FULL_NOTICE = "pídelo en la oficina del Seguro Facultativo."

# ----- what is kept (/mis_datos) ---------------------------------------------------------
PRIVATE_ONLY = "Eso es sobre tus datos: escríbeme en privado 🙂 (en un grupo lo verían todos)."
NOTHING_KEPT = "No guardo nada sobre ti 🙂. Más en /privacidad."
HOLDINGS_TITLE = "🗂️ <b>Lo que guardo sobre ti</b>"
TICKETS_TITLE = "<b>Tus preguntas a la oficina:</b>"
TICKET_LINE = "• #{id} · {status} · enviada el {opened}{closed}"
TICKET_OPEN = "abierta"
TICKET_CLOSED = "resuelta"
TICKET_CLOSED_ON = ", cerrada el {day}"
TICKET_NAME = "  La oficina te ve como «{name}»; guardé {questions} mensaje(s) tuyo(s)."
REMINDER = "🔔 Un aviso de cuándo abre la recepción, pedido el {day}."
DELIVERIES = "🔔 Avisos que ya te llegaron: {count}."
ANNOUNCEMENTS_IN = "📣 Que recibes los avisos de la oficina, y cuáles ya te llegaron."
ANNOUNCEMENTS_ASKED = "📣 Que ya te ofrecí los avisos de la oficina, y tu respuesta."
JOURNAL = "📝 Preguntas tuyas en el registro para mejorar las respuestas: {questions}; tus 👍/👎: {votes}."
PLACE = "💬 Dónde vas en la conversación: {places}."
PLACE_QUESTIONNAIRE = "el cuestionario «¿Qué me toca hacer?»"
PLACE_RECENT = "lo último que me preguntaste (unos minutos)"
PLACE_HANDOFF = "una pregunta para la oficina sin enviar"
PLACE_OTHER = "tu lugar en la conversación"
HOLDINGS_END = "Para borrarlo todo: /borrar_mis_datos. Más en /privacidad."

# ----- deleting it (/borrar_mis_datos) ---------------------------------------------------
ERASE_ASK = "🗑️ ¿Borro todo lo que guardo sobre ti? Esto no se puede deshacer."
ERASE_ASK_TICKETS = (
    "Tus preguntas a la oficina se borran también de su grupo de Telegram y, si tienes una "
    "abierta, se cierra."
)
ERASE_YES = "🗑️ Sí, borrar todo"
ERASE_NO = "✖️ No, dejarlo"
ERASE_KEPT = "Listo, no borré nada."
ERASED = "✅ Listo, borré todo lo que guardaba sobre ti: {what}."
ERASED_TICKETS = "tus preguntas a la oficina ({ids})"
ERASED_REMINDER = "tu aviso 🔔"
ERASED_ANNOUNCEMENTS = "tu suscripción a los avisos de la oficina 📣"
ERASED_JOURNAL = "tus preguntas y 👍/👎 del registro"
ERASED_PLACE = "dónde ibas en la conversación"
NOTHING_LEFT = "No queda nada guardado sobre ti 🙂: no hay nada que borrar."
TERMINAL_NOTE = "(En la terminal no hay preguntas a la oficina ni avisos: eso solo existe en Telegram.)"

# ----- the staff group ---------------------------------------------------------------------
REMOVED = "🗑️ #{id}: eliminado a petición del estudiante."
STAFF_TOLD = "🗑️ Un estudiante pidió borrar sus datos: eliminé su(s) pregunta(s) {ids}{closed}."
STAFF_CLOSED = "; la #{id} estaba abierta y quedó cerrada"
ERASED_QUESTION = "(pregunta eliminada a petición del estudiante)"  # in the staff's decisions
