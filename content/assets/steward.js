// Steward: tables wider than a phone scroll sideways; make each scrolling box
// reachable by keyboard (Material wraps tables after every page load).
document$.subscribe(function () {
  document.querySelectorAll(".md-typeset__scrollwrap").forEach(function (box) {
    box.tabIndex = 0;
  });
});

// A chart (its width in em, so that its words grow with the reader's text) or a table
// wider than the screen scrolls sideways in its own box: with a phone's text at 200 % the
// monthly chart showed January to May, and nothing said a finger could bring the rest.
// Such a box is told, in a line above it; the line goes when the box fits again (the
// phone turned, the text made smaller).
function stewardScrollHints() {
  document.querySelectorAll(".steward-chartbox, .md-typeset__scrollwrap").forEach(function (box) {
    var hint = box.previousElementSibling;
    if (!(hint && hint.classList.contains("steward-scroll-hint"))) hint = null;
    var wide = box.scrollWidth > box.clientWidth + 2;
    if (wide && !hint) {
      hint = document.createElement("p");
      hint.className = "steward-scroll-hint";
      var what = box.classList.contains("steward-chartbox") ? "图" : "表";
      hint.textContent = "这张" + what + "比屏幕宽，用手指左右滑动可看全" + what + " →";
      box.parentNode.insertBefore(hint, box);
      box.tabIndex = 0;  // and by keyboard, with the arrow keys
    }
    if (hint) hint.hidden = !wide;
  });
}

document$.subscribe(function () {
  stewardScrollHints();
  document.querySelectorAll(".steward-chartbox img").forEach(function (img) {
    if (!img.complete) img.addEventListener("load", stewardScrollHints, { once: true });
  });
});
window.addEventListener("resize", stewardScrollHints);

// An open issue's wait, counted from the day it was accepted (data-since,
// YYYY-MM-DD) to today, so that the page itself need not change every day.
// The element is empty in the page (without the script the sentence reads whole
// without it); the script writes data-prefix, the days and data-unit.
// Today is China's (UTC+8, no daylight saving), where the days of the data are and
// the bot counts them, whatever zone the reader's clock is set to: a phone set to
// another zone read one day less than the bot said the same morning.
// A demo's site is as of the day it was played to (steward_today.js, written by the
// build: var stewardToday = "2025-12-31"); a street's own site counts to today.
function stewardTodayUTC() {
  var fixed = typeof stewardToday === "string" ? stewardToday.split("-") : null;
  if (fixed && fixed.length === 3) return Date.UTC(+fixed[0], +fixed[1] - 1, +fixed[2]);
  var china = new Date(Date.now() + 8 * 3600000);
  return Date.UTC(china.getUTCFullYear(), china.getUTCMonth(), china.getUTCDate());
}

function stewardDaysSince(since) {
  var p = since.split("-");
  if (p.length !== 3) return null;
  var start = Date.UTC(+p[0], +p[1] - 1, +p[2]);
  var days = Math.round((stewardTodayUTC() - start) / 86400000);
  return isNaN(days) ? null : Math.max(days, 0);
}

document$.subscribe(function () {
  document.querySelectorAll("[data-since]").forEach(function (el) {
    var days = stewardDaysSince(el.getAttribute("data-since"));
    if (days === null) return;
    // "已等待 358 天" is read whole (no-break spaces, and steward.css keeps the words of
    // a prefix together: "已等 / 待 358 天" was cut on a phone); the comma before it
    // ("，已等待 ") goes before the element, a line may break after it.
    var prefix = el.getAttribute("data-prefix") || "";
    var lead = prefix.match(/^[，、,\s]*/)[0];
    if (lead && !el.hasAttribute("data-lead")) {
      el.setAttribute("data-lead", lead);
      el.parentNode.insertBefore(document.createTextNode(lead), el);
    }
    el.textContent = (prefix.slice(lead.length) + days +
      (el.getAttribute("data-unit") || "")).replace(/ /g, "\u00a0");
  });
});

// A vote open when the page was built whose deadline day is over by today: the bot
// closes it at its next run, the page is built again then; until then it must not
// read 表决中 (data-deadline, YYYY-MM-DD; data-past, the words then). In a heading,
// its entry in the table of contents (提议 #12 · 表决中, plain text) is relabelled too.
document$.subscribe(function () {
  document.querySelectorAll("[data-deadline]").forEach(function (el) {
    var p = el.getAttribute("data-deadline").split("-");
    if (p.length !== 3) return;
    if (stewardTodayUTC() > Date.UTC(+p[0], +p[1] - 1, +p[2])) {
      var was = el.textContent, past = el.getAttribute("data-past") || "";
      el.textContent = past;
      el.classList.add("steward-past-deadline");
      stewardRelabelToc(el.closest("h1, h2, h3, h4, h5, h6"), was, past);
    }
  });
});

// The heading over the votes under way (正在表决), when the page is read after their
// deadlines (data-deadlines, one YYYY-MM-DD each): 等待计票的表决 once every one is past
// (data-past), 正在表决与等待计票 while some still run beside one past (data-both). Its
// entry in the table of contents too.
document$.subscribe(function () {
  document.querySelectorAll("[data-deadlines]").forEach(function (el) {
    var days = el.getAttribute("data-deadlines").split(" "), past = 0;
    days.forEach(function (day) {
      var p = day.split("-");
      if (p.length === 3 && stewardTodayUTC() > Date.UTC(+p[0], +p[1] - 1, +p[2])) past++;
    });
    if (!past) return;
    var was = el.textContent;
    var now = el.getAttribute(past === days.length ? "data-past" : "data-both") || was;
    if (now === was) return;
    el.textContent = now;
    stewardRelabelToc(el.closest("h1, h2, h3, h4, h5, h6"), was, now);
  });
});

// The table of contents' entries of heading ``h`` (the right-hand one, and the one in
// the drawer) whose words end in ``was``: ending in ``past`` instead.
function stewardRelabelToc(h, was, past) {
  if (!h || !h.id || !was || was === past) return;
  var id = window.CSS && CSS.escape ? CSS.escape(h.id) : h.id;
  document.querySelectorAll('a.md-nav__link[href="#' + id + '"]').forEach(function (a) {
    var s = a.querySelector(".md-ellipsis") || a;
    var text = s.textContent.trim();
    if (text.slice(-was.length) === was) {
      s.textContent = text.slice(0, text.length - was.length) + past;
    }
  });
}

// Search results: each result's link opens its page with the words the result
// shows marked, marked there too (Material's ?h=, feature search.highlight).
// Material puts in h only the query terms that matched that one entry of the
// index: none for a page's own heading in the list (the matches are in its
// sections, or in the ledger lines and issues the site indexes on their own),
// and for Chinese only the pieces its worker cut the query into ("楼宇" of
// "楼宇门", "清" of "化粪池清掏"). So each link takes the words marked in its
// own result, or, for the page's heading, in the results under it.
// Marks with only the index's word break between them are one word of the page:
// "2" and "号楼" of "2号楼" (alone, "2" marked every 2 of the page, amounts and hashes).
function stewardMarked(el) {
  var words = [], word = "", last = null;
  function keep() { if (word && words.indexOf(word) < 0) words.push(word); }
  el.querySelectorAll("mark").forEach(function (m) {
    var piece = m.textContent.replace(/[\u200b\s]+/g, "");
    if (last && stewardJoined(last, m)) {
      word += piece;
    } else {
      keep();
      word = piece;
    }
    last = m;
  });
  keep();
  return words;
}

function stewardJoined(a, b) {
  for (var n = a.nextSibling; n; n = n.nextSibling) {
    if (n === b) return true;
    if (n.nodeType !== 3 || /[^\u200b]/.test(n.textContent)) return false;
  }
  return false;
}

function stewardHighlightLinks(item) {
  var all = stewardMarked(item);
  item.querySelectorAll("a.md-search-result__link").forEach(function (a) {
    var url = new URL(a.href);
    if (!url.searchParams.has("h")) return;  // the feature is off
    var words = stewardMarked(a);
    if (!words.length) words = all;
    if (!words.length) return;
    // longest first: the page marks "清运" whole, not its "清" alone
    words = words.slice().sort(function (x, y) { return y.length - x.length; });
    url.searchParams.set("h", words.join(" "));
    a.href = url.toString();
  });
}

// The page a result opens marks the words searched (?h=), as Material cuts them: at a
// hyphen too, so "2025-12" marked every 2025 and every 12 of the page ("2025 年每月收支",
// amounts, times). A piece of a month or a day searched stays marked only inside it.
(function () {
  var searched = (new URL(location.href).searchParams.get("h") || "").split(/\s+/);
  var dates = searched.filter(function (word) { return /[0-9]-[0-9]/.test(word); });
  if (!dates.length || !window.MutationObserver) return;
  var pieces = [];
  dates.forEach(function (date) { pieces = pieces.concat(date.split("-")); });
  function insideADate(mark) {
    var parent = mark.parentNode, text = parent.textContent, before = document.createRange();
    before.setStart(parent, 0);
    before.setEndBefore(mark);
    var at = before.toString().length, end = at + mark.textContent.length;
    return dates.some(function (date) {
      for (var i = text.indexOf(date); i >= 0; i = text.indexOf(date, i + 1))
        if (i <= at && end <= i + date.length) return true;
      return false;
    });
  }
  function tidy() {
    document.querySelectorAll("mark[data-md-highlight]").forEach(function (mark) {
      var word = mark.textContent;
      if (pieces.indexOf(word) < 0 || searched.indexOf(word) >= 0 || insideADate(mark)) return;
      var parent = mark.parentNode;
      parent.replaceChild(document.createTextNode(word), mark);
      parent.normalize();
    });
  }
  new MutationObserver(tidy).observe(document.body, { childList: true, subtree: true });
  document$.subscribe(tidy);
})();

// Material reads the search box when a key is released (and on focus): words that
// reach it with no key (voice input, a handwriting pad, a candidate tapped on a pinyin
// keyboard, a paste) were not searched, and the box went on saying 键入以开始搜索 until
// another key was pressed. Each change of the box is told to Material as a release.
(function () {
  var box = document.querySelector("[data-md-component=search-query]");
  if (!box) return;
  function released() { box.dispatchEvent(new KeyboardEvent("keyup")); }
  box.addEventListener("input", function (event) {
    if (!event.isComposing) released();  // pinyin still being typed: searched at its end
  });
  box.addEventListener("compositionend", released);  // Chrome's last input is composing
})();

(function () {
  var list = document.querySelector(".md-search-result__list");
  if (!list || !window.MutationObserver) return;
  new MutationObserver(function (changes) {
    changes.forEach(function (change) {
      var item = change.target.closest && change.target.closest(".md-search-result__item");
      if (item) stewardHighlightLinks(item);
      change.addedNodes.forEach(function (node) {
        if (node.nodeType === 1 && node.matches(".md-search-result__item"))
          stewardHighlightLinks(node);
      });
    });
  }).observe(list, { childList: true, subtree: true });
})();

// The accounts page on a phone: a year's lines were 25 to 33 screens of cards. There,
// each month but the last shows its heading (its totals) alone, a button that opens its
// lines; each line shows its number, date, amount and purpose, and a 详情 button opens
// its category, volunteers, hash and receipt. A line a link or a search result leads to
// (#line-N, #month-…) is opened first. Wide screens and paper show every line whole
// (steward.css folds only at phone width), and so does a browser without this script.
// What is folded is hidden="until-found", not display: none: the browser's find in page
// (and a link to a piece of text, #:~:text=) reaches it and opens it ("beforematch").
function stewardLedgerFold() {
  var ledger = document.querySelector(".steward-ledger");
  if (!ledger || ledger.getAttribute("data-fold")) return;
  if (!window.matchMedia("screen and (max-width: 49.99em)").matches) return;
  ledger.setAttribute("data-fold", "1");
  var months = ledger.querySelectorAll("section.steward-month");

  // hidden="until-found" (found, the browser takes it off itself after "beforematch")
  function fold(el, folded) {
    if (folded) el.setAttribute("hidden", "until-found");
    else el.removeAttribute("hidden");
  }

  function setMonth(section, open) {
    section.classList.toggle("steward-folded", !open);
    var lines = section.querySelector(".steward-month-lines");
    if (lines) fold(lines, !open);
    var button = section.querySelector("button.steward-month-toggle");
    if (button) {
      button.setAttribute("aria-expanded", open ? "true" : "false");
      button.querySelector(".steward-fold-hint").textContent = open ? "收起 ▴" : "点开看 ▾";
    }
  }

  var DETAILS = "td.cat, td.who, td.hash, td.receipt";

  function setLine(row, open) {
    row.classList.toggle("steward-line-open", open);
    row.querySelectorAll(DETAILS).forEach(function (cell) { fold(cell, !open); });
    var button = row.querySelector("button.steward-line-toggle");
    if (button) {
      button.setAttribute("aria-expanded", open ? "true" : "false");
      button.textContent = open ? "收起" : "详情";
    }
  }

  months.forEach(function (section, n) {
    var heading = section.querySelector("h3");
    var button = document.createElement("button");
    button.type = "button";
    button.className = "steward-month-toggle";
    while (heading.firstChild) button.appendChild(heading.firstChild);
    var hint = document.createElement("span");
    hint.className = "steward-fold-hint";
    // by the month's name, its totals under them
    button.insertBefore(hint, button.querySelector(".steward-month-sum"));
    heading.appendChild(button);
    button.addEventListener("click", function () {
      setMonth(section, section.classList.contains("steward-folded"));
    });
    // the month's lines and the way back under them, in one box that folds
    var lines = document.createElement("div");
    lines.className = "steward-month-lines";
    while (heading.nextSibling) lines.appendChild(heading.nextSibling);
    section.appendChild(lines);
    lines.addEventListener("beforematch", function () { setMonth(section, true); });
    setMonth(section, n === months.length - 1);
    section.querySelectorAll("tr[id^='line-']").forEach(function (row) {
      var cell = document.createElement("td");
      cell.className = "more";
      var more = document.createElement("button");
      more.type = "button";
      more.className = "steward-line-toggle";
      more.setAttribute("aria-label", "第 " + row.id.slice(5) + " 笔的详情");
      cell.appendChild(more);
      row.appendChild(cell);
      row.classList.add("steward-line-fold");
      row.querySelectorAll(DETAILS).forEach(function (cell) {
        cell.addEventListener("beforematch", function () { setLine(row, true); });
      });
      more.addEventListener("click", function () {
        setLine(row, !row.classList.contains("steward-line-open"));
      });
      setLine(row, false);
    });
  });

  // open what a link leads to, before the browser scrolls to it
  function reveal(id, scroll) {
    var target = id && document.getElementById(id);
    if (!target || !ledger.contains(target)) return;
    var section = target.closest("section.steward-month");
    if (section && section.classList.contains("steward-folded")) setMonth(section, true);
    if (target.matches("tr[id^='line-']")) setLine(target, true);
    if (scroll) target.scrollIntoView();
  }
  function hashId() {
    try { return decodeURIComponent(location.hash.slice(1)); } catch (e) { return ""; }
  }
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("a[href*='#']");
    if (!link || link.pathname !== location.pathname) return;
    reveal(decodeURIComponent(link.hash.slice(1)), false);
  }, true);
  window.addEventListener("hashchange", function () { reveal(hashId(), true); });
  reveal(hashId(), true);
}

document$.subscribe(stewardLedgerFold);
