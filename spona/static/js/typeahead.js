// Type-ahead of the directory's search box: names as you type, chosen with the arrow keys and Enter (or a click),
// announced to screen readers. An enhancement only: without this script the search form works the same.
(function () {
  var box = document.querySelector("[data-suggestions-url]");
  if (!box || !window.fetch) { return; }
  var input = box.querySelector("input[type=search], input[type=text]");
  if (!input) { return; }
  var list = document.createElement("ul");
  var status = document.createElement("div");
  var active = -1;
  var timer = null;
  var latest = 0;
  list.id = input.id + "-suggestions";
  list.className = "suggestions";
  list.setAttribute("role", "listbox");
  list.setAttribute("aria-label", box.getAttribute("data-suggestions-label"));
  list.hidden = true;
  status.className = "visually-hidden";
  status.setAttribute("role", "status");
  status.setAttribute("aria-live", "polite");
  box.appendChild(list);
  box.appendChild(status);
  input.setAttribute("role", "combobox");
  input.setAttribute("aria-autocomplete", "list");
  input.setAttribute("aria-expanded", "false");
  input.setAttribute("aria-controls", list.id);
  input.setAttribute("autocomplete", "off");

  function options() { return list.querySelectorAll("[role=option]"); }

  function close() {
    list.hidden = true;
    list.textContent = "";
    active = -1;
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
  }

  function highlight(index) {
    var all = options();
    if (!all.length) { return; }
    active = (index + all.length) % all.length;
    for (var i = 0; i < all.length; i++) { all[i].setAttribute("aria-selected", i === active ? "true" : "false"); }
    input.setAttribute("aria-activedescendant", all[active].id);
  }

  function show(results) {
    close();
    status.textContent = results.length
      ? box.getAttribute("data-suggestions-count").replace("{count}", results.length)
      : box.getAttribute("data-suggestions-none");
    if (!results.length) { return; }
    results.forEach(function (result, index) {
      var item = document.createElement("li");
      var link = document.createElement("a");
      item.id = list.id + "-" + index;
      item.setAttribute("role", "option");
      item.setAttribute("aria-selected", "false");
      link.href = result.url;
      link.tabIndex = -1;
      link.textContent = result.town ? result.name + " (" + result.town + ")" : result.name;
      item.appendChild(link);
      list.appendChild(item);
    });
    list.hidden = false;
    input.setAttribute("aria-expanded", "true");
  }

  function ask() {
    var text = input.value.trim();
    var asked = ++latest;
    if (text.length < 2) { close(); status.textContent = ""; return; }
    var url = box.getAttribute("data-suggestions-url") + "?q=" + encodeURIComponent(text);
    fetch(url, { headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : { results: [] }; })
      .then(function (data) { if (asked === latest) { show(data.results || []); } })
      .catch(function () { close(); });
  }

  input.addEventListener("input", function () {
    window.clearTimeout(timer);
    timer = window.setTimeout(ask, 150);
  });
  input.addEventListener("keydown", function (event) {
    if (list.hidden) { return; }
    if (event.key === "ArrowDown") { event.preventDefault(); highlight(active + 1); }
    else if (event.key === "ArrowUp") { event.preventDefault(); highlight(active - 1); }
    else if (event.key === "Escape") { close(); }
    else if (event.key === "Enter" && active >= 0) {
      event.preventDefault();
      window.location.href = options()[active].querySelector("a").href;
    }
  });
  input.addEventListener("blur", function () { window.setTimeout(close, 200); });
})();
