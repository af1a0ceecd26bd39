"""The transport-free dialog: the engine, the questionnaire, what the assistant says."""
