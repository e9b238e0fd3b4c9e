// Small enhancements only: every page works without this script.
(function () {
  var script = document.currentScript;

  // Move focus to the error summary of a form that came back with errors.
  var errors = document.getElementById("form-errors");
  if (errors) { errors.focus(); }

  // A list's filters fold on phones (a <details> closed in the markup, so a phone shows results first even
  // without this script); on a screen wide enough for the sidebar they open by themselves.
  if (window.matchMedia("(min-width: 50rem)").matches) {
    document.querySelectorAll("details.filter-panel").forEach(function (panel) { panel.open = true; });
  }

  // Long lists to choose several from: a plain <select multiple> becomes a search with the chosen ones as chips
  // (Tom Select, vendored and loaded only where such a list is). Its words come from the select's data attributes.
  var searchable = document.querySelectorAll("select[data-searchable]");
  if (searchable.length && script) {
    var style = document.createElement("link");
    style.rel = "stylesheet";
    style.href = script.dataset.tomSelectCss;
    document.head.insertBefore(style, document.head.querySelector("link[rel=stylesheet]"));  // spona.css restyles it
    var library = document.createElement("script");
    library.src = script.dataset.tomSelect;
    library.onload = function () { searchable.forEach(enhanceSelect); };
    document.head.appendChild(library);
  }

  function enhanceSelect(select) {
    var words = select.dataset;
    var search = new window.TomSelect(select, {
      plugins: { remove_button: { title: words.remove } },
      placeholder: words.placeholder,
      hidePlaceholder: true,
      setFirstOptionActive: true,  // typing then Enter picks the first match,
      refreshThrottle: 0,  // at once: a few hundred choices filter in no time, and a quick Enter meets the new list
      maxOptions: null,
      closeAfterSelect: false,
      render: {
        no_results: function () {
          var message = document.createElement("div");
          message.className = "no-results";
          message.textContent = words.noResults;
          return message;
        }
      }
    });
    // A combobox's popup is a listbox by definition; with aria-haspopup too, axe cannot tell whether aria-controls
    // points at it and asks a person to check.
    search.focus_node.removeAttribute("aria-haspopup");
    select.setAttribute("aria-hidden", "true");  // kept for the form, out of reach (tabindex -1): the search speaks for it
    var hint = select.parentNode.querySelector(".select-hint");
    if (hint) { hint.hidden = true; }
  }
})();
