// Steward: the site's search worker. It runs Material's own worker, named after
// the "?" of its URL (overrides/main.html points the page's search at this file,
// next to Material's, so that Material's "../lunr" still finds its languages),
// and keeps of each result only what contains every word the reader typed.
//
// Material matches Chinese by the pieces of the index its worker cuts the query
// into, single characters included, and any one piece is enough: "游泳池漏水",
// on no page, listed pages with "小区" or "池", and "维修资金" every "维修". So a
// result stays only if its title or text holds each word of the query as typed
// ("维修资金" whole; "化粪池 清掏": both, anywhere), ignoring case, spaces, the
// build's word breaks (U+200B) and full-width forms; a query on no page gets
// Material's "没有找到符合条件的结果". A page heading stays above its kept
// sections, as Material shows it; the pages are ordered by their best result.
// A kept result's terms are the words typed, all found: Material listed the
// pieces it had cut ("门卫*" of "门卫值班") as "缺少" under results holding them.
// A word residents say for what the site names otherwise (报修, 交钱), on no page, is
// searched as the site's word (报事, 缴费): SITE_WORD; so is a question typed as said
// ("修好了吗", "我交的钱", "钱花哪了"): ASKED; beside a word on no report ("楼道灯
// 修好了吗"), what the word finds. A number in a word ("2号楼2单元") is searched apart
// from its Chinese, as the index cut it, and kept whole: "3号楼" is not found inside
// "13号楼", and a result marks the words typed, whole, not the pieces Material cut
// ("号楼" of the "1号楼" beside, "1" of "18）"). A number typed as the paper notices print
// it, 第 498 号, is searched as 498 (the site's #498).
(function () {
  "use strict";
  var SETUP = 0, QUERY = 2, RESULT = 3;  // Material's SearchMessageType
  var name = self.location.search.slice(1);
  if (!/^search\.[0-9a-z]+\.min\.js$/.test(name))
    throw new Error("steward_search.js: no Material search worker named in its URL");

  var separator = /[\s\u200b]+/;
  var docs = new Map();   // location -> the index's document
  var texts = new Map();  // location -> its title and text as compared (made when first needed)
  var query = "";
  var asking = [];  // the site's words a question typed was searched as ("修好了吗": 报事)
  // The site's words the query was searched as instead of words typed on no page (报修:
  // 报事): each result says so ("也搜了：报事"), or a reader saw 报事 marked, not her word.
  var instead = [];

  // Material's worker (and, at its setup, its Chinese language files) is loaded with the
  // first message: the page sends it once the reader opens the search and the index has
  // come (overrides/main.html holds the index until then), so a page that is only read
  // fetches none of it. Added during this event, Material's listener would miss it: the
  // message is sent again, to both.
  var loaded = false;
  self.addEventListener("message", function (ev) {
    if (!loaded) {
      loaded = true;
      importScripts(name);
      self.dispatchEvent(new MessageEvent("message", { data: ev.data }));
      return;
    }
    var message = ev.data || {};
    if (message.type === SETUP && message.data) {
      var config = message.data.config || {};
      try {
        separator = new RegExp(config.separator || "[\\s]+");
      } catch (err) { /* keep white space */ }
      docs = new Map();
      texts = new Map();
      (message.data.docs || []).forEach(function (doc) {
        if (!docs.has(doc.location)) docs.set(doc.location, doc);
      });
    } else if (message.type === QUERY) {
      asking = [];
      instead = [];
      query = ownWords(String(message.data || ""));
      // Material's listener, added after this one, reads the same message: it gets the
      // query with a number apart from the Chinese around it, as the index holds them
      // ("2号楼" is "2" and "号楼" there, and "2号楼" typed found nothing); the words
      // kept (``keep``) are still the reader's, "2号楼" whole.
      message.data = query.replace(/([0-9])(?=[\u3400-\u9fff])|([\u3400-\u9fff])(?=[0-9])/g,
                                   "$1$2 ");
    }
  });

  // Words residents say for what the site names otherwise: searched as the site's word
  // when they are on no page ("报修" found nothing, the site says "报事"). A word the
  // site does use is searched as typed.
  var SITE_WORD = {
    "报修": "报事", "交钱": "缴费", "花钱": "支出", "花销": "支出", "开支": "支出",
    "保洁费": "卫生费", "清洁费": "卫生费", "垃圾费": "卫生费", "漏雨": "漏水",
    // the votes pages say 表决 (their results in a column): "投票结果" found nothing
    "投票结果": "表决", "表决结果": "表决", "选举结果": "表决", "投票情况": "表决",
    "投票记录": "表决", "账单": "账目"
  };

  // The kind of page a word names, listed first among the pages holding every word:
  // "表决 结果" listed the volunteers' guide (提议和表决) above the votes pages, and
  // "投票" the residents' guide; "账本" the pages on checking it above the accounts.
  // Third, what a reader asks of such a page in words it need not hold, and the word it
  // holds for them: "表决结果" found only the home pages whose 最近动态 says 表决结果
  // (a votes page writes each result beside its vote), "选举结果" one, "物业费" the
  // guides (the demo's compounds collect 卫生费 and 停车费, none a fee named 物业费):
  // on a votes page 表决结果 is searched as 表决, on a fees page 物业费 as 收费.
  var PAGE_OF = [
    [/表决|投票|选举|提议/, /(^|\/)votes\//, {
      "表决结果": "表决", "投票结果": "表决", "投票情况": "表决", "投票记录": "表决",
      "表决情况": "表决", "选举结果": "选举", "选举情况": "选举"}],
    [/账本|账目/, /(^|\/)accounts(-[0-9]{4})?\//, {"账本": "账目", "账单": "账目"}],
    [/收费|物业费|卫生费|管理费/, /(^|\/)fees\//, {
      "物业费": "收费", "管理费": "收费", "物业管理费": "收费", "缴费情况": "收费",
      "交费情况": "收费", "收费标准": "收费"}]
  ];

  function pagesNamed(wanted) {
    return PAGE_OF.filter(function (kind) {
      return wanted.some(function (word) { return kind[0].test(word); });
    }).map(function (kind) { return kind[1]; });
  }

  // The kinds of page a word typed asks of in other words (PAGE_OF's third part): each
  // with the words the query is searched as on such a page, or none.
  function pagesAsked(wanted) {
    return PAGE_OF.filter(function (kind) {
      return wanted.some(function (word) { return kind[2][word]; });
    }).map(function (kind) {
      var typed = {};  // each of the page's words for a word typed: that word
      wanted.forEach(function (word) { if (kind[2][word]) typed[kind[2][word]] = word; });
      return { page: kind[1], typed: typed, words: wanted.map(function (word) {
        return kind[2][word] || word;
      }).filter(function (word, n, all) { return all.indexOf(word) === n; }) };
    });
  }

  // The page a result is on: its location without "#section".
  function pageOf(item) {
    return String(item.location).split("#")[0];
  }

  // The results of the pages of a kind asked of (``asked``) that Material did not list
  // (it finds pieces of the words typed: a votes page holding neither 表决结果 nor
  // 结果 is not among them), each page's documents from the index, appended to
  // ``groups``.
  function withPagesAsked(groups, asked) {
    if (!asked.length) return groups;
    var listed = new Set(groups.map(function (group) { return pageOf(group[0]); }));
    var added = new Map();
    docs.forEach(function (doc, location) {
      var at = pageOf(doc);
      if (listed.has(at) || !asked.some(function (kind) { return kind.page.test(at); }))
        return;
      if (!added.has(at)) added.set(at, []);
      added.get(at).push(Object.assign({ score: 0, terms: {} }, doc));
    });
    return groups.concat(Array.from(added.values()));
  }

  function onSomePage(word) {
    for (var doc of docs.values())
      if (textOf(doc).indexOf(word) >= 0) return true;
    return false;
  }

  // A question a resident types as she would say it, on no page ("修好了吗", "我交的钱",
  // "钱花哪了" found nothing): searched as the site's words for what she asks about,
  // the first of them on some page: the accounts' 花到哪里去 (else 支出), the fees
  // pages' 收费情况 (else 缴费), the reports (报事). 支出 and 缴费 alone listed the
  // guides first. Where the money went first: "我交的钱花哪了" asks about the spending.
  var ASKED = [
    [/花哪|花到哪|花在哪|花在了哪|花了多少|用在哪|用到哪|钱去哪|钱都去/, ["花到哪里去", "支出"]],
    [/交的钱|交了钱|交过钱|交的费|交了没|交没交|钱交了|钱交没|缴了没|交上了/,
     ["收费情况", "缴费"]],
    [/修好|修了没|修没修|修完|修不修|修了吗|什么时候修|啥时候修|有人修|没人修|还没修/, ["报事"]]
  ];

  // A word typed: as typed when it is on some page; else the site's word for it, or for
  // what it asks (ASKED) with what it asks about ("路灯修好了吗": 报事 路灯), or for a
  // word of SITE_WORD inside it ("报修进度": 报事); else as typed (Material then finds
  // what it finds).
  function ownWord(part) {
    var word = fold(part);
    if (onSomePage(word)) return part;
    // a number as the paper notices print it ("提议 第 498 号"): the site writes #498
    var numbered = word.replace(/第([0-9]+)号/g, " $1 ").trim();
    if (numbered !== word) return numbered;
    if (SITE_WORD[word]) return searchedAs(SITE_WORD[word]);
    for (var i = 0; i < ASKED.length; i++) {
      var asked = ASKED[i][0].exec(word);
      if (!asked) continue;
      var site = ASKED[i][1];
      var said = [searchedAs(site.find(onSomePage) || site[site.length - 1])];
      asking.push(fold(said[0]));
      subjects(word, asked).forEach(function (subject) { said.push(ownWord(subject)); });
      return said.join(" ");
    }
    for (var typed in SITE_WORD)
      if (word.indexOf(typed) >= 0) return onSomePage(typed) ? typed : searchedAs(SITE_WORD[typed]);
    return part;
  }

  function searchedAs(site) {
    if (instead.indexOf(fold(site)) < 0) instead.push(fold(site));
    return site;
  }

  // What a question typed as one word asks about, before and after its asking words:
  // "路灯修好了吗" asks about 路灯, "什么时候修路灯" too, searched as "路灯 修好了吗"
  // is (报事 alone listed every report). Who asks (我, 我家) and the words around the
  // asking ones (了吗, 的钱) are no subject; nor is one character left alone.
  function subjects(word, asked) {
    var before = word.slice(0, asked.index)
      .replace(/^(我们家|我们|我家|咱们|咱家|我的|我)/, "")
      .replace(/(的钱|钱|的|了|还|都|又|已经|到底)+$/, "");
    var after = word.slice(asked.index + asked[0].length)
      .replace(/^(好|了|吗|呢|啊|呀|没有|没|有|完|过|的)+/, "")
      .replace(/(了|吗|呢|啊|呀|没有|没)+$/, "");
    return [before, after].filter(function (subject) { return subject.length > 1; });
  }

  function ownWords(value) {
    return value.replace(/[^\s"+\-]+/g, ownWord);
  }

  var ENTITIES = { amp: "&", lt: "<", gt: ">", quot: "\"", apos: "'", nbsp: " " };

  function plain(html) {
    return String(html || "").replace(/<[^>]*>/g, "").replace(
      /&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, function (all, code) {
        if (code.charAt(0) === "#") {
          var n = code.charAt(1).toLowerCase() === "x" ? parseInt(code.slice(2), 16)
                                                       : parseInt(code.slice(1), 10);
          return n > 0 && n < 0x110000 ? String.fromCodePoint(n) : all;
        }
        return ENTITIES[code.toLowerCase()] || all;
      });
  }

  // A text as compared: its "#" dropped too, so that "报事160" typed is found in the
  // index's "报事 #160" (a number's "#" is a word break there: mkdocs.yml's separator).
  function fold(text) {
    return text.normalize("NFKC").toLowerCase().replace(/[\s\u200b#]+/g, "");
  }

  // The words of a query: split at white space and the index's separators,
  // without lunr's operators; "-word" (pages without it) is lunr's to apply. A month or
  // a day (2025-12, 2025-12-26) stays one word: cut at its hyphens, "卫生费 2025-12"
  // marked every 2025 and every 12 of the results, times (12:01) too.
  function words(value) {
    var out = [];
    value.replace(/"/g, " ").split(/\s+/).forEach(function (part) {
      if (!part || part.charAt(0) === "-") return;
      part = part.replace(/^\+/, "").replace(/^(?:title|text|tags):/, "")
                 .replace(/[~^][0-9]*$/, "").replace(/^\*+|\*+$/g, "")
                 .replace(/([0-9])-(?=[0-9])/g, "$1\u0000");
      part.split(separator).forEach(function (word) {
        word = fold(word.replace(/\u0000/g, "-"));
        if (word && out.indexOf(word) < 0) out.push(word);
      });
    });
    return out;
  }

  function textOf(item) {
    var text = texts.get(item.location);
    if (text === undefined) {
      var doc = docs.get(item.location) || item;
      text = fold(plain(doc.title) + " " + plain(doc.text) + " " + (doc.tags || []).join(" "));
      texts.set(item.location, text);
    }
    return text;
  }

  // A word as found in a text: a number at its start or end not inside a longer number
  // ("3号楼" is not in "13号楼", "1单元" not in "11单元"). In a result's HTML
  // (``between``), the index's word breaks and spaces may stand between its characters.
  function finder(word, between) {
    var chars = Array.from(word).map(function (c) {
      return c.replace(/[.*+?^${}()|[\]\\\/]/g, "\\$&");
    });
    return new RegExp((/^[0-9]/.test(word) ? "(?<![0-9])" : "") + chars.join(between || "") +
                      (/[0-9]$/.test(word) ? "(?![0-9])" : ""), between ? "gi" : "");
  }

  function holds(item, wanted) {
    var text = textOf(item);
    for (var i = 0; i < wanted.length; i++)
      if (!finder(wanted[i]).test(text)) return false;
    return true;
  }

  // A result marks the words typed, whole, and nothing else: Material marked the pieces it
  // cut ("号楼" of "1号楼" in the "3号楼" beside it, "1" of "18）"). A mark stops at a
  // space (the page a result opens is told "1号楼 1单元", words as the page has them).
  // The index's word breaks (U+200B) beside a closing or an opening mark are taken out of
  // a result: on a phone a line of a result began with "）。" or "、" after one.
  var LOOSE = /\u200b+(?=[、，。；：？！）」』”’》〉】%])|([（「『“‘《〈【])\u200b+/g;

  function remark(html, wanted) {
    if (typeof html !== "string") return html;
    var found = wanted.map(function (word) { return finder(word, "[\\s\\u200b#]*"); });
    return html.replace(/<\/?mark>/g, "").split(/(<[^>]*>)/).map(function (part) {
      if (part.charAt(0) === "<") return part;
      part = part.replace(LOOSE, "$1");
      var marks = [];  // [start, end) of each word found, the longest first where they meet
      found.forEach(function (re) {
        part.replace(re, function (all) {
          var at = arguments[arguments.length - 2];
          marks.push([at, at + all.length]);
          return all;
        });
      });
      marks.sort(function (a, b) { return a[0] - b[0] || b[1] - a[1]; });
      var out = "", end = 0;
      marks.forEach(function (mark) {
        if (mark[0] < end) return;
        out += part.slice(end, mark[0]) + part.slice(mark[0], mark[1]).replace(
          /[^\s\u200b]+(?:\u200b+[^\s\u200b]+)*/g, "<mark>$&</mark>");
        end = mark[1];
      });
      return out + part.slice(end);
    }).join("");
  }

  var PAST_YEAR = /-(?:19|20)[0-9]{2}\/(?:#|$)/;

  function isArticle(item) {
    return String(item.location).indexOf("#") < 0;
  }

  // The pages holding every word, each with its results holding them; then, for a
  // question beside a word (``subject``: the words but the site's word the question was
  // searched as), the pages holding the word alone: "楼道灯 修好了吗" found nothing where
  // no report says 楼道灯, though the ledger line 更换楼道灯开关 tells it was mended.
  function keep(groups, wanted, subject) {
    var kept = [];
    var tries = [wanted];
    var named = pagesNamed(wanted);
    var asked = pagesAsked(wanted);
    if (subject && subject.length && subject.length < wanted.length) tries.push(subject);
    withPagesAsked(groups, asked).forEach(function (group, order) {
      var at = pageOf(group[0]);
      var own = asked.filter(function (kind) { return kind.page.test(at); })[0];
      for (var rank = 0; rank < tries.length; rank++) {
        var items = marked(group, tries[rank], {}, instead);
        // a page of a kind asked of in other words: its own words (表决 for 表决结果)
        var answered = !items.length && rank === 0 && own !== undefined;
        if (answered) items = marked(group, own.words, own.typed, instead.concat(
          Object.keys(own.typed)));
        if (!items.length) continue;
        var best = Math.max.apply(null, items.map(function (item) { return item.score; }));
        kept.push({ items: items, rank: rank, best: best, order: order,
                    past: PAST_YEAR.test(at), answered: answered,
                    other: !named.some(function (page) { return page.test(at); }) });
        return;
      }
    });
    // A past year's page (issues-2024/, accounts-2024/) after this year's: "修好了吗" listed
    // 城建小区 · 2024 年的报事 first, one report of last year above the open ones. The
    // pages a word names (PAGE_OF) before the others, those holding the words typed before
    // those holding the page's words for them.
    kept.sort(function (a, b) {
      return a.rank - b.rank || a.past - b.past || a.other - b.other ||
        a.answered - b.answered || b.best - a.best || a.order - b.order;
    });
    return kept.map(function (k) { return k.items; });
  }

  // A page's results holding every word, marked, its heading above them. A word the page
  // has for one typed (``typed``: 收费 for 物业费) is marked only in a result without the
  // word typed: there the word typed is marked. The page's heading says the words searched
  // as well as those typed (``also``), once: "也搜了：收费".
  function marked(group, wanted, typed, also) {
    var found = {};  // every word is in every result kept: none is "缺少" (missing)
    wanted.forEach(function (word) { found[word] = true; });
    function shown(item) {  // the words to mark in an item: those typed where it has them
      var text = textOf(item);
      return wanted.map(function (word) {
        var own = typed[word];
        return own && finder(fold(own)).test(text) ? fold(own) : word;
      });
    }
    var items = group.filter(function (item) { return holds(item, wanted); })
      .map(function (item) {
        var marks = shown(item);
        return Object.assign({}, item, { terms: found, title: remark(item.title, marks),
                                         text: remark(item.text, marks) });
      });
    if (items.length && !items.some(isArticle)) {  // the page's heading, above its sections
      var article = group.filter(isArticle)[0];
      if (article) items.push(Object.assign({}, article, {
        score: 0, terms: {}, title: remark(article.title, shown(article)),
        text: remark(article.text, shown(article)) }));
    }
    var said = also.filter(function (word, n) {  // the words searched as, that it holds
      return also.indexOf(word) === n && wanted.indexOf(word) >= 0;
    });
    if (items.length && said.length) {
      var head = items.filter(isArticle)[0] || items[0];
      head.title += '<span class="steward-also">也搜了：' + said.map(escapeHtml).join("、") +
        "</span>";
    }
    return items;
  }

  function escapeHtml(text) {
    return String(text).replace(/[&<>"']/g, function (c) { return "&#" + c.charCodeAt(0) + ";"; });
  }

  var post = self.postMessage;
  self.postMessage = function (message) {
    if (message && message.type === RESULT && message.data && Array.isArray(message.data.items)) {
      var wanted = words(query);
      var subject = wanted.filter(function (word) { return asking.indexOf(word) < 0; });
      if (wanted.length)
        message = { type: RESULT, data: Object.assign({}, message.data, {
          items: keep(message.data.items, wanted, subject) }) };
    }
    return post.apply(self, arguments.length > 1 ? [message].concat([].slice.call(arguments, 1))
                                                  : [message]);
  };

})();
