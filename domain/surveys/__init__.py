"""The NSE's anonymous results per programme (issue 13 §2)."""
