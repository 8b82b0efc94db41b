"""The Partners screen: organisations, their people, meetings and open proposals."""
