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
// searched as the site's word (报事, 缴费): SITE_WORD. A number in a word ("2号楼2单元")
// is searched apart from its Chinese, as the index cut it, and kept whole.
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

  self.addEventListener("message", function (ev) {
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
    "保洁费": "卫生费", "清洁费": "卫生费", "垃圾费": "卫生费", "漏雨": "漏水"
  };

  function onSomePage(word) {
    for (var doc of docs.values())
      if (textOf(doc).indexOf(word) >= 0) return true;
    return false;
  }

  function ownWords(value) {
    return value.replace(/[^\s"+\-]+/g, function (part) {
      var site = SITE_WORD[fold(part)];
      return site && !onSomePage(fold(part)) ? site : part;
    });
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

  function fold(text) {
    return text.normalize("NFKC").toLowerCase().replace(/[\s\u200b]+/g, "");
  }

  // The words of a query: split at white space and the index's separators,
  // without lunr's operators; "-word" (pages without it) is lunr's to apply.
  function words(value) {
    var out = [];
    value.replace(/"/g, " ").split(/\s+/).forEach(function (part) {
      if (!part || part.charAt(0) === "-") return;
      part = part.replace(/^\+/, "").replace(/^(?:title|text|tags):/, "")
                 .replace(/[~^][0-9]*$/, "").replace(/^\*+|\*+$/g, "");
      part.split(separator).forEach(function (word) {
        word = fold(word);
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

  function holds(item, wanted) {
    var text = textOf(item);
    for (var i = 0; i < wanted.length; i++)
      if (text.indexOf(wanted[i]) < 0) return false;
    return true;
  }

  // A number Material marked for a piece it cut from the reader's word ("2" of "2号楼"
  // marked every "2025"): marked only as part of that word (a mark beside it, the
  // index's word break between), or where the reader typed the number alone ("350").
  function unmark(html, wanted) {
    if (typeof html !== "string") return html;
    return html.replace(/(<\/mark>\u200b?)?<mark>([0-9][0-9,./%-]*)<\/mark>(?!\u200b?<mark>)/g,
      function (all, before, digits) {
        return before || wanted.indexOf(digits) >= 0 ? all : digits;
      });
  }

  function isArticle(item) {
    return String(item.location).indexOf("#") < 0;
  }

  function keep(groups, wanted) {
    var kept = [];
    var found = {};  // every word is in every result kept: none is "缺少" (missing)
    wanted.forEach(function (word) { found[word] = true; });
    groups.forEach(function (group, order) {
      var items = group.filter(function (item) { return holds(item, wanted); })
        .map(function (item) {
          return Object.assign({}, item, { terms: found, title: unmark(item.title, wanted),
                                           text: unmark(item.text, wanted) });
        });
      if (!items.length) return;
      if (!items.some(isArticle)) {  // the page's heading, above its sections
        var article = group.filter(isArticle)[0];
        if (article) items.push(Object.assign({}, article, { score: 0, terms: {} }));
      }
      var best = Math.max.apply(null, items.map(function (item) { return item.score; }));
      kept.push({ items: items, best: best, order: order });
    });
    kept.sort(function (a, b) { return b.best - a.best || a.order - b.order; });
    return kept.map(function (k) { return k.items; });
  }

  var post = self.postMessage;
  self.postMessage = function (message) {
    if (message && message.type === RESULT && message.data && Array.isArray(message.data.items)) {
      var wanted = words(query);
      if (wanted.length)
        message = { type: RESULT, data: Object.assign({}, message.data, {
          items: keep(message.data.items, wanted) }) };
    }
    return post.apply(self, arguments.length > 1 ? [message].concat([].slice.call(arguments, 1))
                                                  : [message]);
  };

  importScripts(name);
})();
