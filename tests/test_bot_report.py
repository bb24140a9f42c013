"""/report through the real Application: the whole flow, "me too", bad input,
forged buttons, and what the store holds afterwards."""

from __future__ import annotations

from bot_harness import BotHarness, jpeg_bytes
from conftest import confirmed_resident, pid, the_hour_is_over
from PIL import Image

from bot.settings import Settings
from db.entries import Kind, Status
from db.media import MediaStore
from db.privacy import CONSENT_VERSION

# an hour's limit met just now: a slot frees in an hour
LIMITED = "您这一小时内发送的内容较多（每张照片也算一次），请 60 分钟后再试。"
HELD = "您填写的内容会一直保留到那时，到时再点上面的“提交”就行。"

HOME = "c1/1/1/101"


def _data(calls, label_part: str) -> str:
    for c in reversed(calls):
        for text, data in c.buttons():
            if label_part in text:
                return data
    raise AssertionError(f"no button {label_part!r} in {[c.buttons() for c in calls]}")


def _issues(repo):
    return repo.entries(kind=Kind.ISSUE)


async def test_an_over_long_description_is_kept_and_its_beginning_can_be_kept(repo):
    """2,800 characters typed at 请描述问题 were refused and lost: she had to type them
    again. Now they are kept, and a button keeps the first 2,000."""
    confirmed_resident(repo, 7001, HOME, 101)
    long = "三号楼楼道灯坏了很久" * 280  # 2,800 characters
    async with BotHarness(repo) as bot:
        await bot.send(7001, "/report")
        await bot.press(7001, "rep:cat:lighting")
        told = await bot.send(7001, long)
        assert "这段有 2800 个字" in told[-1].text and "先替您留着" in told[-1].text
        kept = await bot.press(7001, _data(told, "保留前 2000 个字"))
        assert "照片" in kept[-1].text  # on to the photos, as after any description
        await bot.press(7001, "rep:photos")
        await bot.press(7001, "rep:pn")
        await bot.press(7001, "rep:ok")
        again = await bot.press(7001, "rep:cut")  # the old button: nothing kept any more
        assert again and all("三号楼" not in c.text for c in again)
    [issue] = _issues(repo)
    assert issue.data["text"] == long[:2000]


async def _to_photos(bot, uid=7001, category="路灯", text="1号楼门口的路灯坏了，晚上很黑"):
    calls = await bot.send(uid, "/report")
    calls = await bot.press(uid, _data(calls, category))
    return await bot.send(uid, text)


async def _refused_at_submit(bot, uid=7001):
    """A report of one photo (with ``rate_limit_per_hour=1``: the hour's one submission)
    taken to its summary and 提交 pressed: the answer, refused for the limit."""
    await _to_photos(bot, uid)
    await bot.send_photo(uid, jpeg_bytes((40, 30)))
    await bot.press(uid, "rep:photos")
    await bot.press(uid, "rep:pn")
    return await bot.press(uid, "rep:ok")


async def test_a_full_report_is_stored_pending_with_receipt_and_volunteers_are_told(repo):
    confirmed_resident(repo, 7001, HOME, 101)
    async with BotHarness(repo) as bot:
        calls = await bot.send(7001, "报事")  # the menu button starts it too
        assert len(calls[-1].buttons()) == 10  # nine categories and cancel
        calls = await bot.press(7001, _data(calls, "路灯照明"))
        calls = await bot.send(7001, "1号楼门口的路灯坏了，晚上很黑")
        assert "照片" in calls[-1].text
        calls = await bot.send_photo(7001)
        assert "第 1 张" in calls[-1].text
        calls = await bot.send_photo(7001, jpeg_bytes((80, 60)))
        calls = await bot.press(7001, _data(calls, "完成"))
        calls = await bot.press(7001, _data(calls, "东小区 1号楼"))
        calls = await bot.press(7001, _data(calls, "1单元"))
        summary = calls[-1].text
        assert "路灯照明" in summary and "照片：2 张" in summary and "1单元" in summary
        assert _issues(repo) == []  # nothing stored before Submit
        calls = await bot.press(7001, _data(calls, "提交"))
    [issue] = _issues(repo)
    assert issue.status == Status.PENDING and issue.author == pid(repo, 7001)
    assert issue.area == "east" and issue.data["category"] == "lighting"
    assert issue.data["text"] == "1号楼门口的路灯坏了，晚上很黑"
    assert issue.data["place"] == "东小区 1号楼 1单元" and issue.data["unit"] == "1"
    assert len(issue.data["photos"]) == 2
    receipt = [c for c in calls if c.chat_id == 7001][-1].text
    assert f"#{issue.id}" in receipt
    told = {c.chat_id: c.text for c in calls if c.method == "sendMessage" and c.chat_id != 7001}
    assert set(told) == {101, 102}
    assert f"#{issue.id}" in told[101] and "路灯照明" in told[101]
    assert "位置：东小区 1号楼 1单元" in told[101]  # the volunteer knows where to go


async def test_stored_report_photo_has_no_exif_and_a_thumbnail(repo):
    confirmed_resident(repo, 7001, HOME, 101)
    original = jpeg_bytes()
    assert Image.open(__import__("io").BytesIO(original)).getexif()  # the test photo has GPS
    async with BotHarness(repo) as bot:
        await _to_photos(bot)
        await bot.send_photo(7001, original)
        await bot.press(7001, "rep:photos")
        await bot.press(7001, "rep:pn")
        await bot.press(7001, "rep:ok")
    [issue] = _issues(repo)
    media = MediaStore(repo.store.root)
    [ref] = issue.data["photos"]
    stored = Image.open(media.path(ref))
    assert not stored.getexif()
    assert b"PhoneMaker" not in media.path(ref).read_bytes()
    assert media.thumb_path(ref) != media.path(ref) and media.thumb_path(ref).exists()


async def test_a_voice_message_can_be_the_description(repo):
    confirmed_resident(repo, 7001, HOME, 101)
    async with BotHarness(repo) as bot:
        calls = await bot.send(7001, "/report")
        await bot.press(7001, "rep:cat:septic")
        await bot.send_voice(7001, b"OggS" + b"\1" * 300)
        await bot.press(7001, "rep:photos")
        await bot.press(7001, "rep:pn")
        calls = await bot.press(7001, "rep:ok")
    [issue] = _issues(repo)
    assert issue.data["text"] == "（语音留言）"
    media = MediaStore(repo.store.root)
    assert media.path(issue.data["voice"]).read_bytes() == b"OggS" + b"\1" * 300
    assert f"#{issue.id}" in calls[-1].text or any(f"#{issue.id}" in c.text for c in calls)


async def test_a_photo_with_a_caption_first_counts_as_description_and_photo(repo):
    confirmed_resident(repo, 7001, HOME, 101)
    async with BotHarness(repo) as bot:
        await bot.send(7001, "/report")
        await bot.press(7001, "rep:cat:flyposting")
        await bot.send_photo(7001, caption="楼道里贴满了小广告")
        await bot.press(7001, "rep:photos")
        await bot.press(7001, "rep:pn")
        await bot.press(7001, "rep:ok")
    [issue] = _issues(repo)
    assert issue.data["text"] == "楼道里贴满了小广告" and len(issue.data["photos"]) == 1


async def _approved_issue(repo, text="路灯不亮了，晚上很黑", category="lighting"):
    author = confirmed_resident(repo, 7002, "c1/1/1/102", 101)
    issue = repo.submit(author, Kind.ISSUE, "east", {"category": category, "text": text})
    repo.approve(issue.id, pid(repo, 101))
    return issue


async def test_similar_open_issue_is_offered_and_me_too_adds_a_backer_instead(repo):
    confirmed_resident(repo, 7001, HOME, 101)
    existing = await _approved_issue(repo)
    async with BotHarness(repo) as bot:
        calls = await _to_photos(bot, text="路灯不亮，晚上太黑了")
        assert f"#{existing.id}" in calls[-1].text
        me_too = _data(calls, "我也遇到")
        calls = await bot.press(7001, me_too)
        assert any("2 户" in c.text for c in calls)
        # pressing it again later is a stale button, and changes nothing (at once, it
        # is the same press again: bot.presses)
        bot.app.bot_data["presses"][7001][3] -= 3600
        again = await bot.press(7001, me_too)
    assert "失效" in again[-1].text
    assert [e.id for e in _issues(repo)] == [existing.id]  # no new report
    assert repo.entry(existing.id).data["me_too"] == [pid(repo, 7001)]


async def test_me_too_takes_the_offers_buttons_off(repo):
    """我也遇到 added her household, and the offer above kept 我也遇到 / 不是同一个问题，继续 /
    取消 under a report she had just backed."""
    confirmed_resident(repo, 7001, HOME, 101)
    existing = await _approved_issue(repo)
    async with BotHarness(repo) as bot:
        offer = (await _to_photos(bot, text="路灯不亮，晚上太黑了"))[-1]
        calls = await bot.press_label(7001, "我也遇到")
    assert any("2 户" in c.text for c in calls)
    assert [c for c in calls if c.method == "editMessageReplyMarkup"
            and c.params.get("message_id") == offer.message_id
            and not c.params.get("reply_markup")], [c.method for c in calls]
    assert repo.entry(existing.id).data["me_too"] == [pid(repo, 7001)]


async def test_same_or_not_typed_at_the_similar_report_is_taken_as_its_button(repo):
    """我也遇到 or 是的，一样的 typed at "Neighbours already reported something similar"
    got "please press the buttons above"; now, with one report offered, it is its "me
    too"; 不是 goes on with a new report; other words (是三楼的扶手) still ask for the
    buttons, and add no "me too"."""
    confirmed_resident(repo, 7001, HOME, 101)
    existing = await _approved_issue(repo)
    async with BotHarness(repo) as bot:
        await _to_photos(bot, text="路灯不亮，晚上太黑了")
        calls = await bot.send(7001, "是三楼的那盏")
        assert "请点上面" in calls[-1].text
        assert "me_too" not in repo.entry(existing.id).data
        calls = await bot.send(7001, "是的，一样的")
        assert any("2 户" in c.text for c in calls)
        await _to_photos(bot, 7001, text="路灯不亮，晚上太黑了")
        calls = await bot.send(7001, "不是")
        assert "照片" in calls[-1].text
    assert [e.id for e in _issues(repo)] == [existing.id]  # no new report
    assert repo.entry(existing.id).data["me_too"] == [pid(repo, 7001)]


async def test_dissimilar_or_other_category_issues_are_not_offered(repo):
    confirmed_resident(repo, 7001, HOME, 101)
    await _approved_issue(repo, text="垃圾很多没人清运", category="sanitation")
    await _approved_issue(repo, text="有人在院里烧烤", category="lighting")
    async with BotHarness(repo) as bot:
        calls = await _to_photos(bot, text="路灯不亮了")
    assert "我也遇到" not in " ".join(t for t, _ in calls[-1].buttons())
    assert "照片" in calls[-1].text


async def test_choosing_mine_is_different_continues_the_report(repo):
    confirmed_resident(repo, 7001, HOME, 101)
    await _approved_issue(repo)
    async with BotHarness(repo) as bot:
        calls = await _to_photos(bot, text="路灯不亮了，很黑")
        calls = await bot.press(7001, _data(calls, "不是同一个"))
        await bot.press(7001, "rep:photos")
        await bot.press(7001, "rep:pn")
        await bot.press(7001, "rep:ok")
    assert len(_issues(repo)) == 2


async def test_an_album_captioned_as_description_keeps_every_photo_while_similar_are_offered(repo):
    confirmed_resident(repo, 7001, HOME, 101)
    await _approved_issue(repo)
    async with BotHarness(repo) as bot:
        await bot.send(7001, "/report")
        await bot.press(7001, "rep:cat:lighting")
        # One message per photo; the first carries the album's caption.
        calls = await bot.send_photo(7001, jpeg_bytes((64, 48)), caption="路灯不亮了，很黑")
        assert "我也遇到" in " ".join(t for t, _ in calls[-1].buttons())
        for n, size in ((2, (80, 60)), (3, (96, 72))):
            calls = await bot.send_photo(7001, jpeg_bytes(size))
            assert f"第 {n} 张" in calls[-1].text and "不是同一个问题" in calls[-1].text
        calls = await bot.press(7001, "rep:go")
        assert "3 张" in calls[-1].text
        await bot.press(7001, "rep:photos")
        await bot.press(7001, "rep:pn")
        await bot.press(7001, "rep:ok")
    new = max(_issues(repo), key=lambda e: e.id)
    assert new.data["text"] == "路灯不亮了，很黑" and len(new.data["photos"]) == 3


async def test_unregistered_and_unconfirmed_users_are_pointed_to_registration(repo):
    async with BotHarness(repo) as bot:
        calls = await bot.send(7001, "/report")
        assert "请先登记" in calls[-1].text
        assert calls[-1].buttons() == [("🏠 选择我的住址", "reg:new")]
        repo.register(pid(repo, 7001), HOME, consent=CONSENT_VERSION)
        calls = await bot.send(7001, "/report")
        assert "确认" in calls[-1].text
        calls = await bot.press(7001, "rep:cat:lighting")  # no flow: a stale button
    assert "失效" in calls[-1].text
    assert _issues(repo) == []


async def test_bad_input_in_the_description_step_gets_a_clear_reply_and_loses_nothing(repo):
    confirmed_resident(repo, 7001, HOME, 101)
    async with BotHarness(repo) as bot:
        await bot.send(7001, "/report")
        await bot.press(7001, "rep:cat:safety")
        calls = await bot.send_raw(7001, sticker={
            "file_id": "s1", "file_unique_id": "us1", "type": "regular", "width": 512,
            "height": 512, "is_animated": False, "is_video": False})
        assert "文字" in calls[-1].text
        calls = await bot.send_raw(7001, contact={"phone_number": "+8613800000000",
                                                  "first_name": "张"})
        assert "文字" in calls[-1].text
        calls = await bot.send(7001, "长" * 10_000)
        assert "报事最多 2000 个字" in calls[-1].text
        calls = await bot.send(7001, "\u202e\u200b\x07  ")
        assert "空的" in calls[-1].text
        calls = await bot.send(7001, "\u202e电线😀裸露\x00")
        assert "照片" in calls[-1].text
        await bot.press(7001, "rep:photos")
        await bot.press(7001, "rep:pn")
        await bot.press(7001, "rep:ok")
    [issue] = _issues(repo)
    assert issue.data["text"] == "电线😀裸露"


async def test_emoji_or_marks_alone_are_not_taken_as_the_description(repo):
    """😭😭 typed as the description (or as a photo's caption) was the report's whole
    text: a volunteer got a report that said nothing. Now she is asked for a few words
    or a voice message, and the photo is kept."""
    confirmed_resident(repo, 7001, HOME, 101)
    async with BotHarness(repo) as bot:
        await bot.send(7001, "/report")
        await bot.press(7001, "rep:cat:pipes")
        for typed in ("😭😭", "👍", "？？！", "🙏 🙏"):
            calls = await bot.send(7001, typed)
            assert "只有表情或符号" in calls[-1].text and "语音" in calls[-1].text, typed
        calls = await bot.send_photo(7001, caption="😭")
        assert "照片已收到" in calls[-1].text and "描述" in calls[-1].text
        calls = await bot.send(7001, "厨房水管漏水")
        assert "照片" in calls[-1].text
        await bot.press(7001, "rep:photos")
        await bot.press(7001, "rep:pn")
        await bot.press(7001, "rep:ok")
    [issue] = _issues(repo)
    assert issue.data["text"] == "厨房水管漏水" and len(issue.data["photos"]) == 1


async def test_a_voice_message_sent_before_the_category_is_its_description(repo):
    """报事 pressed, then she spoke the problem at once: 这条语音没有保存：这一步不收语音。
    请点上面的按钮选择类别。 Now the voice is kept as the description, the categories are
    asked right below, and a category pressed goes on to the photos; a sticker there gets
    the categories below too."""
    confirmed_resident(repo, 7001, HOME, 101)
    async with BotHarness(repo) as bot:
        await bot.send(7001, "/report")
        calls = await bot.send_voice(7001, b"OggS" + b"\1" * 300, duration=12)
        assert [c.text for c in calls if c.text] == [
            "收到您的语音（0:12）。请先点下面的按钮，选一下是哪一类问题："]
        assert "路灯照明" in [label for label, _ in calls[-1].buttons()]
        sticker = await bot.send_raw(7001, sticker={
            "file_id": "s1", "file_unique_id": "s1", "width": 512, "height": 512,
            "is_animated": False, "is_video": False, "type": "regular"})
        assert sticker[-1].text == "请点下面的按钮选择一类："
        assert "路灯照明" in [label for label, _ in sticker[-1].buttons()]
        calls = await bot.press(7001, _data(calls, "路灯"))
        assert "照片" in calls[-1].text
        await bot.press(7001, "rep:photos")
        calls = await bot.press(7001, "rep:pn")
        assert "描述：（一条语音，0:12）" in calls[-1].text  # which voice: its length
        await bot.press(7001, "rep:ok")
    [issue] = _issues(repo)
    assert issue.data["category"] == "lighting" and issue.data["voice_seconds"] == 12
    assert issue.data["voice"]


async def test_a_pin_sent_to_where_is_it_gets_the_buildings_below(repo):
    """A location pin sent at 在哪里？ (the question asks where) read 您发的位置没有保存：
    这一步不收位置。请点上面的按钮选择楼栋。, the buildings a scroll up away. Now they
    come below, and one pressed goes on."""
    confirmed_resident(repo, 7001, HOME, 101)
    async with BotHarness(repo) as bot:
        await _to_photos(bot)
        await bot.press(7001, "rep:photos")
        calls = await bot.send_raw(7001, location={"latitude": 37.14, "longitude": 111.78})
        assert calls[-1].text == "您发的位置没有保存：这一步不收位置。\n请点下面的按钮选择楼栋："
        labels = [label for label, _ in calls[-1].buttons()]
        assert "不属于某一栋楼" in labels and "取消" in labels
        calls = await bot.press(7001, _data(calls, "不属于某一栋楼"))
        assert "请核对" in calls[-1].text


async def test_a_photo_sent_before_the_category_is_kept_with_its_caption(repo):
    """She pressed 报事 and sent the photo of the broken light at once: it was said not
    kept (这一步不收照片), to be sent again later. Now it is kept, its caption is the
    description, and the category is asked again; without a caption the description is
    asked after the category, the photo still kept."""
    confirmed_resident(repo, 7001, HOME, 101)
    async with BotHarness(repo) as bot:
        await bot.send(7001, "/report")
        calls = await bot.send_photo(7001, caption="门口的路灯坏了")
        assert "第 1 张照片已收到" in calls[-1].text and "没有保存" not in calls[-1].text
        calls = await bot.send_photo(7001, jpeg_bytes((80, 60)))
        assert "第 2 张照片已收到" in calls[-1].text
        calls = await bot.press(7001, "rep:cat:lighting")
        assert "已收到 2 张照片" in calls[-1].text
        await bot.press(7001, "rep:photos")
        await bot.press(7001, "rep:pn")
        await bot.press(7001, "rep:ok")
        await bot.send(7001, "/report")
        await bot.send_photo(7001)
        calls = await bot.press(7001, "rep:cat:pipes")
        assert "请描述问题" in calls[-1].text
        calls = await bot.send(7001, "厨房水管漏水")
        assert "已收到 1 张照片" in calls[-1].text
        await bot.press(7001, "rep:photos")
        await bot.press(7001, "rep:pn")
        await bot.press(7001, "rep:ok")
    first, second = _issues(repo)
    assert first.data["text"] == "门口的路灯坏了" and len(first.data["photos"]) == 2
    assert second.data["text"] == "厨房水管漏水" and len(second.data["photos"]) == 1


async def test_forged_report_buttons_are_refused_and_store_nothing(repo):
    confirmed_resident(repo, 7001, HOME, 101)
    existing = await _approved_issue(repo, category="safety", text="电线裸露")
    async with BotHarness(repo) as bot:
        await bot.send(7001, "/report")
        for forged in ("rep:cat:nope", "rep:cat:", "rep:ok", f"rep:me:{existing.id}",
                       "rep:pb:1:0", "rep:zzz", "rep:"):
            calls = await bot.press(7001, forged)
            assert calls[0].method == "answerCallbackQuery", forged
            assert any("失效" in c.text for c in calls), forged
        await bot.press(7001, "rep:cat:lighting")
        await bot.send(7001, "路灯坏了")
        await bot.press(7001, "rep:photos")
        for forged in ("rep:pb:1:0", "rep:pu:0:0:7", "rep:pb:x:0", "rep:pw:0:99"):
            calls = await bot.press(7001, forged)  # west building, bad unit, junk
            assert any("失效" in c.text for c in calls), forged
    assert [e.id for e in _issues(repo)] == [existing.id]
    assert repo.entry(existing.id).data.get("me_too", []) == []


async def test_edit_from_the_summary_changes_one_field_and_returns_to_the_summary(repo):
    confirmed_resident(repo, 7001, HOME, 101)
    async with BotHarness(repo) as bot:
        await _to_photos(bot, text="路灯坏")
        await bot.press(7001, "rep:photos")
        await bot.press(7001, "rep:pn")
        calls = await bot.press(7001, "rep:edit")
        calls = await bot.press(7001, _data(calls, "描述"))
        calls = await bot.send(7001, "2号路灯整晚不亮")
        assert "请核对" in calls[-1].text and "2号路灯整晚不亮" in calls[-1].text
        calls = await bot.press(7001, "rep:edit:cat")
        calls = await bot.press(7001, "rep:cat:safety")
        assert "安全隐患" in calls[-1].text
        await bot.press(7001, "rep:ok")
    [issue] = _issues(repo)
    assert issue.data["text"] == "2号路灯整晚不亮" and issue.data["category"] == "safety"


async def test_cancel_button_and_commands_mid_flow_store_nothing(repo):
    confirmed_resident(repo, 7001, HOME, 101)
    async with BotHarness(repo) as bot:
        await _to_photos(bot)
        calls = await bot.press(7001, "rep:cancel")
        assert "取消" in calls[-1].text
        await _to_photos(bot)
        calls = await bot.send(7001, "/help")  # leaves the report, keeps it, and helps
        assert "您没填完的“报事”先为您保留" in calls[0].text and "小区管家" in calls[1].text
        [discard] = [d for t, d in calls[0].buttons() if t == "放弃"]  # (bot/kept.py)
        assert "已放弃，没有保存" in (await bot.press(7001, discard))[-1].text
        await _to_photos(bot)
        calls = await bot.send(7001, "账目")  # a menu button in the middle of a step
        assert "您没填完的“报事”先为您保留" in calls[0].text and "账目" in calls[-1].text
        calls = await bot.press(7001, "rep:photos")  # the left step's button: still kept
    assert "这次没有做任何事：您没填完的“报事”还为您保留着" in calls[-1].text
    assert _issues(repo) == []


async def test_oversized_photo_is_refused_with_the_limit_and_the_flow_goes_on(repo):
    confirmed_resident(repo, 7001, HOME, 101)
    settings = Settings(token="1:T", data_dir=repo.store.root, persistence=False,
                        max_photo_bytes=2 * 1024 * 1024)
    async with BotHarness(repo, settings=settings) as bot:
        await _to_photos(bot)
        calls = await bot.send_photo(7001, b"\xff" * (3 * 1024 * 1024))
        assert "太大" in calls[-1].text and "2 MB" in calls[-1].text
        calls = await bot.send_photo(7001, b"not an image")
        assert "无法识别" in calls[-1].text
        await bot.press(7001, "rep:photos")
        await bot.press(7001, "rep:pn")
        await bot.press(7001, "rep:ok")
    [issue] = _issues(repo)
    assert issue.data["photos"] == []


async def test_a_damaged_or_resent_photo_says_what_is_kept_with_the_done_button(repo):
    confirmed_resident(repo, 7001, HOME, 101)
    good = jpeg_bytes((64, 48))
    async with BotHarness(repo) as bot:
        calls = await _to_photos(bot)
        calls = await bot.send_document(7001, good[:len(good) // 2], mime_type="image/jpeg")
        assert "无法识别" in calls[-1].text  # none before: the step's own button
        assert [d for _, d in calls[-1].buttons()] == ["rep:photos", "rep:back:text", "rep:cancel"]
        await bot.send_photo(7001, good)
        await bot.send_photo(7001, jpeg_bytes((80, 60)))
        calls = await bot.send_photo(7001, good)  # the same picture again
        assert "已经收到过了" in calls[-1].text and "现有 2 张" in calls[-1].text
        for damaged in (good[:len(good) // 2], b"", "这是文字".encode()):  # cut, empty, text
            calls = await bot.send_document(7001, damaged, mime_type="image/jpeg")
            assert "无法识别" in calls[-1].text and "之前收到的 2 张照片都还在" in calls[-1].text
            assert "完成" in [text for text, _ in calls[-1].buttons()]
        await bot.press(7001, "rep:photos")
        await bot.press(7001, "rep:pn")
        await bot.press(7001, "rep:ok")
    [issue] = _issues(repo)
    assert len(issue.data["photos"]) == 2


async def test_reports_are_rate_limited_per_user(repo):
    confirmed_resident(repo, 7001, HOME, 101)
    settings = Settings(token="1:T", data_dir=repo.store.root, persistence=False,
                        rate_limit_per_hour=2)
    async with BotHarness(repo, settings=settings) as bot:
        for _ in range(2):
            await _to_photos(bot)
            await bot.press(7001, "rep:photos")
            await bot.press(7001, "rep:pn")
            await bot.press(7001, "rep:ok")
        calls = await bot.send(7001, "/report")
    assert "分钟后再试" in calls[-1].text
    assert len(_issues(repo)) == 2


async def test_a_resident_over_the_hours_limit_is_told_when_to_try_again(repo):
    """Refused for the hour's limit, a resident read 您一小时内提交的内容较多，请稍后再试 and,
    at the photos step, 可以再发一张 (another photo, refused in turn): tried again after
    a few minutes, refused again, never told for how long (found in steward run). Now
    she is told in how many minutes, that photos count too, and at the photos step to
    go on with the photos kept."""
    confirmed_resident(repo, 7001, HOME, 101)
    settings = Settings(token="1:T", data_dir=repo.store.root, persistence=False,
                        rate_limit_per_hour=3)
    async with BotHarness(repo, settings=settings) as bot:
        await _to_photos(bot)
        for k in range(3):
            await bot.send_photo(7001, jpeg_bytes((40 + k, 30)))
        refused = await bot.send_photo(7001, jpeg_bytes((90, 30)))
        await bot.press(7001, "rep:photos")
        await bot.press(7001, "rep:pn")
        submitted = await bot.press(7001, "rep:ok")
    assert refused[-1].text == LIMITED + "\n之前收到的 3 张照片都还在，点“完成”就可以接着往下填。"
    assert "完成" in [text for text, _ in refused[-1].buttons()]
    assert submitted[-1].text == LIMITED + "\n" + HELD
    assert _issues(repo) == []


async def test_a_report_refused_at_submit_for_the_hours_limit_waits_until_it_may_go(repo):
    """Refused at 提交 for the hour's limit, she was told to try again in 60 minutes; but a
    flow left idle ends after 15, so by then her report was gone (found by walk27). Now
    she is told it is kept until then, and it is: 提交 once the hour is over stores it."""
    import time

    from bot.conversation import HELD as HELD_KEY
    from bot.conversation import IdleConversation
    from bot.ratelimit import _LIMITERS

    confirmed_resident(repo, 7001, HOME, 101)
    settings = Settings(token="1:T", data_dir=repo.store.root, persistence=False,
                        rate_limit_per_hour=1)
    async with BotHarness(repo, settings=settings) as bot:
        refused = await _refused_at_submit(bot)
        assert HELD_KEY not in bot.app.user_data[7001]  # taken by the step, not left behind
        [flow] = [h for hs in bot.app.handlers.values() for h in hs
                  if isinstance(h, IdleConversation) and h.name == "report"]
        assert flow.idle_timeout is not None and flow.idle_timeout < 20 * 60
        assert await flow.end_idle(bot.app, now=time.monotonic() + 20 * 60) == 0
        _LIMITERS[bot.app]._hits.clear()  # the hour is over
        stored = await bot.press(7001, "rep:ok")
    assert refused[-1].text == LIMITED + "\n" + HELD
    assert "报事编号" in stored[-1].text or "#" in stored[-1].text
    [issue] = _issues(repo)
    assert issue.data["text"] == "1号楼门口的路灯坏了，晚上很黑" and len(issue.data["photos"]) == 1


async def test_a_report_refused_for_the_hours_limit_then_edited_still_waits_until_it_may_go(
        repo):
    """Refused at 提交 for the hour's limit she is told 您填写的内容会一直保留到那时; she
    then pressed 修改 and changed her description: back at the summary the flow waited
    only 15 minutes again, and was gone long before she might send it. Now the wait
    she was told holds until the flow ends, whatever steps she takes meanwhile."""
    import time

    from bot.conversation import IdleConversation

    confirmed_resident(repo, 7001, HOME, 101)
    settings = Settings(token="1:T", data_dir=repo.store.root, persistence=False,
                        rate_limit_per_hour=1)
    async with BotHarness(repo, settings=settings) as bot:
        refused = await _refused_at_submit(bot)
        assert refused[-1].text == LIMITED + "\n" + HELD
        calls = await bot.press(7001, "rep:edit")
        await bot.press(7001, _data(calls, "描述"))
        calls = await bot.send(7001, "2号路灯整晚不亮")
        assert "请核对" in calls[-1].text
        [flow] = [h for hs in bot.app.handlers.values() for h in hs
                  if isinstance(h, IdleConversation) and h.name == "report"]
        assert await flow.end_idle(bot.app, now=time.monotonic() + 20 * 60) == 0
        assert await flow.end_idle(bot.app, now=time.monotonic() + 80 * 60) == 1


def _report_flow(bot):
    from bot.conversation import IdleConversation

    [flow] = [h for hs in bot.app.handlers.values() for h in hs
              if isinstance(h, IdleConversation) and h.name == "report"]
    return flow


async def test_a_report_refused_for_the_hours_limit_still_waits_after_a_restart(repo):
    """Refused at 提交 for the hour's limit she is told 您填写的内容会一直保留到那时; the
    bot was restarted meanwhile (steward run over the same data) and her report ended 15
    minutes after the restart, told 操作超时, her words kept to be sent again but her
    photo gone (found by walk28). Now it waits as told across the restart, and 提交
    pressed later sends it, photo included."""
    import time

    confirmed_resident(repo, 7001, HOME, 101)
    settings = Settings(token="1:T", data_dir=repo.store.root, persistence=True,
                        rate_limit_per_hour=1)
    async with BotHarness(repo, settings=settings) as bot:
        refused = await _refused_at_submit(bot)
    assert refused[-1].text == LIMITED + "\n" + HELD
    async with BotHarness(repo, settings=settings) as bot:  # restarted
        flow = _report_flow(bot)
        now = time.monotonic()
        assert await flow.end_idle(bot.app, now=now) == 0  # first found by a sweep
        assert await flow.end_idle(bot.app, now=now + 20 * 60) == 0
        assert not any("一阵子没有回复" in text for text in bot.texts_to(7001))
        the_hour_is_over(bot.app, 7001)  # kept across the restart: it must pass
        stored = await bot.press(7001, "rep:ok")
    assert "#" in stored[-1].text
    [issue] = _issues(repo)
    assert issue.data["text"] == "1号楼门口的路灯坏了，晚上很黑" and len(issue.data["photos"]) == 1
    assert "flow_held" not in repo.store.get("bot/state", "users", 7001)["data"]


async def test_a_report_held_for_the_hours_limit_and_edited_after_a_restart_still_waits(repo):
    """Restarted while her report waited (told 您填写的内容会一直保留到那时), she pressed 修改
    and changed her description: the flow then waited only 15 minutes from that step."""
    import time

    confirmed_resident(repo, 7001, HOME, 101)
    settings = Settings(token="1:T", data_dir=repo.store.root, persistence=True,
                        rate_limit_per_hour=1)
    async with BotHarness(repo, settings=settings) as bot:
        await _refused_at_submit(bot)
    async with BotHarness(repo, settings=settings) as bot:  # restarted; no sweep yet
        calls = await bot.press(7001, "rep:edit")
        await bot.press(7001, _data(calls, "描述"))
        calls = await bot.send(7001, "2号路灯整晚不亮")
        assert "请核对" in calls[-1].text
        flow = _report_flow(bot)
        assert await flow.end_idle(bot.app, now=time.monotonic() + 20 * 60) == 0
        assert await flow.end_idle(bot.app, now=time.monotonic() + 80 * 60) == 1


async def test_a_report_held_for_the_hours_limit_ends_when_told_after_a_restart(
        repo, monkeypatch):
    """The hold across a restart is the one she was told, by the clock: restarted 50
    minutes after the refusal (told 60), the report waits 25 minutes more, not 75."""
    import time
    import types

    from bot import conversation

    confirmed_resident(repo, 7001, HOME, 101)
    settings = Settings(token="1:T", data_dir=repo.store.root, persistence=True,
                        rate_limit_per_hour=1)
    async with BotHarness(repo, settings=settings) as bot:
        await _refused_at_submit(bot)
    later = types.SimpleNamespace(monotonic=time.monotonic, time=lambda: time.time() + 50 * 60)
    monkeypatch.setattr(conversation, "time", later)
    async with BotHarness(repo, settings=settings) as bot:  # restarted 50 minutes on
        flow = _report_flow(bot)
        now = time.monotonic()
        assert await flow.end_idle(bot.app, now=now) == 0
        assert await flow.end_idle(bot.app, now=now + 24 * 60) == 0
        assert await flow.end_idle(bot.app, now=now + 26 * 60) == 1
        assert "您有一阵子没有回复" in bot.texts_to(7001)[-1]
    assert "flow_held" not in repo.store.get("bot/state", "users", 7001)["data"]


def test_the_wait_told_is_until_the_oldest_counted_submission_is_an_hour_old():
    from bot.ratelimit import RateLimiter

    now = [0.0]
    limiter = RateLimiter(2, clock=lambda: now[0])
    assert limiter.hit(1) and limiter.wait(1) == 0.0
    now[0] = 600.0
    assert limiter.hit(1) and not limiter.hit(1)
    now[0] = 900.0
    assert limiter.wait(1) == 2700.0  # the first, at 0, leaves the hour at 3600
    assert limiter.wait(1, limit=10) == 0.0  # a volunteer's larger limit: not refused
    now[0] = 3600.0
    assert limiter.wait(1) == 0.0 and limiter.hit(1)


async def test_english_speakers_get_the_flow_in_english(repo):
    person = confirmed_resident(repo, 7001, HOME, 101)
    repo.set_language(person, "en")
    async with BotHarness(repo) as bot:
        calls = await bot.send(7001, "/report")
    labels = [t for t, _ in calls[-1].buttons()]
    assert "Street lights" in labels and "What kind of problem" in calls[-1].text


async def test_a_report_draft_survives_a_restart_of_the_bot(repo):
    confirmed_resident(repo, 7001, HOME, 101)
    settings = Settings(token="1:T", data_dir=repo.store.root, persistence=True)
    async with BotHarness(repo, settings=settings) as bot:
        await _to_photos(bot, text="路灯坏了好几天")
    saved = repo.store.get("bot/state", "users", 7001)  # in the store, as JSON
    assert saved["data"]["flow:report"]["text"] == "路灯坏了好几天"
    async with BotHarness(repo, settings=settings) as bot:  # a new process, same data
        calls = await bot.press(7001, "rep:photos")
        assert "在哪里" in calls[-1].text
        await bot.press(7001, "rep:pn")
        await bot.press(7001, "rep:ok")
    [issue] = _issues(repo)
    assert issue.data["text"] == "路灯坏了好几天"


async def test_words_written_on_a_later_photo_go_on_the_description(repo):
    confirmed_resident(repo, 7001, HOME, 101)
    async with BotHarness(repo) as bot:
        await _to_photos(bot)
        calls = await bot.send_photo(7001, jpeg_bytes((64, 48)), caption="这是晚上拍的")
        assert "已加在描述后面：这是晚上拍的" in calls[-1].text and "第 1 张" in calls[-1].text
        calls = await bot.send_photo(7001, jpeg_bytes((80, 60)), caption="这是晚上拍的")
        assert "描述" not in calls[-1].text  # the same words again are not added twice
        calls = await bot.send_photo(7001, jpeg_bytes((96, 72)), caption="长" * 2000)
        assert "没有加进描述" in calls[-1].text and "第 3 张" in calls[-1].text
        await bot.press(7001, "rep:photos")
        await bot.press(7001, "rep:pn")
        await bot.press(7001, "rep:ok")
    [issue] = _issues(repo)
    assert issue.data["text"].endswith("\n这是晚上拍的") and len(issue.data["photos"]) == 3


async def test_the_unit_step_goes_back_to_the_buildings_or_cancels(repo):
    """A building pressed by mistake: its units had only 整栋楼 under them, no way back
    but /cancel (found trying the bot as a resident)."""
    confirmed_resident(repo, 7001, HOME, 101)
    async with BotHarness(repo) as bot:
        await _to_photos(bot)
        calls = await bot.press(7001, "rep:photos")
        building = _data(calls, "东小区 1号楼")
        calls = await bot.press(7001, building)
        labels_ = [text for text, _ in calls[-1].buttons()]
        assert "⬅️ 上一步" in labels_ and "取消" in labels_
        calls = await bot.press(7001, _data(calls, "上一步"))
        assert "在哪里" in calls[-1].text and _data(calls, "东小区 1号楼") == building
        calls = await bot.press(7001, building)
        assert _data(calls, "1单元")
        calls = await bot.press(7001, _data(calls, "取消"))
        assert "取消" in calls[-1].text
        calls = await bot.send(7001, "/report")
        assert "是什么问题" in calls[-1].text  # nothing kept to take up (继续填写)
    assert _issues(repo) == []


async def test_mine_lists_the_open_reports_the_resident_said_me_too_to(repo):
    """我的, pressed right after "me too", said she had sent nothing still open: the
    report she joined was nowhere (found trying the bot as a resident)."""
    confirmed_resident(repo, 7001, HOME, 101)
    existing = await _approved_issue(repo)
    async with BotHarness(repo) as bot:
        before = await bot.send(7001, "/mine")
        calls = await _to_photos(bot, text="路灯不亮，晚上太黑了")
        await bot.press(7001, _data(calls, "我也遇到"))
        after = await bot.send(7001, "/mine")
        repo.issue_step(existing.id, pid(repo, 101), "resolved", "灯已修好")
        resolved = await bot.send(7001, "/mine")
    assert "我也遇到" not in before[-1].text
    assert "您点过“我也遇到”" in after[-1].text
    assert f"#{existing.id}（已受理，2 户反映）：路灯不亮了，晚上很黑" in after[-1].text
    assert f"#{existing.id}" not in resolved[-1].text  # no longer open


async def test_mine_says_a_rejected_reports_reason_once(repo):
    """我的 said a rejected report's reason twice: 原因：… and 最新进展（…）：… with the
    same words (found walking the bot as an elderly resident)."""
    author = confirmed_resident(repo, 7001, HOME, 101)
    issue = repo.submit(author, Kind.ISSUE, "east", {"category": "lighting",
                                                     "text": "门口路灯不亮"})
    repo.reject(issue.id, pid(repo, 101), "这盏灯归供电局管，已帮您转给供电局")
    async with BotHarness(repo) as bot:
        calls = await bot.send(7001, "/mine")
    mine = calls[-1].text
    assert "原因：这盏灯归供电局管" in mine and mine.count("这盏灯归供电局管") == 1


async def test_the_building_typed_at_where_is_it_is_taken_as_pressed(repo):
    """3号楼2单元 typed at "在哪里？" was answered "请点上面的按钮选择楼栋" (found trying the
    bot as a resident); a building of the area typed is taken, with its unit; words that
    name none get the buttons again right below."""
    confirmed_resident(repo, 7001, HOME, 101)
    async with BotHarness(repo) as bot:
        await _to_photos(bot)
        await bot.press(7001, "rep:photos")
        vague = await bot.send(7001, "就在门口")
        other = await bot.send(7001, "5号楼")  # no such building in the area
        typed = await bot.send(7001, "1号楼1单元门口")
        await bot.press(7001, "rep:ok")
    for calls in (vague, other):
        assert "是哪一栋楼" in calls[0].text and "在哪里" in calls[-1].text
        assert _data(calls, "东小区 1号楼") == "rep:pb:0:0"
    assert "请核对" in typed[-1].text and "位置：东小区 1号楼 1单元" in typed[-1].text
    # words about the place that name no building are not lost: the description's end
    assert "您写的话已加在描述后面：就在门口" in vague[0].text
    [issue] = _issues(repo)
    assert issue.data["place"] == "东小区 1号楼 1单元" and issue.data["unit"] == "1"
    assert issue.data["text"] == "1号楼门口的路灯坏了，晚上很黑\n就在门口\n5号楼"


async def test_the_summary_after_not_about_one_building_says_no_building_was_chosen(repo):
    """She pressed 不属于某一栋楼 and her summary said 位置：未填写, as if she had missed a
    step (found by the volunteers' walk)."""
    confirmed_resident(repo, 7001, HOME, 101)
    async with BotHarness(repo) as bot:
        await _to_photos(bot)
        await bot.press(7001, "rep:photos")
        calls = await bot.press(7001, "rep:pn")
    assert "位置：没有选楼栋" in calls[-1].text and "未填写" not in calls[-1].text


async def test_dont_know_typed_at_where_is_it_goes_on_without_a_building(repo):
    confirmed_resident(repo, 7001, HOME, 101)
    async with BotHarness(repo) as bot:
        await _to_photos(bot)
        await bot.press(7001, "rep:photos")
        calls = await bot.send(7001, "不知道")
    assert "请核对" in calls[-1].text and "位置：没有选楼栋" in calls[-1].text


async def test_a_location_pin_sent_at_where_is_it_is_said_not_kept(repo):
    """A location pin sent to 在哪里？ got only 请点上面的按钮选择楼栋: she took it that the
    pin had answered. Now she is told it was not kept, and to press the building."""
    confirmed_resident(repo, 7001, HOME, 101)
    async with BotHarness(repo) as bot:
        await _to_photos(bot)
        await bot.press(7001, "rep:photos")
        calls = await bot.send_raw(7001, location={"latitude": 37.14, "longitude": 111.78})
        assert calls[-1].text.startswith("您发的位置没有保存") and "楼栋" in calls[-1].text
        calls = await bot.send(7001, "不知道")
    assert "请核对" in calls[-1].text and "位置：没有选楼栋" in calls[-1].text


async def test_the_photo_buttons_words_typed_go_on_and_other_words_join_the_description(repo):
    """没有照片 or 完成 typed at the photos step got "请发送照片，或点上面的“完成/继续”",
    and 在三楼 typed there was lost (found trying the bot as a resident): the buttons'
    words go on as the buttons do; other words go on the description's end, as a
    photo's caption does."""
    confirmed_resident(repo, 7001, HOME, 101)
    async with BotHarness(repo) as bot:
        await _to_photos(bot, text="楼道灯不亮了")
        more = await bot.send(7001, "在三楼")
        place = await bot.send(7001, "没有照片")
        await bot.press(7001, "rep:pn")
        calls = await bot.press(7001, "rep:edit")
        await bot.press(7001, _data(calls, "照片"))
        await bot.send_photo(7001)
        summary = await bot.send(7001, "完成")
        await bot.press(7001, "rep:ok")
    assert "您写的话已加在描述后面：在三楼" in more[0].text and "照片" in more[-1].text
    assert "在哪里" in place[-1].text
    assert "请核对" in summary[-1].text and "照片：1 张" in summary[-1].text
    [issue] = _issues(repo)
    assert issue.data["text"] == "楼道灯不亮了\n在三楼" and len(issue.data["photos"]) == 1


async def test_emoji_alone_typed_at_the_photos_or_place_step_are_not_added_to_the_description(
        repo):
    """👍 typed at the photos step (and 😀🙏 at 在哪里？) went on the description's end,
    您写的话已加在描述后面：👍, and to the volunteers as 楼道灯不亮了 👍 😀🙏. Now they are
    said not added and the step is asked again; words still join the description."""
    confirmed_resident(repo, 7001, HOME, 101)
    async with BotHarness(repo) as bot:
        await _to_photos(bot, text="楼道灯不亮了")
        calls = await bot.send(7001, "👍")
        assert calls[0].text == "只有表情或符号，没有加在描述后面。" and "照片" in calls[-1].text
        await bot.press(7001, "rep:photos")
        calls = await bot.send(7001, "😀🙏")
        assert calls[0].text.startswith("只有表情或符号，没有加在描述后面。")
        assert "在哪里" in calls[-1].text
        await bot.send(7001, "就在大门口")
        await bot.press(7001, "rep:pn")
        await bot.press(7001, "rep:ok")
    [issue] = _issues(repo)
    assert issue.data["text"] == "楼道灯不亮了\n就在大门口"


async def test_mine_in_english_counts_the_neighbours_who_said_me_too_in_english(repo):
    """'1 more households reported it too.' read the author of a report in English."""
    confirmed_resident(repo, 7001, HOME, 101)
    existing = await _approved_issue(repo)  # by 7002
    repo.me_too(existing.id, pid(repo, 7001))
    async with BotHarness(repo) as bot:
        await bot.send(7002, "/language")
        await bot.press(7002, "lang:en")
        calls = await bot.send(7002, "/mine")
    assert "Other households that reported it too: 1." in calls[-1].text


async def test_something_else_sent_at_the_photos_step_gets_its_button_again_below(repo):
    """A pin sent at 照片 (walked as a resident) read 请发送照片，或点上面的“完成/继续”: no
    button says that (hers says 没有照片，继续, or 完成 once a photo came), and above is
    where she must scroll to. Now the button the step has comes under the answer."""
    confirmed_resident(repo, 7001, HOME, 101)
    async with BotHarness(repo) as bot:
        await _to_photos(bot)
        pin = await bot.send_raw(7001, location={"latitude": 37.14, "longitude": 111.78})
        await bot.send_photo(7001, jpeg_bytes())
        sticker = await bot.send_raw(7001, sticker={
            "file_id": "s1", "file_unique_id": "s1", "width": 512, "height": 512,
            "is_animated": False, "is_video": False, "type": "regular"})
    assert "完成/继续" not in pin[-1].text and "没有保存" in pin[-1].text
    assert [label for label, _ in pin[-1].buttons()] == ["没有照片，继续", "⬅️ 上一步", "取消"]
    assert [label for label, _ in sticker[-1].buttons()] == ["完成", "⬅️ 上一步", "取消"]


async def test_a_video_sent_at_the_photos_step_is_said_a_video_not_kept(repo):
    """A video of the leak sent at 照片 read 这个文件没有保存：这一步不收文件。: she had sent
    no file. Now the video is named, and a document still is a file."""
    confirmed_resident(repo, 7001, HOME, 101)
    async with BotHarness(repo) as bot:
        await _to_photos(bot)
        video = await bot.send_raw(7001, video={"file_id": "v1", "file_unique_id": "uv1",
                                                "width": 640, "height": 480, "duration": 5})
        note = await bot.send_raw(7001, video_note={"file_id": "n1", "file_unique_id": "un1",
                                                    "length": 240, "duration": 5})
        pdf = await bot.send_document(7001, b"%PDF-1.4", mime_type="application/pdf",
                                      file_name="a.pdf")
    for calls in (video, note):
        assert calls[-1].text.startswith("这段视频没有保存：这一步不收视频。\n")
        assert [label for label, _ in calls[-1].buttons()] == ["没有照片，继续", "⬅️ 上一步", "取消"]
    assert pdf[-1].text.startswith("这个文件没有保存：这一步不收文件。\n")


async def test_something_else_sent_at_the_receipt_step_gets_its_button_again_below(repo):
    """The same at 缴费登记's receipt: 请以照片方式发送收据，或点按钮继续, the button far up."""
    confirmed_resident(repo, 7001, HOME, 101)
    async with BotHarness(repo) as bot:
        await bot.send(7001, "/pay")
        await bot.press(7001, "pay:fee:property")
        await bot.press(7001, "pay:per:2025-01")
        await bot.send(7001, "120")
        pin = await bot.send_raw(7001, location={"latitude": 37.14, "longitude": 111.78})
    assert "没有保存" in pin[-1].text and "下面的按钮" in pin[-1].text, pin[-1].text
    assert [label for label, _ in pin[-1].buttons()] == ["没有收据，继续", "⬅️ 上一步", "取消"]


async def test_the_hours_limit_holds_across_a_restart(repo):
    """The hour's count was kept in memory only: a flood of reports went on after each
    restart of the bot (or each start of a crash loop), 20 more each time. Now what she
    sent in the hour is saved with her data; after a restart the next report is refused
    with the minutes left, and an hour after her first it goes again."""
    import time

    from bot.ratelimit import SENT

    confirmed_resident(repo, 7001, HOME, 101)
    settings = Settings(token="1:T", data_dir=repo.store.root, persistence=True,
                        rate_limit_per_hour=2)
    async with BotHarness(repo, settings=settings) as bot:
        for _ in range(2):
            await _to_photos(bot)
            await bot.press(7001, "rep:photos")
            await bot.press(7001, "rep:pn")
            await bot.press(7001, "rep:ok")
    assert len(_issues(repo)) == 2
    async with BotHarness(repo, settings=settings) as bot:  # restarted
        refused = await bot.send(7001, "/report")
        assert refused[-1].text == LIMITED
        sent = bot.app.user_data[7001][SENT]
        assert len(sent) == 2 and all(time.time() - 60 < at <= time.time() for at in sent)
    async with BotHarness(repo, settings=settings) as bot:  # an hour after, restarted again
        bot.app.user_data[7001][SENT] = [at - 3600 for at in sent]
        await _to_photos(bot)
        await bot.press(7001, "rep:photos")
        await bot.press(7001, "rep:pn")
        await bot.press(7001, "rep:ok")
    assert len(_issues(repo)) == 3
