// Small enhancements only: every page works without this script.
(function () {
  // Move focus to the error summary of a form that came back with errors.
  var errors = document.getElementById("form-errors");
  if (errors) { errors.focus(); }
})();
