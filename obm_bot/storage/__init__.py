"""SQLite storage (aiosqlite): numbered migrations and the store the engine talks to."""
