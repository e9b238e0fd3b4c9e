// Small enhancements only: every page works without this script.
(function () {
  // Change the language as soon as one is chosen (the button stays for keyboard and no-JS users).
  var select = document.getElementById("language-select");
  if (select && select.form) {
    select.addEventListener("change", function () { select.form.submit(); });
  }
  // Move focus to the error summary of a form that came back with errors.
  var errors = document.getElementById("form-errors");
  if (errors) { errors.focus(); }
})();
