// Progressive enhancement only: every page works without this file.
// After htmx swaps content in, move keyboard focus to the new content's heading, so
// keyboard and screen-reader users land where the change happened. Only once it has
// settled: htmx wires up the new content's forms then, and a key pressed on a button it has
// not wired up yet would send its form as an ordinary page load.
document.addEventListener("htmx:afterSettle", function (event) {
  var target = event.detail.elt;
  var focusable = (target && target.matches && target.matches("[data-focus-after-swap]"))
    ? target
    : document.querySelector("[data-focus-after-swap]");
  if (focusable) {
    focusable.focus();
    focusable.removeAttribute("data-focus-after-swap");
  }
});

// An htmx request that fails must never fail silently: say so in the live region of
// base.html (#htmx-problem), in the page's language (its data- attributes hold the texts).
// An expired session is not an error here: the server answers with HX-Redirect to sign in.
(function () {
  function box() { return document.getElementById("htmx-problem"); }

  // The server's own explanation, if the error response is its error fragment
  // (templates/errors/_message.html); parsed inertly, never inserted as HTML.
  function serverDetail(xhr) {
    if (!xhr || !xhr.responseText) { return ""; }
    var doc = new DOMParser().parseFromString(xhr.responseText, "text/html");
    var summary = doc.querySelector(".error-summary");
    if (!summary) { return ""; }
    var lines = [];
    summary.querySelectorAll("p").forEach(function (p) {
      var text = p.textContent.trim();
      if (text) { lines.push(text); }
    });
    return lines.join(" ");
  }

  function show(general, detail) {
    var problem = box();
    if (!problem) { return; }
    var text = problem.querySelector(".htmx-problem-text");
    text.textContent = "";
    [general, detail].forEach(function (line) {
      if (!line) { return; }
      var p = document.createElement("p");
      p.textContent = line;
      text.appendChild(p);
    });
    problem.classList.add("is-shown");
    problem.querySelector(".htmx-problem-close").hidden = false;
  }

  function hide() {
    var problem = box();
    if (!problem || !problem.classList.contains("is-shown")) { return; }
    problem.querySelector(".htmx-problem-text").textContent = "";
    problem.querySelector(".htmx-problem-close").hidden = true;
    problem.classList.remove("is-shown");
  }

  document.addEventListener("htmx:responseError", function (event) {
    var problem = box();
    if (problem) { show(problem.dataset.responseError, serverDetail(event.detail.xhr)); }
  });
  ["htmx:sendError", "htmx:timeout"].forEach(function (name) {
    document.addEventListener(name, function () {
      var problem = box();
      if (problem) { show(problem.dataset.sendError, ""); }
    });
  });
  // A later request that works makes the old message wrong.
  document.addEventListener("htmx:afterRequest", function (event) {
    if (event.detail.successful) { hide(); }
  });
  document.addEventListener("click", function (event) {
    if (event.target.closest && event.target.closest(".htmx-problem-close")) { hide(); }
  });
})();

// A table wider than the screen scrolls inside its own labelled region (.table-wrap);
// say so above it, only while it is wider (the text comes translated from <main>).
(function () {
  var count = 0;
  function hintTables() {
    var main = document.getElementById("main");
    if (!main || !main.dataset.tableHint) { return; }
    document.querySelectorAll(".table-wrap").forEach(function (wrap) {
      var hint = wrap.previousElementSibling;
      if (!hint || !hint.classList.contains("table-hint")) {
        hint = document.createElement("p");
        hint.className = "table-hint";
        hint.id = "table-hint-" + (++count);
        hint.textContent = main.dataset.tableHint;
        wrap.parentNode.insertBefore(hint, wrap);
      }
      var wide = wrap.scrollWidth > wrap.clientWidth + 1;
      hint.hidden = !wide;
      var described = (wrap.getAttribute("aria-describedby") || "").split(" ").filter(function (id) {
        return id && id !== hint.id;
      });
      if (wide) { described.push(hint.id); }
      if (described.length) {
        wrap.setAttribute("aria-describedby", described.join(" "));
      } else {
        wrap.removeAttribute("aria-describedby");
      }
    });
  }
  document.addEventListener("DOMContentLoaded", hintTables);
  // Measure again once every stylesheet has been applied: the components' cell padding
  // can make a table wider than it was when the document was parsed.
  window.addEventListener("load", hintTables);
  document.addEventListener("htmx:afterSettle", hintTables);
  // A message about a failed request appears above the tables without a swap (the handlers
  // above run first): the room left for a table may have changed.
  ["htmx:responseError", "htmx:sendError", "htmx:timeout", "htmx:afterRequest"].forEach(
    function (name) { document.addEventListener(name, hintTables); }
  );
  window.addEventListener("resize", hintTables);
  // A table inside a closed <details> has no width until it is opened: measure again then.
  document.addEventListener("toggle", hintTables, true);
})();
