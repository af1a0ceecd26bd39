"""What staff see and do: the journal of unanswered questions, the report, grouping, curation."""
