/* Checklist pages: ticks persist in this browser (localStorage), keyed by checklist id and item id,
   so reordering or editing items in the YAML never scrambles them. Nothing leaves the device.
   Also the role/phase filter of the checklists index. Works with Material's instant navigation. */
(function () {
  "use strict";

  var PREFIX = "eguide:checklist:";

  function storageKey(checklistId) {
    return PREFIX + checklistId;
  }

  function load(checklistId) {
    try {
      var raw = window.localStorage.getItem(storageKey(checklistId));
      var data = raw ? JSON.parse(raw) : {};
      return data && typeof data === "object" ? data : {};
    } catch (error) {
      return {};
    }
  }

  function save(checklistId, state) {
    try {
      window.localStorage.setItem(storageKey(checklistId), JSON.stringify(state));
    } catch (error) {
      /* Storage full or disabled: ticks still work for this visit. */
    }
  }

  function setupChecklist(root) {
    var lists = root.querySelectorAll("ul.checklist[data-checklist]");
    if (!lists.length) return;
    var checklistId = lists[0].getAttribute("data-checklist");
    var boxes = root.querySelectorAll("ul.checklist[data-checklist] input[type=checkbox][data-item]");
    var toolbar = root.querySelector("[data-checklist-toolbar]");
    var done = root.querySelector("[data-checklist-done]");
    var state = load(checklistId);

    function refresh() {
      var count = 0;
      boxes.forEach(function (box) {
        if (box.checked) count += 1;
      });
      if (done) done.textContent = String(count);
    }

    boxes.forEach(function (box) {
      box.checked = state[box.getAttribute("data-item")] === true;
      box.addEventListener("change", function () {
        var item = box.getAttribute("data-item");
        if (box.checked) state[item] = true;
        else delete state[item];
        save(checklistId, state);
        refresh();
      });
    });

    if (toolbar) {
      toolbar.hidden = false;
      var reset = toolbar.querySelector("[data-checklist-reset]");
      var print = toolbar.querySelector("[data-checklist-print]");
      var undo = toolbar.querySelector("[data-checklist-undo]");
      var status = toolbar.querySelector("[data-checklist-status]");
      var cleared = null; /* the ticks "Clear all ticks" removed, until Undo or the next tick */
      var say = function (text) {
        if (status) status.textContent = text;
      };
      var forgetUndo = function () {
        cleared = null;
        if (undo) undo.hidden = true;
      };
      boxes.forEach(function (box) {
        box.addEventListener("change", function () {
          if (cleared) {
            forgetUndo();
            say("");
          }
        });
      });
      if (reset) {
        /* Clearing is one tap in a sticky toolbar, so it can always be undone: the ticks it removed are kept
           until Undo, the next tick or leaving the page. */
        reset.addEventListener("click", function () {
          var count = Object.keys(state).length;
          if (!count) {
            say("There are no ticks to clear.");
            return;
          }
          cleared = state;
          state = {};
          save(checklistId, state);
          boxes.forEach(function (box) {
            box.checked = false;
          });
          refresh();
          say("Cleared " + count + (count === 1 ? " tick." : " ticks."));
          if (undo) {
            undo.hidden = false;
            undo.focus();
          }
        });
      }
      if (undo) {
        undo.addEventListener("click", function () {
          if (!cleared) return;
          state = cleared;
          save(checklistId, state);
          boxes.forEach(function (box) {
            box.checked = state[box.getAttribute("data-item")] === true;
          });
          refresh();
          var count = Object.keys(state).length;
          forgetUndo();
          say("Restored " + count + (count === 1 ? " tick." : " ticks."));
          if (reset) reset.focus();
        });
      }
      if (print) {
        print.addEventListener("click", function () {
          window.print();
        });
      }
    }
    refresh();
  }

  function setupFilter(root) {
    var form = root.querySelector("[data-checklist-filter]");
    if (!form) return;
    var role = form.querySelector("select[name=role]");
    var phase = form.querySelector("select[name=phase]");
    var count = form.querySelector("[data-filter-count]");
    var cards = root.querySelectorAll(".checklist-card");

    function apply() {
      var shown = 0;
      cards.forEach(function (card) {
        var roles = (card.getAttribute("data-roles") || "").split(" ");
        var roleOk = !role.value || roles.indexOf(role.value) !== -1 || roles.indexOf("all") !== -1;
        var phaseOk = !phase.value || card.getAttribute("data-phase") === phase.value;
        card.hidden = !(roleOk && phaseOk);
        if (!card.hidden) shown += 1;
      });
      if (count) count.textContent = "Showing " + shown + " of " + cards.length + " checklists";
    }

    form.hidden = false;
    form.addEventListener("submit", function (event) {
      event.preventDefault();
    });
    role.addEventListener("change", apply);
    phase.addEventListener("change", apply);
    apply();
  }

  /* On paper a link is only useful with its address: print the full address after each guide link
     (eguide.css), not the relative one in the page source. */
  function setupPrintAddresses(root) {
    root.querySelectorAll(".checklist-item__ref a[href]").forEach(function (link) {
      link.setAttribute("data-print-href", link.href.replace(/\?.*?(#|$)/, "$1"));
    });
  }

  /* Checklist pages are not in the menu: give each the checklists before and after it, in the order of the
     checklists index (read from that page, so there is one order). Offline (file://) the index cannot be read;
     the pager then keeps only its "All checklists" link. */
  function setupPager(root) {
    var pager = root.querySelector("[data-checklist-pager]");
    if (!pager) return;
    var all = pager.querySelector("a");
    if (window.location.protocol === "file:" || !window.fetch || !window.DOMParser) {
      pager.hidden = false; /* pages opened from disk cannot read another page: only "All checklists" */
      return;
    }
    var here = window.location.pathname.split("/").pop();
    window.fetch(all.href).then(function (response) {
      return response.ok ? response.text() : Promise.reject(response.status);
    }).then(function (html) {
      var index = new DOMParser().parseFromString(html, "text/html");
      var links = Array.prototype.slice.call(index.querySelectorAll(".checklist-card__title a[href]"));
      var names = links.map(function (link) { return link.getAttribute("href").split("#")[0]; });
      var at = names.indexOf(here);
      if (at === -1) return;
      function make(link, rel, label) {
        var a = document.createElement("a");
        a.href = link.getAttribute("href");
        a.rel = rel;
        a.className = "checklist-pager__" + rel;
        var small = document.createElement("small");
        small.textContent = label;
        a.append(small, link.textContent.trim());
        return a;
      }
      pager.textContent = "";
      if (at > 0) pager.append(make(links[at - 1], "prev", "Previous checklist"));
      pager.append(all);
      if (at < links.length - 1) pager.append(make(links[at + 1], "next", "Next checklist"));
      pager.hidden = false;
    }).catch(function () {
      pager.hidden = false;
    });
  }

  function setup() {
    /* Once per page content: instant navigation replaces the article, so a marker on it tells a new page. */
    var article = document.querySelector("article") || document.body;
    if (article.hasAttribute("data-checklists-ready")) return;
    article.setAttribute("data-checklists-ready", "");
    setupChecklist(document);
    setupFilter(document);
    setupPrintAddresses(document);
    setupPager(document);
  }

  /* Run on every page: on each emission of Material's document$ (instant navigation), and once on load,
     because on file:// pages (the offline edition) document$ completes without ever emitting. */
  if (typeof window.document$ !== "undefined" && window.document$.subscribe) {
    window.document$.subscribe({ next: function () { window.setTimeout(setup, 0); } });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setup);
  } else {
    setup();
  }
})();
