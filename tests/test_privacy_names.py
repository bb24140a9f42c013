"""Names the store knows are masked in public text (db/redact.py ``NameMask``): the
notice promises the site never shows a resident's name, but a resident writes
"我是罗小燕" into a report, or names a neighbour, and a volunteer's progress note
names the household it visited. Every name of a person in the store (residents and
volunteers, as Telegram gave it, and its parts) becomes "[姓名已隐藏]" in the words
the site and the paper notice show, once collected."""

from __future__ import annotations

from conftest import confirmed_resident, pid
from heads_support import money, street_with_history

from db.entries import Kind
from db.name_words import NOT_PLACE, PLACE_WORDS, name_words
from db.redact import NAME_MASK, NameMask, given_names, person_names
from site_builder.collect import collect
from site_builder.notice import notice_for
from site_builder.render import render


def test_known_names_are_masked_wherever_they_stand_and_other_words_are_not():
    mask = NameMask(person_names([{"name": "罗小燕"}, {"name": "秀兰 王"},
                                  {"name": "Wang Wei"}, {"name": "A"}, {"name": ""}]))
    assert mask("我是罗小燕，门口路灯坏了") == f"我是{NAME_MASK}，门口路灯坏了"
    assert mask("王秀兰家漏水，秀兰说的") == f"{NAME_MASK}家漏水，{NAME_MASK}说的"
    assert mask("Call Wang Wei or wang wei") == f"Call {NAME_MASK} or {NAME_MASK}"
    assert mask("A栋路灯坏了，小区保洁") == "A栋路灯坏了，小区保洁"  # a one-letter name
    assert mask("") == "" and mask(None) == ""


def test_names_in_reports_notes_questions_and_notices_are_masked_on_the_site(tmp_path):
    repo, clock = street_with_history(tmp_path / "data")
    clock.at(4, 10)
    volunteer = pid(repo, 101)
    repo.ensure_person(5001, name="罗小燕")  # as Telegram gives it, at first contact
    repo.ensure_person(5002, name="王秀兰")
    resident = confirmed_resident(repo, 5001, "c1/1/1/101", 101)
    neighbour = confirmed_resident(repo, 5002, "c1/1/1/102", 101)
    issue = repo.submit(resident, Kind.ISSUE, "east", {
        "category": "lighting", "text": "我是罗小燕，王秀兰家门口路灯坏了"})
    repo.approve(issue.id, volunteer)
    repo.issue_step(issue.id, volunteer, "in_progress", "已去王秀兰家看过")
    repo.submit(volunteer, Kind.PROGRESS_NOTE, "east", {"issue": issue.id,
                                                        "text": "罗小燕说灯又灭了"})
    line = repo.ledger("east")[0]["seq"]
    question = repo.ask(neighbour, "east", "line", line, "王秀兰想问这笔钱给了谁")
    repo.approve(question.id, volunteer)
    money(repo, "east", 300)
    with repo.store.lock:
        files = render(collect(repo))
    april = notice_for(repo, "east", "2025-04")
    repo.close()
    for path, body in files.items():
        text = body.decode("utf-8", "replace")
        assert "罗小燕" not in text and "王秀兰" not in text, path
    issues = files["areas/east/issues.md"].decode()
    assert f"我是{NAME_MASK}" in issues and f"已去{NAME_MASK}家看过" in issues
    assert NAME_MASK in files["areas/east/questions.md"].decode()
    assert "罗小燕" not in str(april) and NAME_MASK in str(april)


# Given names that are ordinary words too (db/name_words.py): "建国 张" is how Telegram
# gives 张建国's name when he typed it in two fields.
PEOPLE = [{"name": "建国 张"}, {"name": "国庆 李"}, {"name": "玉兰 王"}, {"name": "春风 赵"},
          {"name": "罗小燕"}]


def test_a_given_name_in_a_place_name_is_kept_and_a_person_is_masked():
    mask = NameMask.of(PEOPLE)
    assert mask.given == {"建国", "国庆", "玉兰", "春风"}  # not 罗小燕, a whole name
    assert mask("建国路12号路灯坏了") == "建国路12号路灯坏了"
    assert mask("在建国小区东门，春风里3号楼") == "在建国小区东门，春风里3号楼"
    assert mask("张建国说建国路的灯坏了") == f"{NAME_MASK}说建国路的灯坏了"
    assert mask("找建国师傅修水管") == f"找{NAME_MASK}师傅修水管"
    assert mask("建国来了，建国") == f"{NAME_MASK}来了，{NAME_MASK}"
    # a place word that starts another word: the name stands alone
    assert mask("建国路过我家") == f"{NAME_MASK}路过我家"
    assert mask("建国门口等你") == f"{NAME_MASK}门口等你"
    assert mask("建国家门口") == f"{NAME_MASK}家门口"
    # the surname before the place word: a full name, masked
    assert mask("张建国路12号") == f"{NAME_MASK}路12号"
    assert mask("建国张来过") == f"{NAME_MASK}来过"


def test_jiebas_dictionary_tells_a_longer_word_from_a_given_name():
    mask = NameMask.of(PEOPLE)
    assert mask("国庆节放假，春风得意，玉兰花") == "国庆节放假，春风得意，玉兰花"
    assert mask("国庆说春风吹来") == f"{NAME_MASK}说{NAME_MASK}吹来"
    # another word overlaps the longer word's edge: 节后, 花开 may take its end
    assert mask("国庆节后来找我") == f"{NAME_MASK}节后来找我"
    assert mask("玉兰花开了") == f"{NAME_MASK}花开了"
    assert mask("修建国道") == f"修{NAME_MASK}道"  # no longer word holds 建国 whole
    # without the dictionary only place words tell
    plain = NameMask(person_names(PEOPLE), given_names(PEOPLE), dictionary=False)
    assert plain("国庆节放假，建国路") == f"{NAME_MASK}节放假，建国路"


def test_the_dictionary_read_keeps_only_what_the_given_names_need():
    words = name_words(frozenset({"建国"}))
    assert words is not None and words.words  # jieba is installed, for the site's search
    assert all("建国" in w for w in words.words)
    assert "建国门" in words.words and "路灯" not in words.freq
    assert all("建国" in w or any(w in x for x in words.words) for w in words.freq)


def test_no_full_name_is_ever_left_whatever_stands_around_it():
    surnames, given = "张李王赵刘", ["建国", "国庆", "玉兰", "春风", "秀兰", "红旗"]
    people = [{"name": f"{g} {s}"} for s in surnames for g in given]
    mask = NameMask.of(people)
    after = [*PLACE_WORDS, *NOT_PLACE, "节", "节放假", "得意", "花开", "以来", "道", "", "，"]
    before = ["", "在", "修", "白", "找", "我是"]
    for s in surnames:
        for g in given:
            for a in after:
                for b in before:
                    for text in (f"{b}{s}{g}{a}", f"{b}{g}{s}{a}"):
                        out = mask(text)
                        assert f"{s}{g}" not in out and f"{g}{s}" not in out, text


def test_a_whole_name_of_one_word_is_masked_even_in_a_place_name():
    mask = NameMask.of([{"name": "建国"}, {"name": "建国 张"}])
    assert mask.given == frozenset()  # someone's whole name: never kept
    assert mask("建国路") == f"{NAME_MASK}路"


def test_place_names_are_kept_on_the_site_and_the_paper_notice(tmp_path):
    repo, clock = street_with_history(tmp_path / "data")
    clock.at(4, 10)
    volunteer = pid(repo, 101)
    repo.ensure_person(5003, name="建国 张")  # Telegram's first and last name
    resident = confirmed_resident(repo, 5003, "c1/1/1/102", 101)
    issue = repo.submit(resident, Kind.ISSUE, "east", {
        "category": "lighting", "text": "建国路口路灯坏了，张建国反映，找建国师傅修"})
    repo.approve(issue.id, volunteer)
    repo.issue_step(issue.id, volunteer, "in_progress", "建国路的灯已报修，建国说谢谢")
    money(repo, "east", 300)
    with repo.store.lock:
        files = render(collect(repo))
    april = str(notice_for(repo, "east", "2025-04"))
    repo.close()
    issues = files["areas/east/issues.md"].decode()
    assert f"建国路口路灯坏了，{NAME_MASK}反映，找{NAME_MASK}师傅修" in issues
    assert f"建国路的灯已报修，{NAME_MASK}说谢谢" in issues
    for path, body in files.items():
        assert "张建国" not in body.decode("utf-8", "replace"), path
    assert "建国路口路灯坏了" in april and "张建国" not in april and "找建国" not in april
