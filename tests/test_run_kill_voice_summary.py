"""The real ``steward run`` killed with SIGKILL just after a volunteer's summary of a
voice report approved it (``/summary N text``, or the text typed after ✍️ 写摘要并通过),
against the Bot API emulator on 127.0.0.1. Started again, her command is handled again:
nothing is written twice, and she is told what the approval said (#N 已通过。网站上显示：…),
as a button's or /approve's approval is (``bot.handlers.queue_saved``). Before, she read
"这一步在机器人重启之前已经保存过了……请点“我的”查看；如果您刚才正在办理某件事，请从菜单重新
开始" (a resident's words, telling her to start again what was done, and not what the
website shows)."""

from __future__ import annotations

from bot_api_emulator import BotApiEmulator
from conftest import pid
from kill_restart import VOLUNTEER, held_to, kill_restart, street

from db.entries import Kind, Status
from db.media import MediaStore

AUTHOR = 7001
SUMMARY = "化粪池满了，气味很大"
APPROVED = "已通过。网站上显示：语音留言（0:23），志愿者摘要：" + SUMMARY
ALREADY = "已经保存过了"


def _voice_report(tmp_path, street_config) -> tuple:
    data, repo = street(tmp_path, street_config, {AUTHOR: "c1/1/1/101"})
    ref = MediaStore(data).save_audio(b"OggS" + b"\0" * 200)
    entry = repo.submit(pid(repo, AUTHOR), Kind.ISSUE, "east",
                        {"category": "septic", "text": "（语音留言）", "voice": ref,
                         "voice_seconds": 23})
    repo.close()
    return data, entry.id


def _said_after_restart(run, chat: int) -> list[str]:
    return run.texts_to(chat, run.again)


def test_a_summary_command_killed_before_the_author_was_told_is_finished_after_a_restart(
        tmp_path, street_config):
    data, entry = _voice_report(tmp_path, street_config)
    # Telegram slow for the author: the kill comes while her notice waits, not gone
    with kill_restart(data, held_to, AUTHOR) as run:
        api: BotApiEmulator = run.api
        with run.cut_short():
            api.message(VOLUNTEER, f"/summary {entry} {SUMMARY}")
        with run.restarted():
            told = api.wait_for(lambda c: c.chat_id == VOLUNTEER and c.text, since=run.again)
    assert f"#{entry} {APPROVED}" in told.text, told.text
    assert not any(ALREADY in t for t in _said_after_restart(run, VOLUNTEER))
    with run.stored() as repo:
        stored = repo.entry(entry)
        assert stored.status == Status.APPROVED and SUMMARY in stored.data["text"]
        assert len([e for e in repo.entries(kind=Kind.ISSUE)]) == 1


def test_a_summary_typed_in_its_flow_and_killed_is_answered_as_approved_after_a_restart(
        tmp_path, street_config):
    data, entry = _voice_report(tmp_path, street_config)
    with kill_restart(data, held_to, AUTHOR) as run:
        api = run.api
        asked = api.press(VOLUNTEER, f"q:v:{entry}")
        api.wait_for(lambda c: c.chat_id == VOLUNTEER and "摘要" in c.text, since=asked)
        with run.cut_short():
            api.message(VOLUNTEER, SUMMARY)
        with run.restarted():
            told = api.wait_for(lambda c: c.chat_id == VOLUNTEER and c.text, since=run.again)
            later = api.message(VOLUNTEER, "好的")  # the flow is over: not a summary again
            after = api.wait_for(lambda c: c.chat_id == VOLUNTEER and c.text, since=later)
    assert f"#{entry} {APPROVED}" in told.text, told.text
    assert not any(ALREADY in t for t in _said_after_restart(run, VOLUNTEER))
    assert "已通过" not in after.text and "处理过" not in after.text, after.text
    with run.stored() as repo:
        assert repo.entry(entry).status == Status.APPROVED
