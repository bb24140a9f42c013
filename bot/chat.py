"""``steward chat``: talk to the real bot handlers in a terminal, no Telegram needed.

For trying the bot and for training volunteers: the same Application as
production (``bot.app.build_application``) over the offline Bot API of
``bot.offline``, against a data folder of your choice (use a copy, or the
demo's ``demo-data``: what you do is stored like any other entry).

What you type:

* text or a command (``/start``, ``/report``, ``报事``, ``120``...) is sent as a
  message: a number typed is text (an amount, a year), as on a phone;
* ``#`` and a number (``#2``) presses the inline button shown as ``[#2]``;
* ``/photo PATH [caption]``, or a path to an image file alone, sends a photo
  (a caption starting with a command, e.g. ``/photo fixed.jpg /resolve 12 修好了``,
  works as in Telegram);
* ``/voice``, ``/sticker``, ``/location``, ``/file PATH`` send what a phone sends
  besides text and photos (a voice message, a sticker, a location pin, a file), to
  see what the bot says of them where it expects none;
* ``/as SPEC`` switches to another person (and shows what the bot sent them
  meanwhile, with its buttons), ``/who`` says who you are, ``/quit`` (or
  Ctrl-D) ends the chat.

The bot's messages to you are printed in full, with the buttons numbered and
the reply keyboard (the main menu) listed; messages it sends to other people
(volunteers being told of a new report, say) are shown as one short line.

The chat does not rebuild the public site: ``/publish`` says so (and how to
build it), unless the chat was started with ``build=True``
(``steward chat --build``), when it builds it as the bot would. After the first
line that changed what the site shows (an approval the bot calls 公示) since the
site was last built, one line of the chat says that the site was not rebuilt and how
to build it (``SITE_NOT_BUILT``): the bot's own words stay the real bot's.
"""

from __future__ import annotations

import asyncio
import mimetypes
import re
import shlex
from collections.abc import Callable
from pathlib import Path
from typing import Any, NamedTuple

from db.errors import DomainError
from db.repository import Repository

from .offline import Call, OfflineBot
from .publisher import NO_SITE_KEY, publisher_of
from .settings import Settings

__all__ = ["AS_HELP", "AS_HELP_ZH", "Who", "opening", "resolve_as", "ChatSession", "run_chat"]

AS_HELP = (
    "Who you are in the chat: 'admin' (the street's first admin); "
    "'volunteer:<area>' (the first volunteer of that area) or 'volunteer:<telegram id>'; "
    "'resident:<household id>' (a resident registered there, e.g. "
    "resident:yanye/1/1/101, or a new unregistered person who can /start); "
    "or a bare Telegram id, e.g. 7000001. Default: a new person (7100001)."
)
AS_HELP_ZH = (
    "对话里你是谁：admin（街道的第一位管理员）；volunteer:区域（这个区域的第一位志愿者）或 "
    "volunteer:Telegram编号；resident:住户编号（登记在那一户的居民，例如 "
    "resident:yanye/1/1/101，没有人登记时是一个可以发 /start 的新来的人）；或者只写 "
    "Telegram 编号，例如 7000001。不写时是一个新来的人（7100001）。"
)
NEW_PERSON = 7100001
BUTTON = re.compile(r"#\d{1,3}")  # "#2" presses the button shown as [#2]
# The bot tells an author 已审核通过并公示 (the real bot rebuilds the site minutes at most
# after an approval); the chat builds it only at /publish with --build (True: not at all).
SITE_NOT_BUILT = {
    True: "（公开网站没有重建：这里的改动（消息里说已“公示”的内容、公开账目）要等网站重建后才会出现"
          "在网站上，steward chat 不重建网站：运行 steward build --data {data}，或用 --build 启动"
          "对话再发 /publish。真正的机器人通常几分钟内自动重建。 / The public site was not "
          "rebuilt: what changed here (what the messages call public, the public accounts) "
          "shows on the site once it is built, and this chat does not build it (steward build "
          "--data {data}, or start the chat with --build and send /publish); the real bot "
          "rebuilds it, usually within minutes.）",
    False: "（公开网站没有重建：这里的改动（消息里说已“公示”的内容、公开账目）要发 /publish 重建"
           "网站后才会出现在网站上；真正的机器人通常几分钟内自动重建。 / The public site was not "
           "rebuilt: what changed here (what the messages call public, the public accounts) "
           "shows on the site once /publish builds it; the real bot rebuilds it, usually "
           "within minutes.）"}


IMAGE_SUFFIXES = {".jpg", ".jpeg", ".png", ".webp"}


class Who(NamedTuple):
    """Who the chat's person is, in Chinese and in English; as text, both (``中文 / English``,
    as the tool's other messages to its operator)."""

    zh: str
    en: str

    def __str__(self) -> str:
        return f"{self.zh} / {self.en}"


def opening(data: Path, who: Who) -> str:
    """The chat's first line: the data folder, who you are, how to go on and end."""
    return (f"Steward 对话，数据目录 {data}：你是 {who.zh}。输入 /help 看帮助，/quit 结束。 / "
            f"Steward chat on {data}: you are {who.en}. Type /help, or /quit to end.")


def resolve_as(repo: Repository, spec: str | None) -> tuple[int, Who]:
    """(telegram id, who that is) for an ``--as`` value; ValueError when it makes no sense."""
    spec = (spec or "").strip()
    if not spec:
        return NEW_PERSON, Who("一个新来的人（还没有登记：发 /start）",
                               "a new person (not registered yet: send /start)")
    if spec.isdigit():
        tid = int(spec)
        person = repo.person_by_telegram(tid)
        return tid, (_describe(repo, person) if person
                     else Who(f"{tid}（还不认识）", f"{tid} (unknown yet)"))
    kind, _, value = spec.partition(":")
    kind = kind.lower()
    if kind == "admin":
        admins = repo.people(admins=True)
        if not admins:
            raise ValueError("这个街道还没有管理员（请在街道文件的 admins: 下添加） / this street "
                             "has no admin (add one under admins: in the YAML)")
        person = admins[0]
        return int(person["telegram_id"]), _describe(repo, person)
    if kind == "volunteer":
        if value.isdigit():
            person = repo.person_by_telegram(int(value))
            if person is None or not person.get("roles"):
                raise ValueError(f"{value} 不是这个街道的志愿者 / {value} is not a volunteer "
                                 "of this street")
            return int(value), _describe(repo, person)
        try:
            repo.street.area(value)
        except KeyError:
            areas = ", ".join(a.id for a in repo.street.areas)
            named = "、".join(f"{a.id}（{a.name}）" for a in repo.street.areas)
            raise ValueError(f"没有 {value!r} 这个区域；区域有：{named} / no area {value!r}; "
                             f"areas: {areas}") from None
        people = repo.people(volunteer_of=value)
        if not people:
            raise ValueError(f"区域 {value} 还没有志愿者 / area {value} has no volunteer")
        return int(people[0]["telegram_id"]), _describe(repo, people[0])
    if kind == "resident":
        try:
            label = repo.street.household_label(value)
        except KeyError:
            raise ValueError(f"没有 {value!r} 这一户；住户编号是 小区/楼/单元/房号，例如 "
                             f"yanye/1/1/101 / no household {value!r}; a household id is "
                             "<compound>/<building>/<unit>/<room>, e.g. yanye/1/1/101") from None
        for person in repo.people(resident_of=repo_area_of(repo, value)):
            if person.get("household") == value:
                return int(person["telegram_id"]), _describe(repo, person)
        return NEW_PERSON, Who(f"一个住在 {label} 的新来的人（还没有登记：发 /start 后选这一户）",
                               f"a new person who lives in {label} (not registered yet: "
                               "send /start and choose it)")
    raise ValueError(f"看不懂 --as {spec!r}。{AS_HELP_ZH} / cannot understand --as {spec!r}. "
                     f"{AS_HELP}")


def repo_area_of(repo: Repository, household: str) -> str:
    area, *_ = repo.street.locate(household)
    return area.id


def _describe(repo: Repository, person: dict[str, Any] | None) -> Who:
    if person is None:
        return Who("不认识的人", "unknown")
    zh, en = [str(person["telegram_id"])], [str(person["telegram_id"])]
    roles = person.get("roles", [])
    if roles:
        zh.append("，".join(f"{_area_name(repo, r.get('area'))}的{r.get('title') or r.get('role')}"
                           for r in roles))
        en.append(", ".join(f"{r.get('title') or r.get('role')} of {r.get('area') or 'the street'}"
                            for r in roles))
    if person.get("household"):
        try:
            label = repo.street.household_label(person["household"])
        except KeyError:
            pass
        else:
            zh.append(f"住在 {label}")
            en.append(f"resident of {label}")
    return Who(" — ".join(zh), " — ".join(en))


def _area_name(repo: Repository, area: str | None) -> str:
    if not area:
        return "街道"
    try:
        return repo.street.area(area).name
    except KeyError:
        return area


class ChatSession:
    """One person talking to the bot; ``out`` receives every printed line."""

    def __init__(self, bot: OfflineBot, user_id: int, out: Callable[[str], None]) -> None:
        self.bot = bot
        self.user_id = user_id
        self.out = out
        self.buttons: list[tuple[str, str]] = []
        self.buttons_message: int | None = None
        self.buttons_text = ""  # the text of that message: a press carries it, as Telegram's
        self.menu: list[str] = []
        self.seen: dict[int, int] = {}  # person -> how many of the bot's calls they have seen
        # person -> the buttons (and menu) on their screen when someone else took over:
        # back to them, they press them as on their own phone, left in their hand
        self.screens: dict[int, tuple[list[tuple[str, str]], int | None, str, list[str]]] = {}
        self.told_stale = False  # SITE_NOT_BUILT said since the site was last built
        self._voices = 0  # voice messages sent: each /voice a recording of its own
        # public changes made before: at start (a vote closed at its deadline), not said
        self.changes_seen = publisher_of(bot.app).changes

    async def handle(self, line: str) -> bool:
        """One line typed by the person; False when the chat should end. After a line
        that changed what the site shows (an approval the bot calls 公示), the first
        time since the site was last built: that it was not (``SITE_NOT_BUILT``)."""
        go_on = await self._handle(line)
        publisher = publisher_of(self.bot.app)
        no_site = NO_SITE_KEY in self.bot.app.bot_data
        if publisher.changes > self.changes_seen and not self.told_stale:
            self.out(SITE_NOT_BUILT[no_site].format(data=self.bot.repo.store.root))
            self.told_stale = True
        self.changes_seen = publisher.changes
        if not no_site and not publisher.pending:  # built (/publish): said again after
            self.told_stale = False
        return go_on

    async def _handle(self, line: str) -> bool:
        line = line.strip()
        if not line:
            return True
        if line in ("/quit", "/exit", "/q"):
            return False
        if line == "/who":
            who = _describe(self.bot.repo, self._person())
            self.out(f"（你是 {who.zh} / you are {who.en}）")
            return True
        if line == "/as" or line.startswith("/as "):  # not /ask, the bot's own command
            try:
                user_id, desc = resolve_as(self.bot.repo, line[3:].strip())
            except (ValueError, DomainError) as exc:
                self.out(f"(! {exc})")
                return True
            self.screens[self.user_id] = (self.buttons, self.buttons_message,
                                          self.buttons_text, self.menu)
            self.user_id = user_id
            self.buttons, self.buttons_message, self.buttons_text, self.menu = \
                self.screens.get(user_id, ([], None, "", []))
            self.out(f"（你现在是 {desc.zh} / you are now {desc.en}）")
            # What the bot sent this person meanwhile (a volunteer asked to confirm,
            # say), with its buttons, as their phone would show it.
            waiting = [c for c in self.bot.request.calls[self.seen.get(self.user_id, 0):]
                       if c.chat_id == self.user_id]
            if waiting:
                self.out(f"（你不在时有 {len(waiting)} 条发给你的消息： / {len(waiting)} "
                         "message(s) for you while you were away:）")
                self.show(waiting)
            self.seen[self.user_id] = len(self.bot.request.calls)
            return True
        other = await self._other(line)
        if other is not None:
            self.show(other)
            return True
        if BUTTON.fullmatch(line):
            n = int(line[1:])
            if not 1 <= n <= len(self.buttons):
                self.out(f"(! 没有按钮 #{n}：请输入 #1 到 #{len(self.buttons)} / no button "
                         f"#{n}: choose #1 to #{len(self.buttons)})" if self.buttons
                         else "(! 现在没有可以按的按钮 / no buttons to press now)")
                return True
            label, data = self.buttons[n - 1]
            self.out(f"(pressed [{label}])")
            calls = await self.bot.press(self.user_id, data,
                                         message_id=self.buttons_message or 1,
                                         text=self.buttons_text or "…")
            self.show(calls)
            return True
        photo, caption = self._photo(line)
        if photo is not None:
            if not photo.is_file():
                self.out(f"(! 没有这个文件：{photo} / no file {photo})")
                return True
            calls = await self.bot.send_photo(self.user_id, photo.read_bytes(), caption=caption)
            self.show(calls)
            return True
        self.show(await self.bot.send(self.user_id, line))
        return True

    async def _other(self, line: str) -> list[Call] | None:
        """What ``/voice``, ``/sticker``, ``/location`` or ``/file PATH`` sends; None for
        any other line."""
        word, _, rest = line.partition(" ")
        uid = self.user_id
        if word == "/voice":  # /voice 25: 25 seconds long; each one a different recording
            seconds = int(rest) if rest.strip().isdigit() and len(rest.strip()) < 5 else 3
            self._voices += 1
            return await self.bot.send_voice(uid, b"OggS" + self._voices.to_bytes(4, "big") +
                                             b"\0" * 100, duration=seconds)
        if word == "/sticker":
            return await self.bot.send_raw(uid, sticker={
                "file_id": "sticker", "file_unique_id": "usticker", "width": 512,
                "height": 512, "is_animated": False, "is_video": False, "type": "regular",
                "emoji": "👍"})
        if word == "/location":
            return await self.bot.send_raw(uid, location={"latitude": 37.14,
                                                          "longitude": 111.78})
        if word == "/file":
            path = Path(rest.strip().strip("'\"")).expanduser()
            if not path.is_file():
                self.out(f"(! 没有这个文件：{path} / no file {path})")
                return []
            kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            return await self.bot.send_document(uid, path.read_bytes(), mime_type=kind,
                                                file_name=path.name)
        return None

    def _person(self) -> dict[str, Any] | None:
        return self.bot.repo.person_by_telegram(self.user_id)

    @staticmethod
    def _photo(line: str) -> tuple[Path | None, str | None]:
        if line.startswith("/photo"):
            rest = line[len("/photo"):].strip()
            if not rest:
                return Path(""), None
            try:
                first = shlex.split(rest)[0]
            except ValueError:
                first = rest.split()[0]
            caption = rest[rest.find(first) + len(first):].strip().strip("'\"").strip() or None
            return Path(first).expanduser(), caption
        candidate = line.strip("'\"")
        path = Path(candidate).expanduser()
        if path.suffix.lower() in IMAGE_SUFFIXES and " " not in candidate.strip() \
                and path.is_file():
            return path, None
        return None, None

    def show(self, calls: list[Call]) -> None:
        """Print what the bot did for this person, and one line for each other chat."""
        self.seen[self.user_id] = len(self.bot.request.calls)
        others: dict[int, int] = {}
        for call in calls:
            if call.method == "answerCallbackQuery":
                if call.params.get("text"):
                    self.out(f"  ({call.params['text']})")
                continue
            if call.chat_id != self.user_id:
                if call.text and call.chat_id is not None:
                    others[call.chat_id] = others.get(call.chat_id, 0) + 1
                    first = call.text.splitlines()[0][:60]
                    self.out(f"  ↪ to {call.chat_id}: {first}")
                continue
            if call.method == "editMessageReplyMarkup":
                # buttons taken off (a summary once 提交 stored it), as on a phone: they
                # cannot be pressed again by number
                if call.params.get("message_id") == self.buttons_message and \
                        not call.buttons() and self.buttons:
                    self.buttons = []
                    self.out("   （上面的按钮已经没有了 / the buttons above are gone）")
                continue
            if not call.text and call.method not in ("sendPhoto",):
                continue
            edited = call.method.startswith("edit")
            self.out("")
            prefix = "bot (edited)" if edited else "bot"
            if call.method == "sendPhoto":
                prefix += " [photo]"
            lines = call.text.splitlines() or [""]
            self.out(f"{prefix}: {lines[0]}")
            for extra in lines[1:]:
                self.out(f"     {extra}")
            buttons = call.buttons()
            if buttons:
                self.buttons = buttons
                self.buttons_message = call.message_id
                self.buttons_text = call.text
                for n, (label, data) in enumerate(buttons, 1):
                    link = f"  ({data})" if data.startswith("http") else ""
                    self.out(f"   [#{n}] {label}{link}")
            elif (call.has_markup and not call.keyboard()) or (
                    edited and call.params.get("message_id") == self.buttons_message):
                # an edit without buttons takes them off the message, as on a phone
                self.buttons = []
            keyboard = call.keyboard()
            if keyboard and keyboard != self.menu:
                self.menu = keyboard
                self.out("   menu: " + " | ".join(keyboard))


async def run_chat(repo: Repository, user_id: int, *, read: Callable[[], str],
                   out: Callable[[str], None], settings: Settings | None = None,
                   build: bool = False) -> None:
    """Read lines with ``read`` (EOFError ends) until /quit; print with ``out``.
    ``build``: /publish builds the site (from the working folder, as ``steward
    build`` does); otherwise it says that the chat does not."""
    settings = settings or Settings(token="0:chat", data_dir=repo.store.root,
                                    persistence=False, publish_delay=3600.0,
                                    site_url=repo.street.site_url or "")
    bot = OfflineBot(repo, settings=settings)
    if not build:  # /publish says so rather than pretend (bot.handlers.publish)
        bot.app.bot_data[NO_SITE_KEY] = str(repo.store.root)
    async with bot:
        await asyncio.sleep(0)  # what the start changed (bot.app.post_init) is heard first
        session = ChatSession(bot, user_id, out)
        while True:
            try:
                line = read()
            except (EOFError, KeyboardInterrupt):
                out("")
                break
            if not await session.handle(line):
                break
