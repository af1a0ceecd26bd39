"""Seguro Facultativo assistant: answers IMSS student-insurance questions from a YAML knowledge base."""
