// Steward: the ledgers checked in the reader's own browser, on the 账本核验 page
// (its box #steward-verify). The same checks as downloads/steward_verify.py (db/witness.py),
// made here by the reader's phone, not by the site: every area's hash chain, the head
// log (its numbering, its links, its keys and their Ed25519 signatures), every signed
// head still in its ledger, and a head typed from a paper notice. Nothing is sent
// anywhere: the files are read from this site, as anyone may download them.
// What is shown is set as text (textContent), never as HTML: an area's name comes from
// the downloaded files.
(function () {
  "use strict";

  var GENESIS = "0000000000000000000000000000000000000000000000000000000000000000";
  var CONTEXT = "steward-head-log/1\n";
  var MIN_PRINTED = 8;
  var ASK = "请把公示单和这个结果都拍下来，联系社区或街道。";
  var ASK_SCANNED = "请把公示单（或群里那条消息）和这个结果都截图或拍下来，联系社区或街道。";
  var script = document.currentScript;

  function hex(bytes) {
    var out = "";
    var view = new Uint8Array(bytes);
    for (var i = 0; i < view.length; i++) out += (view[i] < 16 ? "0" : "") + view[i].toString(16);
    return out;
  }

  function unhex(text) {
    if (typeof text !== "string" || text.length % 2 || /[^0-9a-f]/i.test(text)) return null;
    var out = new Uint8Array(text.length / 2);
    for (var i = 0; i < out.length; i++) out[i] = parseInt(text.substr(2 * i, 2), 16);
    return out;
  }

  // A number as Python's json.dumps writes it (the hashes were made by Python): whole
  // numbers as digits; others by repr's rule (an exponent below 1e-4 or from 1e16).
  function pyNumber(v) {
    if (!isFinite(v)) throw new Error("not a JSON number");
    if (Number.isInteger(v) && Math.abs(v) < 1e16) return String(v);
    var m = v.toExponential().match(/^(-?)(\d)(?:\.(\d+))?e([+-]\d+)$/);
    var sign = m[1], digits = m[2] + (m[3] || ""), exp = parseInt(m[4], 10);
    if (Number.isInteger(v) && exp < 16) return String(v);
    if (exp < -4 || exp >= 16) {
      var mant = digits.length > 1 ? digits[0] + "." + digits.slice(1) : digits;
      return sign + mant + "e" + (exp < 0 ? "-" : "+") + (Math.abs(exp) < 10 ? "0" : "") +
        Math.abs(exp);
    }
    if (exp < 0) return sign + "0." + "0".repeat(-exp - 1) + digits;
    var whole = digits.length > exp + 1 ? digits.slice(0, exp + 1) + "." + digits.slice(exp + 1)
      : digits + "0".repeat(exp + 1 - digits.length) + ".0";
    return sign + whole;
  }

  // A number the file wrote with a point or an exponent (3.0): Python reads it as a float
  // and writes it back so, where JSON.parse would give 3. Kept where the browser gives
  // the reviver the number's text (JSON.parse source text access).
  function PyFloat(value) { this.value = value; }

  function revive(key, value, context) {
    return typeof value === "number" && context && typeof context.source === "string" &&
      /[.eE]/.test(context.source) ? new PyFloat(value) : value;
  }

  // JSON with sorted keys and no spaces, not ASCII-escaped: what is hashed and signed
  // (Python: json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))).
  function canonical(v) {
    if (v === null) return "null";
    if (v === true) return "true";
    if (v === false) return "false";
    if (typeof v === "number") return pyNumber(v);
    if (v instanceof PyFloat) {
      if (Object.is(v.value, -0)) return "-0.0";
      return Number.isInteger(v.value) && Math.abs(v.value) < 1e16 ? v.value.toFixed(1)
        : pyNumber(v.value);
    }
    if (typeof v === "string") return JSON.stringify(v);
    if (Array.isArray(v)) return "[" + v.map(canonical).join(",") + "]";
    return "{" + Object.keys(v).sort().map(function (k) {
      return JSON.stringify(k) + ":" + canonical(v[k]);
    }).join(",") + "}";
  }

  function without(record, name) {
    var out = {};
    Object.keys(record).forEach(function (k) { if (k !== name) out[k] = record[k]; });
    return out;
  }

  function utf8(text) { return new TextEncoder().encode(text); }

  async function sha256(bytes) { return hex(await crypto.subtle.digest("SHA-256", bytes)); }

  // -- reading the site ------------------------------------------------------------------

  function root() {
    // this file is <site>/assets/steward_verify.js
    return new URL("../", script && script.src ? script.src : location.href);
  }

  async function readJson(rel) {
    var url = new URL(rel, root());
    var response;
    try {
      response = await fetch(url, {cache: "no-store"});
    } catch (e) {  // the browser says "Failed to fetch": English, and says nothing to do
      throw new Error("下载不了" + rel + "：手机可能没有连上网络，或网络太慢。请连好网络后再按一次");
    }
    if (!response.ok) {
      throw new Error(rel + "：读不到（" + response.status + "）。请过一会儿再试；一直这样，请告诉社区或街道");
    }
    try {
      return JSON.parse(await response.text(), revive);
    } catch (e) {
      throw new Error(rel + "：不是有效的数据文件");
    }
  }

  // What hashing needs: WebCrypto, which a browser gives a page over https (or on 127.0.0.1).
  function needCrypto() {
    if (!window.crypto || !crypto.subtle) {
      throw new Error("这个浏览器不能在本页计算哈希（需要用 https 打开本站）。请换用较新的浏览器，或用电脑上的核对程序");
    }
  }

  // An area's ledger file (``rel`` under downloads/; ``label``: the area, as said).
  async function readLedger(rel, label) {
    var ledger = await readJson("downloads/" + rel);
    if (!ledger || !Array.isArray(ledger.lines)) throw new Error(label + "：账本里没有账目");
    return ledger;
  }

  function areaLabel(id, names) {
    var name = names[id];
    return name && name !== id ? name + "（" + id + "）" : id;
  }

  // -- the checks (as steward_verify.py) ----------------------------------------------------

  async function checkLedger(lines, label) {
    var prev = GENESIS;
    for (var n = 1; n <= lines.length; n++) {
      var line = lines[n - 1];
      if (!line || typeof line !== "object" || line.seq !== n) {
        return {head: prev, problem: label + " 第 " + n + " 笔：编号是 " +
          (line && line.seq) + "，有一笔缺失或顺序不对"};
      }
      if (line.prev !== prev) {
        return {head: prev, problem: label + " 第 " + n + " 笔：它记下的“上一笔的哈希”与上一笔对不上（有一笔被删掉、插入或改过）"};
      }
      if (await sha256(utf8(canonical(without(line, "hash")))) !== line.hash) {
        return {head: prev, problem: label + " 第 " + n + " 笔：内容与它的哈希不符（这一笔被改过）"};
      }
      prev = String(line.hash);
    }
    return {head: prev, problem: null};
  }

  async function verifySignature(publicKey, signature, message) {
    var key = unhex(publicKey), sig = unhex(signature);
    if (!key || key.length !== 32 || !sig || sig.length !== 64) return false;
    var imported;
    try {
      imported = await crypto.subtle.importKey("raw", key, {name: "Ed25519"}, false, ["verify"]);
    } catch (e) {
      if (e && e.name === "NotSupportedError") return null;  // an older browser: said so
      return false;
    }
    return crypto.subtle.verify({name: "Ed25519"}, imported, sig, message);
  }

  async function keyId(publicKey) {
    var bytes = unhex(publicKey);
    return bytes ? (await sha256(bytes)).slice(0, 16) : null;
  }

  async function checkLog(records, names) {
    var problems = [], bad = {}, keys = [], count = 0, prev = GENESIS, current = null;
    var unchecked = 0;
    for (var i = 0; i < records.length; i++) {
      var r = records[i];
      count += 1;
      var where = r && r.type === "head" ? "链头记录 #" + r.n + "（" +
        areaLabel(String(r.area), names) + " 第 " + r.seq + " 笔）" :
        (r && r.type === "restore" ? "恢复记录 #" : "密钥记录 #") + (r && r.n);
      var fail = function (text) { problems.push(where + "：" + text); bad[count] = true; };
      if (!r || typeof r !== "object") { fail("不是一条记录"); continue; }
      if (r.n !== count) fail("应为第 " + count + " 条；有记录缺失或顺序被调换");
      else if (r.prev !== prev) fail("它记下的“上一条记录的哈希”对不上：它前面的记录被改过或删除过");
      prev = await sha256(utf8(canonical(r)));
      var message = utf8(CONTEXT + canonical(without(r, "sig")));
      if (r.type === "key") {
        var id = await keyId(String(r.public_key || ""));
        if (!id) { fail("公钥格式不对"); continue; }
        var signing;
        if (current === null) signing = String(r.public_key);
        else if (r.key === await keyId(current)) signing = current;
        else { fail("新密钥不是由原密钥签署的"); continue; }
        var ok = await verifySignature(signing, String(r.sig || ""), message);
        if (ok === null) unchecked += 1;
        else if (!ok) { fail("签名无效（伪造或被改过）"); continue; }
        current = String(r.public_key);
        keys.push({id: id, publicKey: current});
      } else if (r.type === "head" || r.type === "restore") {
        // a restore record (a restore of an older backup) names earlier head records
        // whose lines now read 恢复备份时遗失; it is signed as a head is
        var gone = r.superseded, count0 = count;
        if (r.type === "restore" && (!Array.isArray(gone) || !gone.length || gone.some(function (n) {
          return !Number.isInteger(n) || n < 1 || n >= count0;
        }))) fail("没有写明取代的是前面哪几条链头记录");
        else if (current === null) fail("在任何密钥之前出现");
        else if (r.key !== await keyId(current)) fail("不是由当时的密钥签署的");
        else {
          var good = await verifySignature(current, String(r.sig || ""), message);
          if (good === null) unchecked += 1;
          else if (!good) fail("签名无效：不是街道办的密钥签的（伪造或被改过）");
        }
      } else {
        fail("未知的记录类型");
      }
    }
    return {problems: problems, bad: bad, keys: keys, count: count, unchecked: unchecked};
  }

  // ``only``: the one area checked (its heads alone), or null for all of them.
  function checkHeads(records, ledgers, bad, names, only) {
    var good = {}, failed = {}, count = {}, gone = {}, superseded = {};
    var numbered = {};
    records.forEach(function (r) { if (r) numbered[r.n] = r; });
    records.forEach(function (r) {  // heads a restore record supersedes
      if (r && r.type === "restore" && !bad[r.n]) {
        (r.superseded || []).forEach(function (n) {
          if (!numbered[n] || numbered[n].type !== "head" || n >= r.n) {  // as steward_verify.py
            failed["#restore"] = "恢复记录 #" + r.n + "：说它取代链头记录 #" + n + "，但 #" + n +
              " 不是它前面的链头记录";
          } else if (!gone[n]) gone[n] = r;
        });
      }
    });
    var heads = records.filter(function (r) {
      return r && r.type === "head" && !bad[r.n] && (!only || String(r.area) === only);
    }).sort(function (a, b) {
      return String(a.area) < String(b.area) ? -1 : String(a.area) > String(b.area) ? 1 :
        (a.seq - b.seq) || (a.n - b.n);
    });
    heads.forEach(function (r) {
      var area = String(r.area), label = areaLabel(area, names), lines = ledgers[area];
      if (failed[area]) return;
      if (!lines) { failed[area] = label + "：有签名的链头，却找不到它的账本"; return; }
      if (!Number.isInteger(r.seq) || r.seq < 1) {
        failed[area] = label + "：链头记录 #" + r.n + " 的笔数不对";
        return;
      }
      if (lines.length < r.seq) {
        failed[area] = label + " 第 " + (lines.length + 1) + " 笔：账本只有 " + lines.length +
          " 笔，但签过名的链头有 " + r.seq + " 笔：后面的账被删掉了";
        return;
      }
      if (gone[r.n] && lines[r.seq - 1].hash !== r.head) {
        if (lines[r.seq - 1].kind !== "lost") {
          failed[area] = label + " 第 " + r.seq + " 笔：恢复记录 #" + gone[r.n].n + " 说链头记录 #" + r.n +
            " 签的账恢复备份时遗失了，但这一笔现在不是“恢复备份时遗失”，而是另一笔账：它被改过";
        }
        superseded[area] = (superseded[area] || 0) + 1;
        return;  // superseded by a restore: its line reads 恢复备份时遗失
      }
      if (lines[r.seq - 1].hash !== r.head) {
        failed[area] = label + " 第 " + r.seq + " 笔：哈希与 " + String(r.at).slice(0, 10) +
          " 签名的链头不符：第 " + ((good[area] || 0) + 1) + "–" + r.seq +
          " 笔中有一笔被改过或删过（改动的人把后面每一笔的哈希都重新算过，所以哈希链本身看不出来；街道办签过名的链头看得出）";
        return;
      }
      good[area] = Math.max(good[area] || 0, r.seq);
      count[area] = (count[area] || 0) + 1;
    });
    return {failed: failed, count: count, superseded: superseded};
  }

  // -- the page ----------------------------------------------------------------------------

  // A line of the result: a word saying how it went (not a symbol: a phone without an
  // emoji font showed a box), then what was found.
  function mark(ok) {
    var span = document.createElement("span");
    span.className = "steward-verify-mark " + (ok === true ? "ok" : ok === false ? "bad" : "note");
    span.textContent = ok === true ? "通过" : ok === false ? "有问题" : "请注意";
    return span;
  }

  function say(list, text, ok) {
    var item = document.createElement("li");
    item.appendChild(mark(ok));
    item.appendChild(document.createTextNode(" " + text));
    list.appendChild(item);
    return item;
  }

  function tell(out, text, ok) {
    out.textContent = "";
    if (ok !== undefined) {
      out.appendChild(mark(ok));
      text = " " + text;
    }
    out.appendChild(document.createTextNode(text));
  }

  var loaded = null;  // {records, ledgers, names, fileProblems}

  // -- what this browser saw before (the third check: a head you kept) ---------------------
  // After a check an area passes, its head (line count and hash) is kept in this browser's
  // own storage, and nowhere else; the next check compares: the line it ended at must
  // still carry that hash, or a line up to it was changed or removed since. A failed
  // area's kept head is left as it was (it is the evidence).

  function memoryKey() { return "steward-verify:" + root().href; }

  function remembered() {
    try {
      var doc = JSON.parse(localStorage.getItem(memoryKey()) || "{}");
      return doc && typeof doc === "object" && doc.areas && typeof doc.areas === "object" ? doc : {areas: {}};
    } catch (e) {
      return {areas: {}};
    }
  }

  function remember(doc) {
    try { localStorage.setItem(memoryKey(), JSON.stringify(doc)); } catch (e) { /* private mode */ }
  }

  function today() {
    var d = new Date();
    return d.getFullYear() + "年" + (d.getMonth() + 1) + "月" + d.getDate() + "日";
  }

  // What the kept head of ``area`` says of ``lines`` now: {problem} or {note}, or null.
  // The latest run of lines up to line ``last`` that read 恢复备份时遗失 (kind "lost": an
  // older backup was restored without the lines first published under those numbers):
  // a head kept or printed before that restore no longer holds, and the ledger says why.
  function lostRun(lines, last) {
    var end = Math.min(last, lines.length);
    while (end > 0 && lines[end - 1].kind !== "lost") end--;
    if (end < 1) return null;
    var first = end;
    while (first > 1 && lines[first - 2].kind === "lost") first--;
    return [first, end];
  }

  // Where the money of the lost lines ``run`` is now: a later restore found them again and
  // recorded them after them (a line whose note reads 原第 N 笔（…），恢复备份时找回), or ask.
  function lostSaid(run, what, lines) {
    var which = run[0] === run[1] ? "第 " + run[0] + " 笔" : "第 " + run[0] + "–" + run[1] + " 笔";
    var found = {}, said = [], rest = [], n, m;
    for (var i = run[1]; i < lines.length; i++) {
      m = /^原第 (\d+) 笔（/.exec(String(lines[i].note || ""));
      n = m ? Number(m[1]) : 0;
      if (n >= run[0] && n <= run[1] && !found[n]) found[n] = lines[i].seq;
    }
    for (n = run[0]; n <= run[1]; n++) {
      if (found[n]) said.push("原来的第 " + n + " 笔已找回，现在是第 " + found[n] + " 笔（写着“原第 " + n +
        " 笔……恢复备份时找回”）");
      else rest.push(n);
    }
    if (rest.length) said.push("原来的第 " + rest.join("、") + " 笔重新录入成了第几笔，请向管理方问清楚");
    return which + "现在写着“恢复备份时遗失”：恢复了更早的备份，原来的" + which + "没有恢复；" + what +
      "如果是恢复以前的，这就是对不上的原因。" + said.join("；") + "。";
  }

  function compareKept(kept, lines, label) {
    if (!kept || !Number.isInteger(kept.seq) || kept.seq < 1 || typeof kept.hash !== "string") return null;
    if (lines.length < kept.seq) {
      return {problem: label + "：您" + kept.day + "在本机核对时账本有 " + kept.seq + " 笔，现在只有 " +
        lines.length + " 笔：第 " + (lines.length + 1) + "–" + kept.seq + " 笔被删掉了"};
    }
    if (lines[kept.seq - 1].hash !== kept.hash) {
      var run = lostRun(lines, kept.seq);
      return {problem: label + " 第 " + kept.seq + " 笔：与您" + kept.day + "在本机核对时看到的不同：" + (run ?
        lostSaid(run, "您在本机核对时记下的链头", lines) : "第 1–" + kept.seq +
        " 笔中有一笔被改过或删过（改动的人把后面每一笔的哈希都重新算过，所以哈希链本身看不出来；您记下的链头看得出）")};
    }
    return {note: "与您" + kept.day + "在本机核对时看到的一致（当时 " + kept.seq + " 笔，现在 " + lines.length + " 笔）"};
  }

  // The head log and the ledgers of ``only`` (an area's id), or of every area: a street's
  // ledgers over years are megabytes, more than a phone should fetch to check its own.
  async function load(progress, only) {
    var doc = await readJson("downloads/heads.json");
    if (!doc || doc.format !== "steward-heads/1" || !Array.isArray(doc.records)) {
      throw new Error("downloads/heads.json：不是本系统的链头记录");
    }
    var names = {}, ledgers = {}, fileProblems = [];
    var areas = Object.keys(doc.areas || {}).sort();
    if (only && areas.indexOf(only) < 0) throw new Error("链头记录里没有这个小区：" + only);
    areas.forEach(function (a) {
      var info = doc.areas[a] || {};
      if (info.name) names[a] = String(info.name);
    });
    var wanted = only ? [only] : areas;
    for (var i = 0; i < wanted.length; i++) {
      var a = wanted[i], info = doc.areas[a] || {};
      var rel = String(info.ledger || a + "/ledger.json");
      if (rel.charAt(0) === "/" || rel.split("/").indexOf("..") >= 0 || /^[a-z]+:/i.test(rel)) {
        throw new Error("downloads/heads.json：账本路径不对");
      }
      progress("正在下载账本：" + (names[a] || a) + "（" + (i + 1) + "/" + wanted.length + "）");
      var ledger = await readLedger(rel, areaLabel(a, names));
      ledgers[a] = ledger.lines;
      if (ledger.lines.length && ledger.head !== ledger.lines[ledger.lines.length - 1].hash) {
        fileProblems.push(areaLabel(a, names) + "：文件写的链头与最后一笔的哈希不符");
      }
    }
    return {records: doc.records, ledgers: ledgers, names: names, fileProblems: fileProblems};
  }

  async function runAll(box) {
    var button = box.querySelector("[data-verify=all]");
    var status = box.querySelector("[data-verify=status]");
    var list = box.querySelector("[data-verify=results]");
    list.textContent = "";
    var idle = button.textContent;
    button.disabled = true;
    button.textContent = "正在核对…";
    var progress = function (text) { status.textContent = text; };
    try {
      needCrypto();
      var which = box.querySelector("[data-verify=which]");
      var only = which && which.value ? which.value : null;
      loaded = await load(progress, only);
      var problems = loaded.fileProblems.slice(), names = loaded.names;
      var areas = Object.keys(loaded.ledgers).sort(), chains = {};
      for (var i = 0; i < areas.length; i++) {
        progress("正在核对哈希链：" + (names[areas[i]] || areas[i]) + "（" + (i + 1) + "/" + areas.length + "）");
        chains[areas[i]] = await checkLedger(loaded.ledgers[areas[i]], areaLabel(areas[i], names));
        if (chains[areas[i]].problem) problems.push(chains[areas[i]].problem);
      }
      progress("正在核对链头记录和签名（" + loaded.records.length + " 条）…");
      var log = await checkLog(loaded.records, names);
      problems = problems.concat(log.problems);
      var heads = checkHeads(loaded.records, loaded.ledgers, log.bad, names, only);
      Object.keys(heads.failed).sort().forEach(function (a) { problems.push(heads.failed[a]); });
      var memory = remembered(), compared = {};
      areas.forEach(function (a) {
        if (chains[a].problem) return;
        compared[a] = compareKept(memory.areas[a], loaded.ledgers[a], areaLabel(a, names));
        if (compared[a] && compared[a].problem) problems.push(compared[a].problem);
        else if (!heads.failed[a] && !log.problems.length && loaded.ledgers[a].length) {
          var lines = loaded.ledgers[a];
          memory.areas[a] = {seq: lines.length, hash: lines[lines.length - 1].hash, day: today()};
        }
      });
      remember(memory);
      status.textContent = "";
      var verdict = problems.length ? "发现 " + problems.length + " 个问题（见下面标“有问题”的）。请截图，并联系社区或街道。" :
        log.unchecked ? "哈希链和链头都核对通过；但这个浏览器不能核对签名（见下）。" :
        (only ? "核对通过：" + areaLabel(only, names) + "的账本、" : "全部核对通过：" + areas.length +
          " 个小区的账本、") + log.count + " 条链头记录和它们的签名。";
      var head = say(list, verdict, problems.length ? false : log.unchecked ? null : true);
      head.className = "steward-verify-verdict";
      problems.forEach(function (p) { say(list, p, false); });
      areas.forEach(function (a) {
        var c = chains[a], lines = loaded.ledgers[a];
        if (c.problem) return;
        var n = heads.count[a] || 0, kept = compared[a];
        var bad = Boolean(heads.failed[a] || (kept && kept.problem));
        say(list, areaLabel(a, names) + "：" + lines.length + " 笔，哈希链通过，链头 " +
          c.head.slice(0, 16) + "…" + (heads.failed[a] ? "；签过名的链头对不上（见上）" :
            n ? "；签过名的 " + n + " 个链头都在账本里" : "；尚未签名") +
          (heads.superseded[a] ? "（另有 " + heads.superseded[a] + " 个链头签的账恢复备份时遗失了，由恢复记录写明，不再作数）" : "") +
          (kept && kept.note ? "；" + kept.note : kept || bad ? "" : "；本机第一次核对，已记下现在的链头，下次核对时对照"),
          !bad);
      });
      if (log.unchecked) {
        say(list, "这个浏览器不能核对 Ed25519 签名（" + log.unchecked + " 条未核对）。请更新浏览器，或用电脑上的核对程序。", null);
      } else if (!log.problems.length) {
        var key = log.keys.length ? log.keys[log.keys.length - 1] : null;
        say(list, "链头记录 " + log.count + " 条：编号连续、前后相连，签名都有效" +
          (key ? "；现用公钥编号 " + key.id + "，请与公示单上印的核对" : ""), true);
        loaded.records.forEach(function (r) {  // a restore's record, said as it reads
          if (!r || r.type !== "restore" || log.bad[r.n]) return;
          say(list, "链头记录 #" + r.n + " 是恢复记录：" + String(r.at).slice(0, 16).replace("T", " ") +
            " 恢复了 " + String(r.backup).slice(0, 16).replace("T", " ") + " 的备份；此前签名的链头记录 #" +
            (r.superseded || []).join("、#") + " 签的账恢复后写着“恢复备份时遗失”，这些链头不再作数（记录原样保留）", null);
        });
      }
    } catch (e) {
      status.textContent = "";
      say(list, "没能核对：" + (e && e.message ? e.message : e), false);
    } finally {
      button.disabled = false;
      button.textContent = idle;
    }
  }

  // Digits and letters typed full-width (７６, ８１ｄｂ: a Chinese input method's default)
  // read as the plain ones the notice prints.
  function wide(text) { return text.normalize ? text.normalize("NFKC") : text; }

  // ``scanned``: the head came in the address opened (a notice's QR code, or the link in
  // the bot's head message in a volunteers' group), not typed by the reader.
  async function checkPrinted(box, scanned) {
    // Not pressed twice while a slow phone downloads the ledger.
    var button = box.querySelector("[data-verify=printed] button[type=submit]");
    if (button) button.disabled = true;
    try {
      await checkPrintedNow(box, scanned);
    } finally {
      if (button) button.disabled = false;
    }
  }

  async function checkPrintedNow(box, scanned) {
    var out = box.querySelector("[data-verify=printed-result]");
    var seqText = wide(box.querySelector("[data-verify=seq]").value).trim().replace(/^第/, "").replace(/笔$/, "").trim();
    var typed = wide(box.querySelector("[data-verify=hash]").value).replace(/\s+/g, "").replace(/[….]+$/, "");
    var printed = typed.toLowerCase();
    var area = box.querySelector("[data-verify=area]").value;
    out.textContent = "";
    if (!/^\d+$/.test(seqText) || parseInt(seqText, 10) < 1) {
      tell(out, "笔数应是一个正整数（公示单上“本区域账本共 N 笔”的 N）。", false);
      return;
    }
    if (printed.length < MIN_PRINTED || printed.length > 64 || /[^0-9a-f]/.test(printed)) {
      // A paper's 0 read as the letter O, its 1 as l: say which character, and what it may be.
      var odd = printed.match(/[^0-9a-f]/);
      var which = odd ? "第 " + (printed.indexOf(odd[0]) + 1) + " 个字“" + typed.charAt(printed.indexOf(odd[0])) + "”不是数字 0–9 或字母 a–f" +
        (/[o]/.test(odd[0]) ? "：如果是圆圈，那是数字零 0" : /[il]/.test(odd[0]) ? "：如果是一竖，那是数字一 1" : "") + "。" : "";
      tell(out, which + "链头应是公示单上印的哈希（0–9 和 a–f），至少前 " + MIN_PRINTED + " 位。", false);
      return;
    }
    var select = box.querySelector("[data-verify=area]");
    var label = select.selectedIndex >= 0 ? select.options[select.selectedIndex].textContent : area;
    var seq = parseInt(seqText, 10), lines = loaded && loaded.ledgers[area];
    if (!/^[A-Za-z0-9_-]+$/.test(area)) { tell(out, "请选择小区。", false); return; }
    if (!lines) {
      tell(out, "正在下载并核对" + label + "的账本…");
      try {
        needCrypto();
        lines = (await readLedger(area + "/ledger.json", label)).lines;
      } catch (e) {
        tell(out, "没能核对：" + (e && e.message ? e.message : e), false);
        return;
      }
    }
    var chain = await checkLedger(lines, label);
    if (chain.problem) {  // the chain itself broken: the printed head proves nothing
      tell(out, chain.problem, false);
      return;
    }
    if (lines.length < seq) {
      tell(out, label + "：账本现在只有 " + lines.length + " 笔，" + (scanned ? "您打开的链接" : "公示单上印") +
        "的是第 " + seq + " 笔的链头。" + (scanned ? "" : "如果笔数没有输错，") + "就是后面的账被删掉了：" +
        (scanned ? ASK_SCANNED : ASK), false);
      return;
    }
    var now = String(lines[seq - 1].hash || "");
    if (now.indexOf(printed) !== 0) {
      var at = 0;
      while (at < printed.length && now[at] === printed[at]) at++;
      var lost = lostRun(lines, seq);  // a restore since the notice was printed, perhaps
      tell(out, label + " 第 " + seq + " 笔：网站上的哈希是 " + now.slice(0, printed.length) +
        "，" + (scanned ? "您打开的链接里" : "公示单上印") + "的是 " + printed + "，从第 " + (at + 1) + " 位起不同。" + (lost ?
        (scanned ? "" : "请再对一遍您选的小区和输入的笔数、链头；如果没有输错：") +
        lostSaid(lost, scanned ? "公示单或群里的链头消息" : "公示单", lines) : scanned ?
        "这个链头是链接带来的（公示单上的二维码，或志愿者群里的链头消息），不是手输的：如果公示单是社区贴出的、消息是群里发的，就说明它们发出以后，这一笔或它以前的账被改过。" + ASK_SCANNED :
        "请再对一遍您选的小区和输入的笔数、链头；如果没有输错，就是这一笔或它以前的账被改过：" + ASK), false);
      return;
    }
    tell(out, (scanned ? "链头相符：" : "公示单上的链头相符：") + label + " 第 " + seq + " 笔的哈希是 " + now +
      "，与" + (scanned ? "您打开的链接（公示单上的二维码或群里的链头消息）里" : "公示单上印") + "的前 " +
      printed.length + " 位一致：从那时起这一笔和它以前的账都没有被改过。", true);
  }

  function start() {
    var box = document.getElementById("steward-verify");
    if (!box || box.getAttribute("data-ready")) return;
    box.setAttribute("data-ready", "1");
    box.hidden = false;
    box.querySelector("[data-verify=all]").addEventListener("click", function () { runAll(box); });
    var forget = box.querySelector("[data-verify=forget]");
    if (forget) {
      forget.addEventListener("click", function () {
        try { localStorage.removeItem(memoryKey()); } catch (e) { /* nothing kept */ }
        box.querySelector("[data-verify=forgotten]").textContent = "本机记下的链头已经删掉。";
      });
    }
    var chosen = box.querySelector("[data-verify=which]");
    if (chosen) chosen.addEventListener("change", function () { if (chosen.value) same(box, chosen.value); });
    var form = box.querySelector("[data-verify=printed]");
    if (form) {
      form.addEventListener("submit", function (e) { e.preventDefault(); checkPrinted(box); });
      fromNotice(box, form);
    }
  }

  // The QR code beside a paper notice's head opens this page with that head
  // (?area=…&seq=…&head=…): the form is filled in as the notice prints it and checked at
  // once, so that scanning is all a resident does.
  // The compound chosen for 开始核对 is the one a notice is checked against too: coming
  // from her compound's accounts page, the notice form had the first compound of the
  // street chosen, and her own notice's head was said not to match.
  function same(box, area) {
    var select = box.querySelector("[data-verify=area]");
    if (select && Array.prototype.some.call(select.options, function (o) { return o.value === area; })) {
      select.value = area;
    }
  }

  function inView(node) {
    var show = function () { node.scrollIntoView({block: "center"}); };
    if (document.readyState === "complete") show();
    else window.addEventListener("load", function () { setTimeout(show, 0); });
  }

  function fromNotice(box, form) {
    var query = new URLSearchParams(location.search);
    var area = query.get("area"), seq = query.get("seq"), head = query.get("head");
    // An area's accounts page links here at its compound's option (#verify-<area>).
    var only = location.hash.indexOf("#verify-") === 0 ? decodeURIComponent(location.hash.slice(8)) : "";
    var which = box.querySelector("[data-verify=which]");
    if (only && which && Array.prototype.some.call(which.options, function (o) { return o.value === only; })) {
      which.value = only;
      same(box, only);
      // (centred: at the top the site's header covered the choice and its label)
      inView(which.parentNode);
    }
    if (!area || !seq || !head) return;
    var select = box.querySelector("[data-verify=area]");
    var known = Array.prototype.some.call(select.options, function (o) { return o.value === area; });
    var out = box.querySelector("[data-verify=printed-result]");
    if (!known) {
      tell(out, "扫到的公示单是本站没有的小区（" + area.slice(0, 40) + "）的：请确认打开的是印在公示单上的网站。", false);
      inView(out);
    } else {
      select.value = area;
      var which = box.querySelector("[data-verify=which]");
      if (which) which.value = area;  // "开始核对" then checks that compound too
      box.querySelector("[data-verify=seq]").value = seq.slice(0, 12);
      box.querySelector("[data-verify=hash]").value = head.slice(0, 64);
      // The answer is what she scanned for: shown where she looks, once it is there
      // (below the form, off a phone's screen; and after the browser's own jump to #steward-verify).
      checkPrinted(box, true).then(function () { inView(out); });
    }
    form.scrollIntoView();
  }

  if (typeof document$ !== "undefined" && document$.subscribe) document$.subscribe(start);
  else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();

  window.stewardVerify = {canonical: canonical, parse: function (text) { return JSON.parse(text, revive); }};
}());
