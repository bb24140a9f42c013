"""The public site builder: store -> Jinja2 -> Markdown -> MkDocs."""
