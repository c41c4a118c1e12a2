"""Rights requests (GDPR art. 15–21): filing, the legal deadline, and the desk's work."""
