"""Where the site build keeps jieba's dictionary cache (the search index's Chinese is
cut with jieba): in the site project's own ``.cache/``, which the build's user owns."""

from __future__ import annotations

import jieba
from test_site_helpers import fill_street, make_project, new_repo

from site_builder import build_site


def test_the_search_dictionary_cache_is_kept_in_the_projects_cache_not_the_machines_tmp(
        tmp_path, monkeypatch):
    """jieba wrote it as /tmp/jieba.cache: on a deployment where root had built a site
    once (trying the demo), every build of the service's user logged 'ERROR jieba: Dump
    cache file failed' with a PermissionError traceback, and cut the dictionary again."""
    monkeypatch.setattr(jieba.dt, "tmp_dir", None)  # as in a process that starts
    monkeypatch.setattr(jieba.dt, "initialized", False)
    monkeypatch.setattr(jieba, "_steward_runs", {}, raising=False)  # nothing cut yet
    repo = new_repo(tmp_path / "data")
    try:
        fill_street(repo)
        project = make_project(tmp_path)
        build_site(repo, project, workers=1)
    finally:
        repo.close()
    assert (project / ".cache" / "jieba.cache").is_file()
    assert jieba.dt.tmp_dir == str(project / ".cache")
