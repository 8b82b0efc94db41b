"""Calendar files (iCalendar, RFC 5545): a visit's programme and checklist written out, and
invitations or a counterpart's programme read in as planned meetings."""
