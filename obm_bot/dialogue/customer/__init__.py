"""The customer side: people who ask the loket for courses, quotes and advice."""
