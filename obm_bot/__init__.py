"""obm-bot: the chat loket of a regional OpleidingsBedrijf Metaal."""

__version__ = "0.9.0"
