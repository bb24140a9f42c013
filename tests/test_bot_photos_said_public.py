"""A report's photos are published as they are once a volunteer approves it. The resident
agreed to publish her own report (PIPL art. 25), not the neighbour whose face, door
number or car is in her picture, and neither she nor the approver was told to look: the
photo step said only 照片能帮助志愿者了解情况, the approver's post only 照片见上：1 张.
Now the photo step asks her to photograph the problem itself, and the post with the
buttons says that approving publishes the photos, and to reject one that shows a face,
a door number, a plate or a paper with a name."""

from __future__ import annotations

from bot_harness import BotHarness
from conftest import confirmed_resident, pid

from bot.offline import jpeg_bytes

HOME = "c1/1/1/101"
GROUP = -700
PUBLISHED = "通过后照片会公开在网站上"


async def test_the_photo_step_says_photos_are_published_and_what_not_to_photograph(repo):
    confirmed_resident(repo, 7001, HOME, 101)
    async with BotHarness(repo) as bot:
        await bot.send(7001, "/report")
        await bot.press(7001, "rep:cat:lighting")
        asked = await bot.send(7001, "路灯坏了三天了")
    said = " ".join(c.text for c in asked if c.chat_id == 7001 and c.text)
    assert "会和报事一起公开" in said and "不要拍到人脸、门牌号和车牌" in said, said


async def test_an_approvers_post_says_approving_publishes_the_photos(repo):
    confirmed_resident(repo, 7001, HOME, 101)
    repo.link_group(pid(repo, 101), "east", GROUP)
    async with BotHarness(repo) as bot:
        await bot.send(7001, "/report")
        await bot.press(7001, "rep:cat:lighting")
        await bot.send(7001, "路灯坏了三天了")
        await bot.send_photo(7001, jpeg_bytes((60, 40), label="1"))
        await bot.press(7001, "rep:photos")
        await bot.press(7001, "rep:pn")
        calls = await bot.press(7001, "rep:ok")
        for chat in (101, 102, GROUP):
            [post] = [c for c in calls if c.chat_id == chat and c.method == "sendMessage"]
            assert "照片见上：1 张" in post.text and PUBLISHED in post.text, post.text
            assert "人脸" in post.text and "请驳回" in post.text, post.text
        # without a photo nothing is said of photos
        await bot.send(7001, "/report")
        await bot.press(7001, "rep:cat:lighting")
        await bot.send(7001, "楼道灯也坏了")
        await bot.press(7001, "rep:photos")
        await bot.press(7001, "rep:pn")
        calls = await bot.press(7001, "rep:ok")
    [post] = [c for c in calls if c.chat_id == 101 and c.method == "sendMessage"]
    assert "楼道灯也坏了" in post.text and PUBLISHED not in post.text, post.text
