"""The one escape function, the phone redaction and the template helpers."""

from __future__ import annotations

import html

import markdown
import pytest

from site_builder.escape import esc, redact, title_text
from site_builder.render import link, make_env


def to_html(text: str) -> str:
    return markdown.markdown(text, extensions=["attr_list", "tables"])


@pytest.mark.parametrize("hostile", [
    "<script>alert(1)</script>",
    "[x](javascript:alert(1))",
    "{: onclick=alert(1) }",
    "<img src=x onerror=alert(1)>",
    "# title",
    "---",
    "1. item",
    "> quote",
    "    code",
    "`code` *em* __strong__",
    "&lt;b&gt;",
    "{{ 7*7 }}",
])
def test_escaped_text_renders_as_the_same_text_and_no_markup(hostile):
    rendered = to_html(f"说明：{esc(hostile)}")
    assert rendered.startswith("<p>") and rendered.count("<") == 2  # just <p> and </p>
    assert html.unescape(rendered[3:-4]) == f"说明：{hostile.strip()}"


def test_escaped_text_stays_in_its_table_cell():
    table = f"| a | b |\n| --- | --- |\n| {esc('x | y')} | z |\n"
    assert to_html(table).count("<td>") == 2


def test_newlines_become_line_breaks_and_cannot_open_a_block():
    out = esc("first\n# heading\n\n---\nlast")
    assert "\n" not in out
    assert to_html(str(out)).count("<br>") == 3 and "<h1>" not in to_html(str(out))


def test_invisible_and_bidi_characters_are_dropped():
    assert esc("a\u202eb\u200bc\x00d") == "abcd"


def test_none_is_empty():
    assert esc(None) == ""


@pytest.mark.parametrize("text", ["打13812345678", "电话 138 1234 5678", "+86 13812345678",
                                  "0358-7654321"])
def test_phone_numbers_are_masked(text):
    assert "电话已隐藏" in redact(text) and "5678" not in redact(text).replace("7654321", "")


def test_long_digit_runs_that_are_not_phones_stay():
    assert redact("哈希 a13812345678b 和 2025-01-01") == "哈希 a13812345678b 和 2025-01-01"


def test_titles_keep_only_letters_digits_and_a_few_marks():
    assert title_text('盐业小区·市药材小区 </title><script>"') == "盐业小区·市药材小区 titlescript"


@pytest.mark.parametrize("url", ["javascript:alert(1)", "http://evil.invalid/", "//evil",
                                 "a/../../etc", "x y"])
def test_links_refuse_anything_but_site_paths(url):
    with pytest.raises(ValueError):
        link("x", url)


def test_templates_escape_every_value_unless_a_helper_made_it_safe():
    env = make_env()
    template = env.from_string("{{ text }} {{ link(text, 'areas/x/index.md') }} {{ n | money }}")
    out = template.render(text="<b>[x]</b>", n=12050)
    assert out == ("&#60;b&#62;&#91;x&#93;&#60;/b&#62; "
                   "[&#60;b&#62;&#91;x&#93;&#60;/b&#62;](areas/x/index.md) ¥120&#46;50")


# -- the raw HTML tables (esc_html, *.html.j2 partials, unwrapped by the hook) -------

TABLE_HOSTILE = ["<script>alert(1)</script>", "</td></tr></table><b>x", "a & b &amp; c", "x | y",
                 "*em* __strong__", "[x](javascript:alert(1))", "{{ 7*7 }} {% if 1 %}",
                 "{: onclick=alert(1) }", "--> <!--steward:html", "\"quoted\" 'single'"]


def _built_table(hostile: str) -> str:
    """A ledger table with ``hostile`` in every text cell, through Markdown and the hook."""
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "hooks"))
    from steward_search import unwrap

    line = {"seq": 7, "date": "2025-01-02", "kind": "expense", "kind_zh": hostile,
            "category_zh": hostile,
            "amount_fen": -1200, "purpose": hostile, "period": hostile, "household_ref": hostile,
            "payee": hostile, "reverses": None, "reversed_by": None, "receipt": None,
            "recorded_by": hostile, "approved_by": hostile, "hash": "ab" * 32,
            "month": "2025-01"}
    area = {"month_totals": {"2025-01": {"income": 0, "expense": 1200}}}
    page = make_env().from_string('# t\n\n{{ html("_ledger.html.j2", lines=lines) }}\n\ntail\n')
    text = page.render(lines=[line], area=area, path="areas/a/accounts.md")
    return unwrap(to_html(text))


@pytest.mark.parametrize("hostile", TABLE_HOSTILE)
def test_hostile_text_in_an_html_table_stays_text_in_its_cell(hostile):
    out = _built_table(hostile)
    assert out.count("<table") == 1 and out.count("</table>") == 1
    assert out.count("<td") == 8 and out.count("</td>") == 8
    for tag in ("<script", "<b>", "<em>", "<strong>", "<a ", "javascript:alert(1)\""):
        assert tag not in out.replace('<a href="#by-month">', "")  # but the way back up
    assert "<!--" not in out and "-->" not in out
    cells = out.split("<tbody>")[1]
    assert html.unescape(cells).count(hostile.strip()) >= 6  # shown as typed


def test_html_table_escape_is_html_only():
    from site_builder.escape import esc_html

    assert esc_html("a | b *c* [d](e) {{ f }} 1.5") == "a | b *c* [d](e) {{ f }} 1.5"
    assert esc_html("<td>&\"'") == "&#60;td&#62;&#38;&#34;&#39;"
    assert esc_html("one\n\ntwo\u202e") == "one<br>two"


def test_html_partials_print_through_esc_html_and_markdown_pages_through_esc():
    env = make_env()
    out = env.from_string('{{ text }} {{ html("_months.html.j2", months=ms, caption=c) }}').render(
        text="*a*", ms=[{"month": "2025-01", "label": "*b*", "income": 0, "expense": 0,
                         "lines": 0}],
        c="*c*", path="x.md")
    assert out.startswith("&#42;a&#42; <!--steward:html\n") and "<td>*b*</td>" in out
    assert '<caption class="steward-sr">*c*</caption>' in out
    with pytest.raises(ValueError):
        env.from_string('{{ html("accounts.md.j2") }}').render(path="x.md")


@pytest.mark.parametrize("hostile", TABLE_HOSTILE)
def test_compact_search_entries_keep_hostile_text_inert_and_inside_their_comment(hostile):
    import json
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "hooks"))
    from steward_search import add_found

    from site_builder.render import find, ledger_find

    line = {"seq": 3, "kind": "expense", "kind_zh": "支出", "amount_fen": -100,
            "purpose": hostile, "category_zh": hostile, "payee": hostile, "date": "2025-01-02"}
    block = str(find(ledger_find([line])))
    assert block.count("-->") == 1 and block.endswith("\n-->") and block.count("<!--") == 1
    assert "<" not in block.removeprefix("<!--steward:find") and ">" not in block[:-3]

    class Index:
        entries: list = []

        def _segment_chinese(self, text):
            return text

    index = Index()
    page = add_found(f"<p>before</p>\n{block}\n<p>after</p>", "areas/a/accounts/", index)
    assert page == "<p>before</p>\n<p>after</p>"
    [entry] = index.entries
    assert entry["location"] == "areas/a/accounts/#line-3"
    # the search page shows title and text as HTML: the text a person typed is escaped
    assert "<" not in entry["text"] and html.unescape(entry["text"]).count(hostile.strip()) == 3
    assert json.dumps(entry)  # plain data


def test_durations_are_whole_days_and_under_a_day_says_so():
    from site_builder.render import days

    assert [str(days(d)) for d in (None, 0.0, 0.96, 1.0, 50.49, 50.7, 19.5)] == \
        ["—", "不到 1", "不到 1", "1", "50", "51", "20"]
