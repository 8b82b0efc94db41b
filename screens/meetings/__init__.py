"""The Meetings screen: the list, a meeting's page and the meeting form."""
