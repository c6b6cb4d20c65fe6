/* Keyboard access the theme does not give by itself (WCAG 2.1.1 keyboard, 2.4.3 focus order, 2.4.7 focus visible).
   Works with Material's instant navigation; touches nothing at desktop width except wide tables.

   1. A table wider than the screen scrolls sideways in its wrapper: the wrapper becomes a named,
      focusable region so keyboard users can scroll it (axe: scrollable-region-focusable).
   2. "Skip to content" goes to the page title (Material sends it past the introduction to the first h2), and
      after instant navigation focus starts at the new page's title, not where the old page's link was.
   3. Below 1220 px the navigation is a drawer of sliding panes, opened by labels (the checkbox hack).
      Labels are not focusable, and links in closed or covered panes stay in the tab order although
      nobody can see them. Here the menu button and the pane labels become buttons, and only the pane
      on top of an open drawer is in the tab order (and visible, with eguide.css). Escape closes the drawer.
   4. The search results box is a tab stop only while it shows results (Material's result links are not). */
(function () {
  "use strict";

  /* ---- 1. Wide tables ---------------------------------------------------------------------- */

  function tableName(wrap, index) {
    var caption = wrap.querySelector("caption");
    if (caption && caption.textContent.trim()) return caption.textContent.trim() + " (scrolls sideways)";
    var heading = null;
    var node = wrap.closest(".md-typeset__table") || wrap;
    while (node && !heading) {
      node = node.previousElementSibling;
      if (node && /^H[2-6]$/.test(node.tagName)) heading = node;
    }
    var text = heading ? heading.textContent.replace(/\u00b6/g, "").trim() : "";
    return (text ? "Table: " + text : "Table " + (index + 1)) + " (scrolls sideways)";
  }

  function markScrollableTables() {
    document.querySelectorAll(".md-typeset__scrollwrap").forEach(function (wrap, index) {
      var scrolls = wrap.scrollWidth > wrap.clientWidth + 1;
      if (scrolls && !wrap.hasAttribute("tabindex")) {
        wrap.setAttribute("tabindex", "0");
        wrap.setAttribute("role", "region");
        wrap.setAttribute("aria-label", tableName(wrap, index));
      } else if (!scrolls && wrap.getAttribute("role") === "region") {
        wrap.removeAttribute("tabindex");
        wrap.removeAttribute("role");
        wrap.removeAttribute("aria-label");
      }
    });
  }

  /* ---- 2. The skip link ---------------------------------------------------------------------- */

  /* Material points "Skip to content" at the first heading of the table of contents, which skips the page
     title and introduction (the title comes from front matter, so the first heading is the first h2), and
     gives pages without headings no skip link at all. Point it at the page title, and add it where missing. */
  function fixSkipLink() {
    var title = document.querySelector("article.md-content__inner h1");
    var holder = document.querySelector("[data-md-component='skip']");
    if (!title || !holder) return;
    if (!title.id) title.id = "page-title";
    var skip = holder.querySelector("a.md-skip");
    if (!skip) {
      skip = document.createElement("a");
      skip.className = "md-skip";
      skip.textContent = "Skip to content";
      holder.appendChild(skip);
    }
    skip.setAttribute("href", "#" + title.id);
  }

  /* Following the skip link moves keyboard focus to the title, not only the scroll position, so the next Tab
     continues in the content. Handled here in the capture phase, with the default prevented: left to the hash
     change and Material's handlers, the focus was dropped again right after it moved. */
  document.addEventListener("click", function (event) {
    var skip = event.target instanceof Element ? event.target.closest("a.md-skip") : null;
    if (!skip) return;
    var target = document.getElementById((skip.getAttribute("href") || "").slice(1));
    if (!target) return;
    event.preventDefault();
    event.stopPropagation();
    if (!target.hasAttribute("tabindex")) target.setAttribute("tabindex", "-1");
    target.focus();
  }, true);

  /* ---- 3. The navigation drawer ------------------------------------------------------------ */

  var drawerLayout = window.matchMedia("(max-width: 76.234375em)");
  var NAV_ITEMS = "a[href], label.md-nav__link[for], label.md-nav__title[for]";

  function drawer() {
    return document.getElementById("__drawer");
  }

  /* The menu "button" in the header is a label for the drawer checkbox. It is replaced by a real button (a
     label cannot take the button role) that opens the drawer the same way; without JavaScript the label stays. */
  function menuButton() {
    var existing = document.querySelector(".md-header button.a11y-menu-button");
    if (existing) return existing;
    var label = document.querySelector(".md-header label.md-header__button[for='__drawer']");
    if (!label) return null;
    var button = document.createElement("button");
    button.type = "button";
    button.className = "md-header__button md-icon a11y-menu-button";
    button.setAttribute("aria-label", "Navigation menu");
    button.innerHTML = label.innerHTML;
    button.addEventListener("click", function () {
      activate(label);
    });
    label.insertAdjacentElement("afterend", button);
    label.classList.add("a11y-replaced");
    return button;
  }

  function primaryNav() {
    return document.querySelector(".md-sidebar--primary .md-nav--primary");
  }

  function isPane(nav) {
    return nav.classList.contains("md-nav--primary") ||
      !!(nav.parentElement && nav.parentElement.querySelector(":scope > input.md-nav__toggle"));
  }

  function paneOf(element) {
    var nav = element.closest("nav.md-nav");
    while (nav && !isPane(nav)) nav = nav.parentElement.closest("nav.md-nav");
    return nav;
  }

  function childPanes(pane) {
    var panes = [];
    pane.querySelectorAll(":scope > ul > li > input.md-nav__toggle").forEach(function (toggle) {
      var nav = toggle.parentElement.querySelector(":scope > nav.md-nav");
      if (nav) panes.push({ toggle: toggle, nav: nav });
    });
    return panes;
  }

  function topPane(root) {
    var pane = root;
    for (;;) {
      var open = childPanes(pane).filter(function (child) { return child.toggle.checked; });
      if (!open.length) return pane;
      pane = open[0].nav;
    }
  }

  function remember(element) {
    if (!element.hasAttribute("data-a11y-tabindex")) {
      element.setAttribute("data-a11y-tabindex", element.getAttribute("tabindex") === null ? "none" : element.getAttribute("tabindex"));
      element.setAttribute("data-a11y-role", element.getAttribute("role") || "none");
    }
  }

  function restore(element) {
    if (!element.hasAttribute("data-a11y-tabindex")) return;
    var tabindex = element.getAttribute("data-a11y-tabindex");
    var role = element.getAttribute("data-a11y-role");
    if (tabindex === "none") element.removeAttribute("tabindex");
    else element.setAttribute("tabindex", tabindex);
    if (role === "none") element.removeAttribute("role");
    else element.setAttribute("role", role);
    element.removeAttribute("aria-expanded");
    element.removeAttribute("data-a11y-tabindex");
    element.removeAttribute("data-a11y-role");
    if (element.hasAttribute("data-a11y-label")) {
      element.removeAttribute("aria-label");
      element.removeAttribute("data-a11y-label");
    }
  }

  function asButton(element, label) {
    /* A section whose first page is its index shows the page as a link and the toggle as an icon only:
       the toggle is named after that page. */
    if (!label && !element.textContent.trim()) {
      var box = element.closest(".md-nav__container");
      var link = box && box.querySelector("a.md-nav__link");
      if (link) label = "Pages in " + link.textContent.trim();
    }
    remember(element);
    element.setAttribute("tabindex", "0");
    element.setAttribute("role", "button");
    if (label && !element.hasAttribute("aria-label")) {
      element.setAttribute("aria-label", label);
      element.setAttribute("data-a11y-label", "");
    }
    var toggle = document.getElementById(element.getAttribute("for"));
    if (toggle && element.classList.contains("md-nav__link")) element.setAttribute("aria-expanded", String(toggle.checked));
  }

  function syncDrawer() {
    var nav = primaryNav();
    var button = menuButton();
    var toggle = drawer();
    if (!nav || !toggle) return;
    var items = nav.querySelectorAll(NAV_ITEMS);
    nav.querySelectorAll(".a11y-pane-hidden, .a11y-pane-covered, .a11y-pane-top").forEach(function (element) {
      element.classList.remove("a11y-pane-hidden", "a11y-pane-covered", "a11y-pane-top");
    });
    if (button) button.setAttribute("aria-expanded", String(toggle.checked));
    if (!drawerLayout.matches) {
      items.forEach(restore);
      return;
    }
    var current = toggle.checked ? topPane(nav) : null;
    /* Only the pane on top is visible (eguide.css): panes under it and closed panes are hidden for real. */
    if (current) {
      current.classList.add("a11y-pane-top");
      nav.querySelectorAll("nav.md-nav").forEach(function (pane) {
        if (pane === current || !isPane(pane)) return;
        if (pane.contains(current)) {
          var list = pane.querySelector(":scope > ul.md-nav__list");
          var title = pane.querySelector(":scope > label.md-nav__title");
          if (list) list.classList.add("a11y-pane-covered");
          if (title) title.classList.add("a11y-pane-covered");
        } else {
          pane.classList.add("a11y-pane-hidden"); /* closed, or beside the path to the top pane */
        }
      });
      if (nav !== current) {
        var rootList = nav.querySelector(":scope > ul.md-nav__list");
        var rootTitle = nav.querySelector(":scope > label.md-nav__title");
        if (rootList) rootList.classList.add("a11y-pane-covered");
        if (rootTitle) rootTitle.classList.add("a11y-pane-covered");
      }
    }
    items.forEach(function (element) {
      var inCurrent = current !== null && paneOf(element) === current;
      var isLabel = element.tagName === "LABEL";
      if (isLabel && element.getAttribute("for") === "__drawer") return; /* the drawer title holds the logo link */
      if (!inCurrent) {
        remember(element);
        element.setAttribute("tabindex", "-1");
        return;
      }
      if (isLabel) {
        var back = element.classList.contains("md-nav__title");
        asButton(element, back ? "Back: " + element.textContent.trim() : null);
      } else {
        restore(element);
      }
    });
  }

  function firstItem(pane) {
    var items = pane.querySelectorAll(NAV_ITEMS);
    for (var i = 0; i < items.length; i++) {
      if (paneOf(items[i]) === pane && items[i].getAttribute("tabindex") !== "-1" &&
          !items[i].classList.contains("md-nav__title") && items[i].getClientRects().length) return items[i];
    }
    return null;
  }

  function activate(label) {
    var target = label.getAttribute("for");
    var opener = null;
    if (label.classList.contains("md-nav__title") && target !== "__drawer") {
      opener = document.querySelector(".md-nav--primary label.md-nav__link[for='" + target + "']");
    }
    label.click(); /* toggles the checkbox and fires its change event, which Material and syncDrawer follow */
    syncDrawer();
    var nav = primaryNav();
    if (!nav) return;
    if (target === "__drawer") {
      if (drawer().checked) {
        var first = firstItem(topPane(nav));
        if (first) window.setTimeout(function () { first.focus({ preventScroll: true }); }, 0);
      } else if (menuButton()) {
        menuButton().focus();
      }
    } else if (opener) {
      opener.focus({ preventScroll: true });
    } else {
      /* The pane is still sliding in: scrolling it into view now would shift the drawer sideways for good. */
      var item = firstItem(topPane(nav));
      if (item) item.focus({ preventScroll: true });
    }
  }

  document.addEventListener("keydown", function (event) {
    var target = event.target;
    if ((event.key === "Enter" || event.key === " ") && target instanceof HTMLLabelElement &&
        target.getAttribute("role") === "button" && target.hasAttribute("for")) {
      event.preventDefault();
      event.stopPropagation(); /* Material also clicks a focused label on Enter (window listener): click once only */
      activate(target);
      return;
    }
    var search = document.getElementById("__search");
    if (event.key === "Escape" && drawerLayout.matches && drawer() && drawer().checked && !(search && search.checked)) {
      event.preventDefault();
      drawer().click();
      var button = menuButton();
      if (button) button.focus();
    }
  });

  document.addEventListener("change", function (event) {
    if (event.target instanceof HTMLInputElement && event.target.classList.contains("md-toggle")) syncDrawer();
  });

  /* ---- 4. Search results ------------------------------------------------------------------------ */

  /* Material takes result links out of the tab order (arrow keys move through them), so the results box is
     the tab stop that lets keyboard users scroll the results. It is one only while search is open and shows
     results: closed, it is invisible, and a tab stop there would show no focus. */
  function syncSearchResults() {
    var wrap = document.querySelector(".md-search__scrollwrap");
    var toggle = document.getElementById("__search");
    if (!wrap || !toggle) return;
    var results = !!document.querySelector(".md-search-result__list > *");
    wrap.setAttribute("tabindex", toggle.checked && results ? "0" : "-1");
  }

  document.addEventListener("change", function (event) {
    if (event.target instanceof HTMLInputElement && event.target.id === "__search") syncSearchResults();
  });

  function watchSearchResults() {
    var list = document.querySelector(".md-search-result__list");
    if (!list || list.hasAttribute("data-a11y-watched") || typeof MutationObserver === "undefined") return;
    list.setAttribute("data-a11y-watched", "");
    new MutationObserver(syncSearchResults).observe(list, { childList: true });
  }

  /* ---- setup ------------------------------------------------------------------------------- */

  var pending = null;
  window.addEventListener("resize", function () {
    if (pending) window.cancelAnimationFrame(pending);
    pending = window.requestAnimationFrame(markScrollableTables);
  });
  if (drawerLayout.addEventListener) drawerLayout.addEventListener("change", syncDrawer);

  /* After instant navigation the link that had focus is gone and focus falls back to the document, so the
     next Tab would start wherever that link used to be. Like a screen reader user expects of a new page,
     focus moves to the new page's title instead (unless the address points at a section). */
  function focusNewPage() {
    var active = document.activeElement;
    if (location.hash || (active && active !== document.body && document.documentElement.contains(active))) return;
    var title = document.querySelector("article.md-content__inner h1");
    if (!title) return;
    if (!title.hasAttribute("tabindex")) title.setAttribute("tabindex", "-1");
    title.focus({ preventScroll: true });
  }

  var shownPath = null;

  function setup() {
    fixSkipLink();
    markScrollableTables();
    syncDrawer();
    watchSearchResults();
    syncSearchResults();
    if (shownPath !== null && shownPath !== location.pathname) focusNewPage();
    shownPath = location.pathname;
  }

  /* Run on every page (setup is idempotent): on each emission of Material's document$, after Material has
     swapped the new page in, and once on load, because on file:// pages (the offline edition) document$
     completes without ever emitting. */
  if (typeof window.document$ !== "undefined" && window.document$.subscribe) {
    window.document$.subscribe({ next: function () { window.setTimeout(setup, 0); } });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setup);
  } else {
    setup();
  }
})();
