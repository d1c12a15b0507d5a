// Type-ahead for fields that name an organisation, and a filter for long country lists.
// Without JavaScript both stay what they are: a plain text field and a plain list.
// The combobox follows the WAI-ARIA "combobox with listbox popup" pattern: arrow keys move
// through the suggestions, Enter takes one, Escape closes the list; a live region says how
// many suggestions there are.
(function () {
  "use strict";

  function combobox(input, n) {
    var url = input.getAttribute("data-suggest");
    var listId = input.id + "-suggestions";
    var list = document.createElement("ul");
    list.id = listId;
    list.className = "ksd-suggestions";
    list.setAttribute("role", "listbox");
    list.setAttribute("aria-label", input.getAttribute("data-suggest-label") || "");
    list.hidden = true;
    var status = document.createElement("div");
    status.className = "ksd-visually-hidden";
    status.setAttribute("role", "status");
    input.parentNode.appendChild(list);
    input.parentNode.appendChild(status);
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", listId);
    input.setAttribute("autocomplete", "off");
    var items = [], active = -1, timer = null, asked = 0;

    function close() {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }
    function mark(i) {
      var options = list.children;
      for (var k = 0; k < options.length; k++) { options[k].setAttribute("aria-selected", k === i ? "true" : "false"); }
      active = i;
      if (i >= 0) { input.setAttribute("aria-activedescendant", options[i].id); options[i].scrollIntoView({block: "nearest"}); }
    }
    function take(i) {
      if (i < 0 || i >= items.length) { return; }
      input.value = items[i].value;
      close();
    }
    function show(found) {
      items = found;
      list.innerHTML = "";
      found.forEach(function (s, i) {
        var li = document.createElement("li");
        li.id = listId + "-" + i;
        li.setAttribute("role", "option");
        li.setAttribute("aria-selected", "false");
        li.className = "ksd-suggestions__option";
        li.textContent = s.label;
        li.addEventListener("mousedown", function (e) { e.preventDefault(); take(i); });
        list.appendChild(li);
      });
      var template = input.getAttribute("data-suggest-count") || "%(n)s";
      status.textContent = template.replace("%(n)s", String(found.length));
      if (found.length) {
        list.hidden = false;
        input.setAttribute("aria-expanded", "true");
      } else {
        close();
      }
      active = -1;
    }
    function ask() {
      var q = input.value.trim();
      if (q.length < 2 || /\(#\d+\)$/.test(q)) { show([]); return; }
      var mine = ++asked;
      fetch(url + "?q=" + encodeURIComponent(q), {credentials: "same-origin", headers: {"Accept": "application/json"}})
        .then(function (r) { return r.ok ? r.json() : {suggestions: []}; })
        .then(function (data) { if (mine === asked) { show(data.suggestions || []); } })
        .catch(function () { show([]); });
    }
    input.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(ask, 200); });
    input.addEventListener("keydown", function (e) {
      if (list.hidden) { if (e.key === "ArrowDown" && items.length) { list.hidden = false; input.setAttribute("aria-expanded", "true"); mark(0); e.preventDefault(); } return; }
      if (e.key === "ArrowDown") { mark(Math.min(active + 1, items.length - 1)); e.preventDefault(); }
      else if (e.key === "ArrowUp") { mark(Math.max(active - 1, 0)); e.preventDefault(); }
      else if (e.key === "Enter") { if (active >= 0) { take(active); e.preventDefault(); } }
      else if (e.key === "Escape") { close(); e.preventDefault(); }
    });
    input.addEventListener("blur", function () { setTimeout(close, 100); });
  }

  function countryFilter(select) {
    var label = select.getAttribute("data-filter-label") || "";
    var wrap = document.createElement("div");
    wrap.className = "ksd-filter";
    var id = select.id + "-filter";
    var l = document.createElement("label");
    l.className = "utrecht-form-label";
    l.htmlFor = id;
    l.textContent = label;
    var input = document.createElement("input");
    input.type = "search";
    input.id = id;
    input.className = "utrecht-textbox utrecht-textbox--html-input";
    input.setAttribute("aria-controls", select.id);
    input.setAttribute("autocomplete", "off");
    wrap.appendChild(l);
    wrap.appendChild(input);
    select.parentNode.insertBefore(wrap, select);
    input.addEventListener("input", function () {
      var q = input.value.trim().toLowerCase();
      Array.prototype.forEach.call(select.options, function (o) {
        o.hidden = q !== "" && !o.selected && o.text.toLowerCase().indexOf(q) === -1 && o.value.toLowerCase() !== q;
      });
    });
    input.addEventListener("keydown", function (e) { if (e.key === "Enter") { e.preventDefault(); } });
  }

  function start() {
    Array.prototype.forEach.call(document.querySelectorAll("input[data-suggest]"), combobox);
    Array.prototype.forEach.call(document.querySelectorAll("select[data-filter-label]"), countryFilter);
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); } else { start(); }
})();
