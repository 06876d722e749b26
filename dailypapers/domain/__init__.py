"""Pure Python: records, identifiers, periods and ranking maths. No I/O."""
