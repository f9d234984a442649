// Opens every change (and prints them all) with one button; the cards work without this.
(function () {
  "use strict";
  var button = document.querySelector(".st-expand-all");
  var all = function () { return document.querySelectorAll("details"); };
  if (button) {
    button.addEventListener("click", function () {
      var open = button.getAttribute("aria-pressed") !== "true";
      all().forEach(function (d) { d.open = open; });
      button.setAttribute("aria-pressed", open ? "true" : "false");
      button.textContent = open ? "Hide all changes" : "Show all changes";
    });
  }
  var opened = [];
  window.addEventListener("beforeprint", function () {
    opened = [];
    all().forEach(function (d) { if (!d.open) { opened.push(d); d.open = true; } });
  });
  window.addEventListener("afterprint", function () {
    opened.forEach(function (d) { d.open = false; });
  });
})();

// "Compare two revisions": a paragraph-level then word-level diff of any two revisions, from
// the bodies the page carries in data-revisions. Text is only ever set with textContent.
(function () {
  "use strict";
  var section = document.querySelector(".st-compare");
  if (!section) return;
  var data = JSON.parse(section.getAttribute("data-revisions"));
  var form = section.querySelector("form");
  var result = section.querySelector(".st-compare-result");
  var MAX_CELLS = 250000;  // past this, paragraphs are compared whole

  // The longest common subsequence of a and b as pairs [i, j], in order.
  function lcs(a, b, same) {
    var n = a.length, m = b.length, i, j;
    if (n * m > MAX_CELLS) return null;
    var table = [];
    for (i = 0; i <= n; i++) table.push(new Array(m + 1).fill(0));
    for (i = n - 1; i >= 0; i--) {
      for (j = m - 1; j >= 0; j--) {
        table[i][j] = same(a[i], b[j]) ? table[i + 1][j + 1] + 1
                                       : Math.max(table[i + 1][j], table[i][j + 1]);
      }
    }
    var pairs = [];
    i = 0; j = 0;
    while (i < n && j < m) {
      if (same(a[i], b[j])) { pairs.push([i, j]); i++; j++; }
      else if (table[i + 1][j] >= table[i][j + 1]) i++;
      else j++;
    }
    return pairs;
  }

  function element(tag, text, className) {
    var e = document.createElement(tag);
    if (text !== undefined) e.textContent = text;
    if (className) e.className = className;
    return e;
  }

  // A paragraph changed from `before` to `after`, marked word by word.
  function words(before, after) {
    var item = element("li", undefined, "st-edit");
    var a = before.split(/(\s+)/), b = after.split(/(\s+)/);
    var pairs = lcs(a, b, function (x, y) { return x === y; });
    if (pairs === null) {
      item.appendChild(element("del", before));
      item.appendChild(document.createTextNode(" "));
      item.appendChild(element("ins", after));
      return item;
    }
    var i = 0, j = 0;
    pairs.push([a.length, b.length]);
    pairs.forEach(function (p) {
      if (i < p[0]) item.appendChild(element("del", a.slice(i, p[0]).join("")));
      if (j < p[1]) item.appendChild(element("ins", b.slice(j, p[1]).join("")));
      if (p[0] < a.length) item.appendChild(document.createTextNode(a[p[0]]));
      i = p[0] + 1; j = p[1] + 1;
    });
    return item;
  }

  function compare(fromNumber, toNumber) {
    var byNumber = {};
    data.revisions.forEach(function (r) { byNumber[r.number] = r; });
    var from = byNumber[fromNumber], to = byNumber[toNumber];
    var list = element("ol", undefined, "st-blocks");
    var text = function (id) { return data.blocks[id][1]; };
    var pairs = lcs(from.body, to.body, function (x, y) { return x === y; }) || [];
    var i = 0, j = 0, changes = 0, unchanged = 0;
    pairs.push([from.body.length, to.body.length]);
    pairs.forEach(function (p) {
      var removed = from.body.slice(i, p[0]), added = to.body.slice(j, p[1]);
      var k;
      for (k = 0; k < Math.max(removed.length, added.length); k++) {
        changes++;
        if (k < removed.length && k < added.length) {
          list.appendChild(words(text(removed[k]), text(added[k])));
        } else if (k < removed.length) {
          list.appendChild(element("li", undefined, "st-delete")).appendChild(element("del", text(removed[k])));
        } else {
          list.appendChild(element("li", undefined, "st-insert")).appendChild(element("ins", text(added[k])));
        }
      }
      if (p[0] < from.body.length) unchanged++;
      i = p[0] + 1; j = p[1] + 1;
    });
    result.textContent = "";
    var heading = "Revision " + from.number + " (" + from.captured_at + ") to revision " +
                  to.number + " (" + to.captured_at + "): " + changes + " paragraph" +
                  (changes === 1 ? "" : "s") + " differ, " + unchanged + " unchanged.";
    result.appendChild(element("p", heading, "st-compare-summary"));
    if (from.headline !== to.headline) {
      var h = element("p", undefined, "st-field");
      h.appendChild(element("span", "Headline: ", "st-label"));
      h.appendChild(element("del", from.headline));
      h.appendChild(document.createTextNode(" "));
      h.appendChild(element("ins", to.headline));
      result.appendChild(h);
    }
    result.appendChild(list);
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    compare(Number(form.elements.from.value), Number(form.elements.to.value));
  });

  // A link to #compare-A-B shows that comparison.
  function fromHash() {
    var match = /^#compare-(\d+)-(\d+)$/.exec(window.location.hash);
    if (!match) return;
    form.elements.from.value = match[1];
    form.elements.to.value = match[2];
    compare(Number(match[1]), Number(match[2]));
  }
  window.addEventListener("hashchange", fromHash);
  fromHash();
})();

// A link to #revision-N opens that revision's changes (and its group of minor revisions).
(function () {
  "use strict";
  function fromHash() {
    var match = /^#revision-(\d+)$/.exec(window.location.hash);
    var card = match && document.getElementById("revision-" + match[1]);
    if (!card) return;
    for (var node = card; node; node = node.parentElement) {
      if (node.tagName === "DETAILS") node.open = true;
    }
    var changes = card.querySelector("details");
    if (changes) changes.open = true;
  }
  window.addEventListener("hashchange", fromHash);
  fromHash();
})();
