"""What a refusal says to the person it refuses (``bot.context.error_text``): in their
own language, never the domain's English words to a Chinese reader."""

from __future__ import annotations

from types import SimpleNamespace

from bot.context import error_text
from db.errors import DomainError, StoreError


def _reader(lang: str) -> SimpleNamespace:
    return SimpleNamespace(user_data={"lang": lang})


def test_a_refusal_without_words_of_its_own_is_chinese_to_a_chinese_reader_with_its_code():
    # walk32 in steward run: 抱歉，操作未成功：there is no consent to publication to withdraw
    refused = DomainError("the ballot names a seat twice", code="candidate_twice")
    said = error_text(_reader("zh"), refused)
    assert said.startswith("抱歉，这一步没有成功。") and "（代码：candidate_twice）" in said
    assert "ballot" not in said
    assert error_text(_reader("en"), refused) == \
        "Sorry, that did not work: the ballot names a seat twice"


def test_a_text_too_long_and_too_many_photos_say_the_limits_in_chinese():
    long = DomainError("the corrected text is too long", code="text_too_long", max=2000,
                       count=2301)
    assert error_text(_reader("zh"), long) == \
        "这段文字太长了（2301 个字，最多 2000 个字）。请删短一些再发。"
    many = DomainError("too many photos for one step", code="too_many_photos", max=10)
    assert error_text(_reader("zh"), many) == "一次最多只能加 10 张照片，这次没有再加照片。"
    assert "Please shorten it" in error_text(_reader("en"), long)


def test_a_store_failure_without_words_of_its_own_says_the_server_failed_not_her(
        monkeypatch):
    import bot.context as context_module

    alerts = []
    monkeypatch.setattr(context_module, "alert_admins",
                        lambda context, key, text, **kw: alerts.append(key))
    reader = SimpleNamespace(user_data={"lang": "zh"},
                             application=SimpleNamespace(bot_data={"repo": None}))
    said = error_text(reader, StoreError("partition areas/east/x.json: damaged",
                                         code="corrupt"))
    assert said == "抱歉，服务器刚才没能读取或保存这一步。请稍后再试；已经通知管理员。"
    assert alerts == ["corrupt"]  # as the words say


def test_private_words_in_a_ledger_line_are_said_by_any_path_not_only_the_volunteers():
    # walk167: a path answering through error_text (a resident's /pay, not the volunteers'
    # staff_errors.fail) got 抱歉，这一步没有成功…（代码：private_in_line）
    refused = DomainError("the payee holds a private person's name", code="private_in_line",
                          field="payee", name="王建国")
    said = error_text(_reader("zh"), refused)
    assert said.startswith("“王建国”不能写进公开账目") and "代码" not in said
    recorded = DomainError("its line would name a private person",
                           code="recorded_private_in_line", id=98, name="13812345678")
    said = error_text(_reader("zh"), recorded)
    assert said.startswith("#98 不能通过") and "/reject 98" in said
    assert error_text(_reader("en"), refused).startswith(
        "“王建国” may not go into the public accounts")
