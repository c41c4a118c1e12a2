"""Fixtures for tests of the command line: Flask's CLI runner on the test app."""

from __future__ import annotations

import pytest


@pytest.fixture
def runner(app):
    return app.test_cli_runner()
