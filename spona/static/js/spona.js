// Small enhancements only: every page works without this script.
(function () {
  // Move focus to the error summary of a form that came back with errors.
  var errors = document.getElementById("form-errors");
  if (errors) { errors.focus(); }

  // A list's filters fold on phones (a <details> closed in the markup, so a phone shows results first even
  // without this script); on a screen wide enough for the sidebar they open by themselves.
  if (window.matchMedia("(min-width: 50rem)").matches) {
    document.querySelectorAll("details.filter-panel").forEach(function (panel) { panel.open = true; });
  }
})();
