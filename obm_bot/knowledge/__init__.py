"""Dated, sourced facts the desk's answers depend on (``knowledge/``)."""

from obm_bot.knowledge.check import check
from obm_bot.knowledge.loader import KnowledgeError, load_knowledge
from obm_bot.knowledge.models import Fact, Knowledge, Level, Problem, Subject

__all__ = [
    "Fact",
    "Knowledge",
    "KnowledgeError",
    "Level",
    "Problem",
    "Subject",
    "check",
    "load_knowledge",
]
