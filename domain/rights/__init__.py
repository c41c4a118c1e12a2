"""Carrying out decided rights requests on the data: erasure, rectification, objection."""
