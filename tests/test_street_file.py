"""`steward street-file` writes the data folder's street back as a street file: after a
restore onto a new machine (the file kept since `init` lost with it) the admin has one
to correct and merge, as the bot's start-up warning of a wrong bot_username and the
README's merge-street steps ask. Before, the only way was to write every room of every
unit again by hand."""

from __future__ import annotations

from typer.testing import CliRunner

import steward_cli
from db.config import load_street, street_to_dict
from db.repository import Repository


def test_the_street_file_written_from_the_data_folder_reads_back_as_the_same_street(
        tmp_path, street_config):
    data = tmp_path / "data"
    Repository.init(data, street_config).close()
    out = tmp_path / "street.yaml"
    said = CliRunner().invoke(steward_cli.app, ["street-file", str(out), "--data", str(data)])
    assert said.exit_code == 0, said.output
    back = load_street(out)
    repo = Repository.open(data, readonly=True)
    try:
        assert street_to_dict(back.street) == street_to_dict(repo.street)
        assert back.settings == repo.settings
        assert repo.merge_plan(back) == []  # merging it changes nothing
    finally:
        repo.close()
    assert "telegram_id" not in out.read_text(encoding="utf-8")  # no volunteer listed


def test_the_demo_streets_file_comes_back_with_every_room_area_and_owner(tmp_path):
    """The demo street: rooms listed one by one and floors x rooms, floor areas, one
    owner of several flats, fees with and without amounts, a mode changed in the bot."""
    from db.config import parse_street
    from db.street_file import street_yaml
    from steward_cli import DEMO_CONFIG

    street = load_street(DEMO_CONFIG)
    text = street_yaml(street.street, street.settings)
    assert street_to_dict(parse_street(text).street) == street_to_dict(street.street)
    assert "owner:" in text or not any(h.owner for c in street.street.compounds
                                       for b in c.buildings for u in b.units
                                       for h in u.households)
