"""The staff side: account managers and coaches working the queue."""
