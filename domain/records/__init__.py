"""The documents and decisions the university keeps about a person, each under a register rule."""
