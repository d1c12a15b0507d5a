// On a narrow screen (a phone, or a desktop at 200 % zoom) the main menu folds away behind a
// "Menu" button, so the page's own content starts near the top. Without JavaScript, and on a
// wide screen, the menu is simply shown in full.
(function () {
  "use strict";
  var nav = document.querySelector(".ksd-nav");
  var list = nav && nav.querySelector(".ksd-nav__list");
  if (!list) { return; }
  var narrow = window.matchMedia("(max-width: 48rem)");
  var button = document.createElement("button");
  button.type = "button";
  button.id = "menu-toggle";
  button.className = "ksd-nav__toggle";
  button.textContent = nav.getAttribute("data-menu-label") || "Menu";
  button.setAttribute("aria-controls", list.id);
  button.setAttribute("aria-expanded", "false");
  button.addEventListener("click", function () {
    var open = button.getAttribute("aria-expanded") !== "true";
    button.setAttribute("aria-expanded", open ? "true" : "false");
    list.hidden = !open;
  });
  function fit() {
    if (narrow.matches) {
      if (!button.parentNode) { nav.insertBefore(button, list); }
      list.hidden = button.getAttribute("aria-expanded") !== "true";
    } else {
      if (button.parentNode) { button.parentNode.removeChild(button); }
      list.hidden = false;
    }
  }
  if (narrow.addEventListener) { narrow.addEventListener("change", fit); } else { narrow.addListener(fit); }
  fit();
}());
