"""The street configuration: the demo street loads as the article tells it,
the shorthand and defaults build the right households, the store's dict form
round-trips, and every invalid file is refused naming its line and problem."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from db.config import (
    StreetConfig,
    VolunteerSeed,
    load_street,
    parse_street,
    street_from_dict,
    street_to_dict,
)
from db.errors import ConfigError
from db.places import Basis, FeeSchedule, Mode

DEMO = Path(__file__).resolve().parent.parent / "examples" / "xinyi-street.yaml"

# The smallest valid street. Error cases below replace one piece of it; the
# line meant to be reported carries the marker "# <-".
BASE = """\
street: {id: s, name: 测试街道}
admins: [1]
communities:
  - id: c
    name: 社区
    compounds:
      - id: k
        name: 小区
        buildings:
          - id: "1"
            units:
              - id: "1"
                households:
                  - {room: "101", area_m2: 60}
areas:
  - {id: a, name: 区域, mode: committee, steward: 物管会, compounds: [k]}
volunteers:
  - {telegram_id: 11, name: 甲, title: 网格员, areas: [a]}
"""

HOUSEHOLD = '                  - {room: "101", area_m2: 60}\n'
UNIT = '              - id: "1"\n                households:\n' + HOUSEHOLD
AREA = "  - {id: a, name: 区域, mode: committee, steward: 物管会, compounds: [k]}\n"
SECOND_COMPOUND = ('      - {id: k2, name: 二小区, buildings: [{id: "1", units: '
                   '[{id: "1", floors: 1, rooms_per_floor: 1}]}]}')


def edit(old: str, new: str) -> str:
    assert BASE.count(old) == 1, old
    return BASE.replace(old, new)


def marked_line(text: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if "# <-" in line)


@pytest.fixture(scope="module")
def demo() -> StreetConfig:
    return load_street(DEMO)


# -- the demo street -----------------------------------------------------------


def test_demo_street_has_the_article_communities_compounds_and_modes(demo):
    street = demo.street
    assert (street.id, street.name, street.city) == ("xinyi", "新义街道", "孝义市")
    assert street.site_url == "http://127.0.0.1:8000/"
    assert street.admins == (900001,)
    assert {c.name for c in street.communities} == {"迎宾南社区", "绿城社区", "府东社区",
                                                    "府中社区"}
    modes = {a.id: (a.mode, a.steward) for a in street.areas}
    assert modes == {
        "xinguotu": (Mode.PARTY_BRANCH, "新国土小区党支部"),
        "lvcheng-wuguan": (Mode.COMMITTEE, "盐业小区·市药材小区物管会"),
        "chengjian": (Mode.TRUSTEESHIP, "府东社区党委城建小区党小组"),
        "yixinyuan": (Mode.COMMITTEE, "怡馨苑小区物管会"),
    }
    assert street.community(street.compound("chengjian").community).name == "府东社区"
    assert street.community(street.compound("yixinyuan").community).name == "府中社区"


def test_demo_yanye_30_and_shiyaocai_28_households_share_one_committee(demo):
    street = demo.street
    yanye, yaocai = street.compound("yanye"), street.compound("shiyaocai")
    assert (yanye.name, yanye.built, len(yanye.households())) == ("盐业小区", 1999, 30)
    assert (yaocai.name, len(yaocai.households())) == ("市药材小区", 28)
    area = street.area_of_compound("yanye")
    assert area is street.area_of_compound("shiyaocai")
    assert area.id == "lvcheng-wuguan" and area.mode is Mode.COMMITTEE
    assert len(street.area_households(area.id)) == 58
    assert street.community(yanye.community).name == "绿城社区"


def test_an_areas_buildings_and_units_are_walked_across_its_compounds_in_file_order(demo):
    street = demo.street
    area = street.area_of_compound("yanye")  # 盐业小区 and 市药材小区 share one committee
    units = list(street.area_units(area.id))
    assert {key.split("/")[0] for key, _, _ in units} == set(area.compounds) == {
        "yanye", "shiyaocai"}
    assert units[0][:2] == ("yanye/1/1", "盐业小区 1号楼 1单元")
    assert sum(len(u.households) for _, _, u in units) == len(street.area_households(area.id))
    buildings = [(comp.id, b.id) for comp, b in street.area_buildings(area.id)]
    assert [f"{c}/{b}" for c, b in buildings] == list(dict.fromkeys(
        key.rsplit("/", 1)[0] for key, _, _ in units))  # each building once, in order


def test_demo_every_area_has_two_volunteers_for_maker_checker(demo):
    for area in demo.street.areas:
        assert sum(area.id in v.areas for v in demo.volunteers) >= 2, area.id
    titles = {v.title for v in demo.volunteers}
    assert {"党支部委员", "单元党小组组长", "物管会主任", "物管会委员", "网格员"} <= titles
    assert all(v.telegram_id not in demo.street.admins for v in demo.volunteers)


def test_demo_records_most_floor_areas_but_not_all(demo):
    homes = [h for c in demo.street.compounds for h in c.households()]
    missing = [h for h in homes if h.floor_area_m2 is None]
    assert 0 < len(missing) < len(homes) // 5
    assert all(40 < h.floor_area_m2 < 100 for h in homes if h.floor_area_m2 is not None)
    assert len({h.floor_area_m2 for h in demo.street.compound("xinguotu").households()}) > 2


def test_demo_settings_are_loaded(demo):
    assert demo.settings == {"amount_ceiling_fen": 100000000, "rate_limit_per_hour": 20,
                             "digest_hour": 8, "backup_days": 7}


# -- households, labels, defaults ----------------------------------------------


def test_household_ids_join_compound_building_unit_and_room(demo):
    street = demo.street
    first = street.compound("yanye").households()[0]
    assert (first.id, first.room) == ("yanye/1/1/101", "101")
    area, comp, building, unit, home = street.locate("shiyaocai/2/1/202")
    assert (area.id, comp.id, building.id, unit.id, home.room) == (
        "lvcheng-wuguan", "shiyaocai", "2", "1", "202")
    assert home.floor_area_m2 is None
    ids = [h.id for c in street.compounds for h in c.households()]
    assert len(ids) == len(set(ids))


def test_household_label_names_building_and_unit_and_hides_room_in_public(demo):
    street = demo.street
    assert street.household_label("yanye/1/2/301") == "盐业小区 1号楼 2单元 301"
    assert street.household_label("yanye/1/2/301", public=True) == "盐业小区 1号楼 2单元"
    assert street.household_label("xinguotu/3/2/202") == "新国土小区 3号楼 2单元 202"


def test_shorthand_generates_rooms_floor_by_floor_with_one_area():
    text = edit(UNIT, '              - {id: "1", floors: 3, rooms_per_floor: 2, area_m2: 65}\n')
    unit = parse_street(text).street.compound("k").buildings[0].units[0]
    assert [h.room for h in unit.households] == ["101", "102", "201", "202", "301", "302"]
    assert [h.id for h in unit.households][-1] == "k/1/1/302"
    assert {h.floor_area_m2 for h in unit.households} == {65.0}


def test_shorthand_without_area_leaves_every_area_unrecorded():
    text = edit(UNIT, '              - {id: "1", floors: 12, rooms_per_floor: 1}\n')
    homes = parse_street(text).street.compound("k").households()
    assert [h.room for h in homes][-3:] == ["1001", "1101", "1201"]
    assert {h.floor_area_m2 for h in homes} == {None}


def test_building_and_unit_names_default_from_their_ids():
    street = parse_street(BASE).street
    building = street.compound("k").buildings[0]
    assert (building.name, building.units[0].name) == ("1号楼", "1单元")
    named = parse_street(edit('  - id: "1"\n            units:', '  - id: "1"\n'
                              '            name: 东楼\n            units:')).street
    assert named.compound("k").buildings[0].name == "东楼"


def test_numeric_ids_are_kept_as_the_text_written():
    text = edit(HOUSEHOLD, "                  - {room: 0101}\n").replace('id: "1"', "id: 1")
    street = parse_street(text).street
    home = street.compound("k").households()[0]
    assert (home.id, home.room, home.floor_area_m2) == ("k/1/1/0101", "0101", None)


def test_same_building_id_in_two_compounds_is_allowed():
    text = edit("areas:\n", SECOND_COMPOUND + "\nareas:\n").replace("compounds: [k]",
                                                                   "compounds: [k, k2]")
    street = parse_street(text).street
    assert [c.buildings[0].id for c in street.compounds] == ["1", "1"]
    assert street.area("a").compounds == ("k", "k2")


def test_optional_parts_default_to_empty():
    text = BASE.replace("admins: [1]\n", "").split("volunteers:")[0]
    config = parse_street(text)
    assert config.street.admins == () and config.street.city == ""
    assert config.street.site_url == ""
    assert config.volunteers == () and config.settings == {}


def test_an_areas_fee_schedule_says_who_pays_each_fee():
    text = edit(AREA, AREA.rstrip("}\n") + ",\n      fees: [{type: sanitation, per: household, "
                "amount_fen: 1000, period: month},\n             {type: maintenance, "
                "per: unit}, {type: parking, per: area}]}\n")
    fees = parse_street(text).street.area("a").fees
    assert fees == (FeeSchedule("sanitation", Basis.HOUSEHOLD, 1000, "month"),
                    FeeSchedule("maintenance", Basis.UNIT), FeeSchedule("parking", Basis.AREA))
    street = parse_street(text).street
    assert street_from_dict(json.loads(json.dumps(street_to_dict(street)))) == street


def test_an_unknown_key_anywhere_names_the_file_line_and_key():
    text = BASE.replace("admins: [1]\n", "admins: [1]\nsettings: {amount_ceiling_fen: 5, "
                        "colour: red}\n")
    with pytest.raises(ConfigError) as err:
        parse_street(text, "street.yaml")
    assert str(err.value).startswith("street.yaml, line 3: ") and "'colour'" in str(err.value)


def test_volunteers_become_seeds_with_their_areas():
    assert parse_street(BASE).volunteers == (
        VolunteerSeed(telegram_id=11, name="甲", title="网格员", areas=("a",)),)


# -- the store's dict form -------------------------------------------------------


def test_street_round_trips_through_its_dict_form(demo):
    assert street_from_dict(street_to_dict(demo.street)) == demo.street


def test_street_dict_survives_json(demo):
    data = json.loads(json.dumps(street_to_dict(demo.street), ensure_ascii=False))
    street = street_from_dict(data)
    assert street == demo.street
    assert street.area("lvcheng-wuguan").mode is Mode.COMMITTEE
    assert street.household_label("yanye/1/2/301") == "盐业小区 1号楼 2单元 301"


def test_loading_the_same_text_twice_gives_equal_streets():
    assert parse_street(BASE) == parse_street(BASE)


# -- files ----------------------------------------------------------------------


def test_load_street_names_the_file_in_its_errors(tmp_path):
    path = tmp_path / "street.yaml"
    path.write_text(BASE.replace("mode: committee", "mode: council"), encoding="utf-8")
    with pytest.raises(ConfigError) as err:
        load_street(path)
    assert err.value.path == str(path) and err.value.line == 16
    assert str(err.value).startswith(f"{path}, line 16: ")


def test_load_street_accepts_a_byte_order_mark(tmp_path):
    path = tmp_path / "street.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + BASE.encode())
    assert load_street(path) == parse_street(BASE)


def test_missing_file_is_a_config_error(tmp_path):
    with pytest.raises(ConfigError) as err:
        load_street(tmp_path / "nope.yaml")
    assert err.value.line is None and "cannot read" in err.value.problem


@pytest.mark.parametrize("text", ["", "\n\n", "# only a comment\n"])
def test_empty_file_is_refused(text):
    with pytest.raises(ConfigError) as err:
        parse_street(text, "empty.yaml")
    assert (err.value.path, err.value.line) == ("empty.yaml", 1)
    assert "empty" in err.value.problem


# -- every invalid file names its line and problem --------------------------------

INVALID = {
    "yaml syntax": (edit("  - id: c\n", "  - id: c\n   name: [  # <-\n"), "YAML syntax"),
    "an admin by username": (edit("admins: [1]\n", "admins: [@secretary]  # <-\n"),
                             "Telegram 编号是数字（本人向机器人发 /whoami"),
    "bot_username with @": (edit("admins: [1]\n", "admins: [1]\nbot_username: @x_bot  # <-\n"),
                            "bot_username is written without @"),
    "top level a list": ("- street  # <-\n- communities\n", "must be a mapping"),
    "missing street": (edit("street: {id: s, name: 测试街道}\n", "site_url: http://x/  # <-\n"),
                       "missing the key 'street'"),
    "missing compound name": (edit("      - id: k\n        name: 小区\n",
                                   "      - id: k  # <-\n"), "missing the key 'name'"),
    "unknown key with typo": (edit("    compounds:\n", "    compunds:  # <-\n"),
                              "did you mean 'compounds'"),
    "unknown key in household": (edit(HOUSEHOLD, '                  - {room: "101", '
                                                 "aera_m2: 60}  # <-\n"), "'area_m2'"),
    "key given twice": (edit("        name: 小区\n", "        name: 小区\n"
                                                  "        name: 大区  # <-\n"),
                        "given twice"),
    "area not a number": (edit(HOUSEHOLD, '                  - {room: "101", '
                                          "area_m2: big}  # <-\n"), "area_m2 must be"),
    "area quoted": (edit(HOUSEHOLD, '                  - {room: "101", '
                                    'area_m2: "60"}  # <-\n'), "not '60' (in quotes)"),
    "area negative": (edit(HOUSEHOLD, '                  - {room: "101", '
                                      "area_m2: -60}  # <-\n"), "above 0"),
    "area zero": (edit(HOUSEHOLD, '                  - {room: "101", '
                                  "area_m2: 0}  # <-\n"), "above 0"),
    "floors zero": (edit(UNIT, '              - id: "1"\n                floors: 0  # <-\n'
                                "                rooms_per_floor: 2\n"),
                    "floors must be a whole number from 1"),
    "floors negative": (edit(UNIT, '              - {id: "1", floors: -2, '
                                   "rooms_per_floor: 2}  # <-\n"), "floors must be"),
    "floors fractional": (edit(UNIT, '              - id: "1"\n'
                                     "                floors: 2.5  # <-\n"
                                     "                rooms_per_floor: 2\n"),
                          "floors must be"),
    "rooms_per_floor zero": (edit(UNIT, '              - id: "1"\n'
                                        "                floors: 2\n"
                                        "                rooms_per_floor: 0  # <-\n"),
                             "rooms_per_floor must be"),
    "floors without rooms_per_floor": (edit(UNIT, '              - id: "1"\n'
                                                  "                floors: 2  # <-\n"),
                                       "not rooms_per_floor"),
    "both households and floors": (edit(UNIT, '              - id: "1"\n'
                                              "                floors: 2\n"
                                              "                rooms_per_floor: 2\n"
                                              "                households:  # <-\n"
                                              + HOUSEHOLD), "both households and floors"),
    "unit area with a households list": (edit(UNIT, UNIT + "                area_m2: 60  # <-\n"),
                                         "area_m2 goes with floors"),
    "unit without rooms": (edit(UNIT, '              - id: "1"  # <-\n'), "has no rooms"),
    "empty households": (edit("                households:\n" + HOUSEHOLD,
                              "                households: []  # <-\n"), "empty list"),
    "built not a year": (edit("        name: 小区\n", "        name: 小区\n"
                                                   "        built: old  # <-\n"),
                         "built must be"),
    "bad compound id": (edit("      - id: k\n", "      - id: Xin Guo  # <-\n"),
                        "not a valid id"),
    "slash in room": (edit(HOUSEHOLD, '                  - {room: "1/01"}  # <-\n'),
                      "not a valid id"),
    "duplicate community": (edit("areas:\n", "  - id: c  # <-\n    name: 又一社区\n"
                                             "    compounds: []\nareas:\n"),
                            "duplicate community id 'c'"),
    "duplicate compound across communities": (
        edit("areas:\n", "  - id: c2\n    name: 二社区\n    compounds:\n"
                         + SECOND_COMPOUND.replace("id: k2,", "id: k,") + "  # <-\nareas:\n"),
        "duplicate compound id 'k'"),
    "duplicate building": (edit("areas:\n", '          - {id: "1", units: []}  # <-\nareas:\n'),
                           "duplicate building id '1' in compound 'k'"),
    "duplicate unit": (edit("areas:\n", '              - {id: "1", floors: 1, '
                                        "rooms_per_floor: 1}  # <-\nareas:\n"),
                       "duplicate unit id '1' in building k/1"),
    "duplicate room": (edit(HOUSEHOLD, HOUSEHOLD + '                  - {room: "101"}  # <-\n'),
                       "duplicate room '101' in unit k/1/1"),
    "duplicate area": (edit(AREA, AREA + "  - {id: a, name: 乙, mode: committee, "
                                         "steward: 乙会, compounds: [k]}  # <-\n"),
                       "duplicate area id 'a'"),
    "compound in no area": (edit("areas:\n", SECOND_COMPOUND + "  # <-\nareas:\n"),
                            "'k2' is in no management area"),
    "compound in two areas": (edit(AREA, AREA + "  - {id: b, name: 乙, mode: committee, "
                                                "steward: 乙会, compounds: [k]}  # <-\n"),
                              "compound 'k' is in two areas"),
    "area names unknown compound": (edit(AREA, "  - id: a\n    name: 区域\n"
                                                "    mode: committee\n    steward: 物管会\n"
                                                "    compounds:\n      - k\n"
                                                "      - nope  # <-\n"),
                                    "names compound 'nope'"),
    "unknown mode": (edit("mode: committee", "mode: council") .replace(
                         "compounds: [k]}", "compounds: [k]}  # <-"),
                     "unknown mode 'council'"),
    "volunteer names unknown area": (edit("areas: [a]}", "areas: [zz]}  # <-"),
                                     "names area 'zz'"),
    "volunteer id quoted": (edit("telegram_id: 11,", 'telegram_id: "11",')
                            .replace("areas: [a]}", "areas: [a]}  # <-"),
                            "must be a Telegram id"),
    "volunteer listed twice": (edit("areas: [a]}\n", "areas: [a]}\n  - {telegram_id: 11, "
                                                     "name: 甲, title: 委员, areas: [a]}  # <-\n"),
                               "duplicate volunteer '11'"),
    "admin id text": (edit("admins: [1]", 'admins: ["900001"]  # <-'), "must be a Telegram id"),
    "admin id float": (edit("admins: [1]", "admins: [1, 2.5]  # <-"), "must be a Telegram id"),
    "admin id negative": (edit("admins: [1]", "admins: [-3]  # <-"), "must be a Telegram id"),
    "admins not a list": (edit("admins: [1]", "admins: 1  # <-"), "admins must be a list"),
    "site url not http": (edit("admins: [1]\n", "admins: [1]\nsite_url: example.org  # <-\n"),
                          "site_url must be"),
    "settings not a mapping": (edit("admins: [1]\n", "admins: [1]\nsettings: 5  # <-\n"),
                               "settings must be a mapping"),
    "known setting negative": (edit("admins: [1]\n", "admins: [1]\nsettings:\n"
                                                     "  amount_ceiling_fen: -1  # <-\n"),
                               "amount_ceiling_fen must be"),
    "digest hour past 23": (edit("admins: [1]\n", "admins: [1]\nsettings:\n"
                                                   "  digest_hour: 24  # <-\n"),
                            "digest_hour must be a whole number from 0 to 23"),
    "digest hour as text": (edit("admins: [1]\n", "admins: [1]\nsettings:\n"
                                                   "  digest_hour: '8'  # <-\n"),
                            "digest_hour must be a whole number"),
    "unknown setting": (edit("admins: [1]\n", "admins: [1]\nsettings:\n"
                                              "  amount_ceiling_fen: 100\n"
                                              "  rate_limit: 5  # <-\n"),
                        "unknown key 'rate_limit' in settings; did you mean "
                        "'rate_limit_per_hour'?"),
    "unknown fee type": (edit(AREA, AREA.rstrip("}\n") + ",\n"
                              "      fees: [{type: heating, per: household}]}  # <-\n"),
                         "unknown fee type 'heating'"),
    "unknown fee payer": (edit(AREA, AREA.rstrip("}\n") + ",\n"
                               "      fees: [{type: sanitation, per: room}]}  # <-\n"),
                          "unknown per 'room': use one of household | unit | area"),
    "fee given twice": (edit(AREA, AREA.rstrip("}\n") + ",\n"
                             "      fees: [{type: sanitation, per: unit},\n"
                             "             {type: sanitation, per: household}]}  # <-\n"),
                        "duplicate fee type 'sanitation' in area 'a'"),
    "unknown fee key": (edit(AREA, AREA.rstrip("}\n") + ",\n"
                             "      fees: [{type: sanitation, per: unit, due: 1}]}  # <-\n"),
                        "unknown key 'due' in a fee of area 'a'"),
    "name not text": (edit("        name: 小区\n", "        name: [小, 区]  # <-\n"),
                      "compound name must be non-empty text"),
}


@pytest.mark.parametrize("text,fragment", INVALID.values(), ids=INVALID.keys())
def test_invalid_street_is_refused_naming_line_and_problem(text, fragment):
    with pytest.raises(ConfigError) as err:
        parse_street(text, "street.yaml")
    assert err.value.path == "street.yaml"
    assert err.value.line == marked_line(text), err.value
    assert fragment in err.value.problem, err.value
    assert str(err.value) == f"street.yaml, line {err.value.line}: {err.value.problem}"


def test_unclosed_bracket_reports_where_parsing_failed_and_where_it_began():
    with pytest.raises(ConfigError) as err:
        parse_street(edit("admins: [1]", "admins: [1"))
    assert err.value.line == 3
    assert "YAML syntax error" in err.value.problem and "began at line 2" in err.value.problem


def test_problems_are_told_in_chinese_then_english():
    with pytest.raises(ConfigError) as err:
        parse_street(edit("    compounds:\n", "    compunds:\n"))
    zh, en = err.value.problem.split(" / ", 1)
    assert "未知的键" in zh and "是不是 'compounds'" in zh
    assert en.startswith("unknown key 'compunds'")


def test_an_alias_that_contains_itself_is_refused():
    with pytest.raises(ConfigError) as err:
        parse_street("street: &x {id: s, name: t, city: *x}\n")
    assert err.value.line == 1 and "alias" in err.value.problem


def test_aliases_may_reuse_a_unit_list():
    text = edit('          - id: "1"\n            units:\n',
                '          - id: "1"\n            units: &u\n').replace(
        "areas:\n", '          - {id: "2", units: *u}\nareas:\n')
    street = parse_street(text).street
    assert [h.id for h in street.compound("k").households()] == ["k/1/1/101", "k/2/1/101"]


# -- the bot's username (QR codes and posters on the site) -------------------------


def test_bot_username_is_read_without_its_at_sign_and_kept_in_the_store():
    config = parse_street(edit("admins: [1]\n",
                               "admins: [1]\nbot_username: '@Xinyi_Steward_bot'\n"))
    assert config.street.bot_username == "Xinyi_Steward_bot"
    assert street_from_dict(street_to_dict(config.street)).bot_username == "Xinyi_Steward_bot"
    assert parse_street(BASE).street.bot_username == ""
    older = street_to_dict(config.street)
    del older["bot_username"]  # a store written before the key existed
    assert street_from_dict(older).bot_username == ""


@pytest.mark.parametrize("name", ["xinyi_steward", "ab_bot x", "1steward_bot", "bot",
                                  "https://t.me/xinyi_bot", "a" * 30 + "_bot"])
def test_a_bot_username_telegram_would_refuse_names_its_line(name):
    text = edit("admins: [1]\n", f"admins: [1]\nbot_username: {json.dumps(name)}  # <-\n")
    with pytest.raises(ConfigError) as err:
        parse_street(text)
    assert err.value.line == marked_line(text) and "bot_username" in str(err.value)
