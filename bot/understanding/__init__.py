"""Reading a student's question and deciding what it asks: reading, the phrasing index, scoring,
matching, confidence, calibration, evaluation."""
