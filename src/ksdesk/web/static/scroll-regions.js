// A table wider than its container scrolls sideways; keyboard users can only scroll what they can
// focus. Each container that actually overflows becomes a labelled, focusable region (named after
// its table's caption); one that fits stays out of the tab order. Without JavaScript the tables
// still scroll with a mouse or a finger.
(function () {
  "use strict";
  function mark() {
    document.querySelectorAll(".utrecht-table-container").forEach(function (box) {
      var overflows = box.scrollWidth > box.clientWidth + 1;
      if (overflows) {
        var caption = box.querySelector("caption");
        box.setAttribute("tabindex", "0");
        box.setAttribute("role", "region");
        box.setAttribute("aria-label", caption ? caption.textContent.trim() : document.title);
      } else if (box.getAttribute("role") === "region") {
        box.removeAttribute("tabindex");
        box.removeAttribute("role");
        box.removeAttribute("aria-label");
      }
    });
  }
  var pending = null;
  window.addEventListener("resize", function () {
    if (pending) { window.clearTimeout(pending); }
    pending = window.setTimeout(mark, 100);
  });
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", mark);
  } else {
    mark();
  }
}());
