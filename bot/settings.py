"""Bot settings, read from the environment (never from the repository)."""

from __future__ import annotations

import os
import re
import secrets
from dataclasses import dataclass, field
from pathlib import Path

__all__ = ["Settings"]

_SECRET = re.compile(r"[A-Za-z0-9_-]{1,256}")


def _ids(text: str) -> tuple[int, ...]:
    out = []
    for part in text.replace(";", ",").replace("，", ",").split(","):
        part = part.strip()
        if not part:
            continue
        if not part.isascii() or not part.isdigit():
            raise ValueError(
                f"ADMIN_IDS 要写 Telegram 的数字编号，多个用逗号隔开（本人向机器人发送 /whoami "
                f"就能看到），不能写 {part!r} / ADMIN_IDS takes Telegram ids, numbers "
                f"separated by commas (each person sends /whoami to the bot to see theirs), "
                f"not {part!r}")
        out.append(int(part))
    return tuple(out)


# what each number of the environment is (Chinese, English)
_NUMBERS = {"STEWARD_PUBLISH_DELAY": ("秒数", "a number of seconds"),
            "STEWARD_CONCURRENCY": ("整数", "a whole number"),
            "STEWARD_SEND_RATE": ("每秒的条数", "a number of messages a second"),
            "STEWARD_NOTICE_WINDOW": ("秒数", "a number of seconds"),
            "STEWARD_RATE_LIMIT": ("每小时的条数（整数）", "a whole number an hour")}


def _number(env: dict[str, str], name: str, kind: type[int] | type[float]) -> float:
    """The number ``env[name]`` holds; ValueError naming the variable and what it takes."""
    text = env[name].strip()
    try:
        return kind(text)
    except ValueError:
        zh, en = _NUMBERS[name]
        raise ValueError(f"{name} 应该是{zh}，例如 5，不能写 {text!r} / {name} must be "
                         f"{en}, e.g. 5, not {text!r}") from None


@dataclass(frozen=True)
class Settings:
    token: str = ""
    data_dir: Path = Path("data")
    api_base_url: str | None = None  # self-hosted Bot API server, e.g. http://127.0.0.1:8081/bot
    api_file_url: str | None = None  # e.g. http://127.0.0.1:8081/file/bot
    webhook_url: str | None = None
    webhook_secret: str | None = None
    webhook_listen: str = "127.0.0.1"
    webhook_port: int = 8443
    site_url: str = ""  # base URL of the public site; falls back to the street YAML
    admin_ids: tuple[int, ...] = ()
    # submissions per user per hour; None: the street file's rate_limit_per_hour (or 20)
    rate_limit_per_hour: int | None = None
    conversation_timeout: float = 15 * 60  # seconds before an idle flow ends
    max_photo_bytes: int = 10 * 1024 * 1024
    max_voice_bytes: int = 5 * 1024 * 1024
    publish_delay: float = 5.0  # seconds of quiet before the site is rebuilt
    project_dir: Path | None = None  # the site project (mkdocs.yml); None: the cwd
    persistence: bool = True  # keep conversations across restarts
    max_concurrent_updates: int = 32  # updates of different people handled at once
    # the bot's own messages (bot.sending): at most this many a second in all, and to
    # one chat (Telegram's limits; 0: no pacing)
    send_rate: float = 30.0
    send_rate_per_chat: float = 1.0
    # seconds from a new entry to its volunteers' posts; the entries that came meanwhile
    # go with it, several for one chat in one message (bot.notices)
    notice_window: float = 2.0
    extra: dict[str, str] = field(default_factory=dict)

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None, **overrides: object) -> Settings:
        env = dict(os.environ if env is None else env)
        values: dict[str, object] = {
            "token": env.get("TELEGRAM_BOT_TOKEN", ""),
            "data_dir": Path(env.get("STEWARD_DATA", "data")),
            "api_base_url": env.get("TELEGRAM_API_BASE_URL") or None,
            "api_file_url": env.get("TELEGRAM_API_FILE_URL") or None,
            "webhook_url": env.get("STEWARD_WEBHOOK_URL") or None,
            "webhook_secret": env.get("STEWARD_WEBHOOK_SECRET") or None,
            "site_url": env.get("STEWARD_SITE_URL", ""),
            "admin_ids": _ids(env.get("ADMIN_IDS", "")),
        }
        from site_builder.project import project_from_env

        project = project_from_env(env)  # STEWARD_PROJECT (the old _DIR name with a warning)
        if project:
            values["project_dir"] = Path(project)
        if env.get("STEWARD_PUBLISH_DELAY"):
            values["publish_delay"] = _number(env, "STEWARD_PUBLISH_DELAY", float)
        if env.get("STEWARD_CONCURRENCY"):
            values["max_concurrent_updates"] = max(1, int(_number(env, "STEWARD_CONCURRENCY",
                                                                  int)))
        if env.get("STEWARD_SEND_RATE"):
            values["send_rate"] = max(0.0, _number(env, "STEWARD_SEND_RATE", float))
        if env.get("STEWARD_NOTICE_WINDOW"):
            values["notice_window"] = max(0.0, _number(env, "STEWARD_NOTICE_WINDOW", float))
        if env.get("STEWARD_RATE_LIMIT"):
            values["rate_limit_per_hour"] = int(_number(env, "STEWARD_RATE_LIMIT", int))
        values.update({k: v for k, v in overrides.items() if v is not None})
        for key, name, ending, example in (
                ("api_base_url", "TELEGRAM_API_BASE_URL", "/bot", "http://127.0.0.1:8081/bot"),
                ("api_file_url", "TELEGRAM_API_FILE_URL", "/file/bot",
                 "http://127.0.0.1:8081/file/bot")):
            # the token is put right after it: without its ending the address was bad
            # (…:8081123456789:AA…), said as the network out of reach, the token in it
            url = str(values.get(key) or "")
            if url and not url.rstrip("/").endswith(ending):
                raise ValueError(f"{name} 应该以 {ending} 结尾，例如 {example}，不能写 {url!r} / "
                                 f"{name} must end with {ending}, e.g. {example}, not {url!r}")
            if url:
                values[key] = url.rstrip("/")
        if values.get("webhook_url"):
            # Telegram sends this secret with every webhook call and PTB answers 403 to a
            # call without it, so nobody else can post forged updates to the public URL.
            # Without one configured, a fresh random secret is set with the webhook.
            secret = values.get("webhook_secret") or secrets.token_urlsafe(32)
            if not _SECRET.fullmatch(str(secret)):
                raise ValueError("STEWARD_WEBHOOK_SECRET 只能由 1 到 256 个 A-Z、a-z、0-9、"
                                 "_ 和 - 组成 / STEWARD_WEBHOOK_SECRET must be 1-256 "
                                 "characters of A-Z, a-z, 0-9, _ and -")
            values["webhook_secret"] = secret
        return cls(**values)  # type: ignore[arg-type]
