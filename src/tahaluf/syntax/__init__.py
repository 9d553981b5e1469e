"""Sentence structure under the event rules: clauses and the factivity of their predicates."""
