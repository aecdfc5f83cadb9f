"""Reminders and the calendar: what the user asks for in their own words, set, raised at its minute, and kept in step with calendar files and CalDAV servers."""
