"""Domain records and ports shared by the dialogue engine, the queue and the adapters."""
