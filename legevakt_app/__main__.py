"""``python -m legevakt_app``: the same as the ``legevakt`` command (pyproject's
``[project.scripts]``): the desktop app without arguments, else the named subcommand."""

from legevakt_app.cli import entry_point

if __name__ == "__main__":
    entry_point()
