"""The public site builder: store -> Jinja2 -> Markdown -> MkDocs.

``build_site(repo, project_dir)`` is the one entry point (see ``build.py``
for its stages); the CLI's ``steward build`` and the bot's publisher call it.
"""

from .build import BuildReport, build_site

__all__ = ["build_site", "BuildReport"]
