"""The yardstick of ``benchmarks/pages.py``: the smallest Flask app, under the same gunicorn."""

from flask import Flask

app = Flask(__name__)


@app.get("/")
def hello() -> str:
    return "Hello, World!"
