"""What the assistant says about itself before anyone asks: the bot's profile on Telegram (the
description shown before Start, the short one on its page) and the poster at the office window.
One wording for both, so a student reads the same promise wherever they meet the bot: what it
answers, that it is not the IMSS, and that it never needs their NSS or CURP."""

from __future__ import annotations

ANSWERS = (
    "Respondo dudas del Seguro Facultativo (el seguro médico del IMSS para estudiantes): "
    "cuándo entregar tu tarjeta del NSS, qué documento llevar, cómo saber si ya te dieron "
    "de alta y qué sigue después."
)
NOT_IMSS = "No soy el IMSS: soy un asistente de la oficina del Seguro Facultativo de tu escuela."
NO_IDS = "Nunca necesito tu NSS ni tu CURP: no los escribas en el chat."

# Telegram's limits: 512 characters for the description, 120 for the short one.
DESCRIPTION = f"{ANSWERS}\n\n{NOT_IMSS}\n{NO_IDS}"
SHORT_DESCRIPTION = (
    "Dudas del Seguro Facultativo del IMSS para estudiantes. No soy el IMSS y nunca "
    "necesito tu NSS ni tu CURP."
)
