"""A notice's head checked by the name of the resident's compound (盐业小区), as the guide
says a 小区 may be named: for an area of two compounds (盐业小区·市药材小区) the script
said 网站上没有区域 盐业小区 and failed. A compound's name (with or without 小区) now
finds its area; one that is in two areas finds neither, and says which there are."""

from __future__ import annotations

from db.witness import check_printed

NAMES = {"lvcheng-wuguan": "盐业小区·市药材小区", "chengjian": "城建小区"}
LINE = {"seq": 1, "hash": "ab" * 32}
LEDGERS = {"lvcheng-wuguan": [LINE], "chengjian": [LINE]}


def test_a_compound_of_an_area_finds_the_area():
    for typed in ("盐业小区", "市药材小区", "盐业", "城建", "城建小区", "盐业小区·市药材小区",
                  "lvcheng-wuguan"):
        problems, zh, _en = check_printed(typed, 1, "abababab", LEDGERS, NAMES)
        want = "城建小区（chengjian）" if typed.startswith("城建") else \
            "盐业小区·市药材小区（lvcheng-wuguan）"
        assert problems == [] and zh.startswith(f"公示单上的链头相符：区域 {want} 第 1 笔"), \
            (typed, problems, zh)


def test_a_name_in_no_area_or_in_two_is_refused_with_the_areas_there_are():
    names = dict(NAMES, other="盐业小区·新区")
    ledgers = dict(LEDGERS, other=[LINE])
    for typed, given in (("和平小区", NAMES), ("盐业小区", names)):
        problems, _zh, _en = check_printed(typed, 1, "abababab",
                                           ledgers if given is names else LEDGERS, given)
        assert [p.code for p in problems] == ["printed_area"], typed
        assert "盐业小区·市药材小区（lvcheng-wuguan）" in problems[0].zh
