"""The Seguro Facultativo office: its hours, the handoff to its staff, tickets."""
