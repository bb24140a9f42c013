"""Who plays the demo year (``bot.demo``): the residents with their fake Telegram
ids and households, the volunteers of each area from the street file, and the
numbers of paper signatures the proposals collect."""

from __future__ import annotations

__all__ = ["YEAR", "ADMIN", "EARLY", "RESIDENTS", "FAMILY", "WRONG_ROOM", "SECOND_RESIDENT", "TEAM",
           "NEW_GRID_WORKER", "GROUP", "DOORS_PAPER", "SHED_PAPER", "ROAD_PAPER", "OWNER_FLATS",
           "area_of"]

YEAR = 2025
ADMIN = 900001
EARLY = (7000021,)  # residents who register in the December before the year

# -- who ------------------------------------------------------------------------------------

# Residents: fake Telegram ids 7000xxx, a name only Telegram sees, their household.
RESIDENTS: list[tuple[int, str, str]] = [
    # 盐业小区·市药材小区 (committee)
    (7000001, "王秀兰", "yanye/1/1/101"),
    (7000002, "刘福生", "yanye/1/1/202"),
    (7000003, "陈桂芳", "yanye/1/2/301"),
    (7000004, "张建华", "yanye/1/3/402"),
    (7000005, "李淑珍", "shiyaocai/1/1/102"),
    (7000006, "赵大山", "shiyaocai/1/2/201"),
    (7000007, "孙玉梅", "shiyaocai/2/1/301"),
    (7000008, "周国强", "yanye/1/2/502"),
    # 新国土小区 (party branch)
    (7000011, "吴春花", "xinguotu/1/1/302"),
    (7000012, "郑有德", "xinguotu/2/2/101"),
    (7000013, "冯丽", "xinguotu/3/2/202"),
    (7000014, "何永平", "xinguotu/3/1/601"),
    # 城建小区 (trusteeship)
    (7000021, "马红", "chengjian/1/1/201"),
    (7000022, "高志刚", "chengjian/1/3/502"),
    (7000023, "罗小燕", "chengjian/2/2/102"),
    # 怡馨苑小区 (committee)
    (7000031, "梁文静", "yixinyuan/1/1/101"),
    (7000032, "宋建军", "yixinyuan/2/2/602"),
    (7000033, "唐美玲", "yixinyuan/1/2/401"),
]
# Asked the first time they vote on a matter the owners decide, every resident above
# answers "业主本人" (the owner) but these, who vote for an owner of their family.
FAMILY = frozenset({7000006})  # 赵大山 votes for his mother, the owner of 201
WRONG_ROOM = (7000009, "钱多多", "yanye/1/3/501")  # registers for a room that is not theirs
# 王秀兰's son registers for her household: the volunteer confirms he lives there too.
SECOND_RESIDENT = (7000010, "王小明", "yanye/1/1/101")

# Volunteers from the YAML: (maker, checker) per area.
TEAM = {
    "lvcheng-wuguan": (900201, 900202),
    "xinguotu": (900102, 900101),
    "chengjian": (900301, 900302),
    "yixinyuan": (900401, 900402),
}
NEW_GRID_WORKER = 900303  # granted a role by the admin in the demo
GROUP = -1001000201  # the volunteers' group of 盐业小区·市药材小区, linked with /linkgroup

# Paper signatures collected door to door for the two proposals.
DOORS_PAPER = 35  # 安装楼宇门: 8 online + 35 paper of 58 households: passes art. 278
SHED_PAPER = 50  # 充电棚 (a special matter): 4 online + 50 paper of 72, too few agree
ROAD_PAPER = 21  # 院内路面硬化: 3 online + 21 paper of 60, open at the year's end, short of 2/3
# 孙玉梅 owns 市药材小区 2号楼1单元 301, where she lives, and 302, which she lets: one
# owner (the street file gives both flats one owner key), one vote.
OWNER_FLATS = ("shiyaocai/2/1/301", "shiyaocai/2/1/302")


def area_of(household: str) -> str:
    """The management area of a demo household (盐业小区 and 市药材小区 are one)."""
    compound = household.split("/")[0]
    return {"yanye": "lvcheng-wuguan", "shiyaocai": "lvcheng-wuguan"}.get(compound, compound)
