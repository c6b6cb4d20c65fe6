/* Glossary terms on touch screens: a tap on a dotted term shows its definition in place, in a small popover
   with a link to the full glossary entry, instead of leaving the page for the glossary. Escape, the Close
   button or a tap elsewhere closes it and focus returns to the term. With a mouse, hover and keyboard focus
   keep Material's tooltip, and a click still opens the glossary entry. (The glossary page's row of letter
   links is made by the build: templates/site/letter-index.html.j2.) */
(function () {
  "use strict";

  var touch = window.matchMedia ? window.matchMedia("(hover: none), (pointer: coarse)") : { matches: false };
  var open = null; /* { term, popover } */

  function definitionOf(term) {
    if (term.hasAttribute("data-definition")) return term.getAttribute("data-definition");
    var text = term.getAttribute("title");
    if (!text) {
      /* Material's tooltips move the title into a tooltip element the term points to. */
      var tip = document.getElementById(term.getAttribute("aria-describedby") || "");
      text = tip ? tip.textContent.trim() : "";
    }
    if (text) term.setAttribute("data-definition", text);
    return text;
  }

  function close(returnFocus) {
    if (!open) return;
    var current = open;
    open = null;
    current.popover.remove();
    document.documentElement.classList.remove("glossary-pop-open");
    current.term.setAttribute("aria-expanded", "false");
    if (returnFocus) current.term.focus();
  }

  function show(term) {
    var definition = definitionOf(term);
    if (!definition) return false;
    close(false);
    var popover = document.createElement("span");
    var id = "glossary-pop-" + Math.random().toString(36).slice(2, 8);
    popover.id = id;
    popover.className = "glossary-pop";
    popover.setAttribute("role", "dialog");
    popover.setAttribute("aria-label", "Definition of " + term.textContent.trim());
    popover.tabIndex = -1;
    var name = document.createElement("strong");
    name.className = "glossary-pop__term";
    name.textContent = term.textContent.trim();
    var text = document.createElement("span");
    text.className = "glossary-pop__text";
    text.textContent = definition;
    var more = document.createElement("a");
    more.className = "glossary-pop__link";
    more.href = term.href;
    more.textContent = "Glossary entry";
    var shut = document.createElement("button");
    shut.type = "button";
    shut.className = "glossary-pop__close";
    shut.textContent = "Close";
    shut.addEventListener("click", function () {
      close(true);
    });
    popover.append(name, " ", text, " ", more, shut);
    term.insertAdjacentElement("afterend", popover);
    term.setAttribute("aria-expanded", "true");
    term.setAttribute("aria-controls", id);
    open = { term: term, popover: popover };
    document.documentElement.classList.add("glossary-pop-open"); /* hides Material's tooltip meanwhile */
    popover.focus();
    return true;
  }

  document.addEventListener("click", function (event) {
    var term = event.target.closest ? event.target.closest("a.glossary-term") : null;
    if (term && touch.matches) {
      if (open && open.term === term) {
        close(true);
        event.preventDefault();
        return;
      }
      if (show(term)) event.preventDefault();
      return;
    }
    if (open && !open.popover.contains(event.target)) close(false);
  }, true);

  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && open) {
      event.preventDefault();
      close(true);
    }
  });

  function setup() {
    close(false);
    document.querySelectorAll("a.glossary-term").forEach(definitionOf);
  }

  if (typeof window.document$ !== "undefined" && window.document$.subscribe) {
    window.document$.subscribe({ next: function () { window.setTimeout(setup, 0); } });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setup);
  } else {
    setup();
  }
})();
