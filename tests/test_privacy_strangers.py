"""Names on the public site that the store's list of names missed (``db.redact.NameMask``,
``db.full_names``).

The site masked the names of registered people as they were kept, and nothing else:

* a name Telegram gave with more than letters (钱伟🌸) was looked for as given, so
  "钱伟来了" was published as typed;
* a known name at the start of a longer one was masked alone (张建 registered: "张建成来了"
  became "[姓名已隐藏]成来了", showing the rest of 张建成's name);
* the full name of someone nobody registered (a neighbour, a contractor, the property
  company's manager: "3楼的王建国老人", "物业经理李红梅说") was published as typed, though
  publishing a name needs that person's consent (PIPL art. 25).

Now the site's mask masks all three, and keeps the ordinary words that start with a
surname's character (王府井, 张贴, 李子树, 3万平方米).
"""

from __future__ import annotations

import json

from conftest import confirmed_resident, pid
from heads_support import money, street_with_history

from db.entries import Kind
from db.full_names import full_name_spans, full_names
from db.redact import NAME_MASK, NameMask
from site_builder.collect import collect
from site_builder.collect_base import mask_state, masks_alike, words_heard
from site_builder.exports import open311_requests
from site_builder.render import render

ORDINARY = ("王府井附近的李子树被风刮倒了", "楼下张贴的小广告太多了", "小区占地3万平方米",
            "金华路口的垃圾桶满了", "高明的办法", "周末有人烧烤", "钱花在哪里了",
            "向大家汇报本月收支", "常年失修的屋顶漏水", "大楼终于建成了", "全国民众",
            "华联超市门口乱停车", "宋体字太小", "江边的步道修好了", "黄海边上")


def test_a_registered_name_given_with_more_than_letters_is_masked_where_it_stands():
    for kept in ("钱伟🌸", "钱伟(3号楼)", "钱伟-盐业"):
        mask = NameMask.of([{"name": kept}])
        assert mask("钱伟来了") == f"{NAME_MASK}来了", kept
        assert mask("盐业小区3号楼") == "盐业小区3号楼", kept  # not the rest of what she gave


def test_a_known_name_at_the_start_of_a_longer_full_name_is_masked_with_all_of_it():
    mask = NameMask.of([{"name": "张建"}], strangers=True)
    assert mask("张建成来了") == f"{NAME_MASK}来了"
    assert mask("张建来了") == f"{NAME_MASK}来了"


def test_a_name_spaced_out_is_masked_as_a_name():
    """王 秀兰 (as a phone's keyboard leaves it, or to get past a filter) was published
    as typed: the mask looked for 王秀兰 only."""
    mask = NameMask.of([{"name": "王秀兰"}], strangers=True)
    assert mask("王 秀兰家漏水") == f"{NAME_MASK}家漏水"
    assert mask("王\u3000秀 兰说的") == f"{NAME_MASK}说的"
    assert mask("王\u200b秀兰家，王秀\n兰家") == f"{NAME_MASK}家，{NAME_MASK}家"
    assert mask("3楼的王 建国老人") == f"3楼的{NAME_MASK}老人"
    assert mask("路灯 坏了 张贴 广告，建国 路") == "路灯 坏了 张贴 广告，建国 路"
    assert masks_alike(words_heard(["王 秀兰家漏水"]), mask_state((NameMask([]), frozenset())),
                       mask_state((NameMask(["王秀兰"]), frozenset()))) is False


def test_full_names_of_people_nobody_registered_are_found_where_residents_write_them():
    for text, names in (("3楼的王建国老人摔倒了", ["王建国"]),
                        ("物业经理李红梅说下周修", ["李红梅"]),
                        ("钱伟来了", ["钱伟"]), ("张建成来了", ["张建成"]),
                        ("李国民说水管坏了", ["李国民"]), ("马建国大爷需要帮助", ["马建国"]),
                        ("黄海涛家装修太吵", ["黄海涛"]), ("302的刘秀英阿姨家漏水", ["刘秀英"])):
        assert full_names(text) == names, text
    for text in ORDINARY:
        assert full_names(text) == [], text
    for text in ("委员张冠雄表示", "居民姚茂武说"):  # a title, then what she said
        assert full_names(text) == [text[2:5]], text
    for text in ("居民都在说", "居民齐声说", "业主方代表说", "居民高兴地说"):
        assert full_names(text) == [], text


def test_the_site_mask_hides_strangers_and_keeps_ordinary_words():
    mask = NameMask.of([{"name": "罗小燕"}], strangers=True)
    assert mask("3楼的王建国老人摔倒了，罗小燕报的") == \
        f"3楼的{NAME_MASK}老人摔倒了，{NAME_MASK}报的"
    assert mask("物业经理李红梅说明天修") == f"物业经理{NAME_MASK}说明天修"
    for text in ORDINARY:
        assert mask(text) == text
    plain = NameMask.of([{"name": "罗小燕"}])  # the ledger's check: registered names only
    assert plain("3楼的王建国老人") == "3楼的王建国老人"


def test_a_full_name_written_in_pinyin_is_masked_and_english_words_are_kept():
    mask = NameMask.of([], strangers=True)
    for typed in ("Zhang Jianguo来修的", "找ZHANG Jianguo", "Ouyang Xiu说", "李师傅叫Li Ming"):
        assert NAME_MASK in mask(typed) and "Jianguo" not in mask(typed), typed
        assert "Ming" not in mask(typed) and "Xiu" not in mask(typed), typed
    for kept in ("Hong Kong", "Li Ning Sports Co.", "Wang Street", "He can help",
                 "Xiao Yi", "LED Li", "Steward v2 Long Term"):
        assert mask(kept) == kept, kept


def test_a_pinyin_name_in_lower_case_is_masked_where_it_stands_alone():
    """"zhang wei" and "wangjianguo 13812345678" were published as typed, where "Zhang Wei"
    was masked: a phone's keyboard types lower case. A lower-case name is taken where it
    is the whole of a run of Latin words (between Chinese, digits, marks or the text's
    ends), its given name real pinyin; run together (wangjianguo), only beside a phone or
    ID number or its mask. Lower-case English, pinyin words and ids are kept."""
    mask = NameMask.of([], strangers=True)
    for typed in ("找zhang wei修的", "zhang wei", "电工 wang jian guo 说明天来",
                  "wangjianguo 13812345678", "联系人：zhangxiuying，[电话已隐藏]",
                  "liu dehua来过"):
        masked = mask(typed)
        assert NAME_MASK in masked and not any(w in masked for w in (
            "wei", "jian", "xiuying", "dehua")), (typed, masked)
    for kept in ("he ran to the shop", "i met zhang wei today", "yuan", "120 yuan",
                 "wangjianguo", "user7000001", "zhang_wei88@qq.com", "taobao 13812345678",
                 "xiao yi", "wifi密码是 huang1234", "xiaoqu里的路灯", "ma shang来", "human",
                 "mature 2025", "tianmao 4008123123"):
        assert mask(kept) == kept, kept


# Sentences of the newspaper article the project started from (its reporters' and
# officials' names, and ordinary words around surnames' characters: 高, 成, 管, 安).
ARTICLE = (
    "□ 文/张丽妍 图/武斌",
    "小区环境脏乱差、基础设施老化、“无人管”“管不好”……老旧小区的管理是基层治理中的一大难题。",
    "“靠社区、街道一次次整治,只能是治标不治本,让大家都行动起来就是根本。”迎宾南社区党委书记、"
    "居委会主任高旺芝说。",
    "“小区党支部定期开展小区管理‘会诊’,提出整治提升项目,再由各单元的党小组组长入户收集意见、"
    "签字。”小区党支部委员张冠雄表示,他们会把所有的收费内容和花费均在业主群和宣传栏进行公示。",
    "今年城建小区维修了污水管道、实施了路面硬化、安装了楼宇门、施划了停车位,小区环境有了翻天覆地的变化。",
    "“社区托管兜底管理只是目前暂时性的管理方法。”府东社区党委书记、居委会主任刘廷宏告诉笔者。",
)


def test_the_article_reads_only_its_people_as_names():
    found = [text[a:b] for text in ARTICLE for a, b in full_name_spans(text, None)]
    assert found == ["张丽妍", "武斌", "高旺芝", "张冠雄", "刘廷宏"]


def test_names_nobody_registered_are_masked_on_every_page_and_download(tmp_path):
    repo, clock = street_with_history(tmp_path / "data")
    clock.at(4, 10)
    volunteer = pid(repo, 101)
    repo.ensure_person(5001, name="钱伟🌸")
    repo.ensure_person(5002, name="张建")
    resident = confirmed_resident(repo, 5001, "c1/1/1/101", 101)
    texts = ("钱伟来了看过", "张建成来了", "3楼的王建国老人摔倒了", "物业经理李红梅说明天修")
    for text in texts:
        issue = repo.submit(resident, Kind.ISSUE, "east", {"category": "lighting", "text": text})
        repo.approve(issue.id, volunteer)
    repo.issue_step(issue.id, volunteer, "in_progress", "已联系电工孙红霞师傅")
    money(repo, "east", 300)
    with repo.store.lock:
        data = collect(repo)
        files = render(data)
    repo.close()
    east = next(a for a in data["areas"] if a["id"] == "east")
    files["open311"] = json.dumps(open311_requests(east, ""), ensure_ascii=False).encode()
    for path, body in files.items():
        text = body.decode("utf-8", "replace")
        for name in ("钱伟", "张建", "成来了", "王建国", "李红梅", "孙红霞"):
            assert name not in text, (path, name)
    issues = files["areas/east/issues.md"].decode()
    assert f"3楼的{NAME_MASK}老人摔倒了" in issues and f"物业经理{NAME_MASK}说明天修" in issues
    assert f"{NAME_MASK}来了" in files["open311"].decode()
