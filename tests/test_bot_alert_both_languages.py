"""A long refusal keeps its Chinese and its English in the admins' message (``bot.alerts``).

The publisher told the admins why the heads could not be signed with the refusal's last
1,500 characters: a refusal said "中文 / English" and longer than that (a data folder
deep in the disk, named in each of its sentences) reached the admins in English only,
its Chinese half (what they read) cut off. Now each half is shortened in its middle, in
proportion, and the whole message stays within Telegram's 4,096 characters."""

from __future__ import annotations

from types import SimpleNamespace

from heads_support import street_with_history

from bot.alerts import fit_halves
from bot.i18n import tr
from bot.witness import HEADS_FAILED, sign_heads
from db import keys as keyfiles
from db.heads import lost_key_text


async def test_a_long_refusal_to_sign_reaches_the_admins_in_both_languages(tmp_path):
    deep = tmp_path.joinpath(*[f"街道办事处-{n}-" + "d" * 60 for n in range(6)], "data")
    repo, _clock = street_with_history(deep)
    try:
        (deep / keyfiles.KEY_FILE).unlink()  # the key lost: its refusal names the folder
        _signed, error = await sign_heads(SimpleNamespace(bot_data={"repo": repo}))
    finally:
        repo.close()
    assert len(lost_key_text(deep, "0" * 16)) > 1500  # the refusal as raised
    assert error.startswith("签名密钥"), error[:200]  # before: the Chinese half cut off
    assert "公告新的公钥和原因" in error and " / The signing key" in error, error
    assert error.endswith("announce the new public key and why."), error[-200:]
    told = tr("zh_CN", HEADS_FAILED, error=error)
    assert len(told.encode("utf-16-le")) // 2 <= 4096


def test_a_refusal_too_long_for_one_message_is_shortened_in_each_half():
    zh = "链头记录被截短了：" + "路径" * 2000 + "请从备份取回。"
    en = "The head log was cut: " + "path/" * 1500 + "bring it back from a backup."
    fitted = fit_halves(f"{zh} / {en}", 3500)
    assert len(fitted) <= 3500
    first, second = fitted.split(" / ", 1)
    assert first.startswith("链头记录被截短了") and first.endswith("请从备份取回。")
    assert second.startswith("The head log was cut") and \
        second.endswith("bring it back from a backup.")
    assert "…" in first and "…" in second


def test_a_short_refusal_is_left_as_it_is():
    text = "签名密钥不见了 / The signing key is missing"
    assert fit_halves(text) == text
