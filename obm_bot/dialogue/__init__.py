"""The dialogue engine: who said what in, replies and persisted effects out. No Telegram here."""
