"""`steward chat`: the real handlers in a terminal, driven through stdin."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from bot.offline import jpeg_bytes
from db.config import load_street
from db.entries import Kind, Status
from db.privacy import CONSENT_VERSION
from db.repository import Repository
from steward_cli import DEMO_CONFIG, app

runner = CliRunner()


@pytest.fixture
def data(tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    Repository.init(folder, load_street(DEMO_CONFIG)).close()
    return folder


def chat(data: Path, lines: list[str], *extra: str):
    result = runner.invoke(app, ["chat", "--data", str(data), *extra],
                           input="\n".join(lines) + "\n")
    assert result.exit_code == 0, result.output
    return result.output


def test_register_approve_and_report_with_a_photo_by_typing_numbers_and_a_path(data, tmp_path):
    photo = tmp_path / "lamp.jpg"
    photo.write_bytes(jpeg_bytes((120, 90)))
    out = chat(data, [
        "/start", "#2", "#1", "#1", "#1",  # 盐业小区, 1单元, 101, 同意
        "/as volunteer:lvcheng-wuguan", "/pending", "#1",  # ✅ 通过
        "/as 7100001", "报事", "#2", "路灯坏了好几天", str(photo), "#1",  # 路灯照明, 完成
        "#1", "#1",  # 盐业小区 1号楼, 1单元
        "#1",  # 提交
        "/quit",
    ])
    assert "[#1] 新国土小区" in out and "[#2] 盐业小区" in out
    assert "menu: 报事 | 提意见 | 投票" in out
    assert "(pressed [同意，这是我家，请登记])" in out
    assert "↪ to 900201" in out  # the volunteers are told
    assert "第 1 张照片已收到" in out
    repo = Repository.open(data)
    try:
        person = repo.person_by_telegram(7100001)
        assert person["household"] == "yanye/1/1/101"
        [issue] = repo.entries(kind=Kind.ISSUE)
        assert issue.status == Status.PENDING and issue.data["category"] == "lighting"
        assert issue.data["text"] == "路灯坏了好几天" and len(issue.data["photos"]) == 1
        assert issue.data["place"] == "盐业小区 1号楼 1单元"
    finally:
        repo.close()
    assert f"#{issue.id}" in out


def test_photo_command_with_a_caption_command_resolves_an_issue(data, tmp_path):
    repo = Repository.open(data)
    try:
        resident = repo.ensure_person(7000001)["id"]
        repo.approve(repo.register(resident, "yanye/1/1/101", consent=CONSENT_VERSION).id,
                     repo.ensure_person(900201)["id"])
        issue = repo.submit(resident, Kind.ISSUE, "lvcheng-wuguan",
                            {"category": "lighting", "text": "路灯坏了"})
        repo.approve(issue.id, repo.ensure_person(900202)["id"])
    finally:
        repo.close()
    photo = tmp_path / "fixed.jpg"
    photo.write_bytes(jpeg_bytes())
    out = chat(data, [f"/photo {photo} /resolve {issue.id} 已换新灯泡", "/photo nothing.jpg"],
               "--as", "volunteer:900201")
    assert "↪ to 7000001" in out
    assert "no file nothing.jpg" in out
    repo = Repository.open(data)
    try:
        assert repo.entry(issue.id).status == Status.RESOLVED
    finally:
        repo.close()


def test_as_admin_and_who_and_out_of_range_buttons(data):
    out = chat(data, ["/who", "/language", "#7", "#2", "/as nobody:1"], "--as", "admin")
    assert "900001" in out and "管理员" in out
    assert "[#1] 中文" in out and "choose #1 to #2" in out
    assert "Language set to English." in out
    assert "cannot understand" in out


def test_the_bots_own_ask_command_is_not_taken_for_the_chats_as(data):
    """/ask 36 … typed in the chat reached "cannot understand --as 'k 36 …'": the chat's
    own /as took every line starting with those letters."""
    out = chat(data, ["/ask 1 这笔钱给了谁？", "/quit"])
    assert "cannot understand" not in out
    assert "提问需要是本区域已确认的住户" in out


def test_a_typed_number_is_text_so_a_year_and_an_amount_can_be_typed_beside_buttons(data):
    out = chat(data, [
        "/start", "#2", "#1", "#1", "#1",  # register 盐业小区 1号楼 1单元 101
        "/as volunteer:lvcheng-wuguan", "/pending", "#1", "/as 7100001",
        "缴费登记", "#1", "2025", "120", "#1",  # 卫生费, typed year and amount, no receipt
    ])
    assert "no button" not in out and "choose #" not in out
    # the typed year and amount reached the flow: its summary shows them
    assert "期间：2025" in out and "金额：¥120.00" in out


def test_publish_in_the_chat_says_it_does_not_build_the_site(data):
    out = chat(data, ["/publish"], "--as", "volunteer:lvcheng-wuguan")
    assert "steward build" in out
    assert "up to date" not in out and "已是最新" not in out


@pytest.mark.parametrize("spec", ["volunteer:nowhere", "resident:yanye/9/9/999", "pilot:1",
                                  "volunteer:7000001"])
def test_a_bad_as_is_refused_with_exit_2(data, spec):
    result = runner.invoke(app, ["chat", "--data", str(data), "--as", spec], input="")
    assert result.exit_code == 2
    assert "steward:" in result.output


def test_resident_as_a_household_without_a_person_starts_as_a_new_person(data):
    out = chat(data, ["/start"], "--as", "resident:yanye/1/1/101")
    assert "not registered yet" in out and "盐业小区 1号楼 1单元 101" in out
    assert "请选择小区" in out


def test_help_documents_the_as_syntax():
    result = runner.invoke(app, ["chat", "--help"], terminal_width=200)
    assert result.exit_code == 0
    for word in ("--as", "admin", "volunteer:", "resident:", "/photo"):
        assert word in result.output


def test_help_shows_how_buttons_and_captions_are_written():
    result = runner.invoke(app, ["chat", "--help"], terminal_width=200)
    # square brackets are markup to the help's renderer unless escaped
    assert "[#1], [#2]" in result.output and "/photo PATH [caption]" in result.output


def test_a_decided_post_loses_its_buttons_and_keeps_its_text_as_on_a_phone(data):
    """Approving in the chat left ✅ 通过 pressable on the edited post (Telegram takes
    buttons off an edited message that gets none), and a press sent no text with it,
    so a second press showed the post as "…" and its verdict."""
    out = chat(data, [
        "/as volunteer:lvcheng-wuguan", "/income", "#1", "#1", "#1", "#1", "#1", "#1",
        "#1",  # 卫生费, a unit, 101, the period, the usual amount, 没有收据, 确认登记
        "/as 900202", "/pending", "#1", "#1", "/quit"])
    assert "已记录为" in out and "审核通过" in out
    assert "(! 现在没有可以按的按钮 / no buttons to press now)" in out, out
    assert "您已经处理过了" not in out, out
    assert "bot (edited): …" not in out


def test_a_room_typed_that_is_in_two_compounds_of_the_area_is_said_so(data):
    """盐业小区·市药材小区 has a 1/1/202 in both compounds: /income and /paper answered
    "cannot find household 1/1/202" (a volunteer's walk-through), though it was there."""
    repo = Repository.open(data)
    try:
        admin = repo.person_by_telegram(900201)["id"]
        vote = repo.create_proposal(admin, "lvcheng-wuguan", title="修车棚", description="",
                                    budget_fen=100000, matter="everyday",
                                    deadline=f"{repo.clock().year + 1}-01-01")
    finally:
        repo.close()
    out = chat(data, [
        "/as volunteer:lvcheng-wuguan", "/income", "#1", "1/1/202", "盐业小区1/1/202",
        f"/paper {vote.id} 1号楼1单元202 同意", "/quit"])
    said = ("在本区域不止一个小区都有：盐业小区 1号楼 1单元 202、市药材小区 1号楼 1单元 202。"
            "请在前面加上小区名，例如 盐业小区")
    assert f"1/1/202 {said}1/1/202" in out, out
    assert f"1号楼1单元202 {said}1号楼1单元202" in out, out
    assert "找不到住户" not in out
    assert "住户：盐业小区 1号楼 1单元 202" in out  # with the compound's name: found


def test_voice_sticker_location_and_file_are_sent_as_a_phone_sends_them(data, tmp_path):
    """What a phone sends besides text and photos could not be tried in the chat; the
    bot's answers to them are (bot.freetext, bot.flows)."""
    receipt = tmp_path / "receipt.pdf"
    receipt.write_bytes(b"%PDF-1.4 receipt")
    image = tmp_path / "lamp.jpg"  # an image sent "as a file": its type goes with it
    image.write_bytes(jpeg_bytes((120, 90)))
    out = chat(data, [
        "/start", "#2", "#1", "#1", "#1",  # 盐业小区, 1单元, 101, 同意
        "/as volunteer:lvcheng-wuguan", "/pending", "#1",  # ✅ 通过
        "/as 7100001", "/voice", "/sticker", "/location", f"/file {receipt}",
        f"/file {image}", "/file nowhere.pdf", "/quit",
    ])
    assert "照片先替您留着（现在有 1 张），还没有交给志愿者" in out  # an image sent as a file
    assert "收到您的语音（0:03），先替您留着，还没有交给志愿者" in out
    assert "您发的位置还没有交给志愿者" in out and "您发的文件还没有交给志愿者" in out
    assert "您好！请点下方菜单的按钮" in out  # the sticker
    assert "(! 没有这个文件：nowhere.pdf / no file nowhere.pdf)" in out
    help_ = runner.invoke(app, ["chat", "--help"], terminal_width=200).output
    assert "/voice" in help_ and "/file PATH" in help_


def test_the_chat_does_not_warn_that_its_stand_in_bot_is_not_the_street_files(data, caplog):
    """Every `steward chat` on the demo folder opened with 街道文件的 bot_username 是
    @xinyi_steward_bot，但这个 token 的机器人是 @steward_test_bot…: the chat's bot is a
    stand-in with no Telegram token, so there is nothing to correct. `steward run`
    still warns (test_run_service)."""
    import logging

    caplog.set_level(logging.WARNING)
    out = chat(data, ["/help"], "--as", "admin")
    assert "/help" in out or "管理员" in out
    assert "bot_username" not in caplog.text + out


def test_a_summarys_buttons_taken_off_once_sent_cannot_be_pressed_again_by_number(data):
    """Once 提交 stored an opinion, its summary's buttons are taken off (as on a phone,
    where they are gone), but the chat kept them: a #1 typed after pressed 提交 again.
    The chat now says they are gone and that there is nothing to press."""
    repo = Repository.open(data)
    try:
        resident = repo.ensure_person(7000001)["id"]
        repo.approve(repo.register(resident, "yanye/1/1/101", consent=CONSENT_VERSION).id,
                     repo.ensure_person(900201)["id"])
    finally:
        repo.close()
    out = chat(data, ["提意见", "楼道的灯晚上太暗了，希望换亮一点的灯", "#1", "#1"],
               "--as", "7000001")
    sent = out.index("(pressed [提交])")
    assert "（上面的按钮已经没有了 / the buttons above are gone）" in out[sent:]
    assert out.count("(pressed [提交])") == 1 and "no buttons to press now)" in out[sent:]


def test_the_opening_line_and_who_you_are_are_said_in_chinese_first(data):
    """`steward chat` opened with 'Steward chat on …: you are 900001 — 管理员 of the
    street. Type /help, or /quit to end.', /who and /as answered in English alone,
    where the rest of the tool speaks Chinese first and English after."""
    out = chat(data, ["/who", "/as volunteer:lvcheng-wuguan", "/quit"], "--as", "admin")
    first, who, now = out.splitlines()[:3]
    assert first.startswith(f"Steward 对话，数据目录 {data}：你是 900001 — 街道的管理员。"), first
    assert first.index("输入 /help") < first.index(" / Steward chat on"), first
    assert first.endswith("you are 900001 — 管理员 of the street. Type /help, or /quit to end."), \
        first
    assert who.startswith("> （你是 900001 — 街道的管理员 / you are 900001 — 管理员 of"), who
    assert "（你现在是 900201 — 盐业小区·市药材小区的" in now, now
    assert now.index("你现在是") < now.index("/ you are now 900201"), now
    fresh = chat(data, ["/quit"])
    assert "你是 一个新来的人（还没有登记：发 /start）" in fresh.splitlines()[0], fresh


def test_back_to_a_person_their_buttons_are_still_there_to_press(data):
    """Two volunteers at one door, played with /as: back to the first, her buttons were
    gone ("no buttons to press now"), as if her phone had been wiped, so two people's
    presses on the same thing could not be tried. Now each keeps her own screen."""
    out = chat(data, [
        "/as volunteer:lvcheng-wuguan", "/income", "#1",  # 卫生费: the units
        "/as 900202", "/as volunteer:lvcheng-wuguan", "#1", "/quit"])
    assert "(! no buttons to press now)" not in out, out
    assert out.count("(pressed [") == 2, out


REPORT_APPROVED = [
    "/start", "#2", "#1", "#1", "#1",  # 盐业小区, 1单元, 101, 同意
    "/as volunteer:lvcheng-wuguan", "/pending", "#1",  # her registration: ✅ 通过
    "/as 7100001", "报事", "#2", "路灯坏了好几天", "#1", "#1", "#1", "#1",  # … 提交
    "/as volunteer:lvcheng-wuguan", "/pending", "#1"]  # the report: ✅ 通过


def test_an_approval_the_bot_calls_public_is_followed_by_the_site_not_being_rebuilt(data):
    """The author reads 已审核通过并公示, as from the real bot, which rebuilds the site
    within seconds; the chat does not, and said nothing of it."""
    out = chat(data, [*REPORT_APPROVED, "/as 7100001", "/quit"])
    said = out.index("已审核通过并公示")
    note = out.index("公开网站没有重建")
    assert note > said and f"steward build --data {data}" in out[note:]
    assert "site was not rebuilt" in out[note:]
    assert out.count("公开网站没有重建") == 1  # once, not under every message after it
    # a registration (her name kept, a change of the site's masking) made no such note
    assert out.index("公开网站没有重建") > out.index("已收到，报事编号")


def test_with_build_the_note_says_publish_builds_the_site(data):
    out = chat(data, [*REPORT_APPROVED, "/quit"], "--build")
    note = out[out.index("公开网站没有重建"):]
    assert "/publish" in note and "steward build" not in note.splitlines()[0]


def test_a_vote_the_start_closed_at_its_deadline_makes_no_note_under_the_first_line(data):
    """A copy of the demo's folder, opened days later: the chat's start closes a vote
    whose deadline passed (as the bot does), and the note followed /start, which changed
    nothing, as if /start had published something."""
    from datetime import datetime

    from db.core import CHINA_TZ

    class Then:
        now = datetime(2025, 3, 1, 9, 0, tzinfo=CHINA_TZ)

        def __call__(self):
            return self.now

    repo = Repository.open(data, clock=Then())
    try:
        volunteer = repo.ensure_person(900201)["id"]
        proposal = repo.create_proposal(volunteer, "lvcheng-wuguan", title="安装单元门",
                                        description="三个单元", budget_fen=300000,
                                        matter="everyday", deadline="2025-03-02")
    finally:
        repo.close()
    out = chat(data, ["/start", "/quit"])
    repo = Repository.open(data)
    try:
        assert repo.entry(proposal.id).status != Status.OPEN  # closed at the chat's start
    finally:
        repo.close()
    assert "公开网站没有重建" not in out


def test_a_chat_on_a_demos_folder_goes_on_from_the_day_it_was_played_to(tmp_path):
    """On the real clock, `steward chat` on the demo's folder closed its open vote
    (deadline 2026-01-15) as failed the moment it opened in December 2026, before anyone
    could vote, and dated what was typed a year after the rest of the demo. A chat on a
    demo's folder now goes on from the time it was played to, and marks where it ended."""
    from datetime import datetime, timedelta

    from db.played import mark_played, played_at
    from db.repository import CHINA_TZ

    played = datetime(2025, 12, 31, 20, 0, 18, tzinfo=CHINA_TZ)
    folder = tmp_path / "data"
    repo = Repository.init(folder, load_street(DEMO_CONFIG), clock=lambda: played)
    try:
        volunteer = repo.ensure_person(900201)["id"]
        vote = repo.create_proposal(volunteer, "lvcheng-wuguan", title="院内路面硬化",
                                    description="", budget_fen=0, deadline="2026-01-15",
                                    matter="everyday")
    finally:
        repo.close()
    mark_played(folder, played)
    out = chat(folder, ["/start", "#2", "#1", "#1", "#1", "/quit"])  # registers
    assert "同意" in out
    repo = Repository.open(folder)
    try:
        assert repo.entry(vote.id).status == Status.OPEN  # before: failed, unseen
        [registration] = repo.entries(kind=Kind.REGISTRATION)
        assert registration.created.startswith("2025-12-31T20:")  # before: today's date
    finally:
        repo.close()
    ended = played_at(folder)
    assert ended is not None and played <= ended < played + timedelta(minutes=10)
