"""Vote tallies: hand-computed cases at every threshold of the two rules,
exact to the square centimetre, with explanations that show the numbers."""

from __future__ import annotations

import json
from fractions import Fraction

import pytest

from db.errors import DomainError
from db.places import Household
from db.tally import Choice, Rule, tally

CC = Rule.CIVIL_CODE_278
SM = Rule.SIMPLE_MAJORITY


def homes(*areas: float | None) -> list[Household]:
    """Households h1, h2, ... with the given floor areas."""
    return [Household(id=f"h{i}", room=str(100 + i), floor_area_m2=a)
            for i, a in enumerate(areas, 1)]


def votes(**choices: str) -> dict[str, str]:
    return dict(choices)


def same(n: int, area: float = 10) -> list[Household]:
    return homes(*[area] * n)


def first(n: int, choice: str, start: int = 1) -> dict[str, str]:
    return {f"h{i}": choice for i in range(start, start + n)}


# -- participation: two thirds of households and of area ------------------------

def test_exactly_two_thirds_participation_is_enough():
    t = tally(homes(50, 50, 50), votes(h1="agree", h2="agree"), CC)
    assert t.participation_households == Fraction(2, 3)
    assert t.participation_area == Fraction(2, 3)
    assert t.passed


def test_exactly_two_thirds_of_a_decimal_area_is_exact():
    # 66.6 / 99.9 is 2/3 exactly, though not in binary floating point.
    t = tally(homes(33.3, 33.3, 33.3), votes(h1="agree", h2="agree"), CC)
    assert t.area_voted == Fraction(666, 10) and t.area_total == Fraction(999, 10)
    assert t.participation_area == Fraction(2, 3)
    assert t.passed


def test_one_household_short_of_two_thirds_fails():
    assert tally(same(300), first(200, "agree"), CC).passed
    short = tally(same(300), first(199, "agree"), CC)
    assert short.participation_households == Fraction(199, 300)
    assert not short.passed


def test_area_just_below_two_thirds_fails_though_households_reach_it():
    t = tally(homes(33.4, 33.3, 33.3), votes(h2="agree", h3="agree"), CC)
    assert t.participation_households == Fraction(2, 3)
    assert t.participation_area == Fraction(666, 1000)
    assert not t.passed
    assert "面积未达到" in t.explanation_zh


def test_area_met_but_households_not_fails():
    t = tally(homes(10, 10, 80), votes(h3="agree"), CC)
    assert t.participation_area == Fraction(4, 5)
    assert t.participation_households == Fraction(1, 3)
    assert not t.passed
    assert "the headcount does not" in t.explanation_en


def test_households_met_but_area_not_fails():
    t = tally(homes(80, 10, 10), votes(h2="agree", h3="agree"), CC)
    assert t.participation_households == Fraction(2, 3)
    assert t.participation_area == Fraction(1, 5)
    assert not t.passed


def test_abstaining_counts_towards_participation():
    t = tally(homes(50, 50, 50), votes(h1="agree", h2="abstain"), CC)
    assert t.participation_households == Fraction(2, 3)
    # 1 of 2 participants agree: a tie, so the matter itself fails.
    assert t.abstain == 1 and not t.passed


def test_zero_participation_fails_under_both_rules():
    for rule in (CC, SM):
        t = tally(same(5), {}, rule)
        assert t.households_voted == 0 and t.area_voted == 0
        assert t.participation_households == 0 and t.participation_area == 0
        assert not t.passed


def test_no_households_at_all_fails():
    t = tally([], {}, CC)
    assert t.participation_households == 0 and not t.passed


# -- ordinary matters: more than half ---------------------------------------------

def test_ordinary_matter_with_exactly_half_agreeing_fails():
    t = tally(same(100), first(50, "agree") | first(50, "disagree", start=51), CC)
    assert t.agree_share_owners == Fraction(1, 2)
    assert not t.passed


def test_ordinary_matter_just_above_half_passes():
    t = tally(same(100), first(51, "agree") | first(49, "disagree", start=52), CC)
    assert t.passed


def test_ordinary_matter_with_half_the_area_agreeing_fails():
    # 2 of 3 households agree, but they hold exactly half the voting area.
    t = tally(homes(50, 25, 25), votes(h1="disagree", h2="agree", h3="agree"), CC)
    assert t.agree_share_area == Fraction(1, 2)
    assert not t.passed


def test_agreeing_area_without_agreeing_households_fails():
    t = tally(homes(80, 10, 10), votes(h1="agree", h2="disagree", h3="disagree"), CC)
    assert t.agree_share_area == Fraction(4, 5)
    assert not t.passed
    assert "户数未达到" in t.explanation_zh


def test_agreed_says_which_count_fell_short_as_the_decision_does():
    by_area = tally(homes(50, 25, 25), votes(h1="disagree", h2="agree", h3="agree"), CC)
    by_heads = tally(homes(80, 10, 10), votes(h1="agree", h2="disagree", h3="disagree"), CC)
    both = tally(same(100), first(51, "agree") | first(49, "disagree", start=52), CC)
    assert (by_area.agreed, by_heads.agreed, both.agreed) == ((True, False), (False, True),
                                                             (True, True))
    assert not by_area.passed and not by_heads.passed and both.passed
    special = tally(homes(25, 25, 25, 25),
                    votes(h1="agree", h2="agree", h3="agree", h4="disagree"), matter="rebuild")
    assert special.agreed == (True, True) and special.passed  # three quarters is enough


# -- special matters: three quarters or more ---------------------------------------

def test_exactly_three_quarters_agreeing_passes_a_special_matter():
    t = tally(homes(25, 25, 25, 25),
              votes(h1="agree", h2="agree", h3="agree", h4="disagree"), matter="rebuild")
    assert t.agree_share_owners == Fraction(3, 4)
    assert t.agree_share_area == Fraction(3, 4)
    assert t.passed and t.special


def test_just_below_three_quarters_of_households_fails_a_special_matter():
    assert tally(same(100), first(75, "agree") | first(25, "disagree", start=76),
                 matter="raise_maintenance_fund").passed
    t = tally(same(100), first(74, "agree") | first(26, "disagree", start=75),
              matter="raise_maintenance_fund")
    assert not t.passed


def test_just_below_three_quarters_of_area_fails_a_special_matter():
    t = tally(homes(25, 25, 24.9, 25.1),
              votes(h1="agree", h2="agree", h3="agree", h4="disagree"), matter="common_parts")
    assert t.agree_share_owners == Fraction(3, 4)
    assert t.agree_share_area == Fraction(749, 1000)
    assert not t.passed


def test_what_passes_an_ordinary_matter_can_fail_a_special_one():
    v = votes(h1="agree", h2="agree", h3="disagree")
    assert tally(homes(10, 10, 10), v, matter="use_maintenance_fund").passed
    assert not tally(homes(10, 10, 10), v, matter="raise_maintenance_fund").passed
    # an older record, decided by art. 278 with only "special" noted, still counts so
    assert tally(homes(10, 10, 10), v, CC).passed
    assert not tally(homes(10, 10, 10), v, CC, special=True).passed


# -- households without a recorded floor area --------------------------------------

def test_households_without_area_count_as_zero_square_metres():
    t = tally(homes(60, 80, 100, None), votes(h1="agree", h2="agree", h4="agree"), CC)
    assert t.households_without_area == 1
    assert t.area_total == 240 and t.area_voted == 140
    # 3/4 households but only 140/240 m² took part: short of two thirds.
    assert not t.passed
    assert "1 户未登记专有部分面积" in t.explanation_zh
    assert "1 household has no recorded floor area" in t.explanation_en


def test_no_recorded_area_at_all_cannot_meet_the_area_criterion():
    t = tally(homes(None, None, None), first(3, "agree"), CC)
    assert t.households_without_area == 3 and t.area_total == 0
    assert t.participation_area == 0
    assert not t.passed
    assert "尚未登记任何专有部分面积" in t.explanation_zh
    assert "no floor areas are recorded" in t.explanation_en


def test_bad_floor_areas_are_refused():
    for bad in (-1.0, float("nan"), float("inf")):
        with pytest.raises(DomainError) as info:
            tally(homes(10, bad), {}, CC)
        assert info.value.code == "bad_area"


# -- simple majority ---------------------------------------------------------------

def test_simple_majority_tie_fails():
    assert not tally(same(4), votes(h1="agree", h2="agree", h3="disagree",
                                    h4="disagree"), SM).passed


def test_simple_majority_counts_abstentions_as_voted_not_agreeing():
    t = tally(same(4), votes(h1="agree", h2="agree", h3="disagree", h4="abstain"), SM)
    assert t.households_voted == 4 and not t.passed


def test_simple_majority_passes_with_more_than_half():
    assert tally(same(10), votes(h1="agree", h2="agree", h3="disagree"), SM).passed


def test_simple_majority_reports_area_but_ignores_it():
    t = tally(homes(1, 1, 1000), votes(h1="agree", h2="agree", h3="disagree"), SM)
    assert t.area_voted == 1002 and t.area_agree == 2
    assert t.passed


# -- inputs ------------------------------------------------------------------------

def test_vote_from_a_household_outside_the_electorate_raises():
    with pytest.raises(DomainError) as info:
        tally(same(3), votes(h1="agree", h9="agree"), CC)
    assert info.value.code == "unknown_household"
    assert info.value.params["household"] == "h9"


def test_unknown_rule_or_choice_raises():
    with pytest.raises(DomainError) as info:
        tally(same(3), {}, "two_thirds_ish")
    assert info.value.code == "unknown_rule"
    with pytest.raises(DomainError) as info:
        tally(same(3), votes(h1="maybe"), CC)
    assert info.value.code == "unknown_choice"


def test_a_household_listed_twice_raises():
    with pytest.raises(DomainError):
        tally(same(2) + same(1), {}, CC)


def test_enums_and_strings_are_interchangeable():
    a = tally(same(3), {"h1": Choice.AGREE, "h2": Choice.AGREE}, Rule.CIVIL_CODE_278)
    b = tally(same(3), votes(h1="agree", h2="agree"), "civil_code_278")
    assert a == b and a.rule is Rule.CIVIL_CODE_278


# -- explanation and serialisation -------------------------------------------------

def test_a_result_counted_in_households_says_hushu_as_its_table_not_renshu():
    # 新国土小区's proposal (item 8): the table read 户数 32/54 户, the result beside it
    # 人数和面积均达到三分之二 … 需参与表决人数 … 人数和面积均未达到. While each owner holds
    # one flat the owners are the households: every count is said in 户 (人数 stays for
    # a street where one owner holds several flats and counts once).
    t = tally(homes(60, 80, 100), votes(h1="agree", h2="disagree", h3="disagree"),
              matter="use_maintenance_fund")
    assert "人数" not in t.explanation_zh, t.explanation_zh
    assert "户数和面积均达到三分之二" in t.explanation_zh
    assert "需参与表决户数和参与表决专有部分面积均过半数同意：户数和面积均未达到" \
        in t.explanation_zh


def test_explanation_mentions_the_numbers_the_matter_and_the_thresholds():
    t = tally(homes(60, 80, 100), votes(h1="agree", h3="disagree"),
              matter="use_maintenance_fund")
    assert t.explanation_zh.startswith(
        "参与表决 2/3 户（66.7%），专有部分面积 160.0/240.0 m²（66.7%），户数和面积均达到三分之二")
    assert "同意 1/2 户（50.0%）" in t.explanation_zh and "反对 1 户" in t.explanation_zh
    assert "同意面积 60.0/160.0 m²（37.5%）" in t.explanation_zh
    assert "本事项（第二百七十八条第五项）需参与表决户数和参与表决专有部分面积均过半数同意" \
        in t.explanation_zh
    assert "2/3 households (66.7%)" in t.explanation_en and "(item 5)" in t.explanation_en
    assert "160.0/240.0 m²" in t.explanation_en and "not passed" in t.explanation_en


def test_special_explanation_names_three_quarters():
    t = tally(same(4), first(4, "agree"), matter="rebuild")
    assert "第二百七十八条第七项" in t.explanation_zh
    assert "四分之三以上" in t.explanation_zh and "three quarters" in t.explanation_en
    assert t.explanation_zh.endswith("通过。") and t.passed


def test_large_areas_are_grouped_in_the_explanation():
    t = tally(homes(2000.25, 1500, 620), first(3, "agree"), CC)
    assert "4,120.25/4,120.25 m²" in t.explanation_zh


def test_as_dict_is_json_safe_and_float_free():
    d = tally(homes(33.3, 33.3, 33.3), votes(h1="agree", h2="abstain"), CC).as_dict()
    json.dumps(d, ensure_ascii=False)
    assert not any(isinstance(v, float) for v in d.values())
    assert d["rule"] == "civil_code_278" and d["passed"] is False
    assert d["participation_households"] == "2/3" and d["area_total"] == "999/10"
    assert d["participation_households_pct"] == "66.7"
    assert d["agree_households_pct"] == "50.0"
    assert Fraction(d["area_voted"]) == Fraction("66.6")


def test_an_electorate_made_once_counts_exactly_as_the_households_do():
    from db.tally import electorate

    homes = [Household(id=f"h{i}", room=str(100 + i), floor_area_m2=a)
             for i, a in enumerate(["86.35", 70, None, "120.5", 0.25])]
    voters = electorate(homes)
    votes = {"h0": "agree", "h1": "disagree", "h3": "agree", "h4": "abstain"}
    for rule in Rule:
        assert tally(voters, votes, rule).as_dict() == tally(homes, votes, rule).as_dict()
    assert voters.unit == 20 and voters.without_area == 1  # lcm of 20, 2 and 4
    assert Fraction(voters.total_units, voters.unit) == Fraction("277.1")
