"""The files organisers already work with: registration spreadsheets in, participant lists,
calendars and action lists out. No Qt here; the app and the command line share it."""
