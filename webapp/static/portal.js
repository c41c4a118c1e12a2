// Progressive enhancement only: every page works without this file.
// After htmx swaps content in, move keyboard focus to the new content's heading, so
// keyboard and screen-reader users land where the change happened.
document.addEventListener("htmx:afterSwap", function (event) {
  var target = event.detail.elt;
  var focusable = (target && target.matches && target.matches("[data-focus-after-swap]"))
    ? target
    : document.querySelector("[data-focus-after-swap]");
  if (focusable) {
    focusable.focus();
    focusable.removeAttribute("data-focus-after-swap");
  }
});
