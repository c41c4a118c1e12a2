"""A non-editable install carries templates, translations and migrations, and finds them.

Builds what a wheel would contain (setuptools' ``build_py`` reads the same pyproject.toml
configuration) in a copy of the project, then runs the portal from that build alone.
"""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.frontend import CommandLineInterface

ROOT = Path(__file__).resolve().parents[2]
SHIPPED = (
    "pyproject.toml",
    "webapp",
    "domain",
    "worker",
    "templates",
    "translations",
    "migrations",
)


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """The installed tree: what ``pip install .`` puts in site-packages."""
    work = tmp_path_factory.mktemp("package")
    source = work / "source"
    source.mkdir()
    for name in SHIPPED:
        if (ROOT / name).is_dir():
            shutil.copytree(
                ROOT / name, source / name, ignore=shutil.ignore_patterns("__pycache__", "instance")
            )
        else:
            shutil.copy2(ROOT / name, source / name)
    mo = source / "translations/nl/LC_MESSAGES/messages.mo"
    if not mo.exists():  # compiled output, not in git: build it as a release would
        CommandLineInterface().run(["pybabel", "-q", "compile", "-d", str(source / "translations")])
    out = work / "site-packages"
    subprocess.run(
        [
            sys.executable,
            "-c",
            "from setuptools import setup; setup()",
            "-q",
            "build_py",
            "--build-lib",
            str(out),
        ],
        cwd=source,
        check=True,
        capture_output=True,
    )
    return out


def test_the_build_contains_templates_translations_and_migrations(built):
    files = {p.relative_to(built).as_posix() for p in built.rglob("*") if p.is_file()}
    templates = {p.relative_to(ROOT).as_posix() for p in (ROOT / "templates").rglob("*.html")}
    migrations = {p.relative_to(ROOT).as_posix() for p in (ROOT / "migrations").glob("*.py")}
    assert templates and templates <= files
    assert migrations and migrations <= files
    assert {
        "translations/messages.pot",
        "translations/nl/LC_MESSAGES/messages.po",
        "translations/nl/LC_MESSAGES/messages.mo",
        "webapp/static/portal.css",
    } <= files
    assert not any(f.startswith("tests/") for f in files)


def test_the_installed_portal_finds_its_templates_translations_and_migrations(built, tmp_path):
    script = (
        "import webapp, domain.core.schema as s\n"
        "from pathlib import Path\n"
        f"assert Path(webapp.__file__).is_relative_to({str(built)!r}), webapp.__file__\n"
        "assert sorted(p.name for p in s.MIGRATIONS.glob('0*.py'))\n"
        "app = webapp.create_app({'TESTING': True})\n"
        "page = app.test_client().get('/auth/login')\n"
        "assert page.status_code == 200, page.status_code\n"
        "print(page.get_data(as_text=True))\n"
    )
    env = dict(
        os.environ,
        PYTHONPATH=str(built),
        SECRET_KEY="x",
        PORTAL_ENV="test",
        PORTAL_INSTANCE_DIR=str(tmp_path),
        DATABASE_URL=f"sqlite:///{tmp_path / 'portal.sqlite3'}",
    )
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=tmp_path, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert "Inloggen" in result.stdout  # Dutch: the compiled catalogue was found
