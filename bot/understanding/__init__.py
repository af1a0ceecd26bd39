"""Reading a student's question and deciding what it asks: matching, confidence, calibration, evaluation."""
