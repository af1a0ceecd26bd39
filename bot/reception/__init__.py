"""When NSS cards are received: windows, closures, reminders."""
