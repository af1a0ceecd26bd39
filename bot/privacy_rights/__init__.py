"""A student's rights over what the assistant keeps about them (Mexico's data-protection law for
public bodies): the privacy notice (/privacidad), what is kept about them (/mis_datos) and its
deletion (/borrar_mis_datos), read from and done in the stores themselves. Transport-free: the
Telegram adapter and the terminal show these texts and edit the staff group's messages."""
