"""The staff-edited knowledge base: schema, YAML reading with line numbers, validation."""

from bot.knowledge.loader import KnowledgeBase, KnowledgeError, Topic, load_knowledge
from bot.knowledge.yaml_source import Problem

__all__ = ["KnowledgeBase", "KnowledgeError", "Problem", "Topic", "load_knowledge"]
